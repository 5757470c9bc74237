"""Password reset by SMS: prove the phone with a 6-digit code, then choose a
new password, then log in with it. The code alone never opens a session, so
a staff member still needs their second factor after a reset."""

import time

from allauth.account import signals
from allauth.account.adapter import get_adapter
from allauth.account.forms import BaseConfirmCodeForm, SetPasswordForm
from allauth.account.internal.flows.code_verification import AbstractCodeVerificationProcess
from allauth.core import ratelimit
from allauth.core.ratelimit import RateLimited
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.generic import FormView

from accounts import code_resend
from accounts.phone import PhoneField


class ResetByCode(AbstractCodeVerificationProcess):
    """One reset in progress, kept in the session: the phone, the user it
    belongs to (none for an unknown number, which gets no code), the code and
    its tries. Once the code is confirmed, the new password may be set for
    PASSWORD_RESET_CODE_TIMEOUT."""

    SESSION_KEY = "password_reset_by_sms"

    def __init__(self, request, state, user=None):
        self.request = request
        super().__init__(
            max_attempts=settings.PASSWORD_RESET_CODE_MAX_ATTEMPTS,
            timeout=settings.PASSWORD_RESET_CODE_TIMEOUT,
            state=state,
            user=user,
        )

    @classmethod
    def start(cls, request, phone):
        user = get_adapter().get_user_by_phone(phone)
        process = cls(request, cls.initial_state(user, phone=str(phone)), user=user)
        process.send()
        process.persist()
        return process

    @classmethod
    def resume(cls, request):
        state = request.session.get(cls.SESSION_KEY)
        return cls(request, state).abort_if_invalid() if state else None

    def send(self):
        adapter = get_adapter(self.request)
        phone = self.state["phone"]
        if self.user is None:
            adapter.send_unknown_account_sms(phone)
            return
        self.state["code"] = adapter.generate_phone_verification_code(user=self.user, phone=phone)
        adapter.send_verification_code_sms(self.user, phone, self.state["code"])

    def resend(self):
        self.send()
        self.state.update(at=time.time(), failed_attempts=0)
        self.persist()

    def confirm(self):
        self.state.update(code_confirmed=True, at=time.time())
        self.persist()

    @property
    def confirmed(self) -> bool:
        return bool(self.state.get("code_confirmed"))

    def persist(self):
        self.request.session[self.SESSION_KEY] = self.state

    def abort(self):
        self.request.session.pop(self.SESSION_KEY, None)


class ResetRequestForm(forms.Form):
    phone = PhoneField()


class ResetRequestView(FormView):
    form_class = ResetRequestForm
    template_name = "account/password_reset.html"
    success_url = reverse_lazy("account_reset_password_code")

    def form_valid(self, form):
        phone = str(form.cleaned_data["phone"])
        if not ratelimit.consume(self.request, action="reset_password", key=phone):
            raise RateLimited
        ResetByCode.start(self.request, phone)
        messages.info(self.request, _("Mã xác thực đã được gửi qua SMS."))
        return super().form_valid(form)


class ResetCodeView(FormView):
    """The code from the SMS, with a resend after the cooldown; the same page
    whether or not the number has an account."""

    form_class = BaseConfirmCodeForm
    template_name = "account/password_reset_code.html"
    success_url = reverse_lazy("account_reset_password_new")

    def dispatch(self, request, *args, **kwargs):
        self.process = ResetByCode.resume(request)
        if self.process is None or self.process.confirmed:
            return redirect("account_reset_password")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "code": self.process.code}

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "resend":
            return self._resend()
        return super().post(request, *args, **kwargs)

    def _resend(self):
        if code_resend.seconds_to_wait(self.process.state["at"]):
            code_resend.refuse(self.request)
        else:
            self.process.resend()
        return redirect("account_reset_password_code")

    def form_valid(self, form):
        self.process.confirm()
        return super().form_valid(form)

    def form_invalid(self, form):
        if "code" in form.data and not self.process.record_invalid_attempt():
            messages.error(
                self.request,
                _("Bạn đã nhập sai mã %(attempts)s lần. Hãy yêu cầu mã mới.")
                % {"attempts": self.process.max_attempts},
            )
            return redirect("account_reset_password")
        return super().form_invalid(form)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "verify_form": kwargs.get("form") or self.get_form(),
            "phone": self.process.state["phone"],
            "can_resend": True,
            "resend_wait": code_resend.seconds_to_wait(self.process.state["at"]),
        }


class ResetNewPasswordView(FormView):
    """The new password, only right after the code was confirmed. Nobody is
    signed in here: the citizen logs in with the new password next, and staff
    with their second factor too."""

    form_class = SetPasswordForm
    template_name = "account/password_reset_new.html"
    success_url = reverse_lazy("account_login")

    def dispatch(self, request, *args, **kwargs):
        self.process = ResetByCode.resume(request)
        if self.process is None or not self.process.confirmed or self.process.user is None:
            if request.user.is_authenticated:
                return redirect("account_change_password")
            return redirect("account_reset_password")
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.process.user}

    def form_valid(self, form):
        user = self.process.user
        form.save()
        self.process.abort()
        if self.request.user == user:
            update_session_auth_hash(self.request, user)
        signals.password_reset.send(sender=type(user), request=self.request, user=user)
        messages.success(self.request, _("Đã đặt mật khẩu mới. Hãy đăng nhập bằng mật khẩu mới."))
        return super().form_valid(form)
