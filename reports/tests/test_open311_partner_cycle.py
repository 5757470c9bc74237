"""A partner's whole cycle over HTTP on a live server (issue 13), with
`requests` as FixMyStreet would: the partner sends a request and follows it by
its api_key while the IOC operator (admin) and the agency officer (triage
dashboard), each logged in with their authenticator app, receive, forward,
accept, answer and publish it through the portal's own forms; then the
partner's citizen update waits in the moderation queue until a moderator
approves it."""

import re
from datetime import UTC, datetime, timedelta
from urllib.parse import urljoin

import pytest
import requests
from django.conf import settings
from django.utils import timezone

from accounts.tests.factories import PASSWORD
from accounts.tests.helpers import LOGIN_URL, MFA_AUTHENTICATE_URL, current_code
from bench.soak.html_forms import post_form
from moderation.models import Comment
from reports.models import Report

from .factories import AgencyFactory, AgencyMembershipFactory, CategoryFactory, issue_api_key
from .helpers import detail_url, parse_xml

pytestmark = pytest.mark.django_db(transaction=True)

BASE = "/open311/v2"
TIMEOUT = 30
Status = Report.Status

CONTACT = {
    "first_name": "Xuyến",
    "last_name": "Lạc Thị",
    "email": "xuyen.lac@example.org",
    "phone": "0912777888",
}
DESCRIPTION = "Cống thoát nước trước số 5 Trần Hưng Đạo bị tắc, nước tràn lên mặt đường."
FORWARD_NOTE = "Chuyển Công ty Môi trường đô thị xử lý."
ANSWER = "Đã nạo vét cống và thông dòng chảy, mặt đường đã khô ráo."
CITIZEN_UPDATE = "Hôm nay nước lại tràn, nhờ kiểm tra thêm đoạn cống phía sau chợ."


def national(phone) -> str:
    """+84913000001 -> 0913000001, as people type it into the login form."""
    return "0" + str(phone).removeprefix("+84")


# --- Staff: the portal's pages, as a browser submits them -------------------------


class Staff:
    """A member of staff's browser: a cookie jar and the forms of each page."""

    def __init__(self, base_url: str, user):
        self.base_url, self.user = base_url, user
        self.session = requests.Session()

    def get(self, path: str, expect=200) -> requests.Response:
        response = self.session.get(urljoin(self.base_url, path), timeout=TIMEOUT)
        assert response.status_code == expect, (path, response.status_code)
        return response

    def submit(self, page: str, action_ends: str = "", **overrides) -> requests.Response:
        """GET `page`, then POST its form (to `action_ends`, by default the page
        itself) with its hidden inputs (the CSRF token) and defaults, plus
        `overrides`; returns the answer to the POST, not followed."""
        html = self.get(page).text
        form = post_form(html, action_ends or page.split("?")[0])
        assert form is not None, f"no form posting to {action_ends or page} on {page}"
        return self.session.post(
            urljoin(self.base_url + page, form.action or page),
            data=form.data(**overrides),
            allow_redirects=False,
            timeout=TIMEOUT,
        )

    def submit_and_follow(self, page: str, action_ends: str = "", **overrides) -> str:
        """`submit`, expecting the redirect that follows a success; the next page."""
        response = self.submit(page, action_ends, **overrides)
        assert response.status_code == 302, (page, response.status_code, response.text[:3000])
        return self.get(response.headers["Location"]).text

    def log_in(self) -> "Staff":
        """The portal's login form, then the authenticator app's current code."""
        response = self.submit(LOGIN_URL, login=national(self.user.phone), password=PASSWORD)
        assert response.status_code == 302, response.text[:3000]
        assert response.headers["Location"] == MFA_AUTHENTICATE_URL
        response = self.submit(MFA_AUTHENTICATE_URL, code=current_code(self.user))
        assert response.status_code == 302, response.text[:3000]
        return self


def admin_action(report, action: str) -> str:
    return f"/admin/reports/report/{report.pk}/xu-ly/{action}/"


# --- The partner: Open311 calls ------------------------------------------------------


class Partner:
    """FixMyStreet's side: form-encoded POSTs, XML answers, the key in every call."""

    def __init__(self, base_url: str, raw_key: str, window: tuple[str, str]):
        self.base_url, self.raw_key = base_url + BASE, raw_key
        self.start_date, self.end_date = window

    def call(self, method, path, expect=200, *, key=True, **fields):
        fields = {"jurisdiction_id": settings.OPEN311_JURISDICTION, **fields}
        if key:
            fields["api_key"] = self.raw_key
        send = {"params": fields} if method == "GET" else {"data": fields}
        response = requests.request(method, f"{self.base_url}/{path}.xml", timeout=TIMEOUT, **send)
        assert response.status_code == expect, (path, response.status_code, response.text)
        assert response.headers["Content-Type"].startswith("text/xml")
        return response

    def send(self, **fields) -> str:
        root = parse_xml(self.call("POST", "requests", **fields).content)
        assert root.tag == "service_requests"
        return root.findtext("request/service_request_id")

    def request(self, code: str) -> dict:
        response = self.call("GET", f"requests/{code}")
        # The citizen's contact is the IOC's alone (the phone in any of its spellings).
        for secret in (*CONTACT.values(), CONTACT["phone"].removeprefix("0")):
            assert secret not in response.text
        (request,) = parse_xml(response.content).findall("request")
        return {child.tag: child.text or "" for child in request}

    def updates(self, code: str) -> list[tuple[str, str, str, str]]:
        """(update_id, status, description, updated_datetime) of the request's
        steps in the test's window, read twice: the same both times."""
        readings = []
        for _ in range(2):
            root = parse_xml(
                self.call(
                    "GET", "servicerequestupdates",
                    start_date=self.start_date, end_date=self.end_date,
                ).content
            )  # fmt: skip
            readings.append(
                [
                    tuple(u.findtext(tag) for tag in ("update_id", "status", "description"))
                    + (u.findtext("updated_datetime"),)
                    for u in root.findall("request_update")
                    if u.findtext("service_request_id") == code
                ]
            )
        assert readings[0] == readings[1]
        return readings[0]

    def post_update(self, code: str, update_id: str) -> str:
        root = parse_xml(
            self.call(
                "POST", "servicerequestupdates", service_request_id=code, update_id=update_id,
                updated_datetime=datetime.now(UTC).isoformat(timespec="seconds"), status="OPEN",
                description=CITIZEN_UPDATE, first_name=CONTACT["first_name"], last_name="-",
                email=CONTACT["email"],
            ).content
        )  # fmt: skip
        assert root.tag == "service_request_updates"
        return root.findtext("request_update/update_id")


def utc_z(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_a_partner_request_goes_round_the_whole_cycle(live_server, admin_operator, admin_moderator):
    agency = AgencyFactory(name="Công ty Môi trường đô thị", code="moi-truong")
    officer = AgencyMembershipFactory(agency=agency, user__full_name="Lê Văn Cán Bộ").user
    CategoryFactory(name="Thoát nước", slug="thoat-nuoc", default_agency=agency)
    _key, raw_key = issue_api_key(name="FixMyStreet", partner="mySociety")
    began = timezone.now()
    partner = Partner(
        live_server.url,
        raw_key,
        (utc_z(began - timedelta(minutes=1)), utc_z(began + timedelta(hours=2))),
    )
    seen_updates = []

    # --- 4. After every step the partner reads the request and its updates. ------------
    def updates_now(*new_steps):
        """The request's updates: those seen before, unchanged (the same ids),
        then `new_steps` ((status, description) pairs) with new ids."""
        updates = partner.updates(code)
        assert updates[: len(seen_updates)] == seen_updates
        added = updates[len(seen_updates) :]
        assert [(status, text) for _id, status, text, _at in added] == list(new_steps)
        seen_updates.extend(added)
        assert len({update[0] for update in seen_updates}) == len(seen_updates)
        return updates

    # --- 1. The partner sends the request, as FixMyStreet does. ----------------------
    code = partner.send(
        service_code="thoat-nuoc", lat="16.8", long="107.1", description=DESCRIPTION,
        media_url=["https://fms.example.org/photo/1.jpeg", "https://fms.example.org/photo/2.jpeg"],
        **CONTACT,
    )  # fmt: skip
    assert re.fullmatch(r"PA-\d{4}-\d{6}", code)
    report = Report.objects.get(code=code)
    assert report.status == Status.SUBMITTED and not report.is_public

    # --- 2. It reads it back by id with its key; without the key it is not there. --------
    request = partner.request(code)
    assert (request["service_request_id"], request["status"]) == (code, "open")
    assert request["agency_responsible"] == request["status_notes"] == ""
    assert DESCRIPTION in request["description"]
    partner.call("GET", f"requests/{code}", expect=404, key=False)
    updates_now()  # sending it is no step the partner is told of

    # --- 3a. The IOC operator logs in and receives it, public. ---------------------------
    operator = Staff(live_server.url, admin_operator).log_in()
    page = operator.submit_and_follow(admin_action(report, "receive"), is_public="on")
    assert f"Đã tiếp nhận phản ánh {code}." in page
    report.refresh_from_db()
    assert report.status == Status.RECEIVED and report.is_public
    assert partner.request(code)["status"] == "open"
    updates_now(("open", str(Status.RECEIVED.label)))  # the receipt is public

    # --- 3b. ... and forwards it to the agency with a deadline. ----------------------------
    deadline = (timezone.localtime() + timedelta(days=7)).replace(second=0, microsecond=0)
    page = operator.submit_and_follow(
        admin_action(report, "forward"),
        lead_agency=str(agency.pk), deadline=deadline.strftime("%Y-%m-%dT%H:%M"),
        note=FORWARD_NOTE,
    )  # fmt: skip
    assert f"Đã chuyển phản ánh {code} đến {agency.name}" in page
    request = partner.request(code)
    assert (request["status"], request["agency_responsible"]) == ("open", agency.name)
    assert request["expected_datetime"] == deadline.isoformat(timespec="seconds")
    updates_now(("open", FORWARD_NOTE))

    # --- 3c. The agency's officer logs in, accepts it and answers it. ---------------------
    desk = Staff(live_server.url, officer).log_in()
    triage_page = f"/xu-ly/{code}/?agency={agency.code}"
    page = desk.submit_and_follow(triage_page, "/nhan-xu-ly/")
    assert f"Đã nhận xử lý phản ánh {code}." in page
    assert partner.request(code)["status"] == "open"
    updates_now(("open", str(Status.IN_PROGRESS.label)))

    page = desk.submit_and_follow(triage_page, "/tra-loi/", **{"answer-answer": ANSWER})
    assert f"Đã gửi kết quả xử lý phản ánh {code}" in page
    request = partner.request(code)
    assert (request["status"], request["status_notes"]) == ("open", "")  # not published yet
    updates_now(("open", str(Status.RESOLVED.label)))

    # --- 3d. The IOC operator publishes the answer. ---------------------------------------
    page = operator.submit_and_follow(admin_action(report, "publish"))
    assert f"Đã đăng tải kết quả phản ánh {code}." in page
    request = partner.request(code)
    assert (request["status"], request["status_notes"]) == ("closed", ANSWER)
    updates = updates_now(("closed", ANSWER))
    assert [status for _id, status, _text, _at in updates] == ["open"] * 4 + ["closed"]
    assert [at for *_rest, at in updates] == sorted(at for *_rest, at in updates)
    report.refresh_from_db()
    assert report.status == Status.PUBLISHED

    # --- 5. The partner posts a citizen's update, twice with the same id. -----------------
    update_id = partner.post_update(code, "fms-1")
    assert update_id and update_id.isdigit()
    assert partner.post_update(code, "fms-1") == update_id
    comment = Comment.objects.get(report=report)  # one comment for the two posts
    assert (str(comment.pk), comment.status) == (update_id, Comment.Status.PENDING)
    updates_now()  # a citizen's comment is no step of the request
    public_page = requests.get(live_server.url + detail_url(code), timeout=TIMEOUT)
    assert public_page.status_code == 200 and ANSWER in public_page.text
    assert CITIZEN_UPDATE not in public_page.text

    # --- ... it waits in the moderation queue; once approved, the public sees it. ----------
    moderator = Staff(live_server.url, admin_moderator).log_in()
    assert CITIZEN_UPDATE in moderator.get("/kiem-duyet/").text
    page = moderator.submit_and_follow(
        "/kiem-duyet/", f"/kiem-duyet/binh-luan/{update_id}/", action="approve"
    )
    assert CITIZEN_UPDATE not in page
    public_page = requests.get(live_server.url + detail_url(code), timeout=TIMEOUT)
    assert CITIZEN_UPDATE in public_page.text
    assert CONTACT["first_name"] not in public_page.text  # signed by the partner, not the citizen
    assert CONTACT["email"] not in public_page.text
