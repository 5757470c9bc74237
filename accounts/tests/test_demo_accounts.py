"""`make run` loads one activated demo account per role, and can run again."""

import pytest
from django.core.management import call_command

from accounts.management.commands.demo_accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from accounts.models import User

pytestmark = pytest.mark.django_db


def test_running_twice_creates_each_account_once(client, capsys):
    call_command("demo_accounts")
    call_command("demo_accounts")

    assert User.objects.count() == len(DEMO_ACCOUNTS)
    assert all(user.phone_verified for user in User.objects.all())
    printed = capsys.readouterr().out
    assert DEMO_PASSWORD in printed and "0901 000 001" in printed

    response = client.post(
        "/tai-khoan/login/", {"login": "0901 000 001", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302


def test_print_only_changes_nothing(capsys):
    call_command("demo_accounts", "--print")
    assert not User.objects.exists()
    assert "Điều hành viên IOC" in capsys.readouterr().out
