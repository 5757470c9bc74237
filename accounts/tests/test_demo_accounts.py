"""`make run` loads one activated demo account per role, and can run again; a
portal with DEBUG off gets none (their password is public) unless told so."""

import pytest
from django.core.management import CommandError, call_command

from accounts.management.commands.demo_accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from accounts.models import User

pytestmark = pytest.mark.django_db


def test_running_twice_creates_each_account_once(client, settings, capsys):
    settings.DEBUG = True  # as `make run` has it
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


def test_refused_where_debug_is_off_without_the_flag(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="mật khẩu công khai"):
        call_command("demo_accounts")
    assert not User.objects.exists()

    call_command("demo_accounts", "--not-in-production")
    assert User.objects.count() == len(DEMO_ACCOUNTS)


def test_print_says_where_the_demo_officer_and_monitor_work(settings, capsys):
    """A newcomer knows which agency's dashboard a forwarded report reaches
    (issue 14, newcomers)."""
    settings.DEBUG = True
    call_command("demo_accounts")
    call_command("load_admin_units", "--province", "44")
    call_command("load_reference_data")
    capsys.readouterr()

    call_command("demo_accounts", "--print")

    lines = capsys.readouterr().out.splitlines()
    officer = next(i for i, line in enumerate(lines) if "0901 000 004" in line)
    monitor = next(i for i, line in enumerate(lines) if "0901 000 005" in line)
    assert "Cán bộ xử lý của Sở Xây dựng" in lines[officer + 1]
    assert "Theo dõi địa bàn của UBND phường Đông Hà · địa bàn Phường Đông Hà" in lines[monitor + 1]
