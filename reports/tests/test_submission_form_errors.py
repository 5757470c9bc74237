"""The report form's errors (README §3): each next to its field, in Vietnamese,
the place rule among them; typed values stay in the form, and accepted files
are kept in a draft when another field fails."""

import pytest

from reports.models import Attachment, Report

from .helpers import (
    CODE_PATTERN,
    CREATE_URL,
    HANOI,
    MSG_FILES_KEPT,
    MSG_FORM_HAS_ERRORS,
    MSG_OUTSIDE_PROVINCE,
    MSG_PLACE_REQUIRED,
    MSG_REQUIRED,
    draft_url,
    field_errors,
    jpeg_upload,
    media_path,
    report_data,
    text,
)
from .submission_world import category as category

pytestmark = pytest.mark.django_db


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
