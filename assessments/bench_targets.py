"""Pages of the quality audits that `make bench` measures (see scripts/bench.py)."""

from assessments.models import Audit


def targets():
    audit = (
        Audit.objects.filter(
            auditors__username="auditor", status__in=("planned", "self_assessment", "in_progress")
        )
        .order_by("pk")
        .first()
    )
    found = []
    found.append(
        {
            "name": "Kwaliteit: landelijk dashboard",
            "path": "/kwaliteit/dashboard/",
            "username": "landelijk",
        }
    )
    if audit is not None:
        theme = audit.version.themes.order_by("sort_order").first()
        found.append(
            {
                "name": "Kwaliteit: scoreformulier (tablet)",
                "path": f"/kwaliteit/audits/{audit.pk}/scoren/{theme.key}/",
                "username": "auditor",
            }
        )
    return found
