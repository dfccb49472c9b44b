"""The Wagtail admin for the network: lists, scoping, export and adding staff."""

import pytest

from django.core import mail

from ido_platform.core.models import Membership, Message, Role

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/admin/",
        "/admin/location/",
        "/admin/libraryorganisation/",
        "/admin/serviceprovider/",
        "/admin/supportorganisation/",
        "/admin/topic/",
        "/admin/membership/",
        "/admin/message/",
    ],
)
def test_national_admin_sees_every_network_list(client, users, url):
    client.force_login(users[Role.NATIONAL])
    assert client.get(url).status_code == 200


def test_medewerker_has_no_admin_access(client, users):
    client.force_login(users[Role.MEDEWERKER])
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_coordinator_lists_and_edits_only_own_locations(client, users, location, other_location):
    client.force_login(users[Role.COORDINATOR])
    html = client.get("/admin/location/").content.decode()
    assert "Informatiepunt Eigen" in html
    assert "Informatiepunt Ander" not in html
    assert client.get(f"/admin/location/edit/{location.pk}/").status_code == 200
    assert client.get(f"/admin/location/edit/{other_location.pk}/").status_code in (302, 403)


def test_coordinator_cannot_open_outbox(client, users):
    client.force_login(users[Role.COORDINATOR])
    assert client.get("/admin/message/").status_code in (302, 403)


def test_location_list_exports_as_csv_and_xlsx(client, users, location):
    client.force_login(users[Role.NATIONAL])
    csv = client.get("/admin/location/", {"export": "csv"})
    assert csv.status_code == 200
    body = b"".join(csv.streaming_content).decode() if csv.streaming else csv.content.decode()
    assert "Informatiepunt Eigen" in body
    xlsx = client.get("/admin/location/", {"export": "xlsx"})
    assert xlsx.status_code == 200
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_adding_a_member_welcomes_them_after_commit(
    client, users, library, django_capture_on_commit_callbacks
):
    from tests.ido_platform.factories import UserFactory

    newcomer = UserFactory(username="nieuw", email="nieuw@example.org")
    client.force_login(users[Role.COORDINATOR])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/membership/new/",
            {"user": newcomer.pk, "organisation": library.pk, "location": "", "role": "medewerker"},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Membership.objects.filter(user=newcomer, role=Role.MEDEWERKER).exists()
    message = Message.objects.get(kind="welcome", recipient="nieuw@example.org")
    assert message.status == Message.Status.SENT
    assert len(mail.outbox) == 1 and "Welkom" in mail.outbox[0].subject


def test_coordinator_cannot_make_someone_auditor(client, users, library):
    from tests.ido_platform.factories import UserFactory

    newcomer = UserFactory(username="nieuw2")
    client.force_login(users[Role.COORDINATOR])
    response = client.post(
        "/admin/membership/new/",
        {"user": newcomer.pk, "organisation": library.pk, "location": "", "role": "auditor"},
    )
    assert response.status_code == 400  # the form comes back with an error
    assert not Membership.objects.filter(user=newcomer).exists()


def test_editor_gets_wagtail_page_permissions_through_role_group(users):
    editor = users[Role.EDITOR]
    assert editor.groups.filter(name="Redacteuren").exists()
    from wagtail.models import Page

    root = Page.get_first_root_node()
    assert root.permissions_for_user(editor).can_add_subpage()
    medewerker = users[Role.MEDEWERKER]
    assert not root.permissions_for_user(medewerker).can_add_subpage()
