"""The access matrix (security review, OWASP ASVS L2): every URL pattern of the
project, requested as every role, against objects each may and may not see.

MATRIX maps each pattern's full route, as `get_resolver()` spells it, to its
cases: a concrete URL written with the world's names (access_world.py), the
outcome of a GET for every role and, for the roles that must be refused, the
outcome of a POST (CSRF checks on) that must leave every table as it was. The
admin's patterns come from its registry, with expectations derived from each
group's permissions in `setup_roles`. A pattern without expectations, or
expectations without a pattern, fail `test_every_url_pattern_is_in_the_matrix`.

Whatever the status, no response may show a secret of the world to a role
that may not read it (`World.secrets`); `SECRETS_SHOWN` proves that the check
finds each secret where its readers look.
"""

from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import import_module
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_permission_codename
from django.db import connection, transaction
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client, RequestFactory, override_settings
from django.urls import URLResolver, get_resolver

from accounts.models import User
from accounts.tests.factories import PASSWORD, UserFactory
from moderation.models import Flag
from reports.management.commands.setup_roles import IOC_OPERATOR, MODERATOR, ROLES
from reports.opendata.open311.urls import FMT
from reports.opendata.views import CSV_TABLES
from reports.tests.triage_world import ACTION_PATHS

from .access_world import (
    ADMIN_STAFF,
    ALL,
    CITIZENS,
    FILE_SEERS,
    MEMBERS,
    PUBLIC_REPORTS,
    REPORT_SEERS,
    SENT_REPORTS,
    SIGNED_IN,
    TRIAGE_SEERS,
    Role,
    build_world,
    login,
)

# --- Outcomes ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    status: int
    location: str = ""  # a redirect's target (a world template)
    exact: bool = True  # False: `location` only starts the Location header

    def __str__(self):
        return f"{self.status} {self.location}".strip()


OK = Outcome(200)
BAD_REQUEST = Outcome(400)
FORBIDDEN = Outcome(403)
NOT_FOUND = Outcome(404)
NOT_ALLOWED = Outcome(405)
LOGIN = Outcome(302, "/tai-khoan/login/?next=", exact=False)
ADMIN_LOGIN = Outcome(302, "/admin/login/?next=", exact=False)


def redirect(to: str, status: int = 302) -> Outcome:
    return Outcome(status, to)


def roles(yes: Outcome, who=ALL, *, no=NOT_FOUND, visitor: Outcome | None = None):
    """`yes` for the roles in `who`, `no` for the others; the visitor apart if given."""
    expected = {role: yes if role in who else no for role in Role}
    if visitor is not None:
        expected[Role.VISITOR] = visitor
    return expected


def refused(allowed=frozenset(), *, no=NOT_FOUND, visitor=LOGIN):
    """POST expectations: every role outside `allowed` is turned away."""
    expected = {role: no for role in Role if role not in allowed}
    if Role.VISITOR not in allowed:
        expected[Role.VISITOR] = visitor
    return expected


@dataclass(frozen=True)
class Case:
    """One concrete URL of a pattern and what each role gets there."""

    url: str
    get: Mapping[Role, Outcome]
    # Only roles that must be refused POST (with CSRF checks on); nothing may change.
    post: Mapping[Role, Outcome] = field(default_factory=dict)
    data: Mapping[str, str] = field(default_factory=dict)


def each_report(template: str, expect: Callable[[str], dict], keys=SENT_REPORTS) -> list[Case]:
    """One case per report of the world: `template` names it `{key}`."""
    return [Case(template.replace("{key}", key), expect(key)) for key in keys]


# --- The portal -------------------------------------------------------------------------

HANDLERS = frozenset({Role.OFFICER, Role.OTHER_OFFICER})
MISSING_CODE = "PA-2000-999999"
MISSING_UUID = "00000000-0000-4000-8000-000000000000"

ACTION_DATA = {
    "accept": {},
    "return": {"return-reason": "Không thuộc thẩm quyền của sở."},
    "progress": {"progress-note": "Đã cử người khảo sát.", "progress-public": "on"},
    "opinion": {"opinion-note": "Đơn vị phối hợp đồng ý phương án."},
    "answer": {"answer-answer": "Đã sửa xong mặt đường."},
    "request_extension": {
        "request_extension-new_deadline": "2030-01-15 17:00",
        "request_extension-reason": "Chờ vật tư.",
    },
}


def triage_action(path: str, data: dict) -> list[Case]:
    # Monitors and non-members: 404 before the method is looked at; officers: 405 on GET.
    return [
        Case(
            f"/xu-ly/{{r[{key}].code}}/{path}/",
            get=roles(NOT_ALLOWED, HANDLERS, visitor=LOGIN),
            post=refused(TRIAGE_SEERS[key] & HANDLERS),
            data=data,
        )
        for key in ("forwarded_private", "elsewhere")
    ]


def moderator_action(url: str, data: dict) -> list[Case]:
    return [
        Case(
            url,
            get=roles(NOT_ALLOWED, {Role.MODERATOR}, visitor=LOGIN),
            post=refused({Role.MODERATOR}),
            data=data,
        )
    ]


def comment_action(template: str, data: dict, *, hidden: str, shown: str) -> list[Case]:
    """POST-only comment views: on what no one may act on (a pending comment,
    a non-public report) every signed-in role gets 404; on what anyone may
    act on only the visitor is refused."""
    return [
        Case(template.format(hidden), roles(NOT_ALLOWED), post=refused(), data=data),
        Case(template.format(shown), roles(NOT_ALLOWED), post=refused(SIGNED_IN), data=data),
    ]


RATING_DATA = {"satisfaction-level": "satisfied"}


def rating_case(key: str) -> Case:
    """Only the reporter rates a published answer: who sees the report but may
    not rate it is told why (403), who may not see it gets 404."""
    detail = f"/phan-anh/{{r[{key}].code}}/"
    seers = REPORT_SEERS[key]
    raters = {Role.OWNER} if key == "published" else set()
    return Case(
        f"{detail}danh-gia/",
        roles(redirect(f"{detail}#satisfaction"), seers, visitor=LOGIN),
        post=refused(raters, no=FORBIDDEN) | dict.fromkeys(SIGNED_IN - seers, NOT_FOUND),
        data=RATING_DATA,
    )


# B wrote it; moderators review it.
PENDING_COMMENT_READERS = frozenset({Role.CITIZEN, Role.MODERATOR})
FLAG_DATA = {"reason": Flag.Reason.OFFENSIVE.value, "note": "Lời lẽ xúc phạm."}
NOTIFICATIONS = "/ca-nhan/"
# Around A's reports (access_world.LATITUDE, LONGITUDE), all of them nearby and on the map.
MAP_DATA = "/ban-do/du-lieu.geojson?bbox=107.0,16.7,107.2,16.9"
NEARBY = "/phan-anh/gan-day/?lat=16.8167&lon=107.1&category={category.pk}"
PROFILE = "/tai-khoan/"

PORTAL: dict[str, list[Case]] = {
    # The agency dashboard: members only; each one's reports only.
    "xu-ly/": [
        Case("/xu-ly/", roles(OK, MEMBERS, visitor=LOGIN)),
        Case("/xu-ly/?agency={agency[a]}", roles(OK, {Role.OFFICER}, visitor=LOGIN)),
    ],
    "xu-ly/<str:code>/": [
        *each_report(
            "/xu-ly/{r[{key}].code}/", lambda key: roles(OK, TRIAGE_SEERS[key], visitor=LOGIN)
        ),
        # Acting for an agency one is no member of, or naming a report that is not there.
        Case(
            "/xu-ly/{r[forwarded_private].code}/?agency={agency[b]}",
            roles(NOT_FOUND, visitor=LOGIN),
        ),
        Case(f"/xu-ly/{MISSING_CODE}/", roles(NOT_FOUND, visitor=LOGIN)),
    ],
    **{
        f"xu-ly/<str:code>/{path}/": triage_action(path, ACTION_DATA[action])
        for action, path in ACTION_PATHS.items()
    },
    # The moderation queue: moderators only.
    "kiem-duyet/": [
        Case("/kiem-duyet/", roles(OK, {Role.MODERATOR}, visitor=LOGIN)),
        Case("/kiem-duyet/?tab=flags", roles(OK, {Role.MODERATOR}, visitor=LOGIN)),
    ],
    "kiem-duyet/binh-luan/": moderator_action(
        "/kiem-duyet/binh-luan/", {"action": "approve", "comments": "{c[pending].pk}"}
    ),
    "kiem-duyet/binh-luan/<int:pk>/": moderator_action(
        "/kiem-duyet/binh-luan/{c[pending].pk}/", {"action": "approve"}
    ),
    "kiem-duyet/bao-vi-pham/<int:pk>/": moderator_action(
        "/kiem-duyet/bao-vi-pham/{flag.pk}/", {"action": "dismiss", "reason": "Không vi phạm."}
    ),
    # Citizens' comment actions (POST only).
    "binh-luan/phan-anh/<str:code>/": comment_action(
        "/binh-luan/phan-anh/{}/",
        {"body": "Tôi cũng gặp tình trạng này."},
        hidden="{r[forwarded_private].code}",
        shown="{r[published].code}",
    ),
    "binh-luan/phan-anh/<str:code>/bao-vi-pham/": comment_action(
        "/binh-luan/phan-anh/{}/bao-vi-pham/",
        FLAG_DATA,
        hidden="{r[forwarded_private].code}",
        shown="{r[published].code}",
    ),
    "binh-luan/<int:pk>/thich/": comment_action(
        "/binh-luan/{}/thich/", {"like": "1"}, hidden="{c[pending].pk}", shown="{c[approved].pk}"
    ),
    "binh-luan/<int:pk>/bao-vi-pham/": [
        *comment_action(
            "/binh-luan/{}/bao-vi-pham/",
            FLAG_DATA,
            hidden="{c[pending].pk}",
            shown="{c[approved].pk}",
        ),
        # Without a reason, still a 404 for who may not see the comment.
        Case(
            "/binh-luan/{c[pending].pk}/bao-vi-pham/",
            roles(NOT_ALLOWED),
            post=refused(PENDING_COMMENT_READERS),
        ),
    ],
    # Open311: public data only, for everyone alike; writing needs an API key.
    f"open311/v2/^discovery{FMT}": [
        Case("/open311/v2/discovery.json", roles(OK)),
        Case("/open311/v2/discovery.xml", roles(OK)),
    ],
    f"open311/v2/^services{FMT}": [Case("/open311/v2/services.json", roles(OK))],
    f"open311/v2/^services/(?P<code>[-\\w]+){FMT}": [
        Case("/open311/v2/services/{category.slug}.json", roles(OK)),
        Case("/open311/v2/services/khong-co.json", roles(NOT_FOUND)),
    ],
    f"open311/v2/^requests{FMT}": [
        Case(
            "/open311/v2/requests.json",
            roles(OK),
            post=roles(FORBIDDEN),
            data={
                "service_code": "{category.slug}",
                "description": "Đèn đường hỏng.",
                "address_string": "Lê Duẩn",
            },
        ),
        Case("/open311/v2/requests.xml", roles(OK)),
    ],
    f"open311/v2/^requests/(?P<request_id>[-\\w]+){FMT}": each_report(
        "/open311/v2/requests/{r[{key}].code}.json",
        lambda key: roles(OK if key in PUBLIC_REPORTS else NOT_FOUND),
    ),
    f"open311/v2/^tokens/(?P<token>[-\\w]+){FMT}": [
        Case("/open311/v2/tokens/abc123.json", roles(NOT_FOUND))
    ],
    # Public pages: the same for everyone, never a non-public report.
    "": [Case("/", roles(OK)), Case("/?tab=all", roles(OK))],
    "ban-do/": [Case("/ban-do/", roles(OK))],
    "ban-do/du-lieu.geojson": [
        Case(f"{MAP_DATA}&zoom=16", roles(OK)),  # points
        Case(f"{MAP_DATA}&zoom=8", roles(OK)),  # clusters
        Case("/ban-do/du-lieu.geojson", roles(BAD_REQUEST)),
    ],
    "thong-ke/": [Case("/thong-ke/", roles(OK))],
    "thong-ke/<slug:name>.csv": [
        *(Case(f"/thong-ke/{name}.csv", roles(OK)) for name in CSV_TABLES),
        Case("/thong-ke/khong-co.csv", roles(NOT_FOUND)),
    ],
    "phan-anh/moi.atom": [Case("/phan-anh/moi.atom", roles(OK))],
    "phan-anh/chuyen-muc/<slug:slug>.atom": [
        Case("/phan-anh/chuyen-muc/{category.slug}.atom", roles(OK))
    ],
    "phan-anh/dia-ban/<str:code>.atom": [Case("/phan-anh/dia-ban/{ward.code}.atom", roles(OK))],
    "phan-anh/gan-day/": [Case(NEARBY, roles(OK))],
    # Writing, drafts, a report's page and its rating.
    "phan-anh/gui/": [
        Case(
            "/phan-anh/gui/",
            roles(OK, SIGNED_IN, visitor=LOGIN),
            post={Role.VISITOR: LOGIN},
            data={"title": "Ổ gà", "content": "Ổ gà lớn.", "action": "draft"},
        )
    ],
    # The draft's page looks for the draft before asking anyone to log in.
    "phan-anh/nhap/<int:pk>/": [
        Case(
            "/phan-anh/nhap/{r[draft].pk}/",
            roles(OK, {Role.OWNER}),
            post=refused({Role.OWNER}, visitor=NOT_FOUND),
            data={"title": "Sửa trộm", "action": "draft"},
        ),
        Case("/phan-anh/nhap/{r[submitted].pk}/", roles(NOT_FOUND)),
    ],
    "phan-anh/nhap/<int:pk>/xoa/": [
        Case(
            "/phan-anh/nhap/{r[draft].pk}/xoa/",
            roles(OK, {Role.OWNER}, visitor=LOGIN),
            post=refused({Role.OWNER}),
        ),
        Case("/phan-anh/nhap/{r[submitted].pk}/xoa/", roles(NOT_FOUND, visitor=LOGIN)),
    ],
    "phan-anh/<str:code>/": [
        *each_report("/phan-anh/{r[{key}].code}/", lambda key: roles(OK, REPORT_SEERS[key])),
        Case(f"/phan-anh/{MISSING_CODE}/", roles(NOT_FOUND)),
    ],
    "phan-anh/<str:code>/danh-gia/": [
        rating_case(key) for key in ("published", "forwarded_private")
    ],
    "tep/<uuid:public_id>/": [
        *(Case(f"/tep/{{f[{key}].public_id}}/", roles(OK, FILE_SEERS[key])) for key in FILE_SEERS),
        Case(f"/tep/{MISSING_UUID}/", roles(NOT_FOUND)),
    ],
    "tep/<uuid:public_id>/thu-nho/": [
        Case(f"/tep/{{f[{key}].public_id}}/thu-nho/", roles(OK, FILE_SEERS[key]))
        for key in FILE_SEERS
    ],
    # The personal area: one's own things only.
    "ca-nhan/": [Case(NOTIFICATIONS, roles(OK, SIGNED_IN, visitor=LOGIN))],
    "ca-nhan/thong-bao/<int:pk>/": [
        Case(
            "/ca-nhan/thong-bao/{n[unread].pk}/",
            roles(redirect("/phan-anh/{r[published].code}/"), {Role.OWNER}, visitor=LOGIN),
        )
    ],
    # Deleting another's notification deletes nothing, and says so like any delete.
    "ca-nhan/thong-bao/xoa/": [
        Case(
            "/ca-nhan/thong-bao/xoa/",
            roles(NOT_ALLOWED, SIGNED_IN, visitor=LOGIN),
            post=refused({Role.OWNER}, no=redirect(NOTIFICATIONS)),
            data={"pk": "{n[read].pk}"},
        )
    ],
    "ca-nhan/phan-anh/": [Case("/ca-nhan/phan-anh/", roles(OK, SIGNED_IN, visitor=LOGIN))],
    "ca-nhan/nhap/": [Case("/ca-nhan/nhap/", roles(OK, SIGNED_IN, visitor=LOGIN))],
    "tai-khoan/": [
        Case(
            PROFILE,
            roles(OK, SIGNED_IN, visitor=LOGIN),
            post={Role.VISITOR: LOGIN},
            data={"full_name": "Tên mới"},
        )
    ],
    "tai-khoan/thu-dien-tu/xac-nhan/<str:token>/": [
        Case(
            "/tai-khoan/thu-dien-tu/xac-nhan/sai-ma/",
            roles(redirect(PROFILE), SIGNED_IN, visitor=redirect("/")),
        )
    ],
}

# --- Accounts (the portal's, allauth's, allauth.mfa's) ---------------------------------
# No object of anyone else is reachable here: every page is the signed-in user's own.

HOME = "/"
LOGIN_PAGE = "/tai-khoan/login/"
REAUTHENTICATE = "/tai-khoan/reauthenticate/"
PASSWORD_CHANGE = "/tai-khoan/password/change/"
PASSWORD_RESET = "/tai-khoan/password/reset/"
TOTP_DEACTIVATE = "/tai-khoan/2fa/totp/deactivate/"


def own_page(url: str, **overrides) -> list[Case]:
    """A page of one's own account: the visitor logs in first."""
    return [Case(url, roles(OK, SIGNED_IN, visitor=LOGIN) | overrides)]


def public_page(url: str, signed_in: Outcome = OK) -> list[Case]:
    return [Case(url, roles(signed_in, SIGNED_IN, visitor=OK))]


def everyone(url: str, outcome: Outcome) -> list[Case]:
    return [Case(url, roles(outcome))]


def second_factor_page(url: str, *, citizens: Outcome) -> list[Case]:
    """Pages of an authenticator app: staff have one, citizens may set one up."""
    return own_page(url, **dict.fromkeys(CITIZENS, citizens))


ACCOUNTS: dict[str, list[Case]] = {
    "tai-khoan/du-lieu-ca-nhan/": own_page("/tai-khoan/du-lieu-ca-nhan/"),
    "tai-khoan/du-lieu-ca-nhan/tai-ve/": own_page("/tai-khoan/du-lieu-ca-nhan/tai-ve/"),
    # Staff may not delete their own account (accounts.personal_data).
    "tai-khoan/xoa-tai-khoan/": [
        Case(
            "/tai-khoan/xoa-tai-khoan/",
            roles(OK, SIGNED_IN, visitor=LOGIN),
            post=refused(CITIZENS, no=FORBIDDEN),
            data={"password": PASSWORD},
        )
    ],
    "tai-khoan/phone/verify/": [
        Case("/tai-khoan/phone/verify/", roles(redirect(PROFILE), visitor=redirect(LOGIN_PAGE)))
    ],
    "tai-khoan/phone/change/": everyone("/tai-khoan/phone/change/", redirect(PROFILE)),
    "tai-khoan/email/": everyone("/tai-khoan/email/", redirect(PROFILE)),
    "tai-khoan/password/reset/": everyone(PASSWORD_RESET, OK),
    "tai-khoan/password/reset/code/": everyone(
        "/tai-khoan/password/reset/code/", redirect(PASSWORD_RESET)
    ),
    "tai-khoan/password/reset/new/": [
        Case(
            "/tai-khoan/password/reset/new/",
            roles(redirect(PASSWORD_CHANGE), visitor=redirect(PASSWORD_RESET)),
        )
    ],
    "tai-khoan/password/reset/done/": everyone("/tai-khoan/password/reset/done/", OK),
    "tai-khoan/password/reset/key/done/": everyone("/tai-khoan/password/reset/key/done/", OK),
    r"tai-khoan/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": everyone(
        "/tai-khoan/password/reset/key/1-sai-ma/", OK
    ),
    "tai-khoan/login/": public_page(LOGIN_PAGE, signed_in=redirect(HOME)),
    "tai-khoan/signup/": public_page("/tai-khoan/signup/", signed_in=redirect(HOME)),
    "tai-khoan/logout/": [Case("/tai-khoan/logout/", roles(OK, SIGNED_IN, visitor=redirect(HOME)))],
    "tai-khoan/login/code/confirm/": [
        Case(
            "/tai-khoan/login/code/confirm/",
            roles(redirect(HOME), visitor=redirect(LOGIN_PAGE)),
        )
    ],
    "tai-khoan/inactive/": everyone("/tai-khoan/inactive/", OK),
    "tai-khoan/reauthenticate/": own_page(REAUTHENTICATE),
    "tai-khoan/reauthenticate/code/": own_page(f"{REAUTHENTICATE}code/"),
    "tai-khoan/reauthenticate/code/confirm/": [
        Case(
            f"{REAUTHENTICATE}code/confirm/",
            roles(redirect(f"{REAUTHENTICATE}code/"), SIGNED_IN, visitor=LOGIN),
        )
    ],
    "tai-khoan/confirm-email/": everyone("/tai-khoan/confirm-email/", OK),
    r"tai-khoan/^confirm-email/(?P<key>[-:\w]+)/$": everyone(
        "/tai-khoan/confirm-email/sai-ma/", OK
    ),
    "tai-khoan/password/change/": own_page(PASSWORD_CHANGE),
    "tai-khoan/password/set/": [
        Case(
            "/tai-khoan/password/set/",
            roles(redirect(PASSWORD_CHANGE), SIGNED_IN, visitor=LOGIN),
        )
    ],
    "tai-khoan/2fa/": own_page("/tai-khoan/2fa/"),
    "tai-khoan/2fa/authenticate/": [
        Case("/tai-khoan/2fa/authenticate/", roles(redirect(HOME), visitor=redirect(LOGIN_PAGE)))
    ],
    "tai-khoan/2fa/reauthenticate/": second_factor_page(
        "/tai-khoan/2fa/reauthenticate/", citizens=redirect(REAUTHENTICATE)
    ),
    "tai-khoan/2fa/totp/activate/": own_page(
        "/tai-khoan/2fa/totp/activate/",
        **dict.fromkeys(SIGNED_IN - CITIZENS, redirect(TOTP_DEACTIVATE)),
    ),
    "tai-khoan/2fa/totp/deactivate/": second_factor_page(TOTP_DEACTIVATE, citizens=NOT_FOUND),
    "tai-khoan/2fa/recovery-codes/": second_factor_page(
        "/tai-khoan/2fa/recovery-codes/", citizens=NOT_FOUND
    ),
    "tai-khoan/2fa/recovery-codes/generate/": own_page("/tai-khoan/2fa/recovery-codes/generate/"),
    "tai-khoan/2fa/recovery-codes/download/": second_factor_page(
        "/tai-khoan/2fa/recovery-codes/download/", citizens=NOT_FOUND
    ),
    # Single sign-on: off unless configured (SPEC 2); the old paths redirect.
    "tai-khoan/3rdparty/": own_page("/tai-khoan/3rdparty/"),
    "tai-khoan/3rdparty/login/cancelled/": everyone("/tai-khoan/3rdparty/login/cancelled/", OK),
    "tai-khoan/3rdparty/login/error/": everyone("/tai-khoan/3rdparty/login/error/", Outcome(401)),
    "tai-khoan/3rdparty/signup/": everyone("/tai-khoan/3rdparty/signup/", redirect(LOGIN_PAGE)),
    **{
        f"tai-khoan/social/{old}": everyone(
            f"/tai-khoan/social/{old}", redirect(f"/tai-khoan/3rdparty/{new}", 301)
        )
        for old, new in (
            ("login/cancelled/", "login/cancelled/"),
            ("login/error/", "login/error/"),
            ("signup/", "signup/"),
            ("connections/", ""),
        )
    },
    "tai-khoan/oidc/^(?P<provider_id>[^/]+)/login/": everyone(
        "/tai-khoan/oidc/khong-co/login/", NOT_FOUND
    ),
    "tai-khoan/oidc/^(?P<provider_id>[^/]+)/login/callback/": everyone(
        "/tai-khoan/oidc/khong-co/login/callback/", NOT_FOUND
    ),
    "i18n/setlang/": everyone("/i18n/setlang/", redirect(HOME)),
}

# --- The admin --------------------------------------------------------------------------

# The URL configuration registers the admin's modules (phananh/urls.py).
import_module(settings.ROOT_URLCONF)

ADMIN_PERMISSIONS = {
    Role.MODERATOR: frozenset(ROLES[MODERATOR]),
    Role.IOC: frozenset(ROLES[IOC_OPERATOR]),
}
# SPEC 1, whatever setup_roles grants: a moderator has no report list and no
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


def _merge(*tables: dict[str, list[Case]]) -> dict[str, list[Case]]:
    merged = {}
    for table in tables:
        twice = merged.keys() & table.keys()
        assert not twice, f"routes in two tables: {sorted(twice)}"
        merged.update(table)
    return merged


MATRIX = _merge(
    PORTAL,
    ACCOUNTS,
    ADMIN_SITE,
    *(model_admin_cases(model_admin) for model_admin in admin.site._registry.values()),
)

# --- The URL configuration --------------------------------------------------------------


def url_routes(patterns=None, prefix: str = "") -> Iterator[str]:
    """Every pattern's full route, includes walked through, in resolving order."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from url_routes(pattern.url_patterns, route)
        else:
            yield route


# The portal's account pages take over allauth's at allauth's own paths
# (phananh/urls.py): the first pattern answers, the second is never reached.
SHADOWED = {
    "admin/r/<path:content_type_id>/<path:object_id>/",  # phananh.admin_links
    "tai-khoan/email/",
    "tai-khoan/password/reset/",
    "tai-khoan/phone/change/",
    "tai-khoan/phone/verify/",
}


def test_every_url_pattern_is_in_the_matrix():
    # With DEBUG on, phananh/urls.py adds the media route: it shows up here as missing.
    routes = set(url_routes())
    assert sorted(routes - MATRIX.keys()) == [], "URL patterns without expectations"
    assert sorted(MATRIX.keys() - routes) == [], "expectations for URL patterns that are gone"


def test_only_the_known_overrides_shadow_a_pattern():
    counts = Counter(url_routes())
    assert {route for route, count in counts.items() if count > 1} == SHADOWED


# --- Requesting the matrix --------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """One world for the whole module, in a transaction rolled back at its end;
    each test runs in a savepoint inside it, so a POST that got through is undone."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    with media, django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def sessions(world) -> dict[Role, str]:
    """Each role's session, signed in once for the module: what a test's
    requests write to it is rolled back with the test."""
    keys = {}
    for role in SIGNED_IN:
        client = Client()
        login(client, world.user(role))
        keys[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return keys


# Written by every login and request, not by what a request may change.
UNTRACKED_TABLES = {"django_session"}


def fingerprint() -> dict[str, list[str]]:
    """Every row of every table (raw SQL: the ORM would triple the module's time)."""
    tables = set(connection.introspection.table_names()) - UNTRACKED_TABLES
    with connection.cursor() as cursor:
        snapshot = {}
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            snapshot[table] = sorted(map(repr, cursor.fetchall()))
    return snapshot


def _read(response) -> str:
    body = "" if response.streaming else response.content.decode("utf-8", "replace")
    return body + response.get("Location", "")


def problems(response, expected: Outcome, *, world, role: Role) -> list[str]:
    """What is wrong with `response` for `role`: the status, the redirect's
    target, and any secret `role` may not read."""
    found = []
    if response.status_code != expected.status:
        found.append(f"{response.status_code} {response.get('Location', '')}, expected {expected}")
    elif expected.location:
        # Only the path: the admin's "view on site" names the Site's domain.
        target = urlsplit(response["Location"])
        location = target.path + (f"?{target.query}" if target.query else "")
        location += f"#{target.fragment}" if target.fragment else ""
        wanted = world.format(expected.location)
        if not (location == wanted if expected.exact else location.startswith(wanted)):
            found.append(f"redirected to {location}, expected {wanted}")
    text = _read(response)
    leaked = sorted(
        name
        for name, secret in world.secrets.items()
        if role not in secret.readers and secret.text in text
    )
    if leaked:
        found.append(f"shows {leaked}")
    return found


class Browser(Client):
    """A client with CSRF checks on and the cookie and token a page would give."""

    def __init__(self):
        super().__init__(enforce_csrf_checks=True)
        self.csrf_token = _get_new_csrf_string()
        self.cookies[settings.CSRF_COOKIE_NAME] = self.csrf_token


def browser(sessions, role: Role) -> Browser:
    client = Browser()
    if role in sessions:
        client.cookies[settings.SESSION_COOKIE_NAME] = sessions[role]
    return client


def _cases_by_role():
    for route, cases in MATRIX.items():
        for role in Role:
            yield pytest.param(route, role, cases, id=f"/{route} {role}")


@pytest.mark.django_db
@pytest.mark.parametrize(("route", "role", "cases"), list(_cases_by_role()))
def test_access(world, sessions, route, role, cases):
    client = browser(sessions, role)
    failures = []
    for case in cases:
        url = world.format(case.url)
        for problem in problems(client.get(url), case.get[role], world=world, role=role):
            failures.append(f"GET {url}: {problem}")
        if role in case.post:
            data = {name: world.format(value) for name, value in case.data.items()}
            before = fingerprint()
            response = client.post(url, data, HTTP_X_CSRFTOKEN=client.csrf_token)
            for problem in problems(response, case.post[role], world=world, role=role):
                failures.append(f"POST {url}: {problem}")
            if fingerprint() != before:
                failures.append(f"POST {url}: changed data")
    if failures:
        pytest.fail(f"as {role}:\n" + "\n".join(failures), pytrace=False)


@pytest.mark.django_db
def test_the_matrix_requests_every_role(world):
    """Each case says what every role gets: none is left out by a typo."""
    for route, cases in MATRIX.items():
        assert cases, f"/{route}: no case"
        for case in cases:
            assert case.get.keys() == ALL, f"{case.url}: roles {ALL - case.get.keys()}"
            world.format(case.url)


# Proof that the leak check can see: each secret, where one of its readers finds it.
SECRETS_SHOWN = [
    ("draft", Role.OWNER, "/phan-anh/nhap/{r[draft].pk}/"),
    ("submitted", Role.OWNER, "/ca-nhan/phan-anh/"),
    ("rejected", Role.MONITOR, "/xu-ly/{r[rejected].code}/"),
    ("forwarded_private", Role.OFFICER, "/xu-ly/"),
    ("forwarded_public", Role.VISITOR, "/open311/v2/requests.json"),
    ("resolved", Role.VISITOR, NEARBY),
    ("published", Role.VISITOR, "/"),
    ("published", Role.VISITOR, "/phan-anh/moi.atom"),
    ("published", Role.VISITOR, f"{MAP_DATA}&zoom=16"),
    ("anonymous", Role.VISITOR, "/phan-anh/{r[anonymous].code}/"),
    ("elsewhere", Role.IOC, "/admin/reports/report/"),
    ("answer", Role.OFFICER, "/xu-ly/{r[resolved].code}/"),
    ("internal_note", Role.MONITOR, "/xu-ly/{r[forwarded_public].code}/"),
    ("rating", Role.OWNER, "/phan-anh/{r[published].code}/"),
    ("pending", Role.CITIZEN, "/phan-anh/{r[published].code}/"),
    ("pending", Role.MODERATOR, "/kiem-duyet/"),
    ("flag_note", Role.MODERATOR, "/kiem-duyet/?tab=flags"),
    ("notice", Role.OWNER, "/ca-nhan/"),
    ("sms", Role.IOC, "/admin/reports/delivery/{d[notice].pk}/change/"),
    ("sms_code", Role.OWNER, "/tai-khoan/du-lieu-ca-nhan/tai-ve/"),
    ("hidden_name", Role.IOC, "/admin/reports/report/{r[anonymous].pk}/change/"),
    ("phone", Role.IOC, "/admin/accounts/user/{r[submitted].reporter_id}/change/"),
    ("national_phone", Role.IOC, "/admin/reports/report/{r[submitted].pk}/change/"),
    ("national_phone", Role.OWNER, PROFILE),
    ("email", Role.OWNER, PROFILE),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("secret", "role", "url"), SECRETS_SHOWN)
def test_the_leak_check_sees_secrets_where_their_readers_look(world, sessions, secret, role, url):
    assert role in world.secrets[secret].readers
    response = browser(sessions, role).get(world.format(url))
    assert response.status_code == 200
    assert world.secrets[secret].text in _read(response)


@pytest.mark.django_db
def test_every_readable_secret_is_shown_somewhere(world):
    readable = {name for name, secret in world.secrets.items() if secret.readers}
    assert readable <= {secret for secret, _role, _url in SECRETS_SHOWN}


@pytest.mark.django_db
def test_an_allowed_post_gets_through_and_the_fingerprint_sees_it(world, sessions):
    """The refusals above are the views' own: the same client's CSRF token is
    accepted, and a change shows in the fingerprint."""
    client = browser(sessions, Role.OWNER)
    url = world.format("/phan-anh/{r[published].code}/danh-gia/")
    before = fingerprint()
    response = client.post(url, RATING_DATA, HTTP_X_CSRFTOKEN=client.csrf_token)
    assert response.status_code == 302
    assert fingerprint() != before


@pytest.mark.django_db
def test_view_on_site_with_an_id_that_is_no_number_answers_404(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for content_type in ("²", "9" * 30, "x"):
        assert client.get(f"/admin/r/{content_type}/1/").status_code == 404
