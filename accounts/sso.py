"""Single sign-on through the province's OpenID Connect provider (allauth's
`openid_connect`), with the portal's rules on top:

- the account is the citizen's phone number: it comes from the provider's
  `phone_number` claim, verified when `phone_number_verified` says so;
- a number that already has an account links to it only once the person
  proves the account is theirs (its password, or a code sent to the number):
  PendingLink keeps that step in the session;
- staff never sign in this way: their login is the password and their
  authenticator app, which single sign-on would skip;
- a provider that is down or answers badly gives a Vietnamese page.

accounts.adapter.SocialAccountAdapter calls in here; accounts.sso_views is the
proof page."""

import logging
import time

import requests
from allauth.account import app_settings as account_settings
from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.account.internal.flows.code_verification import AbstractCodeVerificationProcess
from allauth.account.utils import perform_login
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.internal.datakit import parse_bool_safely
from allauth.socialaccount import app_settings as social_settings
from allauth.socialaccount.helpers import render_authentication_error
from allauth.socialaccount.internal.flows.login import record_authentication
from allauth.socialaccount.models import SocialAccount, SocialLogin
from allauth.socialaccount.providers.base import AuthProcess
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.phone import normalize_phone

logger = logging.getLogger(__name__)

# The provider's answer, read as OpenID Connect's standard claims (Core 5.1).
PHONE_CLAIM = "phone_number"
PHONE_VERIFIED_CLAIM = "phone_number_verified"
SCOPE = ["openid", "profile", "phone"]

ERROR_TEMPLATE = "socialaccount/authentication_error.html"
STAFF_REFUSED = _(
    "Tài khoản cán bộ không đăng nhập bằng %(provider)s. Hãy đăng nhập bằng số điện thoại, "
    "mật khẩu và mã của ứng dụng xác thực."
)
NO_PHONE = _(
    "Tài khoản %(provider)s của bạn chưa có số điện thoại, nên chưa thể dùng để đăng nhập "
    "cổng phản ánh. Hãy bổ sung số điện thoại ở %(provider)s, hoặc đăng ký bằng số điện thoại."
)
UNREACHABLE = _("Không kết nối được với %(provider)s. Hệ thống đăng nhập này có thể đang bảo trì.")
BAD_ANSWER = _("%(provider)s trả lời không hợp lệ nên chưa đăng nhập được.")


class ProvinceProvider(OpenIDConnectProvider):
    """allauth's OpenID Connect provider, asking for the phone number, and
    showing the error page rather than a server error when the provider
    cannot be reached as the login starts (allauth only catches that on the
    way back). It uses PKCE (RFC 7636), as OAuth's current security advice
    asks of every client (RFC 9700 2.1.1); a provider without it ignores it."""

    pkce_enabled_default = True

    def get_default_scope(self):
        return list(SCOPE)

    def redirect(self, request, process, next_url=None, data=None, **kwargs):
        try:
            return super().redirect(request, process, next_url=next_url, data=data, **kwargs)
        except (requests.RequestException, KeyError, ValueError) as error:
            return render_authentication_error(request, self, exception=error)


def phone_from_claims(claims: dict) -> tuple[str | None, bool]:
    """The number the provider gives, in E.164, and whether it checked it; None
    for a missing number or one that is not a Vietnamese mobile number."""
    phone = normalize_phone(claims.get(PHONE_CLAIM) or "")
    return phone, bool(phone) and parse_bool_safely(claims.get(PHONE_VERIFIED_CLAIM))


def claims_of(sociallogin: SocialLogin) -> dict:
    """What the provider said about the person: its userinfo answer, or else
    the ID token (allauth keeps both in extra_data)."""
    data = sociallogin.account.extra_data or {}
    return data.get("userinfo") or data.get("id_token") or data


def sociallogin_take_phone(*, sociallogin: SocialLogin) -> None:
    """Give the new account the provider's number, for allauth to store it (and
    its verification) when the account is created. An e-mail address in the
    claims is left out: the portal's address is the citizen's own choice, which
    it confirms itself (accounts.email_verification)."""
    sociallogin.email_addresses = []
    phone, verified = phone_from_claims(claims_of(sociallogin))
    sociallogin.phone, sociallogin.phone_verified = phone, verified
    sociallogin.user.phone = phone
    sociallogin.user.phone_verified = verified


def sign_in_check(*, request, sociallogin: SocialLogin) -> None:
    """Called once the provider vouched for someone, before allauth signs them
    in or up: raises ImmediateHttpResponse with the page to show instead when
    the sign-in may not go on as allauth would have it."""
    if sociallogin.state.get("process", AuthProcess.LOGIN) != AuthProcess.LOGIN:
        return
    provider = sociallogin.provider.name
    if sociallogin.is_existing:
        if sociallogin.user.is_staff_member:
            raise ImmediateHttpResponse(refusal(request, STAFF_REFUSED % {"provider": provider}))
        return
    if not sociallogin.phone:
        raise ImmediateHttpResponse(refusal(request, NO_PHONE % {"provider": provider}))
    owner = User.objects.filter(phone=sociallogin.phone).first()
    if owner is None:
        return
    if owner.is_staff_member:
        raise ImmediateHttpResponse(refusal(request, STAFF_REFUSED % {"provider": provider}))
    PendingLink.start(request, sociallogin=sociallogin, owner=owner)
    raise ImmediateHttpResponse(redirect("accounts:sso_link"))


def refusal(request, message, status=403):
    return render(request, ERROR_TEMPLATE, {"sso_message": message}, status=status)


def authentication_error_message(*, provider, exception=None) -> str:
    """The sentence the error page gives when the provider failed us."""
    name = getattr(provider, "name", "") or _("hệ thống đăng nhập")
    if isinstance(exception, requests.ConnectionError | requests.Timeout):
        return UNREACHABLE % {"provider": name}
    return BAD_ANSWER % {"provider": name}


class PendingLink(AbstractCodeVerificationProcess):
    """An identity from the provider whose number already has an account,
    kept in the session until the person proves that account is theirs. Wrong
    passwords count like those of the login form (and lock the number as it
    does); wrong codes count up to ACCOUNT_PHONE_VERIFICATION_MAX_ATTEMPTS."""

    SESSION_KEY = "sso_pending_link"

    def __init__(self, request, state, user=None):
        self.request = request
        super().__init__(
            max_attempts=account_settings.PHONE_VERIFICATION_MAX_ATTEMPTS,
            timeout=account_settings.PHONE_VERIFICATION_TIMEOUT,
            state=state,
            user=user,
        )

    @classmethod
    def start(cls, request, *, sociallogin: SocialLogin, owner: User) -> "PendingLink":
        state = cls.initial_state(owner, phone=str(owner.phone))
        # The provider's access token is not needed to link: it stays out of the session.
        sociallogin.token = None
        state["sociallogin"] = sociallogin.serialize()
        state["provider"] = sociallogin.provider.name
        process = cls(request, state, user=owner)
        process.persist()
        return process

    @classmethod
    def resume(cls, request) -> "PendingLink | None":
        state = request.session.get(cls.SESSION_KEY)
        return cls(request, state).abort_if_invalid() if state else None

    @property
    def phone(self) -> str:
        return self.state["phone"]

    @property
    def provider_name(self) -> str:
        return self.state["provider"]

    @property
    def code_sent(self) -> bool:
        return bool(self.state.get("code"))

    @property
    def can_resend(self) -> bool:
        return time.time() - self.state.get("sent_at", 0) >= settings.SMS_CODE_RESEND_COOLDOWN

    def send(self) -> None:
        adapter = get_account_adapter(self.request)
        self.state["code"] = adapter.generate_phone_verification_code(
            user=self.user, phone=self.phone
        )
        self.state.update(sent_at=time.time(), failed_attempts=0)
        self.persist()
        adapter.send_verification_code_sms(self.user, self.phone, self.state["code"])

    def persist(self) -> None:
        self.request.session[self.SESSION_KEY] = self.state

    def abort(self) -> None:
        self.request.session.pop(self.SESSION_KEY, None)


def link_prove_by_password(*, link: PendingLink, password: str) -> bool:
    """Whether `password` is the account's, counted as a login attempt on its
    number; raises ValidationError once the number is locked out."""
    adapter = get_account_adapter(link.request)
    user = adapter.authenticate(link.request, phone=link.phone, password=password)
    return user is not None and user.pk == link.user.pk


def link_complete(*, link: PendingLink, phone_proven: bool):
    """Link the provider's identity to the proven account and sign the person
    in (allauth's login stages still run). The account keeps its own number;
    a code received on it also activates it. Returns the response to send."""
    request = link.request
    sociallogin = SocialLogin.deserialize(link.state["sociallogin"])
    user = link.user
    link.abort()
    if user is None or user.is_staff_member:
        return refusal(request, STAFF_REFUSED % {"provider": link.provider_name})
    account = sociallogin.account
    if not SocialAccount.objects.filter(provider=account.provider, uid=account.uid).exists():
        sociallogin.phone = None
        sociallogin.connect(request, user)
    if phone_proven and not user.phone_verified:
        get_account_adapter(request).set_phone_verified(user, user.phone)
    logger.info("Single sign-on identity linked to account %s", user.pk)
    record_authentication(request, sociallogin)
    return perform_login(
        request,
        user,
        email_verification=social_settings.EMAIL_VERIFICATION,
        redirect_url=sociallogin.get_redirect_url(request),
        signal_kwargs={"sociallogin": sociallogin},
    )
