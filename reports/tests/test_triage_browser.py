"""The triage dashboard in Chromium: an officer opens the queue, filters it,
opens a report, accepts it and writes a progress note; the queue and the report
page are checked with axe-core on a phone and a desktop."""

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, UserFactory
from phananh.testing.browser import assert_accessible
from phananh.testing.browser import log_in as log_in_through_the_form
from reports.models import AgencyMembership, Report, ReportEvent

from .factories import AgencyMembershipFactory, AttachmentFactory
from .triage_world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_works_a_report_from_the_queue(page):
    world = build_world()
    officer = UserFactory(phone="+84912000222", full_name="Cán bộ Thử Nghiệm")
    AgencyMembershipFactory(
        user=officer, agency=world.agency_a, role=AgencyMembership.AgencyRole.OFFICER
    )
    report = world.report(
        Report.Status.FORWARDED,
        title="Ổ gà trước cổng chợ",
        latitude="16.816700",
        longitude="107.100000",
        hide_name=True,
    )
    AttachmentFactory(report=report)
    world.report(Report.Status.IN_PROGRESS, title="Cây đổ chắn đường")

    log_in_through_the_form(page, "0912 000 222", PASSWORD)
    page.get_by_text("Đăng nhập thành công.").wait_for()

    page.goto("/xu-ly/")
    page.get_by_role("heading", name="Xử lý phản ánh").wait_for()
    expect(page.get_by_role("link", name="Ổ gà trước cổng chợ")).to_be_visible()
    page.get_by_text("Lọc phản ánh").click()
    expect(page.get_by_label("Mức độ")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Ổ gà trước cổng chợ").click()
    page.get_by_role("heading", name="Ổ gà trước cổng chợ").wait_for()
    page.locator("#detail-map-wrap .leaflet-marker-icon").wait_for()
    expect(page.get_by_text("Người dân (ẩn tên)")).to_be_visible()
    for summary in page.locator(".triage-action summary").all():
        summary.click()
    assert_accessible(page)

    page.get_by_role("button", name="Nhận xử lý").click()
    page.get_by_text(f"Đã nhận xử lý phản ánh {report.code}.").wait_for()
    report.refresh_from_db()
    assert report.status == Report.Status.IN_PROGRESS

    page.get_by_text("Ghi tiến độ").click()
    page.get_by_label("Ghi chú tiến độ").fill("Đã cử tổ kỹ thuật ra hiện trường.")
    page.get_by_label("Công khai ghi chú này cho người dân").check()
    page.get_by_role("button", name="Lưu ghi chú").click()
    page.get_by_text(f"Đã ghi tiến độ xử lý phản ánh {report.code}.").wait_for()
    note = report.events.get(kind=ReportEvent.Kind.PROGRESS)
    assert note.is_public and note.actor_id == officer.pk
    expect(page.locator(".triage-timeline")).to_contain_text("Đã cử tổ kỹ thuật ra hiện trường.")
