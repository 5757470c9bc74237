"""Answers in Chromium on a phone and a desktop, with axe-core: an officer picks
a reply template on /xu-ly/<code>/ (the script fills the answer at once and
hides "Dùng mẫu"), adds the photo its category requires and sends it; the
published report shows "Trước" / "Sau" stacked on the phone, side by side on
the desktop."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, UserFactory
from phananh.testing.browser import PHONE, assert_accessible, log_in
from reports.models import AgencyMembership, ReplyTemplate, Report

from .factories import AgencyMembershipFactory, AttachmentFactory, CategoryFactory, report_in_state
from .helpers import jpeg_bytes
from .triage_world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_officer_answers_with_a_template_and_a_photo(page):
    world = build_world()
    officer = UserFactory(phone="+84912000333", full_name="Cán bộ Thử Nghiệm")
    AgencyMembershipFactory(
        user=officer, agency=world.agency_a, role=AgencyMembership.AgencyRole.OFFICER
    )
    lighting = CategoryFactory(name="Chiếu sáng", answer_photo_required=True)
    report = world.report(Report.Status.IN_PROGRESS, title="Đèn đường tắt", category=lighting)
    ReplyTemplate.objects.create(
        category=lighting,
        purpose=ReplyTemplate.Purpose.ANSWER,
        title="Đã thay bóng đèn",
        text="{co_quan} đã thay bóng đèn cho phản ánh {ma_phan_anh} ngày {ngay}.",
    )

    log_in(page, "0912 000 333", PASSWORD)
    page.get_by_text("Đăng nhập thành công.").wait_for()
    page.goto(f"/xu-ly/{report.code}/")
    answer = page.locator("#action-answer")
    answer.get_by_text("Trả lời kết quả xử lý").click()
    expect(answer.get_by_role("button", name="Dùng mẫu")).to_be_hidden()
    assert_accessible(page)

    answer.get_by_label("Mẫu soạn sẵn").select_option(label="Đã thay bóng đèn")
    box = answer.get_by_label("Nội dung trả lời")
    expect(box).to_have_value(
        f"{world.agency_a.name} đã thay bóng đèn cho phản ánh {report.code} ngày "
        + timezone.localtime().strftime("%d/%m/%Y")
        + "."
    )
    box.press("End")
    box.type(" Đèn sáng bình thường.")

    answer.get_by_role("button", name="Gửi kết quả").click()
    expect(page.locator("#id_answer-images_error")).to_contain_text("cần ít nhất một ảnh kết quả")
    assert_accessible(page)
    answer.get_by_label("Hình ảnh kết quả").set_input_files(
        {"name": "sau.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}
    )
    answer.get_by_label("Nội dung trả lời").fill(f"{world.agency_a.name} đã thay bóng đèn.")
    answer.get_by_role("button", name="Gửi kết quả").click()
    page.get_by_text(f"Đã gửi kết quả xử lý phản ánh {report.code}").wait_for()
    report.refresh_from_db()
    assert report.status == Report.Status.RESOLVED
    assert report.attachments.filter(is_answer=True, kind="image").count() == 1


def test_before_and_after_on_the_published_report(page):
    report = report_in_state(Report.Status.PUBLISHED, is_public=True, title="Đèn đường tắt")
    AttachmentFactory(report=report)
    AttachmentFactory(report=report, is_answer=True)

    page.goto(f"/phan-anh/{report.code}/")
    before = page.locator(".before-after__side--before")
    after = page.locator(".before-after__side--after")
    expect(before.get_by_role("heading", name="Trước")).to_be_visible()
    expect(after.get_by_role("heading", name="Sau")).to_be_visible()
    expect(after.get_by_role("img")).to_have_count(1)
    assert_accessible(page)

    left, right = before.bounding_box(), after.bounding_box()
    if page.viewport_size == PHONE:
        assert right["y"] >= left["y"] + left["height"]  # stacked
        assert right["width"] == pytest.approx(left["width"], abs=1)
    else:
        assert right["y"] == pytest.approx(left["y"], abs=1)  # side by side
        assert right["x"] >= left["x"] + left["width"]
