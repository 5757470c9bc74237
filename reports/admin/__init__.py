"""The admin of the reports app: the IOC's desk (README §7).

- reference.py: categories, administrative units, agencies and their members;
- report.py: the report list and page, with the workflow actions as buttons (its
  list filters in report_list.py, inlines in report_inlines.py, bulk actions in
  report_bulk.py);
- workflow_forms/: the forms those buttons open, each calling reports/workflow/;
- outbox.py: the notification log, the SMS/e-mail outbox, extension requests and ratings;
- reply_templates.py: the IOC's reply templates.

Importing the package registers them all (phananh/urls.py imports it explicitly).
"""

from . import api_keys, outbox, reference, reply_templates, report

__all__ = ["api_keys", "outbox", "reference", "reply_templates", "report"]
