"""The access matrix's table for moderation (access_matrix.py): the moderation
queue, /kiem-duyet/, for moderators only, and citizens' comment actions,
/binh-luan/, on what each may see."""

from moderation.models import Flag

from .access_cases import LOGIN, NOT_ALLOWED, OK, Case, refused, roles
from .access_world import SIGNED_IN, Role


def moderator_action(url: str, data: dict) -> list[Case]:
    return [
        Case(
            url,
            get=roles(NOT_ALLOWED, {Role.MODERATOR}, visitor=LOGIN),
            post=refused({Role.MODERATOR}),
            data=data,
        )
    ]


def comment_action(template: str, data: dict, *, hidden: str, shown: str) -> list[Case]:
    """POST-only comment views: on what no one may act on (a pending comment,
    a non-public report) every signed-in role gets 404; on what anyone may
    act on only the visitor is refused."""
    return [
        Case(template.format(hidden), roles(NOT_ALLOWED), post=refused(), data=data),
        Case(template.format(shown), roles(NOT_ALLOWED), post=refused(SIGNED_IN), data=data),
    ]


# B wrote it; moderators review it.
PENDING_COMMENT_READERS = frozenset({Role.CITIZEN, Role.MODERATOR})
FLAG_DATA = {"reason": Flag.Reason.OFFENSIVE.value, "note": "Lời lẽ xúc phạm."}

MODERATION: dict[str, list[Case]] = {
    # The moderation queue: moderators only.
    "kiem-duyet/": [
        Case("/kiem-duyet/", roles(OK, {Role.MODERATOR}, visitor=LOGIN)),
        Case("/kiem-duyet/?tab=flags", roles(OK, {Role.MODERATOR}, visitor=LOGIN)),
    ],
    "kiem-duyet/binh-luan/": moderator_action(
        "/kiem-duyet/binh-luan/", {"action": "approve", "comments": "{c[pending].pk}"}
    ),
    "kiem-duyet/binh-luan/<int:pk>/": moderator_action(
        "/kiem-duyet/binh-luan/{c[pending].pk}/", {"action": "approve"}
    ),
    "kiem-duyet/bao-vi-pham/<int:pk>/": moderator_action(
        "/kiem-duyet/bao-vi-pham/{flag.pk}/", {"action": "dismiss", "reason": "Không vi phạm."}
    ),
    # Citizens' comment actions (POST only).
    "binh-luan/phan-anh/<str:code>/": comment_action(
        "/binh-luan/phan-anh/{}/",
        {"body": "Tôi cũng gặp tình trạng này."},
        hidden="{r[forwarded_private].code}",
        shown="{r[published].code}",
    ),
    "binh-luan/phan-anh/<str:code>/bao-vi-pham/": comment_action(
        "/binh-luan/phan-anh/{}/bao-vi-pham/",
        FLAG_DATA,
        hidden="{r[forwarded_private].code}",
        shown="{r[published].code}",
    ),
    "binh-luan/<int:pk>/thich/": comment_action(
        "/binh-luan/{}/thich/", {"like": "1"}, hidden="{c[pending].pk}", shown="{c[approved].pk}"
    ),
    "binh-luan/<int:pk>/bao-vi-pham/": [
        *comment_action(
            "/binh-luan/{}/bao-vi-pham/",
            FLAG_DATA,
            hidden="{c[pending].pk}",
            shown="{c[approved].pk}",
        ),
        # Without a reason, still a 404 for who may not see the comment.
        Case(
            "/binh-luan/{c[pending].pk}/bao-vi-pham/",
            roles(NOT_ALLOWED),
            post=refused(PENDING_COMMENT_READERS),
        ),
    ],
}
