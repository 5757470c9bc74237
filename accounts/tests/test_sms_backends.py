"""SMS backends shaped like Django's e-mail backends (README §2): console, locmem,
file and a generic HTTP gateway, the last against a local fake server."""

import io
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from accounts import sms
from accounts.sms import SmsDeliveryError, SmsMessage, get_connection, send_sms

CONSOLE = "accounts.sms.backends.console.SmsBackend"
LOCMEM = "accounts.sms.backends.locmem.SmsBackend"
FILE = "accounts.sms.backends.filebased.SmsBackend"
HTTP = "accounts.sms.backends.http.SmsBackend"

BODY = "Phan anh hien truong: ma xac thuc cua ban la 123456."


class FlushRecorder(io.StringIO):
    def __init__(self):
        super().__init__()
        self.flushed_text = None

    def flush(self):
        self.flushed_text = self.getvalue()
        super().flush()


def test_console_writes_and_flushes_to_the_given_stream():
    stream = FlushRecorder()
    sent = send_sms(to="+84912345678", body=BODY, connection=get_connection(CONSOLE, stream=stream))

    assert sent == 1
    assert stream.getvalue() == f"[SMS] to +84912345678: {BODY}\n"
    assert stream.flushed_text == stream.getvalue()  # flushed after writing


def test_console_defaults_to_stdout(capsys):
    send_sms(to="+84912345678", body=BODY, connection=get_connection(CONSOLE))
    assert f"[SMS] to +84912345678: {BODY}" in capsys.readouterr().out


def test_console_sends_several_messages():
    stream = FlushRecorder()
    connection = get_connection(CONSOLE, stream=stream)
    sent = connection.send_messages(
        [SmsMessage("+84912345678", "một"), SmsMessage("+84987654321", "hai")]
    )
    assert sent == 2
    assert stream.getvalue().splitlines() == [
        "[SMS] to +84912345678: một",
        "[SMS] to +84987654321: hai",
    ]


def test_locmem_fills_the_outbox():
    assert sms.outbox == []
    send_sms(to="+84912345678", body=BODY, connection=get_connection(LOCMEM))
    send_sms(to="+84987654321", body="hai", connection=get_connection(LOCMEM))
    assert sms.outbox == [SmsMessage("+84912345678", BODY), SmsMessage("+84987654321", "hai")]


def test_the_test_settings_use_locmem():
    send_sms(to="+84912345678", body=BODY)
    assert sms.outbox == [SmsMessage("+84912345678", BODY)]


def test_file_backend_writes_one_file_per_message(tmp_path):
    directory = tmp_path / "sms"
    connection = get_connection(FILE, file_path=str(directory))
    sent = connection.send_messages(
        [SmsMessage("+84912345678", BODY), SmsMessage("+84987654321", "Tiếng Việt có dấu")]
    )

    assert sent == 2
    files = sorted(directory.iterdir())
    assert len(files) == 2
    contents = sorted(path.read_text(encoding="utf-8") for path in files)
    assert contents == sorted(
        [f"To: +84912345678\n\n{BODY}\n", "To: +84987654321\n\nTiếng Việt có dấu\n"]
    )


def test_file_backend_reads_sms_file_path_from_settings(settings, tmp_path):
    settings.SMS_FILE_PATH = str(tmp_path / "from-settings")
    settings.SMS_BACKEND = FILE

    send_sms(to="+84912345678", body=BODY)
    send_sms(to="+84912345678", body=BODY)

    files = list((tmp_path / "from-settings").iterdir())
    assert len(files) == 2  # the same message twice is still two files
    assert all(
        path.read_text(encoding="utf-8") == f"To: +84912345678\n\n{BODY}\n" for path in files
    )


# --- HTTP gateway ---------------------------------------------------------


class FakeGateway:
    """A local HTTP server on 127.0.0.1 (port 0) recording what it receives."""

    def __init__(self, status=200, delay=0.0):
        self.requests = []
        self.status = status
        self.delay = delay
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                gateway.requests.append(
                    {
                        "path": self.path,
                        "headers": dict(self.headers),
                        "body": self.rfile.read(length),
                    }
                )
                if gateway.delay:
                    time.sleep(gateway.delay)
                answer = b'{"ok": true}' if gateway.status < 400 else b"gateway exploded"
                try:
                    self.send_response(gateway.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(answer)))
                    self.end_headers()
                    self.wfile.write(answer)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout test)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/sms"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def gateway_settings(settings):
    settings.SMS_SENDER_NAME = "PAHT"
    return settings


def test_http_posts_json_with_a_bearer_token(gateway_settings):
    with FakeGateway() as gateway:
        connection = get_connection(HTTP, url=gateway.url, token="bi-mat-123", timeout=5)
        sent = connection.send_messages(
            [SmsMessage("+84912345678", BODY), SmsMessage("+84987654321", "Tiếng Việt")]
        )

    assert sent == 2
    assert len(gateway.requests) == 2
    first = gateway.requests[0]
    assert first["path"] == "/api/sms"
    assert first["headers"]["Authorization"] == "Bearer bi-mat-123"
    assert first["headers"]["Content-Type"] == "application/json"
    assert json.loads(first["body"]) == {"to": "+84912345678", "text": BODY, "sender": "PAHT"}
    assert json.loads(gateway.requests[1]["body"])["text"] == "Tiếng Việt"


def test_http_reads_its_configuration_from_settings(gateway_settings):
    with FakeGateway() as gateway:
        gateway_settings.SMS_BACKEND = HTTP
        gateway_settings.SMS_GATEWAY_URL = gateway.url
        gateway_settings.SMS_GATEWAY_TOKEN = "tu-settings"
        gateway_settings.SMS_GATEWAY_TIMEOUT = 5
        assert send_sms(to="+84912345678", body=BODY) == 1

    assert gateway.requests[0]["headers"]["Authorization"] == "Bearer tu-settings"


def test_http_without_a_url_is_a_clear_error(gateway_settings):
    gateway_settings.SMS_GATEWAY_URL = ""
    with pytest.raises(SmsDeliveryError, match="SMS_GATEWAY_URL is not set"):
        get_connection(HTTP)


def test_http_error_answer_raises_with_the_status(gateway_settings):
    with FakeGateway(status=500) as gateway:
        connection = get_connection(HTTP, url=gateway.url, token="t", timeout=5)
        with pytest.raises(SmsDeliveryError) as caught:
            connection.send_messages([SmsMessage("+84912345678", BODY)])

    message = str(caught.value)
    assert "refused the message" in message
    assert "HTTP 500" in message
    assert "gateway exploded" in message


def test_http_timeout_raises_a_clear_error(gateway_settings):
    with FakeGateway(delay=1.0) as gateway:
        connection = get_connection(HTTP, url=gateway.url, token="t", timeout=0.2)
        started = time.monotonic()
        with pytest.raises(SmsDeliveryError, match=r"timed out after 0\.2s"):
            connection.send_messages([SmsMessage("+84912345678", BODY)])
        assert time.monotonic() - started < 1.0  # gave up at the timeout


def test_http_closed_port_raises_a_clear_error(gateway_settings):
    with socket.socket() as probe:  # a port that was free a moment ago, now closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    connection = get_connection(HTTP, url=f"http://127.0.0.1:{port}/api/sms", token="t", timeout=2)

    with pytest.raises(SmsDeliveryError, match="SMS gateway unreachable"):
        connection.send_messages([SmsMessage("+84912345678", BODY)])
