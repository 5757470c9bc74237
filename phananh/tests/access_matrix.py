"""The access matrix (test_access_matrix.py): every URL pattern of the project
and what each role gets there.

MATRIX maps each pattern's full route, as `get_resolver()` spells it, to its
cases (access_cases.py): a concrete URL written with the world's names
(access_world.py), the outcome of a GET for every role and, for the roles that
must be refused, the outcome of a POST (CSRF checks on) that must leave every
table as it was.

A new URL pattern goes into the table of its area of the site, one module
each, joined below:

    access_matrix_triage.py      the agency dashboard, /xu-ly/
    access_matrix_moderation.py  the moderation queue, /kiem-duyet/; comment actions, /binh-luan/
    access_matrix_open_data.py   Open311, the statistics and their spreadsheets, the feeds
    access_matrix_public.py      the list, the map and its data, the reports nearby
    access_matrix_reports.py     writing, drafts, a report's page and rating, files, /ca-nhan/
    access_matrix_accounts.py    /tai-khoan/ (the portal's, allauth's, allauth.mfa's), i18n
    access_matrix_engagement.py  supporting, following a report, /ca-nhan/theo-doi/, unsubscribing
    access_matrix_admin.py       /admin/: its own pages, and each registered model's by itself

A new area: a new module beside these, added to `MATRIX`. A pattern without
expectations, or expectations without a pattern, fail
`test_every_url_pattern_is_in_the_matrix`; a route in two tables fails here.
"""

from .access_cases import Case
from .access_matrix_accounts import ACCOUNTS
from .access_matrix_admin import ADMIN_SITE, MODEL_ADMINS
from .access_matrix_engagement import ENGAGEMENT
from .access_matrix_moderation import MODERATION
from .access_matrix_open_data import OPEN_DATA
from .access_matrix_public import PUBLIC
from .access_matrix_reports import REPORTS
from .access_matrix_triage import TRIAGE


def _merge(*tables: dict[str, list[Case]]) -> dict[str, list[Case]]:
    merged = {}
    for table in tables:
        twice = merged.keys() & table.keys()
        assert not twice, f"routes in two tables: {sorted(twice)}"
        merged.update(table)
    return merged


MATRIX = _merge(
    TRIAGE,
    MODERATION,
    OPEN_DATA,
    PUBLIC,
    REPORTS,
    ENGAGEMENT,
    ACCOUNTS,
    ADMIN_SITE,
    *MODEL_ADMINS,
)
