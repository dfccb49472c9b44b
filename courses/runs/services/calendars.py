"""Calendar files for course runs: one event per meeting, for the .ics attachment of a
confirmation and for a location's public feed."""

from datetime import UTC

from django.utils import timezone
from django.utils.translation import gettext as _

from ido_platform.core.calendars import new_calendar, new_event

PRODUCT = "Cursussen"


def location_line(run):
    """Where the run meets, on one line: name, street, postcode and town."""
    location = run.location
    parts = [location.name, location.street_address, f"{location.postcode} {location.town}"]
    return ", ".join(part.strip() for part in parts if part and part.strip())


def calendar_for(run, *, name=None):
    """An iCalendar with one event per meeting of ``run`` (for the .ics attachment)."""
    calendar = new_calendar(PRODUCT, name=name or run.course.title)
    add_run_events(calendar, run)
    return calendar


def add_run_events(calendar, run):
    meetings = list(run.meetings.all())
    for number, meeting in enumerate(meetings, start=1):
        event = new_event()
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
