"""The one iCalendar preamble for every .ics the platform hands out (course meetings in
messages and feeds, audit visits), so each calendar names the platform the same way."""

import icalendar


def new_calendar(product, *, name=None):
    """An empty iCalendar 2.0 from the IDO-platform; ``product`` names the part that made it
    (``Cursussen``, ``Kwaliteitstoetsing``), ``name`` is the title a calendar app shows."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//IDO-platform//{product}//NL")
    calendar.add("version", "2.0")
    if name:
        calendar.add("x-wr-calname", name)
    return calendar
