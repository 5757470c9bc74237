"""The words the access matrix's tables are written in (access_matrix.py): the
outcome a role gets, a case (one concrete URL of a pattern and what each role
gets there), and the shorthands that spell a case's expectations."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from .access_world import ALL, SENT_REPORTS, Role

MISSING_CODE = "PA-2000-999999"  # a report code no report has

# --- Outcomes ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Outcome:
    status: int
    location: str = ""  # a redirect's target (a world template)
    exact: bool = True  # False: `location` only starts the Location header

    def __str__(self):
        return f"{self.status} {self.location}".strip()


OK = Outcome(200)
BAD_REQUEST = Outcome(400)
FORBIDDEN = Outcome(403)
NOT_FOUND = Outcome(404)
NOT_ALLOWED = Outcome(405)
LOGIN = Outcome(302, "/tai-khoan/login/?next=", exact=False)
ADMIN_LOGIN = Outcome(302, "/admin/login/?next=", exact=False)


def redirect(to: str, status: int = 302) -> Outcome:
    return Outcome(status, to)


def roles(yes: Outcome, who=ALL, *, no=NOT_FOUND, visitor: Outcome | None = None):
    """`yes` for the roles in `who`, `no` for the others; the visitor apart if given."""
    expected = {role: yes if role in who else no for role in Role}
    if visitor is not None:
        expected[Role.VISITOR] = visitor
    return expected


def refused(allowed=frozenset(), *, no=NOT_FOUND, visitor=LOGIN):
    """POST expectations: every role outside `allowed` is turned away."""
    expected = {role: no for role in Role if role not in allowed}
    if Role.VISITOR not in allowed:
        expected[Role.VISITOR] = visitor
    return expected


@dataclass(frozen=True)
class Case:
    """One concrete URL of a pattern and what each role gets there."""

    url: str
    get: Mapping[Role, Outcome]
    # Only roles that must be refused POST (with CSRF checks on); nothing may change.
    post: Mapping[Role, Outcome] = field(default_factory=dict)
    data: Mapping[str, str] = field(default_factory=dict)


def each_report(template: str, expect: Callable[[str], dict], keys=SENT_REPORTS) -> list[Case]:
    """One case per report of the world: `template` names it `{key}`."""
    return [Case(template.replace("{key}", key), expect(key)) for key in keys]
