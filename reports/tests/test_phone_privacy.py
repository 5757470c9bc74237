"""No reporter's phone number leaves the IOC's screens (security review,
Decree 13/2023): not in public pages, feeds, Open311, other citizens' pages,
the agencies' dashboard, the moderation queue, exports or logs, in any of the
ways a Vietnamese number is written. The IOC's report page does show it, so
this test would see a leak."""

import csv
import io
import json
import logging
from dataclasses import dataclass

import openpyxl
import pytest
import requests
from django.contrib.admin import helpers
from django.urls import reverse

from accounts import sms
from accounts.tests.factories import UserFactory
from moderation import services as moderation
from moderation.models import Flag
from reports import workflow
from reports.models import AgencyMembership, Report
from reports.opendata.views import CSV_NAMES
from reports.triage.selectors import TABS

from .factories import (
    AgencyFactory,
    AgencyMembershipFactory,
    AttachmentFactory,
    CategoryFactory,
    IocOperatorFactory,
    ReportFactory,
    WardFactory,
    issue_api_key,
)

pytestmark = pytest.mark.django_db

# Not 0912 345 678: the forms show that one as their example.
REPORTER = "+84916483027"
HIDDEN_REPORTER = "+84912000111"
COMMENTER = "+84913555777"
PARTNER_CONTACT = "+84915222333"
VIEWER = "+84988000999"
REPORTERS = (REPORTER, HIDDEN_REPORTER, COMMENTER, PARTNER_CONTACT)
DONG_HA = {"latitude": 16.8167, "longitude": 107.1}


def written_forms(e164: str) -> set[str]:
    """+84912345678 as people and programs write it: 84912345678, 0912345678,
    0912 345 678, 091 234 5678, and the bare 912345678 that all of them hold."""
    national = "0" + e164[3:]
    return {
        e164,
        e164[1:],
        e164[3:],
        national,
        f"{national[:4]} {national[4:7]} {national[7:]}",
        f"{national[:3]} {national[3:6]} {national[6:]}",
    }


def leaks(text: str, phones=REPORTERS) -> set[str]:
    return {form for phone in phones for form in written_forms(phone) if form in text}


@dataclass
class World:
    reports: list
    category: object
    ward: object
    agency: object
    watchers: object
    officer: object
    monitor: object
    viewer: object
    api_key: str


@pytest.fixture
def debug_logs(caplog):
    """Every record of every logger, from the first line of the test on."""
    caplog.set_level(logging.DEBUG)
    return caplog


def publish(report, *, ioc, officer, agency):
    workflow.report_submit(report=report, actor=report.reporter)
    forward(report, ioc=ioc, agency=agency)
    workflow.report_accept(report=report, actor=officer)
    workflow.report_answer(report=report, actor=officer, answer="Đã vá mặt đường.")
    workflow.report_publish(report=report, actor=ioc)


def forward(report, *, ioc, agency):
    workflow.report_receive(
        report=report, actor=ioc, category=report.category, level="normal", is_public=True
    )
    workflow.report_forward(report=report, actor=ioc, lead_agency=agency)


@pytest.fixture
def world(debug_logs, client, django_capture_on_commit_callbacks) -> World:
    """A named and a hidden-name report taken through the whole workflow (so
    every notification and SMS went out), a partner's Open311 report with its
    sender's phone, comments, a like and flags; an agency handles them all and
    a commune office watches their ward."""
    category = CategoryFactory(slug="giao-thong")
    ward = WardFactory(name="Phường Đông Hà")
    agency = AgencyFactory(name="Sở Giao thông vận tải")
    watchers = AgencyFactory(name="UBND phường Đông Hà")
    watchers.units.add(ward)
    officer = AgencyMembershipFactory(agency=agency, user__full_name="Cán bộ Sở").user
    monitor = AgencyMembershipFactory(
        agency=watchers, role=AgencyMembership.AgencyRole.MONITOR, user__full_name="Cán bộ phường"
    ).user
    ioc = IocOperatorFactory()
    reporter = UserFactory(phone=REPORTER, full_name="Nguyễn Văn An", email="an@example.com")
    hidden = UserFactory(phone=HIDDEN_REPORTER, full_name="Trần Thị Ẩn")
    commenter = UserFactory(phone=COMMENTER, full_name="Lê Văn Bình")
    viewer = UserFactory(phone=VIEWER, full_name="Phạm Thị Xem")
    raw_key = issue_api_key(name="Ứng dụng 1022", partner="Công ty ABC")[1]

    with django_capture_on_commit_callbacks(execute=True):
        named = ReportFactory(reporter=reporter, category=category, ward=ward, **DONG_HA)
        secret = ReportFactory(
            reporter=hidden, category=category, ward=ward, hide_name=True, **DONG_HA
        )
        for report in (named, secret):
            AttachmentFactory(report=report)
            publish(report, ioc=ioc, officer=officer, agency=agency)
        response = client.post(
            "/open311/v2/requests.json",
            {
                "api_key": raw_key,
                "service_code": category.slug,
                "lat": "16.8167",
                "long": "107.1",
                "description": "Cây đổ chắn ngang đường Hùng Vương",
                "first_name": "Minh",
                "last_name": "Trần Văn",
                "phone": "0915 222 333",
            },
        )
        partner = Report.objects.get(code=response.json()[0]["service_request_id"])
        Report.objects.filter(pk=partner.pk).update(ward=ward)
        forward(partner, ioc=ioc, agency=agency)

        comment = moderation.comment_post(author=commenter, report=named, body="Cảm ơn cơ quan")
        moderation.comment_approve(actor=UserFactory(is_superuser=True), comments=[comment])
        moderation.comment_post(
            author=reporter, report=named, body="Cảm ơn bạn", replied_to=comment
        )
        moderation.comment_post(author=commenter, report=secret, body="Đèn vẫn chưa sáng")
        moderation.like_toggle(user=viewer, comment=comment)
        moderation.flag_create(user=viewer, comment=comment, reason=Flag.Reason.SPAM)
        moderation.flag_create(user=viewer, report=secret, reason=Flag.Reason.PRIVACY)
    assert sms.outbox, "the workflow sent its SMS"
    reports = [Report.objects.get(pk=pk) for pk in (named.pk, secret.pk, partner.pk)]
    return World(reports, category, ward, agency, watchers, officer, monitor, viewer, raw_key)


def public_urls(world: World) -> list[str]:
    urls = [
        "/",
        "/?tab=khan",
        "/?tab=da-xu-ly",
        "/?tab=tat-ca",
        "/?q=nguyen+van+an",
        "/ban-do/",
        "/ban-do/du-lieu.geojson?bbox=106,16,108,18&zoom=16",
        "/ban-do/du-lieu.geojson?bbox=106,16,108,18&zoom=9",
        "/thong-ke/",
        *(f"/thong-ke/{name}.csv" for name in CSV_NAMES.values()),
        "/phan-anh/moi.atom",
        f"/phan-anh/chuyen-muc/{world.category.slug}.atom",
        f"/phan-anh/dia-ban/{world.ward.code}.atom",
        f"/phan-anh/gan-day/?lat=16.8167&lon=107.1&category={world.category.pk}",
    ]
    return urls + [report.get_absolute_url() for report in world.reports]


def open311_urls(world: World) -> list[str]:
    code = world.category.slug
    urls = ["/open311/v2/tokens/khong-co.json"]
    for fmt in ("json", "xml"):
        urls += [
            f"/open311/v2/discovery.{fmt}",
            f"/open311/v2/services.{fmt}",
            f"/open311/v2/services/{code}.{fmt}",
            f"/open311/v2/requests.{fmt}",
            f"/open311/v2/requests.{fmt}?status=open",
            f"/open311/v2/requests.{fmt}?service_code={code}",
            *(f"/open311/v2/requests/{report.code}.{fmt}" for report in world.reports),
        ]
    return urls + [f"{url}{'&' if '?' in url else '?'}api_key={world.api_key}" for url in urls]


def fetch_all(client, urls) -> list[tuple[str, set[str]]]:
    """(url, the forms found) for each URL that leaks; every answer must be an
    ordinary one (200, or 404 for the unknown token)."""
    found = []
    for url in urls:
        response = client.get(url)
        expected = 404 if "/tokens/" in url else 200
        assert response.status_code == expected, (url, response.status_code)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if leaked := leaks(body.decode()):
            found.append((url, leaked))
    return found


def test_no_phone_number_outside_the_ioc_screens(client, world, debug_logs):
    anonymous_only = ["/tai-khoan/login/", "/tai-khoan/signup/"]
    leaked = fetch_all(client, public_urls(world) + open311_urls(world) + anonymous_only)

    client.force_login(world.viewer)  # another citizen, in their own pages
    leaked += fetch_all(
        client,
        [
            "/ca-nhan/",
            "/ca-nhan/phan-anh/",
            "/ca-nhan/nhap/",
            "/tai-khoan/",
            "/tai-khoan/du-lieu-ca-nhan/",
            "/tai-khoan/du-lieu-ca-nhan/tai-ve/",
            *public_urls(world),
        ],
    )

    triage_pages = [f"/xu-ly/{report.code}/" for report in world.reports]
    client.force_login(world.officer)
    leaked += fetch_all(
        client, ["/xu-ly/", *(f"/xu-ly/?tab={tab.slug}" for tab in TABS), *triage_pages]
    )
    client.force_login(world.monitor)
    queue = f"/xu-ly/?agency={world.watchers.code}"
    leaked += fetch_all(
        client, [queue, *(f"{page}?agency={world.watchers.code}" for page in triage_pages)]
    )

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    leaked += fetch_all(client, ["/kiem-duyet/", "/kiem-duyet/?tab=flags"])
    # The queue holds the pending comment and both flags: what the check read.
    assert "Đèn vẫn chưa sáng" in client.get("/kiem-duyet/").content.decode()
    assert "Lộ thông tin cá nhân" in client.get("/kiem-duyet/?tab=flags").content.decode()

    assert leaked == []
    assert leaks(debug_logs.text) == set()
    assert all(not leaks(str(record.args)) for record in debug_logs.records)


def test_the_ioc_exports_carry_no_phone(client, world, admin_operator):
    client.force_login(admin_operator)
    selected = {helpers.ACTION_CHECKBOX_NAME: [report.pk for report in world.reports]}
    changelist = reverse("admin:reports_report_changelist")
    exported = client.post(changelist, {"action": "export_csv", **selected})
    rows = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert len(rows) == 1 + len(world.reports)
    assert leaks(json.dumps(rows, ensure_ascii=False)) == set()

    exported = client.post(changelist, {"action": "export_xlsx", **selected})
    sheet = openpyxl.load_workbook(io.BytesIO(exported.content)).active
    cells = [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value]
    assert leaks(" ".join(cells)) == set()


def test_the_ioc_report_page_shows_the_phone(client, world, admin_operator):
    """The check above would see a leak: the one screen meant to show it does."""
    client.force_login(admin_operator)
    named, _hidden, partner = world.reports
    for report, phone in ((named, REPORTER), (partner, PARTNER_CONTACT)):
        page = client.get(reverse("admin:reports_report_change", args=[report.pk]))
        assert leaks(page.content.decode(), phones=[phone])


def test_a_citizens_export_holds_their_own_phone_only(client, world):
    reporter = world.reports[0].reporter
    client.force_login(reporter)
    exported = client.get("/tai-khoan/du-lieu-ca-nhan/tai-ve/").content.decode()
    page = client.get("/tai-khoan/du-lieu-ca-nhan/").content.decode()
    assert json.loads(exported)["profile"]["phone"] == REPORTER
    assert "0916 483 027" in page
    others = [phone for phone in REPORTERS if phone != REPORTER]
    assert leaks(exported, phones=others) == set()
    assert leaks(page, phones=others) == set()


def test_a_gateway_that_echoes_the_number_keeps_it_out_of_the_logs(
    settings, monkeypatch, debug_logs, world, django_capture_on_commit_callbacks
):
    """Gateways often quote the number they refuse; the reply is logged."""
    settings.SMS_BACKEND = "accounts.sms.backends.http.SmsBackend"
    settings.SMS_GATEWAY_URL = "http://sms.test/send"
    refusal = requests.Response()
    refusal.status_code = 400
    refusal._content = json.dumps({"error": "blocked number 84916483027 (0916 483 027)"}).encode()
    monkeypatch.setattr(requests.Session, "post", lambda *args, **kwargs: refusal)
    report = ReportFactory(reporter=world.reports[0].reporter, category=world.category, **DONG_HA)
    debug_logs.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.report_submit(report=report, actor=report.reporter)
        workflow.report_receive(
            report=report,
            actor=IocOperatorFactory(),
            category=world.category,
            level="normal",
            is_public=False,
        )
    assert "SMS gateway refused the message" in debug_logs.text
    assert leaks(debug_logs.text) == set()
