"""Reopening in Chromium (issue 15): the IOC reopens a report from its admin
page at 1280 px, and the public timeline shows the reopening on a phone
(390 px); the reporter reads the IOC's reply under their rating. axe-core on
every page."""

import pytest

from accounts.tests.factories import PASSWORD
from phananh.testing.browser import DESKTOP, PHONE, assert_accessible, log_in
from reports import workflow
from reports.models import Report, Satisfaction

from .factories import IocOperatorFactory
from .reopening_world import COMPLAINT
from .reopening_world import first_agency as first_agency
from .reopening_world import other_agency as other_agency
from .reopening_world import published as published
from .reopening_world import rated as rated
from .reopening_world import reporter as reporter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTE = "Đề nghị kiểm tra lại mặt đường sau mưa và gửi ảnh sau khi khắc phục."
REPLY = "Mặt đường đã được nghiệm thu ngày 15/3; đơn vị sẽ kiểm tra lại sau mưa."


@pytest.mark.parametrize("page", [DESKTOP], indirect=True, ids=["desktop"])
def test_the_ioc_reopens_a_report_to_another_agency(page, rated, other_agency):
    IocOperatorFactory(phone="+84912000555")
    log_in(page, "0912 000 555", PASSWORD, start="/admin/login/?next=/admin/")

    page.goto("/admin/reports/report/?xem_xet_lai=cho")
    page.get_by_role("link", name=rated.code).click()
    page.get_by_text(COMPLAINT).first.wait_for()
    assert_accessible(page)

    page.get_by_role("link", name="Mở lại xử lý").click()
    page.get_by_label("Cơ quan chủ trì").select_option(label=other_agency.name)
    page.get_by_label("Yêu cầu đối với cơ quan xử lý").fill(NOTE)
    assert_accessible(page)
    page.get_by_role("button", name="Mở lại xử lý").click()

    page.get_by_text(f"Đã mở lại phản ánh {rated.code}, chuyển đến {other_agency.name}").wait_for()
    report = Report.objects.get(pk=rated.pk)
    assert (report.status, report.lead_agency) == (Report.Status.FORWARDED, other_agency)
    assert Satisfaction.objects.get(report=report).review_outcome == "reopened"
    assert_accessible(page)


@pytest.mark.parametrize("page", [PHONE], indirect=True, ids=["phone"])
def test_the_public_timeline_shows_the_reopening(page, rated, other_agency):
    workflow.report_reopen(
        report=rated, actor=IocOperatorFactory(), lead_agency=other_agency, note=NOTE
    )

    page.goto(rated.get_absolute_url())

    entry = page.locator(".timeline__item", has_text="Mở lại xử lý theo ý kiến người dân")
    entry.wait_for()
    assert other_agency.name in entry.inner_text()
    assert NOTE in entry.inner_text()
    assert page.get_by_role("heading", name="Kết quả xử lý").count() == 0
    assert "Đang xử lý" in page.locator("[aria-current=step]").inner_text()
    assert_accessible(page)


@pytest.mark.parametrize("page", [PHONE], indirect=True, ids=["phone"])
def test_the_reporter_reads_the_reply_under_their_rating(page, rated, reporter):
    workflow.report_close_review(report=rated, actor=IocOperatorFactory(), reply=REPLY)
    reporter.set_password(PASSWORD)
    reporter.save()
    log_in(page, f"0{str(reporter.phone)[3:]}", PASSWORD)

    page.goto(rated.get_absolute_url() + "#satisfaction")

    reply = page.locator(".satisfaction__reply")
    reply.wait_for()
    assert REPLY in reply.inner_text()
    assert_accessible(page)
