"""GET servicerequestupdates (FixMyStreet's Open311 extension): one
request_update per public change of state or public note, with the published
answer and its photo, open/closed or FixMyStreet's extended states, between
start_date and end_date; a partner's key adds the reports it sent."""

from datetime import timedelta

import pytest
from django.utils import timezone

from reports import workflow
from reports.models import Report, ReportEvent

from .factories import AttachmentFactory, IocOperatorFactory, issue_api_key, report_in_state
from .open311_world import BASE, get_json, get_xml
from .open311_world import world as world  # noqa: F401  # the fixture

pytestmark = pytest.mark.django_db


def steps(report, *kinds_and_statuses, public=True, note=""):
    for kind, to_status in kinds_and_statuses:
        ReportEvent.objects.create(
            report=report, kind=kind, from_status=Report.Status.SUBMITTED,
            to_status=to_status, is_public=public, note=note,
        )  # fmt: skip


def test_public_changes_and_answers_with_their_photo(client, world):
    report = world["published"]
    steps(report, (ReportEvent.Kind.TRANSITION, Report.Status.RECEIVED))
    steps(report, (ReportEvent.Kind.PROGRESS, Report.Status.IN_PROGRESS), note="Đã khảo sát")
    steps(report, (ReportEvent.Kind.TRANSITION, Report.Status.PUBLISHED))
    steps(report, (ReportEvent.Kind.PROGRESS, Report.Status.IN_PROGRESS), public=False)
    photo = AttachmentFactory(report=report, is_answer=True)

    updates = get_json(client, "servicerequestupdates")

    assert [(u["status"], u["description"]) for u in updates] == [
        ("open", "Đã tiếp nhận"),
        ("open", "Đã khảo sát"),
        ("closed", report.answer),
    ]
    assert all(u["service_request_id"] == report.code for u in updates)
    assert len({u["update_id"] for u in updates}) == 3
    assert all("T" in u["updated_datetime"] and u["updated_datetime"][-6] == "+" for u in updates)
    assert updates[-1]["media_url"].endswith(photo.get_absolute_url())
    assert updates[0]["media_url"] is None


def test_the_xml_is_what_fixmystreet_reads(client, world):
    steps(world["published"], (ReportEvent.Kind.TRANSITION, Report.Status.RECEIVED))
    root = get_xml(client, "servicerequestupdates")
    assert root.tag == "service_request_updates"
    (update,) = root.findall("request_update")
    assert update.findtext("service_request_id") == world["published"].code
    assert update.findtext("update_id") and update.findtext("status") == "open"


def test_extended_states_when_the_key_asks_for_them(client, world):
    api_key, raw = issue_api_key(name="FixMyStreet", partner="mySociety")
    api_key.extended_statuses = True
    api_key.save()
    report = world["in_progress"]
    for status in (Report.Status.RECEIVED, Report.Status.FORWARDED, Report.Status.IN_PROGRESS):
        steps(report, (ReportEvent.Kind.TRANSITION, status))

    states = [u["status"] for u in get_json(client, "servicerequestupdates", api_key=raw)]

    assert states == ["INVESTIGATING", "ACTION_SCHEDULED", "IN_PROGRESS"]
    plain = get_json(client, "servicerequestupdates", extended_statuses="true")
    assert [u["status"] for u in plain] == states


@pytest.mark.parametrize(
    ("reason", "state"),
    [
        (Report.RejectionReason.OUT_OF_SCOPE, "NOT_COUNCILS_RESPONSIBILITY"),
        (Report.RejectionReason.SPAM, "NO_FURTHER_ACTION"),
    ],
)
def test_a_partners_rejected_report_in_its_extended_state(client, world, reason, state):
    api_key, raw = issue_api_key(name="FixMyStreet", partner="mySociety")
    sent = client.post(
        f"{BASE}/requests.json",
        {"api_key": raw, "service_code": "giao-thong", "lat": "16.8", "long": "107.1",
         "description": "Rác đổ trộm ven sông"},
    ).json()[0]["service_request_id"]  # fmt: skip
    report = Report.objects.get(code=sent)
    workflow.report_reject(report=report, actor=IocOperatorFactory(), reason=reason)

    (update,) = get_json(client, "servicerequestupdates", api_key=raw, extended_statuses="1")
    assert (update["service_request_id"], update["status"]) == (sent, state)
    assert get_json(client, "servicerequestupdates") == []  # never public


def test_the_window_and_bad_dates(client, world):
    steps(world["published"], (ReportEvent.Kind.TRANSITION, Report.Status.RECEIVED))
    ReportEvent.objects.update(created_at=timezone.now() - timedelta(days=3))
    now = timezone.now()
    z = "%Y-%m-%dT%H:%M:%SZ"
    recent = {"start_date": f"{now - timedelta(hours=2):{z}}", "end_date": f"{now:{z}}"}
    assert get_json(client, "servicerequestupdates", **recent) == []
    wide = {"start_date": f"{now - timedelta(days=4):{z}}", "end_date": f"{now:{z}}"}
    assert len(get_json(client, "servicerequestupdates", **wide)) == 1
    get_json(client, "servicerequestupdates", expect=400, start_date="hôm qua")
    get_json(client, "servicerequestupdates", expect=403, api_key="sai")
    assert len(get_json(client, "servicerequestupdates", api_key="")) == 1  # FixMyStreet sends it


def test_a_private_report_or_a_draft_shows_nothing(client, world):
    hidden = world["hidden"]["private"]
    steps(hidden, (ReportEvent.Kind.TRANSITION, Report.Status.RECEIVED))
    draft = report_in_state(Report.Status.DRAFT)
    steps(draft, (ReportEvent.Kind.TRANSITION, Report.Status.SUBMITTED))
    assert get_json(client, "servicerequestupdates") == []
