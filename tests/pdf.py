"""Read the text drawn in a PDF that reportlab made, to check what a reader would see."""

import base64
import re
import zlib

STREAM = re.compile(
    rb"\bobj\s*<<(?P<dictionary>(?:(?!endobj).)*?)>>\s*stream\r?\n(?P<data>.*?)endstream", re.S
)
SHOWN = re.compile(r"\((?P<text>(?:\\.|[^\\)])*)\)\s*Tj")
ESCAPE = re.compile(r"\\([0-7]{1,3}|.)")


def _unescape(match):
    escaped = match[1]
    return chr(int(escaped, 8)) if escaped[0] in "01234567" else escaped


def _decoded(dictionary, data):
    if b"/ASCII85Decode" in dictionary:
        data = base64.a85decode(data.strip().removesuffix(b"~>"))
    if b"/FlateDecode" in dictionary:
        data = zlib.decompress(data)
    return data.decode("latin-1")


def text_of(pdf):
    """Every string the PDF shows (``(...) Tj``), one per line, with escapes undone."""
    shown = []
    for stream in STREAM.finditer(pdf):
        content = _decoded(stream["dictionary"], stream["data"])
        for match in SHOWN.finditer(content):
            # The standard fonts draw WinAnsi (cp1252) bytes.
            raw = ESCAPE.sub(_unescape, match["text"]).encode("latin-1")
            shown.append(raw.decode("cp1252", "replace"))
    return "\n".join(shown)
