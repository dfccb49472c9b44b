"""Each state of an enrolment has its own text on the person's confirmation page, and only a
seat promises reminders."""

import pytest

from django.utils import timezone

from courses.runs.models import Enrolment
from courses.runs.services import tokens
from tests.courses.factories import EnrolmentFactory

pytestmark = pytest.mark.django_db

STATES = {
    "confirmed": ({"status": Enrolment.Status.CONFIRMED}, "U bent aangemeld"),
    "promoted": (
        {"status": Enrolment.Status.CONFIRMED, "promoted_at": timezone.now()},
        "Er is een plaats vrij gekomen",
    ),
    "waitlisted": ({"status": Enrolment.Status.WAITLISTED}, "U staat op de wachtlijst"),
    "cancelled": ({"status": Enrolment.Status.CANCELLED}, "U bent afgemeld"),
    "completed": ({"status": Enrolment.Status.COMPLETED}, "U heeft de cursus afgerond"),
    "no_show": ({"status": Enrolment.Status.NO_SHOW}, "U was er niet bij"),
    "anonymised": (
        {"status": Enrolment.Status.COMPLETED, "name": "", "anonymised_at": timezone.now()},
        "Uw gegevens zijn gewist",
    ),
}


@pytest.mark.parametrize("state", sorted(STATES))
def test_the_confirmation_page_speaks_of_the_enrolments_own_state(client, run, state):
    fields, heading = STATES[state]
    enrolment = EnrolmentFactory(run=run, email="anna@example.nl", **fields)
    assert enrolment.page_state == state
    html = client.get(tokens.confirmation_path(enrolment)).content.decode()
    assert heading in html
    promises_reminders = "Voor elke les krijgt u een herinnering" in html
    assert promises_reminders == (state in {"confirmed", "promoted"})
    assert ("Afmelden</a>" in html) == (state in {"confirmed", "promoted", "waitlisted"})


def test_each_state_has_a_heading_of_its_own(client, run):
    headings = set()
    for fields, _heading in STATES.values():
        enrolment = EnrolmentFactory(run=run, **fields)
        html = client.get(tokens.confirmation_path(enrolment)).content.decode()
        headings.add(html.split("<h1>", 1)[1].split("</h1>", 1)[0].strip())
    assert len(headings) == len(STATES)
