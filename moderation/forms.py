"""Forms: they read the request; the rules are in services.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from reports.numbers import plain_int

from .models import Flag


class CommentForm(forms.Form):
    # Not required and not stripped here: comment_post says what is wrong,
    # with the same messages for every caller.
    body = forms.CharField(label=_("Bình luận của bạn"), required=False, strip=False)
    replied_to = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)


class LikeForm(forms.Form):
    # "1" like, "0" unlike, missing: toggle.
    like = forms.TypedChoiceField(
        choices=[("1", "1"), ("0", "0")],
        coerce=lambda value: value == "1",
        empty_value=None,
        required=False,
    )


class FlagForm(forms.Form):
    reason = forms.ChoiceField(label=_("Lý do"), choices=Flag.Reason.choices)
    note = forms.CharField(label=_("Ghi chú (không bắt buộc)"), required=False, max_length=500)


class CommentDecisionForm(forms.Form):
    """One pending comment: approve, or reject with a reason (and maybe lock)."""

    action = forms.ChoiceField(choices=[("approve", _("Duyệt")), ("reject", _("Từ chối"))])
    reason = forms.CharField(label=_("Lý do từ chối"), required=False, max_length=500)
    lock = forms.BooleanField(label=_("Khoá luôn tài khoản người viết"), required=False)


class IdListField(forms.Field):
    """Ids of checked boxes; comments another moderator decided meanwhile are
    skipped by the service rather than refused here."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"required": _("Hãy chọn ít nhất một bình luận.")}

    def to_python(self, value):
        if not value:
            return []
        if isinstance(value, str):
            value = [value]
        return [pk for pk in map(plain_int, value) if pk is not None]


class BulkDecisionForm(forms.Form):
    action = forms.ChoiceField(choices=[("approve", _("Duyệt")), ("reject", _("Từ chối"))])
    comments = IdListField()
    reason = forms.CharField(label=_("Lý do từ chối"), required=False, max_length=500)


class FlagDecisionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("hide", _("Ẩn nội dung")), ("dismiss", _("Bỏ qua")), ("lock", _("Khoá"))]
    )
    reason = forms.CharField(label=_("Lý do"), required=False, max_length=500)
