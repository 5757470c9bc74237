"""The access matrix's table for the admin, /admin/ (access_matrix.py): its own
pages, and the six pages it makes for each model it registers, with
expectations derived from each group's permissions in `setup_roles`. A model
newly registered in the admin gets its cases here by itself: its pages open on
its first row, which the world must hold (access_world.build_world), or on the
objects ADMIN_OBJECTS names."""

from collections.abc import Callable
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_permission_codename
from django.test import RequestFactory

from accounts.models import User
from accounts.tests.factories import PASSWORD
from reports.management.commands.setup_roles import IOC_OPERATOR, MODERATOR, ROLES

from .access_cases import (
    ADMIN_LOGIN,
    FORBIDDEN,
    LOGIN,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    Case,
    redirect,
    roles,
)
from .access_world import ADMIN_STAFF, Role

# The URL configuration registers the admin's modules (phananh/urls.py).
import_module(settings.ROOT_URLCONF)

ADMIN_PERMISSIONS = {
    Role.MODERATOR: frozenset(ROLES[MODERATOR]),
    Role.IOC: frozenset(ROLES[IOC_OPERATOR]),
}
# README §1, whatever setup_roles grants: a moderator has no report list and no
# reporter's contact.
NEVER_IN_ADMIN = {Role.MODERATOR: {"reports.report", "accounts.user"}}
# The objects each admin page is opened on, and whether the admin shows them:
# drafts belong to their owner only, IOC staff included.
ADMIN_OBJECTS = {
    "reports.report": [("{r[forwarded_private].pk}", True), ("{r[draft].pk}", False)],
    "reports.notifications.delivery": [("{d[notice].pk}", True), ("{d[code].pk}", True)],
}
DOES_NOT_EXIST = redirect("/admin/")  # Django's answer for an object outside the admin's list
_SUPERUSER = User(is_staff=True, is_superuser=True, is_active=True)


def _offered(model_admin, action: str) -> bool:
    """Whether the admin offers `action` at all (asked as a superuser)."""
    request = RequestFactory().get("/admin/")
    request.user = _SUPERUSER
    if action == "view":
        return model_admin.has_view_or_change_permission(request)
    return getattr(model_admin, f"has_{action}_permission")(request)


def may(role: Role, model_admin, action: str) -> bool:
    """What `role` may do with the admin's model: its group's permissions, within
    what the admin offers."""
    opts = model_admin.opts
    if role not in ADMIN_PERMISSIONS or opts.label_lower in NEVER_IN_ADMIN.get(role, ()):
        return False
    granted = ADMIN_PERMISSIONS[role]

    def holds(name):
        return f"{opts.app_label}.{get_permission_codename(name, opts)}" in granted

    held = holds("view") or holds("change") if action == "view" else holds(action)
    return held and _offered(model_admin, action)


def admin_page(right: Callable[[Role], bool], *, granted=OK, denied=FORBIDDEN):
    """Non-staff are sent to the admin's login; staff get the page or `denied`."""
    return {
        role: ADMIN_LOGIN if role not in ADMIN_STAFF else granted if right(role) else denied
        for role in Role
    }


def admin_refusals(right: Callable[[Role], bool]):
    return {role: outcome for role, outcome in admin_page(right).items() if outcome != OK}


def always(role) -> bool:
    return True


def never(role) -> bool:
    return False


def model_admin_cases(model_admin) -> dict[str, list[Case]]:
    """The six pages Django's admin makes for a model, on each target object."""
    opts = model_admin.opts
    route = f"admin/{opts.app_label}/{opts.model_name}/"
    url = f"/{route}"

    def right(action):
        return lambda role: may(role, model_admin, action)

    cases = {
        route: [Case(url, admin_page(right("view")))],
        f"{route}add/": [
            Case(f"{url}add/", admin_page(right("add")), post=admin_refusals(right("add")))
        ],
        **{f"{route}<path:object_id>/{page}/": [] for page in ("history", "delete", "change")},
        f"{route}<path:object_id>/": [],
    }
    targets = ADMIN_OBJECTS.get(opts.label_lower, [(f"{{admin[{opts.label_lower}]}}", True)])
    for pk, shown in targets:
        page = f"{url}{pk}/"
        if shown:
            history = admin_page(right("view"))
            change = admin_page(right("view"))
            delete = admin_page(right("delete"))
        else:
            # History looks for the object before the permission; the others after.
            history = admin_page(always, granted=DOES_NOT_EXIST)
            change = admin_page(right("view"), granted=DOES_NOT_EXIST)
            delete = admin_page(right("delete"), granted=DOES_NOT_EXIST)
        cases[f"{route}<path:object_id>/history/"].append(Case(f"{page}history/", history))
        cases[f"{route}<path:object_id>/change/"].append(
            Case(f"{page}change/", change, post=admin_refusals(right("change")) if shown else {})
        )
        cases[f"{route}<path:object_id>/delete/"].append(
            Case(
                f"{page}delete/",
                delete,
                post=admin_refusals(right("delete")) if shown else {},
                data={"post": "yes"},
            )
        )
        cases[f"{route}<path:object_id>/"].append(
            Case(page, admin_page(always, granted=redirect(f"{page}change/")))
        )
    return cases


def _registered(label: str):
    return admin.site._registry[apps.get_model(label)]


def _sees_reports(role):
    return may(role, _registered("reports.report"), "view")


def _processes_reports(role):
    return "reports.process_report" in ADMIN_PERMISSIONS.get(role, ())


def app_index_cases() -> dict[str, list[Case]]:
    """/admin/<app>/: a 404 for staff with nothing to do in the app."""
    labels = list(dict.fromkeys(model._meta.app_label for model in admin.site._registry))
    cases = []
    for label in labels:
        admins = [
            ma for model, ma in admin.site._registry.items() if model._meta.app_label == label
        ]

        def works_here(role, admins=admins):
            return any(may(role, ma, a) for ma in admins for a in ("view", "add", "delete"))

        cases.append(Case(f"/admin/{label}/", admin_page(works_here, denied=NOT_FOUND)))
    return {f"admin/^(?P<app_label>{'|'.join(labels)})/$": cases}


ADMIN_SITE: dict[str, list[Case]] = {
    "admin/": [Case("/admin/", admin_page(always))],
    # The portal's login for everyone (allauth's secure_admin_login).
    "admin/login/": [
        Case(
            "/admin/login/",
            roles(FORBIDDEN, visitor=LOGIN) | dict.fromkeys(ADMIN_STAFF, DOES_NOT_EXIST),
        )
    ],
    # Logging out is a POST; the admin sends non-staff to its index (then to its login).
    "admin/logout/": [
        Case("/admin/logout/", roles(NOT_ALLOWED, ADMIN_STAFF, no=redirect("/admin/")))
    ],
    "admin/password_change/": [Case("/admin/password_change/", admin_page(always))],
    "admin/password_change/done/": [Case("/admin/password_change/done/", admin_page(always))],
    "admin/autocomplete/": [
        Case("/admin/autocomplete/", admin_page(never)),
        Case(
            "/admin/autocomplete/?app_label=reports&model_name=category"
            "&field_name=default_agency&term=",
            admin_page(lambda role: may(role, _registered("reports.agency"), "view")),
        ),
    ],
    "admin/jsi18n/": [Case("/admin/jsi18n/", admin_page(always))],
    # "View on site" only for what the admin shows the user; 404 otherwise.
    "admin/r/<path:content_type_id>/<path:object_id>/": [
        Case(
            "/admin/r/{ct[reports.report]}/{r[forwarded_private].pk}/",
            admin_page(
                _sees_reports,
                granted=redirect("/phan-anh/{r[forwarded_private].code}/"),
                denied=NOT_FOUND,
            ),
        ),
        Case("/admin/r/{ct[reports.report]}/{r[draft].pk}/", admin_page(never, denied=NOT_FOUND)),
    ],
    "admin/accounts/user/<id>/password/": [
        Case(
            "/admin/accounts/user/{admin[accounts.user]}/password/",
            admin_page(lambda role: may(role, _registered("accounts.user"), "change")),
            post=admin_refusals(lambda role: may(role, _registered("accounts.user"), "change")),
            data={"password1": PASSWORD, "password2": PASSWORD},
        )
    ],
    "admin/reports/report/<path:object_id>/xu-ly/<slug:action>/": [
        Case(
            "/admin/reports/report/{r[forwarded_private].pk}/xu-ly/recall/",
            admin_page(_processes_reports),
            post=admin_refusals(_processes_reports),
            data={"reason": "Chuyển nhầm cơ quan."},
        ),
        Case(
            "/admin/reports/report/{r[draft].pk}/xu-ly/recall/",
            admin_page(_processes_reports, granted=NOT_FOUND),
        ),
        Case(
            "/admin/reports/report/{r[forwarded_private].pk}/xu-ly/khong-co/",
            admin_page(_processes_reports, granted=NOT_FOUND),
        ),
        # The IOC's answers to the world's unsatisfied rating (issue 15).
        Case(
            "/admin/reports/report/{r[published].pk}/xu-ly/reopen/",
            admin_page(_processes_reports),
            post=admin_refusals(_processes_reports),
            data={"note": "Kiểm tra lại mặt đường."},
        ),
        Case(
            "/admin/reports/report/{r[published].pk}/xu-ly/close_review/",
            admin_page(_processes_reports),
            post=admin_refusals(_processes_reports),
            data={"reply": "Kết quả đã được nghiệm thu."},
        ),
    ],
    **app_index_cases(),
    "admin/(?P<url>.*)$": [
        Case("/admin/khong-co/", admin_page(never, denied=NOT_FOUND)),
        Case(
            "/admin/reports/report",
            admin_page(always, granted=redirect("/admin/reports/report/", 301)),
        ),
    ],
}


# One table per model the admin registers: its six pages.
MODEL_ADMINS = [model_admin_cases(model_admin) for model_admin in admin.site._registry.values()]
