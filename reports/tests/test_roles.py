"""Staff roles (README §1): `manage.py setup_roles` makes the groups with exactly
their permissions, safely twice; the admin shows each role what it may see."""

import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from accounts.tests.factories import UserFactory

from .helpers import text

pytestmark = pytest.mark.django_db

IOC_PERMISSIONS = {
    "reports.view_report",
    "reports.view_all_reports",
    "reports.view_reporter_contact",
    "reports.change_report",
    "reports.process_report",
    "reports.view_reportevent",
    "reports.view_attachment",
    "reports.view_category",
    "reports.change_category",
    "reports.view_replytemplate",
    "reports.add_replytemplate",
    "reports.change_replytemplate",
    "reports.delete_replytemplate",
    "reports.view_agency",
    "reports.view_agencymembership",
    "reports.view_administrativeunit",
    "reports.view_notification",
    "reports.view_delivery",
    "reports.change_delivery",
    "reports.view_extensionrequest",
    "reports.change_extensionrequest",
    "reports.view_satisfaction",
    "engagement.view_support",
    "engagement.view_follow",
    "engagement.view_subscription",
    "engagement.view_alert",
    "accounts.view_user",
}
EXPECTED = {
    "Điều hành IOC": IOC_PERMISSIONS,
    "Kiểm duyệt viên": {
        "moderation.moderate",
        "moderation.view_comment",
        "moderation.view_flag",
        "moderation.view_moderationaction",
        "moderation.view_bannedword",
        "moderation.add_bannedword",
        "moderation.change_bannedword",
        "moderation.delete_bannedword",
    },
    "Cán bộ xử lý": set(),
    "Theo dõi địa bàn": set(),
}


def setup_roles():
    call_command("setup_roles", stdout=io.StringIO())


def group_permissions() -> dict[str, set[str]]:
    return {
        group.name: {
            f"{permission.content_type.app_label}.{permission.codename}"
            for permission in group.permissions.select_related("content_type")
        }
        for group in Group.objects.prefetch_related("permissions")
    }


def test_setup_roles_gives_exactly_the_listed_permissions():
    setup_roles()

    assert group_permissions() == EXPECTED


def test_setup_roles_is_idempotent_and_restores_the_list():
    setup_roles()
    ioc = Group.objects.get(name="Điều hành IOC")
    ioc.permissions.add(Permission.objects.get(codename="delete_report"))
    member = UserFactory(is_staff=True)
    member.groups.add(ioc)

    setup_roles()

    assert Group.objects.count() == 4
    assert group_permissions() == EXPECTED
    assert member.groups.get().pk == ioc.pk  # the same group, members kept


def test_demo_accounts_after_setup_roles_keep_the_permissions():
    setup_roles()
    call_command("demo_accounts", "--not-in-production", stdout=io.StringIO())

    assert group_permissions() == EXPECTED
    operator = Group.objects.get(name="Điều hành IOC").user_set.get()
    assert operator.has_perm("reports.process_report")


def test_ioc_operator_sees_the_reports_app(client, admin_operator):
    client.force_login(admin_operator)

    page = text(client.get("/admin/"))

    for model in (
        "report",
        "category",
        "agency",
        "administrativeunit",
        "notification",
        "delivery",
        "extensionrequest",
    ):
        assert f'href="/admin/reports/{model}/"' in page, model
    assert 'href="/admin/auth/group/"' not in page
    for url in ("/admin/reports/category/", "/admin/accounts/user/"):
        assert client.get(url).status_code == 200, url
    # View only: no adding categories... nor users, groups or agencies.
    assert client.get("/admin/reports/category/add/").status_code == 403
    assert client.get("/admin/reports/agency/add/").status_code == 403
    assert client.get("/admin/accounts/user/add/").status_code == 403
    assert client.get("/admin/auth/group/").status_code == 403


def test_moderator_sees_comments_not_reports(client, admin_moderator):
    client.force_login(admin_moderator)

    page = text(client.get("/admin/"))

    assert 'href="/admin/moderation/comment/"' in page
    assert 'href="/admin/reports/report/"' not in page
    assert client.get("/admin/moderation/comment/").status_code == 200
    assert client.get("/admin/reports/report/").status_code == 403
    assert client.get("/admin/reports/delivery/").status_code == 403


def test_a_moderator_sees_only_what_the_public_sees(client, admin_moderator):
    from reports.models import Report

    from .factories import report_in_state

    hidden = report_in_state(Report.Status.FORWARDED, is_public=False)
    client.force_login(admin_moderator)

    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert hidden not in Report.objects.visible_to(admin_moderator)


def test_reporters_contacts_are_for_the_ioc_only(client, admin_viewer, admin_operator):
    from .factories import report_in_state

    report = report_in_state("submitted", reporter=UserFactory(phone="+84912345001"))
    url = f"/admin/reports/report/{report.pk}/change/"
    client.force_login(admin_viewer)
    assert "0912 345 001" not in text(client.get(url))
    client.force_login(admin_operator)
    assert "0912 345 001" in text(client.get(url))


@pytest.mark.parametrize("group", ["Cán bộ xử lý", "Theo dõi địa bàn"])
def test_agency_roles_have_no_admin_permission(client, roles, group):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    client.force_login(user)

    assert client.get("/admin/reports/report/").status_code == 403
    assert not user.get_all_permissions()


def test_who_works_as_the_ioc_is_one_rule_for_lists_and_for_one_user():
    """`ioc_users()` (who hears about a report) and `is_ioc()` (what the
    workflow and the admin allow) name the same people."""
    from django.contrib.auth import get_user_model

    from reports.models import ioc_users, is_ioc
    from reports.workflow import ReportRole, roles_on

    from .factories import IocOperatorFactory, ReportFactory

    direct = UserFactory()
    direct.user_permissions.add(Permission.objects.get(codename="process_report"))
    people = {
        "operator": (IocOperatorFactory(), True),
        "direct": (direct, True),
        "superuser": (UserFactory(is_superuser=True), True),
        "inactive operator": (IocOperatorFactory(is_active=False), False),
        "citizen": (UserFactory(), False),
        "staff without the permission": (UserFactory(is_staff=True), False),
    }
    listed = set(ioc_users().values_list("pk", flat=True))
    report = ReportFactory()
    for name, (user, expected) in people.items():
        user = get_user_model().objects.get(pk=user.pk)  # no permission cache
        assert is_ioc(user) is expected, name
        assert (user.pk in listed) is expected, name
        assert (ReportRole.IOC in roles_on(user, report)) is expected, name
