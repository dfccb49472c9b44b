"""CSV and XLSX downloads: the monitor's tables (small numbers hidden as on the page) and
one row per question in the column layout of the national registration form (own library
only). A local helper for now; the shared export helper can replace ``_respond``."""

import csv
import io

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from questions.models import Question
from questions.services.suppression import threshold

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _cell(value):
    if value is None:
        return _("< %(n)s") % {"n": threshold()}
    return value


def _safe(value):
    """Spreadsheet formula injection: a text cell starting with = + - @ is prefixed."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _respond(rows, fmt, filename):
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(_("Vragen"))
        for row in rows:
            sheet.append([_safe(value) for value in row])
        buffer = io.BytesIO()
        workbook.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=CONTENT_TYPES["xlsx"])
    else:
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        for row in rows:
            writer.writerow([_safe(value) for value in row])
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type=CONTENT_TYPES["csv"])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


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
    if fmt == "csv":
        pseudo = _Echo()
        writer = csv.writer(pseudo, delimiter=";")
        response = StreamingHttpResponse(
            (
                writer.writerow([_safe(v) for v in row])
                for row in question_rows(locations, selection)
            ),
            content_type=CONTENT_TYPES["csv"],
        )
        response["Content-Disposition"] = 'attachment; filename="vragen.csv"'
        return response
    return _respond(question_rows(locations, selection), fmt, "vragen")


class _Echo:
    def write(self, value):
        return value
