"""What one citizen may keep and send (security review, issue 10 item 9):
drafts kept at once, bytes uploaded a day, reports sent an hour. A refused
save stores nothing, on disk or in the database, and says why in Vietnamese."""

import pytest

from reports.models import Attachment, Report

from .factories import AttachmentFactory, CategoryFactory, issue_api_key, report_in_state
from .helpers import CREATE_URL, jpeg_upload, report_data, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def category():
    return CategoryFactory(slug="giao-thong")


def stored_files(media_root) -> list:
    return [path for path in media_root.rglob("*") if path.is_file()] if media_root.exists() else []


def test_no_new_draft_past_the_limit(citizen_client, citizen, category, settings, _media_root):
    settings.REPORT_MAX_DRAFTS = 2
    for _ in range(2):
        report_in_state(Report.Status.DRAFT, reporter=citizen)

    response = citizen_client.post(
        CREATE_URL, report_data(category, action="draft", images=[jpeg_upload()])
    )

    assert response.status_code == 200
    assert "Bạn đã có 2 bản nháp" in text(response)
    assert Report.objects.drafts_of(citizen).count() == 2
    assert stored_files(_media_root) == []


def test_uploads_past_the_daily_bytes_are_refused_and_leave_nothing(
    citizen_client, citizen, category, settings, _media_root
):
    settings.REPORT_DAILY_UPLOAD_BYTES = 10_000
    AttachmentFactory(report=report_in_state(Report.Status.SUBMITTED, reporter=citizen), size=9_990)
    before = set(stored_files(_media_root))

    response = citizen_client.post(CREATE_URL, report_data(category, images=[jpeg_upload()]))

    assert response.status_code == 200
    assert "mỗi người được tải tối đa" in text(response)
    assert Attachment.objects.count() == 1
    assert set(stored_files(_media_root)) == before
    assert not Report.objects.sent_by(citizen).exclude(status=Report.Status.SUBMITTED).exists()


def test_at_most_so_many_reports_an_hour(citizen_client, citizen, category, settings):
    settings.REPORT_SUBMISSIONS_PER_HOUR = 2
    for _ in range(2):
        assert citizen_client.post(CREATE_URL, report_data(category)).status_code == 302

    response = citizen_client.post(CREATE_URL, report_data(category, title="Cống tràn"))

    assert response.status_code == 200
    page = text(response)
    assert "Bạn đã gửi 2 phản ánh trong một giờ qua" in page
    assert "Cống tràn" in page  # what the citizen typed is still there
    assert Report.objects.sent_by(citizen).count() == 2


def test_open311_partners_are_limited_per_key_not_by_the_citizens_quotas(
    client, category, settings
):
    settings.REPORT_SUBMISSIONS_PER_HOUR = 1
    raw_key = issue_api_key(name="Ứng dụng", partner="Đối tác")[1]
    data = {
        "api_key": raw_key,
        "service_code": "giao-thong",
        "address_string": "x",
        "description": "y",
    }
    for _ in range(3):
        assert client.post("/open311/v2/requests.json", data).status_code == 200
