"""What guards the admin's workflow actions (README §4, 7): the buttons each state
allows, refusals as messages and never a 500, and the permission check on every
action URL."""

import pytest

from reports import workflow
from reports.models import Report

from .admin_actions_world import Status, action_url, change_url
from .admin_actions_world import operator_client as operator_client
from .factories import ExtensionRequestFactory, report_in_state
from .helpers import text

pytestmark = pytest.mark.django_db

ALL_ACTIONS = (
    "receive",
    "reject",
    "forward",
    "recall",
    "answer_directly",
    "send_back",
    "publish",
    "decide_extension",
)


def buttons(response) -> set[str]:
    page = text(response)
    return {action for action in ALL_ACTIONS if f'data-action="{action}"' in page}


# --- Buttons ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (Status.SUBMITTED, {"receive", "reject"}),
        (Status.RECEIVED, {"forward", "answer_directly", "reject"}),
        (Status.FORWARDED, {"recall"}),
        (Status.IN_PROGRESS, set()),
        (Status.RESOLVED, {"publish", "send_back"}),
        (Status.PUBLISHED, set()),
        (Status.REJECTED, set()),
    ],
)
def test_operator_sees_the_buttons_the_state_allows(operator_client, status, expected):
    report = report_in_state(status)

    assert buttons(operator_client.get(change_url(report))) == expected


def test_extension_button_only_with_a_pending_request(operator_client):
    report = report_in_state(Status.IN_PROGRESS)
    assert buttons(operator_client.get(change_url(report))) == set()

    ExtensionRequestFactory(report=report, reason="Chờ vật tư thay thế")
    response = operator_client.get(change_url(report))

    assert buttons(response) == {"decide_extension"}
    assert "Chờ vật tư thay thế" in text(response)


def test_no_send_back_button_for_an_answer_of_the_ioc(operator_client):
    report = report_in_state(Status.RESOLVED)
    Report.objects.filter(pk=report.pk).update(lead_agency=None)

    assert buttons(operator_client.get(change_url(report))) == {"publish"}


# --- Refusals -------------------------------------------------------------------------


def test_action_in_the_wrong_state_is_a_message_not_an_error(operator_client):
    report = report_in_state(Status.FORWARDED)

    for method in (operator_client.get, operator_client.post):
        response = method(action_url(report, "receive"), follow=True)
        assert response.status_code == 200
        assert response.redirect_chain[-1][0] == change_url(report)
        assert (
            f"Không thể “Tiếp nhận” phản ánh {report.code} khi phản ánh đang ở trạng thái "
            "“Đã chuyển xử lý”." in text(response)
        )
    report.refresh_from_db()
    assert report.status == Status.FORWARDED
    assert not report.events.exists()


def test_decide_without_pending_request_is_a_message(operator_client):
    report = report_in_state(Status.IN_PROGRESS)

    response = operator_client.post(
        action_url(report, "decide_extension"), {"decision": "approve"}, follow=True
    )

    assert response.status_code == 200
    assert "Không thể “Duyệt đề nghị gia hạn”" in text(response)


def test_workflow_error_after_the_form_becomes_a_message(operator_client, monkeypatch):
    """Another operator publishes between the check and the lock: the
    workflow refuses under the row lock, the operator sees why."""
    report = report_in_state(Status.RESOLVED)
    real_publish = workflow.report_publish

    def publish_after_someone_else(**kwargs):
        Report.objects.filter(pk=report.pk).update(status=Status.PUBLISHED)
        return real_publish(**kwargs)

    monkeypatch.setattr(workflow, "report_publish", publish_after_someone_else)

    response = operator_client.post(action_url(report, "publish"), {"note": ""}, follow=True)

    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == change_url(report)
    assert "Không thể thực hiện thao tác này khi phản ánh đang ở trạng thái “Đã xử lý”." in text(
        response
    )
    assert not report.events.exists()


def test_unknown_action_and_missing_report_are_404(operator_client):
    report = report_in_state(Status.SUBMITTED)

    assert operator_client.get(action_url(report, "accept")).status_code == 404
    assert operator_client.get("/admin/reports/report/999999/xu-ly/receive/").status_code == 404


# --- Permissions -------------------------------------------------------------------------


def test_staff_without_process_permission_gets_403_and_no_buttons(client, admin_viewer):
    client.force_login(admin_viewer)
    reports = {
        "receive": report_in_state(Status.SUBMITTED),
        "reject": report_in_state(Status.SUBMITTED),
        "forward": report_in_state(Status.RECEIVED),
        "answer_directly": report_in_state(Status.RECEIVED),
        "recall": report_in_state(Status.FORWARDED),
        "send_back": report_in_state(Status.RESOLVED),
        "publish": report_in_state(Status.RESOLVED),
        "decide_extension": ExtensionRequestFactory(
            report=report_in_state(Status.IN_PROGRESS)
        ).report,
    }

    for action, report in reports.items():
        page = client.get(change_url(report))
        assert page.status_code == 200  # may look (view_report)
        assert buttons(page) == set(), action
        assert client.get(action_url(report, action)).status_code == 403, action
        assert client.post(action_url(report, action), {}).status_code == 403, action
    assert not any(report.events.exists() for report in reports.values())


def test_non_staff_are_sent_to_the_admin_login(client, agency_member):
    report = report_in_state(Status.SUBMITTED)
    client.force_login(agency_member)

    response = client.get(action_url(report, "receive"))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
