"""The IOC's answer to a reporter's "Không hài lòng": reopen the report, or
keep the answer and reply (reports/workflow/reopening.py). Both buttons show
only while the rating awaits review (`workflow.can`)."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from reports import workflow
from reports.dates import local_datetime

from .base import WorkflowForm, _textarea
from .intake import ForwardForm


def _complaint(report) -> str:
    rating = report.satisfaction
    return gettext("Người gửi đánh giá “%(level)s”: %(comment)s") % {
        "level": rating.get_level_display(),
        "comment": rating.comment,
    }


class ReopenForm(ForwardForm):
    """The forwarding form, from the report's current lead agency, with a
    deadline counted from now in working time (`suggested_deadline`)."""

    action = "reopen"
    label = _("Mở lại xử lý")
    button_class = "default"

    note = forms.CharField(
        label=_("Yêu cầu đối với cơ quan xử lý"),
        widget=_textarea(4),
        help_text=_(
            "Hiện công khai trong quá trình xử lý của phản ánh, cùng cơ quan được giao. "
            "Ý kiến của người gửi và kết quả cũ được lưu trong lịch sử nội bộ."
        ),
    )

    def __init__(self, *args, report, **kwargs):
        kwargs["initial"] = {"lead_agency": report.lead_agency_id, **kwargs.get("initial", {})}
        super().__init__(*args, report=report, **kwargs)
        self.fields["co_agencies"].initial = list(report.co_agencies.values_list("pk", flat=True))
        self.description = " ".join(
            [
                _complaint(report),
                gettext(
                    "Phản ánh trở lại cơ quan chủ trì (giữ nguyên hoặc chọn cơ quan khác) với "
                    "hạn mới tính từ bây giờ theo giờ làm việc; người gửi được báo qua tin nhắn."
                ),
            ]
        )

    def perform(self) -> str:
        data = self.cleaned_data
        report = workflow.report_reopen(
            report=self.report,
            actor=self.actor,
            lead_agency=data["lead_agency"],
            co_agencies=list(data["co_agencies"]),
            deadline=data["deadline"],
            note=data["note"],
        )
        return gettext(
            "Đã mở lại phản ánh %(code)s, chuyển đến %(agency)s, hạn xử lý %(deadline)s."
        ) % {
            "code": report.code,
            "agency": data["lead_agency"].name,
            "deadline": local_datetime(report.deadline),
        }


class CloseReviewForm(WorkflowForm):
    action = "close_review"
    label = _("Giữ kết quả và trả lời")

    reply = forms.CharField(
        label=_("Trả lời người gửi"),
        widget=_textarea(5),
        help_text=_(
            "Người gửi thấy câu trả lời này trên trang phản ánh, dưới đánh giá của họ, và "
            "nhận thông báo. Người khác không thấy (như ý kiến của người gửi)."
        ),
    )

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, report=report, **kwargs)
        self.description = " ".join(
            [
                _complaint(report),
                gettext("Kết quả đã đăng tải được giữ nguyên; việc xem xét lại kết thúc."),
            ]
        )

    def perform(self) -> str:
        report = workflow.report_close_review(
            report=self.report, actor=self.actor, reply=self.cleaned_data["reply"]
        )
        return gettext("Đã trả lời người gửi phản ánh %(code)s, giữ nguyên kết quả.") % {
            "code": report.code
        }
