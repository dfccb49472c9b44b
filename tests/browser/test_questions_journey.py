"""Question registration in a real browser, from the keyboard: an employee registers three
visits (one with two questions, one referred), corrects one and sees them in the monitor at
once; a volunteer registers through a desk link, which is then revoked and refused. axe
checks the form, its error state, the monitor and the questionnaire; at 320 px the form
and the questionnaire do not scroll sideways."""

import pytest
from playwright.sync_api import expect

from questions.models import QuestionTally, Visit
from questions.services import desk_links

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def choose(scope, label):
    """Check a radio button or checkbox from the keyboard."""
    scope.get_by_label(label, exact=True).press("Space")


def counted():
    return sum(QuestionTally.objects.values_list("count", flat=True))


def no_sideways_scroll(page):
    wide = page.evaluate(
        """[...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
        .map(e => e.tagName + '.' + e.className + '#' + e.id).slice(0, 8)"""
    )
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, wide
    return fits


def test_an_employee_registers_corrects_and_sees_the_monitor(
    site_pages, users, location, page, login, live_server, axe
):
    login("medewerker")
    page.goto(f"{live_server.url}/vragen/registreren/")
    axe(page)

    # Visit 1: two questions, the second referred.
    choose(page, "Aan de balie")
    first = page.locator("#vraag-1")
    choose(first, "Digitale overheid")
    choose(first, "Samen gedaan")
    choose(first, "5 tot 15 minuten")
    page.get_by_role("button", name="Nog een vraag van deze bezoeker").press("Enter")
    second = page.locator("#vraag-2")
    choose(second, "Andere vraag")
    choose(second, "Doorverwezen")
    second.get_by_label("Doorverwezen naar").select_option(label="De gemeente")
    choose(second, "Korter dan 5 minuten")
    page.get_by_role("button", name="Registreren").press("Enter")
    expect(page.locator("[data-offline-status]")).to_contain_text("Geregistreerd")
    assert counted() == 2

    # Visit 2: sent empty first, so the error state is checked too.
    page.get_by_role("button", name="Registreren").press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Kies hoe de vraag binnenkwam")
    axe(page)
    choose(page, "Telefoon")
    question = page.locator("#vraag-1")
    choose(question, "Dienst van de bibliotheek")
    choose(question, "Informatie gegeven")
    choose(question, "Korter dan 5 minuten")
    page.get_by_role("button", name="Registreren").press("Enter")
    expect(page.locator("[data-offline-status]")).to_contain_text("Geregistreerd")

    # Visit 3: "same again".
    page.get_by_role("link", name="Zelfde als vorige").press("Enter")
    page.get_by_role("button", name="Registreren").press("Enter")
    expect(page.locator("[data-offline-status]")).to_contain_text("Geregistreerd")
    assert Visit.objects.count() == 3
    assert counted() == 4

    # Correct the last one: it was e-mail, not phone.
    page.get_by_role("link", name="Corrigeren").first.press("Enter")
    choose(page, "E-mail")
    page.get_by_role("button", name="Correctie opslaan").press("Enter")
    expect(page.locator(".notice--success")).to_contain_text("gecorrigeerd")
    assert Visit.objects.filter(channel="email").count() == 1

    page.goto(f"{live_server.url}/vragen/monitor/")
    expect(page.get_by_text("Totaal aantal vragen:")).to_contain_text("4")
    axe(page)


def test_a_volunteer_registers_through_a_desk_link_until_it_is_revoked(
    site_pages, users, location, page, live_server, axe
):
    link, secret = desk_links.create_desk_link(location, by=users["coordinator"])
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(f"{live_server.url}/vragen/balie/{secret}/")
    assert no_sideways_scroll(page)
    axe(page)
    choose(page, "Aan de balie")
    question = page.locator("#vraag-1")
    choose(question, "Digitale overheid")
    choose(question, "Informatie gegeven")
    choose(question, "Korter dan 5 minuten")
    page.get_by_role("button", name="Registreren").press("Enter")
    expect(page.locator("[data-offline-status]")).to_contain_text("Geregistreerd")
    assert Visit.objects.get().desk_link == link

    desk_links.revoke_desk_link(link, by=users["coordinator"])
    page.reload()
    expect(page.get_by_role("alert")).to_contain_text("ingetrokken")

    # The visitor's questionnaire on the same tablet.
    page.goto(f"{live_server.url}/vragen/impact/{location.slug}/")
    assert no_sideways_scroll(page)
    axe(page)
    page.get_by_role("button", name="Versturen").press("Enter")
    expect(page.get_by_role("alert")).to_contain_text("Kies een antwoord bij vraag 1")
    axe(page)
    for group in page.locator("fieldset").all():
        group.get_by_role("radio").first.press("Space")
    page.get_by_role("button", name="Versturen").press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dank u wel!")
