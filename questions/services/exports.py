"""CSV and XLSX downloads: the monitor's tables (small numbers hidden as on the page) and
one row per question in the column layout of the national registration form (own library
only). Written through the project's one export helper (``ido_platform.core.exports``)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ido_platform.core import exports
from questions.models import Question
from questions.services.suppression import threshold


def _cell(value):
    if value is None:
        return _("< %(n)s") % {"n": threshold()}
    return value


def _respond(rows, fmt, filename, *, stream=False):
    """``rows`` starts with its header row."""
    rows = iter(rows)
    header = [str(value) for value in next(rows)]
    return exports.response(fmt, filename, header, rows, sheet_title=_("Vragen"), stream=stream)


def figure_rows(figures):
    yield [_("Tabel"), _("Omschrijving"), _("Aantal vragen")]
    for row in figures.series:
        yield [_("Per periode"), row["period"], _cell(row["count"])]
    yield [_("Per periode"), _("Totaal"), _cell(figures.total)]
    for title, rows in (
        (_("Onderwerp"), figures.topics),
        (_("Soort vraag"), figures.kinds),
        (_("Kanaal"), figures.channels),
        (_("Doorverwezen naar"), figures.referrals),
        (_("Organisatie"), figures.organisations),
    ):
        for row in rows:
            yield [title, str(row["label"]), _cell(row["count"])]


def figures_response(figures, fmt):
    return _respond(list(figure_rows(figures)), fmt, "vraagcijfers")


NATIONAL_COLUMNS = [
    gettext_lazy("Datum"),
    gettext_lazy("Uur"),
    gettext_lazy("Bibliotheek"),
    gettext_lazy("Locatie"),
    gettext_lazy("Gemeente"),
    gettext_lazy("Provincie"),
    gettext_lazy("Kanaal"),
    gettext_lazy("Bezoek"),
    gettext_lazy("Vraagnummer"),
    gettext_lazy("Soort vraag"),
    gettext_lazy("Onderwerp"),
    gettext_lazy("Organisatie"),
    gettext_lazy("DigiD"),
    gettext_lazy("Wat is er gedaan"),
    gettext_lazy("Doorverwezen naar"),
    gettext_lazy("Duur"),
]


def question_rows(locations, selection):
    """One row per question of the selection's period at ``locations``."""
    yield [str(column) for column in NATIONAL_COLUMNS]
    questions = (
        Question.objects.filter(
            visit__location__in=locations,
            visit__deleted_at__isnull=True,
            visit__day__gte=selection.start,
            visit__day__lte=selection.end,
        )
        .select_related("visit__location__organisation", "topic")
        .prefetch_related("service_providers")
        .order_by("visit__day", "visit_id", "position")
    )
    for question in questions.iterator(chunk_size=2000):
        visit = question.visit
        organisations = [p.abbreviation or p.name for p in question.service_providers.all()]
        if question.other_organisation:
            organisations.append(question.get_other_organisation_display())
        yield [
            visit.day.isoformat(),
            "" if visit.hour is None else visit.hour,
            visit.location.organisation.name,
            visit.location.name,
            visit.location.municipality,
            visit.location.get_province_display(),
            visit.get_channel_display(),
            str(visit.client_id)[:8],
            question.position,
            question.get_kind_display(),
            question.topic.name if question.topic else "",
            ", ".join(organisations),
            question.get_digid_follow_up_display(),
            question.get_action_display(),
            question.get_referred_to_display(),
            question.get_duration_display(),
        ]


def questions_response(locations, selection, fmt):
    return _respond(question_rows(locations, selection), fmt, "vragen", stream=fmt == "csv")
