"""Figures per library, course and month: enrolments, attendance, completion, waitlist.

Built only from columns that survive anonymisation (status, dates, attendance), so the
figures stay the same after personal data is deleted.
"""

from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from courses.runs.models import Attendance, Enrolment

COLUMNS = [
    ("library", _("Bibliotheek")),
    ("course", _("Cursus")),
    ("month", _("Maand")),
    ("enrolments", _("Aanmeldingen")),
    ("seated", _("Met een plaats")),
    ("waitlisted", _("Op de wachtlijst")),
    ("cancelled", _("Afgemeld")),
    ("completed", _("Afgerond")),
    ("no_show", _("Niet gekomen")),
    ("attended", _("Aanwezig (lessen)")),
    ("absent", _("Afwezig (lessen)")),
    ("attendance_rate", _("Aanwezigheid (%)")),
    ("completion_rate", _("Afgerond (%)")),
]

_COUNTS = {
    "enrolments": Count("pk"),
    "seated": Count("pk", filter=Q(status__in=Enrolment.SEAT_STATUSES)),
    "waitlisted": Count("pk", filter=Q(status=Enrolment.Status.WAITLISTED)),
    "cancelled": Count("pk", filter=Q(status=Enrolment.Status.CANCELLED)),
    "completed": Count("pk", filter=Q(status=Enrolment.Status.COMPLETED)),
    "no_show": Count("pk", filter=Q(status=Enrolment.Status.NO_SHOW)),
}


def figures(enrolments):
    """Totals over a queryset of enrolments (two queries)."""
    totals = enrolments.aggregate(**_COUNTS)
    attendance = Attendance.objects.filter(enrolment__in=enrolments).aggregate(
        attended=Count("pk", filter=Q(present=True)), absent=Count("pk", filter=Q(present=False))
    )
    return _with_rates({**totals, **attendance})


def _with_rates(row):
    marked = row["attended"] + row["absent"]
    row["attendance_rate"] = round(100 * row["attended"] / marked) if marked else None
    row["completion_rate"] = (
        round(100 * row["completed"] / row["seated"]) if row["seated"] else None
    )
    return row


def rows(enrolments):
    """One row per library, course and month (of the run's first meeting), sorted; two
    queries however many enrolments there are."""
    group = {
        "library": F("run__location__organisation__name"),
        "course": F("run__course__title"),
        "month": TruncMonth("run__first_meeting_at", tzinfo=timezone.get_current_timezone()),
    }
    counted = enrolments.values(**group).annotate(**_COUNTS).order_by("library", "course", "month")
    attendance = {
        (row["library"], row["course"], row["month"]): row
        for row in Attendance.objects.filter(enrolment__in=enrolments)
        .values(
            library=F("enrolment__run__location__organisation__name"),
            course=F("enrolment__run__course__title"),
            month=TruncMonth(
                "enrolment__run__first_meeting_at", tzinfo=timezone.get_current_timezone()
            ),
        )
        .annotate(
            attended=Count("pk", filter=Q(present=True)),
            absent=Count("pk", filter=Q(present=False)),
        )
    }
    result = []
    for row in counted:
        marked = attendance.get((row["library"], row["course"], row["month"]), {})
        row = {**row, "attended": marked.get("attended", 0), "absent": marked.get("absent", 0)}
        row["month"] = row["month"].strftime("%Y-%m") if row["month"] else ""
        result.append(_with_rates(row))
    return result
