"""The forms behind the workflow buttons of the report page in the admin.

Each form is bound to one report and one actor; `perform` calls the matching
function of reports/workflow/ (which checks the actor and the state again,
under a row lock) and returns the message for the IOC operator. A
`WorkflowError` raised there is left to the view, which shows it as a message.
"""

from .base import WorkflowForm
from .intake import ForwardForm, ReceiveForm, RejectForm
from .outcome import (
    AnswerDirectlyForm,
    ExtensionDecideForm,
    PublishForm,
    RecallForm,
    SendBackForm,
)
from .reopening import CloseReviewForm, ReopenForm

WORKFLOW_FORMS: dict[str, type[WorkflowForm]] = {
    form.action: form
    for form in (
        ReceiveForm,
        ForwardForm,
        ExtensionDecideForm,
        RecallForm,
        AnswerDirectlyForm,
        PublishForm,
        SendBackForm,
        RejectForm,
        ReopenForm,
        CloseReviewForm,
    )
}

__all__ = ["WORKFLOW_FORMS", "WorkflowForm"]
