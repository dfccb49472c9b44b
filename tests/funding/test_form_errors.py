"""The application form sent back with the site's error summary (``#foutmeldingen``): each
error linked to the field it is about, the answers kept as typed, nothing saved."""

import datetime
import re

import pytest

from django.urls import reverse

from funding.models import SubsidyRound
from funding.services import applications as service
from ido_platform.core.models import Role

pytestmark = pytest.mark.django_db

SUMMARY = re.compile(r'<div class="error-summary"[^>]*id="foutmeldingen".*?</div>', re.S)


@pytest.fixture
def draft(subsidy_round, library, work_area, location, users):
    return service.start(
        subsidy_round=subsidy_round, organisation=library, by=users[Role.COORDINATOR]
    )


@pytest.fixture
def post(client, users, draft, work_area, location):
    client.force_login(users[Role.COORDINATOR])

    def send(**changes):
        data = {
            "municipality": [work_area[0].pk],
            f"current-{location.pk}": "4",
            f"planned-{location.pk}": "6",
            "current_staff": "2",
            "planned_staff": "3",
            "plan": "Langer open op zaterdag.",
        }
        data.update(changes)
        return client.post(reverse("funding:save", args=[draft.pk]), data)

    return send


def summary_links(html):
    """[(href, text)] of the error summary's links."""
    match = SUMMARY.search(html)
    assert match, "no error summary on the page"
    return re.findall(r'<a href="([^"]*)">([^<]*)</a>', match.group(0))


def assert_links_reach_fields(html, links):
    for href, _text in links:
        assert href.startswith("#")
        assert f'id="{href[1:]}"' in html, f"{href} leads nowhere"


def test_hours_over_168_link_to_the_planned_field_and_keep_the_answers(post, draft, location):
    response = post(**{f"planned-{location.pk}": "169"})
    assert response.status_code == 400
    html = response.content.decode()
    links = summary_links(html)
    assert links == [
        (
            f"#planned-{location.pk}",
            f"Gepland (uur per week): {location.name}: "
            "openingsuren per week liggen tussen 0 en 168.",
        )
    ]
    assert_links_reach_fields(html, links)
    assert 'tabindex="-1"' in SUMMARY.search(html).group(0)
    # The field says it is invalid and points at its message; the typed answers stay.
    field = re.search(rf'<input[^>]*id="planned-{location.pk}"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in field and 'value="169"' in field
    assert f'id="planned-{location.pk}_errors"' in html
    assert "Langer open op zaterdag." in html
    draft.refresh_from_db()
    assert draft.plan == "" and draft.locations.get().planned_hours != 169


def test_every_bad_field_gets_its_own_linked_error(post, location):
    response = post(
        **{f"current-{location.pk}": "veel", "current_staff": "twee", "planned_staff": "-1"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    links = summary_links(html)
    assert [href for href, _text in links] == [
        f"#current-{location.pk}",
        "#current_staff",
        "#planned_staff",
    ]
    assert links[1][1] == "Medewerkers met basisopleiding nu: Vul het aantal in als heel getal."
    assert_links_reach_fields(html, links)
    field = re.search(r'<input[^>]*id="current_staff"[^>]*>', html).group(0)
    assert 'value="twee"' in field


def test_no_municipality_links_to_the_first_checkbox(post, work_area):
    response = post(municipality=[])
    assert response.status_code == 400
    html = response.content.decode()
    links = summary_links(html)
    assert links == [
        (
            "#municipality_0",
            "Gemeenten in uw werkgebied: Kies minstens één gemeente in uw werkgebied.",
        )
    ]
    assert_links_reach_fields(html, links)
    # The box is sent back unticked, as the library left it.
    box = re.search(r'<input[^>]*id="municipality_0"[^>]*>', html).group(0)
    assert f'value="{work_area[0].pk}"' in box and "checked" not in box


def test_a_refused_submit_is_in_the_summary_and_the_draft_is_kept(post, draft, subsidy_round):
    SubsidyRound.objects.filter(pk=subsidy_round.pk).update(
        opens_on=datetime.date(2020, 1, 1), closes_on=datetime.date(2020, 2, 1)
    )
    response = post(then="submit")
    assert response.status_code == 400
    html = response.content.decode()
    match = SUMMARY.search(html)
    assert match and "De aanvraagperiode is gesloten op 01-02-2020" in match.group(0)
    draft.refresh_from_db()
    assert draft.status == "draft" and draft.plan == "Langer open op zaterdag."


def test_a_good_save_has_no_summary(client, post, draft):
    response = post()
    assert response.status_code == 302
    page = client.get(reverse("funding:application", args=[draft.pk])).content.decode()
    assert 'id="foutmeldingen"' not in page
    assert 'value="6"' in page or 'value="6.0"' in page or 'value="6.00"' in page
