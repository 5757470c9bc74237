"""What the personal data tests share (test_personal_data_page.py,
test_account_deletion.py): the pages' addresses, two citizens and what each of
them left in the portal.

The fixtures are defined under names of their own (`name=` gives pytest the
one the tests ask for), so that a test module imports them without its
parameters shadowing the import: `from .personal_data_world import
citizen_fixture  # noqa: F401`. A test module imports all four: `world` asks
for `citizen` and `other` where the test runs.
"""

import pytest

from moderation.tests.factories import CommentFactory, CommentLikeFactory, FlagFactory
from reports.models import Delivery, Report, ReportEvent, Satisfaction
from reports.tests.factories import (
    AttachmentFactory,
    NotificationFactory,
    ReportFactory,
    report_in_state,
)

from .factories import UserFactory

DATA_URL = "/tai-khoan/du-lieu-ca-nhan/"
DOWNLOAD_URL = "/tai-khoan/du-lieu-ca-nhan/tai-ve/"
DELETE_URL = "/tai-khoan/xoa-tai-khoan/"


@pytest.fixture(autouse=True, name="_media_root")
def media_root_fixture(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(name="citizen")
def citizen_fixture(db):
    return UserFactory(phone="+84912345678", full_name="Nguyễn Văn An", email="an@example.com")


@pytest.fixture(name="other")
def other_fixture(db):
    return UserFactory(phone="+84987654321", full_name="Lê Thị Bích", email="bich@example.com")


@pytest.fixture(name="world")
def world_fixture(citizen, other):
    """What each of the two citizens left in the portal: reports in two states,
    a draft with a photo, a rating, comments, a like, a flag, a notification
    and an SMS."""
    data = {}
    for person, label in ((citizen, "an"), (other, "bich")):
        published = report_in_state(
            Report.Status.PUBLISHED, reporter=person, is_public=True, title=f"Ổ gà {label}"
        )
        AttachmentFactory(report=published, original_name=f"anh-{label}.jpg")
        submitted = report_in_state(Report.Status.SUBMITTED, reporter=person, title=f"Rác {label}")
        draft = ReportFactory(reporter=person, title=f"Nháp {label}")
        draft_photo = AttachmentFactory(report=draft, original_name=f"nhap-{label}.jpg")
        Satisfaction.objects.create(report=published, user=person, level="satisfied")
        ReportEvent.objects.create(
            report=submitted, actor=person, from_status="draft", to_status="submitted"
        )
        data[label] = {
            "published": published,
            "submitted": submitted,
            "draft": draft,
            "draft_files": [draft_photo.file.name],
        }
    # Each comments on the other's published report, replies and likes.
    an_comment = CommentFactory(
        author=citizen, report=data["bich"]["published"], approved=True, body="Ý kiến của An"
    )
    bich_reply = CommentFactory(
        author=other,
        report=data["bich"]["published"],
        parent=an_comment,
        replied_to=an_comment,
        approved=True,
        body="Bích trả lời An",
    )
    an_pending = CommentFactory(author=citizen, report=data["bich"]["published"], body="Chờ An")
    CommentLikeFactory(user=citizen, comment=bich_reply)
    CommentLikeFactory(user=other, comment=an_comment)
    FlagFactory(flagged_by=citizen, comment=bich_reply)
    NotificationFactory(recipient=citizen, report=data["an"]["submitted"], message="Đã nhận")
    NotificationFactory(recipient=other, message="Thông báo của Bích")
    for person in (citizen, other):
        Delivery.objects.create(
            channel=Delivery.Channel.SMS, recipient=person, address=str(person.phone), body="SMS"
        )
    data.update(an_comment=an_comment, bich_reply=bich_reply, an_pending=an_pending)
    return data
