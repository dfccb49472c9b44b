"""Reading the text of the PDFs the platform makes (pypdf)."""

import io

from pypdf import PdfReader


def pdf_text(content):
    """The text shown on all pages of the PDF ``content``, page after page."""
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)
