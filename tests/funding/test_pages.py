"""The funding pages through the test client: who sees what, the steps as posts, refusals as
Dutch 4xx pages, the letters as PDFs holding the amount, exports, the admin upload and the
demo."""

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from funding.models import Application, PopulationFigure, SubsidyRound
from funding.services import applications as service
from ido_platform.core.models import Role
from tests.conftest import _member
from tests.demo_snapshot import load_demo
from tests.funding.factories import ApplicationFactory
from tests.ido_platform.factories import ServiceProviderFactory
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def granted(subsidy_round, library, work_area, location, users, approver):
    coordinator = users[Role.COORDINATOR]
    application = service.start(subsidy_round=subsidy_round, organisation=library, by=coordinator)
    service.submit(application, by=coordinator)
    service.assess(application, by=users[Role.NATIONAL], advice="grant", reason="Goed")
    later = timezone.now() + datetime.timedelta(days=30)
    return service.decide(application, by=approver, grant=True, now=later)


@pytest.fixture
def everyone(users):
    """``users`` with a partner analyst of a service provider: one user for every role."""
    analyst = _member(Role.PARTNER_ANALYST, ServiceProviderFactory(), "partneranalist")
    return {**users, Role.PARTNER_ANALYST: analyst}


def test_the_matrix_covers_every_role(everyone):
    assert set(everyone) == set(Role)


# What each role gets: the funder sees (and may try) everything, the library's coordinator
# its own application and letters, everyone else nothing.
SEES_ALL = {Role.NATIONAL}
SEES_OWN = {Role.COORDINATOR}


def _pages(application):
    pk, round_pk = application.pk, application.round_id
    return {
        "index": reverse("funding:index"),
        "round": reverse("funding:round", args=[round_pk]),
        "export": reverse("funding:export", args=[round_pk, "csv"]),
        "application": reverse("funding:application", args=[pk]),
        "letter": reverse("funding:letter", args=[pk, "verleningsbeschikking"]),
    }


FUNDER_ONLY_PAGES = {"round", "export"}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("page", ["index", "round", "export", "application", "letter"])
def test_role_matrix_for_the_pages(client, everyone, granted, role, page):
    client.force_login(everyone[role])
    response = client.get(_pages(granted)[page])
    allowed = role in SEES_ALL or (role in SEES_OWN and page not in FUNDER_ONLY_PAGES)
    if allowed:
        assert response.status_code == 200
    else:
        assert response.status_code in (403, 404)
        assert b"41.500" not in response.content


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize(
    ("step", "data"),
    [
        ("decide", {"decision": "grant"}),
        ("correct", {"amount": "40000", "reason": "Herberekend"}),
        ("settle", {"amount": "1000"}),
    ],
)
def test_role_matrix_for_the_funders_steps(client, everyone, granted, role, step, data):
    client.force_login(everyone[role])
    response = client.post(reverse(f"funding:{step}", args=[granted.pk]), data)
    stored = Application.objects.get(pk=granted.pk)
    if role in SEES_ALL:
        # The funder may try; the service refuses in Dutch: the application is granted (not
        # assessed, not accounted for) and this funder assessed it (four eyes).
        assert response.status_code == 400
        assert "Dit kan niet" in response.content.decode() or "vier ogen" in (
            response.content.decode()
        )
    else:
        assert response.status_code in (403, 404)
    assert stored.events.count() == granted.events.count()
    assert (stored.status, stored.granted_amount) == ("granted", Decimal(41500))


def test_a_library_sees_only_its_own_applications(
    client, users, granted, other_library, subsidy_round
):
    other = ApplicationFactory(round=subsidy_round, organisation=other_library)
    client.force_login(users[Role.COORDINATOR])
    assert client.get(reverse("funding:application", args=[other.pk])).status_code == 403
    letter = reverse("funding:letter", args=[other.pk, "verleningsbeschikking"])
    assert client.get(letter).status_code == 403
    for step in ("save", "submit", "account", "decide", "correct", "settle"):
        assert client.post(reverse(f"funding:{step}", args=[other.pk])).status_code == 403
    page = client.get(reverse("funding:index")).content.decode()
    assert reverse("funding:application", args=[granted.pk]) in page
    assert reverse("funding:application", args=[other.pk]) not in page
    assert client.get(reverse("funding:round", args=[subsidy_round.pk])).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, granted):
    response = client.get(reverse("funding:application", args=[granted.pk]))
    assert response.status_code == 302 and "/inloggen/" in response["Location"]


def test_a_coordinator_applies_through_the_pages(
    client, users, library, work_area, location, subsidy_round
):
    client.force_login(users[Role.COORDINATOR])
    page = client.get(reverse("funding:index")).content.decode()
    assert "Aanvraag starten voor Bibliotheek Eigen" in page
    response = client.post(
        reverse("funding:start", args=[subsidy_round.pk]), {"organisation": library.pk}
    )
    application = Application.objects.get()
    assert response["Location"] == reverse("funding:application", args=[application.pk])
    page = client.get(response["Location"]).content.decode()
    assert "€ 41.500" in page

    response = client.post(
        reverse("funding:save", args=[application.pk]),
        {
            "municipality": [work_area[0].pk],
            f"current-{location.pk}": "4",
            f"planned-{location.pk}": "8,5",
            "current_staff": "2",
            "planned_staff": "5",
            "plan": "Dinsdagavond erbij.",
            "then": "submit",
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "submitted" and application.planned_trained_staff == 5
    assert application.locations.get().planned_hours == Decimal("8.5")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("planned", "169", "tussen 0 en 168"),
        ("planned", "veel", "vul de uren in als getal"),
        ("planned_staff", "-1", "als heel getal"),
    ],
)
def test_bad_application_input_is_a_dutch_400_and_nothing_is_saved(
    client, users, library, work_area, location, subsidy_round, field, value, message
):
    application = service.start(
        subsidy_round=subsidy_round, organisation=library, by=users[Role.COORDINATOR]
    )
    client.force_login(users[Role.COORDINATOR])
    data = {
        "municipality": [work_area[0].pk],
        f"current-{location.pk}": "1",
        f"planned-{location.pk}": "2",
        "plan": "x",
    }
    data[f"planned-{location.pk}" if field == "planned" else field] = value
    response = client.post(reverse("funding:save", args=[application.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    application.refresh_from_db()
    assert application.plan == ""


def test_submit_after_the_deadline_is_a_dutch_400(client, users, library, work_area, subsidy_round):
    application = service.start(
        subsidy_round=subsidy_round, organisation=library, by=users[Role.COORDINATOR]
    )
    SubsidyRound.objects.filter(pk=subsidy_round.pk).update(
        opens_on=datetime.date(2020, 1, 1), closes_on=datetime.date(2020, 2, 1)
    )
    client.force_login(users[Role.COORDINATOR])
    response = client.post(reverse("funding:submit", args=[application.pk]))
    assert response.status_code == 400
    assert "De aanvraagperiode is gesloten op 01-02-2020" in response.content.decode()


def test_a_grant_by_the_assessor_is_a_dutch_400(client, users, library, work_area, subsidy_round):
    coordinator, national = users[Role.COORDINATOR], users[Role.NATIONAL]
    application = service.submit(
        service.start(subsidy_round=subsidy_round, organisation=library, by=coordinator),
        by=coordinator,
    )
    client.force_login(national)
    client.post(
        reverse("funding:assess", args=[application.pk]), {"advice": "grant", "reason": "Goed"}
    )
    response = client.post(reverse("funding:decide", args=[application.pk]), {"decision": "grant"})
    assert response.status_code == 400
    assert "vier ogen" in response.content.decode()
    assert Application.objects.get(pk=application.pk).status == "assessed"


def test_a_coordinator_cannot_take_the_funders_steps(client, users, granted):
    client.force_login(users[Role.COORDINATOR])
    response = client.post(reverse("funding:settle", args=[granted.pk]), {"amount": "1"})
    assert response.status_code == 403


def test_the_correct_step_through_the_pages(client, users, granted, approver):
    url = reverse("funding:correct", args=[granted.pk])
    data = {"amount": "30000", "reason": "Een locatie minder"}
    client.force_login(users[Role.COORDINATOR])
    assert client.post(url, data).status_code == 403
    # The funder who assessed it cannot correct it (four eyes).
    client.force_login(users[Role.NATIONAL])
    refused = client.post(url, data)
    assert refused.status_code == 400 and "vier ogen" in refused.content.decode()
    client.force_login(approver)
    too_much = client.post(url, {"amount": "50000", "reason": "Meer"})
    assert too_much.status_code == 400
    assert "Meer dan het bedrag volgens de formule" in too_much.content.decode()
    no_reason = client.post(url, {"amount": "30000", "reason": ""})
    assert no_reason.status_code == 400 and "Schrijf waarom" in no_reason.content.decode()
    stored = Application.objects.get(pk=granted.pk)
    assert (stored.granted_amount, stored.advance_amount) == (Decimal(41_500), Decimal(33_200))

    response = client.post(url, data)
    assert response.status_code == 302
    stored.refresh_from_db()
    assert (stored.granted_amount, stored.advance_amount) == (Decimal(30_000), Decimal(24_000))
    client.force_login(users[Role.COORDINATOR])
    page = client.get(reverse("funding:application", args=[granted.pk])).content.decode()
    assert "Terugvordering voorschot (€ 9.200)" in page
    letter = client.get(reverse("funding:letter", args=[granted.pk, "verleningsbeschikking"]))
    text = pdf_text(letter.content)
    assert "€ 30.000" in text and "Voorschot: € 24.000" in text and "hoogstens € 6.000" in text


def test_the_grant_letter_is_a_pdf_holding_the_amount(client, users, granted):
    client.force_login(users[Role.COORDINATOR])
    response = client.get(reverse("funding:letter", args=[granted.pk, "verleningsbeschikking"]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "€ 41.500" in text and "Voorschot: € 33.200" in text
    assert "U registreert alle vragen" in text
    missing = client.get(reverse("funding:letter", args=[granted.pk, "vaststelling"]))
    assert missing.status_code == 404


def test_the_accountability_report_and_the_settlement_letter(client, users, granted, subsidy_round):
    SubsidyRound.objects.filter(pk=subsidy_round.pk).update(period_end=datetime.date(2026, 1, 31))
    client.force_login(users[Role.COORDINATOR])
    page = client.get(reverse("funding:application", args=[granted.pk])).content.decode()
    assert "Geregistreerde vragen per kwartaal" in page
    assert "Uitkomst van de laatste audit" in page and "geen audit in de periode" in page
    response = client.post(
        reverse("funding:account", args=[granted.pk]),
        {"explanation": "Prima jaar", "spent": "41500"},
    )
    assert response.status_code == 302
    client.force_login(users[Role.NATIONAL])
    client.post(
        reverse("funding:settle", args=[granted.pk]),
        {"amount": "30000", "reason": "Minder besteed"},
    )
    letter = client.get(reverse("funding:letter", args=[granted.pk, "vaststelling"]))
    text = pdf_text(letter.content)
    assert "Vastgesteld: € 30.000" in text and "Wij vorderen € 3.200 terug." in text


def test_the_overview_and_exports_for_the_funder(client, users, granted, subsidy_round):
    client.force_login(users[Role.NATIONAL])
    page = client.get(reverse("funding:round", args=[subsidy_round.pk])).content.decode()
    assert "Bibliotheek Eigen" in page and "€ 41.500" in page
    csv_text = client.get(
        reverse("funding:export", args=[subsidy_round.pk, "csv"])
    ).content.decode()
    assert "Bibliotheek Eigen;Utrecht;Verleend;50000;41500;41500;33200;;" in csv_text
    xlsx = client.get(reverse("funding:export", args=[subsidy_round.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [cell.value for cell in sheet[2]][:6] == [
        "Bibliotheek Eigen",
        "Utrecht",
        "Verleend",
        50000,
        41500,
        41500,
    ]
    assert client.get(reverse("funding:export", args=[subsidy_round.pk, "pdf"])).status_code == 404
    client.force_login(users[Role.COORDINATOR])
    assert client.get(reverse("funding:export", args=[subsidy_round.pk, "csv"])).status_code == 403


def test_the_admin_upload_reports_each_bad_line_in_dutch(client, users):
    client.force_login(users[Role.NATIONAL])
    url = reverse("funding_population_upload")
    assert client.get(url).status_code == 200
    bad = "RegioS;Perioden;TotaleBevolking\nGM0983;2022;veel\n;2022;5\n"
    response = client.post(url, {"file": SimpleUploadedFile("b.csv", bad.encode())})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Regel 2: het aantal inwoners" in body and "Regel 3: de gemeente ontbreekt" in body
    assert not PopulationFigure.objects.exists()
    good = "RegioS;Gemeentenaam;Perioden;TotaleBevolking\nGM0983;Venlo;2022;102000\n"
    response = client.post(url, {"file": SimpleUploadedFile("g.csv", good.encode())})
    assert response.status_code == 200 and PopulationFigure.objects.count() == 1
    client.force_login(users[Role.COORDINATOR])
    assert client.get(url).status_code in (302, 403)


def test_a_used_round_cannot_be_edited_in_the_admin_but_can_be_copied(
    client, users, granted, subsidy_round
):
    client.force_login(users[Role.NATIONAL])
    edit = client.get(reverse("subsidie-regelingen:edit", args=[subsidy_round.pk]))
    assert edit.status_code in (302, 403)
    response = client.post(reverse("funding_round_copy", args=[subsidy_round.pk]))
    copy = SubsidyRound.objects.get(copied_from=subsidy_round)
    assert response.status_code == 302 and copy.year_start == subsidy_round.year_start + 1
    assert client.get(reverse("subsidie-regelingen:edit", args=[copy.pk])).status_code == 200


def test_the_demo_rounds_and_applications(client):
    """(That a second load changes nothing is tests/ido_platform/test_demo.py's.)"""
    load_demo()
    assert SubsidyRound.objects.count() == 3
    second = SubsidyRound.objects.get(slug="demo-regeling-2022")
    statuses = list(second.applications.values_list("status", flat=True))
    assert (
        statuses.count("granted") >= 10 and "submitted" in statuses and "info_requested" in statuses
    )
    assert sum(a.granted_amount or 0 for a in second.applications.all()) <= second.ceiling
    assert PopulationFigure.objects.filter(is_demo=False).count() == 0
