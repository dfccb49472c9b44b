"""The enrolment rules, at the service level: seats, waitlist, companions, one active
enrolment per person, promotion on cancel, moving, cancelling a run."""

from datetime import timedelta

import pytest

from django.core import mail
from django.db import IntegrityError, transaction

from courses.runs.models import CourseRun, Enrolment, EnrolmentEvent
from courses.runs.services import enrolment as service
from courses.runs.services.enrolment import EnrolmentError, enrol
from ido_platform.core.models import Message
from tests.courses.factories import CourseRunFactory, EnrolmentFactory, citizen
from tests.ido_platform.factories import UserFactory

pytestmark = pytest.mark.django_db


def statuses(run):
    return list(run.enrolments.order_by("arrival").values_list("status", flat=True))


def test_seats_fill_then_the_waitlist_takes_over(run):
    run.seats = 2
    run.save()
    results = [citizen(run, n) for n in range(4)]
    assert [r.enrolment.status for r in results] == [
        Enrolment.Status.CONFIRMED,
        Enrolment.Status.CONFIRMED,
        Enrolment.Status.WAITLISTED,
        Enrolment.Status.WAITLISTED,
    ]
    run.refresh_from_db()
    assert run.seats_left() == 0
    assert run.status == CourseRun.Status.FULL


def test_seats_left_counts_only_seat_holders(run):
    citizen(run, 1)
    cancelled = citizen(run, 2).enrolment
    service.cancel(cancelled)
    assert run.seats_left() == 7


def test_a_citizen_needs_a_name_and_a_phone_or_email(run):
    with pytest.raises(EnrolmentError):
        enrol(run, name="", phone="0612345678")
    with pytest.raises(EnrolmentError):
        enrol(run, name="Anna")
    assert not run.enrolments.exists()


def test_enrolment_without_email_is_fine(run):
    result = enrol(run, name="Anna", phone="06 12 34 56 78")
    assert result.confirmed
    assert result.enrolment.phone_normalised == "0612345678"
    assert result.enrolment.email == ""


def test_the_same_phone_written_differently_is_the_same_person(run):
    first = enrol(run, name="Anna", phone="06-12345678")
    again = enrol(run, name="Anna de Vries", phone="+31 6 1234 5678")
    assert again.created is False
    assert again.enrolment.pk == first.enrolment.pk
    assert run.enrolments.count() == 1


def test_the_same_email_in_other_case_is_the_same_person(run):
    first = enrol(run, name="Bram", email="Bram@Example.org")
    again = enrol(run, name="Bram", email=" bram@example.ORG ")
    assert (again.created, again.enrolment.pk) == (False, first.enrolment.pk)


def test_the_database_refuses_two_active_enrolments_with_one_phone(run):
    citizen(run, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(
            run=run, name="X", phone="06-00 00 00 01", status="waitlisted", arrival=99
        )


def test_after_cancelling_the_same_person_may_enrol_again(run):
    first = citizen(run, 1).enrolment
    service.cancel(first)
    again = citizen(run, 1)
    assert again.created and again.enrolment.pk != first.pk


def test_a_companion_shares_the_seat_or_the_waitlist(run):
    run.seats = 3
    run.save()
    together = citizen(run, 1, companion_name="Buurvrouw Els")
    assert together.confirmed
    assert together.companion.status == Enrolment.Status.CONFIRMED
    # One seat left: a pair does not fit, so both wait; nobody is split up.
    pair = citizen(run, 2, companion_name="Zoon Ahmed")
    assert pair.waitlisted and pair.companion.status == Enrolment.Status.WAITLISTED
    assert run.seats_left() == 1


def test_newcomers_do_not_jump_the_waitlist(run):
    run.seats = 3
    run.save()
    citizen(run, 1, companion_name="Els")
    citizen(run, 2, companion_name="Ahmed")  # waits: only one seat left
    single = citizen(run, 3)
    assert single.waitlisted


def test_cancel_promotes_the_first_on_the_waitlist_in_the_same_transaction(run):
    run.seats = 1
    run.save()
    seated = citizen(run, 1).enrolment
    first_waiting = citizen(run, 2).enrolment
    second_waiting = citizen(run, 3).enrolment
    promoted = service.cancel(seated)
    assert [p.pk for p in promoted] == [first_waiting.pk]
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.status == Enrolment.Status.CONFIRMED
    assert first_waiting.promoted_at is not None
    assert second_waiting.status == Enrolment.Status.WAITLISTED
    assert EnrolmentEvent.objects.filter(
        enrolment=first_waiting, kind=EnrolmentEvent.Kind.PROMOTED
    ).exists()


def test_promotion_is_rolled_back_with_the_cancellation(run):
    run.seats = 1
    run.save()
    seated = citizen(run, 1).enrolment
    waiting = citizen(run, 2).enrolment
    with pytest.raises(RuntimeError), transaction.atomic():
        service.cancel(seated)
        raise RuntimeError("the request failed after cancelling")
    seated.refresh_from_db()
    waiting.refresh_from_db()
    assert (seated.status, waiting.status) == ("confirmed", "waitlisted")
    assert not Message.objects.filter(kind="course_promoted").exists()


def test_a_waiting_pair_that_does_not_fit_keeps_its_place_while_a_single_moves_up(run):
    run.seats = 2
    run.save()
    a = citizen(run, 1).enrolment
    citizen(run, 2)
    pair = citizen(run, 3, companion_name="Els").enrolment
    single = citizen(run, 4).enrolment
    service.cancel(a)
    pair.refresh_from_db()
    single.refresh_from_db()
    assert pair.status == Enrolment.Status.WAITLISTED
    assert single.status == Enrolment.Status.CONFIRMED


def test_cancelling_twice_is_harmless(run):
    enrolment = citizen(run, 1).enrolment
    service.cancel(enrolment)
    assert service.cancel(enrolment) == []
    assert EnrolmentEvent.objects.filter(kind=EnrolmentEvent.Kind.CANCELLED).count() == 1


def test_cancelling_a_companion_frees_only_their_seat(run):
    result = citizen(run, 1, companion_name="Els")
    service.cancel(result.companion)
    result.enrolment.refresh_from_db()
    assert result.enrolment.status == Enrolment.Status.CONFIRMED
    assert run.seats_left() == 7


def test_staff_members_enrol_by_user_with_the_same_rules(staff_course, location):
    training = CourseRunFactory(course=staff_course, location=location, seats=1)
    first, second = UserFactory(), UserFactory()
    assert enrol(training, user=first).confirmed
    assert enrol(training, user=second).waitlisted
    assert enrol(training, user=first).created is False
    assert training.enrolments.count() == 2


def test_a_started_run_is_closed_for_the_public_but_open_for_assisted_moves(digisterker, location):
    started = CourseRunFactory(
        course=digisterker, location=location, meetings__starts_in=-timedelta(days=1)
    )
    with pytest.raises(EnrolmentError):
        citizen(started, 1)
    assert citizen(started, 1, allow_closed=True).confirmed


def test_a_cancelled_run_takes_nobody(run):
    service.cancel_run(run, by=None, reason="De docent is ziek.")
    with pytest.raises(EnrolmentError):
        citizen(run, 1, allow_closed=True)


def test_cancelling_a_run_cancels_and_tells_everyone(run, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        enrol(run, name="Anna", email="anna@example.org")
        enrol(run, name="Bram", phone="0611111111")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        affected = service.cancel_run(run, by=None, reason="De docent is ziek.")
    assert {e.status for e in affected} == {Enrolment.Status.CANCELLED}
    assert len(affected) == 2
    assert [m.to for m in mail.outbox] == [["anna@example.org"]]
    assert "De docent is ziek." in mail.outbox[0].body
    run.refresh_from_db()
    assert run.status == CourseRun.Status.CANCELLED


def test_move_to_another_run_logs_the_reason_and_frees_the_old_seat(run, digisterker, location):
    other = CourseRunFactory(course=digisterker, location=location, seats=8)
    run.seats = 1
    run.save()
    coordinator = UserFactory()
    moving = citizen(run, 1).enrolment
    waiting = citizen(run, 2).enrolment
    result = service.move(moving, other, by=coordinator, reason="Kan alleen op dinsdag.")
    assert result.enrolment.run == other and result.confirmed
    waiting.refresh_from_db()
    assert waiting.status == Enrolment.Status.CONFIRMED
    moved_out = EnrolmentEvent.objects.get(enrolment=moving, kind=EnrolmentEvent.Kind.MOVED_OUT)
    assert (moved_out.reason, moved_out.by) == ("Kan alleen op dinsdag.", coordinator)


def test_move_needs_a_reason(run, digisterker, location):
    other = CourseRunFactory(course=digisterker, location=location)
    with pytest.raises(EnrolmentError):
        service.move(citizen(run, 1).enrolment, other, by=None, reason=" ")


def test_coordinator_promotes_out_of_turn_only_into_a_free_seat(run):
    run.seats = 1
    run.save()
    seated = citizen(run, 1).enrolment
    citizen(run, 2)
    later = citizen(run, 3).enrolment
    with pytest.raises(EnrolmentError):
        service.promote(later, by=None, reason="Voorrang")
    service.cancel(seated, notify=False)  # promotes number 2, the run is full again
    with pytest.raises(EnrolmentError):
        service.promote(later, by=None)
    run.seats = 2
    run.save()
    service.promote(later, by=None, reason="Verwezen door het UWV")
    later.refresh_from_db()
    assert later.status == Enrolment.Status.CONFIRMED


def test_complete_and_no_show(run):
    enrolment = citizen(run, 1).enrolment
    service.mark_no_show(enrolment)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.NO_SHOW
    service.complete(enrolment, override_reason="Afgerond buiten de bijeenkomsten om")
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED and enrolment.completed_at
    waiting = EnrolmentFactory(run=run, status=Enrolment.Status.WAITLISTED, arrival=50)
    with pytest.raises(EnrolmentError):
        service.complete(waiting)
