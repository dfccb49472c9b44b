"""Messages to participants, written to the outbox in the caller's transaction.

The texts are templates an editor can change, one folder per message under
``templates/courses/messages/`` (``subject.txt``, ``body.txt`` for e-mail, ``sms.txt``
for a text). Every message has a short B1 text for SMS that stays within three GSM-7
segments (``sms.MAX_LENGTH``): this module fits the place into it. The channel is chosen
in ``channels``, the personal links come from ``tokens`` and the .ics from ``calendars``.
"""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from courses.runs.services import channels, tokens
from courses.runs.services.calendars import ics_attachment, location_line
from ido_platform.core import sms

__all__ = ["cancelled", "enrolled", "location_line", "promoted", "reminder", "run_cancelled"]


def _render(kind, part, context):
    return render_to_string(f"courses/messages/{kind}/{part}.txt", context).strip()


def _short(value, limit=50):
    """``value`` cut to ``limit`` characters (a course title an editor made very long)."""
    value = " ".join(str(value).split())
    return value if len(value) <= limit else value[: limit - 3].rstrip() + "..."


def _when(meeting_start):
    start = timezone.localtime(meeting_start)
    return _("%(day)s om %(time)s uur") % {
        "day": date_format(start, "l j F"),
        "time": start.strftime("%H:%M"),
    }


def _first_lesson_at(run, meetings):
    """The next of ``meetings`` still to come (a promotion can come after the run has
    started), else the run's first."""
    now = timezone.now()
    upcoming = [m.starts_at for m in meetings if m.starts_at > now]
    return upcoming[0] if upcoming else run.first_meeting_at


def _sms_with_place(run, text):
    """``text(place)`` with the run's name and address. When the text would outgrow three
    SMS (sms.MAX_LENGTH) the library's name is cut first, so the street and town stay
    whole and a long place never pushes out the cancel link."""
    room = max(sms.MAX_LENGTH - sms.gsm7_length(sms.gsm7(text(""))), 20)
    name = sms.gsm7(run.location.name.strip())
    address = sms.gsm7(location_line(run))[len(name) + 2 :]
    if len(name) + 2 + len(address) > room:
        name = _short(name, max(room - len(address) - 2, 20))
    return text(_short(", ".join(part for part in (name, address) if part), room))


def _context(enrolment, **extra):
    """What every message template may use."""
    run = enrolment.run
    return {
        "name": enrolment.display_name,
        "course": run.course.title,
        "short_course": _short(run.course.title),
        "place": location_line(run),
        "library": run.location.name,
        "short_library": _short(run.location.name, 100),
        "cancel_url": tokens.cancel_url(enrolment),
        **extra,
    }


def _send(enrolment, message, context, *, kind, sms_with_place=False, attachments=()):
    """Render the message folder ``message`` and queue it on the person's channel."""

    def sms_text():
        if not sms_with_place:
            return _render(message, "sms", context)
        return _sms_with_place(
            enrolment.run, lambda place: _render(message, "sms", {**context, "place": place})
        )

    return channels.send(
        enrolment,
        kind=kind,
        subject=_render(message, "subject", context),
        body=_render(message, "body", context),
        sms_text=sms_text,
        attachments=attachments,
    )


def enrolled(enrolment):
    """The confirmation: a seat (with the .ics of all meetings) or a place on the waitlist."""
    run = enrolment.run
    companions = list(enrolment.companions.all())
    meetings = list(run.meetings.all())
    context = _context(
        enrolment,
        companion=companions[0].name if companions else "",
        meetings=meetings,
        when=_when(_first_lesson_at(run, meetings)),
    )
    if enrolment.status == enrolment.Status.CONFIRMED:
        return _send(
            enrolment,
            "confirmation",
            context,
            kind="course_confirmation",
            sms_with_place=True,
            attachments=[ics_attachment(run)],
        )
    return _send(enrolment, "waitlisted", context, kind="course_waitlisted")


def promoted(enrolment):
    """Good news for the next person on the waitlist."""
    run = enrolment.run
    meetings = list(run.meetings.all())
    context = _context(enrolment, meetings=meetings, when=_when(_first_lesson_at(run, meetings)))
    return _send(
        enrolment,
        "promoted",
        context,
        kind="course_promoted",
        sms_with_place=True,
        attachments=[ics_attachment(run)],
    )


def cancelled(enrolment):
    return _send(enrolment, "cancelled", _context(enrolment), kind="course_cancelled")


def run_cancelled(enrolment, reason=""):
    return _send(
        enrolment,
        "run_cancelled",
        _context(enrolment, reason=reason),
        kind="course_run_cancelled",
    )


def reminder(enrolment, meeting):
    """A reminder before one meeting."""
    context = _context(
        enrolment,
        when=_when(meeting.starts_at),
        what_to_bring=enrolment.run.course.what_to_bring,
    )
    return _send(enrolment, "reminder", context, kind="course_reminder", sms_with_place=True)
