"""Reading the text of the PDFs the platform makes, without a PDF library.

With reportlab's page compression off (the ``readable_pdfs`` fixture in tests/conftest.py)
every piece of text is a literal string in the page's content stream, in the standard
fonts' WinAnsi encoding: ``(Anna de Vries) Tj``.
"""

import re

SHOWN_TEXT = re.compile(rb"\(((?:[^\\)]|\\.)*)\)\s*Tj", re.S)
ESCAPE = re.compile(rb"\\([0-7]{1,3}|.)", re.S)
NAMED_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}


def _unescape(match):
    code = match.group(1)
    if code[:1].isdigit():
        return bytes([int(code, 8)])
    return NAMED_ESCAPES.get(code, code)


def pdf_text(content):
    """The text shown on the PDF's pages, one drawn string per line."""
    assert b"/FlateDecode" not in content, "compressed PDF: use the readable_pdfs fixture"
    return "\n".join(
        ESCAPE.sub(_unescape, shown).decode("cp1252") for shown in SHOWN_TEXT.findall(content)
    )
