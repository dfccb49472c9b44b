"""A service provider's analyst: only the aggregated figures about their own organisation,
nationally and per province, small numbers hidden so that the total cannot give them away;
no visit, no export per question, nothing about another partner (the role matrix)."""

import re

import pytest

from django.urls import reverse

from ido_platform.core.models import Province, Role
from questions.services import partner
from tests.ido_platform.factories import (
    LocationFactory,
    MembershipFactory,
    ServiceProviderFactory,
    UserFactory,
)
from tests.questions.factories import DeskLinkFactory, question, register

pytestmark = pytest.mark.django_db

PARTNER = reverse("questions:partner")


@pytest.fixture
def providers(db):
    return {
        "belastingdienst": ServiceProviderFactory(name="Belastingdienst", slug="bd-test"),
        "duo": ServiceProviderFactory(name="DUO", slug="duo-test"),
    }


@pytest.fixture
def analyst(providers):
    user = UserFactory(username="analist")
    MembershipFactory(
        user=user, organisation=providers["belastingdienst"], role=Role.PARTNER_ANALYST
    )
    return user


@pytest.fixture
def questions_about(providers, location):
    """12 Belastingdienst questions in Utrecht, 3 in Limburg, 7 DUO questions in Utrecht."""
    limburg = LocationFactory(province=Province.LIMBURG, municipality="Venlo", town="Venlo")
    belasting, duo = providers["belastingdienst"], providers["duo"]
    here, there = DeskLinkFactory(location=location), DeskLinkFactory(location=limburg)
    register(location, desk_link=here, questions=[question(service_providers=[belasting])] * 12)
    register(limburg, desk_link=there, questions=[question(service_providers=[belasting])] * 3)
    register(location, desk_link=here, questions=[question(service_providers=[duo])] * 7)


def cells(html, marker):
    """The (label, shown value) rows of the table marked ``data-<marker>``."""
    table = re.search(rf"<table[^>]*data-{marker}.*?</table>", html, re.S).group(0)
    body = re.search(r"<tbody>(.*?)</tbody>", table, re.S).group(1)
    rows = re.findall(r'<th scope="row">(.*?)</th><td class="num">(.*?)</td>', body, re.S)
    return {label: re.sub(r"<[^>]+>", "", value).strip() for label, value in rows}


def test_the_analyst_sees_their_own_organisation_per_province_with_small_numbers_hidden(
    client, analyst, questions_about
):
    client.force_login(analyst)
    response = client.get(PARTNER)
    html = response.content.decode()

    assert response.status_code == 200
    assert "Vragen over Belastingdienst" in html
    provinces = cells(html, "provinces")
    assert provinces["Limburg"] == "&lt; 5"
    # With the total shown, Utrecht must be hidden too, or 15 - 12 gives Limburg away.
    total = re.search(r"data-total>(.*?)</strong>", html, re.S).group(1).strip()
    assert total == "15"
    assert provinces["Utrecht"] == "&lt; 5"
    assert provinces["Drenthe"] == "0"
    assert "DUO" not in html and ">7<" not in html


def test_no_line_of_the_partner_figures_hides_exactly_one_cell_under_a_shown_total(
    providers, questions_about
):
    figures = partner.figures(providers["belastingdienst"], _selection())
    assert figures.total is not None
    for line in (figures.periods, figures.provinces):
        hidden = [row for row in line if row["count"] is None]
        assert len(hidden) != 1
        shown_sum = sum(row["count"] for row in line if row["count"] is not None)
        # What the shown figures leave over belongs to at least two cells, never one.
        assert figures.total - shown_sum == 0 or len(hidden) >= 2


def _selection():
    from questions.services import monitor

    return monitor.default_selection()


def test_the_analyst_cannot_ask_for_another_partners_figures(
    client, analyst, providers, questions_about
):
    client.force_login(analyst)
    response = client.get(PARTNER, {"organisatie": providers["duo"].pk})
    html = response.content.decode()
    assert response.status_code == 400
    assert "U mag de cijfers van deze organisatie niet zien." in html
    assert "Vragen over DUO" not in html


@pytest.mark.parametrize(
    "name, args",
    [
        ("questions:dashboard", []),
        ("questions:dashboard_export", ["csv"]),
        ("questions:questions_export", ["csv"]),
        ("questions:registrations", []),
        ("questions:register", []),
        ("questions:desk_links", []),
    ],
)
def test_the_analyst_gets_no_per_visit_page_or_export(client, analyst, questions_about, name, args):
    client.force_login(analyst)
    response = client.get(reverse(name, args=args))
    assert response.status_code in (403, 404)


def test_the_analyst_lands_on_their_figures_and_the_admin_lists_no_visit(client, analyst):
    client.force_login(analyst)
    assert client.get(reverse("questions:home")).url == PARTNER
    assert not analyst.has_perm("questions.view_visit")
    assert not analyst.has_perm("questions.view_monitor")
    assert not analyst.has_perm("wagtailadmin.access_admin")


def test_the_partner_rule_answers_per_organisation(analyst, providers, users):
    assert analyst.has_perm("questions.view_partner_figures", providers["belastingdienst"])
    assert not analyst.has_perm("questions.view_partner_figures", providers["duo"])
    assert users[Role.NATIONAL].has_perm("questions.view_partner_figures", providers["duo"])
    assert not users[Role.COORDINATOR].has_perm(
        "questions.view_partner_figures", providers["belastingdienst"]
    )


@pytest.mark.parametrize("role", [Role.MEDEWERKER, Role.COORDINATOR, Role.AUDITOR, Role.EDITOR])
def test_library_and_network_roles_get_no_partner_page(client, users, providers, role):
    client.force_login(users[role])
    assert client.get(PARTNER).status_code == 403


def test_the_national_role_chooses_any_partner(client, users, providers, questions_about):
    client.force_login(users[Role.NATIONAL])
    response = client.get(PARTNER, {"organisatie": providers["duo"].pk})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vragen over DUO" in html
    assert cells(html, "provinces")["Utrecht"] == "7"


def test_a_start_after_the_end_is_refused_in_dutch(client, analyst):
    client.force_login(analyst)
    response = client.get(PARTNER, {"start": "2026-05-01", "end": "2026-04-01"})
    assert response.status_code == 400
    assert "De begindatum ligt na de einddatum." in response.content.decode()
