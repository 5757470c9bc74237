"""A report written offline carries a client token (a UUID made on the phone,
static/js/offline-reports.js): the phone may post it again when it never saw
the answer, and the portal makes one report of it (reports/submissions.py)."""

import uuid

import pytest
from django.core.cache import cache

from reports.models import Report

from .helpers import CREATE_URL, draft_url, jpeg_upload, report_data
from .submission_world import category as category
from .submission_world import wards as wards

pytestmark = pytest.mark.django_db


@pytest.fixture
def token():
    return str(uuid.uuid4())


def test_the_same_client_token_posted_twice_makes_one_report(
    citizen_client, category, wards, token, django_capture_on_commit_callbacks
):
    def data():
        return report_data(category, client_token=token, images=[jpeg_upload()])

    with django_capture_on_commit_callbacks(execute=True):
        first = citizen_client.post(CREATE_URL, data())
    with django_capture_on_commit_callbacks(execute=True):
        second = citizen_client.post(CREATE_URL, data())

    report = Report.objects.get()
    assert report.status == Report.Status.SUBMITTED
    assert report.attachments.count() == 1  # the second post's photo is not added
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == report.get_absolute_url()


def test_different_tokens_or_none_make_separate_reports(
    citizen_client, category, wards, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for extra in (
            {"client_token": str(uuid.uuid4())},
            {"client_token": str(uuid.uuid4())},
            {},
            {},
        ):
            citizen_client.post(CREATE_URL, report_data(category, **extra))
    assert Report.objects.count() == 4


def test_a_token_is_the_citizens_own(
    client, citizen, other_citizen, category, wards, token, django_capture_on_commit_callbacks
):
    for user in (citizen, other_citizen):
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(CREATE_URL, report_data(category, client_token=token))
    assert sorted(Report.objects.values_list("reporter_id", flat=True)) == sorted(
        [citizen.pk, other_citizen.pk]
    )


def test_an_incomplete_offline_report_kept_as_a_draft_is_the_one_sent_later(
    citizen_client, category, wards, token, django_capture_on_commit_callbacks
):
    """What the phone does with a report the server finds incomplete: it saves
    it as a draft (action=draft); a repeated post finds that draft again."""
    incomplete = {"title": "Đèn đường hỏng", "client_token": token}
    with django_capture_on_commit_callbacks(execute=True):
        refused = citizen_client.post(CREATE_URL, {**incomplete, "action": "send"})
    assert refused.status_code == 200 and not Report.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        saved = citizen_client.post(CREATE_URL, {**incomplete, "action": "draft"})
    draft = Report.objects.get()
    assert saved["Location"] == draft_url(draft.pk)
    with django_capture_on_commit_callbacks(execute=True):
        again = citizen_client.post(CREATE_URL, {**incomplete, "action": "draft"})
    assert again["Location"] == draft_url(draft.pk)
    assert Report.objects.get().pk == draft.pk  # still one, the same draft

    # "Gửi" then goes to the draft itself, without the token.
    with django_capture_on_commit_callbacks(execute=True):
        sent = citizen_client.post(draft_url(draft.pk), report_data(category))
    draft.refresh_from_db()
    assert sent["Location"] == draft.get_absolute_url()
    assert draft.status == Report.Status.SUBMITTED


def test_the_token_is_forgotten_after_a_day(
    citizen_client, category, wards, token, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        citizen_client.post(CREATE_URL, report_data(category, client_token=token))
    cache.clear()  # what the TTL does after 24 hours
    with django_capture_on_commit_callbacks(execute=True):
        citizen_client.post(CREATE_URL, report_data(category, client_token=token))
    assert Report.objects.count() == 2


def test_a_malformed_token_is_ignored(
    citizen_client, category, wards, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):
            citizen_client.post(CREATE_URL, report_data(category, client_token="not-a-uuid"))
    assert Report.objects.count() == 2


def test_a_draft_posted_again_with_its_token_keeps_one_copy_of_each_photo(
    citizen_client, citizen, token, django_capture_on_commit_callbacks
):
    """An offline report written on a draft's page goes to that draft: posted
    twice (the first answer lost), its photo is added once."""
    draft = Report.objects.create(reporter=citizen, title="Đèn đường hỏng")

    def post():
        data = {"title": "Đèn đường hỏng", "action": "draft", "client_token": token}
        with django_capture_on_commit_callbacks(execute=True):
            return citizen_client.post(draft_url(draft.pk), {**data, "images": [jpeg_upload()]})

    assert post()["Location"] == post()["Location"] == draft_url(draft.pk)
    assert draft.attachments.count() == 1
