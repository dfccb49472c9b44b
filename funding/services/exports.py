"""A round's applications as CSV or XLSX for the funder: the status and the province as
people read them (Dutch labels, not the stored codes), amounts as whole euros."""

from django.utils.translation import gettext as _

from funding.models import Application
from ido_platform.core import exports
from ido_platform.core.models import Province


def _cell(value):
    if value is None:
        return ""
    return int(value) if hasattr(value, "as_tuple") else value


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
    statuses = dict(Application.Status.choices)
    provinces = dict(Province.choices)
    return header, [
        [
            name,
            str(provinces.get(province, province or "")),
            str(statuses.get(status, status)),
            *(_cell(value) for value in amounts),
        ]
        for name, province, status, *amounts in data
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
