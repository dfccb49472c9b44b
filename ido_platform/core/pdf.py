"""Certificates as PDF in the platform's house style (reportlab).

One layout for every certificate the platform hands out: the staff training's certificate
(``courses.learning.services.certificates``) and the citizen courses' bewijs van deelname
(``courses.runs.services.certificates``). Callers pass the texts, already translated; this module
only knows where they go on the page.

The text is set in Source Sans Pro (SIL Open Font License, from the ``font-source-sans-pro``
package), embedded in the PDF. reportlab's built-in Helvetica only knows Western European
letters: names such as Łukasz Wójcik or Ayşe Yılmaz came out with boxes in them.
"""

import io
from dataclasses import dataclass
from functools import cache

from django.utils.html import escape
from django.utils.translation import gettext as _

PRIMARY = "#154273"
TEXT = "#1a1a1a"
MARGIN = 40
HEADING_TOP = 150  # baseline of the heading, measured from the top of the page
FOOTER_BOTTOM = 42  # baseline of the last footer line
FOOTER_LEADING = 18
SIGNATURE_WIDTH = 280


REGULAR = "SourceSansPro"
BOLD = "SourceSansPro-Bold"


@cache
def register_fonts():
    """Register the embedded fonts with reportlab (once per process)."""
    import font_source_sans_pro
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    files = font_source_sans_pro.font_files_ttf
    pdfmetrics.registerFont(TTFont(REGULAR, files["SourceSansPro"]))
    pdfmetrics.registerFont(TTFont(BOLD, files["SourceSansProBold"]))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD)


def stylesheet():
    """reportlab's sample paragraph styles, set in the embedded fonts (for platypus
    documents such as the audit report)."""
    from reportlab.lib.styles import getSampleStyleSheet

    register_fonts()
    styles = getSampleStyleSheet()
    for style in styles.byName.values():
        if hasattr(style, "fontName"):
            bold = "Bold" in style.fontName
            style.fontName = BOLD if bold else REGULAR
    return styles


def document(buffer, title, *, margin_mm=18):
    """An A4 platypus document with the platform's metadata, for every report and letter."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    return SimpleDocTemplate(
        buffer,
        pagesize=A4,
        title=title,
        author="IDO-platform",
        leftMargin=margin_mm * mm,
        rightMargin=margin_mm * mm,
    )


def table_style(*extra):
    """The reports' table look: embedded font, a bold header row in the primary colour, a
    grid; ``extra`` adds commands (alignment, a bold total row)."""
    from reportlab.lib import colors

    return [
        ("FONTNAME", (0, 0), (-1, -1), REGULAR),
        ("FONTNAME", (0, 0), (-1, 0), BOLD),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(PRIMARY)),
        ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#6b7280")),
        *extra,
    ]


def text(value):
    """User-entered text for a platypus ``Paragraph``, which reads its input as markup:
    ``<``, ``>`` and ``&`` must not start a tag or an entity."""
    return escape(str(value))


@dataclass(frozen=True)
class Line:
    """One centred line of text under the heading. ``space`` is the distance from the
    previous line's baseline; a line too wide for the page wraps onto more lines."""

    text: str
    size: int = 14
    bold: bool = False
    space: int = 22


def certificate(*, title, heading, lines, band=None, footer=(), signature=None):
    """An A4 landscape certificate as PDF bytes: a coloured band at the top with ``band``
    (default: Informatiepunt Digitale Overheid), the ``heading`` and the ``lines`` centred
    below it, ``footer`` lines at the bottom left and, when ``signature`` is given, a line
    to sign on at the bottom right with that text under it. ``title`` is the document's
    title in its properties."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen import canvas

    register_fonts()
    width, height = landscape(A4)
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(width, height))
    pdf.setTitle(title)
    pdf.setAuthor(_("Informatiepunt Digitale Overheid"))

    primary = HexColor(PRIMARY)
    pdf.setFillColor(primary)
    pdf.rect(0, height - 60, width, 60, stroke=0, fill=1)
    pdf.setFillColor(HexColor("#ffffff"))
    pdf.setFont(BOLD, 18)
    pdf.drawString(MARGIN, height - 40, band or _("Informatiepunt Digitale Overheid"))

    pdf.setFillColor(primary)
    pdf.setFont(BOLD, 36)
    y = height - HEADING_TOP
    pdf.drawCentredString(width / 2, y, heading)

    pdf.setFillColor(HexColor(TEXT))
    text_width = width - 4 * MARGIN
    for line in lines:
        font = BOLD if line.bold else REGULAR
        pdf.setFont(font, line.size)
        for index, part in enumerate(simpleSplit(line.text, font, line.size, text_width)):
            y -= line.space if index == 0 else round(line.size * 1.3)
            pdf.drawCentredString(width / 2, y, part)

    pdf.setFont(REGULAR, 12)
    for index, text in enumerate(footer):
        pdf.drawString(MARGIN, FOOTER_BOTTOM + FOOTER_LEADING * (len(footer) - 1 - index), text)
    if signature:
        left = width - MARGIN - SIGNATURE_WIDTH
        rule = FOOTER_BOTTOM + 2 * FOOTER_LEADING
        pdf.setStrokeColor(HexColor(TEXT))
        pdf.line(left, rule, width - MARGIN, rule)
        for index, part in enumerate(simpleSplit(signature, REGULAR, 12, SIGNATURE_WIDTH)):
            pdf.drawString(left, rule - FOOTER_LEADING - 14 * index, part)

    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
