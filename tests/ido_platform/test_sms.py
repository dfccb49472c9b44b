"""Text messages: the backends (locmem, file, HTTP gateway), Dutch mobile numbers in E.164,
and the outbox's SMS channel (claimed, sent once, retried when the gateway fails, refused at
once for a number that cannot receive a text)."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from ido_platform.core import outbox, sms
from ido_platform.core.models import Message


@pytest.mark.parametrize(
    "typed",
    [
        "0612345678",
        "06-12 34 56 78",
        "06.12.34.56.78",
        "+31 6 1234 5678",
        "+31 (0)6 1234 5678",
        "0031612345678",
    ],
)
def test_dutch_mobile_numbers_become_e164(typed):
    assert sms.mobile_number(typed) == "+31612345678"


@pytest.mark.parametrize(
    "typed",
    [
        "0773201234",  # a landline in Venlo
        "0201234567",  # a landline in Amsterdam
        "061234567",  # one digit short
        "06123456789",  # one digit too many
        "0661234567",  # 066: pagers
        "0671234567",  # 067: dial-up numbers
        "+32470123456",  # a Belgian mobile
        "00612345678",  # 00 61 is Australia, not 06
        "0800-1234",
        "",
        "bel mij",
    ],
)
def test_anything_but_a_dutch_mobile_number_is_refused(typed):
    with pytest.raises(sms.NotAMobileNumber):
        sms.mobile_number(typed)
    assert sms.is_mobile_number(typed) is False


def test_texts_are_folded_into_the_gsm7_alphabet():
    assert sms.gsm7("Súdwest-Fryslân – “Klik & Tik”… Zoë") == (
        'Sudwest-Fryslan - "Klik & Tik"... Zoe'
    )
    assert sms.gsm7("Café Zoë") == "Café Zoe"  # é is in GSM-7, ë is not
    assert sms.gsm7("😀") == "?"
    assert sms.gsm7_length("€ [1]") == 8  # € [ ] take two places each


def test_locmem_backend_keeps_the_text_in_the_outbox(settings, sms_outbox):
    settings.SMS_SENDER = "Bieb Venlo"
    sms.send("+31612345678", "Hallo", message_id="ref-1")
    assert sms_outbox == [sms.Text("+31612345678", "Hallo", "ref-1", "Bieb Venlo")]


def test_the_sms_outbox_is_empty_at_the_start_of_every_test(sms_outbox):
    assert sms_outbox == []
    sms.send("+31612345678", "Eerste test", message_id="ref-2")


def test_file_backend_writes_one_readable_file_per_text(settings, tmp_path):
    settings.SMS_BACKEND = "ido_platform.core.sms.FileBackend"
    settings.SMS_FILE_PATH = tmp_path / "sms"
    sms.send("+31612345678", "Uw les is morgen.", message_id="ref-3")
    sms.send("+31611111111", "Uw les is overmorgen.", message_id="ref-4")
    files = sorted((tmp_path / "sms").iterdir())
    assert [f.name.endswith(("ref-3.txt", "ref-4.txt")) for f in files] == [True, True]
    first = next(f for f in files if f.name.endswith("ref-3.txt")).read_text()
    assert "To: +31612345678" in first
    assert first.rstrip().endswith("Uw les is morgen.")


def test_without_a_backend_sending_fails(settings):
    settings.SMS_BACKEND = None
    assert sms.is_enabled() is False
    with pytest.raises(RuntimeError, match="geen sms-aanbieder"):
        sms.send("+31612345678", "Hallo", message_id="ref-5")


class Gateway:
    """A tiny SMS gateway on 127.0.0.1: records each request, answers ``status`` after
    ``delay`` seconds."""

    def __init__(self):
        self.requests = []
        self.status = 202
        self.delay = 0
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers["Content-Length"])
                gateway.requests.append((dict(self.headers), json.loads(self.rfile.read(length))))
                time.sleep(gateway.delay)
                self.send_response(gateway.status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass  # keep the test output clean

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/berichten"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway(settings):
    gateway = Gateway()
    settings.SMS_BACKEND = "ido_platform.core.sms.HttpBackend"
    settings.SMS_GATEWAY_URL = gateway.url
    settings.SMS_GATEWAY_TOKEN = "geheim-token"
    settings.SMS_SENDER = "Bibliotheek"
    settings.SMS_GATEWAY_CONNECT_TIMEOUT = 0.5
    settings.SMS_GATEWAY_READ_TIMEOUT = 0.5
    yield gateway
    gateway.stop()


def sms_message(recipient="06-12 34 56 78", body="Uw les is morgen om 10:00 uur."):
    return Message.objects.create(
        channel=Message.Channel.SMS, recipient=recipient, subject="s", body=body, kind="t"
    )


@pytest.mark.django_db
def test_http_backend_posts_json_with_the_bearer_token(gateway):
    message = sms_message()
    assert outbox.deliver(message.pk) is True
    [(headers, payload)] = gateway.requests
    assert headers["Authorization"] == "Bearer geheim-token"
    assert headers["Content-Type"] == "application/json"
    assert payload == {
        "to": "+31612345678",
        "text": "Uw les is morgen om 10:00 uur.",
        "reference": str(message.uuid),
        "from": "Bibliotheek",
    }
    message.refresh_from_db()
    assert message.status == Message.Status.SENT
    assert outbox.deliver(message.pk) is False  # claimed and sent: never twice
    assert len(gateway.requests) == 1


@pytest.mark.django_db
def test_a_gateway_error_leaves_the_text_to_be_retried(gateway):
    gateway.status = 500
    message = sms_message()
    assert outbox.deliver(message.pk) is False
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Message.Status.PENDING, 1)
    assert "500" in message.last_error
    gateway.status = 200
    assert outbox.deliver(message.pk) is True
    assert len(gateway.requests) == 2


@pytest.mark.django_db
def test_a_gateway_that_does_not_answer_in_time_leaves_the_text_to_be_retried(gateway):
    gateway.delay = 2
    message = sms_message()
    started = time.monotonic()
    assert outbox.deliver(message.pk) is False
    assert time.monotonic() - started < 1.5  # the timeout, not the gateway, ended the wait
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Message.Status.PENDING, 1)
    assert "timed out" in message.last_error


@pytest.mark.django_db
def test_a_refused_connection_leaves_the_text_to_be_retried(gateway, settings):
    gateway.stop()
    message = sms_message()
    assert outbox.deliver(message.pk) is False
    message.refresh_from_db()
    assert message.status == Message.Status.PENDING


@pytest.mark.django_db
def test_a_number_that_cannot_receive_a_text_fails_at_once_without_a_retry(sms_outbox):
    message = sms_message(recipient="077-320 12 34")
    assert outbox.deliver(message.pk) is False
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Message.Status.FAILED, 1)
    assert "077-320 12 34 is geen Nederlands mobiel nummer" in message.last_error
    assert sms_outbox == []
    assert outbox.deliver_pending() == 0


@pytest.mark.django_db
def test_without_a_backend_a_queued_text_waits_for_one(settings, sms_outbox):
    settings.SMS_BACKEND = None
    message = sms_message()
    assert outbox.deliver(message.pk) is False
    message.refresh_from_db()
    assert message.status == Message.Status.PENDING
    settings.SMS_BACKEND = "ido_platform.core.sms.LocmemBackend"
    assert outbox.deliver(message.pk) is True
    assert [text.to for text in sms_outbox] == ["+31612345678"]


@pytest.mark.parametrize(
    ("path", "error_id"),
    [
        ("ido_platform.core.sms.HtpBackend", "ido.E001"),
        ("ido_platform.smss.HttpBackend", "ido.E001"),
        ("ido_platform.core.sms.MAX_LENGTH", "ido.E002"),
    ],
)
def test_a_misspelt_sms_backend_fails_the_system_check(settings, path, error_id):
    from ido_platform.core.checks import sms_backend_imports

    settings.SMS_BACKEND = path
    assert [error.id for error in sms_backend_imports(None)] == [error_id]
    settings.SMS_BACKEND = "ido_platform.core.sms.HttpBackend"
    assert sms_backend_imports(None) == []
