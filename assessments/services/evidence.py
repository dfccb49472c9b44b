"""Evidence photos: verified with Pillow, limited in bytes and pixels (decompression bombs
refused), re-encoded as JPEG, and stored without any metadata (EXIF, GPS above all)."""

import io
import warnings

from PIL import Image, UnidentifiedImageError

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from assessments.models import ApprovedAuditError, Audit, EvidencePhoto
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
                from PIL import ImageOps

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


def add_photo(audit, *, upload, by, criterion=None, caption=""):
    """Store a cleaned evidence photo for an audit that is still being scored."""
    if audit.status == Audit.Status.APPROVED:
        raise ApprovedAuditError(_("Deze audit is goedgekeurd en kan niet meer veranderen."))
    if audit.status == Audit.Status.SUBMITTED:
        raise ServiceRefusal(_("Deze audit is ingediend; u kunt geen foto's meer toevoegen."))
    content, width, height = clean_photo(upload)
    photo = EvidencePhoto(
        audit=audit,
        criterion=criterion,
        caption=caption[:200],
        width=width,
        height=height,
        uploaded_by=by,
    )
    photo.image.save("bewijs.jpg", ContentFile(content), save=False)
    photo.save()
    return photo
