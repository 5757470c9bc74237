"""Bad input to the report form never gives a 500 (README §3): over-long text,
emoji, markup and SQL, impossible coordinates, unknown choices, a NUL byte, an
unknown action, a missing CSRF token and files that are not images."""

import pytest
from django.test import Client

from reports.models import Report

from .factories import CategoryFactory
from .helpers import (
    CREATE_URL,
    MSG_FILES_KEPT,
    MSG_FORM_HAS_ERRORS,
    MSG_INVALID_CHOICE,
    MSG_NOT_A_NUMBER,
    field_errors,
    jpeg_upload,
    report_data,
    stored_files,
    text,
)
from .submission_world import category as category

pytestmark = pytest.mark.django_db


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
