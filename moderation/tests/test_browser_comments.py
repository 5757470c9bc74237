"""Comments in Chromium (issue 5, "Tests and proof"): a citizen comments on a
published report and sees it pending; a moderator approves it at /kiem-duyet/;
a visitor then sees it; another citizen likes it without a page reload. Every
page is checked with axe-core on a phone and a desktop."""

import io
import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, UserFactory
from moderation.models import Comment, CommentLike
from phananh.testing.browser import assert_accessible
from phananh.testing.browser import log_in as log_in_through_the_form

from .factories import published_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMMENT = "Đèn đường sáng trở lại rồi, cảm ơn phường Đông Hà!"


def log_in(page, phone):
    page.context.clear_cookies()
    log_in_through_the_form(page, phone, PASSWORD)
    page.get_by_text("Đăng nhập thành công.").wait_for()


def test_comment_moderate_and_see_it_published(page):
    call_command("setup_roles", stdout=io.StringIO())
    UserFactory(phone="+84912000301", full_name="Nguyễn Văn An")
    UserFactory(phone="+84912000302", full_name="Lê Thị Bích")
    moderator = UserFactory(phone="+84912000306", full_name="Hoàng Văn Em", is_staff=True)
    moderator.groups.add(Group.objects.get(name="Kiểm duyệt viên"))
    report = published_report(title="Đèn đường hỏng trên đường Hùng Vương")
    report_url = f"/phan-anh/{report.code}/"

    # A citizen comments: pending, visible to them only, marked.
    log_in(page, "0912 000 301")
    page.goto(report_url)
    page.get_by_label("Bình luận của bạn").fill(COMMENT)
    page.get_by_role("button", name="Gửi bình luận").click()
    page.get_by_text("Đã gửi bình luận. Bình luận sẽ hiển thị sau khi được kiểm duyệt.").wait_for()
    comment = Comment.objects.get()
    mine = page.locator(f"#binh-luan-{comment.pk}")
    expect(mine).to_contain_text(COMMENT)
    expect(mine).to_contain_text("Chờ duyệt")
    assert_accessible(page)

    # A visitor does not see it yet.
    page.context.clear_cookies()
    page.goto(report_url)
    page.get_by_role("heading", name=re.compile("^Bình luận")).wait_for()
    expect(page.get_by_text(COMMENT)).to_have_count(0)

    # The moderator approves it in the queue.
    log_in(page, "0912 000 306")
    page.goto("/kiem-duyet/")
    item = page.locator(f"#cho-duyet-{comment.pk}")
    expect(item).to_contain_text(COMMENT)
    expect(item.get_by_role("link", name=re.compile(report.code))).to_be_visible()
    assert_accessible(page)
    item.get_by_role("button", name="Duyệt", exact=True).click()
    page.get_by_text("Đã duyệt bình luận.").wait_for()
    expect(page.get_by_text("Không có bình luận nào chờ duyệt.")).to_be_visible()
    comment.refresh_from_db()
    assert comment.status == Comment.Status.APPROVED

    # A visitor now sees it, and a link to log in.
    page.context.clear_cookies()
    page.goto(report_url)
    shown = page.locator(f"#binh-luan-{comment.pk}")
    expect(shown).to_contain_text(COMMENT)
    expect(shown).not_to_contain_text("Chờ duyệt")
    expect(page.get_by_role("link", name="Đăng nhập để bình luận")).to_be_visible()
    assert_accessible(page)

    # Another citizen likes it: the count changes without reloading the page.
    log_in(page, "0912 000 302")
    page.goto(report_url)
    page.evaluate("window.notReloaded = true")
    like = page.locator(f"#binh-luan-{comment.pk}").get_by_role("button", name=re.compile("Thích"))
    expect(like).to_have_attribute("aria-pressed", "false")
    like.click()
    expect(like).to_have_attribute("aria-pressed", "true")
    expect(like).to_contain_text("1")
    assert page.evaluate("window.notReloaded") is True
    assert CommentLike.objects.filter(comment=comment).count() == 1
    like.click()
    expect(like).to_have_attribute("aria-pressed", "false")
    expect(like).to_contain_text("0")
    assert page.evaluate("window.notReloaded") is True
    assert not CommentLike.objects.exists()
    page.locator(f"#binh-luan-{comment.pk}").get_by_text("Trả lời", exact=True).click()
    expect(page.get_by_label("Trả lời Nguyễn Văn An")).to_be_visible()
    assert_accessible(page)
