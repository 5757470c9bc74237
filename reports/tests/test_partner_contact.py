"""Open311 senders' contact details stay with the IOC, and partner reports are
owned by an account no one can use (security review, issue 10 items 1 and 3)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from accounts.models import User
from reports import workflow
from reports.models import Delivery, Notification, PartnerSubmission, Report, ReportEvent
from reports.submissions import PARTNER_OWNER_NAME

from .factories import (
    AgencyFactory,
    AgencyMembershipFactory,
    CategoryFactory,
    IocOperatorFactory,
    WardFactory,
    issue_api_key,
)

pytestmark = pytest.mark.django_db

CONTACT = {
    "first_name": "Minh",
    "last_name": "Trần Văn",
    "email": "minh.tran@example.com",
    "phone": "0912 345 678",
}
TRACES = ("Trần Văn", "minh.tran@example.com", "0912 345 678", "0912345678", "912345678")


@pytest.fixture
def partner_report(client):
    category = CategoryFactory(slug="giao-thong")
    raw_key = issue_api_key(name="Ứng dụng 1022", partner="Công ty ABC")[1]
    response = client.post(
        "/open311/v2/requests.json",
        {
            "api_key": raw_key,
            "service_code": category.slug,
            "lat": "16.8167",
            "long": "107.1",
            "description": "Cây đổ chắn ngang đường Hùng Vương",
            **CONTACT,
        },
    )
    assert response.status_code == 200, response.content
    return Report.objects.get(code=response.json()[0]["service_request_id"])


def forwarded(report, ioc):
    report = workflow.report_receive(
        report=report, actor=ioc, category=report.category, level="normal", is_public=True
    )
    agency = AgencyFactory()
    return workflow.report_forward(report=report, actor=ioc, lead_agency=agency), agency


def assert_no_contact(response):
    assert response.status_code == 200
    page = response.content.decode()
    for trace in TRACES:
        assert trace not in page


def test_agencies_monitors_and_the_public_never_see_the_sender(client, partner_report):
    ioc = IocOperatorFactory()
    report, agency = forwarded(partner_report, ioc)
    ward = WardFactory()
    Report.objects.filter(pk=report.pk).update(ward=ward)
    watchers = AgencyFactory()
    watchers.units.add(ward)
    officer = User.objects.create_user("+84903000001", "x", full_name="Cán bộ")
    monitor = User.objects.create_user("+84903000002", "x", full_name="Theo dõi")
    AgencyMembershipFactory(agency=agency, user=officer, role="officer")
    AgencyMembershipFactory(agency=watchers, user=monitor, role="monitor")

    for person, desk in ((officer, agency), (monitor, watchers)):
        client.force_login(person)
        assert_no_contact(client.get(reverse("triage:report", args=[report.code])))
        assert_no_contact(client.get(reverse("triage:queue") + f"?agency={desk.code}"))
    client.logout()
    assert_no_contact(client.get(report.get_absolute_url()))
    assert_no_contact(client.get(reverse("reports:feed")))
    assert_no_contact(client.get(f"/open311/v2/requests/{report.code}.json"))
    assert_no_contact(client.get("/open311/v2/requests.xml"))
    assert not ReportEvent.objects.filter(report=report, note__contains="912345678").exists()


def test_the_ioc_sees_the_sender_on_the_admin_report_page(client, partner_report, admin_operator):
    client.force_login(admin_operator)
    page = client.get(reverse("admin:reports_report_change", args=[partner_report.pk]))
    assert "minh.tran@example.com" in page.content.decode()
    assert "0912 345 678" in page.content.decode()


def test_other_staff_do_not(client, partner_report, admin_viewer, admin_moderator):
    url = reverse("admin:reports_report_change", args=[partner_report.pk])
    client.force_login(admin_viewer)  # may look at reports, not at who sent them
    response = client.get(url)
    assert response.status_code == 200
    assert "minh.tran@example.com" not in response.content.decode()
    client.force_login(admin_moderator)
    assert client.get(url).status_code == 403


def test_the_senders_own_contact_gets_the_reporters_messages(partner_report):
    workflow.report_receive(
        report=partner_report,
        actor=IocOperatorFactory(),
        category=partner_report.category,
        level="normal",
        is_public=True,
    )

    sent = Delivery.objects.filter(report=partner_report)
    assert {(row.channel, row.address) for row in sent} == {
        (Delivery.Channel.SMS, "+84912345678"),
        (Delivery.Channel.EMAIL, "minh.tran@example.com"),
    }
    # The owner reads nothing: it never logs in.
    assert not Notification.objects.filter(recipient=partner_report.reporter).exists()


def test_no_one_logs_in_as_the_owner_or_resets_its_password(client, partner_report):
    owner = partner_report.reporter
    assert (owner.full_name, owner.phone, owner.is_reachable) == (PARTNER_OWNER_NAME, None, False)
    assert not owner.has_usable_password()
    assert not client.login(phone=None, password="")
    response = client.post(reverse("account_reset_password"), {"phone": "0899 999 999"})
    assert response.status_code in (200, 302)
    assert not Delivery.objects.filter(recipient=owner).exists()


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_old_contacts_out_of_the_history():
    """On the schema as migration 0007 left it: later migrations changed the
    tables (media_url became media_urls), so the test goes back there first."""
    migration = __import__(
        "reports.migrations.0007_partner_submission", fromlist=["move_contacts_out_of_history"]
    )
    executor = MigrationExecutor(connection)
    before = [("reports", "0007_partner_submission")]
    executor.migrate(before)
    executor.loader.build_graph()  # the other apps stay as they are: their state too
    old = executor.loader.project_state(list(executor.loader.applied_migrations)).apps
    try:
        old_owner = old.get_model("accounts", "User").objects.create(
            phone="+84899999999", password="md5$x$y", full_name=PARTNER_OWNER_NAME
        )
        report = old.get_model("reports", "Report").objects.create(
            reporter=old_owner, title="Đèn hỏng", status="submitted"
        )
        event = old.get_model("reports", "ReportEvent").objects.create(
            report=report,
            kind="progress",
            to_status="submitted",
            is_public=False,
            note="Gửi qua Open311 bởi A (B).\nTên: Minh\nĐiện thoại: 0912345678\n"
            "Ảnh/video của đối tác: https://example.com/a.jpg\nThuộc tính size: lớn, rất lớn",
        )

        migration.move_contacts_out_of_history(old, None)

        old_owner.refresh_from_db()
        assert old_owner.phone is None and not old_owner.password.startswith("md5$")
        event.refresh_from_db()
        assert event.note == "Gửi qua Open311 bởi A (B)."
        sender = old.get_model("reports", "PartnerSubmission").objects.get(report=report)
        assert (sender.first_name, sender.phone, sender.media_url) == (
            "Minh",
            "0912345678",
            "https://example.com/a.jpg",
        )
        assert sender.attributes == {"size": ["lớn", "rất lớn"]}
    finally:
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
    # ...and 0011 keeps the URL, as the list it became.
    assert PartnerSubmission.objects.get(report_id=report.pk).media_urls == [
        "https://example.com/a.jpg"
    ]
