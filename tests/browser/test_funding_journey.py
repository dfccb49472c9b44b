"""A subsidy application in a real browser: the library applies, the KB asks for more
information, the library answers, the KB assesses and a second person grants; the grant
letter is read back; after the period the accountability report shows platform figures.
axe checks the pages at 1280 and at 320 px wide."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from django.utils import timezone

from funding.models import Application, SubsidyRound
from ido_platform.core.models import Role
from tests.browser.conftest import sign_in
from tests.conftest import _member
from tests.funding.factories import SubsidyRoundFactory, WorkAreaFactory, municipality_with
from tests.ido_platform.factories import TopicFactory
from tests.pdf import pdf_text
from tests.questions.factories import question, register

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def as_user(browser, live_server):
    contexts = []

    def open_as(username, width=1280):
        context = browser.new_context(locale="nl-NL", viewport={"width": width, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        sign_in(page, live_server.url, username)
        return page

    yield open_as
    for context in contexts:
        context.close()


def test_apply_ask_answer_assess_grant_letter_and_report(
    site_pages, users, library, location, national_org, as_user, live_server, axe
):
    _member(Role.NATIONAL, national_org, "landelijk2")
    subsidy_round = SubsidyRoundFactory(name="Regeling IDO 2026")
    WorkAreaFactory(
        organisation=library,
        municipality=municipality_with(50_000, name="Eigenstad", code="GM0001"),
    )

    library_page = as_user("coordinator", width=320)
    library_page.goto(f"{live_server.url}/subsidie/")
    axe(library_page)
    library_page.get_by_role("button", name="Aanvraag starten voor Bibliotheek Eigen").click()
    expect(library_page.get_by_text("€ 41.500").first).to_be_visible()
    library_page.get_by_label("Gepland (uur per week)").fill("6")
    library_page.get_by_label("Uw plan in het kort").fill("Een extra spreekuur op zaterdag.")
    axe(library_page)
    # A week has 168 hours: the form comes back with the error summary focused, answers kept.
    library_page.get_by_label("Gepland (uur per week)").fill("169")
    library_page.get_by_role("button", name="Concept opslaan").click()
    summary = library_page.locator("#foutmeldingen")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_attribute("href", re.compile(r"^#planned-\d+$"))
    expect(library_page.get_by_label("Uw plan in het kort")).to_have_value(
        "Een extra spreekuur op zaterdag."
    )
    axe(library_page)
    library_page.get_by_label("Gepland (uur per week)").fill("6")
    library_page.get_by_role("button", name="Opslaan en indienen").click()
    expect(library_page.get_by_text("Status: Ingediend")).to_be_visible()
    application = Application.objects.get()

    kb = as_user("landelijk")
    kb.goto(f"{live_server.url}/subsidie/aanvragen/{application.pk}/")
    kb.get_by_label("Vraag om meer informatie").fill("Welke dag komt erbij?")
    kb.get_by_role("button", name="Vraag versturen").click()
    expect(kb.get_by_text("Status: Meer informatie gevraagd")).to_be_visible()

    library_page.reload()
    library_page.get_by_label("Uw antwoord").fill("De zaterdagochtend.")
    library_page.get_by_role("button", name="Antwoord versturen").click()
    expect(library_page.get_by_text("Status: Ingediend")).to_be_visible()

    kb.reload()
    kb.get_by_label("Onderbouwing").fill("Volledig en binnen de regeling.")
    kb.get_by_role("button", name="Beoordeling vastleggen").click()
    expect(kb.get_by_text("Status: Beoordeeld, wacht op besluit")).to_be_visible()
    axe(kb)

    # The window closes; a second person grants.
    today = timezone.localdate()
    SubsidyRound.objects.filter(pk=subsidy_round.pk).update(
        opens_on=today - datetime.timedelta(days=30), closes_on=today - datetime.timedelta(days=1)
    )
    approver = as_user("landelijk2")
    approver.goto(f"{live_server.url}/subsidie/aanvragen/{application.pk}/")
    approver.get_by_role("button", name="Besluit nemen").click()
    expect(approver.get_by_text("Status: Verleend")).to_be_visible()
    approver.goto(f"{live_server.url}/subsidie/regelingen/{subsidy_round.pk}/")
    expect(approver.get_by_role("img", name=re.compile("Aangevraagd en verleend"))).to_be_visible()
    axe(approver)

    response = library_page.request.get(
        f"{live_server.url}/subsidie/aanvragen/{application.pk}/verleningsbeschikking.pdf"
    )
    assert "€ 41.500" in pdf_text(response.body())

    # After the period: the report the platform filled in.
    SubsidyRound.objects.filter(pk=subsidy_round.pk).update(
        period_end=today - datetime.timedelta(days=1)
    )
    # Two questions registered at the desk early in the period, on one topic.
    day = subsidy_round.period_start
    noon = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    topic = TopicFactory(name="Huurtoeslag")
    register(
        location, users[Role.MEDEWERKER], questions=[question(topic=topic)] * 2, day=day, now=noon
    )
    library_page.reload()
    expect(library_page.get_by_role("heading", name="Verantwoording")).to_be_visible()
    expect(library_page.get_by_role("heading", name="Openingsuren per week")).to_be_visible()
    audit_heading = library_page.get_by_role("heading", name="Uitkomst van de laatste audit")
    expect(audit_heading).to_be_visible()
    expect(library_page.get_by_text("geen audit in de periode").first).to_be_visible()
    expect(
        library_page.get_by_role("heading", name="Geregistreerde vragen per kwartaal en onderwerp")
    ).to_be_visible()
    expect(library_page.get_by_role("rowheader", name="Huurtoeslag")).to_be_visible()
    axe(library_page)
    library_page.set_viewport_size({"width": 1280, "height": 900})
    axe(library_page)
