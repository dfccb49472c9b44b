"""The one iCalendar preamble for every .ics the platform hands out (course meetings in
messages and feeds, audit visits), so each calendar names the platform the same way.

This is the only module that uses the icalendar library, and it imports it when a calendar
is made rather than at start-up: most web requests make none, and the library costs a web
worker about 4 MB it would otherwise carry from its first request (issue 12's memory budget).
"""


def new_calendar(product, *, name=None):
    """An empty iCalendar 2.0 from the IDO-platform; ``product`` names the part that made it
    (``Cursussen``, ``Kwaliteitstoetsing``), ``name`` is the title a calendar app shows."""
    import icalendar

    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//IDO-platform//{product}//NL")
    calendar.add("version", "2.0")
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def new_event():
    """An empty iCalendar event, to fill in and add to a ``new_calendar``."""
    import icalendar

    return icalendar.Event()
