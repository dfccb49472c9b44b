"""The citizen's course journey in a real browser, with axe on every step.

A citizen finds a Digisterker run in Venlo and enrols without e-mail; another enrols with
e-mail, gets the confirmation with the .ics, and cancels through the link in it; the first
person on the waitlist is promoted and told."""

import re

import pytest
from playwright.sync_api import expect

from django.core import mail

from courses.runs.models import Enrolment
from courses.runs.services import enrolment as service
from tests.browser.conftest import sign_in
from tests.courses.factories import CourseRunFactory, course_index, course_page
from tests.ido_platform.factories import LocationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def courses_site(site_pages, library):
    index = course_index(site_pages)
    digisterker = course_page(index, title="Digisterker", slug="digisterker")
    course_page(index, title="Klik & Tik", slug="klik-en-tik")
    venlo = LocationFactory(
        organisation=library,
        name="Bibliotheek Venlo",
        slug="venlo",
        town="Venlo",
        municipality="Venlo",
        street_address="Begijnengang 2",
    )
    tiel = LocationFactory(
        organisation=library, name="Bibliotheek Tiel", town="Tiel", municipality="Tiel"
    )
    CourseRunFactory(course=digisterker, location=tiel, seats=8)
    return CourseRunFactory(course=digisterker, location=venlo, seats=2)


def fill_enrolment(page, *, name, phone="", email=""):
    page.get_by_label("Uw naam").fill(name)
    page.get_by_label("Telefoonnummer").fill(phone)
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Ik kan een beetje met een computer werken").check()
    page.get_by_label("Ik wil graag een laptop lenen").check()
    page.get_by_label("Via de bibliotheek").check()
    page.get_by_label("Ik heb de privacyverklaring gelezen en ga akkoord.").check()


def test_find_enrol_cancel_and_promote(courses_site, page, live_server, axe):
    run = courses_site
    # 1. The finder, from the home page; filter on the town.
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Bekijk de cursussen").click()
    axe(page)
    page.get_by_label("Gemeente").select_option("Venlo")
    page.get_by_label("Cursus", exact=True).select_option("digisterker")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("status")).to_contain_text("1 cursusgroep gevonden")
    expect(page.get_by_text("Nog 2 plaatsen vrij")).to_be_visible()

    # 2. The course page, then the form for the Venlo run.
    page.get_by_role("link", name="Digisterker", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Digisterker", use_inner_text=True)
    axe(page)
    page.get_by_role("link", name=re.compile(r"Aanmelden voor Digisterker in Venlo")).click()
    axe(page)

    # 3. A failed submit: the error summary gets the focus and links to the fields.
    page.get_by_role("button", name="Aanmelden").click()
    summary = page.locator("#foutmeldingen")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Vul uw naam in.")
    axe(page)

    # 4. Enrol without e-mail: a seat and a printable confirmation.
    heading = page.get_by_role("heading", level=1)
    fill_enrolment(page, name="Anna de Vries", phone="06 12 34 56 78")
    page.get_by_role("button", name="Aanmelden").click()
    expect(heading).to_have_text("U bent aangemeld", use_inner_text=True)
    assert "Print deze pagina" in page.content()
    axe(page)
    assert mail.outbox == []

    # 5. Someone else enrols with e-mail and takes the last seat; a third waits.
    page.goto(f"{live_server.url}/cursussen/aanmelden/{run.pk}/")
    fill_enrolment(page, name="Bram Jansen", email="bram@example.org")
    page.get_by_role("button", name="Aanmelden").click()
    expect(heading).to_have_text("U bent aangemeld", use_inner_text=True)
    waiting = service.enrol(run, name="Carla Smit", email="carla@example.org").enrolment
    assert waiting.status == Enrolment.Status.WAITLISTED

    # 6. Bram's e-mail has the .ics with all four lessons and a personal cancel link.
    confirmation = next(m for m in mail.outbox if m.to == ["bram@example.org"])
    filename, ics, mimetype = confirmation.attachments[0]
    assert (filename, mimetype) == ("cursus.ics", "text/calendar")
    assert ics.count("BEGIN:VEVENT") == 4
    cancel_link = re.search(r"http://testserver(/cursussen/afmelden/\S+/)", confirmation.body)
    page.goto(f"{live_server.url}{cancel_link.group(1)}")
    page.get_by_role("button", name=re.compile("Ja, meld Bram Jansen af")).click()
    expect(heading).to_have_text("U bent afgemeld", use_inner_text=True)
    axe(page)

    # 7. Carla, first on the waitlist, now has the seat and is told.
    waiting.refresh_from_db()
    assert waiting.status == Enrolment.Status.CONFIRMED
    promotion = next(
        m for m in mail.outbox if m.to == ["carla@example.org"] and "plaats vrij" in m.subject
    )
    assert promotion.attachments[0][0] == "cursus.ics"
    assert run.enrolments.get(name="Anna de Vries").status == Enrolment.Status.CONFIRMED


def test_full_run_shows_the_waitlist_and_the_form_says_so(courses_site, page, live_server, axe):
    run = courses_site
    service.enrol(run, name="Anna", phone="0612345678")
    service.enrol(run, name="Bram", phone="0611111111")
    page.goto(f"{live_server.url}/cursussen/digisterker/")
    expect(page.get_by_text("Vol — wachtlijst")).to_be_visible()
    page.get_by_role("link", name=re.compile(r"Op de wachtlijst voor Digisterker in Venlo")).click()
    expect(page.locator("body")).to_contain_text("Deze groep is vol")
    fill_enrolment(page, name="Carla", phone="0622222222")
    page.get_by_role("button", name="Op de wachtlijst zetten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "U staat op de wachtlijst", use_inner_text=True
    )
    assert "nummer 1 op de wachtlijst" in page.content()
    axe(page)


def test_coordinator_marks_attendance_on_a_tablet(courses_site, browser, live_server, axe, users):
    from ido_platform.core.models import Role

    run = courses_site
    service.enrol(run, name="Anna", phone="0612345678")
    tablet = browser.new_context(locale="nl-NL", viewport={"width": 800, "height": 1280})
    page = tablet.new_page()
    sign_in(page, live_server.url, users[Role.COORDINATOR].username)
    page.goto(f"{live_server.url}/cursussen/beheer/groep/{run.pk}/")
    axe(page)
    page.get_by_role("link", name=re.compile("Les 1")).click()
    axe(page)
    page.get_by_label("Aanwezig", exact=True).check()
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("body")).to_contain_text("De aanwezigheid is opgeslagen.")
    assert run.enrolments.get().attendance.get().present is True
    tablet.close()
