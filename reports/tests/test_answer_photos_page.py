"""The report page shows the citizen's photos and the answer's side by side,
"Trước" / "Sau", only once the answer is published (the release rule of
test_answer_release.py) and only for photos: videos and documents of the
answer stay in their own list, and without photos on both sides there is no
comparison."""

import re

import pytest

from reports.models import Attachment, Report

from .factories import AttachmentFactory, report_in_state
from .helpers import text

pytestmark = pytest.mark.django_db

S = Report.Status


def before_after(body: str) -> dict[str, str] | None:
    """The two sides' HTML, or None when the page has no comparison."""
    if 'class="before-after"' not in body:
        return None
    before = re.search(r"before-after__side--before\">(.*?)</ul>", body, re.S)
    after = re.search(r"before-after__side--after\">(.*?)</ul>", body, re.S)
    return {"before": before[1], "after": after[1]}


def answered(status, **fields):
    report = report_in_state(status, is_public=True, **fields)
    citizen = AttachmentFactory(report=report)
    answer = AttachmentFactory(report=report, is_answer=True)
    return report, citizen, answer


def test_once_published_before_and_after_side_by_side(client):
    report, citizen, answer = answered(S.PUBLISHED)

    sides = before_after(text(client.get(report.get_absolute_url())))

    assert sides is not None
    assert "Trước" in sides["before"] and "Sau" in sides["after"]
    assert str(citizen.public_id) in sides["before"]
    assert str(answer.public_id) not in sides["before"]
    assert str(answer.public_id) in sides["after"]
    assert str(citizen.public_id) not in sides["after"]
    assert 'alt="Ảnh trước khi xử lý 1 (mở ảnh cỡ lớn)"' in sides["before"]
    assert 'alt="Ảnh kết quả xử lý 1 (mở ảnh cỡ lớn)"' in sides["after"]


@pytest.mark.parametrize("status", [S.IN_PROGRESS, S.RESOLVED])
def test_not_before_the_answer_is_published(client, ioc_staff, status):
    report, _citizen, answer = answered(status)

    for viewer in (None, report.reporter, ioc_staff):
        if viewer:
            client.force_login(viewer)
        body = text(client.get(report.get_absolute_url()))
        assert before_after(body) is None
        assert str(answer.public_id) not in body


def test_an_answer_without_photos_has_no_comparison(client):
    report = report_in_state(S.PUBLISHED, is_public=True)
    AttachmentFactory(report=report)
    document = AttachmentFactory(report=report, is_answer=True, document=True)
    video = AttachmentFactory(
        report=report, is_answer=True, kind=Attachment.Kind.VIDEO, content_type="video/webm"
    )

    body = text(client.get(report.get_absolute_url()))

    assert before_after(body) is None
    assert str(document.public_id) in body and str(video.public_id) in body


def test_a_report_without_citizen_photos_shows_the_answer_photos_alone(client):
    report = report_in_state(S.PUBLISHED, is_public=True)
    answer = AttachmentFactory(report=report, is_answer=True)

    body = text(client.get(report.get_absolute_url()))

    assert before_after(body) is None
    assert str(answer.public_id) in body


def test_the_answer_s_documents_stay_below_the_comparison(client):
    report, _citizen, _answer = answered(S.PUBLISHED)
    document = AttachmentFactory(report=report, is_answer=True, document=True)

    body = text(client.get(report.get_absolute_url()))

    comparison_end = body.index("before-after__side--after")
    assert body.index(str(document.public_id)) > comparison_end
    assert str(document.public_id) not in "".join(before_after(body).values())
