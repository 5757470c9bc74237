"""The soak run's own parts: forms read as a browser submits them, the SMS
stand-in dropping repeated keys, and requests counted in the fault windows."""

import json

from bench.soak.faults import Fault
from bench.soak.gateway import Gateway
from bench.soak.html_forms import post_form
from bench.soak.summary import requests_figures

PAGE = """
<form action="/i18n/setlang/" method="post"><input name="next" value="/"></form>
<form method="post" action="/xu-ly/PA-1/tra-loi/?agency=a#action-answer">
  <input type="hidden" name="csrfmiddlewaretoken" value="t">
  <select name="ward"><option value="">---</option><option value="7">Đông Hà</option></select>
  <select name="level"><option value="a">A</option><option value="b" selected>B</option></select>
  <input type="radio" name="kind" value="x"><input type="radio" name="kind" value="y">
  <input type="checkbox" name="public" checked><input type="checkbox" name="urgent">
  <textarea name="answer">
Đã sửa</textarea>
  <input type="file" name="images"><button type="submit" name="action" value="send">Gửi</button>
</form>
"""


def test_a_form_is_read_as_a_browser_would_submit_it():
    form = post_form(PAGE, "/xu-ly/PA-1/tra-loi/")
    assert form.action == "/xu-ly/PA-1/tra-loi/?agency=a#action-answer"
    assert form.data(answer="Khác") == {
        "kind": ["x"],  # no radio checked: the first
        "csrfmiddlewaretoken": ["t"],
        "ward": [""],  # nothing selected: the first option, even empty
        "level": ["b"],
        "public": ["on"],  # only checked boxes
        "answer": "Khác",
    }
    assert post_form(PAGE, "/tra-lai/") is None


def test_the_gateway_delivers_a_key_once_and_takes_nothing_while_failing(tmp_path):
    log = tmp_path / "gateway.jsonl"
    gateway = Gateway(str(log))
    message = {"to": "+84912345678", "text": "Mã 123456", "id": "k1"}
    gateway.mode = "fail"
    assert gateway.receive(message, "token") == 500
    gateway.mode = "ok"
    assert gateway.receive(message, "token") == 200
    assert gateway.receive(message, "token") == 200  # a retry after a lost answer
    gateway.log.close()
    entries = [json.loads(line) for line in log.read_text().splitlines()]
    assert [(e["accepted"], e["repeat"]) for e in entries] == [
        (False, False),
        (True, False),
        (True, True),
    ]
    assert gateway.texts == {"+84912345678": ["Mã 123456"]}


def test_an_error_answered_during_a_fault_is_the_faults_one():
    outage = Fault("PostgreSQL restarted", "postgres", at=40, lasts=0)
    outage.started, outage.ended, outage.recovered = 100.0, 103.0, 1.0

    def request(at, ms, status):
        return {"at": at, "ms": ms, "name": "/", "status": status, "seen": "friendly 503"}

    queued = request(95.0, 6000, 503)  # sent before, answered during the restart
    later = request(110.0, 200, 503)
    figures = requests_figures([queued, later, request(90.0, 100, 200)], [outage])
    assert figures["errors_outside_faults"] == 1
    assert figures["during"]["PostgreSQL restarted"] == {
        "requests": 1,
        "seen": {"503 friendly 503": 1},
    }
