"""The registration rules at the service level: who registers where, what a visit may hold,
a replayed id counting once, corrections and deletions, and the rollups following."""

import datetime
import uuid

import pytest

from django.utils import timezone

from ido_platform.core.models import Role
from questions.models import Correction, QuestionTally, Visit
from questions.services import desk_links, registration, tallies
from questions.services.registration import RegistrationError
from tests.ido_platform.factories import (
    LocationFactory,
    MembershipFactory,
    ServiceProviderFactory,
    TopicFactory,
    UserFactory,
)
from tests.questions.factories import question, register

pytestmark = pytest.mark.django_db


def total_tallied():
    return sum(QuestionTally.objects.values_list("count", flat=True))


def test_an_employee_registers_a_visit_with_two_questions_and_the_rollup_counts_both(
    users, location
):
    provider = ServiceProviderFactory()
    topic = TopicFactory(slug="huurtoeslag")
    visit = register(
        location,
        users[Role.MEDEWERKER],
        questions=[
            question(topic=topic, service_providers=[provider]),
            question(kind="library", action="referred", referred_to="municipality"),
        ],
    )
    assert visit.questions.count() == 2
    assert total_tallied() == 2
    assert tallies.raw_counts() == tallies.tallied_counts()


def test_a_replayed_registration_id_counts_once(users, location):
    client_id = uuid.uuid4()
    first, created = registration.register_visit(
        location=location,
        channel="desk",
        questions=[question()],
        client_id=client_id,
        by=users[Role.MEDEWERKER],
    )
    again, created_again = registration.register_visit(
        location=location,
        channel="phone",
        questions=[question(), question()],
        client_id=client_id,
        by=users[Role.MEDEWERKER],
    )
    assert created and not created_again
    assert again.pk == first.pk
    assert Visit.objects.count() == 1
    assert total_tallied() == 1


def test_a_registration_id_used_at_another_location_is_refused(users, location):
    client_id = uuid.uuid4()
    register(location, users[Role.MEDEWERKER], client_id=client_id)
    other = LocationFactory(organisation=location.organisation)
    MembershipFactory(
        user=users[Role.COORDINATOR], organisation=location.organisation, role=Role.MEDEWERKER
    )
    with pytest.raises(RegistrationError) as refused:
        register(other, users[Role.COORDINATOR], client_id=client_id)
    assert refused.value.status == 409


@pytest.mark.parametrize(
    ("questions", "message"),
    [
        ([], "Registreer minstens één vraag."),
        ([question()] * 21, "Registreer hoogstens 20 vragen per bezoek."),
        ([question(action="referred")], "Vraag 1: kies waarnaar u hebt doorverwezen."),
        ([question(kind="bogus")], "Vraag 1: kies de soort vraag."),
    ],
)
def test_a_visit_without_questions_with_too_many_or_with_bad_answers_is_refused(
    users, location, questions, message
):
    with pytest.raises(RegistrationError) as refused:
        register(location, users[Role.MEDEWERKER], questions=questions)
    assert message in refused.value.messages
    assert refused.value.status == 400
    assert not Visit.objects.exists()


def test_a_day_in_the_future_or_older_than_the_window_is_refused(users, location, settings):
    today = timezone.localdate()
    with pytest.raises(RegistrationError, match="toekomst"):
        register(location, users[Role.MEDEWERKER], day=today + datetime.timedelta(days=1))
    too_old = today - datetime.timedelta(days=settings.QUESTIONS_BACKDATE_DAYS + 1)
    with pytest.raises(RegistrationError, match="dagen terug"):
        register(location, users[Role.MEDEWERKER], day=too_old)
    backdated = register(location, users[Role.MEDEWERKER], day=today - datetime.timedelta(days=2))
    assert backdated.hour is None
    assert QuestionTally.objects.get().hour == QuestionTally.UNKNOWN_HOUR


@pytest.mark.parametrize(
    "note",
    [
        "bsn 111222333",
        "BSN 123.456.782",
        "mail naar jan@example.org",
        "bel 06-12345678",
        "rekening NL91 ABNA 0417 1643 00",
    ],
)
def test_a_note_with_personal_data_is_refused(users, location, note):
    with pytest.raises(RegistrationError) as refused:
        register(location, users[Role.MEDEWERKER], note=note)
    assert any("De notitie lijkt" in str(m) for m in refused.value.messages)
    assert not Visit.objects.exists()


def test_a_note_without_personal_data_is_kept(users, location):
    visit = register(location, users[Role.MEDEWERKER], note="Snel geholpen, brief meegenomen")
    assert visit.note == "Snel geholpen, brief meegenomen"


def test_an_employee_cannot_register_at_a_location_they_do_not_work_at(users, other_location):
    with pytest.raises(RegistrationError) as refused:
        register(other_location, users[Role.MEDEWERKER])
    assert refused.value.status == 403


def test_an_employee_tied_to_one_location_cannot_register_at_a_sister_location(users, location):
    sister = LocationFactory(organisation=location.organisation)
    with pytest.raises(RegistrationError):
        register(sister, users[Role.MEDEWERKER])  # membership names ``location`` only


def test_auditors_and_editors_do_not_register(users, location):
    for role in (Role.AUDITOR, Role.EDITOR, Role.NATIONAL):
        with pytest.raises(RegistrationError):
            register(location, users[role])


def test_the_digid_follow_up_is_dropped_for_another_topic(users, location):
    visit = register(
        location,
        users[Role.MEDEWERKER],
        questions=[question(topic=TopicFactory(slug="aow"), digid_follow_up="recover")],
    )
    assert visit.questions.get().digid_follow_up == ""


# Corrections and deletions


def test_the_registrant_corrects_their_own_registration_of_today_without_a_reason(users, location):
    employee = users[Role.MEDEWERKER]
    visit = register(location, employee)
    registration.correct_visit(
        visit, by=employee, channel="phone", questions=[question(), question(kind="other")]
    )
    visit.refresh_from_db()
    assert visit.channel == "phone"
    assert total_tallied() == 2
    assert tallies.raw_counts() == tallies.tallied_counts()
    correction = Correction.objects.get()
    assert correction.before["channel"] == "desk"
    assert correction.reason == ""


def test_after_the_day_only_the_coordinator_corrects_and_must_give_a_reason(users, location):
    employee, coordinator = users[Role.MEDEWERKER], users[Role.COORDINATOR]
    visit = register(location, employee)
    Visit.objects.filter(pk=visit.pk).update(
        registered_at=timezone.now() - datetime.timedelta(days=1)
    )
    visit.refresh_from_db()
    with pytest.raises(RegistrationError) as refused:
        registration.delete_visit(visit, by=employee)
    assert refused.value.status == 403
    with pytest.raises(RegistrationError, match="reden"):
        registration.delete_visit(visit, by=coordinator)
    registration.delete_visit(visit, by=coordinator, reason="Dubbel geregistreerd")
    visit.refresh_from_db()
    assert visit.is_deleted
    assert total_tallied() == 0
    assert Correction.objects.get().reason == "Dubbel geregistreerd"


def test_another_employee_cannot_correct_a_colleagues_registration(users, location):
    colleague = UserFactory()
    MembershipFactory(
        user=colleague, organisation=location.organisation, location=location, role="medewerker"
    )
    visit = register(location, users[Role.MEDEWERKER])
    with pytest.raises(RegistrationError):
        registration.delete_visit(visit, by=colleague)


def test_a_deleted_visit_is_not_deleted_twice_and_its_replay_counts_nothing(users, location):
    employee = users[Role.MEDEWERKER]
    visit = register(location, employee)
    registration.delete_visit(visit, by=employee)
    with pytest.raises(RegistrationError) as refused:
        registration.delete_visit(visit, by=employee)
    assert refused.value.status == 409
    again, created = registration.register_visit(
        location=location,
        channel="desk",
        questions=[question()],
        client_id=visit.client_id,
        by=employee,
    )
    assert not created and again.pk == visit.pk
    assert total_tallied() == 0


# Desk links


def test_a_desk_link_registers_only_for_its_own_location_until_revoked(users, location):
    coordinator = users[Role.COORDINATOR]
    link, secret = desk_links.create_desk_link(location, by=coordinator, label="Tablet")
    assert desk_links.find_desk_link(secret) == link
    assert secret not in link.secret_hash
    visit = register(location, desk_link=link)
    assert visit.registered_by is None and visit.desk_link == link
    other = LocationFactory(organisation=location.organisation)
    with pytest.raises(RegistrationError):
        register(other, desk_link=link)
    desk_links.revoke_desk_link(link, by=coordinator)
    with pytest.raises(RegistrationError) as revoked:
        desk_links.find_desk_link(secret)
    assert revoked.value.status == 410
    with pytest.raises(RegistrationError):
        register(location, desk_link=link)


def test_a_forged_desk_link_is_unknown(db):
    with pytest.raises(RegistrationError) as refused:
        desk_links.find_desk_link("verzonnen-geheim")
    assert refused.value.status == 404


def test_only_coordinators_of_the_library_make_desk_links(users, location, other_location):
    with pytest.raises(RegistrationError):
        desk_links.create_desk_link(location, by=users[Role.MEDEWERKER])
    with pytest.raises(RegistrationError):
        desk_links.create_desk_link(other_location, by=users[Role.COORDINATOR])
    link, _secret = desk_links.create_desk_link(location, by=users[Role.NATIONAL])
    assert link.location == location
