"""The answer's files, like its text, reach the public only when it is published."""

import pytest

from accounts.tests.factories import UserFactory
from reports.models import Report
from reports.selectors import attachments_by_kind

from .factories import AgencyFactory, AgencyMembershipFactory, AttachmentFactory, report_in_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered():
    """A public report answered by its lead agency, with a photo of the citizen's
    and a photo of the answer."""
    agency = AgencyFactory()
    report = report_in_state(Report.Status.RESOLVED, lead_agency=agency, is_public=True)
    citizen_photo = AttachmentFactory(report=report)
    answer_photo = AttachmentFactory(report=report, is_answer=True)
    return report, agency, citizen_photo, answer_photo


def fetch(client, attachment):
    return client.get(attachment.get_absolute_url())


def test_before_publication_only_the_ioc_and_the_agency_open_the_answer_files(
    client, answered, ioc_staff
):
    report, agency, citizen_photo, answer_photo = answered
    officer = UserFactory()
    AgencyMembershipFactory(agency=agency, user=officer, role="officer")

    assert fetch(client, citizen_photo).status_code == 200
    assert fetch(client, answer_photo).status_code == 404
    client.force_login(report.reporter)
    assert fetch(client, answer_photo).status_code == 404
    client.force_login(officer)
    assert fetch(client, answer_photo).status_code == 200
    client.force_login(ioc_staff)
    assert fetch(client, answer_photo).status_code == 200


def test_after_publication_everyone_who_sees_the_report_opens_them(client, answered):
    report, _agency, _citizen_photo, answer_photo = answered
    Report.objects.filter(pk=report.pk).update(status=Report.Status.PUBLISHED)
    response = fetch(client, answer_photo)
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]


def test_an_unpublished_answer_file_is_never_kept_by_shared_caches(client, answered, ioc_staff):
    _report, _agency, citizen_photo, answer_photo = answered
    client.force_login(ioc_staff)

    response = fetch(client, answer_photo)

    assert response.status_code == 200
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert "public" in fetch(client, citizen_photo)["Cache-Control"]  # the report is public


def test_the_citizen_media_and_the_answer_media_are_kept_apart(answered):
    report, _agency, citizen_photo, answer_photo = answered
    assert attachments_by_kind(report=report)["image"] == [citizen_photo]
    assert attachments_by_kind(report=report, answer=True)["image"] == [answer_photo]
    assert report.first_image == citizen_photo
    card = Report.objects.with_card_data().get(pk=report.pk)
    assert card.first_image == citizen_photo
