"""The citizen's personal data pages (Decree 13/2023): read everything the
portal keeps about them, download it, delete the account. The rules are in
accounts/personal_data.py; every page is the logged-in user's own."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django.views.generic import FormView, TemplateView

from accounts import personal_data
from accounts.forms import AccountDeleteForm

JSON_CONTENT_TYPE = "application/json; charset=utf-8"


def _private(response):
    """Never kept by a browser's or a proxy's cache: the page is one person's data."""
    response["Cache-Control"] = "private, no-store"
    return response


class PersonalDataView(LoginRequiredMixin, TemplateView):
    template_name = "accounts/personal_data.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(personal_data.personal_data_preview(user=self.request.user))
        context["preview_rows"] = personal_data.PREVIEW_ROWS
        return context

    def render_to_response(self, context, **response_kwargs):
        return _private(super().render_to_response(context, **response_kwargs))


@login_required
@require_GET
def personal_data_download(request):
    data = personal_data.personal_data_export(
        user=request.user, build_url=request.build_absolute_uri
    )
    response = HttpResponse(personal_data.export_json(data), content_type=JSON_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{personal_data.export_filename()}"'
    return _private(response)


class AccountDeleteView(LoginRequiredMixin, FormView):
    """Confirm with the password, then delete, log out and say so. Staff and
    accounts without a password are told what to do instead of getting the form."""

    template_name = "accounts/account_delete.html"
    form_class = AccountDeleteForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["refusal"] = self._refusal()
        context["needs_password"] = not self.request.user.has_usable_password()
        return context

    def post(self, request, *args, **kwargs):
        if self._refusal() or not request.user.has_usable_password():
            return self.render_to_response(self.get_context_data(), status=403)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            personal_data.account_delete(user=self.request.user)
        except personal_data.AccountDeletionRefused as refusal:
            messages.error(self.request, str(refusal))
            return redirect("accounts:delete")
        logout(self.request)
        messages.success(
            self.request,
            _(
                "Tài khoản của bạn đã được xoá. Các phản ánh bạn đã gửi vẫn được lưu "
                "và hiển thị không kèm tên."
            ),
        )
        return redirect("reports:home")

    def _refusal(self) -> str:
        try:
            personal_data.account_deletion_check(user=self.request.user)
        except personal_data.AccountDeletionRefused as refusal:
            return str(refusal)
        return ""
