"""Frameworks, audits and actions in the Wagtail admin."""

import pytest

from assessments.models import Criterion
from ido_platform.core.models import Role

pytestmark = pytest.mark.django_db

LISTS = [
    "/admin/kwaliteit-kaders/",
    "/admin/kwaliteit-versies/",
    "/admin/kwaliteit-themas/",
    "/admin/kwaliteit-yesnocriterion/",
    "/admin/kwaliteit-scalecriterion/",
    "/admin/kwaliteit-numbercriterion/",
    "/admin/kwaliteit-testcasecriterion/",
    "/admin/kwaliteit-derivedcriterion/",
    "/admin/kwaliteit-audits/",
    "/admin/kwaliteit-acties/",
]


@pytest.mark.parametrize("url", LISTS)
def test_national_admin_sees_every_assessments_list(client, users, audit, url):
    client.force_login(users[Role.NATIONAL])
    assert client.get(url).status_code == 200
    assert client.get(url, {"export": "csv"}).status_code == 200


def test_a_used_version_cannot_be_edited_in_the_admin(client, users, audit, framework_version):
    client.force_login(users[Role.NATIONAL])
    criterion = Criterion.objects.filter(theme__version=framework_version).first()
    url = f"/admin/kwaliteit-{criterion._meta.model_name}/edit/{criterion.pk}/"
    # Unused: the edit form opens.
    audit.delete()
    assert client.get(url).status_code == 200


def test_used_version_edit_is_refused(client, users, audit, framework_version):
    client.force_login(users[Role.NATIONAL])
    criterion = Criterion.objects.filter(theme__version=framework_version).first()
    url = f"/admin/kwaliteit-{criterion._meta.model_name}/edit/{criterion.pk}/"
    assert client.get(url).status_code in (302, 403)
    assert client.get(f"/admin/kwaliteit-versies/edit/{framework_version.pk}/").status_code in (
        302,
        403,
    )


def test_coordinator_sees_only_own_organisation_actions(client, users, audit):
    from assessments.models import ImprovementAction

    ImprovementAction.objects.create(audit=audit, description="Eigen actie", due_date="2027-01-01")
    client.force_login(users[Role.COORDINATOR])
    html = client.get("/admin/kwaliteit-acties/").content.decode()
    assert "Eigen actie" in html
    assert client.get("/admin/kwaliteit-kaders/").status_code in (302, 403)
