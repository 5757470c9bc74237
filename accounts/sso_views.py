"""The page where someone signing in with the province's provider proves that
the portal account already holding their number is theirs (accounts.sso)."""

from allauth.account.forms import BaseConfirmCodeForm
from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from accounts import sso


class LinkPasswordForm(forms.Form):
    password = forms.CharField(
        label=gettext_lazy("Mật khẩu của tài khoản trên cổng"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, link, **kwargs):
        self.link = link
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not sso.link_prove_by_password(link=self.link, password=password):
            raise forms.ValidationError(_("Mật khẩu không đúng."))
        return password


class SsoLinkView(View):
    template_name = "account/sso_link.html"

    def dispatch(self, request, *args, **kwargs):
        self.link = sso.PendingLink.resume(request)
        if self.link is None:
            messages.error(request, _("Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại."))
            return redirect("account_login")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render()

    def post(self, request):
        action = request.POST.get("action")
        if action == "password":
            form = LinkPasswordForm(request.POST, link=self.link)
            if form.is_valid():
                return sso.link_complete(link=self.link, phone_proven=False)
            return self.render(password_form=form)
        if action == "send_code":
            if self.link.can_resend:
                self.link.send()
                messages.info(request, _("Mã xác thực đã được gửi qua SMS."))
            else:
                messages.error(
                    request,
                    _("Chỉ gửi lại mã sau %(seconds)s giây kể từ lần gửi trước. Vui lòng đợi.")
                    % {"seconds": settings.SMS_CODE_RESEND_COOLDOWN},
                )
            return redirect("accounts:sso_link")
        if action == "code":
            form = BaseConfirmCodeForm(request.POST, code=self.link.code or None)
            if form.is_valid():
                return sso.link_complete(link=self.link, phone_proven=True)
            if not self.link.record_invalid_attempt():
                messages.error(request, _("Bạn đã nhập sai mã quá nhiều lần. Hãy đăng nhập lại."))
                return redirect("account_login")
            return self.render(code_form=form)
        return redirect("accounts:sso_link")

    def render(self, password_form=None, code_form=None):
        return render(
            self.request,
            self.template_name,
            {
                "phone": self.link.phone,
                "provider_name": self.link.provider_name,
                "password_form": password_form or LinkPasswordForm(link=self.link),
                "code_form": code_form or BaseConfirmCodeForm(),
                "code_sent": self.link.code_sent,
            },
        )
