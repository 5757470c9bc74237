import contextlib
import time

from allauth.account.views._phone import _VerifyPhoneSignupView
from allauth.core.ratelimit import RateLimited
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.views.generic import UpdateView

from accounts import code_resend, email_verification
from accounts.forms import ProfileForm


class ProfileView(LoginRequiredMixin, UpdateView):
    """Name, phone (read-only) and organisation flag; the name can be edited."""

    form_class = ProfileForm
    template_name = "accounts/profile.html"
    success_url = reverse_lazy("accounts:profile")

    def get_object(self, queryset=None):
        return self.request.user

    def form_valid(self, form):
        user = form.save(commit=False)
        if "email" in form.changed_data:
            user.email_verified = False
        user.save()
        messages.success(self.request, _("Đã lưu thông tin tài khoản."))
        # Each save with an unconfirmed address sends a fresh link.
        if user.email and not user.email_verified:
            if email_verification.send_link(self.request, user):
                messages.info(
                    self.request,
                    _(
                        "Đã gửi thư xác nhận đến %(email)s. Hãy mở liên kết trong thư để nhận "
                        "thông báo qua thư điện tử."
                    )
                    % {"email": user.email},
                )
            else:
                messages.warning(
                    self.request,
                    _("Chưa gửi được thư xác nhận. Hãy bấm Lưu lại sau ít phút."),
                )
        return redirect(self.success_url)


def verify_email(request, token):
    """The link of the confirmation e-mail: the address now receives notifications."""
    user = email_verification.confirm(token)
    if user is None:
        messages.error(
            request,
            _(
                "Liên kết xác nhận không hợp lệ hoặc đã hết hạn. "
                "Hãy lưu lại thư điện tử để nhận liên kết mới."
            ),
        )
    else:
        messages.success(request, _("Đã xác nhận thư điện tử %(email)s.") % {"email": user.email})
    return redirect("accounts:profile" if request.user.is_authenticated else "reports:home")


class ActivationView(_VerifyPhoneSignupView):
    """allauth's activation step, with the SMS-code rules of README §2:
    a new code only after the cooldown, and a new code gets its own full
    lifetime and its own five tries."""

    template_name = "account/verify_phone.html"

    def _resend_form_valid(self, form):
        self._send_new_code()
        return HttpResponseRedirect(self.passthrough_next_url(reverse("account_verify_phone")))

    def _send_new_code(self):
        """A fresh code unless the last one is too recent: the cooldown counts
        from the code last sent; allauth's per-number limit only stops scripts."""
        if not code_resend.seconds_to_wait(self.process.state["at"]):
            with contextlib.suppress(RateLimited):
                self.process.resend()
                self.process.state.update(at=time.time(), failed_attempts=0)
                self.process.persist()
                return
        code_resend.refuse(self.request)

    def respond_process_failed(self, form):
        messages.error(
            self.request,
            _("Bạn đã nhập sai mã %(attempts)s lần. Hãy đăng nhập lại để nhận mã mới.")
            % {"attempts": self.process.max_attempts},
        )
        return self.stage.abort()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["attempts_left"] = self.process.max_attempts - self.process.state["failed_attempts"]
        context["resend_wait"] = code_resend.seconds_to_wait(self.process.state["at"])
        return context


def verify_phone(request):
    # Changing the phone of an existing account is not offered: it is the login.
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    return ActivationView.as_view()(request)
