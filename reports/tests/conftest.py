import io

import pytest

from accounts.tests.factories import UserFactory

from .factories import AgencyMembershipFactory


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files go to a fresh folder per test, never to the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


# --- Roles (added for the submission, drafts and personal-area tests) ---------


@pytest.fixture
def citizen(db):
    return UserFactory(full_name="Nguyễn Văn An")


@pytest.fixture
def other_citizen(db):
    return UserFactory(full_name="Lê Thị Bích")


@pytest.fixture
def ioc_staff(db):
    """IOC staff with every permission on reports (a superuser)."""
    return UserFactory(full_name="Cán bộ IOC", is_staff=True, is_superuser=True)


@pytest.fixture
def agency_member(db):
    """An officer of an agency that handles reports."""
    return AgencyMembershipFactory(user__full_name="Cán bộ Sở Giao thông").user


@pytest.fixture
def citizen_client(client, citizen):
    client.force_login(citizen)
    return client


# --- Staff roles in the admin (added for the IOC admin tests) ----------------


@pytest.fixture
def roles(db):
    """The groups and permissions `manage.py setup_roles` creates."""
    from django.core.management import call_command

    call_command("setup_roles", stdout=io.StringIO())


@pytest.fixture
def admin_operator(roles):
    """An IOC operator as the project sets one up: staff, in the "Điều hành IOC" group."""
    from django.contrib.auth.models import Group

    user = UserFactory(full_name="Trần Thị Điều Hành", is_staff=True)
    user.groups.add(Group.objects.get(name="Điều hành IOC"))
    return user


@pytest.fixture
def admin_moderator(roles):
    """Staff in the "Kiểm duyệt viên" group: comments and flags, no report list."""
    from django.contrib.auth.models import Group

    user = UserFactory(full_name="Võ Văn Kiểm Duyệt", is_staff=True)
    user.groups.add(Group.objects.get(name="Kiểm duyệt viên"))
    return user


@pytest.fixture
def admin_viewer(db):
    """Staff who may look at the admin's report list and nothing more: neither
    process reports, see every report outside it, nor read reporters' contacts."""
    from django.contrib.auth.models import Permission

    user = UserFactory(full_name="Lê Thị Xem", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_report"))
    return user
