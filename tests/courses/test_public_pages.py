"""The public journey through the test client: finder, course page, enrolment form,
confirmation, cancel link, rate limit, CSRF, and bad input that never gives a 500."""

import re
from datetime import timedelta

import pytest

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone, translation

from courses.runs.models import CourseRun, Enrolment
from courses.runs.services import tokens
from courses.runs.services.enrolment import enrol
from tests.courses.factories import CourseRunFactory
from tests.ido_platform.factories import LocationFactory

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = {
        "name": "Anna de Vries",
        "phone": "06 12 34 56 78",
        "email": "",
        "computer_comfort": "bit",
        "device": "loan",
        "heard_via": "library",
        "referred_by": "",
        "consent": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def enrol_url(run):
    return reverse("courses:enrol", args=[run.pk])


def test_finder_lists_upcoming_citizen_runs_with_seats_and_meeting_dates(
    client, finder_page, digisterker, staff_course, location
):
    run = CourseRunFactory(course=digisterker, location=location, seats=8)
    full = CourseRunFactory(course=digisterker, location=location, seats=1)
    enrol(full, name="Anna", phone="0612345678")
    CourseRunFactory(course=staff_course, location=location)
    CourseRunFactory(course=digisterker, location=location, meetings__starts_in=-timedelta(days=2))
    response = client.get("/cursussen/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "2 cursusgroepen gevonden" in html
    assert "Nog 8 plaatsen vrij" in html
    assert "Vol — wachtlijst" in html
    assert "Vaardigheidstraining" not in html
    assert html.count('class="card run-card"') == 2
    # The card shows each meeting's date and time in Dutch local time, not in UTC (nor in
    # whatever zone the test process happens to run in).
    first = timezone.localtime(run.meetings.first().starts_at)
    with translation.override("nl"):
        assert f"{formats.date_format(first, 'l j F')}, {first:%H:%M}–" in html


def test_finder_filters_by_municipality_and_course(client, digisterker, klik_en_tik, library):
    venlo = LocationFactory(organisation=library, town="Venlo", municipality="Venlo")
    tiel = LocationFactory(organisation=library, town="Tiel", municipality="Tiel")
    CourseRunFactory(course=digisterker, location=venlo)
    CourseRunFactory(course=digisterker, location=tiel)
    CourseRunFactory(course=klik_en_tik, location=tiel)
    html = client.get("/cursussen/", {"plaats": "Tiel", "cursus": "digisterker"}).content.decode()
    assert "1 cursusgroep gevonden" in html
    assert tiel.name in html and venlo.name not in html.split("cursusgroep gevonden")[1]


@pytest.mark.parametrize(
    "params",
    [
        {"plaats": "Atlantis"},
        {"cursus": "<script>"},
        {"pagina": "-1"},
        {"pagina": "x" * 50},
        {"pagina": "99999"},
        {"pagina": "²"},  # str.isdigit() says yes, int() says no
        {"pagina": "99999999999999999999"},
    ],
)
def test_finder_ignores_bad_filters(client, run, params):
    response = client.get("/cursussen/", params)
    assert response.status_code == 200


def test_a_course_page_ignores_a_page_number_that_is_not_a_number(client, run, digisterker):
    response = client.get(digisterker.url, {"pagina": "²"})
    assert response.status_code == 200
    assert enrol_url(run) in response.content.decode()


def test_finder_refuses_a_nul_character_with_a_400(client, run):
    assert client.get("/cursussen/", {"plaats": "\x00"}).status_code == 400


def test_course_page_shows_its_runs(client, run, digisterker):
    html = client.get(digisterker.url).content.decode()
    assert "Kies een groep" in html
    assert enrol_url(run) in html
    assert digisterker.what_to_bring in html


def test_enrolment_form_renders_three_steps_with_the_retention_period(client, run, settings):
    settings.COURSES_RETENTION_MONTHS = 6
    html = client.get(enrol_url(run)).content.decode()
    assert html.count('<fieldset class="step">') == 3
    assert "Stap 1 van 3" in html and "Stap 3 van 3" in html
    assert "tot 6 maanden na de laatste les" in html
    assert "BSN" in html


def test_enrolment_without_email_confirms_and_shows_a_printable_confirmation(client, run):
    response = client.post(enrol_url(run), form_data(), follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "U bent aangemeld" in html
    assert "Print deze pagina" in html
    enrolment = run.enrolments.get()
    assert (enrolment.phone_normalised, enrolment.email) == ("0612345678", "")
    assert enrolment.consent_at is not None
    assert enrolment.computer_comfort == "bit" and enrolment.device == "loan"


def test_the_confirmation_page_says_texts_come_to_a_mobile_number(client, run, settings):
    html = client.post(enrol_url(run), form_data(), follow=True).content.decode()
    assert "Wij sturen een sms naar 06 12 34 56 78." in html
    assert "herinnering per sms" in html and "Print deze pagina" in html
    settings.SMS_BACKEND = None
    again = client.post(enrol_url(run), form_data(), follow=True).content.decode()
    assert "Wij sturen een sms" not in again
    assert "U heeft geen e-mailadres gegeven. Print deze pagina" in again


def test_enrolment_with_email_sends_the_confirmation_with_an_ics_and_a_cancel_link(
    client, run, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(enrol_url(run), form_data(email="anna@example.org", phone=""))
    message = mail.outbox[-1]
    assert message.to == ["anna@example.org"]
    filename, content, mimetype = message.attachments[0]
    assert (filename, mimetype) == ("cursus.ics", "text/calendar")
    assert content.count("BEGIN:VEVENT") == 4
    enrolment = run.enrolments.get()
    # The signed token carries a timestamp: compare what the mailed link signs.
    link = re.search(r"http://testserver/cursussen/afmelden/([^/\s]+)/", message.body)
    assert link, message.body
    token = link.group(1)
    assert tokens.uuid_from_token(token, tokens.CANCEL_SALT) == str(enrolment.uuid)


def test_double_submit_shows_the_first_result(client, run):
    first = client.post(enrol_url(run), form_data())
    second = client.post(enrol_url(run), form_data(phone="+31612345678"), follow=True)
    assert run.enrolments.count() == 1
    # Both land on the confirmation of the one enrolment (the signed tokens carry a
    # timestamp, so compare what they sign, not the strings).
    assert enrolment_uuid(first["Location"]) == enrolment_uuid(second.redirect_chain[0][0])
    assert enrolment_uuid(first["Location"]) == str(run.enrolments.get().uuid)
    assert "U was al aangemeld" in second.content.decode()


def enrolment_uuid(confirmation_url):
    from courses.runs.services.tokens import CONFIRMATION_SALT, uuid_from_token

    token = confirmation_url.split("/cursussen/aanmelding/")[1].split("/")[0]
    return uuid_from_token(token, CONFIRMATION_SALT)


def test_a_companion_comes_along(client, run):
    client.post(enrol_url(run), form_data(bring_companion="on", companion_name="Els"))
    assert run.enrolments.count() == 2
    assert run.enrolments.get(name="Els").companion_of.name == "Anna de Vries"


def test_full_run_puts_people_on_the_waitlist_with_their_position(client, digisterker, location):
    run = CourseRunFactory(course=digisterker, location=location, seats=1)
    enrol(run, name="Bram", phone="0611111111")
    response = client.post(enrol_url(run), form_data(), follow=True)
    html = response.content.decode()
    assert "U staat op de wachtlijst" in html
    assert "nummer 1 op de wachtlijst" in html


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"name": ""}, "Vul uw naam in."),
        ({"phone": "", "email": ""}, "Vul een telefoonnummer of een e-mailadres in"),
        ({"phone": "12"}, "Vul een telefoonnummer in met alleen cijfers"),
        ({"phone": "0612345"}, "Dit telefoonnummer klopt niet"),
        ({"email": "anna@"}, "Dit e-mailadres klopt niet"),
        ({"consent": None}, "Geef toestemming"),
        ({"device": "tablet-van-de-buren"}, "Selecteer een geldige keuze"),
        ({"bring_companion": "on", "companion_name": ""}, "Vul de naam in van de persoon"),
    ],
)
def test_bad_input_gets_a_dutch_message_and_a_400(client, run, overrides, message):
    response = client.post(enrol_url(run), form_data(**overrides))
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'id="foutmeldingen"' in html
    assert not run.enrolments.exists()


def test_unknown_or_closed_runs_are_a_404(client, digisterker, location):
    started = CourseRunFactory(
        course=digisterker, location=location, meetings__starts_in=-timedelta(hours=1)
    )
    cancelled = CourseRunFactory(course=digisterker, location=location)
    CourseRun.objects.filter(pk=cancelled.pk).update(status=CourseRun.Status.CANCELLED)
    for run_id in (started.pk, cancelled.pk, 999999, "abc", "1e9", "²", "9" * 20, "-1"):
        response = client.get(f"/cursussen/aanmelden/{run_id}/")
        assert response.status_code == 404, run_id
        assert "Deze pagina bestaat niet" in response.content.decode()


def test_the_form_needs_a_csrf_token(run):
    client = Client(enforce_csrf_checks=True)
    response = client.post(enrol_url(run), form_data())
    assert response.status_code == 403
    assert not run.enrolments.exists()


def test_cancel_link_asks_then_cancels_and_promotes(client, digisterker, location):
    run = CourseRunFactory(course=digisterker, location=location, seats=1)
    seated = enrol(run, name="Anna", phone="0612345678").enrolment
    waiting = enrol(run, name="Bram", phone="0611111111").enrolment
    url = reverse("courses:cancel", args=[tokens.cancel_token(seated)])
    assert "Wilt u zich afmelden?" in client.get(url).content.decode()
    seated.refresh_from_db()
    assert seated.status == Enrolment.Status.CONFIRMED  # a GET (a mail scanner) changes nothing
    html = client.post(url).content.decode()
    assert "U bent afgemeld" in html
    waiting.refresh_from_db()
    assert waiting.status == Enrolment.Status.CONFIRMED


def test_tampered_links_are_a_404(client, run):
    enrolment = enrol(run, name="Anna", phone="0612345678").enrolment
    token = tokens.cancel_token(enrolment)
    assert client.get(reverse("courses:cancel", args=[token + "x"])).status_code == 404
    confirmation = tokens.confirmation_token(enrolment)
    # A confirmation token is not a cancel token.
    assert client.post(reverse("courses:cancel", args=[confirmation])).status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.is_active


def test_location_calendar_lists_upcoming_meetings_without_personal_data(client, run, location):
    enrol(run, name="Anna Geheim", phone="0612345678")
    response = client.get(reverse("courses:location_calendar", args=[location.slug]))
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.count("BEGIN:VEVENT") == 4
    assert "Geheim" not in body and "0612345678" not in body
    assert client.get("/cursussen/agenda/bestaat-niet.ics").status_code == 404
