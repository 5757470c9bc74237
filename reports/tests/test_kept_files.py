"""A draft's kept files on the report form (issue 14, defect 2): one checkbox
list "Bỏ tệp đã đính kèm" left the citizen guessing which file would go. Each
kept file now shows itself (a thumbnail for a photo, its name for a document)
with its own "Bỏ tệp này" box, and only the ticked one goes."""

import re

import pytest
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD
from phananh.testing.browser import assert_accessible, log_in
from reports.models import Attachment

from .factories import AttachmentFactory, ReportFactory
from .helpers import draft_url, text, thumbnail_url
from .report_form_steps import PLACE, show_step

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(citizen):
    report = ReportFactory(reporter=citizen, title="Rác ở bờ kênh")
    AttachmentFactory(report=report, original_name="truoc.jpg", order=0)
    AttachmentFactory(report=report, original_name="sau.jpg", order=1)
    AttachmentFactory(report=report, document=True, order=0)
    return report


def kept_items(page_text) -> list[str]:
    return re.findall(r'<li class="kept-file">(.*?)</li>', page_text, re.S)


def test_each_kept_file_shows_itself_next_to_its_own_remove_box(citizen_client, draft):
    page = text(citizen_client.get(draft_url(draft.pk)))
    items = kept_items(page)
    photos = {a.original_name: a for a in draft.attachments.filter(kind=Attachment.Kind.IMAGE)}
    document = draft.attachments.get(kind=Attachment.Kind.FILE)

    assert len(items) == 3
    for item in items:
        assert item.count('name="remove_attachments"') == 1
        assert "Bỏ tệp này" in item
    for name, photo in photos.items():
        (item,) = [item for item in items if f'value="{photo.pk}"' in item]
        assert f'src="{thumbnail_url(photo)}"' in item
        assert f'alt="{name}"' in item
    (item,) = [item for item in items if f'value="{document.pk}"' in item]
    assert "Biên bản hiện trường.pdf" in item
    assert "<img" not in item
    assert "Bỏ tệp đã đính kèm" not in page


def test_a_report_without_kept_files_shows_no_such_list(citizen_client, citizen):
    draft = ReportFactory(reporter=citizen, title="Chưa có ảnh")
    assert kept_items(text(citizen_client.get(draft_url(draft.pk)))) == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_ticking_bo_tep_nay_under_one_photo_removes_that_photo_only(page, draft, citizen):
    log_in(page, str(citizen.phone), PASSWORD)
    page.goto(draft_url(draft.pk))
    page.get_by_role("img", name="sau.jpg").wait_for()
    assert_accessible(page)

    page.get_by_label("Bỏ tệp này (sau.jpg)").check()
    show_step(page, PLACE)  # on a phone, the move itself saves the draft
    page.get_by_role("button", name="Lưu nháp").click()
    page.locator(".message").get_by_text("Đã lưu nháp.").wait_for()

    names = sorted(draft.attachments.values_list("original_name", flat=True))
    assert names == ["Biên bản hiện trường.pdf", "truoc.jpg"]
    expect(page.get_by_role("img", name="truoc.jpg")).to_be_visible()
    expect(page.get_by_role("img", name="sau.jpg")).to_have_count(0)
