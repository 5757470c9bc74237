"""Sending a report through the form at /phan-anh/gui/ (SPEC 3, seed 2.3.2):
the code, the history and the first notification; the place rule; errors next
to their fields; files kept when another field fails; all or nothing; GPS from
a photo; and bad input that never gives a 500."""

from decimal import Decimal

import pytest
from django.core.files.storage import FileSystemStorage
from django.test import Client
from django.utils import timezone

from reports import workflow
from reports.models import Attachment, Notification, Report, ReportEvent

from .factories import CategoryFactory, ReportFactory, WardFactory, jpeg_with_gps_bytes
from .helpers import (
    CODE_PATTERN,
    CREATE_URL,
    DONG_HA,
    HANOI,
    LOGIN_URL,
    MSG_FILES_KEPT,
    MSG_FORM_HAS_ERRORS,
    MSG_INVALID_CHOICE,
    MSG_NOT_A_NUMBER,
    MSG_OUTSIDE_PROVINCE,
    MSG_PLACE_REQUIRED,
    MSG_REQUIRED,
    MSG_SENT,
    NOTIFICATION_SENT,
    QUANG_TRI_TOWN,
    detail_url,
    draft_url,
    field_errors,
    jpeg_upload,
    media_path,
    report_data,
    stored_files,
    text,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def category(db):
    return CategoryFactory(name="Giao thông", slug="giao-thong", icon="🚧")


@pytest.fixture
def wards(db):
    """Two wards around the test points and one far north (Đồng Hới side)."""
    return {
        "dong_ha": WardFactory(name="Phường Đông Hà", latitude=DONG_HA[0], longitude=DONG_HA[1]),
        "quang_tri": WardFactory(
            name="Phường Quảng Trị", latitude=QUANG_TRI_TOWN[0], longitude=QUANG_TRI_TOWN[1]
        ),
        "dong_hoi": WardFactory(name="Phường Đồng Hới", latitude=17.4689, longitude=106.6222),
    }


# --- Who may send -----------------------------------------------------------


def test_anonymous_visitor_is_sent_to_login_and_nothing_is_stored(client, category):
    response = client.get(CREATE_URL)
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next={CREATE_URL}"

    response = client.post(CREATE_URL, report_data(category))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN_URL)
    assert not Report.objects.exists()


def test_logged_in_citizen_gets_the_form(citizen_client, category, wards):
    response = citizen_client.get(CREATE_URL)
    assert response.status_code == 200
    page = text(response)
    assert 'id="report-map"' in page
    assert "Giao thông" in page
    assert "Phường Đông Hà" in page
    for button in ('value="draft"', 'value="send"'):
        assert button in page


# --- Sending ----------------------------------------------------------------


def test_sending_stores_a_submitted_report_with_code_history_and_notification(
    citizen_client, citizen, category, wards
):
    data = report_data(category, urgent_requested="on", hide_name="on")
    response = citizen_client.post(CREATE_URL, data)

    report = Report.objects.get()
    year = timezone.localtime().year
    assert report.status == Report.Status.SUBMITTED
    assert CODE_PATTERN.fullmatch(report.code)
    assert report.code.startswith(f"PA-{year}-")
    assert report.submitted_at is not None
    assert report.reporter == citizen
    assert report.title == data["title"]
    assert report.content == data["content"]
    assert report.category == category
    assert report.urgent_requested is True
    assert report.hide_name is True
    assert report.level == Report.Level.NORMAL  # a request; the IOC decides
    assert report.is_public is False
    assert (report.latitude, report.longitude) == (Decimal("16.816700"), Decimal("107.100000"))

    event = ReportEvent.objects.get(report=report)
    assert (event.from_status, event.to_status) == (Report.Status.DRAFT, Report.Status.SUBMITTED)
    assert event.actor == citizen

    notification = Notification.objects.get(recipient=citizen)
    assert notification.report == report
    assert notification.read_at is None
    assert notification.message == NOTIFICATION_SENT.format(title=data["title"], code=report.code)
    assert "đã được gửi thành công, mã PA-" in notification.message

    assert response.status_code == 302
    assert response["Location"] == detail_url(report.code)
    page = citizen_client.get(response["Location"])
    assert page.status_code == 200
    assert MSG_SENT.format(code=report.code) in text(page)
    assert report.code in text(page)
    assert data["title"] in text(page)


def test_two_sendings_get_consecutive_codes(citizen_client, category):
    citizen_client.post(CREATE_URL, report_data(category))
    citizen_client.post(CREATE_URL, report_data(category, title="Đèn đường không sáng"))
    first, second = Report.objects.order_by("pk")
    (year1, number1), (year2, number2) = (
        CODE_PATTERN.fullmatch(first.code).groups(),
        CODE_PATTERN.fullmatch(second.code).groups(),
    )
    assert year1 == year2
    assert int(number2) == int(number1) + 1


def test_ward_is_suggested_from_the_point_by_nearest_centre(citizen_client, category, wards):
    near_quang_tri = (QUANG_TRI_TOWN[0] + 0.004, QUANG_TRI_TOWN[1] - 0.003)
    citizen_client.post(CREATE_URL, report_data(category, point=near_quang_tri))
    assert Report.objects.get().ward == wards["quang_tri"]


def test_ward_chosen_by_the_citizen_is_kept(citizen_client, category, wards):
    citizen_client.post(CREATE_URL, report_data(category, ward=wards["dong_hoi"].pk))
    assert Report.objects.get().ward == wards["dong_hoi"]


def test_address_alone_is_enough(citizen_client, category, wards):
    data = report_data(category, point=None, address="Ngã tư Lê Duẩn – Hùng Vương, Đông Hà")
    response = citizen_client.post(CREATE_URL, data)

    report = Report.objects.get()
    assert response.status_code == 302
    assert report.status == Report.Status.SUBMITTED
    assert report.address == "Ngã tư Lê Duẩn – Hùng Vương, Đông Hà"
    assert report.latitude is None and report.longitude is None
    assert report.ward is None


# --- Errors next to their fields, in Vietnamese ------------------------------


@pytest.mark.parametrize("field", ["title", "content", "category"])
def test_each_required_field_error_is_shown_next_to_it(citizen_client, category, field):
    data = report_data(category)
    data[field] = ""
    response = citizen_client.post(CREATE_URL, data)

    assert response.status_code == 200
    assert field_errors(response, field) == [MSG_REQUIRED]
    for other in {"title", "content", "category", "address"} - {field}:
        assert field_errors(response, other) == []
    assert MSG_FORM_HAS_ERRORS in text(response)
    assert not Report.objects.exists()


def test_empty_form_shows_every_error_next_to_its_field(citizen_client, category):
    response = citizen_client.post(CREATE_URL, {"action": "send"})

    assert response.status_code == 200
    for field in ("title", "content", "category"):
        assert field_errors(response, field) == [MSG_REQUIRED]
    assert field_errors(response, "address") == [MSG_PLACE_REQUIRED]
    assert not Report.objects.exists()


def test_without_point_and_address_the_error_is_on_the_address(citizen_client, category):
    response = citizen_client.post(CREATE_URL, report_data(category, point=None, address="   "))

    assert response.status_code == 200
    assert field_errors(response, "address") == [MSG_PLACE_REQUIRED]
    assert not Report.objects.exists()


def test_point_outside_the_province_is_refused(citizen_client, category):
    response = citizen_client.post(CREATE_URL, report_data(category, point=HANOI))

    assert response.status_code == 200
    assert field_errors(response, "address") == [MSG_OUTSIDE_PROVINCE]
    assert not Report.objects.exists()


def test_typed_values_stay_in_the_form_after_an_error(citizen_client, category):
    data = report_data(category, title="")
    response = citizen_client.post(CREATE_URL, data)
    page = text(response)
    assert data["content"] in page
    assert f'<option value="{category.pk}" selected>' in page


# --- Files kept when another field has an error -------------------------------


def test_accepted_photo_is_kept_in_a_draft_when_another_field_fails(
    citizen_client, citizen, category
):
    data = report_data(category, title="", images=[jpeg_upload("o-ga.jpg")])
    response = citizen_client.post(CREATE_URL, data)

    assert response.status_code == 200
    assert field_errors(response, "title") == [MSG_REQUIRED]
    page = text(response)
    assert MSG_FILES_KEPT in page
    draft = Report.objects.get()
    assert draft.status == Report.Status.DRAFT
    assert draft.code is None
    assert draft.reporter == citizen
    # What was valid is kept with the files.
    assert draft.content == data["content"]
    assert draft.category == category
    attachment = draft.attachments.get()
    assert attachment.kind == Attachment.Kind.IMAGE
    assert attachment.original_name == "o-ga.jpg"
    assert media_path(attachment.file.name).is_file()
    # The form now continues the draft and shows the kept file.
    assert f'action="{draft_url(draft.pk)}"' in page
    assert "o-ga.jpg" in page

    # Sending later works without choosing the photo again.
    response = citizen_client.post(draft_url(draft.pk), report_data(category))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Report.Status.SUBMITTED
    assert CODE_PATTERN.fullmatch(draft.code)
    assert list(draft.attachments.all()) == [attachment]
    assert Report.objects.count() == 1


def test_without_files_an_invalid_form_stores_nothing(citizen_client, category):
    citizen_client.post(CREATE_URL, report_data(category, title="", point=None))
    assert not Report.objects.exists()


# --- All or nothing -----------------------------------------------------------


def _crash(*args, **kwargs):
    raise RuntimeError("sập giữa chừng")


def test_crash_when_submitting_leaves_no_report_no_attachment_no_file(
    citizen_client, category, monkeypatch
):
    monkeypatch.setattr(workflow, "report_submit", _crash)
    data = report_data(category, images=[jpeg_upload("a.jpg"), jpeg_upload("b.jpg")])

    with pytest.raises(RuntimeError):
        citizen_client.post(CREATE_URL, data)

    assert not Report.objects.exists()
    assert not Attachment.objects.exists()
    assert not Notification.objects.exists()
    assert stored_files() == []


def test_crash_on_the_second_attachment_leaves_nothing(citizen_client, category, monkeypatch):
    original_save = Attachment.save
    calls = []

    def save_then_crash(self, *args, **kwargs):
        calls.append(self)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(Attachment, "save", save_then_crash)
    data = report_data(category, images=[jpeg_upload("a.jpg"), jpeg_upload("b.jpg")])

    with pytest.raises(OSError):
        citizen_client.post(CREATE_URL, data)

    assert len(calls) == 2
    assert not Report.objects.exists()
    assert not Attachment.objects.exists()
    assert stored_files() == []


def test_disk_full_while_storing_the_second_file_leaves_nothing(
    citizen_client, category, monkeypatch
):
    original_save = FileSystemStorage._save
    calls = []

    def store_then_fail(self, name, content):
        calls.append(name)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return original_save(self, name, content)

    monkeypatch.setattr(FileSystemStorage, "_save", store_then_fail)
    data = report_data(category, images=[jpeg_upload("a.jpg"), jpeg_upload("b.jpg")])

    with pytest.raises(OSError):
        citizen_client.post(CREATE_URL, data)

    assert not Report.objects.exists()
    assert not Attachment.objects.exists()
    assert stored_files() == []


def test_crash_when_sending_a_draft_keeps_the_draft_and_its_files_as_they_were(
    citizen_client, citizen, category, monkeypatch
):
    draft = ReportFactory(reporter=citizen, category=category)
    citizen_client.post(draft_url(draft.pk), {"action": "draft", "images": [jpeg_upload()]})
    kept = draft.attachments.get()
    files_before = stored_files()
    assert files_before == [media_path(kept.file.name)]

    monkeypatch.setattr(workflow, "report_submit", _crash)
    data = report_data(category, remove_attachments=[kept.pk], images=[jpeg_upload("moi.jpg")])
    with pytest.raises(RuntimeError):
        citizen_client.post(draft_url(draft.pk), data)

    draft.refresh_from_db()
    assert draft.status == Report.Status.DRAFT
    assert draft.code is None
    assert list(draft.attachments.all()) == [kept]
    assert stored_files() == files_before


# --- GPS from a photo ----------------------------------------------------------


def test_gps_in_a_photo_fills_the_place_when_none_is_given(citizen_client, category, wards):
    photo = jpeg_with_gps_bytes((16, 45, 0), (107, 11, 24))  # 16.75 N, 107.19 E
    data = report_data(category, point=None, images=[jpeg_upload("gps.jpg", photo)])
    response = citizen_client.post(CREATE_URL, data)

    assert response.status_code == 302
    report = Report.objects.get()
    assert report.status == Report.Status.SUBMITTED
    assert (report.latitude, report.longitude) == (Decimal("16.750000"), Decimal("107.190000"))
    assert report.ward == wards["quang_tri"]


def test_a_point_chosen_on_the_map_wins_over_the_photo_gps(citizen_client, category):
    photo = jpeg_with_gps_bytes((16, 45, 0), (107, 11, 24))
    data = report_data(category, point=DONG_HA, images=[jpeg_upload("gps.jpg", photo)])
    citizen_client.post(CREATE_URL, data)

    report = Report.objects.get()
    assert (report.latitude, report.longitude) == (Decimal("16.816700"), Decimal("107.100000"))


def test_photo_gps_outside_the_province_does_not_block_an_address(citizen_client, category):
    """A photo taken elsewhere only loses its suggestion: the citizen gave an
    address and no point, which is enough (SPEC 3)."""
    photo = jpeg_with_gps_bytes((21, 1, 42), (105, 51, 15))  # Hà Nội
    data = report_data(
        category, point=None, address="12 Lê Duẩn, Đông Hà", images=[jpeg_upload("hn.jpg", photo)]
    )
    response = citizen_client.post(CREATE_URL, data)

    assert field_errors(response, "address") == []
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.status == Report.Status.SUBMITTED
    assert report.latitude is None


def test_stored_photo_has_no_exif_left(citizen_client, category):
    photo = jpeg_with_gps_bytes((16, 45, 0), (107, 11, 24))
    citizen_client.post(CREATE_URL, report_data(category, images=[jpeg_upload("gps.jpg", photo)]))
    stored = media_path(Attachment.objects.get().file.name).read_bytes()
    assert b"Exif" not in stored


# --- Bad input never gives a 500 ----------------------------------------------


def test_ten_thousand_character_title_is_refused_next_to_the_title(citizen_client, category):
    response = citizen_client.post(CREATE_URL, report_data(category, title="Đ" * 10_000))
    assert response.status_code == 200
    errors = field_errors(response, "title")
    assert len(errors) == 1
    assert "200" in errors[0]
    assert not Report.objects.exists()


def test_content_over_five_thousand_characters_is_refused(citizen_client, category):
    """The form sets the content's limit to 5,000 characters."""
    response = citizen_client.post(CREATE_URL, report_data(category, content="ô" * 20_000))
    assert response.status_code == 200
    errors = field_errors(response, "content")
    assert len(errors) == 1
    assert "5000" in errors[0]
    assert not Report.objects.exists()


def test_emoji_are_stored_as_typed(citizen_client, category):
    title = "Đèn đường hỏng 💡🚧 cả tuần 😡"
    response = citizen_client.post(CREATE_URL, report_data(category, title=title))
    assert response.status_code == 302
    assert Report.objects.get().title == title


def test_html_is_stored_as_text_and_escaped_on_the_page(citizen_client, category):
    title = '<script>alert("xss")</script><b>Cống vỡ</b>'
    content = '<img src=x onerror="alert(1)"> nước tràn ra đường'
    response = citizen_client.post(CREATE_URL, report_data(category, title=title, content=content))

    report = Report.objects.get()
    assert (report.title, report.content) == (title, content)
    page = text(citizen_client.get(response["Location"]))
    assert "<script>alert(" not in page
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;" in page


def test_sql_fragments_are_plain_text(citizen_client, category):
    title = "'; DROP TABLE reports_report; --"
    content = "1' OR '1'='1; SELECT * FROM accounts_user; /*"
    response = citizen_client.post(CREATE_URL, report_data(category, title=title, content=content))
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.title, report.content) == (title, content)


@pytest.mark.parametrize(
    ("latitude", "longitude"),
    [("abc", "xyz"), ("16,8", "107,1"), ("", "1e999"), ("1e999", "107.1"), ("<b>", "';--")],
)
def test_non_numeric_coordinates_are_refused(citizen_client, category, latitude, longitude):
    data = report_data(category, latitude=latitude, longitude=longitude)
    response = citizen_client.post(CREATE_URL, data)
    assert response.status_code == 200
    form = response.context["form"]
    wrong = [name for name in ("latitude", "longitude") if form.errors.get(name)]
    assert wrong
    for name in wrong:
        assert form.errors[name] == [MSG_NOT_A_NUMBER]
    assert MSG_FORM_HAS_ERRORS in text(response)
    assert not Report.objects.exists()


@pytest.mark.parametrize(("latitude", "longitude"), [("nan", "nan"), ("91", "107"), ("16", "-200")])
def test_impossible_coordinates_are_refused(citizen_client, category, latitude, longitude):
    data = report_data(category, latitude=latitude, longitude=longitude)
    response = citizen_client.post(CREATE_URL, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors.get("latitude") or form.errors.get("longitude")
    assert not Report.objects.exists()


@pytest.mark.parametrize("value", ["999999", "abc", "-1", "1.5", "99999999999999999999999"])
def test_unknown_category_is_refused_next_to_the_category(citizen_client, category, value):
    response = citizen_client.post(CREATE_URL, report_data(category, category=value))
    assert response.status_code == 200
    assert field_errors(response, "category") == [MSG_INVALID_CHOICE]
    assert not Report.objects.exists()


def test_inactive_category_is_refused(citizen_client, category):
    retired = CategoryFactory(name="Chuyên mục cũ", is_active=False)
    response = citizen_client.post(CREATE_URL, report_data(category, category=retired.pk))
    assert field_errors(response, "category") == [MSG_INVALID_CHOICE]
    assert not Report.objects.exists()


@pytest.mark.parametrize("value", ["999999", "abc", "99999999999999999999999"])
def test_unknown_ward_is_refused_next_to_the_ward(citizen_client, category, value):
    response = citizen_client.post(CREATE_URL, report_data(category, ward=value))
    assert response.status_code == 200
    assert field_errors(response, "ward") == [MSG_INVALID_CHOICE]
    assert not Report.objects.exists()


def test_null_byte_in_the_title_is_refused_not_a_crash(citizen_client, category):
    response = citizen_client.post(CREATE_URL, report_data(category, title="Cống\x00vỡ"))
    assert response.status_code == 200
    assert field_errors(response, "title")
    assert not Report.objects.exists()


def test_unknown_action_only_saves_a_draft(citizen_client, category):
    response = citizen_client.post(CREATE_URL, report_data(category, action="publish-now"))
    assert response.status_code == 302
    assert Report.objects.get().status == Report.Status.DRAFT


def test_missing_csrf_token_is_refused_with_403(citizen, category):
    client = Client(enforce_csrf_checks=True)
    client.force_login(citizen)
    response = client.post(CREATE_URL, report_data(category, images=[jpeg_upload()]))
    assert response.status_code == 403
    assert not Report.objects.exists()
    assert stored_files() == []


def test_not_an_image_in_the_images_field_is_refused_and_nothing_stored(citizen_client, category):
    fake = jpeg_upload("anh.jpg", b"<?php system($_GET['c']); ?>")
    response = citizen_client.post(CREATE_URL, report_data(category, images=[fake]))
    assert response.status_code == 200
    assert field_errors(response, "images") == [
        "Tệp “anh.jpg” không phải là ảnh hợp lệ (JPEG, PNG, WebP, HEIC)."
    ]
    assert not Report.objects.exists()
    assert stored_files() == []


def test_good_photo_is_kept_when_another_photo_is_refused(citizen_client, category):
    bad = jpeg_upload("script.jpg", b"<?php system($_GET['c']); ?>")
    data = report_data(category, images=[jpeg_upload("tot.jpg"), bad])
    response = citizen_client.post(CREATE_URL, data)

    assert response.status_code == 200
    assert field_errors(response, "images") == [
        "Tệp “script.jpg” không phải là ảnh hợp lệ (JPEG, PNG, WebP, HEIC)."
    ]
    assert MSG_FILES_KEPT in text(response)
    draft = Report.objects.get()
    assert draft.status == Report.Status.DRAFT
    assert [a.original_name for a in draft.attachments.all()] == ["tot.jpg"]
    assert len(stored_files()) == 1


@pytest.mark.parametrize(
    ("latitude", "longitude"), [("16.8167", ""), ("", "107.1")], ids=["no-lon", "no-lat"]
)
def test_half_a_point_is_never_stored(citizen_client, category, latitude, longitude):
    """A latitude without a longitude (or the reverse) is not a place: it is
    refused or dropped, never stored (the detail page would draw a map at None)."""
    data = report_data(
        category, point=None, latitude=latitude, longitude=longitude, address="12 Lê Duẩn"
    )
    response = citizen_client.post(CREATE_URL, data)

    assert response.status_code in (200, 302)
    for report in Report.objects.all():
        assert (report.latitude is None) == (report.longitude is None)
