"""Audit and improvement-action deletes and edits in the admin follow the services
(issue 14, item 2)."""

import pytest

from assessments.models import Audit, ImprovementAction
from assessments.services import audits as service
from ido_platform.core.models import Role
from tests.assessments.test_workflow import answer_all
from tests.ido_platform.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_started_audit_is_not_deleted_in_the_admin(client, users, audit):
    answer_all(audit, users[Role.AUDITOR])
    client.force_login(users[Role.NATIONAL])
    response = client.post(f"/admin/kwaliteit-audits/delete/{audit.pk}/", follow=True)
    assert response.status_code == 200
    assert "al begonnen" in response.content.decode()
    assert Audit.objects.filter(pk=audit.pk).exists()


def test_a_planned_audit_without_answers_can_be_deleted(client, users, audit):
    client.force_login(users[Role.NATIONAL])
    assert client.post(f"/admin/kwaliteit-audits/delete/{audit.pk}/").status_code == 302
    assert not Audit.objects.filter(pk=audit.pk).exists()


def test_the_admin_audit_form_only_takes_auditors(client, users, audit):
    client.force_login(users[Role.NATIONAL])
    response = client.post(
        f"/admin/kwaliteit-audits/edit/{audit.pk}/",
        {
            "location": audit.location_id,
            "version": audit.version_id,
            "auditors": [users[Role.MEDEWERKER].pk],
            "planned_for": "2026-12-01",
            "round": 1,
        },
    )
    assert response.status_code == 400
    assert "rol auditor" in response.content.decode()
    assert list(audit.auditors.all()) == [users[Role.AUDITOR]]


def test_an_action_marked_done_in_the_admin_needs_evidence_and_gets_a_date(client, users, audit):
    action = service.add_action(audit, description="Logo", due_date="2027-01-01")
    client.force_login(users[Role.NATIONAL])
    url = f"/admin/kwaliteit-acties/edit/{action.pk}/"
    data = {"description": "Logo", "owner": "", "due_date": "2027-01-01", "status": "done"}
    refused = client.post(url, {**data, "fix_evidence": ""})
    assert refused.status_code == 400 and "Beschrijf hoe het verbeterd is" in (
        refused.content.decode()
    )
    assert client.post(url, {**data, "fix_evidence": "Hangt er."}).status_code == 302
    action.refresh_from_db()
    assert action.status == ImprovementAction.Status.DONE and action.completed_at is not None


def test_a_frozen_version_delete_is_a_dutch_message_even_for_a_superuser(
    client, users, audit, framework_version
):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(root)
    response = client.post(f"/admin/kwaliteit-versies/delete/{framework_version.pk}/", follow=True)
    assert response.status_code == 200
    html = " ".join(response.content.decode().split())  # the message wraps over lines
    # Our refusal, or Wagtail's own when its reference index marks the version protected
    # (audits point at it with PROTECT): either way a Dutch message, never a 500.
    assert "Maak een nieuwe versie" in html or "toestemming" in html, response.redirect_chain
    assert type(framework_version).objects.filter(pk=framework_version.pk).exists()


@pytest.mark.parametrize("reference_index", ["up to date", "empty"])
def test_deleting_what_is_still_in_use_says_so_in_dutch(client, framework_version, reference_index):
    # Wagtail refuses an object its reference index marks as PROTECTed with "no access to this
    # area"; the database refuses one the index missed. Either way the user reads why.
    from wagtail.models import ReferenceIndex

    if reference_index == "empty":
        ReferenceIndex.objects.all().delete()
    else:
        ReferenceIndex.create_or_update_for_object(framework_version)
    framework = framework_version.framework
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(root)
    response = client.post(f"/admin/kwaliteit-kaders/delete/{framework.pk}/", follow=True)
    assert response.status_code == 200
    html = " ".join(response.content.decode().split())
    assert "wordt nog gebruikt en kan daarom niet worden verwijderd" in html
    assert "geen toegang" not in html
    assert type(framework).objects.filter(pk=framework.pk).exists()
