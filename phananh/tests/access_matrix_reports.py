"""The access matrix's table for a citizen's reports (access_matrix.py):
writing one, drafts, a report's page and its rating, attached files, and the
personal area, /ca-nhan/, where each sees their own things only."""

from .access_cases import (
    FORBIDDEN,
    LOGIN,
    MISSING_CODE,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    Case,
    each_report,
    redirect,
    refused,
    roles,
)
from .access_world import FILE_SEERS, REPORT_SEERS, SIGNED_IN, Role

MISSING_UUID = "00000000-0000-4000-8000-000000000000"
NOTIFICATIONS = "/ca-nhan/"
RATING_DATA = {"satisfaction-level": "satisfied"}


def rating_case(key: str) -> Case:
    """Only the reporter rates a published answer: who sees the report but may
    not rate it is told why (403), who may not see it gets 404."""
    detail = f"/phan-anh/{{r[{key}].code}}/"
    seers = REPORT_SEERS[key]
    raters = {Role.OWNER} if key == "published" else set()
    return Case(
        f"{detail}danh-gia/",
        roles(redirect(f"{detail}#satisfaction"), seers, visitor=LOGIN),
        post=refused(raters, no=FORBIDDEN) | dict.fromkeys(SIGNED_IN - seers, NOT_FOUND),
        data=RATING_DATA,
    )


REPORTS: dict[str, list[Case]] = {
    # Writing, drafts, a report's page and its rating.
    "phan-anh/gui/": [
        Case(
            "/phan-anh/gui/",
            roles(OK, SIGNED_IN, visitor=LOGIN),
            post={Role.VISITOR: LOGIN},
            data={"title": "Ổ gà", "content": "Ổ gà lớn.", "action": "draft"},
        )
    ],
    # The draft's page looks for the draft before asking anyone to log in.
    "phan-anh/nhap/<int:pk>/": [
        Case(
            "/phan-anh/nhap/{r[draft].pk}/",
            roles(OK, {Role.OWNER}),
            post=refused({Role.OWNER}, visitor=NOT_FOUND),
            data={"title": "Sửa trộm", "action": "draft"},
        ),
        Case("/phan-anh/nhap/{r[submitted].pk}/", roles(NOT_FOUND)),
    ],
    "phan-anh/nhap/<int:pk>/xoa/": [
        Case(
            "/phan-anh/nhap/{r[draft].pk}/xoa/",
            roles(OK, {Role.OWNER}, visitor=LOGIN),
            post=refused({Role.OWNER}),
        ),
        Case("/phan-anh/nhap/{r[submitted].pk}/xoa/", roles(NOT_FOUND, visitor=LOGIN)),
    ],
    "phan-anh/<str:code>/": [
        *each_report("/phan-anh/{r[{key}].code}/", lambda key: roles(OK, REPORT_SEERS[key])),
        Case(f"/phan-anh/{MISSING_CODE}/", roles(NOT_FOUND)),
    ],
    "phan-anh/<str:code>/danh-gia/": [
        rating_case(key) for key in ("published", "forwarded_private")
    ],
    "tep/<uuid:public_id>/": [
        *(Case(f"/tep/{{f[{key}].public_id}}/", roles(OK, FILE_SEERS[key])) for key in FILE_SEERS),
        Case(f"/tep/{MISSING_UUID}/", roles(NOT_FOUND)),
    ],
    "tep/<uuid:public_id>/thu-nho/": [
        Case(f"/tep/{{f[{key}].public_id}}/thu-nho/", roles(OK, FILE_SEERS[key]))
        for key in FILE_SEERS
    ],
    # The personal area: one's own things only.
    "ca-nhan/": [Case(NOTIFICATIONS, roles(OK, SIGNED_IN, visitor=LOGIN))],
    "ca-nhan/thong-bao/<int:pk>/": [
        Case(
            "/ca-nhan/thong-bao/{n[unread].pk}/",
            roles(redirect("/phan-anh/{r[published].code}/"), {Role.OWNER}, visitor=LOGIN),
        )
    ],
    # Deleting another's notification deletes nothing, and says so like any delete.
    "ca-nhan/thong-bao/xoa/": [
        Case(
            "/ca-nhan/thong-bao/xoa/",
            roles(NOT_ALLOWED, SIGNED_IN, visitor=LOGIN),
            post=refused({Role.OWNER}, no=redirect(NOTIFICATIONS)),
            data={"pk": "{n[read].pk}"},
        )
    ],
    "ca-nhan/phan-anh/": [Case("/ca-nhan/phan-anh/", roles(OK, SIGNED_IN, visitor=LOGIN))],
    "ca-nhan/nhap/": [Case("/ca-nhan/nhap/", roles(OK, SIGNED_IN, visitor=LOGIN))],
}
