"""A report code inside a notification's text stays on one line at 390 px, as
codes do everywhere else (issue 14, defect 12), and the text stays escaped."""

import pytest
from django.template import Context, Template
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, UserFactory
from phananh.testing.browser import assert_accessible, log_in

from .factories import NotificationFactory
from .test_mobile_shell_browser import one_line


def rendered(text: str) -> str:
    return Template("{% load report_codes %}{{ text|unbroken_codes }}").render(
        Context({"text": text})
    )


def test_codes_are_wrapped_and_the_rest_escaped():
    assert rendered("Phản ánh PA-2026-000033 đã có <b>kết quả</b>") == (
        'Phản ánh <span class="code">PA-2026-000033</span> đã có &lt;b&gt;kết quả&lt;/b&gt;'
    )


def test_text_without_a_code_is_only_escaped():
    assert rendered("Không có mã & gì") == "Không có mã &amp; gì"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_notification_code_stays_on_one_line(page):
    citizen = UserFactory(phone="+84912000111")
    NotificationFactory(
        recipient=citizen,
        message="Phản ánh “Đèn đường hỏng cả dãy phố Lê Duẩn” đã được gửi, mã PA-2026-000004.",
    )
    log_in(page, "0912 000 111", PASSWORD)
    page.goto("/ca-nhan/")

    code = page.locator(".notification .code")
    expect(code).to_have_text("PA-2026-000004")
    assert one_line(code)
    assert_accessible(page)
