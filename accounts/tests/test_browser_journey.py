"""The citizen's first visit in Chromium: sign up, activate by SMS, log in,
change the name, log out; every page checked with axe-core on a phone and a desktop."""

import re

import pytest

from accounts import second_factor, sms
from accounts.models import User
from phananh.testing.browser import assert_accessible, log_in

from .factories import PASSWORD as OLD_PASSWORD
from .factories import UserFactory
from .helpers import last_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Quang-Tri@2026"


def test_sign_up_activate_log_in_rename_log_out(page):
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("link", name="Đăng ký", exact=True).first.click()

    assert_accessible(page)
    page.get_by_label("Số điện thoại").fill("0912 345 678")
    page.get_by_label("Họ và tên (hoặc tên tổ chức)").fill("Nguyễn Thị Hoa")
    page.get_by_label(re.compile(r"^Mật khẩu")).fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng ký").click()

    page.get_by_role("heading", name="Kích hoạt tài khoản").wait_for()
    assert_accessible(page)
    assert sms.outbox[-1].to == "+84912345678"
    page.get_by_label("Mã xác thực").fill(last_code())
    page.get_by_role("button", name="Kích hoạt").click()
    page.get_by_text("Tài khoản đã được kích hoạt.").wait_for()
    assert User.objects.get(phone="+84912345678").phone_verified

    page.goto("/tai-khoan/logout/")
    assert_accessible(page)
    page.get_by_role("button", name="Xác nhận đăng xuất").click()
    page.get_by_text("Bạn đã đăng xuất.").wait_for()

    page.goto("/tai-khoan/login/")
    assert_accessible(page)
    page.get_by_label("Số điện thoại").fill("+84 912 345 678")
    page.get_by_label(re.compile(r"^Mật khẩu")).fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_text("Đăng nhập thành công.").wait_for()

    page.goto("/tai-khoan/")
    assert_accessible(page)
    page.get_by_label("Họ và tên").fill("Nguyễn Thị Hoa Mai")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_text("Đã lưu thông tin tài khoản.").wait_for()
    assert User.objects.get(phone="+84912345678").full_name == "Nguyễn Thị Hoa Mai"

    page.get_by_role("link", name="Đăng xuất").last.click()
    page.get_by_role("button", name="Xác nhận đăng xuất").click()
    page.get_by_text("Bạn đã đăng xuất.").wait_for()
    assert page.get_by_role("link", name="Đăng nhập").first.is_visible()


def test_forgotten_password_reset_by_sms_then_log_in_and_change(page):
    UserFactory(phone="+84987654321")

    page.goto("/tai-khoan/login/")
    page.get_by_role("link", name="Quên mật khẩu?").click()
    assert_accessible(page)
    page.get_by_label("Số điện thoại").fill("0987 654 321")
    page.get_by_role("button", name="Gửi mã").click()

    page.get_by_role("heading", name="Nhập mã xác thực").wait_for()
    assert_accessible(page)
    page.get_by_role("textbox", name="Mã xác thực").fill(last_code("+84987654321"))
    page.get_by_role("button", name="Tiếp tục").click()

    page.get_by_role("heading", name="Đặt mật khẩu mới").wait_for()
    assert_accessible(page)
    page.get_by_label(re.compile(r"^Mật khẩu")).fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Lưu mật khẩu").click()
    # Nobody is signed in by the reset: the login page, with the new password.
    page.get_by_text("Đã đặt mật khẩu mới. Hãy đăng nhập bằng mật khẩu mới.").wait_for()
    assert_accessible(page)
    log_in(page, "0987 654 321", PASSWORD)
    page.get_by_text("Đăng nhập thành công.").wait_for()

    page.goto("/tai-khoan/password/change/")
    assert_accessible(page)
    page.get_by_label("Mật khẩu hiện tại").fill(OLD_PASSWORD)
    page.get_by_role("button", name="Lưu").click()
    page.locator(".field__errors").first.wait_for()
    assert_accessible(page)
    assert User.objects.get(phone="+84987654321").check_password(PASSWORD)


@pytest.mark.parametrize(
    "path",
    ["/tai-khoan/password/reset/", "/tai-khoan/signup/?error=1", "/khong-co-trang-nay/"],
)
def test_account_pages_are_accessible(page, path):
    page.goto(path)
    if "error" in path:
        page.get_by_role("button", name="Đăng ký").click()
        page.locator(".field__errors").first.wait_for()
    assert_accessible(page)


def test_a_new_staff_member_sets_up_the_authenticator_app_then_signs_in_with_it(page):
    UserFactory(phone="+84987654322", is_staff=True, authenticator_app=False)

    log_in(page, "0987 654 322", OLD_PASSWORD)
    page.get_by_role("heading", name="Bật xác thực hai lớp").wait_for()
    assert_accessible(page)
    secret = page.locator("#totp-secret").inner_text()
    page.get_by_label("Mã từ ứng dụng xác thực").fill("000000")
    page.get_by_role("button", name="Bật xác thực hai lớp").click()
    page.get_by_text("Mã xác thực không đúng.").wait_for()
    page.get_by_label("Mã từ ứng dụng xác thực").fill(second_factor.current_code(secret))
    page.get_by_role("button", name="Bật xác thực hai lớp").click()

    page.get_by_role("heading", name="Mã khôi phục").wait_for()
    assert page.locator(".recovery-codes li").count() == 10
    assert_accessible(page)

    page.context.clear_cookies()
    page.goto("/tai-khoan/login/?next=/admin/")
    page.get_by_label("Số điện thoại").fill("0987 654 322")
    page.get_by_label(re.compile(r"^Mật khẩu")).fill(OLD_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("heading", name="Xác thực hai lớp").wait_for()
    assert_accessible(page)
    page.get_by_label("Mã xác thực").fill(second_factor.current_code(secret))
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    page.locator("#site-name").wait_for()
