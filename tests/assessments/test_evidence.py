"""Evidence photos: verified, limited, re-encoded, without EXIF/GPS; each shown on the
scoring form of its theme and in the report, and removable (logged) until submission."""

import html

import pytest

from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import ApprovedAuditError, Audit, AuditEvent, EvidencePhoto
from assessments.services import evidence
from assessments.services.audits import AuditStateError
from assessments.services.evidence import MAX_BYTES, clean_photo
from ido_platform.core.models import Role
from tests.assessments.factories import FrameworkVersionFactory, ThemeFactory
from tests.assessments.images import bomb_png, has_gps, jpeg_with_gps, png_bytes, upload
from tests.ido_platform.factories import MembershipFactory, UserFactory
from tests.pdf import pdf_text


def test_a_photo_is_re_encoded_without_its_gps_tag():
    original = jpeg_with_gps()
    assert has_gps(original)  # the test image really carries a location

    cleaned, width, height = clean_photo(upload(original))

    assert not has_gps(cleaned)
    assert b"Exif" not in cleaned[:200]
    assert (width, height) == (64, 48)


def test_a_png_becomes_a_jpeg():
    cleaned, _, _ = clean_photo(upload(png_bytes(), "a.png", "image/png"))
    assert cleaned[:3] == b"\xff\xd8\xff"


@pytest.mark.parametrize(
    ("data", "content_type", "message"),
    [
        (b"%PDF-1.4 dit is geen foto", "image/jpeg", "geen foto"),
        (jpeg_with_gps()[:300], "image/jpeg", "geen foto of het is beschadigd"),
        (png_bytes(), "image/jpeg", "geen image/jpeg"),
        (png_bytes(), "application/pdf", "bestandstype"),
        (bomb_png(), "image/png", "te veel pixels"),
        (b"\xff" * (MAX_BYTES + 1), "image/jpeg", "te groot"),
    ],
    ids=["non-image", "truncated", "mime-mismatch", "wrong-mime", "decompression-bomb", "too-big"],
)
def test_bad_files_are_refused_with_a_dutch_message(data, content_type, message):
    with pytest.raises(ValidationError) as refused:
        clean_photo(upload(data, content_type=content_type))
    assert message in refused.value.messages[0]


# --- Where a photo is shown, and removing a wrong one -------------------------------------


def theme_of(audit, key):
    return audit.version.themes.get(key=key)


def add_general_photo(audit, users, key="herkenbaar", caption="Bord bij de ingang", size=(64, 48)):
    """A photo "for the theme in general": no criterion."""
    return evidence.add_photo(
        audit,
        upload=upload(jpeg_with_gps(size=size)),
        by=users[Role.AUDITOR],
        theme=theme_of(audit, key),
        caption=caption,
    )


def score_url(audit, key="herkenbaar"):
    return reverse("assessments:score", args=[audit.pk, key])


def remove_url(photo):
    return reverse("assessments:remove_photo", args=[photo.pk])


@pytest.fixture
def auditor_client(client, users):
    client.force_login(users[Role.AUDITOR])
    return client


@pytest.mark.django_db
def test_a_photo_for_the_theme_in_general_belongs_to_that_theme(audit, users):
    photo = add_general_photo(audit, users)

    assert photo.criterion is None and photo.theme == theme_of(audit, "herkenbaar")


@pytest.mark.django_db
def test_a_photo_for_a_criterion_belongs_to_the_criterions_theme(audit, users):
    logo = theme_of(audit, "herkenbaar").criteria.get(key="logo")
    photo = evidence.add_photo(
        audit,
        upload=upload(jpeg_with_gps()),
        by=users[Role.AUDITOR],
        theme=theme_of(audit, "mensen"),  # the criterion decides
        criterion=logo,
    )
    assert photo.theme_id == logo.theme_id


@pytest.mark.django_db
def test_a_photo_needs_a_theme_of_the_audits_own_framework_version(audit, users):
    foreign = ThemeFactory(version=FrameworkVersionFactory(), key="elders")
    for theme in (None, foreign):
        with pytest.raises(ValidationError) as refused:
            evidence.add_photo(
                audit, upload=upload(jpeg_with_gps()), by=users[Role.AUDITOR], theme=theme
            )
        assert "Kies het thema" in refused.value.messages[0]
    assert not EvidencePhoto.objects.exists()


@pytest.mark.django_db
def test_the_general_photo_is_shown_on_its_themes_form_and_not_on_another(
    auditor_client, audit, users
):
    photo = add_general_photo(audit, users)

    page = auditor_client.get(score_url(audit)).content.decode()
    assert reverse("assessments:photo", args=[photo.pk]) in page
    assert "Bord bij de ingang" in page and "Algemeen bij dit thema" in page
    assert remove_url(photo) in page  # removable while scoring is open
    other = auditor_client.get(score_url(audit, "mensen")).content.decode()
    assert reverse("assessments:photo", args=[photo.pk]) not in other


@pytest.mark.django_db
def test_every_photo_is_in_the_report_under_its_theme(auditor_client, audit, users):
    general = add_general_photo(audit, users)
    people = add_general_photo(audit, users, key="mensen", caption="Rooster van de training")
    orphan = add_general_photo(audit, users, caption="Oude foto")
    EvidencePhoto.objects.filter(pk=orphan.pk).update(theme=None)  # stored before themes

    page = auditor_client.get(reverse("assessments:report", args=[audit.pk])).content.decode()

    for photo in (general, people, orphan):
        assert reverse("assessments:photo", args=[photo.pk]) in page
    section = page[page.index('id="fotos"') :]
    assert section.index("Herkenbaar IDO") < section.index("Bord bij de ingang")
    assert section.index("Bord bij de ingang") < section.index("Deskundige mensen")
    assert section.index("Deskundige mensen") < section.index("Rooster van de training")
    assert section.index("Zonder thema") < section.index("Oude foto")
    assert remove_url(general) not in page  # the report only shows


@pytest.mark.django_db
def test_removing_a_photo_deletes_it_and_logs_who_and_when(
    audit, users, django_capture_on_commit_callbacks
):
    photo = add_general_photo(audit, users)
    storage, name = photo.image.storage, photo.image.name
    assert storage.exists(name)
    auditor = users[Role.AUDITOR]
    before = timezone.now()

    with django_capture_on_commit_callbacks(execute=True):
        event = evidence.remove_photo(photo, by=auditor)

    assert not EvidencePhoto.objects.filter(pk=photo.pk).exists()
    assert not storage.exists(name)
    event = AuditEvent.objects.get(audit=audit, kind=AuditEvent.Kind.PHOTO_REMOVED)
    assert event.by == auditor and event.at >= before
    assert "Bord bij de ingang" in event.reason and "algemeen bij Herkenbaar IDO" in event.reason


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Audit.Status.SUBMITTED, Audit.Status.APPROVED])
def test_a_photo_cannot_be_removed_once_the_audit_is_submitted(audit, users, status):
    photo = add_general_photo(audit, users)
    Audit.objects.filter(pk=audit.pk).update(status=status)

    with pytest.raises((AuditStateError, ApprovedAuditError)) as refused:
        evidence.remove_photo(photo, by=users[Role.AUDITOR])

    assert "kan niet meer" in refused.value.messages[0] or "ingediend" in refused.value.messages[0]
    assert EvidencePhoto.objects.filter(pk=photo.pk).exists()
    assert not AuditEvent.objects.filter(kind=AuditEvent.Kind.PHOTO_REMOVED).exists()


@pytest.mark.django_db
def test_the_auditor_removes_a_photo_by_post_and_returns_to_the_theme(auditor_client, audit, users):
    photo = add_general_photo(audit, users)

    response = auditor_client.post(remove_url(photo))

    assert response.status_code == 302 and response.headers["Location"] == score_url(audit)
    assert not EvidencePhoto.objects.filter(pk=photo.pk).exists()
    history = auditor_client.get(reverse("assessments:report", args=[audit.pk])).content.decode()
    assert "Bewijsfoto verwijderd" in history


@pytest.mark.django_db
def test_removing_needs_a_post_with_a_csrf_token(audit, users):
    photo = add_general_photo(audit, users)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(users[Role.AUDITOR])

    assert strict.get(remove_url(photo)).status_code == 405
    assert strict.post(remove_url(photo)).status_code == 403  # no token
    assert EvidencePhoto.objects.filter(pk=photo.pk).exists()
    page = strict.get(score_url(audit))
    token = page.context["csrf_token"]
    assert strict.post(remove_url(photo), {"csrfmiddlewaretoken": str(token)}).status_code == 302
    assert not EvidencePhoto.objects.filter(pk=photo.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["other_auditor", Role.COORDINATOR, Role.MEDEWERKER])
def test_only_who_may_add_photos_may_remove_them(client, audit, users, national_org, who):
    photo = add_general_photo(audit, users)
    if who == "other_auditor":
        user = UserFactory(username="ander-auditor")
        MembershipFactory(user=user, organisation=national_org, role=Role.AUDITOR)
    else:
        user = users[who]
    client.force_login(user)

    assert client.post(remove_url(photo)).status_code == 403
    assert client.get(score_url(audit)).status_code == 403  # nor add one
    assert EvidencePhoto.objects.filter(pk=photo.pk).exists()


@pytest.mark.django_db
def test_after_submission_removal_is_refused_in_dutch_and_the_button_is_gone(
    auditor_client, audit, users
):
    photo = add_general_photo(audit, users)
    Audit.objects.filter(pk=audit.pk).update(status=Audit.Status.SUBMITTED)

    response = auditor_client.post(remove_url(photo))

    assert response.status_code == 409
    assert "u kunt geen foto's meer verwijderen" in html.unescape(response.content.decode())
    assert EvidencePhoto.objects.filter(pk=photo.pk).exists()
    page = auditor_client.get(score_url(audit)).content.decode()
    assert reverse("assessments:photo", args=[photo.pk]) in page  # still shown
    assert remove_url(photo) not in page


@pytest.mark.django_db
def test_the_report_pdf_carries_every_photo_under_its_theme(auditor_client, audit, users):
    add_general_photo(audit, users)
    add_general_photo(audit, users, key="mensen", caption="Rooster van de training", size=(80, 60))

    response = auditor_client.get(reverse("assessments:report_pdf", args=[audit.pk]))

    assert response.status_code == 200
    assert response.content.count(b"/Subtype /Image") == 2
    text = pdf_text(response.content)
    assert "Bewijsfoto's" in text
    assert text.index("Herkenbaar IDO", text.index("Bewijsfoto's")) < text.index(
        "Bord bij de ingang"
    )
    assert "Rooster van de training (Algemeen bij dit thema)" in text
