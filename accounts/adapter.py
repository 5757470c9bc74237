"""allauth adapters: where the phone number lives, how SMS go out, and the
Vietnamese messages of the login and sign-up flows."""

import base64
import hashlib
import logging

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.ratelimit import RateLimited
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.openid_connect.provider import OpenIDConnectProvider
from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.contrib import messages
from django.utils.translation import gettext_lazy as _

from accounts import sms, sso
from accounts.models import User
from accounts.phone import PhoneField
from accounts.templatetags.phone import national_phone
from phananh import ratelimit

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "phone_password_mismatch": _("Số điện thoại hoặc mật khẩu không đúng."),
        "too_many_login_attempts": _(
            "Số điện thoại này đã nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút."
        ),
        "rate_limited": _("Bạn thao tác quá nhanh. Vui lòng đợi một lát rồi thử lại."),
        "incorrect_code": _("Mã xác thực không đúng."),
        "account_inactive": _("Tài khoản này đã bị khoá."),
        "unknown_phone": _("Số điện thoại này chưa được đăng ký."),
        "phone_taken": _("Số điện thoại này đã được đăng ký."),
    }

    # --- Where the phone number lives -------------------------------------
    def phone_form_field(self, **kwargs):
        kwargs.pop("label", None)
        return PhoneField(**kwargs)

    def set_phone(self, user, phone, verified):
        user.phone = phone
        user.phone_verified = verified
        if user.pk:
            user.save(update_fields=["phone", "phone_verified"])

    def get_phone(self, user):
        if not user.phone:
            return None
        return str(user.phone), user.phone_verified

    def set_phone_verified(self, user, phone):
        self.set_phone(user, phone, True)

    def get_user_by_phone(self, phone):
        return User.objects.filter(phone=phone).first()

    def save_user(self, request, user, form, commit=True):
        data = form.cleaned_data
        user.phone = data["phone"]
        user.full_name = data["full_name"]
        user.is_organization = data.get("is_organization", False)
        return super().save_user(request, user, form, commit=commit)

    # --- SMS ----------------------------------------------------------------
    # Every SMS below is one a visitor can cause without being signed in: each
    # goes through _send_unprompted and its limits.
    def send_verification_code_sms(self, user, phone, code, **kwargs):
        self._send_unprompted(
            to=phone,
            body=str(
                _(
                    "Phan anh hien truong: ma xac thuc cua ban la %(code)s, co hieu luc 10 phut. "
                    "Khong chia se ma nay cho bat ky ai."
                )
                % {"code": code}
            ),
        )

    def send_account_already_exists_sms(self, phone):
        self._send_unprompted(
            to=phone,
            body=str(
                _(
                    "Phan anh hien truong: so dien thoai nay da co tai khoan. Neu quen mat khau, "
                    "hay dung chuc nang Quen mat khau. Neu ban khong dang ky, hay bo qua tin nay."
                )
            ),
        )

    def send_unknown_account_sms(self, phone, **kwargs):
        self._send_unprompted(
            to=phone,
            body=str(
                _(
                    "Phan anh hien truong: so dien thoai nay chua co tai khoan. "
                    "Ban co the dang ky tai khoan moi tren cong thong tin."
                )
            ),
        )

    def _send_unprompted(self, *, to, body):
        """Limited per number and by an hourly budget for the whole portal, so
        that nobody can flood a number or run up the SMS bill through sign-up,
        login codes or password reset; past either, the visitor gets the 429 page.
        A gateway that is down never stops the flow: the message waits in the
        outbox, which retries it, and the visitor is told it may come late."""
        if not ratelimit.consume(f"sms:to:{to}", settings.SMS_PER_NUMBER_LIMIT):
            raise RateLimited
        if not ratelimit.consume("sms:budget", settings.SMS_HOURLY_BUDGET):
            logger.warning("SMS budget reached: sign-up, login and reset SMS refused")
            raise RateLimited
        try:
            sms.send_sms(to=to, body=body)
        except sms.SmsDeliveryError as error:
            logger.warning("SMS gateway refused a code, kept for a retry: %s", error)
            sms.sms_deferred.send(sender=type(self), to=str(to), body=body)
            request = getattr(self, "request", None)
            if request is not None:
                messages.warning(
                    request,
                    _(
                        "Hệ thống gửi tin nhắn đang gián đoạn, tin nhắn có thể đến chậm vài phút. "
                        "Nếu chưa nhận được mã, bạn có thể yêu cầu gửi lại."
                    ),
                )

    # --- Rate limits ----------------------------------------------------------
    def _get_login_attempts_cache_key(self, request, **credentials):
        # allauth keys failures on e-mail or username only; with phone login that
        # key is empty, and one locked number would lock every number.
        return f"phone:{credentials.get('phone', '')}"


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on accounts are citizens whose identity the province vouches
    for; the rules are in accounts.sso."""

    def get_provider(self, request, provider, client_id=None):
        found = super().get_provider(request, provider, client_id=client_id)
        if type(found) is OpenIDConnectProvider:
            return sso.ProvinceProvider(request, app=found.app)
        return found

    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        user.full_name = data.get("name") or " ".join(
            part for part in (data.get("first_name"), data.get("last_name")) if part
        )
        sso.sociallogin_take_phone(sociallogin=sociallogin)
        return user

    def pre_social_login(self, request, sociallogin):
        sso.sign_in_check(request=request, sociallogin=sociallogin)

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ):
        # The reason goes to the log only: the page says what the citizen can do.
        logger.warning(
            "Single sign-on with %s failed: %s %r",
            getattr(provider, "sub_id", provider),
            error,
            exception,
        )
        if extra_context is not None:
            extra_context["sso_message"] = sso.authentication_error_message(
                provider=provider, exception=exception
            )


class MFAAdapter(DefaultMFAAdapter):
    """The authenticator app names the account by its phone number; staff keep
    their app (StaffSecondFactorMiddleware would only send them back to set
    one up), citizens may switch theirs off."""

    def get_totp_label(self, user):
        return national_phone(user.phone) if user.phone else str(user)

    def encrypt(self, text):
        return _secret_box().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text):
        return _secret_box().decrypt(encrypted_text.encode()).decode()

    def can_delete_authenticator(self, authenticator):
        return not authenticator.user.is_staff_member and super().can_delete_authenticator(
            authenticator
        )


def _secret_box() -> MultiFernet:
    """Authenticator secrets are stored encrypted, so that a copy of the
    database alone cannot produce staff codes. The key derives from SECRET_KEY;
    secrets stored under a key kept in SECRET_KEY_FALLBACKS still open."""
    keys = [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    return MultiFernet(
        Fernet(base64.urlsafe_b64encode(hashlib.sha256(f"mfa-secrets:{key}".encode()).digest()))
        for key in keys
    )
