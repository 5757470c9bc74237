"""What every workflow form shares: the base class and small helpers."""

from django import forms
from django.contrib.admin import widgets as admin_widgets

from reports.models import (
    Report,
)

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


def _textarea(rows=3):
    return admin_widgets.AdminTextareaWidget(attrs={"rows": rows})


def _same_text(a: str, b: str) -> bool:
    # Browsers send textareas with CRLF; a re-posted, untouched text is no correction.
    def norm(text):
        return (text or "").replace("\r\n", "\n").strip()

    return norm(a) == norm(b)


class WorkflowForm(forms.Form):
    """One workflow button: its label, its form and what it does."""

    action = ""  # a key of workflow.MOVES
    label = ""  # the button and the page title
    button_class = ""  # "default" (blue) for the usual next step, "danger" for refusals
    # Shown above the form on its page.
    description = ""

    def __init__(self, *args, report: Report, actor, **kwargs):
        self.report = report
        self.actor = actor
        super().__init__(*args, **kwargs)

    def perform(self) -> str:
        raise NotImplementedError
