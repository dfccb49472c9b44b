"""Certificates: the PDF, and public verification of a code."""

import io
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from courses.learning.models import Certificate

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
    base = getattr(settings, "WAGTAILADMIN_BASE_URL", "").rstrip("/")
    return base + reverse("learning:verify_certificate", args=[certificate.display_code])


def render_pdf(certificate):
    """The certificate as an A4 landscape PDF (reportlab)."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas

    completion = certificate.completion
    module = completion.module
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setTitle(_("Certificaat %(module)s") % {"module": module.title})
    pdf.setAuthor(_("Informatiepunt Digitale Overheid"))
    primary = HexColor("#154273")
    pdf.setFillColor(primary)
    pdf.rect(0, height - 60, width, 60, stroke=0, fill=1)
    pdf.setFillColor(HexColor("#ffffff"))
    pdf.setFont("Helvetica-Bold", 18)
    pdf.drawString(40, height - 40, _("Informatiepunt Digitale Overheid"))
    pdf.setFillColor(primary)
    pdf.setFont("Helvetica-Bold", 36)
    pdf.drawCentredString(width / 2, height - 150, _("Certificaat"))
    pdf.setFillColor(HexColor("#1a1a1a"))
    pdf.setFont("Helvetica", 16)
    pdf.drawCentredString(width / 2, height - 200, _("Hierbij verklaren wij dat"))
    pdf.setFont("Helvetica-Bold", 26)
    pdf.drawCentredString(width / 2, height - 240, certificate.holder_name)
    pdf.setFont("Helvetica", 16)
    pdf.drawCentredString(width / 2, height - 280, _("de e-learningmodule heeft afgerond:"))
    pdf.setFont("Helvetica-Bold", 20)
    pdf.drawCentredString(width / 2, height - 315, module.title)
    pdf.setFont("Helvetica", 14)
    # The Dutch date, as the verification page shows it: not the UTC date of the moment.
    completed = formats.date_format(timezone.localdate(completion.completed_at), "j F Y")
    pdf.drawCentredString(width / 2, height - 360, _("Afgerond op %(date)s") % {"date": completed})
    if completion.valid_until:
        valid = formats.date_format(completion.valid_until, "j F Y")
        pdf.drawCentredString(width / 2, height - 382, _("Geldig tot %(date)s") % {"date": valid})
    pdf.setFont("Helvetica", 12)
    pdf.drawString(40, 60, _("Controlecode: %(code)s") % {"code": certificate.display_code})
    pdf.drawString(
        40, 42, _("Controleer dit certificaat op %(url)s") % {"url": verification_url(certificate)}
    )
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def generate_file(certificate_id):
    """Make and store the PDF once; a second call leaves the stored file alone."""
    certificate = Certificate.objects.select_related("completion__module").get(pk=certificate_id)
    if certificate.file:
        return certificate
    certificate.file.save(
        f"certificaat-{certificate.code.lower()}.pdf",
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
