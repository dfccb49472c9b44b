"""An audit in a real browser: the auditor scores every theme on the tablet form with a
photo, submits; a national reviewer approves; the coordinator reads the report. axe checks
the scoring form (also with validation errors), the report and the dashboard."""

import re

import pytest
from playwright.sync_api import expect

from assessments.models import Answer, Audit, EvidencePhoto
from tests.assessments import fixtures as audit_fixtures
from tests.assessments.images import has_gps, jpeg_with_gps
from tests.browser.conftest import sign_in

# The audit fixtures of tests/assessments, shared with this browser test.
audit = audit_fixtures.audit
framework_version = audit_fixtures.framework_version

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def as_user(browser, live_server):
    contexts = []

    def open_as(username):
        context = browser.new_context(locale="nl-NL", viewport={"width": 1024, "height": 1366})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        sign_in(page, live_server.url, username)
        return page

    yield open_as
    for context in contexts:
        context.close()


def test_auditor_scores_submits_reviewer_approves_coordinator_reads(
    site_pages, users, audit, as_user, live_server, axe
):
    auditor = as_user("auditor")
    auditor.goto(f"{live_server.url}/kwaliteit/")
    auditor.get_by_role("link", name=audit.location.name).click()
    auditor.get_by_role("link", name="Herkenbaar IDO").click()
    heading = auditor.get_by_role("heading", level=1)
    expect(heading).to_have_text("Herkenbaar IDO", use_inner_text=True)
    axe(auditor)

    # A wrong number: a Dutch message in an error summary, linked to the field.
    auditor.get_by_label("Antwoord (uur per week)").fill("veel")
    auditor.get_by_role("button", name="Concept opslaan").click()
    expect(auditor.get_by_role("alert")).to_contain_text("Voer een getal in")
    axe(auditor)

    auditor.get_by_role("group", name="Het IDO-logo is zichtbaar").get_by_label("Ja").check()
    auditor.get_by_label("Antwoord (uur per week)").fill("4")
    auditor.get_by_label("Bewijsfoto toevoegen").set_input_files(
        files=[{"name": "logo.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps()}]
    )
    auditor.get_by_label("Bij welk criterium hoort de foto?").select_option(
        label="Het IDO-logo is zichtbaar"
    )
    auditor.get_by_label("Onderschrift").fill("Logo bij de ingang")
    auditor.get_by_role("button", name="Opslaan en volgend thema").click()

    expect(heading).to_have_text("Deskundige mensen", use_inner_text=True)
    auditor.get_by_label("4. Voorbeeld voor anderen").check()
    auditor.get_by_role("group", name="Geen BSN vastgelegd").get_by_label("Ja").check()
    auditor.get_by_role("button", name="Opslaan en klaar").click()
    auditor.get_by_role("button", name="Audit indienen").click()
    expect(auditor.get_by_role("status").first).to_contain_text("De audit is ingediend")

    audit.refresh_from_db()
    assert audit.status == Audit.Status.SUBMITTED
    photo = EvidencePhoto.objects.get(audit=audit)
    with photo.image.storage.open(photo.image.name, "rb") as stored:  # the private storage
        assert not has_gps(stored.read())

    reviewer = as_user("landelijk")
    reviewer.goto(f"{live_server.url}/kwaliteit/audits/{audit.pk}/")
    reviewer.get_by_label("Goedkeuren").check()
    reviewer.get_by_role("button", name="Besluit opslaan").click()
    expect(reviewer.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"^Auditrapport"), use_inner_text=True
    )
    reviewer.get_by_role("link", name="Kwaliteitstoetsing").first.click()
    reviewer.get_by_role("link", name="Landelijk dashboard").click()
    expect(reviewer.get_by_role("heading", level=1)).to_have_text(
        "Landelijk dashboard kwaliteit", use_inner_text=True
    )
    assert "Herkenbaar IDO" in reviewer.content()
    axe(reviewer)

    coordinator = as_user("coordinator")
    coordinator.goto(f"{live_server.url}/kwaliteit/")
    coordinator.get_by_role("link", name=audit.location.name).click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text(
        f"Auditrapport {audit.location.name}", use_inner_text=True
    )
    assert "Voldoet" in coordinator.content()
    photo = coordinator.get_by_role("img", name="Logo bij de ingang")
    expect(photo).to_be_visible()
    assert photo.evaluate("img => img.complete && img.naturalWidth") == 64
    axe(coordinator)


def test_autosave_keeps_a_draft_without_pressing_a_button(
    site_pages, users, audit, as_user, live_server
):
    auditor = as_user("auditor")
    auditor.goto(f"{live_server.url}/kwaliteit/audits/{audit.pk}/scoren/herkenbaar/")
    auditor.get_by_role("group", name="Het IDO-logo is zichtbaar").get_by_label("Nee").check()

    expect(auditor.locator("[data-autosave-status]")).to_contain_text("automatisch opgeslagen")
    answer = Answer.objects.get(audit=audit, source="auditor", criterion__key="logo")
    assert answer.value == 0


def test_coordinator_fills_in_the_self_assessment(
    site_pages, users, audit, as_user, live_server, axe
):
    coordinator = as_user("coordinator")
    coordinator.goto(f"{live_server.url}/kwaliteit/")
    coordinator.get_by_role("link", name=f"Zelfevaluatie voor {audit.location.name}").click()
    heading = coordinator.get_by_role("heading", level=1)
    expect(heading).to_have_text("Herkenbaar IDO", use_inner_text=True)
    axe(coordinator)
    coordinator.get_by_role("group", name="Het IDO-logo is zichtbaar").get_by_label("Ja").check()
    coordinator.get_by_role("button", name="Opslaan en volgend thema").click()

    expect(heading).to_have_text("Deskundige mensen", use_inner_text=True)
    assert Answer.objects.get(audit=audit, source="self", criterion__key="logo").value == 1
