"""A citizen's personal data (Decree 13/2023, README §8): who may open its
pages, the page that shows it and the JSON file with all of it."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts import personal_data
from reports.models import Report
from reports.tests.factories import AttachmentFactory, NotificationFactory, report_in_state

from .helpers import PROFILE_URL, page
from .personal_data_world import (
    DATA_URL,
    DELETE_URL,
    DOWNLOAD_URL,
    citizen_fixture,  # noqa: F401 (the fixture `citizen`)
    media_root_fixture,  # noqa: F401 (the autouse fixture `_media_root`)
    other_fixture,  # noqa: F401 (the fixture `other`)
    world_fixture,  # noqa: F401 (the fixture `world`)
)

pytestmark = pytest.mark.django_db


# --- Who may open the pages ---------------------------------------------------


@pytest.mark.parametrize("url", [DATA_URL, DOWNLOAD_URL, DELETE_URL])
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/login/?next=")


def test_the_profile_page_links_to_both(client, citizen):
    client.force_login(citizen)
    html = page(client.get(PROFILE_URL))
    assert f'href="{DATA_URL}"' in html
    assert f'href="{DELETE_URL}"' in html


# --- The page and the file ----------------------------------------------------


def test_the_page_shows_the_citizens_own_data_only(client, citizen, world):
    client.force_login(citizen)
    response = client.get(DATA_URL)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    html = page(response)
    for own in ("Nguyễn Văn An", "0912 345 678", "an@example.com", "Ổ gà an", "Rác an"):
        assert own in html
    for own in ("Nháp an", "Ý kiến của An", "Chờ An", "Đã nhận", "Hài lòng"):
        assert own in html
    assert world["an"]["published"].code in html
    for theirs in ("Lê Thị Bích", "0987 654 321", "bich@example.com", "Rác bich", "Nháp bich"):
        assert theirs not in html
    assert "Thông báo của Bích" not in html


def test_the_download_is_a_private_attachment_with_everything(client, citizen, world):
    client.force_login(citizen)
    response = client.get(DOWNLOAD_URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="du-lieu-ca-nhan-')
    assert response["Cache-Control"] == "private, no-store"
    data = json.loads(response.content)

    assert data["profile"] == {
        **data["profile"],
        "full_name": "Nguyễn Văn An",
        "phone": "+84912345678",
        "phone_verified": True,
        "email": "an@example.com",
        "email_verified": True,
        "is_organization": False,
    }
    assert data["profile"]["date_joined"].endswith("+07:00")
    assert {row["title"] for row in data["reports"]} == {"Ổ gà an", "Rác an"}
    published = next(row for row in data["reports"] if row["title"] == "Ổ gà an")
    assert published["status_label"] == "Đã xử lý"
    assert published["url"] == f"http://testserver/phan-anh/{world['an']['published'].code}/"
    (photo,) = published["attachments"]
    assert photo["name"] == "anh-an.jpg" and photo["size"] > 0
    assert photo["url"].startswith("http://testserver/tep/")
    assert "content" not in photo and "file" not in photo  # listed, not embedded
    assert [row["title"] for row in data["drafts"]] == ["Nháp an"]
    assert [row["attachments"][0]["name"] for row in data["drafts"]] == ["nhap-an.jpg"]
    assert [row["level_label"] for row in data["satisfaction_ratings"]] == ["Hài lòng"]
    assert {row["body"] for row in data["comments"]} == {"Ý kiến của An", "Chờ An"}
    assert [row["report_code"] for row in data["comment_likes"]] == [
        world["bich"]["published"].code
    ]
    assert [row["reason"] for row in data["flags"]] == ["Xúc phạm, thô tục"]
    assert [row["message"] for row in data["notifications"]] == ["Đã nhận"]
    assert [row["address"] for row in data["messages"]] == ["+84912345678"]

    text = response.content.decode()
    for theirs in ("Lê Thị Bích", "987654321", "bich@example.com", "Rác bich", "Nháp bich"):
        assert theirs not in text


def test_the_page_costs_the_same_for_one_row_or_many(client, citizen, django_assert_num_queries):
    """Bounded lists: each section shows its newest rows and links to the file."""
    client.force_login(citizen)
    report_in_state(Report.Status.SUBMITTED, reporter=citizen)
    NotificationFactory(recipient=citizen)
    client.get(DATA_URL)  # warm the session and the content types
    with CaptureQueriesContext(connection) as few:
        assert "Tải tệp JSON để xem đầy đủ." not in page(client.get(DATA_URL))
    for _ in range(personal_data.PREVIEW_ROWS + 2):
        AttachmentFactory(report=report_in_state(Report.Status.PUBLISHED, reporter=citizen))
        NotificationFactory(recipient=citizen)
    with django_assert_num_queries(len(few.captured_queries)):
        html = page(client.get(DATA_URL))
    assert f"Trang này hiện {personal_data.PREVIEW_ROWS} mục mới nhất." in html
    assert "Tải tệp JSON để xem đầy đủ." in html
