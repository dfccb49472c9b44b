"""Messages to participants, written to the outbox in the caller's transaction.

The channel follows the contact details (``channel_for``): e-mail when there is an address;
SMS when there is only a Dutch mobile number and an SMS backend is configured
(``ido_platform.core.sms.is_enabled``). Otherwise the coordinator phones the person: the
participant list says who gets a text and who must be phoned. Every message has a short
B1 text for SMS that stays within three GSM-7 segments (``sms.MAX_LENGTH``).
"""

from datetime import UTC

import icalendar

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ido_platform.core import sms
from ido_platform.core.models import Message
from ido_platform.core.outbox import queue_message

CANCEL_SALT = "courses.enrolment.cancel"
CONFIRMATION_SALT = "courses.enrolment.confirmation"


def cancel_token(enrolment):
    """The signed token in a personal cancel link (no login needed)."""
    return signing.dumps(str(enrolment.uuid), salt=CANCEL_SALT, compress=True)


def confirmation_token(enrolment):
    return signing.dumps(str(enrolment.uuid), salt=CONFIRMATION_SALT, compress=True)


def uuid_from_token(token, salt):
    """The enrolment uuid in a token, or None when the token was tampered with."""
    try:
        return signing.loads(token, salt=salt)
    except signing.BadSignature:
        return None


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def cancel_path(enrolment):
    return reverse("courses:cancel", args=[cancel_token(enrolment)])


def confirmation_path(enrolment):
    return reverse("courses:confirmation", args=[confirmation_token(enrolment)])


def cancel_url(enrolment):
    return absolute(cancel_path(enrolment))


def confirmation_url(enrolment):
    return absolute(confirmation_path(enrolment))


def meeting_lines(run):
    lines = []
    for meeting in run.meetings.all():
        start = timezone.localtime(meeting.starts_at)
        end = timezone.localtime(meeting.ends_at)
        lines.append(
            "- "
            + _("%(day)s van %(start)s tot %(end)s uur")
            % {
                "day": date_format(start, "l j F Y"),
                "start": start.strftime("%H:%M"),
                "end": end.strftime("%H:%M"),
            }
        )
    return "\n".join(lines)


def location_line(run):
    location = run.location
    parts = [location.name, location.street_address, f"{location.postcode} {location.town}"]
    return ", ".join(part.strip() for part in parts if part and part.strip())


def calendar_for(run, *, name=None):
    """An iCalendar with one event per meeting of ``run`` (for the .ics attachment)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//IDO-platform//Cursussen//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name or run.course.title)
    add_run_events(calendar, run)
    return calendar


def add_run_events(calendar, run):
    meetings = list(run.meetings.all())
    for number, meeting in enumerate(meetings, start=1):
        event = icalendar.Event()
        event.add("uid", f"bijeenkomst-{meeting.pk}@ido-platform")
        event.add(
            "summary",
            _("%(course)s (les %(number)s van %(total)s)")
            % {"course": run.course.title, "number": number, "total": len(meetings)},
        )
        event.add("dtstart", meeting.starts_at.astimezone(UTC))
        event.add("dtend", meeting.ends_at.astimezone(UTC))
        event.add("dtstamp", timezone.now().astimezone(UTC))
        event.add("location", location_line(run))
        if run.status == run.Status.CANCELLED:
            event.add("status", "CANCELLED")
        calendar.add_component(event)


def ics_attachment(run):
    return {
        "filename": "cursus.ics",
        "content": calendar_for(run).to_ical().decode(),
        "mimetype": "text/calendar",
    }


def channel_for(enrolment):
    """How messages reach this person: e-mail, SMS, or None (the coordinator phones)."""
    if enrolment.contact_email:
        return Message.Channel.EMAIL
    if sms.is_enabled() and sms.is_mobile_number(enrolment.phone):
        return Message.Channel.SMS
    return None


def _send(enrolment, *, kind, subject, body, sms_text, attachments=()):
    """Queue one message to the person on the best channel they gave us. ``sms_text`` makes
    the short text, only when it is needed."""
    channel = channel_for(enrolment)
    if channel == Message.Channel.EMAIL:
        return queue_message(
            recipient=enrolment.contact_email,
            subject=subject,
            body=body,
            kind=kind,
            attachments=attachments,
            regarding=enrolment,
        )
    if channel == Message.Channel.SMS:
        # The number as typed, so anonymising the run finds the message; the channel
        # turns it into +316... for the gateway.
        return queue_message(
            recipient=enrolment.phone,
            subject=subject,
            body=sms.gsm7(sms_text()),
            kind=kind,
            channel=Message.Channel.SMS,
            regarding=enrolment,
        )
    return None


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


def _first_lesson_at(run):
    """The next meeting still to come (a promotion can come after the run has started),
    else the run's first."""
    now = timezone.now()
    upcoming = [m.starts_at for m in run.meetings.all() if m.starts_at > now]
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


def _sms_cancel_link(enrolment):
    return _("Kunt u niet komen? Meld u af: %(url)s") % {"url": cancel_url(enrolment)}


def _sms_seat(enrolment, opening):
    """The text for someone with a seat: ``opening``, the first lesson and where, and the
    cancel link."""
    run = enrolment.run
    cancel_link, first_lesson = _sms_cancel_link(enrolment), _when(_first_lesson_at(run))
    return _sms_with_place(
        run,
        lambda place: " ".join(
            [
                opening,
                _("Eerste les: %(when)s. Adres: %(place)s.")
                % {"when": first_lesson, "place": place},
                cancel_link,
            ]
        ),
    )


def _greeting(enrolment):
    return _("Beste %(name)s,") % {"name": enrolment.display_name}


def _footer(enrolment):
    return "\n".join(
        [
            "",
            _("Kunt u niet komen? Meld u dan af met deze link:"),
            cancel_url(enrolment),
            "",
            _("Met vriendelijke groet,"),
            enrolment.run.location.name,
        ]
    )


def enrolled(enrolment):
    """The confirmation: a seat (with the .ics of all meetings) or a place on the waitlist."""
    run = enrolment.run
    course = run.course.title
    companions = list(enrolment.companions.all())
    with_companion = (
        _("U komt samen met %(name)s.") % {"name": companions[0].name} if companions else ""
    )
    if enrolment.status == enrolment.Status.CONFIRMED:
        subject = _("Aangemeld: %(course)s") % {"course": course}
        body = "\n".join(
            line
            for line in [
                _greeting(enrolment),
                "",
                _("U bent aangemeld voor %(course)s bij %(place)s.")
                % {"course": course, "place": location_line(run)},
                with_companion,
                "",
                _("De lessen:"),
                meeting_lines(run),
                "",
                _("In de bijlage staan alle lessen voor uw agenda."),
                _footer(enrolment),
            ]
            if line is not None
        )
        return _send(
            enrolment,
            kind="course_confirmation",
            subject=subject,
            body=body,
            sms_text=lambda: _sms_seat(
                enrolment, _("U bent aangemeld voor %(course)s.") % {"course": _short(course)}
            ),
            attachments=[ics_attachment(run)],
        )
    subject = _("Wachtlijst: %(course)s") % {"course": course}
    body = "\n".join(
        [
            _greeting(enrolment),
            "",
            _("De cursus %(course)s bij %(place)s is vol. U staat op de wachtlijst.")
            % {"course": course, "place": location_line(run)},
            with_companion,
            _("Komt er een plaats vrij? Dan krijgt u direct bericht."),
            _footer(enrolment),
        ]
    )
    return _send(
        enrolment,
        kind="course_waitlisted",
        subject=subject,
        body=body,
        sms_text=lambda: " ".join(
            [
                _(
                    "%(course)s is vol. U staat op de wachtlijst. "
                    "Komt er een plaats vrij? Dan krijgt u een sms."
                )
                % {"course": _short(course)},
                _sms_cancel_link(enrolment),
            ]
        ),
    )


def promoted(enrolment):
    """Good news for the next person on the waitlist."""
    run = enrolment.run
    course = run.course.title
    subject = _("Er is een plaats vrij: %(course)s") % {"course": course}
    body = "\n".join(
        [
            _greeting(enrolment),
            "",
            _("Er is een plaats vrijgekomen. U bent nu aangemeld voor %(course)s bij %(place)s.")
            % {"course": course, "place": location_line(run)},
            "",
            _("De lessen:"),
            meeting_lines(run),
            _footer(enrolment),
        ]
    )
    return _send(
        enrolment,
        kind="course_promoted",
        subject=subject,
        body=body,
        sms_text=lambda: _sms_seat(
            enrolment,
            _("Er is een plaats vrij. U bent aangemeld voor %(course)s.")
            % {"course": _short(course)},
        ),
        attachments=[ics_attachment(run)],
    )


def cancelled(enrolment):
    run = enrolment.run
    subject = _("Afgemeld: %(course)s") % {"course": run.course.title}
    body = "\n".join(
        [
            _greeting(enrolment),
            "",
            _("U bent afgemeld voor %(course)s. Jammer dat u niet komt.")
            % {"course": run.course.title},
            _("Wilt u later toch meedoen? Meld u dan opnieuw aan."),
            "",
            _("Met vriendelijke groet,"),
            run.location.name,
        ]
    )
    return _send(
        enrolment,
        kind="course_cancelled",
        subject=subject,
        body=body,
        sms_text=lambda: (
            _(
                "U bent afgemeld voor %(course)s. Wilt u later toch meedoen? "
                "Meld u dan opnieuw aan. Groet, %(library)s"
            )
            % {"course": _short(run.course.title), "library": _short(run.location.name, 100)}
        ),
    )


def run_cancelled(enrolment, reason=""):
    run = enrolment.run
    subject = _("Gaat niet door: %(course)s") % {"course": run.course.title}
    body = "\n".join(
        [
            _greeting(enrolment),
            "",
            _("Helaas gaat de cursus %(course)s bij %(place)s niet door.")
            % {"course": run.course.title, "place": location_line(run)},
            reason,
            _(
                "Wij zoeken graag samen met u een andere groep. "
                "Bel of kom langs bij de bibliotheek."
            ),
            "",
            _("Met vriendelijke groet,"),
            run.location.name,
        ]
    )
    return _send(
        enrolment,
        kind="course_run_cancelled",
        subject=subject,
        body=body,
        sms_text=lambda: (
            _(
                "Helaas gaat %(course)s bij %(library)s niet door. Wilt u in een andere groep? "
                "Bel of kom langs bij de bibliotheek."
            )
            % {"course": _short(run.course.title), "library": _short(run.location.name, 100)}
        ),
    )


def reminder(enrolment, meeting):
    """A reminder before one meeting."""
    run = enrolment.run
    when = _when(meeting.starts_at)
    subject = _("Herinnering: %(course)s, %(when)s") % {"course": run.course.title, "when": when}
    body = "\n".join(
        [
            _greeting(enrolment),
            "",
            _("Denk aan uw les van %(course)s: %(when)s.")
            % {"course": run.course.title, "when": when},
            _("Adres: %(place)s") % {"place": location_line(run)},
            run.course.what_to_bring,
            _footer(enrolment),
        ]
    )

    def sms_text():
        cancel_link = _sms_cancel_link(enrolment)
        return _sms_with_place(
            run,
            lambda place: " ".join(
                [
                    _("Herinnering: uw les %(course)s is op %(when)s. Adres: %(place)s.")
                    % {"course": _short(run.course.title), "when": when, "place": place},
                    cancel_link,
                ]
            ),
        )

    return _send(
        enrolment,
        kind="course_reminder",
        subject=subject,
        body=body,
        sms_text=sms_text,
    )
