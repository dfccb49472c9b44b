"""The library's timeline of an application: steps, letters, payments and deadlines merged
and sorted by date, on the application page."""

import datetime
from decimal import Decimal

import pytest

from django.urls import reverse
from django.utils import timezone

from funding.services import applications as service
from funding.services import reminders
from funding.services.timeline import DEADLINE, LETTER, PAYMENT, STEP, timeline
from ido_platform.core.models import Role

pytestmark = pytest.mark.django_db


def moment(day, hour=12):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def days(n):
    return datetime.timedelta(days=n)


@pytest.fixture
def subsidy_round(subsidy_round):
    """The factory's round (open today) with its period after the window: the grant comes
    first, then the period, then the accountability deadline."""
    subsidy_round.period_start = subsidy_round.closes_on + days(5)
    subsidy_round.period_end = subsidy_round.closes_on + days(200)
    subsidy_round.accountability_due = subsidy_round.period_end + days(60)
    subsidy_round.save()
    return subsidy_round


@pytest.fixture
def draft(subsidy_round, library, work_area, location, users):
    return service.start(
        subsidy_round=subsidy_round, organisation=library, by=users[Role.COORDINATOR]
    )


@pytest.fixture
def granted(draft, subsidy_round, users, approver):
    coordinator = users[Role.COORDINATOR]
    service.submit(draft, by=coordinator)
    service.assess(draft, by=users[Role.NATIONAL], advice="grant", reason="Goed")
    after_window = moment(subsidy_round.closes_on + days(1))
    return service.decide(draft, by=approver, grant=True, now=after_window)


def summary(entries):
    return [(entry.kind, str(entry.label)) for entry in entries]


def test_a_draft_shows_the_close_of_the_window(draft, subsidy_round):
    today = subsidy_round.closes_on - datetime.timedelta(days=2)
    entries = timeline(draft, today=today)
    assert summary(entries) == [(DEADLINE, "Aanvraagperiode sluit")]
    assert entries[0].day == subsidy_round.closes_on
    assert entries[0].upcoming and not entries[0].overdue
    late = timeline(draft, today=subsidy_round.closes_on + datetime.timedelta(days=1))
    assert late[0].overdue and not late[0].upcoming


def test_a_granted_application_has_its_letter_advance_and_deadlines_in_date_order(
    granted, subsidy_round, users
):
    entries = timeline(granted, today=subsidy_round.closes_on + days(2))
    assert summary(entries) == [
        (STEP, "Ingediend"),
        (STEP, "Beoordeeld"),
        (STEP, "Verleend"),
        (LETTER, "Verleningsbeschikking"),
        (PAYMENT, "Voorschot"),
        (DEADLINE, "Einde van de subsidieperiode"),
        (DEADLINE, "Herinnering per e-mail"),
        (DEADLINE, "Verantwoording uiterlijk"),
    ]
    dates = [entry.day for entry in entries]
    assert dates == sorted(dates)
    letter, advance = entries[3], entries[4]
    assert letter.url == reverse("funding:letter", args=[granted.pk, "verleningsbeschikking"])
    assert letter.day == timezone.localdate(granted.decided_at)
    assert advance.amount == Decimal(33_200) == granted.advance_amount
    reminder, due = entries[6], entries[7]
    assert due.day == subsidy_round.accountability_due
    assert reminder.day == due.day - datetime.timedelta(days=reminders.DAYS_AHEAD)
    assert due.upcoming and not due.overdue
    assert entries[1].by == users[Role.NATIONAL].get_full_name() and entries[1].detail == "Goed"


def test_a_missed_accountability_deadline_is_overdue_and_a_sent_reminder_is_a_step(
    granted, subsidy_round
):
    due = subsidy_round.accountability_due
    reminders.send_accountability_reminders(today=due - datetime.timedelta(days=3))
    entries = timeline(granted, today=due + datetime.timedelta(days=1))
    labels = summary(entries)
    assert (STEP, "Herinnering verantwoording verstuurd") in labels
    assert (DEADLINE, "Herinnering per e-mail") not in labels
    assert entries[-1].label == "Verantwoording uiterlijk" and entries[-1].overdue


def test_after_settlement_the_letter_and_the_reclaim_follow_the_steps(
    granted, users, subsidy_round
):
    coordinator, national = users[Role.COORDINATOR], users[Role.NATIONAL]
    end, due = subsidy_round.period_end, subsidy_round.accountability_due
    service.submit_accountability(
        granted, by=coordinator, explanation="Klaar", now=moment(end + days(10))
    )
    service.settle(
        granted, by=national, amount=30_000, reason="Minder besteed", now=moment(due + days(30))
    )
    granted.refresh_from_db()
    entries = timeline(granted, today=due + days(60))
    assert summary(entries)[-6:] == [
        (DEADLINE, "Einde van de subsidieperiode"),
        (STEP, "Verantwoording ingediend"),
        (DEADLINE, "Verantwoording uiterlijk"),
        (STEP, "Vastgesteld"),
        (LETTER, "Vaststellingsbrief"),
        (PAYMENT, "Terugvordering"),
    ]
    assert entries[-1].amount == Decimal(3_200) == granted.reclaim_amount
    assert entries[-2].url == reverse("funding:letter", args=[granted.pk, "vaststelling"])
    # Accounted for in time: the deadline is neither overdue nor still to come.
    assert not entries[-4].overdue and not entries[-4].upcoming


def test_a_settlement_above_the_advance_pays_the_rest(granted, users, subsidy_round):
    after = moment(subsidy_round.period_end + days(1))
    service.submit_accountability(granted, by=users[Role.COORDINATOR], explanation="", now=after)
    service.settle(granted, by=users[Role.NATIONAL], amount=41_500, now=after + days(1))
    granted.refresh_from_db()
    payments = [entry for entry in timeline(granted) if entry.kind == PAYMENT]
    assert [(entry.label, entry.amount) for entry in payments] == [
        ("Voorschot", Decimal(33_200)),
        ("Betaling van de rest", Decimal(8_300)),
    ]


def test_the_application_page_shows_the_timeline(client, users, granted):
    client.force_login(users[Role.COORDINATOR])
    html = client.get(reverse("funding:application", args=[granted.pk])).content.decode()
    letter = reverse("funding:letter", args=[granted.pk, "verleningsbeschikking"])
    assert f'<a href="{letter}">Verleningsbeschikking (PDF)</a>' in html
    assert "Voorschot</li>" not in html  # the amount and the rule follow the label
    assert "Voorschot (€ 33.200)" in html
    assert html.index("Verleningsbeschikking (PDF)") < html.index("Verantwoording uiterlijk")
