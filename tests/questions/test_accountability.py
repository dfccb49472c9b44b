"""A library's accountability summary per year as a PDF (questions per quarter, per topic,
per partner, referrals, impact), read back with pypdf; only for its coordinators and the
national role; bad input gets a Dutch message and a 400."""

import pytest

from django.urls import reverse
from django.utils import timezone

from ido_platform.core.models import Role
from tests.ido_platform.factories import (
    LibraryOrganisationFactory,
    MembershipFactory,
    ServiceProviderFactory,
    TopicFactory,
    UserFactory,
)
from tests.pdf import pdf_text
from tests.questions.factories import DeskLinkFactory, ImpactResponseFactory, question, register

pytestmark = pytest.mark.django_db

PDF = reverse("questions:accountability_pdf")


def words(content):
    """The PDF's text with every run of whitespace as one space (table cells come out on
    lines of their own)."""
    return " ".join(pdf_text(content).split())


@pytest.fixture
def year_of_questions(location):
    """This year at the library's location: 9 Huurtoeslag questions about the Belastingdienst
    (2 referred to the municipality), 3 about Zorgtoeslag; 6 impact answers."""
    huur = TopicFactory(name="Huurtoeslag", slug="huurtoeslag-pdf")
    zorg = TopicFactory(name="Zorgtoeslag", slug="zorgtoeslag-pdf")
    fryslan = ServiceProviderFactory(name="Gemeente Súdwest-Fryslân", slug="sudwest")
    link = DeskLinkFactory(location=location)
    register(
        location, desk_link=link, questions=[question(topic=huur, service_providers=[fryslan])] * 7
    )
    register(
        location,
        desk_link=link,
        questions=[question(topic=huur, action="referred", referred_to="municipality")] * 2
        + [question(topic=zorg)] * 3,
    )
    today = timezone.localdate()
    monday = today - timezone.timedelta(days=today.weekday())
    for rating in (5, 4, 4, 3, 5, 4):
        ImpactResponseFactory(location=location, week=monday, rating=rating)


def test_the_coordinator_gets_the_year_as_a_pdf_with_every_part(client, users, year_of_questions):
    client.force_login(users[Role.COORDINATOR])
    year = timezone.localdate().year
    response = client.get(PDF, {"jaar": year})

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"verantwoording-vragen-eigen-{year}.pdf" in response["Content-Disposition"]
    text = words(response.content)
    assert f"Verantwoording vragen {year}: Bibliotheek Eigen" in text
    for quarter in range(1, 5):
        assert f"K{quarter} {year}" in text
    assert "Huurtoeslag 9" in text
    assert "Zorgtoeslag 3" in text  # the library's own figures: nothing hidden
    assert "Totaal 12" in text
    assert "Gemeente Súdwest-Fryslân 7" in text  # the embedded font has the accents
    assert "De gemeente 2" in text
    assert "Vraag beantwoord 100%" in text
    assert "6 bezoekers" in text


def test_the_national_role_chooses_the_library_and_sees_small_numbers_hidden(
    client, users, library, year_of_questions
):
    client.force_login(users[Role.NATIONAL])
    response = client.get(PDF, {"organisatie": library.pk})
    assert response.status_code == 200
    text = words(response.content)
    assert "Zorgtoeslag < 5" in text
    assert "Zorgtoeslag 3" not in text
    assert "Huurtoeslag 9" not in text  # hidden too, or 12 - 9 gives Zorgtoeslag away


def test_others_get_no_summary(client, users, library, year_of_questions):
    other = UserFactory(username="ander")
    MembershipFactory(user=other, organisation=LibraryOrganisationFactory(), role=Role.COORDINATOR)
    analyst = UserFactory(username="analist")
    MembershipFactory(
        user=analyst, organisation=ServiceProviderFactory(), role=Role.PARTNER_ANALYST
    )
    for user in (other, analyst, users[Role.MEDEWERKER], users[Role.AUDITOR]):
        client.force_login(user)
        assert client.get(PDF, {"organisatie": library.pk}).status_code == 403


@pytest.mark.parametrize(
    "params, message",
    [
        ({"jaar": "twintig"}, "Kies een jaar van 2020"),
        ({"jaar": "1999"}, "Kies een jaar van 2020"),
        ({"jaar": "99999999999999999999"}, "Kies een jaar van 2020"),
        ({"organisatie": "x"}, "Kies een bibliotheek."),
    ],
)
def test_bad_input_gets_a_dutch_message_and_a_400(client, users, params, message):
    client.force_login(users[Role.NATIONAL])
    response = client.get(PDF, params)
    assert response.status_code == 400
    assert message in response.content.decode()
