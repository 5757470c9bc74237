"""An SMS gateway stand-in for the soak run: `python -m bench.soak.gateway PORT LOG`.

Speaks the portal's http backend (accounts/sms/backends/http.py): POST / with
JSON {"to", "text", "sender", "id"} and a bearer token. Every message it is
sent goes to LOG as a JSON line (the key, the number, whether it was a repeat
of a key already taken, the mode). Like a real gateway it drops a repeated
key: it answers 200 and delivers nothing more.

    POST /mode  {"mode": "ok" | "fail" | "slow", "delay": 11}  fail: 500; slow: sleep first
    GET  /codes?to=+849...   the texts sent to one number, newest last (for sign-up)
"""

import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


class Gateway:
    def __init__(self, log_path: str):
        self.log = open(log_path, "a", buffering=1, encoding="utf-8")  # noqa: SIM115 # for the server's life
        self.lock = threading.Lock()
        self.mode, self.delay = "ok", 0.0
        self.taken: set[str] = set()
        self.texts: dict[str, list[str]] = {}

    def receive(self, message: dict, token: str) -> int:
        mode, delay = self.mode, self.delay
        if mode == "slow":
            time.sleep(delay)
        with self.lock:
            key = message.get("id") or ""
            repeat = bool(key) and key in self.taken
            accepted = mode != "fail"
            if accepted and key:
                self.taken.add(key)
            if accepted and not repeat:
                self.texts.setdefault(message.get("to", ""), []).append(message.get("text", ""))
            entry = {
                "at": time.time(),
                "key": key,
                "to": message.get("to"),
                "mode": mode,
                "accepted": accepted,
                "repeat": repeat,
                "token": token,
            }
            self.log.write(json.dumps(entry) + "\n")
        return 200 if accepted else 500


def handler_for(gateway: Gateway):
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # the JSON log is the record
            pass

        def _answer(self, status: int, body: dict) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _body(self) -> dict:
            length = int(self.headers.get("Content-Length") or 0)
            return json.loads(self.rfile.read(length) or b"{}")

        def do_POST(self):
            if self.path == "/mode":
                body = self._body()
                gateway.mode, gateway.delay = body["mode"], float(body.get("delay", 0))
                return self._answer(200, {"mode": gateway.mode})
            token = self.headers.get("Authorization", "").removeprefix("Bearer ")
            status = gateway.receive(self._body(), token)
            return self._answer(status, {"status": "queued" if status == 200 else "error"})

        def do_GET(self):
            url = urlsplit(self.path)
            if url.path != "/codes":
                return self._answer(404, {})
            number = parse_qs(url.query).get("to", [""])[0]
            return self._answer(200, {"texts": gateway.texts.get(number, [])})

    return Handler


def main(port: int, log_path: str) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", port), handler_for(Gateway(log_path)))
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2])
