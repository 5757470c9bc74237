"""The workflow in the admin (README §4, 7): the URLs of a report's change page and
of its action forms, an IOC operator's client, and readers of what an action
left behind (its history entry, the SMS queued).

Test modules import the fixtures they use by name, with a redundant alias
(`from .admin_actions_world import operator_client as operator_client`) that
marks a re-export, so linters do not report it as unused.
"""

import pytest

from reports.models import Delivery, Report

Status = Report.Status


def change_url(report):
    return f"/admin/reports/report/{report.pk}/change/"


def action_url(report, action):
    return f"/admin/reports/report/{report.pk}/xu-ly/{action}/"


@pytest.fixture
def operator_client(client, admin_operator):
    client.force_login(admin_operator)
    return client


def last_event(report):
    return report.events.order_by("-pk").first()


def sms_to(user) -> list[str]:
    return list(
        Delivery.objects.filter(recipient=user, channel=Delivery.Channel.SMS).values_list(
            "body", flat=True
        )
    )
