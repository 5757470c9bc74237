"""A citizen's report in Chromium (issue 3, "Tests and proof"): log in, write a
report, place the pin on the map, attach a photo, save it as a draft, reopen
it, send it and find it in "my reports" with its code; every page checked with
axe-core on a phone and a desktop. Map tiles come from /static/img/tile.png."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, UserFactory
from phananh.testing.browser import assert_accessible
from reports.models import Report

from .factories import CategoryFactory, WardFactory
from .helpers import CODE_PATTERN, jpeg_bytes
from .report_form_steps import CONTENT as CONTENT_STEP
from .report_form_steps import PLACE, choose_photos, show_step

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Cây xanh đổ chắn lối đi"
CONTENT = "Một cây phượng lớn bị gió quật đổ, chắn hết vỉa hè trước trường tiểu học."


def test_write_pin_attach_save_draft_reopen_send_and_find_it(page, tmp_path):
    UserFactory(phone="+84912000111", full_name="Nguyễn Văn An")
    CategoryFactory(name="Giao thông", slug="giao-thong", order=1)
    CategoryFactory(name="Cây xanh", slug="cay-xanh", order=2)
    centre_lat, centre_lon = settings.LEAFLET_CONFIG["DEFAULT_CENTER"]
    near = WardFactory(name="Phường Gần Tâm", latitude=centre_lat + 0.01, longitude=centre_lon)
    WardFactory(name="Xã Xa Tâm", latitude=centre_lat - 0.5, longitude=centre_lon + 0.5)
    photo = tmp_path / "cay-do.jpg"
    photo.write_bytes(jpeg_bytes(size=(640, 480), color="darkgreen"))

    page.goto("/tai-khoan/login/")
    page.get_by_label("Số điện thoại").fill("0912 000 111")
    page.get_by_label(re.compile(r"^Mật khẩu")).fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_text("Đăng nhập thành công.").wait_for()

    page.get_by_role("link", name="Gửi phản ánh").filter(visible=True).first.click()
    page.get_by_role("heading", name="Gửi phản ánh").wait_for()
    page.locator("#report-map .leaflet-tile-loaded").first.wait_for(state="attached")
    assert_accessible(page)

    choose_photos(page, photo)
    show_step(page, CONTENT_STEP)
    page.get_by_label(re.compile(r"^Tiêu đề")).fill(TITLE)
    page.get_by_label("Nội dung phản ánh").fill(CONTENT)
    page.get_by_label("Chuyên mục").select_option(label="Cây xanh")

    show_step(page, PLACE)
    latitude = page.locator("input[name=latitude]")
    expect(latitude).to_have_value("")
    page.locator("#report-map").click()  # its centre
    expect(latitude).not_to_have_value("")
    assert float(latitude.input_value()) == pytest.approx(centre_lat, abs=0.05)
    assert float(page.locator("input[name=longitude]").input_value()) == pytest.approx(
        centre_lon, abs=0.05
    )
    expect(page.get_by_label("Phường, xã", exact=True)).to_have_value(str(near.pk))
    expect(page.locator("#location-status")).to_have_text(
        "Đã đặt vị trí. Có thể chạm chỗ khác để đổi."
    )

    page.get_by_role("button", name="Lưu nháp").click()
    page.locator(".message").get_by_text("Đã lưu nháp.").wait_for()

    draft = Report.objects.get()
    assert draft.status == Report.Status.DRAFT
    assert draft.code is None
    assert draft.ward == near
    assert draft.attachments.get().original_name == "cay-do.jpg"

    page.goto("/ca-nhan/nhap/")
    page.get_by_role("heading", name=TITLE).wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Mở bản nháp").click()

    page.get_by_role("heading", name="Bản nháp phản ánh").wait_for()
    expect(page.get_by_label(re.compile(r"^Tiêu đề"))).to_have_value(TITLE)
    expect(page.get_by_label("Phường, xã", exact=True)).to_have_value(str(near.pk))
    expect(latitude).not_to_have_value("")
    expect(page.get_by_role("img", name="cay-do.jpg")).to_be_visible()
    show_step(page, PLACE)
    page.get_by_role("button", name="Gửi", exact=True).click()

    page.get_by_text(re.compile(r"Phản ánh đã được gửi thành công, mã PA-\d{4}-\d{6}\.")).wait_for()
    report = Report.objects.get()
    assert report.pk == draft.pk
    assert report.status == Report.Status.SUBMITTED
    assert CODE_PATTERN.fullmatch(report.code)
    assert report.attachments.count() == 1
    page.get_by_role("heading", name=TITLE).wait_for()
    assert report.code in page.locator(".facts").inner_text()
    assert_accessible(page)

    page.goto("/ca-nhan/phan-anh/")
    page.get_by_text(report.code).wait_for()
    expect(page.get_by_role("heading", name=TITLE)).to_be_visible()
    assert_accessible(page)

    page.goto("/ca-nhan/nhap/")
    page.get_by_text("Bạn không có bản nháp nào.").wait_for()

    # The submission left its first notification, which opens the report.
    page.goto("/ca-nhan/")
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(report.code)).click()
    page.get_by_role("heading", name=TITLE).wait_for()
