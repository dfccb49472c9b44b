"""The employee's journey in a real browser (Playwright + Debian's Chromium), with axe-core
checking WCAG 2.1 A/AA on the catalogue, a lesson, the quiz (also after a wrong answer) and
the coordinator's dashboard."""

import pytest
from playwright.sync_api import expect

from courses.learning.models import Certificate, OrderingQuestion, TrueFalseQuestion
from tests.learning import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalogue(site_pages, users):
    index = factories.catalogue(site_pages)
    module = factories.module(index, title="CJIB en boetes", lessons=2, validity_months=12)
    return index, module


def answer(page, quiz, *, right):
    """Fill in the quiz form as a person would: click the labels, choose the positions."""
    answers = factories.answers(quiz, right=right)
    for question in quiz.ordered_questions():
        values = answers[str(question.pk)]
        if isinstance(question, OrderingQuestion):
            for value in values:
                choice_id, position = value.split(":")
                page.locator(f"#vraag-{question.pk}-plaats-{choice_id}").select_option(position)
        elif isinstance(question, TrueFalseQuestion):
            page.locator(f"#vraag-{question.pk}-{values[0]}").check()
        else:
            for value in values:
                page.locator(f"#vraag-{question.pk}-{value}").check()


def test_employee_completes_a_module_and_the_certificate_is_verified(
    catalogue,
    users,
    page,
    live_server,
    login,
    axe,
):
    index, module = catalogue
    quiz = module.quiz()
    login("medewerker")

    heading = page.get_by_role("heading", level=1)
    page.goto(f"{live_server.url}{index.url}")
    expect(heading).to_have_text("Trainingen", use_inner_text=True)
    axe(page)

    page.get_by_role("link", name="CJIB en boetes").first.click()
    page.get_by_role("link", name="Begin met de eerste les").click()
    expect(heading).to_have_text("Les 1", use_inner_text=True)
    axe(page)
    page.get_by_role("button", name="Les afgerond").click()
    expect(heading).to_have_text("Les 2", use_inner_text=True)
    page.get_by_role("button", name="Les afgerond").click()
    expect(heading).to_have_text("Toets", use_inner_text=True)
    axe(page)

    # Submitting nothing: a Dutch error summary, linked to the questions.
    page.get_by_role("button", name="Lever de toets in").click()
    expect(page.get_by_role("heading", name="Je antwoorden zijn niet opgeslagen")).to_be_visible()
    expect(page.get_by_role("link", name="Vraag 1: Kies een antwoord.")).to_be_visible()
    axe(page)

    # A wrong answer: the result explains each mistake.
    answer(page, quiz, right=False)
    page.get_by_role("button", name="Lever de toets in").click()
    expect(page.get_by_text("Nog niet geslaagd.")).to_be_visible()
    expect(page.get_by_text("Je neemt de zaak niet over")).to_be_visible()
    axe(page)

    page.get_by_role("link", name="Probeer de toets opnieuw").click()
    axe(page)
    answer(page, quiz, right=True)
    page.get_by_role("button", name="Lever de toets in").click()
    expect(page.get_by_text("Geslaagd!")).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download je certificaat (pdf)").click()
    download = download_info.value
    assert download.suggested_filename.startswith("certificaat-")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(4) == b"%PDF"

    certificate = Certificate.objects.get()
    page.context.clear_cookies()  # the verification page is public
    page.goto(f"{live_server.url}/certificaat/")
    page.get_by_label("Controlecode").fill(certificate.display_code.lower())
    page.get_by_role("button", name="Controleer").click()
    expect(page.get_by_text("Dit certificaat is geldig.")).to_be_visible()
    expect(page.get_by_text("CJIB en boetes")).to_be_visible()
    axe(page)


def test_the_team_dashboard_has_no_violations(catalogue, users, page, live_server, login, axe):
    login("coordinator")
    page.goto(f"{live_server.url}/training/team/")
    expect(page.get_by_role("table").first).to_be_visible()
    axe(page)


def test_the_national_view_has_no_violations(catalogue, users, page, live_server, login, axe):
    index, module = catalogue
    factories.learning_path(index, [module])
    login("landelijk")
    page.goto(f"{live_server.url}/training/landelijk/")
    expect(page.locator("svg.bar-chart")).to_be_visible()
    axe(page)


@pytest.mark.parametrize(
    "username, path",
    [
        ("medewerker", "/leren/"),
        ("medewerker", "/leren/doorvragen/"),
        ("medewerker", "/leren/doorvragen/les-1/"),
        ("medewerker", "/leren/privacy-in-het-ido/les-1/"),
        ("medewerker", "/leren/basisopleiding/"),
        ("coordinator", "/training/team/"),
        ("landelijk", "/training/landelijk/"),
    ],
)
def test_demo_training_pages_have_no_violations(
    demo, page, live_server, login, axe, username, path
):
    login(username, demo)
    response = page.goto(f"{live_server.url}{path}")
    assert response.status == 200
    axe(page)


def test_casus_model_answers_open_on_request(demo, page, live_server, login):
    login("medewerker", demo)
    page.goto(f"{live_server.url}/leren/doorvragen/les-1/")
    answer = page.get_by_text("Van welke organisatie komt de brief?")
    expect(answer).to_be_hidden()
    page.get_by_text("Toon het modelantwoord").click()
    expect(answer).to_be_visible()
