"""Evidence photos and certificates live in private storage: no URL maps to it, and only the
views that ask the access rule hand them out (issue 10, item 5)."""

import uuid

import pytest

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.test import override_settings
from django.urls import reverse

from assessments.services import evidence
from courses.learning.models import Certificate, Completion, QuizAttempt
from courses.learning.services import certificates
from ido_platform.core import private_files
from ido_platform.core.models import Role
from tests.assessments.fixtures import audit, framework_version  # noqa: F401
from tests.assessments.images import jpeg_with_gps, upload
from tests.ido_platform.factories import MembershipFactory, UserFactory
from tests.learning import factories as learning_factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def disk(tmp_path):
    """Real folders, as in production: public media and private files side by side."""
    media, private = tmp_path / "media", tmp_path / "private"
    with override_settings(
        MEDIA_ROOT=media,
        PRIVATE_MEDIA_ROOT=private,
        ROOT_URLCONF="tests.ido_platform.media_urls",
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "private": {"BACKEND": "ido_platform.core.private_files.PrivateFileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ):
        yield media, private


@pytest.fixture
def stranger(other_library, other_location):
    """A coordinator of another organisation."""
    user = UserFactory(username="elders")
    MembershipFactory(
        user=user, organisation=other_library, location=other_location, role=Role.COORDINATOR
    )
    return user


@pytest.fixture
def photo(disk, audit, users):  # noqa: F811 — the audit fixture
    return evidence.add_photo(
        audit,
        upload=upload(jpeg_with_gps()),
        by=users[Role.AUDITOR],
        theme=audit.version.themes.first(),
        caption="Balie",
    )


@pytest.fixture
def certificate(disk, site_pages, users):
    module = learning_factories.module(learning_factories.catalogue(site_pages), lessons=1)
    employee = users[Role.MEDEWERKER]
    attempt = QuizAttempt.objects.create(
        user=employee,
        quiz=module.quiz(),
        module=module,
        token=uuid.uuid4(),
        correct_count=1,
        question_count=1,
        score=100,
        passed=True,
    )
    completion = Completion.objects.create(user=employee, module=module, attempt=attempt)
    made = Certificate.objects.create(
        completion=completion, code="ABCD2345EFGH", holder_name="Mia Medewerker"
    )
    return certificates.generate_file(made.pk)


def private_names(private_root):
    return [p.relative_to(private_root).as_posix() for p in private_root.rglob("*") if p.is_file()]


def test_private_files_are_stored_outside_the_public_media_folder(disk, photo, certificate):
    media, private = disk
    stored = private_names(private)
    assert sorted(stored) == sorted([photo.image.name, certificate.file.name])
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_a_certificate_file_is_not_named_after_its_verification_code(certificate):
    name = certificate.file.name
    assert name.startswith("certificaten/") and name.endswith(".pdf")
    assert certificate.code.lower() not in name.lower()
    assert "abcd" not in name.lower()


def test_a_private_file_has_no_public_url(photo):
    with pytest.raises(ValueError, match="no public URL"):
        _ = photo.image.url


@pytest.mark.parametrize("who", ["anonymous", "other_organisation", "owner"])
def test_every_private_files_direct_media_url_is_a_404(
    client, disk, photo, certificate, users, stranger, who
):
    _, private = disk
    if who == "other_organisation":
        client.force_login(stranger)
    elif who == "owner":
        client.force_login(users[Role.NATIONAL])
    names = private_names(private)
    assert len(names) == 2
    for name in names:
        assert client.get(f"/media/{name}").status_code == 404, name


def test_the_evidence_view_serves_the_photo_to_the_auditor_only(client, photo, users, stranger):
    url = reverse("assessments:photo", args=[photo.pk])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(stranger)
    assert client.get(url).status_code == 403
    client.force_login(users[Role.AUDITOR])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"
    assert "no-store" in response["Cache-Control"]


def test_the_certificate_view_serves_the_pdf_to_its_holder_only(
    client, certificate, users, stranger
):
    url = reverse("learning:certificate_download", args=[certificate.pk])
    client.force_login(stranger)
    assert client.get(url).status_code == 403
    client.force_login(users[Role.MEDEWERKER])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert 'filename="certificaat-abcd2345efgh.pdf"' in response["Content-Disposition"]


def test_the_web_server_can_send_large_files_by_internal_redirect(client, photo, users):
    client.force_login(users[Role.AUDITOR])
    url = reverse("assessments:photo", args=[photo.pk])
    with override_settings(
        PRIVATE_MEDIA_SERVER="x-accel-redirect", PRIVATE_MEDIA_INTERNAL_URL="/_private/"
    ):
        response = client.get(url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_private/{photo.image.name}"
    assert response.content == b""


def test_the_migration_step_moves_public_files_into_private_storage(disk):
    media, private = disk
    public = storages["default"]
    old_name = public.save("certificaten/certificaat-abcd2345efgh.pdf", ContentFile(b"%PDF-1"))
    assert (media / old_name).exists()

    class Row:
        pk = 1

    moved = []

    class FakeQuerySet:
        """Stands in for the historical model's queryset the migration passes."""

        def exclude(self, **kwargs):
            return self

        def iterator(self):
            row = Row()
            row.file = ContentFile(b"", name=old_name)
            return iter([row])

    class Objects:
        @staticmethod
        def filter(pk):
            class Update:
                @staticmethod
                def update(**values):
                    moved.append(values["file"])

            return Update

    Row.objects = Objects
    count = private_files.move_to_private(
        FakeQuerySet(), "file", new_name=lambda row, old: "certificaten/willekeurig.pdf"
    )

    assert count == 1
    assert moved == ["certificaten/willekeurig.pdf"]
    assert not (media / old_name).exists()
    assert (private / "certificaten" / "willekeurig.pdf").read_bytes() == b"%PDF-1"


def test_the_system_check_refuses_private_files_inside_the_public_media_folder(tmp_path):
    from ido_platform.core.checks import private_files_are_not_public

    with override_settings(MEDIA_ROOT=tmp_path, PRIVATE_MEDIA_ROOT=tmp_path / "private"):
        errors = private_files_are_not_public(None)
    assert [error.id for error in errors] == ["ido.E005"]
    with override_settings(MEDIA_ROOT=tmp_path / "media", PRIVATE_MEDIA_ROOT=tmp_path / "private"):
        assert private_files_are_not_public(None) == []
