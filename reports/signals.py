"""Signals other apps listen to, so that `reports` never imports them.

`report_transitioned`: a report changed status through the workflow
(reports/workflow/rules.py `_transition`), sent once the change committed.
Arguments: `report` (as saved), `action` (a key of MOVES), `from_status`,
`to_status`, and `public` (whether its history entry is on the public timeline).
"""

from django.dispatch import Signal

report_transitioned = Signal()
