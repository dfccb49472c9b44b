"""Open data: the question figures per period, topic and organisation through the JSON API,
small numbers hidden so that totals cannot give them away, with an OpenAPI schema; bad
input gets a Dutch message and a 4xx."""

import pytest

from django.utils import timezone

from ido_platform.core.models import Province
from tests.ido_platform.factories import LocationFactory, ServiceProviderFactory, TopicFactory
from tests.questions.factories import DeskLinkFactory, question, register

pytestmark = pytest.mark.django_db

API = "/vragen/api"


@pytest.fixture
def figures_data(location):
    """Utrecht: 12 huurtoeslag questions (about the Belastingdienst) and 3 AOW (2 of them
    about DUO); Limburg: 8 DigiD questions."""
    limburg = LocationFactory(province=Province.LIMBURG, municipality="Venlo", town="Venlo")
    topics = {
        slug: TopicFactory(name=name, slug=slug)
        for slug, name in [("huurtoeslag", "Huurtoeslag"), ("aow", "AOW"), ("digid", "DigiD")]
    }
    belasting = ServiceProviderFactory(name="Belastingdienst", slug="bd-open")
    duo = ServiceProviderFactory(name="DUO", slug="duo-open")
    here, there = DeskLinkFactory(location=location), DeskLinkFactory(location=limburg)
    huur = question(topic=topics["huurtoeslag"], service_providers=[belasting])
    register(location, desk_link=here, questions=[huur] * 12, note="Bijzonder geval")
    register(
        location,
        desk_link=here,
        questions=[question(topic=topics["aow"], service_providers=[duo])] * 2
        + [question(topic=topics["aow"])],
    )
    register(limburg, desk_link=there, questions=[question(topic=topics["digid"])] * 8)
    return topics


def get(client, **params):
    return client.get(f"{API}/cijfers", {"per": "jaar", **params})


def counts(items):
    return {item["key"]: item["count"] for item in items}


def test_the_figures_per_topic_hide_small_numbers_so_the_total_does_not_give_them_away(
    client, figures_data
):
    response = get(client)
    assert response.status_code == 200
    data = response.json()
    assert data["hidden_below"] == 5
    assert data["total"] == 23
    [period] = data["periods"]
    cells = counts(period["counts"])
    assert cells["aow"] is None
    assert counts(data["topics"])["aow"] is None
    # 23 - 12 - 8 would give AOW away: a second cell of the line is hidden as well.
    assert sum(1 for value in cells.values() if value is None) >= 2
    assert period["label"] == str(timezone.localdate().year)


def test_the_figures_per_organisation_hide_small_numbers(client, figures_data):
    data = get(client).json()
    organisations = counts(data["organisations"])
    assert organisations["duo-open"] is None
    [period] = data["periods"]
    assert counts(period["organisations"])["duo-open"] is None
    assert "Bijzonder geval" not in str(data)


def test_a_province_and_a_topic_narrow_the_figures(client, figures_data):
    limburg = get(client, provincie="LI").json()
    assert limburg["total"] == 8
    assert counts(limburg["topics"]) == {"digid": 8}

    huur = get(client, onderwerp="huurtoeslag").json()
    assert counts(huur["topics"]) == {"huurtoeslag": 12}
    assert huur["organisations"] == []  # the organisation rollup knows no topic


@pytest.mark.parametrize(
    "params, message",
    [
        ({"per": "dag"}, "Ongeldige invoer."),
        ({"van": "2026-13-45"}, "Ongeldige invoer."),
        ({"van": "2026-05-01", "tot": "2026-04-01"}, "De begindatum ligt na de einddatum."),
        ({"van": "2010-01-01", "tot": "2026-01-01"}, "Vraag cijfers over hooguit vijf jaar"),
        ({"provincie": "XX"}, "Onbekende provincie"),
        ({"onderwerp": "bestaat-niet"}, "Onbekend onderwerp."),
    ],
)
def test_bad_input_gets_a_dutch_message_and_a_4xx(client, db, params, message):
    response = client.get(f"{API}/cijfers", params)
    assert response.status_code == 422
    assert response.json()["detail"].startswith(message)


def test_the_schema_describes_the_figures_and_the_docs_load(client, db):
    schema = client.get(f"{API}/openapi.json").json()
    assert schema["info"]["title"].startswith("IDO-platform")
    assert f"{API}/cijfers" in schema["paths"]
    assert "hidden_below" in schema["components"]["schemas"]["FiguresOut"]["properties"]
    docs = client.get(f"{API}/docs")
    assert docs.status_code == 200
    assert "https://" not in docs.content.decode()
