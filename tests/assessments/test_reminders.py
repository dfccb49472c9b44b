"""Reminders for improvement actions: before the due date to the owner, when overdue to
the coordinators; each once, however often the task runs."""

import datetime

import pytest

from django.conf import settings

from assessments.services import actions
from assessments.services import audits as service
from assessments.tasks import send_action_reminders
from ido_platform.core.models import Message, Role

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 3, 1)


def test_owner_is_reminded_a_week_before_and_only_once(audit, users):
    service.add_action(
        audit,
        description="Logo ophangen",
        due_date=TODAY + datetime.timedelta(days=5),
        owner=users[Role.MEDEWERKER],
    )
    service.add_action(audit, description="Later", due_date=TODAY + datetime.timedelta(days=30))

    assert actions.send_action_reminders(TODAY) == (1, 0)
    assert actions.send_action_reminders(TODAY) == (0, 0)
    sent = Message.objects.filter(kind="action_reminder")
    assert [m.recipient for m in sent] == [users[Role.MEDEWERKER].email]
    assert "Logo ophangen" in sent[0].body


def test_coordinators_hear_about_overdue_actions_once(audit, users):
    service.add_action(audit, description="Folders", due_date=TODAY - datetime.timedelta(days=1))
    done = service.add_action(
        audit, description="Klaar", due_date=TODAY - datetime.timedelta(days=3)
    )
    service.update_action(done, status="done", fix_evidence="Gedaan.")

    assert actions.send_action_reminders(TODAY) == (0, 1)
    assert actions.send_action_reminders(TODAY + datetime.timedelta(days=1)) == (0, 0)
    overdue = Message.objects.get(kind="action_overdue")
    assert overdue.recipient == users[Role.COORDINATOR].email


def test_the_task_is_scheduled_and_calls_the_service(audit):
    entry = settings.CELERY_BEAT_SCHEDULE["assessments-action-reminders"]
    assert entry["task"] == send_action_reminders.name
    assert send_action_reminders.delay().get() == {"reminders": 0, "overdue": 0}


def test_a_reminder_to_nobody_is_not_stamped_sent_but_visible_and_retried(client, audit, users):
    """Issue 14, item 4: coordinators without an e-mail address."""
    from ido_platform.core.models import Membership

    coordinators = [
        m.user for m in Membership.objects.filter(role=Role.COORDINATOR).select_related("user")
    ]
    for user in coordinators:
        user.email = ""
        user.save()
    action = service.add_action(
        audit, description="Folders", due_date=TODAY - datetime.timedelta(days=1)
    )

    assert actions.send_action_reminders(TODAY) == (0, 0)
    assert actions.send_action_reminders(TODAY + datetime.timedelta(days=1)) == (0, 0)
    action.refresh_from_db()
    assert action.overdue_notice_sent_on is None
    assert action.reminders_undeliverable
    failed = Message.objects.get(kind="action_overdue")  # recorded once, not every day
    assert failed.status == Message.Status.FAILED and "e-mailadres" in failed.last_error

    client.force_login(users[Role.NATIONAL])
    outbox_list = client.get("/admin/message/", {"status": "failed"}).content.decode()
    assert "action_overdue" in outbox_list
    actions_list = client.get("/admin/kwaliteit-acties/").content.decode()
    assert "kon niet worden bezorgd" in actions_list

    coordinators[0].email = "weer@example.org"
    coordinators[0].save()
    assert actions.send_action_reminders(TODAY + datetime.timedelta(days=2)) == (0, 1)
    action.refresh_from_db()
    assert action.overdue_notice_sent_on == TODAY + datetime.timedelta(days=2)
    assert not action.reminders_undeliverable
    assert Message.objects.filter(kind="action_overdue", recipient="weer@example.org").exists()


def test_an_owner_without_address_falls_back_to_the_coordinators(audit, users):
    owner = users[Role.MEDEWERKER]
    owner.email = ""
    owner.save()
    service.add_action(
        audit, description="Logo", due_date=TODAY + datetime.timedelta(days=3), owner=owner
    )
    assert actions.send_action_reminders(TODAY) == (1, 0)
    sent = Message.objects.get(kind="action_reminder")
    assert sent.recipient == users[Role.COORDINATOR].email
