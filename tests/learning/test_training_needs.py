"""The team dashboard shows the three biggest training needs of the team's locations:
topics asked about last quarter against the staff with a valid certificate on that topic
(computed by the question registration, read through the registry in core metrics)."""

import re

import pytest

from django.urls import reverse

from ido_platform.core.models import Role
from tests.ido_platform.factories import TopicFactory
from tests.learning import factories
from tests.questions.factories import DeskLinkFactory, question, register

pytestmark = pytest.mark.django_db

TEAM = reverse("learning:team_dashboard")


def needs(html):
    table = re.search(r"<table[^>]*data-training-needs.*?</table>", html, re.S)
    if table is None:
        return None
    return re.findall(
        r'<th scope="row">(.*?)</th><td class="num">(\d+)</td><td class="num">(\d+)%</td>',
        table.group(0),
    )


@pytest.fixture
def topics(db):
    return {
        slug: TopicFactory(name=name, slug=slug)
        for slug, name in [
            ("huur", "Huurtoeslag"),
            ("digid-test", "DigiD"),
            ("aow", "AOW"),
            ("cjib", "CJIB"),
            ("duo", "Studiefinanciering"),
        ]
    }


def test_the_team_dashboard_shows_the_three_biggest_gaps_of_its_own_locations(
    client, users, index, location, other_location, topics
):
    digid_module = factories.module(index, title="DigiD aanvragen")
    digid_module.topic = topics["digid-test"]
    digid_module.save()
    factories.complete_module(users[Role.MEDEWERKER], digid_module)
    here = DeskLinkFactory(location=location)
    for slug, count in [("huur", 10), ("digid-test", 6), ("aow", 4), ("cjib", 1)]:
        register(location, desk_link=here, questions=[question(topic=topics[slug])] * count)
    there = DeskLinkFactory(location=other_location)
    register(other_location, desk_link=there, questions=[question(topic=topics["duo"])] * 20)

    client.force_login(users[Role.COORDINATOR])
    html = client.get(TEAM).content.decode()

    # Two staff at the location, one certified on DigiD: 10 × 1, 4 × 1, 6 × ½, 1 × 1.
    assert needs(html) == [("Huurtoeslag", "10", "0"), ("AOW", "4", "0"), ("DigiD", "6", "50")]
    assert "Studiefinanciering" not in html  # another library's questions


def test_without_questions_the_team_dashboard_shows_no_training_needs(client, users, location):
    client.force_login(users[Role.COORDINATOR])
    response = client.get(TEAM)
    assert response.status_code == 200
    assert needs(response.content.decode()) is None
