"""Certificates: the PDF, and public verification of a code."""

import re
import uuid
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from courses.learning.models import Certificate
from ido_platform.core import pdf
from ido_platform.core.links import absolute_reverse

from .status import today

VALID, EXPIRED, UNKNOWN = "valid", "expired", "unknown"


def normalise_code(raw):
    """Accept what people type: lower case, spaces and dashes are fine."""
    return re.sub(r"[^A-Z0-9]", "", (raw or "").upper())[:40]


@dataclass
class Verification:
    status: str
    certificate: Certificate | None = None

    @property
    def is_valid(self):
        return self.status == VALID


def verify(raw_code, *, on=None):
    """Valid, expired or unknown. Only the holder's name, the module, the completion date and
    the validity are shown to the public."""
    code = normalise_code(raw_code)
    if not code:
        return Verification(UNKNOWN)
    certificate = Certificate.objects.select_related("completion__module").filter(code=code).first()
    if certificate is None:
        return Verification(UNKNOWN)
    if certificate.completion.is_valid_on(on or today()):
        return Verification(VALID, certificate)
    return Verification(EXPIRED, certificate)


def verification_url(certificate):
    return absolute_reverse("learning:verify_certificate", args=[certificate.display_code])


def render_pdf(certificate):
    """The certificate as an A4 landscape PDF, in the platform's certificate layout."""
    completion = certificate.completion
    module = completion.module
    completed = formats.date_format(timezone.localdate(completion.completed_at), "j F Y")
    lines = [
        pdf.Line(_("Hierbij verklaren wij dat"), size=16, space=50),
        pdf.Line(certificate.holder_name, size=26, bold=True, space=40),
        pdf.Line(_("de e-learningmodule heeft afgerond:"), size=16, space=40),
        pdf.Line(module.title, size=20, bold=True, space=35),
        pdf.Line(_("Afgerond op %(date)s") % {"date": completed}, space=45),
    ]
    if completion.valid_until:
        valid = formats.date_format(completion.valid_until, "j F Y")
        lines.append(pdf.Line(_("Geldig tot %(date)s") % {"date": valid}))
    return pdf.certificate(
        title=_("Certificaat %(module)s") % {"module": module.title},
        heading=_("Certificaat"),
        lines=lines,
        footer=[
            _("Controlecode: %(code)s") % {"code": certificate.display_code},
            _("Controleer dit certificaat op %(url)s") % {"url": verification_url(certificate)},
        ],
    )


def generate_file(certificate_id):
    """Make and store the PDF once; a second call leaves the stored file alone."""
    certificate = Certificate.objects.select_related("completion__module").get(pk=certificate_id)
    if certificate.file:
        return certificate
    certificate.file.save(
        f"{uuid.uuid4().hex}.pdf",
        ContentFile(render_pdf(certificate)),
        save=False,
    )
    certificate.save(update_fields=["file"])
    return certificate


def pdf_bytes(certificate):
    """The stored PDF, made now if the task has not run yet (broker down)."""
    if not certificate.file:
        certificate = generate_file(certificate.pk)
    certificate.file.open("rb")
    try:
        return certificate.file.read()
    finally:
        certificate.file.close()
