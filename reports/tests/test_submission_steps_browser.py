"""The photo-first report form in Chromium (issue 14): on a phone three steps
(1 Ảnh, 2 Nội dung, 3 Vị trí) that save the draft when moving and keep what
was typed; on a desktop every section at once. A large phone photo is made
smaller in the browser before it travels, and its EXIF GPS sets the pin before
sending; thumbnails remove their own photo; a second batch keeps the first;
and without JavaScript the form is one page that still sends."""

import re

import pytest
from PIL import ExifTags, Image
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, UserFactory
from phananh.testing.browser import PHONE, assert_accessible, log_in
from reports.models import Report

from .factories import CategoryFactory, WardFactory
from .helpers import CREATE_URL, jpeg_bytes, media_path
from .report_form_steps import (
    CONTENT,
    PHOTO_LABEL,
    PHOTOS,
    PLACE,
    choose_photos,
    current_step,
    show_step,
    wait_for_save,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_NUMBER = "+84912000131"
TITLE = "Ổ gà sâu trước chợ Đông Hà"
# The photo's GPS: 16° 49' 12" N, 107° 6' 0" E, in Đông Hà.
GPS = ((16, 49, 12), (107, 6, 0))
GPS_DEGREES = (16.82, 107.1)
MAX_SIDE = 2560  # the browser's limit; the server would keep up to 4096


@pytest.fixture(scope="module")
def big_photo(tmp_path_factory):
    """A 12 MP camera-like JPEG (4000 x 3000, noisy, quality 95) with EXIF GPS."""
    exif = Image.Exif()
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef], gps[ExifTags.GPS.GPSLatitude] = "N", GPS[0]
    gps[ExifTags.GPS.GPSLongitudeRef], gps[ExifTags.GPS.GPSLongitude] = "E", GPS[1]
    noise = Image.effect_noise((1000, 750), 40).resize((4000, 3000), Image.Resampling.BILINEAR)
    mirrored = noise.transpose(Image.Transpose.FLIP_LEFT_RIGHT)
    image = Image.merge("RGB", (noise, noise.rotate(180), mirrored))
    path = tmp_path_factory.mktemp("photos") / "IMG_0001.jpg"
    image.save(path, format="JPEG", quality=95, exif=exif)
    return path


@pytest.fixture
def photos(tmp_path):
    paths = {}
    for name, color in (("truoc.jpg", "red"), ("sau.jpg", "blue"), ("them.jpg", "green")):
        paths[name] = tmp_path / name
        paths[name].write_bytes(jpeg_bytes(size=(320, 240), color=color))
    return paths


@pytest.fixture
def citizen_page(page):
    UserFactory(phone=PHONE_NUMBER)
    CategoryFactory(name="Giao thông", slug="giao-thong")
    WardFactory(name="Phường Đông Hà", latitude=16.8167, longitude=107.1)
    log_in(page, "0912 000 131", PASSWORD)
    page.goto(CREATE_URL)
    return page


def is_phone(page) -> bool:
    return page.viewport_size["width"] == PHONE["width"]


def test_steps_move_save_the_draft_and_keep_what_was_typed(citizen_page):
    page = citizen_page
    sections = page.locator("fieldset[data-step]")
    if not is_phone(page):  # a desktop shows every section, without steps
        expect(page.locator("#form-steps")).to_be_hidden()
        for index in range(3):
            expect(sections.nth(index)).to_be_visible()
        expect(page.get_by_role("button", name="Tiếp")).to_be_hidden()
        assert_accessible(page)
        return

    assert current_step(page) == PHOTOS
    expect(page.locator("#form-steps li")).to_have_text(["Ảnh", "Nội dung", "Vị trí"])
    expect(page.get_by_label(re.compile("^Tiêu đề"))).to_be_hidden()
    expect(page.get_by_role("button", name="Gửi", exact=True)).to_be_hidden()
    assert_accessible(page)

    show_step(page, CONTENT)
    page.get_by_label(re.compile("^Tiêu đề")).fill(TITLE)
    page.get_by_label("Chuyên mục").select_option(label="Giao thông")
    show_step(page, PLACE)
    expect(page.locator("#save-status")).to_have_text("Đã lưu nháp.")
    draft = Report.objects.get()
    assert (draft.status, draft.title, draft.category.name) == (
        Report.Status.DRAFT,
        TITLE,
        "Giao thông",
    )
    assert page.url.endswith(f"/phan-anh/nhap/{draft.pk}/")  # a reload opens the draft
    expect(page.get_by_role("button", name="Gửi", exact=True)).to_be_visible()
    assert_accessible(page)

    show_step(page, CONTENT)
    expect(page.get_by_label(re.compile("^Tiêu đề"))).to_have_value(TITLE)
    page.reload()
    show_step(page, CONTENT)
    expect(page.get_by_label(re.compile("^Tiêu đề"))).to_have_value(TITLE)
    assert Report.objects.count() == 1  # every move saved the same draft


def test_a_large_photo_travels_smaller_and_its_gps_sets_the_pin(citizen_page, big_photo):
    page = citizen_page
    choose_photos(page, big_photo)
    expect(page.locator("#photo-status")).to_contain_text("Ảnh có ghi vị trí")
    original = big_photo.stat().st_size
    # What the form now posts: the photo redrawn smaller, under its own name.
    to_send = page.get_by_label(PHOTO_LABEL).evaluate(
        "input => Array.from(input.files, file => [file.name, file.type, file.size])"
    )
    assert len(to_send) == 1
    name, content_type, size = to_send[0]
    assert (name, content_type) == ("IMG_0001.jpg", "image/jpeg")
    assert size < original / 2, (size, original)

    show_step(page, PLACE)
    latitude = float(page.locator("input[name=latitude]").input_value())
    longitude = float(page.locator("input[name=longitude]").input_value())
    assert (latitude, longitude) == pytest.approx(GPS_DEGREES, abs=1e-5)
    expect(page.locator("#location-status")).to_have_text(
        "Vị trí lấy từ ảnh bạn chọn. Có thể chạm chỗ khác trên bản đồ để đổi."
    )
    expect(page.locator(".leaflet-marker-icon")).to_be_visible()

    show_step(page, CONTENT)
    page.get_by_label(re.compile("^Tiêu đề")).fill(TITLE)
    page.get_by_label("Nội dung phản ánh").fill("Ổ gà rộng nửa mét, xe máy phải tránh ra.")
    page.get_by_label("Chuyên mục").select_option(label="Giao thông")
    show_step(page, PLACE)
    page.get_by_role("button", name="Gửi", exact=True).click()
    page.get_by_text(re.compile(r"Phản ánh đã được gửi thành công")).wait_for()

    report = Report.objects.get()
    assert report.status == Report.Status.SUBMITTED
    photo = report.attachments.get()
    assert photo.original_name == "IMG_0001.jpg"
    assert photo.size < original
    with Image.open(media_path(photo.file.name)) as stored:
        stored.verify()
    with Image.open(media_path(photo.file.name)) as stored:
        assert stored.format == "JPEG"
        assert max(stored.size) == MAX_SIDE  # received at the browser's size
    assert (float(report.latitude), float(report.longitude)) == pytest.approx(GPS_DEGREES, abs=1e-5)


def test_a_second_batch_keeps_the_first(citizen_page, photos):
    page = citizen_page
    choose_photos(page, photos["truoc.jpg"], photos["sau.jpg"])
    choose_photos(page, photos["them.jpg"])
    expect(page.locator(".photo-thumb img")).to_have_count(3)
    assert page.get_by_label(PHOTO_LABEL).evaluate("input => input.files.length") == 3
    save_draft(page)
    assert attachment_names() == ["sau.jpg", "them.jpg", "truoc.jpg"]


def test_removing_a_thumbnail_removes_that_photo(citizen_page, photos):
    page = citizen_page
    choose_photos(page, photos["truoc.jpg"], photos["sau.jpg"], photos["them.jpg"])
    assert_accessible(page)
    page.get_by_role("button", name="Bỏ ảnh (sau.jpg)").click()
    expect(page.locator(".photo-thumb img")).to_have_count(2)
    expect(page.get_by_role("img", name="sau.jpg")).to_have_count(0)
    save_draft(page)
    assert attachment_names() == ["them.jpg", "truoc.jpg"]


def save_draft(page):
    if is_phone(page):
        show_step(page, CONTENT)  # the move saves the draft, photos included
        wait_for_save(page)
    else:
        page.get_by_role("button", name="Lưu nháp").click()
        page.locator(".message").get_by_text("Đã lưu nháp.").wait_for()


def attachment_names():
    return sorted(Report.objects.get().attachments.values_list("original_name", flat=True))


@pytest.mark.parametrize("viewport", [PHONE], ids=["phone"])
def test_without_javascript_the_form_is_one_page_and_sends(browser, live_server, photos, viewport):
    UserFactory(phone=PHONE_NUMBER)
    CategoryFactory(name="Giao thông", slug="giao-thong")
    context = browser.new_context(
        viewport=viewport, base_url=live_server.url, java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        log_in(page, "0912 000 131", PASSWORD)
        page.goto(CREATE_URL)
        for index in range(3):
            expect(page.locator("fieldset[data-step]").nth(index)).to_be_visible()
        expect(page.locator("#form-steps")).to_be_hidden()
        page.get_by_label(PHOTO_LABEL).set_input_files(photos["truoc.jpg"])
        page.get_by_label(re.compile("^Tiêu đề")).fill(TITLE)
        page.get_by_label("Nội dung phản ánh").fill("Ổ gà rộng nửa mét trước cổng chợ.")
        page.get_by_label("Chuyên mục").select_option(label="Giao thông")
        page.get_by_label("Địa chỉ").fill("Chợ Đông Hà, đường Trần Hưng Đạo")
        page.get_by_role("button", name="Gửi", exact=True).click()
        page.get_by_text(re.compile(r"Phản ánh đã được gửi thành công")).wait_for()
    finally:
        context.close()
    report = Report.objects.get()
    assert report.status == Report.Status.SUBMITTED
    assert report.attachments.get().original_name == "truoc.jpg"
    assert report.address == "Chợ Đông Hà, đường Trần Hưng Đạo"
