"""The soak run's simulated people (locust, in its own process and virtualenv).

Visitors browse, search and open the map; citizens log in (some sign up and
activate with the code the SMS stand-in received), send reports with a photo
and a PDF, save drafts, comment and like; IOC operators receive, forward and
publish through the admin's forms; agency officers accept and answer on
/xu-ly/. Every request has a timeout and locust's run time ends the run.

Written for the runner (bench/soak/__main__.py), which sets SOAK_DIR (the
accounts and files soak_seed wrote, and where requests.jsonl and acks.jsonl
go) and SOAK_GATEWAY (the SMS stand-in's address). Each person is its own
account: a TOTP code cannot be used twice, and quotas count per citizen.
"""

import base64
import hashlib
import hmac
import itertools
import json
import os
import re
import struct
import time
import uuid
from pathlib import Path
from secrets import choice
from urllib.parse import quote

from html_forms import post_form  # beside this file: locust puts its folder on the path
from locust import HttpUser, between, events, task

SOAK_DIR = Path(os.environ["SOAK_DIR"])
GATEWAY = os.environ["SOAK_GATEWAY"]
ACCOUNTS = json.loads((SOAK_DIR / "accounts.json").read_text())
PHOTO = (SOAK_DIR / "photo.jpg").read_bytes()
PDF = (SOAK_DIR / "doc.pdf").read_bytes()
TIMEOUT = 30  # seconds, every request
BBOX = "106.0,16.2,107.6,18.1"  # the province, for the map

REPORT_LINK = re.compile(r'href="/phan-anh/(PA-\d{4}-\d{6})/"')
ADMIN_CHANGE_LINK = re.compile(r'href="/admin/reports/report/(\d+)/change/')
TRIAGE_LINK = re.compile(r'href="/xu-ly/(PA-\d{4}-\d{6})/')
LIKE_ACTION = re.compile(r'action="/binh-luan/(\d+)/thich/"')
CODE_IN_SMS = re.compile(r"\b(\d{6})\b")
FRIENDLY_503 = "Hệ thống tạm gián đoạn"
PORTAL_500 = "Đã có lỗi xảy ra"

requests_seen: list[dict] = []
acks: list[dict] = []
_next = {kind: itertools.count() for kind in ("citizens", "ioc", "officers", "signup")}


def take(kind: str):
    return ACCOUNTS[kind][next(_next[kind]) % len(ACCOUNTS[kind])]


def totp(secret: str, at: float | None = None) -> str:
    """RFC 6238, as authenticator apps compute it (SHA-1, 6 digits, 30 s)."""
    counter = int((at or time.time()) // 30)
    digest = hmac.new(base64.b32decode(secret), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


@events.request.add_listener
def _record(request_type, name, response_time, response, exception, start_time=None, **kwargs):
    status = getattr(response, "status_code", 0) or 0
    seen = "ok"
    if exception is not None and not status:
        seen = "no answer"
    elif status >= 500:
        text = getattr(response, "text", "") or ""
        if "Traceback" in text or "Server Error (500)" in text:
            seen = "stack trace"
        elif FRIENDLY_503 in text and status == 503:
            seen = "friendly 503"
        elif PORTAL_500 in text:
            seen = "portal 500 page"
        else:
            seen = "other 5xx"
    requests_seen.append(
        {
            "at": start_time or time.time() - response_time / 1000,
            "ms": response_time,
            "name": name,
            "method": request_type,
            "status": status,
            "seen": seen,
        }
    )


@events.quitting.add_listener
def _write(environment, **kwargs):
    with (SOAK_DIR / "requests.jsonl").open("w") as out:
        out.writelines(json.dumps(entry) + "\n" for entry in requests_seen)
    with (SOAK_DIR / "acks.jsonl").open("w") as out:
        out.writelines(json.dumps(entry) + "\n" for entry in acks)


class Person(HttpUser):
    abstract = True
    wait_time = between(2, 6)  # reading a page, typing a form

    def get(self, path, name=None, **kwargs):
        return self.client.get(path, name=name or path, timeout=TIMEOUT, **kwargs)

    def post(self, path, data, name=None, **kwargs):
        return self.client.post(
            path, data=data, name=name or path, timeout=TIMEOUT, allow_redirects=False, **kwargs
        )

    def submit(self, page_url, action_ends=None, name=None, files=None, **overrides):
        """GET a page, then POST its form (the one posting to `action_ends`, by
        default the page itself) with its defaults plus `overrides`, as a browser would."""
        page = self.get(page_url, name=name and f"{name} (form)")
        if page.status_code != 200:
            return None
        form = post_form(page.text, action_ends or page_url.split("?")[0])
        if form is None:
            return None
        return self.post(form.action or page_url, form.data(**overrides), name=name, files=files)

    def log_in(self, phone: str, password: str, secret: str | None = None) -> bool:
        response = self.submit(
            "/tai-khoan/login/", "/tai-khoan/login/", name="login", login=phone, password=password
        )
        if response is None or response.status_code != 302:
            return False
        if secret:  # the code is read off the app once the page asks for it
            page = self.get("/tai-khoan/2fa/authenticate/", name="login code (form)")
            form = post_form(page.text or "", "/tai-khoan/2fa/authenticate/")
            if form is None:
                return False
            data = form.data(code=totp(secret))
            response = self.post(form.action, data, name="login code")
            if response.status_code != 302:
                return False
        return True


class Visitor(Person):
    fixed_count = 50

    @task(3)
    def home(self):
        self.get("/")

    @task(2)
    def search(self):
        self.get(f"/?q={choice(['đường', 'rác', 'ngập', 'đèn', 'cây'])}", name="/?q=")

    @task(2)
    def map(self):
        self.get("/ban-do/")
        self.get(f"/ban-do/du-lieu.geojson?bbox={BBOX}&zoom=9", name="/ban-do/du-lieu.geojson")

    @task(3)
    def report(self):
        codes = REPORT_LINK.findall(self.get("/").text or "")
        if codes:
            self.get(f"/phan-anh/{choice(codes)}/", name="/phan-anh/<code>/")

    @task(1)
    def statistics(self):
        self.get("/thong-ke/")


class Citizen(Person):
    fixed_count = 30

    def on_start(self):
        self.phone = take("citizens")
        self.signed_in = self.log_in(self.phone, ACCOUNTS["password"])
        self.liked: set[int] = set()

    def _signed_in(self) -> bool:
        if not self.signed_in:
            self.signed_in = self.log_in(self.phone, ACCOUNTS["password"])
        return self.signed_in

    def _report_fields(self, action: str) -> tuple[str, dict]:
        token = uuid.uuid4().hex[:12]
        latitude, longitude = choice(ACCOUNTS["places"])
        return token, {
            "title": f"Thử tải {token}: ổ gà trên đường",
            "content": f"Mặt đường hư hỏng, cần sửa chữa ({token}).",
            "category": str(choice(ACCOUNTS["categories"])),
            "latitude": f"{latitude:.6f}",
            "longitude": f"{longitude:.6f}",
            "action": action,
        }

    @task(3)
    def send_report(self):
        if not self._signed_in():
            return
        token, fields = self._report_fields("send")
        files = [
            ("images", ("hien-truong.jpg", PHOTO, "image/jpeg")),
            ("files", ("bien-ban.pdf", PDF, "application/pdf")),
        ]
        response = self.submit("/phan-anh/gui/", name="send report", files=files, **fields)
        location = response.headers.get("Location", "") if response is not None else ""
        sent = re.fullmatch(r"/phan-anh/(PA-\d{4}-\d{6})/", location)
        if response is not None and response.status_code == 302 and sent:
            acks.append({"kind": "report", "code": sent.group(1), "token": token})

    @task(1)
    def save_draft(self):
        if not self._signed_in():
            return
        token, fields = self._report_fields("draft")
        response = self.submit("/phan-anh/gui/", name="save draft", **fields)
        location = response.headers.get("Location", "") if response is not None else ""
        saved = re.search(r"/phan-anh/nhap/(\d+)/", location)
        if response is not None and response.status_code == 302 and saved:
            acks.append({"kind": "draft", "id": int(saved.group(1)), "token": token})

    def _answered_report(self) -> str | None:
        """A published report: the ones that take comments."""
        codes = REPORT_LINK.findall(self.get("/?tab=da-xu-ly").text or "")
        return choice(codes) if codes else None

    @task(2)
    def comment(self):
        code = self._answered_report()
        if not code or not self._signed_in():
            return
        token = uuid.uuid4().hex[:12]
        response = self.submit(
            f"/phan-anh/{code}/",
            f"/binh-luan/phan-anh/{code}/",
            name="comment",
            body=f"Tôi cũng thấy chỗ này hư hỏng ({token}).",
        )
        location = response.headers.get("Location", "") if response is not None else ""
        posted = re.search(r"#binh-luan-(\d+)$", location)
        if response is not None and response.status_code == 302 and posted:
            acks.append({"kind": "comment", "id": int(posted.group(1)), "token": token})

    @task(2)
    def like(self):
        code = self._answered_report()
        if not code or not self._signed_in():
            return
        page = self.get(f"/phan-anh/{code}/", name="/phan-anh/<code>/")
        comments = [int(pk) for pk in LIKE_ACTION.findall(page.text or "")]
        fresh = [pk for pk in comments if pk not in self.liked]
        form = fresh and post_form(page.text, f"/binh-luan/{fresh[0]}/thich/")
        if not form:
            return
        response = self.post(
            form.action,
            form.data(like="1"),
            name="like",
            headers={"Accept": "application/json", "Referer": self.host + f"/phan-anh/{code}/"},
        )
        if response.status_code == 200 and response.json().get("liked"):
            self.liked.add(fresh[0])
            acks.append({"kind": "like", "comment": fresh[0], "phone": self.phone})

    @task(1)
    def my_reports(self):
        if self._signed_in():
            self.get("/ca-nhan/phan-anh/")


class NewCitizen(Citizen):
    """Signs up with a fresh number, activates it with the SMS code, and now
    and then signs up again (a family member's phone): codes through the
    gateway all along the run."""

    fixed_count = 5

    def on_start(self):
        self.liked = set()
        self.signed_in = self._sign_up()

    @task(2)
    def sign_up_again(self):
        self.client.cookies.clear()
        self.signed_in = self._sign_up()

    def _sign_up(self) -> bool:
        self.phone = f"+8490510{next(_next['signup']):04d}"  # a fresh database each run
        password = ACCOUNTS["password"]
        response = self.submit(
            "/tai-khoan/signup/",
            "/tai-khoan/signup/",
            name="sign up",
            phone=self.phone,
            full_name="Người dân mới thử tải",
            password1=password,
            password2=password,
        )
        if response is None or response.status_code != 302:
            return False
        for _attempt in range(10):  # the code may wait in the outbox for a while
            texts = self.client.get(f"{GATEWAY}/codes?to={quote(self.phone)}", timeout=5).json()
            codes = CODE_IN_SMS.findall(" ".join(texts["texts"]))
            if codes:
                break
            time.sleep(2)
        else:
            return False
        response = self.submit(
            "/tai-khoan/phone/verify/", name="activate", action="verify", code=codes[-1]
        )
        if response is None or response.status_code != 302:
            return False
        acks.append({"kind": "signup", "phone": self.phone})
        return (
            self.log_in(self.phone, password)
            if "/login/" in response.headers.get("Location", "")
            else True
        )


class IocOperator(Person):
    fixed_count = 5
    ACTIONS = {"submitted": "receive", "received": "forward", "resolved": "publish"}

    def on_start(self):
        account = take("ioc")
        self.account = account
        self.signed_in = self.log_in(account["phone"], ACCOUNTS["password"], account["secret"])

    def _move_one(self, status: str):
        if not self.signed_in:
            self.signed_in = self.log_in(
                self.account["phone"], ACCOUNTS["password"], self.account["secret"]
            )
            return
        listing = self.get(f"/admin/reports/report/?status__exact={status}", name=f"admin {status}")
        ids = ADMIN_CHANGE_LINK.findall(listing.text or "")
        if not ids:
            return
        action = self.ACTIONS[status]
        overrides = {}
        if action == "forward":  # an agency whose officer takes part in the run
            overrides["lead_agency"] = str(choice(ACCOUNTS["officers"])["agency"])
        self.submit(
            f"/admin/reports/report/{choice(ids[:10])}/xu-ly/{action}/",
            name=f"admin {action}",
            **overrides,
        )

    @task(4)
    def receive(self):
        self._move_one("submitted")

    @task(3)
    def forward(self):
        self._move_one("received")

    @task(2)
    def publish(self):
        self._move_one("resolved")


class Officer(Person):
    fixed_count = 10

    def on_start(self):
        self.account = take("officers")
        self.signed_in = self.log_in(
            self.account["phone"], ACCOUNTS["password"], self.account["secret"]
        )

    def _one(self, tab: str) -> str | None:
        if not self.signed_in:
            self.signed_in = self.log_in(
                self.account["phone"], ACCOUNTS["password"], self.account["secret"]
            )
            return None
        queue = self.get(f"/xu-ly/?tab={tab}", name=f"/xu-ly/ {tab}")
        codes = TRIAGE_LINK.findall(queue.text or "")
        return choice(codes[:10]) if codes else None

    @task(3)
    def accept(self):
        code = self._one("moi")
        if code:
            self.submit(f"/xu-ly/{code}/", f"/xu-ly/{code}/nhan-xu-ly/", name="accept")

    @task(3)
    def answer(self):
        code = self._one("dang-xu-ly")
        if code:
            self.submit(
                f"/xu-ly/{code}/",
                f"/xu-ly/{code}/tra-loi/",
                name="answer",
                **{"answer-answer": "Đơn vị đã kiểm tra hiện trường và khắc phục xong."},
            )
