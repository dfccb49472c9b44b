"""The bewijs van deelname (certificate of participation) for a citizen who completed a
course, as a PDF in the platform's certificate layout (``ido_platform.core.pdf``).

The PDF is one small page, so it is made in the request that asks for it: no Celery task
and no stored file. It holds the name and nothing else about the person: no contact
details, and not the teacher's name either.
"""

from django.utils import formats, timezone
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from courses.runs.models import Enrolment
from ido_platform.core import pdf
from ido_platform.core.errors import ServiceRefusal


class NotCertifiable(ServiceRefusal):
    """No bewijs van deelname can be made for this enrolment."""


class NotCompleted(NotCertifiable):
    """A bewijs van deelname is only for someone who completed the course."""

    default_message = gettext_lazy("Een bewijs van deelname is er pas als de cursus is afgerond.")


class Anonymised(NotCertifiable):
    """The person's name was removed after the retention period: no certificate can name
    them any more (410: it is gone for good)."""

    status = 410
    default_message = gettext_lazy(
        "De gegevens van deze deelnemer zijn verwijderd, omdat de bewaartermijn voorbij "
        "is. Er kan geen bewijs van deelname meer worden gemaakt."
    )


def _day(moment):
    return formats.date_format(timezone.localtime(moment).date(), "j F Y")


def attended_meetings(enrolment):
    """The meetings of the run the person was marked present at, in order."""
    return list(
        enrolment.run.meetings.filter(attendance__enrolment=enrolment, attendance__present=True)
    )


def ensure_certifiable(enrolment):
    """Raise ``NotCompleted`` unless the enrolment is completed, and ``Anonymised`` once the
    person's data has been removed: the one rule for the printable page and the PDF."""
    if enrolment.status != Enrolment.Status.COMPLETED:
        raise NotCompleted
    if enrolment.anonymised_at:
        raise Anonymised


def participation_pdf(enrolment):
    """The bewijs van deelname as PDF bytes: name, course, location, the course period and,
    when attendance was kept, the dates the person was there; a line for the library to
    sign. Raises ``NotCertifiable`` (see ``ensure_certifiable``)."""
    ensure_certifiable(enrolment)
    run = enrolment.run
    course = run.course.title
    location = run.location
    library = location.organisation.name
    meetings = list(run.meetings.all())
    lines = [
        pdf.Line(_("Hierbij verklaren wij dat"), size=16, space=50),
        pdf.Line(enrolment.display_name, size=26, bold=True, space=40),
        pdf.Line(_("heeft met succes meegedaan aan de cursus"), size=16, space=40),
        pdf.Line(course, size=20, bold=True, space=35),
        pdf.Line(
            _("bij %(location)s in %(town)s") % {"location": location.name, "town": location.town},
            space=35,
        ),
    ]
    if len(meetings) == 1:
        lines.append(pdf.Line(_("op %(date)s") % {"date": _day(meetings[0].starts_at)}))
    elif meetings:
        period = _("van %(first)s tot en met %(last)s") % {
            "first": _day(meetings[0].starts_at),
            "last": _day(meetings[-1].starts_at),
        }
        lines.append(pdf.Line(period))
    attended = attended_meetings(enrolment)
    if attended and len(meetings) > 1:
        lines.append(
            pdf.Line(
                _("Aanwezig bij %(count)s van de %(total)s lessen: %(dates)s")
                % {
                    "count": len(attended),
                    "total": len(meetings),
                    "dates": get_text_list(
                        [_day(meeting.starts_at) for meeting in attended], _("en")
                    ),
                },
                space=40,
            )
        )
    return pdf.certificate(
        title=_("Bewijs van deelname %(course)s") % {"course": course},
        heading=_("Bewijs van deelname"),
        band=library,
        lines=lines,
        signature=_("Handtekening namens %(library)s") % {"library": library},
    )
