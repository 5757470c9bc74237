"""The access matrix's table for the agency dashboard, /xu-ly/ (access_matrix.py):
members only, each one on their own agency's and wards' reports only."""

from reports.tests.triage_world import ACTION_PATHS

from .access_cases import (
    LOGIN,
    MISSING_CODE,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    Case,
    each_report,
    refused,
    roles,
)
from .access_world import MEMBERS, TRIAGE_SEERS, Role

HANDLERS = frozenset({Role.OFFICER, Role.OTHER_OFFICER})

ACTION_DATA = {
    "accept": {},
    "return": {"return-reason": "Không thuộc thẩm quyền của sở."},
    "progress": {"progress-note": "Đã cử người khảo sát.", "progress-public": "on"},
    "opinion": {"opinion-note": "Đơn vị phối hợp đồng ý phương án."},
    "answer": {"answer-answer": "Đã sửa xong mặt đường."},
    "request_extension": {
        "request_extension-new_deadline": "2030-01-15 17:00",
        "request_extension-reason": "Chờ vật tư.",
    },
}


def triage_action(path: str, data: dict) -> list[Case]:
    # Monitors and non-members: 404 before the method is looked at; officers: 405 on GET.
    return [
        Case(
            f"/xu-ly/{{r[{key}].code}}/{path}/",
            get=roles(NOT_ALLOWED, HANDLERS, visitor=LOGIN),
            post=refused(TRIAGE_SEERS[key] & HANDLERS),
            data=data,
        )
        for key in ("forwarded_private", "elsewhere")
    ]


TRIAGE: dict[str, list[Case]] = {
    # The agency dashboard: members only; each one's reports only.
    "xu-ly/": [
        Case("/xu-ly/", roles(OK, MEMBERS, visitor=LOGIN)),
        Case("/xu-ly/?agency={agency[a]}", roles(OK, {Role.OFFICER}, visitor=LOGIN)),
    ],
    "xu-ly/<str:code>/": [
        *each_report(
            "/xu-ly/{r[{key}].code}/", lambda key: roles(OK, TRIAGE_SEERS[key], visitor=LOGIN)
        ),
        # Acting for an agency one is no member of, or naming a report that is not there.
        Case(
            "/xu-ly/{r[forwarded_private].code}/?agency={agency[b]}",
            roles(NOT_FOUND, visitor=LOGIN),
        ),
        Case(f"/xu-ly/{MISSING_CODE}/", roles(NOT_FOUND, visitor=LOGIN)),
    ],
    **{
        f"xu-ly/<str:code>/{path}/": triage_action(path, ACTION_DATA[action])
        for action, path in ACTION_PATHS.items()
    },
}
