"""The registration screen, corrections, desk links, the monitor, exports and the impact
questionnaire through the test client: Dutch messages and 4xx for bad input, never a 500."""

import datetime
import re
import uuid

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ido_platform.core.models import Role
from questions.models import Correction, DeskLink, ImpactResponse, QuestionTally, Visit
from questions.services import desk_links
from tests.ido_platform.factories import ServiceProviderFactory, TopicFactory
from tests.questions.factories import register
from tests.questions.test_monitor import bulk_visits

pytestmark = pytest.mark.django_db

REGISTER = reverse("questions:register")


def visit_post(location, client_id=None, questions=1, **overrides):
    data = {
        "client_id": str(client_id or uuid.uuid4()),
        "location": str(location.pk),
        "channel": "desk",
        "day": timezone.localdate().isoformat(),
        "note": "",
        "vraag-TOTAL_FORMS": str(questions),
        "vraag-INITIAL_FORMS": "0",
        "vraag-MIN_NUM_FORMS": "1",
        "vraag-MAX_NUM_FORMS": "20",
        "knop": "registreren",
    }
    for index in range(questions):
        data.update(
            {
                f"vraag-{index}-kind": "government",
                f"vraag-{index}-action": "information",
                f"vraag-{index}-duration": "lt5",
            }
        )
    data.update(overrides)
    return data


def tallied():
    return sum(QuestionTally.objects.values_list("count", flat=True))


def test_the_registration_screen_opens_with_the_own_location_and_a_fresh_id(
    client, users, location
):
    client.force_login(users[Role.MEDEWERKER])
    response = client.get(REGISTER)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="client_id"' in html
    assert "Nog een vraag van deze bezoeker" in html
    assert "Zelfde als vorige" in html


def test_a_post_registers_and_a_resubmitted_page_counts_once(client, users, location):
    client.force_login(users[Role.MEDEWERKER])
    data = visit_post(location, questions=2)
    first = client.post(REGISTER, data)
    assert first.status_code == 302
    second = client.post(REGISTER, data, follow=True)
    assert "Deze registratie was al binnen" in second.content.decode()
    assert Visit.objects.count() == 1
    assert tallied() == 2


def test_the_offline_script_gets_json_and_a_replay_is_not_counted_again(client, users, location):
    client.force_login(users[Role.MEDEWERKER])
    data = visit_post(location)
    first = client.post(REGISTER, data, HTTP_ACCEPT="application/json")
    again = client.post(REGISTER, data, HTTP_ACCEPT="application/json")
    assert first.status_code == 201 and first.json()["created"] is True
    assert again.status_code == 200 and again.json()["created"] is False
    assert tallied() == 1


def test_adding_a_question_without_javascript_keeps_the_answers_and_saves_nothing(
    client, users, location
):
    client.force_login(users[Role.MEDEWERKER])
    data = visit_post(location, knop="vraag-erbij")
    response = client.post(REGISTER, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vraag 2" in html
    assert 'name="vraag-1-kind"' in html
    assert 'value="vraag-weg-1"' in html
    assert not Visit.objects.exists()
    removed = client.post(REGISTER, visit_post(location, questions=2, knop="vraag-weg-0"))
    assert 'name="vraag-1-kind"' not in removed.content.decode()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"vraag-TOTAL_FORMS": "0"}, "Registreer minstens één vraag."),
        ({"vraag-TOTAL_FORMS": "21"}, "Registreer hoogstens 20 vragen per bezoek."),
        ({"day": "2999-01-01"}, "De datum ligt in de toekomst"),
        ({"day": "2000-01-01"}, "Zo oud kunt u niet meer registreren"),
        ({"vraag-0-topic": "999999"}, "Kies een onderwerp uit de lijst."),
        ({"vraag-0-topic": "99999999999999999999"}, "Kies een onderwerp uit de lijst."),
        ({"vraag-0-organisations": "999999"}, "Kies een organisatie uit de lijst."),
        ({"note": "BSN 111222333"}, "burgerservicenummer (BSN)"),
        ({"note": "jan@example.org"}, "e-mailadres"),
        ({"note": "tel 0612345678"}, "telefoonnummer"),
        ({"note": "NL91ABNA0417164300"}, "rekeningnummer (IBAN)"),
        ({"vraag-0-action": "referred"}, "Kies waarnaar u hebt doorverwezen."),
        ({"client_id": "geen-uuid"}, "UUID"),
        ({"day": "gisteren"}, "Vul een geldige datum in."),
    ],
)
def test_bad_input_gets_a_dutch_message_and_a_400_and_nothing_is_counted(
    client, users, location, overrides, message
):
    client.force_login(users[Role.MEDEWERKER])
    response = client.post(REGISTER, visit_post(location, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Visit.objects.exists()
    assert tallied() == 0


def test_a_location_the_user_does_not_work_at_is_refused(client, users, other_location):
    client.force_login(users[Role.MEDEWERKER])
    response = client.post(REGISTER, visit_post(other_location))
    assert response.status_code == 400
    assert "U werkt niet op deze locatie." in response.content.decode()
    assert not Visit.objects.exists()


def test_roles_without_a_desk_get_a_dutch_403(client, users):
    client.force_login(users[Role.AUDITOR])
    response = client.get(REGISTER)
    assert response.status_code == 403
    assert "Geen toegang" in response.content.decode()


def test_same_again_repeats_the_last_visit(client, users, location):
    employee = users[Role.MEDEWERKER]
    topic = TopicFactory(name="Zorgtoeslag", slug="zorgtoeslag")
    provider = ServiceProviderFactory()
    client.force_login(employee)
    client.post(
        REGISTER,
        visit_post(
            location,
            channel="phone",
            **{"vraag-0-topic": str(topic.pk), "vraag-0-organisations": str(provider.pk)},
        ),
    )
    html = client.get(REGISTER + "?zelfde=1").content.decode()
    assert re.search(r'value="phone"[^>]*checked', html)
    assert f'<option value="{topic.pk}" selected>' in html
    assert re.search(rf'value="{provider.pk}"[^>]*id="id_vraag-0-organisations_0" checked', html)


def test_correcting_today_and_deleting_later_with_a_reason(client, users, location):
    employee, coordinator = users[Role.MEDEWERKER], users[Role.COORDINATOR]
    visit = register(location, employee)
    client.force_login(employee)
    url = reverse("questions:correct", args=[visit.pk])
    assert client.get(url).status_code == 200
    data = visit_post(location, client_id=visit.client_id, questions=2, channel="phone")
    assert client.post(url, data).status_code == 302
    assert tallied() == 2

    Visit.objects.filter(pk=visit.pk).update(
        registered_at=timezone.now() - datetime.timedelta(days=2)
    )
    assert client.get(url).status_code == 403
    client.force_login(coordinator)
    delete_url = reverse("questions:delete", args=[visit.pk])
    refused = client.post(delete_url, {"reason": ""})
    assert refused.status_code == 400
    assert "Geef een reden" in refused.content.decode()
    assert client.post(delete_url, {"reason": "Twee keer ingevoerd"}).status_code == 302
    assert tallied() == 0
    assert Correction.objects.filter(kind="deleted", reason="Twee keer ingevoerd").exists()
    assert client.get(delete_url).status_code == 404


def test_desk_link_lifecycle_through_the_pages(client, users, location):
    client.force_login(users[Role.COORDINATOR])
    links_url = reverse("questions:desk_links")
    response = client.post(links_url, {"location": location.pk, "label": "Tablet"})
    assert response.status_code == 201
    link_url = response.context["new_link"]
    path = link_url.removeprefix("http://testserver")
    link = DeskLink.objects.get()
    client.logout()
    assert client.get(path).status_code == 200
    assert client.post(path, visit_post(location)).status_code == 302
    assert Visit.objects.get().desk_link == link

    client.force_login(users[Role.COORDINATOR])
    client.post(reverse("questions:desk_link_revoke", args=[link.pk]))
    client.logout()
    revoked = client.post(path, visit_post(location))
    assert revoked.status_code == 410
    assert "ingetrokken" in revoked.content.decode()
    assert Visit.objects.count() == 1
    forged = client.get(reverse("questions:desk_register", args=["verzonnen"]))
    assert forged.status_code == 404
    assert "bestaat niet" in forged.content.decode()


def test_a_desk_link_cannot_register_for_another_location(client, users, location, other_location):
    _link, secret = desk_links.create_desk_link(location, by=users[Role.COORDINATOR])
    path = reverse("questions:desk_register", args=[secret])
    response = client.post(path, visit_post(other_location))
    assert response.status_code == 400
    assert not Visit.objects.exists()


def test_a_desk_link_is_rate_limited(client, users, location, settings):
    settings.QUESTIONS_DESK_LINK_RATE = "2/h"
    _link, secret = desk_links.create_desk_link(location, by=users[Role.COORDINATOR])
    path = reverse("questions:desk_register", args=[secret])
    statuses = [client.post(path, visit_post(location)).status_code for _ in range(3)]
    assert statuses[-1] == 429
    assert Visit.objects.count() <= 2


def test_a_medewerker_cannot_make_or_revoke_desk_links(client, users, location):
    link, _secret = desk_links.create_desk_link(location, by=users[Role.COORDINATOR])
    client.force_login(users[Role.MEDEWERKER])
    assert client.get(reverse("questions:desk_links")).status_code == 403
    assert client.post(reverse("questions:desk_link_revoke", args=[link.pk])).status_code == 403
    link.refresh_from_db()
    assert link.is_active


def test_the_monitor_shows_own_figures_unhidden_and_exports_them(client, users, location):
    employee = users[Role.MEDEWERKER]
    for _ in range(3):
        register(location, employee)
    client.force_login(users[Role.COORDINATOR])
    response = client.get(reverse("questions:dashboard"))
    assert response.status_code == 200
    figures = response.context["figures"]
    assert figures.total == 3 and not figures.shared
    csv = client.get(reverse("questions:dashboard_export", args=["csv"]))
    assert csv.status_code == 200
    assert "Totaal;3" in csv.content.decode("utf-8-sig")
    xlsx = client.get(reverse("questions:dashboard_export", args=["xlsx"]))
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = b"".join(
        client.get(reverse("questions:questions_export", args=["csv"])).streaming_content
    )
    lines = rows.decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("Datum;Uur;Bibliotheek")
    assert len(lines) == 4


def test_the_monitor_hides_small_numbers_for_the_national_view(client, users, location):
    for _ in range(3):
        register(location, users[Role.MEDEWERKER])
    client.force_login(users[Role.NATIONAL])
    response = client.get(reverse("questions:dashboard"))
    figures = response.context["figures"]
    assert figures.shared
    assert figures.total is None
    assert "&lt; 5" in response.content.decode()
    csv = client.get(reverse("questions:dashboard_export", args=["csv"])).content.decode(
        "utf-8-sig"
    )
    assert "< 5" in csv and ";3" not in csv
    assert client.get(reverse("questions:questions_export", args=["csv"])).status_code == 403


@pytest.mark.parametrize(
    "query",
    [
        "start=gisteren",
        "end=2026-13-45",
        "per=eeuw",
        "locatie=999999",
        "onderwerp=x",
        "provincie=XX",
    ],
)
def test_hostile_monitor_filters_fall_back_instead_of_failing(client, users, query):
    client.force_login(users[Role.COORDINATOR])
    assert client.get(reverse("questions:dashboard") + "?" + query).status_code == 200


def test_the_impact_questionnaire_stores_only_location_and_week(client, location):
    url = reverse("questions:impact", args=[location.slug])
    page = client.get(url)
    assert page.status_code == 200
    assert "Wij weten niet wie dit invult" in page.content.decode()
    response = client.post(
        url, {"answered": "yes", "knows_next_step": "partly", "would_return": "yes", "rating": "5"}
    )
    assert response.status_code == 302
    answer = ImpactResponse.objects.get()
    assert answer.week.weekday() == 0
    field_names = {f.name for f in ImpactResponse._meta.get_fields()}
    assert field_names == {
        "id",
        "location",
        "week",
        "answered",
        "knows_next_step",
        "would_return",
        "rating",
    }


def test_an_incomplete_questionnaire_gets_a_dutch_400(client, location):
    url = reverse("questions:impact", args=[location.slug])
    response = client.post(url, {"answered": "yes", "rating": "9"})
    assert response.status_code == 400
    assert "Kies een antwoord bij vraag 2." in response.content.decode()
    assert not ImpactResponse.objects.exists()


def test_get_requests_change_nothing(client, users, location):
    client.force_login(users[Role.COORDINATOR])
    for name in ("home", "register", "registrations", "desk_links", "dashboard"):
        assert client.get(reverse(f"questions:{name}")).status_code == 200
    assert not Visit.objects.exists() and not DeskLink.objects.exists()


def test_the_registrations_list_shows_imported_visits_without_a_registrant(client, users, location):
    from questions.services.registration import ImportedVisit, import_visits
    from tests.questions.factories import question

    import_visits(
        [
            ImportedVisit(
                client_id=uuid.uuid4(),
                location=location,
                channel="desk",
                day=timezone.localdate(),
                questions=[question()],
            )
        ]
    )
    client.force_login(users[Role.COORDINATOR])
    response = client.get(reverse("questions:registrations"))
    assert response.status_code == 200
    assert "ingelezen" in response.content.decode()


def test_a_registration_post_costs_the_same_few_queries_at_two_data_sizes(client, users, location):
    """Session, user, the locations worked at, the choices, one topic, the inserts and one
    update per rollup: no lookup of the id before the insert, no second read of the
    location or the service providers. The same with 10 as with 400 earlier visits."""
    client.force_login(users[Role.MEDEWERKER])
    topic, provider = TopicFactory(), ServiceProviderFactory()

    def post():
        data = visit_post(location, **{"vraag-0-topic": str(topic.pk)})
        data["vraag-0-organisations"] = str(provider.pk)
        with CaptureQueriesContext(connection) as queries:
            assert client.post(REGISTER, data).status_code == 302
        return [q["sql"] for q in queries.captured_queries]

    post()  # the rollup cells exist from here on, as on any busy day
    small = post()
    bulk_visits(location, 400, topic)
    large = post()
    assert len(small) == len(large) <= 14, large  # 18 before the lookups were cut
    assert Visit.objects.count() == 403 and tallied() == 403
