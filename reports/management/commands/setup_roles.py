"""The staff roles as Django groups, each with exactly the permissions it needs.

Agency officers and area monitors get no admin permission: they work in
/xu-ly/ through their agency memberships; their groups only name the role.
"""

from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

IOC_OPERATOR = "Điều hành IOC"
MODERATOR = "Kiểm duyệt viên"
AGENCY_OFFICER = "Cán bộ xử lý"
AREA_MONITOR = "Theo dõi địa bàn"

# group name -> "app_label.codename" permissions
ROLES: dict[str, list[str]] = {
    IOC_OPERATOR: [
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
        # Who meets, follows and subscribes to what (engagement's admin, read-only).
        "engagement.view_support",
        "engagement.view_follow",
        "engagement.view_subscription",
        "engagement.view_alert",
        "accounts.view_user",
    ],
    # Comments and flagged content, on reports the public sees: no report list
    # and no reporter's contact (README §1).
    MODERATOR: [
        "moderation.moderate",
        "moderation.view_comment",
        "moderation.view_flag",
        "moderation.view_moderationaction",
        "moderation.view_bannedword",
        "moderation.add_bannedword",
        "moderation.change_bannedword",
        "moderation.delete_bannedword",
    ],
    AGENCY_OFFICER: [],
    AREA_MONITOR: [],
}


class Command(BaseCommand):
    help = (
        "Create the staff groups with exactly their permissions. Safe to run twice; "
        "permissions added to these groups by hand are removed."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        for name, permission_names in ROLES.items():
            permissions = [_permission(permission_name) for permission_name in permission_names]
            group, created = Group.objects.get_or_create(name=name)
            group.permissions.set(permissions)
            verb = "Tạo" if created else "Cập nhật"
            self.stdout.write(f"{verb} nhóm “{name}”: {len(permissions)} quyền.")


def _permission(name: str) -> Permission:
    app_label, codename = name.split(".")
    try:
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)
    except Permission.DoesNotExist:
        raise CommandError(
            f"Permission {name} does not exist: run `manage.py migrate` first."
        ) from None
