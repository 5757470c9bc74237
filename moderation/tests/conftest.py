import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from accounts.tests.factories import UserFactory

from .factories import published_report


@pytest.fixture
def report(db):
    return published_report(title="Đèn đường hỏng trên đường Hùng Vương")


@pytest.fixture
def citizen(db):
    return UserFactory(full_name="Nguyễn Văn An")


@pytest.fixture
def other_citizen(db):
    return UserFactory(full_name="Lê Thị Bích")


@pytest.fixture
def roles(db):
    call_command("setup_roles", stdout=io.StringIO())


@pytest.fixture
def moderator(roles):
    """A moderator as the project sets one up: staff in the "Kiểm duyệt viên" group."""
    user = UserFactory(full_name="Hoàng Văn Em", is_staff=True)
    user.groups.add(Group.objects.get(name="Kiểm duyệt viên"))
    return user


@pytest.fixture
def ioc_operator(roles):
    user = UserFactory(full_name="Trần Thị Điều Hành", is_staff=True)
    user.groups.add(Group.objects.get(name="Điều hành IOC"))
    return user
