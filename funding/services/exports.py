"""A round's applications as CSV or XLSX for the funder."""

from django.utils.translation import gettext as _

from funding.models import Application
from ido_platform.core import exports


def rows(subsidy_round):
    header = [
        _("organisatie"),
        _("provincie"),
        _("status"),
        _("inwoners"),
        _("formule"),
        _("verleend"),
        _("voorschot"),
        _("vastgesteld"),
        _("terugvordering"),
    ]
    data = (
        Application.objects.filter(round=subsidy_round)
        .order_by("organisation__name")
        .values_list(
            "organisation__name",
            "organisation__province",
            "status",
            "inhabitants",
            "formula_amount",
            "granted_amount",
            "advance_amount",
            "settled_amount",
            "reclaim_amount",
        )
    )
    return header, [
        ["" if v is None else (int(v) if hasattr(v, "as_tuple") else v) for v in row]
        for row in data
    ]


def response(subsidy_round, fmt):
    header, data = rows(subsidy_round)
    return exports.response(
        fmt,
        f"subsidie-{subsidy_round.slug}",
        [str(h) for h in header],
        data,
        sheet_title=_("Aanvragen"),
    )
