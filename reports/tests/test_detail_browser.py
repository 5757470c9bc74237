"""The report page in Chromium (issue 5, "Tests and proof"): the reporter opens
their published report, rates it "Không hài lòng" without a comment and sees
the error next to the field, adds a comment and sees the result; axe-core checks
the page on a phone and a desktop. Map tiles come from /static/img/tile.png."""

import re

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, UserFactory
from phananh.testing.browser import assert_accessible
from reports.models import Report, ReportEvent, Satisfaction

from .factories import AttachmentFactory, WardFactory, report_in_state

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMMENT = "Ổ gà vá xong lại lún sau hai ngày mưa."


def test_the_reporter_rates_their_published_report(page):
    reporter = UserFactory(phone="+84912000222", full_name="Nguyễn Văn An")
    report = report_in_state(
        Report.Status.PUBLISHED,
        reporter=reporter,
        is_public=True,
        ward=WardFactory(name="Phường Đông Hà"),
        latitude="16.816700",
        longitude="107.100000",
    )
    AttachmentFactory(report=report)
    AttachmentFactory(report=report, is_answer=True)
    ReportEvent.objects.create(
        report=report,
        from_status=Report.Status.RESOLVED,
        to_status=Report.Status.PUBLISHED,
        note="Đăng tải kết quả xử lý.",
    )

    page.goto("/tai-khoan/login/")
    page.get_by_label("Số điện thoại").fill("0912 000 222")
    page.get_by_label(re.compile(r"^Mật khẩu")).fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_text("Đăng nhập thành công.").wait_for()

    page.goto(f"/phan-anh/{report.code}/")
    page.get_by_role("heading", name=report.title).wait_for()
    page.locator("#detail-map .leaflet-tile-loaded").first.wait_for()
    expect(page.get_by_role("heading", name="Kết quả xử lý")).to_be_visible()
    expect(page.get_by_text("Người gửi chưa đánh giá kết quả xử lý.")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Không hài lòng").check()
    page.get_by_role("button", name="Gửi đánh giá").click()
    error = page.locator("#id_satisfaction-comment_error")
    expect(error).to_have_text(re.compile("Hãy cho biết vì sao bạn không hài lòng."))
    comment = page.get_by_label("Ý kiến của bạn")
    expect(comment).to_have_attribute("aria-invalid", "true")
    expect(comment).to_have_attribute(
        "aria-describedby", re.compile("id_satisfaction-comment_error")
    )
    expect(page.get_by_label("Không hài lòng")).to_be_checked()
    assert not Satisfaction.objects.exists()
    assert_accessible(page)

    comment.fill(COMMENT)
    page.get_by_role("button", name="Gửi đánh giá").click()
    page.get_by_text("Đã ghi nhận đánh giá của bạn. Xin cảm ơn!").wait_for()
    result = page.locator(".satisfaction__result")
    expect(result).to_contain_text("Bạn đã đánh giá:")
    expect(result.locator(".badge--dissatisfied")).to_have_text("Không hài lòng")
    expect(page.locator(".satisfaction__comment")).to_have_text(COMMENT)
    # The form to change it stays folded under the result.
    expect(page.get_by_role("button", name="Cập nhật đánh giá")).to_be_hidden()
    page.get_by_text("Đổi đánh giá", exact=True).click()
    expect(page.get_by_role("button", name="Cập nhật đánh giá")).to_be_visible()
    expect(page.get_by_label("Không hài lòng")).to_be_checked()
    rating = Satisfaction.objects.get()
    assert (rating.report_id, rating.user_id) == (report.pk, reporter.pk)
    assert (rating.level, rating.comment) == (Satisfaction.Level.DISSATISFIED, COMMENT)
    assert_accessible(page)
