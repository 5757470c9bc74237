"""A citizen reads their personal data, then deletes their account, in
Chromium on a phone and a desktop with the Content-Security-Policy on; each
page is checked with axe-core."""

import pytest
from playwright.sync_api import expect

from accounts.models import User
from moderation.tests.factories import CommentFactory
from phananh.testing.browser import assert_accessible
from reports.models import Notification, Report
from reports.tests.factories import AttachmentFactory, ReportFactory, report_in_state

from .factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = "+84912000666"


def test_read_the_data_then_delete_the_account(page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    citizen = UserFactory(phone=PHONE, full_name="Đỗ Thị Hạnh", email="hanh@example.com")
    report = report_in_state(
        Report.Status.PUBLISHED, reporter=citizen, is_public=True, title="Cống thoát nước tắc"
    )
    AttachmentFactory(report=report)
    ReportFactory(reporter=citizen, title="Vỉa hè bị lấn chiếm")
    CommentFactory(author=citizen, report=report, approved=True, body="Đã thông cống, cảm ơn.")
    Notification.objects.create(recipient=citizen, report=report, message="Đã có kết quả.")

    page.goto("/tai-khoan/login/")
    page.get_by_label("Số điện thoại").fill("0912 000 666")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_text("Đăng nhập thành công.").wait_for()

    page.goto("/tai-khoan/")
    page.get_by_role("link", name="Dữ liệu của tôi").click()
    expect(page.get_by_role("heading", name="Dữ liệu cá nhân của tôi")).to_be_visible()
    expect(page.get_by_role("link", name="Cống thoát nước tắc")).to_be_visible()
    expect(page.get_by_text("0912 000 666")).to_be_visible()
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải toàn bộ dữ liệu (tệp JSON)").click()
    assert download.value.suggested_filename.startswith("du-lieu-ca-nhan-")

    page.get_by_role("link", name="Xoá tài khoản").click()
    expect(page.get_by_role("heading", name="Xoá tài khoản")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Mật khẩu hiện tại").fill("Sai-mat-khau#1")
    page.get_by_role("button", name="Xoá tài khoản vĩnh viễn").click()
    expect(page.locator(".field__errors")).to_have_text("Mật khẩu không đúng.")
    assert_accessible(page)

    page.get_by_label("Mật khẩu hiện tại").fill(PASSWORD)
    page.get_by_role("button", name="Xoá tài khoản vĩnh viễn").click()
    page.get_by_text("Tài khoản của bạn đã được xoá.").wait_for()
    assert not User.objects.filter(phone=PHONE).exists()
    expect(page.get_by_role("link", name="Đăng nhập").first).to_be_visible()

    page.goto(report.get_absolute_url())
    # The report's sender and the author of their comment alike.
    expect(page.get_by_role("definition").filter(has_text="Người dân (ẩn tên)")).to_be_visible()
    expect(page.locator(".comment__author", has_text="Người dân (ẩn tên)")).to_be_visible()
    assert_accessible(page)
