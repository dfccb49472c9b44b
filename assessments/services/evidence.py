"""Evidence photos: verified with Pillow, limited in bytes and pixels (decompression bombs
refused), re-encoded as JPEG, and stored without any metadata (EXIF, GPS above all). Each
belongs to a theme (and maybe a criterion of it); the auditor can remove a wrong one until
the audit is submitted, and the removal is in the audit's history."""

import io
import warnings

from PIL import Image, ImageOps, UnidentifiedImageError

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import ApprovedAuditError, Audit, AuditEvent, EvidencePhoto
from assessments.services.audits import SCORING_OPEN, AuditStateError
from ido_platform.core import formatting
from ido_platform.core.errors import ServiceRefusal

MAX_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # a 40-megapixel tablet photo is plenty
MAX_SIDE = 2400  # stored photos are scaled down to this longest side
ACCEPTED_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}


def clean_photo(upload):
    """Return the photo as clean JPEG bytes (with width and height), or raise a
    ServiceRefusal with a Dutch message."""
    if upload.size > MAX_BYTES:
        raise ServiceRefusal(
            _("De foto is te groot (meer dan %(mb)s MB). Maak een kleinere foto.")
            % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    declared = (getattr(upload, "content_type", "") or "").split(";")[0].strip().lower()
    if declared not in ACCEPTED_TYPES:
        raise ServiceRefusal(_("Dit bestandstype kan niet. Kies een foto (JPEG, PNG of WebP)."))
    data = upload.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                real_format = probe.format
                if probe.width * probe.height > MAX_PIXELS:
                    raise ServiceRefusal(
                        _("De foto heeft te veel pixels. Maak een foto met een lagere resolutie.")
                    )
                probe.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                if ACCEPTED_TYPES[declared] != real_format:
                    raise ServiceRefusal(
                        _("Het bestand is geen %(type)s zoals opgegeven. Kies een echte foto.")
                        % {"type": declared}
                    )

                image = ImageOps.exif_transpose(image)
                image = image.convert("RGB")
                image.thumbnail((MAX_SIDE, MAX_SIDE))
                out = io.BytesIO()
                # A fresh image carries no EXIF, GPS, XMP or ICC data unless we pass it.
                image.save(out, "JPEG", quality=85, optimize=True)
                return out.getvalue(), image.width, image.height
    except ServiceRefusal:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ServiceRefusal(
            _("De foto heeft te veel pixels. Maak een foto met een lagere resolutie.")
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ServiceRefusal(
            _("Dit bestand is geen foto of het is beschadigd. Kies een andere foto.")
        ) from None


def _refuse_unless_scoring_open(audit, refusal):
    if audit.status == Audit.Status.APPROVED:
        raise ApprovedAuditError(_("Deze audit is goedgekeurd en kan niet meer veranderen."))
    if audit.status not in SCORING_OPEN:
        raise AuditStateError(refusal)


def add_photo(audit, *, upload, by, theme=None, criterion=None, caption=""):
    """Store a cleaned evidence photo for an audit that is still being scored, for
    ``criterion`` or, without one, for ``theme`` in general."""
    _refuse_unless_scoring_open(
        audit, _("Deze audit is ingediend; u kunt geen foto's meer toevoegen.")
    )
    theme_id = criterion.theme_id if criterion is not None else getattr(theme, "pk", None)
    if theme_id is None or not audit.version.themes.filter(pk=theme_id).exists():
        raise ServiceRefusal(_("Kies het thema van deze audit waar de foto bij hoort."))
    content, width, height = clean_photo(upload)
    photo = EvidencePhoto(
        audit=audit,
        theme_id=theme_id,
        criterion=criterion,
        caption=caption[:200],
        width=width,
        height=height,
        uploaded_by=by,
    )
    photo.image.save("bewijs.jpg", ContentFile(content), save=False)
    photo.save()
    return photo


def describe(photo):
    """One line for the history: caption, where it belonged, who added it and when."""
    where = (
        photo.criterion.title
        if photo.criterion_id
        else (
            _("algemeen bij %(theme)s") % {"theme": photo.theme.title}
            if photo.theme_id
            else _("zonder thema")
        )
    )
    uploader = photo.uploaded_by
    return _("%(caption)s (%(where)s), toegevoegd door %(who)s op %(when)s") % {
        "caption": photo.caption or _("foto zonder onderschrift"),
        "where": where,
        "who": formatting.person_name(uploader),
        "when": timezone.localtime(photo.uploaded_at).strftime("%d-%m-%Y %H:%M"),
    }


@transaction.atomic
def remove_photo(photo, *, by):
    """Remove a wrong photo before submission: the row goes, the file is deleted once the
    transaction commits, and the audit's history says which photo, who and when."""
    audit = Audit.objects.select_for_update().get(pk=photo.audit_id)
    _refuse_unless_scoring_open(
        audit,
        _("Deze audit is ingediend; u kunt geen foto's meer verwijderen."),
    )
    photo = (
        EvidencePhoto.objects.select_related("criterion", "theme", "uploaded_by")
        .filter(pk=photo.pk, audit=audit)
        .first()
    )
    if photo is None:  # removed meanwhile (a double click): nothing left to do
        return None
    event = AuditEvent.objects.create(
        audit=audit, kind=AuditEvent.Kind.PHOTO_REMOVED, by=by, reason=describe(photo)
    )
    storage, name = photo.image.storage, photo.image.name
    photo.delete()
    transaction.on_commit(lambda: storage.delete(name))
    return event
