"""Text messages (SMS), pluggable the way Django's EMAIL_BACKEND is.

``settings.SMS_BACKEND`` is the dotted path of a class with ``send(recipient, text,
message_id)``; ``None`` means there is no SMS at all, and people who gave only a phone
number are phoned by their coordinator. The outbox's SMS channel is the only caller: it
claims the message, so a backend is called once per attempt and may simply raise on failure.

Backends: ``LocmemBackend`` (tests; texts collect in ``outbox``), ``FileBackend`` (dev; one
readable file per text in ``SMS_FILE_PATH``) and ``HttpBackend`` (a generic gateway that takes
JSON and a bearer token).
"""

import http.client
import json
import re
import unicodedata
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

# Three concatenated GSM-7 segments of 153 characters: the longest text we send.
MAX_LENGTH = 3 * 153

GSM7_BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = "^{}\\[~]|€"  # each takes two characters of a segment
_TYPOGRAPHY = str.maketrans(
    {"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "–": "-", "—": "-", "…": "..."}
)
# 06 plus eight digits; 066 (pagers) and 067 (dial-up numbers) cannot receive a text.
_DUTCH_MOBILE = re.compile(r"^(?:(?:\+31|0031)(?:\(0\)|0)?|0)(6(?![67])\d{8})$")

outbox = []  # what LocmemBackend sent, like django.core.mail.outbox


class GatewayUnavailable(OSError):
    """The gateway answered with a server error (5xx): it is down, try again later."""


class NotAMobileNumber(ValueError):
    """The recipient cannot receive a text: it is not a Dutch mobile number."""


def is_enabled():
    """The one switch: an SMS backend is configured."""
    return bool(settings.SMS_BACKEND)


def mobile_number(raw):
    """A Dutch mobile number in E.164 form (``06-12 34 56 78`` → ``+31612345678``), as
    gateways want it. Raises NotAMobileNumber for a landline, a foreign or a broken number."""
    compact = re.sub(r"[\s.\-]", "", raw or "")
    match = _DUTCH_MOBILE.match(compact)
    if match is None:
        raise NotAMobileNumber(
            _("%(number)s is geen Nederlands mobiel nummer (06); een sms kan hier niet heen.")
            % {"number": raw}
        )
    return "+31" + match.group(1)


def is_mobile_number(raw):
    try:
        mobile_number(raw)
    except NotAMobileNumber:
        return False
    return True


def gsm7(text):
    """``text`` in the GSM-7 alphabet, so a segment holds 153 characters instead of 67:
    curly quotes and dashes become plain ones, letters lose marks GSM-7 lacks
    (Súdwest-Fryslân → Sudwest-Fryslan); anything else becomes "?"."""
    folded = []
    for char in text.translate(_TYPOGRAPHY):
        if char in GSM7_BASIC or char in GSM7_EXTENDED:
            folded.append(char)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if c in GSM7_BASIC)
        folded.append(base or ("" if unicodedata.category(char) == "Mn" else "?"))
    return "".join(folded)


def gsm7_length(text):
    """How many characters of a segment ``text`` takes (extended characters count twice)."""
    return len(text) + sum(char in GSM7_EXTENDED for char in text)


def send(recipient, text, message_id):
    """Hand one text to the configured backend; raises when there is none or it fails."""
    if not is_enabled():
        raise RuntimeError(_("Er is geen sms-aanbieder ingesteld (SMS_BACKEND)."))
    backend = import_string(settings.SMS_BACKEND)()
    backend.send(recipient, text, message_id)


@dataclass(frozen=True)
class Text:
    """One sent text, as LocmemBackend records it."""

    to: str
    text: str
    reference: str
    sender: str


class LocmemBackend:
    """For tests: keeps each text in ``ido_platform.core.sms.outbox``."""

    def send(self, recipient, text, message_id):
        outbox.append(Text(recipient, text, str(message_id), settings.SMS_SENDER))


class FileBackend:
    """For developers: writes each text as a file in SMS_FILE_PATH, next to var/mail/."""

    def send(self, recipient, text, message_id):
        folder = Path(settings.SMS_FILE_PATH)
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        (folder / f"{stamp}-{message_id}.txt").write_text(
            f"From: {settings.SMS_SENDER}\nTo: {recipient}\nReference: {message_id}\n"
            f"Length: {gsm7_length(text)} of {MAX_LENGTH}\n\n{text}\n",
            encoding="utf-8",
        )


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # urllib would turn the POST into a GET; a redirect is an error here


def _with_read_timeout(connection_class, read_timeout):
    """``connection_class`` that connects within its ``timeout`` (the connect timeout, TLS
    handshake included) and then waits at most ``read_timeout`` for each read."""

    class Connection(connection_class):
        def connect(self):
            super().connect()
            self.sock.settimeout(read_timeout)

    return Connection


class _TimedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        connection = _with_read_timeout(http.client.HTTPConnection, self.read_timeout)
        return self.do_open(connection, req)


class _TimedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        connection = _with_read_timeout(http.client.HTTPSConnection, self.read_timeout)
        return self.do_open(connection, req, context=self._context)


def _opener(read_timeout):
    handlers = []
    for handler_class in (_TimedHTTPHandler, _TimedHTTPSHandler):
        handler = handler_class()
        handler.read_timeout = read_timeout
        handlers.append(handler)
    return urllib.request.build_opener(_NoRedirects, *handlers)


class HttpBackend:
    """A generic HTTP gateway: POSTs ``{"to", "text", "reference", "from"}`` as JSON to
    SMS_GATEWAY_URL with ``Authorization: Bearer SMS_GATEWAY_TOKEN``. Anything but a 2xx
    answer, a timeout (SMS_GATEWAY_CONNECT_TIMEOUT to connect, SMS_GATEWAY_READ_TIMEOUT
    for each read) or a refused connection raises, so the outbox tries again later."""

    def send(self, recipient, text, message_id):
        payload = {
            "to": recipient,
            "text": text,
            "reference": str(message_id),
            "from": settings.SMS_SENDER,
        }
        request = urllib.request.Request(
            settings.SMS_GATEWAY_URL,
            data=json.dumps(payload).encode(),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {settings.SMS_GATEWAY_TOKEN}",
            },
            method="POST",
        )
        opener = _opener(settings.SMS_GATEWAY_READ_TIMEOUT)
        try:  # a timeout or a refused connection raises OSError: the outbox retries
            with opener.open(request, timeout=settings.SMS_GATEWAY_CONNECT_TIMEOUT) as answer:
                answer.read()
        except urllib.error.HTTPError as error:  # any answer outside 2xx
            error.close()
            raise (GatewayUnavailable if error.code >= 500 else OSError)(
                _("De sms-dienst antwoordde %(status)s.") % {"status": error.code}
            ) from None
