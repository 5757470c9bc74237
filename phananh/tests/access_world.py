"""The people and objects the access matrix (access_matrix.py) is requested
against (test_access_matrix.py).

Citizen A files every report below but one. The triage world's agencies stand
around them (reports/tests/triage_world.py): agency A leads A's forwarded
reports, agency B leads the one report that is not A's; monitor M watches the
ward of A's reports, another monitor the ward of B's. Everything a role may
not see carries a secret (ASCII, so that JSON and XML escaping keep it
findable) and `World.secrets` says who may read each one.
"""

import io
from dataclasses import dataclass
from enum import StrEnum
from unittest import mock

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone
from phonenumber_field.phonenumber import to_python

from accounts import sms
from accounts.tests.factories import UserFactory
from moderation import services as moderation_services
from moderation.tests.factories import BannedWordFactory, CommentFactory, FlagFactory
from reports import satisfaction
from reports.management.commands.setup_roles import IOC_OPERATOR, MODERATOR
from reports.models import AgencyMembership, Delivery, ReplyTemplate, Report, ReportEvent
from reports.tests.factories import (
    AgencyFactory,
    AgencyMembershipFactory,
    AttachmentFactory,
    CategoryFactory,
    ExtensionRequestFactory,
    NotificationFactory,
    issue_api_key,
    report_in_state,
)
from reports.tests.triage_world import build_world as build_triage_world

Status = Report.Status


class Role(StrEnum):
    VISITOR = "visitor"
    OWNER = "citizen_a"  # files the reports
    CITIZEN = "citizen_b"  # another citizen, on A's things
    OFFICER = "officer_lead"  # of the agency A's reports went to
    OTHER_OFFICER = "officer_other"  # of another agency
    MONITOR = "monitor_area"  # watches the ward of A's reports
    OTHER_MONITOR = "monitor_other"  # watches another ward
    MODERATOR = "moderator"
    IOC = "ioc"


ALL = frozenset(Role)
SIGNED_IN = ALL - {Role.VISITOR}
CITIZENS = frozenset({Role.OWNER, Role.CITIZEN})
MEMBERS = frozenset({Role.OFFICER, Role.OTHER_OFFICER, Role.MONITOR, Role.OTHER_MONITOR})
ADMIN_STAFF = frozenset({Role.MODERATOR, Role.IOC})

# Who may see each report anywhere on the portal (README §1): public ones, one's
# own, every sent one for the IOC, the handled or watched ones for agencies.
REPORT_SEERS = {
    "draft": {Role.OWNER},
    "submitted": {Role.OWNER, Role.MONITOR, Role.IOC},
    # Marked public, but rejected: never public.
    "rejected": {Role.OWNER, Role.MONITOR, Role.IOC},
    "forwarded_private": {Role.OWNER, Role.OFFICER, Role.MONITOR, Role.IOC},
    "forwarded_public": ALL,
    "resolved": ALL,
    "published": ALL,
    # Filed by someone who hid their name from the public.
    "anonymous": ALL,
    "elsewhere": {Role.OTHER_OFFICER, Role.OTHER_MONITOR, Role.IOC},
}
SENT_REPORTS = [key for key in REPORT_SEERS if key != "draft"]
PUBLIC_REPORTS = [key for key, seers in REPORT_SEERS.items() if seers == ALL]

# Who opens each report on the dashboard (/xu-ly/): agencies only, neither the
# IOC nor the reporter; officers what went to their agency, monitors their wards.
TRIAGE_SEERS = {
    "submitted": {Role.MONITOR},
    "rejected": {Role.MONITOR},
    "forwarded_private": {Role.OFFICER, Role.MONITOR},
    "forwarded_public": {Role.OFFICER, Role.MONITOR},
    "resolved": {Role.OFFICER, Role.MONITOR},
    "published": {Role.OFFICER, Role.MONITOR},
    "anonymous": {Role.OFFICER, Role.MONITOR},
    "elsewhere": {Role.OTHER_OFFICER, Role.OTHER_MONITOR},
}

# Who may fetch each file: who sees its report; an answer's files only once
# the answer is published, but for the IOC and the agencies.
FILE_SEERS = {
    "draft": REPORT_SEERS["draft"],
    "forwarded_private": REPORT_SEERS["forwarded_private"],
    "published": ALL,
    "published_answer": ALL,
    "resolved_answer": {Role.OFFICER, Role.MONITOR, Role.IOC},
    "elsewhere": REPORT_SEERS["elsewhere"],
}

OWNER_AND_IOC = frozenset({Role.OWNER, Role.IOC})
AGENCIES_AND_IOC = frozenset({Role.OFFICER, Role.MONITOR, Role.IOC})
# Secrets that are not a report's: name → who may read it.
OTHER_SECRETS = {
    "answer": AGENCIES_AND_IOC,  # of the resolved report, not published yet
    "internal_note": AGENCIES_AND_IOC,  # an entry of the timeline the public does not see
    "rating": OWNER_AND_IOC,  # the rating's comment (reports/views/citizen.py)
    "pending": frozenset({Role.CITIZEN, Role.MODERATOR}),  # B's comment awaiting review
    "flag_note": frozenset({Role.OWNER, Role.MODERATOR}),  # A's words to the moderators
    "notice": OWNER_AND_IOC,  # A's notification
    "sms": OWNER_AND_IOC,  # a notification's SMS to A in the outbox
    # A one-time code the gateway refused, waiting in the outbox: its
    # recipient's alone, or whoever reads it can reset A's password.
    "sms_code": frozenset({Role.OWNER}),
    "hidden_name": frozenset({Role.IOC}),  # the name of a reporter who hid it
    # A's contacts: never an agency's or a moderator's (README §1).
    "phone": OWNER_AND_IOC,
    "national_phone": OWNER_AND_IOC,
    "email": OWNER_AND_IOC,
    # Stored as hashes or for machines: no page shows them.
    "api_key": frozenset(),
    "app_secret": frozenset(),
    "sso_token": frozenset(),
}

# A's reports: inside the province, inside the map's test box, all at one spot.
LATITUDE, LONGITUDE = "16.816700", "107.100000"


def token(name: str) -> str:
    return f"MK{name.upper().replace('_', '')}ZQ"


@dataclass(frozen=True)
class Secret:
    text: str
    readers: frozenset[Role]


@dataclass
class World:
    users: dict[Role, object]
    reports: dict[str, Report]
    files: dict[str, object]
    comments: dict[str, object]
    notifications: dict[str, object]
    deliveries: dict[str, object]
    flag: object
    category: object
    ward: object
    agencies: dict[str, str]  # codes
    secrets: dict[str, Secret]

    def user(self, role: Role):
        return self.users.get(role)

    def format(self, template: str) -> str:
        """A URL or a form value written with the world's names, e.g. "{r[draft].pk}"."""
        return template.format(
            r=self.reports,
            f=self.files,
            c=self.comments,
            n=self.notifications,
            d=self.deliveries,
            flag=self.flag,
            category=self.category,
            ward=self.ward,
            agency=self.agencies,
            admin=_FirstPk(),
            ct=_ContentTypeId(),
        )


class _FirstPk:
    """`{admin[app.model]}`: the pk of the model's first row, which must exist."""

    def __getitem__(self, label):
        pks = apps.get_model(label)._default_manager.order_by("pk").values_list("pk", flat=True)
        assert pks, f"the world has no {label}: add one to build_world()"
        return pks[0]


class _ContentTypeId:
    def __getitem__(self, label):
        return ContentType.objects.get_for_model(apps.get_model(label)).pk


def staff_user(group_name: str, **fields):
    """Staff as the project makes them: the factory (which also sets up their
    authenticator app, for the second-factor middleware) in a `setup_roles`
    group. The one place to adapt when the staff's sign-in changes."""
    user = UserFactory(is_staff=True, **fields)
    user.groups.add(Group.objects.get(name=group_name))
    return user


def login(client, user) -> None:
    """Sign `user` in on `client` (nobody, for the visitor)."""
    if user is not None:
        client.force_login(user)


def build_world() -> World:
    call_command("setup_roles", stdout=io.StringIO())
    triage = build_triage_world()
    users = _people(triage)
    category = CategoryFactory(name="Giao thông", slug="giao-thong")
    reports = _reports(triage, category)
    owner, citizen_b = users[Role.OWNER], users[Role.CITIZEN]
    files = {
        key: AttachmentFactory(report=reports[key])
        for key in ("draft", "forwarded_private", "published", "elsewhere")
    }
    files["published_answer"] = AttachmentFactory(report=reports["published"], is_answer=True)
    files["resolved_answer"] = AttachmentFactory(report=reports["resolved"], is_answer=True)

    approved = CommentFactory(report=reports["published"], author=citizen_b)
    # Through the service: it writes the moderation log the admin lists.
    moderation_services.comment_approve(actor=users[Role.MODERATOR], comments=[approved])
    comments = {
        "approved": approved,
        "pending": CommentFactory(
            report=reports["published"], author=citizen_b, body=f"Chờ duyệt {token('pending')}"
        ),
    }
    flag = FlagFactory(flagged_by=owner, comment=approved, note=f"Báo {token('flag_note')}")
    BannedWordFactory(word="tucam")
    ReplyTemplate.objects.create(
        category=category,
        purpose=ReplyTemplate.Purpose.ANSWER,
        title="Đã vá mặt đường",
        text="{co_quan} đã xử lý phản ánh {ma_phan_anh} ngày {ngay}.",
    )
    _engagement(reports, owner=owner, other=citizen_b, ward=triage.ward_in)
    notifications = {
        "unread": NotificationFactory(
            recipient=owner, report=reports["published"], message=f"Tin {token('notice')}"
        ),
        "read": NotificationFactory(recipient=owner, read_at=timezone.now()),
    }
    deliveries = {
        "notice": Delivery.objects.create(
            channel=Delivery.Channel.SMS,
            recipient=owner,
            address=str(owner.phone),
            report=reports["published"],
            body=f"Tin nhắn {token('sms')}",
        ),
        "code": _deferred_code_sms(owner),
    }
    return World(
        users=users,
        reports=reports,
        files=files,
        comments=comments,
        notifications=notifications,
        deliveries=deliveries,
        flag=flag,
        category=category,
        ward=triage.ward_in,
        agencies={"a": triage.agency_a.code, "b": triage.agency_b.code},
        secrets=_secrets(owner, raw_api_key=_accounts_and_keys(owner)),
    )


def _engagement(reports, *, owner, other, ward) -> None:
    """B meets and follows A's published report; A subscribes to the ward (engagement)."""
    from engagement.models import Alert, Follow, Subscription, Support

    Support.objects.create(user=other, report=reports["published"])
    Follow.objects.create(user=other, report=reports["published"])
    subscription = Subscription.objects.create(user=owner, scope="ward", ward=ward)
    Alert.objects.create(subscription=subscription, report=reports["published"], event="new")


def _people(triage) -> dict[Role, object]:
    owner = triage.reporter
    owner.email = "nguoi-dan-a@example.com"
    owner.save(update_fields=["email"])
    EmailAddress.objects.create(user=owner, email=owner.email, verified=True, primary=True)
    other_commune = AgencyFactory(name="UBND xã Gio Linh", code="ubnd-gio-linh", kind="commune")
    other_commune.units.set([triage.ward_out])
    return {
        Role.OWNER: owner,
        Role.CITIZEN: UserFactory(full_name="Lê Thị Bích"),
        Role.OFFICER: triage.officer_a,
        Role.OTHER_OFFICER: triage.officer_b,
        Role.MONITOR: triage.monitor,
        Role.OTHER_MONITOR: AgencyMembershipFactory(
            agency=other_commune,
            role=AgencyMembership.AgencyRole.MONITOR,
            user__full_name="Cán bộ xã",
        ).user,
        Role.MODERATOR: staff_user(MODERATOR, full_name="Võ Văn Kiểm Duyệt"),
        Role.IOC: staff_user(IOC_OPERATOR, full_name="Trần Thị Điều Hành"),
    }


def _reports(triage, category) -> dict[str, Report]:
    located = {"category": category, "latitude": LATITUDE, "longitude": LONGITUDE}

    def own(key, status, **fields):
        text = f"Phản ánh {token(key)}"
        fields = {"title": text, "content": text, **located, **fields}
        if status in (Status.DRAFT, Status.SUBMITTED, Status.REJECTED):  # never forwarded
            return report_in_state(status, reporter=triage.reporter, ward=triage.ward_in, **fields)
        return triage.report(status, **fields)

    reports = {
        "draft": own("draft", Status.DRAFT),
        "submitted": own("submitted", Status.SUBMITTED),
        "rejected": own("rejected", Status.REJECTED, is_public=True),
        "forwarded_private": own("forwarded_private", Status.FORWARDED),
        "forwarded_public": own("forwarded_public", Status.FORWARDED, is_public=True),
        "resolved": own(
            "resolved", Status.RESOLVED, is_public=True, answer=f"Trả lời {token('answer')}"
        ),
        "published": own("published", Status.PUBLISHED, is_public=True),
        "anonymous": triage.report(
            Status.FORWARDED,
            title=f"Phản ánh {token('anonymous')}",
            content=token("anonymous"),
            reporter=UserFactory(full_name=f"Ông {token('hidden_name')}"),
            hide_name=True,
            is_public=True,
            **located,
        ),
        "elsewhere": triage.elsewhere(
            title=f"Phản ánh {token('elsewhere')}",
            content=token("elsewhere"),
            reporter=UserFactory(full_name="Người dân khác"),
            **located,
        ),
    }
    ReportEvent.objects.create(
        report=reports["forwarded_public"],
        actor=triage.officer_a,
        kind=ReportEvent.Kind.PROGRESS,
        from_status=Status.FORWARDED,
        to_status=Status.FORWARDED,
        note=f"Ghi chú nội bộ {token('internal_note')}",
        is_public=False,
    )
    ExtensionRequestFactory(report=reports["forwarded_private"], requested_by=triage.officer_a)
    satisfaction.satisfaction_rate(
        report=reports["published"],
        user=triage.reporter,
        level="dissatisfied",
        comment=f"Chưa hài lòng {token('rating')}",
    )
    return reports


SMS_CODE = "917362"


def _deferred_code_sms(owner):
    """A password reset code sent while the gateway is down: the portal keeps
    it in the outbox (accounts.adapter, reports.notifications.delivery) for the retry."""
    refuse = mock.patch.object(sms, "send_sms", side_effect=sms.SmsDeliveryError("503"))
    with refuse:
        get_adapter().send_verification_code_sms(user=owner, phone=str(owner.phone), code=SMS_CODE)
    return Delivery.objects.get(address=str(owner.phone), body__contains=SMS_CODE)


def _accounts_and_keys(owner) -> str:
    """A's single sign-on link (its app's secret and A's token), and a partner's
    API key; returns the raw key, which only its partner ever sees."""
    app = SocialApp.objects.create(
        provider="openid_connect",
        provider_id="quang-tri-smart",
        name="Quảng Trị Smart",
        client_id="portal",
        secret=token("app_secret"),
    )
    account = SocialAccount.objects.create(user=owner, provider="quang-tri-smart", uid="42")
    SocialToken.objects.create(app=app, account=account, token=token("sso_token"))
    _key, raw_key = issue_api_key(name="Ứng dụng thử", partner="Đối tác thử")
    return raw_key


def _secrets(owner, *, raw_api_key: str) -> dict[str, Secret]:
    texts = {name: token(name) for name in [*REPORT_SEERS, *OTHER_SECRETS]}
    texts.update(
        phone=str(owner.phone),
        national_phone=to_python(owner.phone, region="VN").as_national,
        email=owner.email,
        api_key=raw_api_key,
        sms_code=SMS_CODE,
    )
    readers = {**{key: frozenset(seers) for key, seers in REPORT_SEERS.items()}, **OTHER_SECRETS}
    return {name: Secret(texts[name], readers[name]) for name in texts}
