"""The access matrix's table for engagement (access_matrix.py): "Tôi cũng gặp"
and following a report, on public reports only; the personal area's
"Theo dõi" tab, /ca-nhan/theo-doi/, each their own subscriptions; and the
unsubscribe link of the e-mails, which needs no login."""

from engagement.unsubscribe import SUBSCRIPTION, token_for

from .access_cases import BAD_REQUEST, LOGIN, NOT_ALLOWED, NOT_FOUND, OK, Case, redirect, roles
from .access_world import ALL, SIGNED_IN, Role

# A genuine token of a subscription that does not exist (stopped already): 200 for all.
STOPPED_TOKEN = token_for(SUBSCRIPTION, 999_999_999)


def report_button(action: str, anchor: str) -> list[Case]:
    """POST on a public report for the signed-in; a GET (back from the login)
    goes to the report; a report the public cannot see is not found."""
    public = "{r[published].code}"
    hidden = "{r[forwarded_private].code}"
    return [
        Case(
            f"/phan-anh/{public}/{action}/",
            roles(redirect(f"/phan-anh/{public}/{anchor}"), visitor=LOGIN),
            post={Role.VISITOR: LOGIN},
            data={"on": "1"},
        ),
        Case(
            f"/phan-anh/{hidden}/{action}/",
            roles(NOT_FOUND, visitor=LOGIN),
            post=dict.fromkeys(SIGNED_IN, NOT_FOUND) | {Role.VISITOR: LOGIN},
            data={"on": "1"},
        ),
    ]


ENGAGEMENT: dict[str, list[Case]] = {
    "phan-anh/<str:code>/cung-gap/": report_button("cung-gap", "#cung-gap"),
    "phan-anh/<str:code>/theo-doi/": report_button("theo-doi", "#cung-gap"),
    "phan-anh/<str:code>/theo-doi-thay-gui/": report_button("theo-doi-thay-gui", ""),
    "ca-nhan/theo-doi/": [
        Case(
            "/ca-nhan/theo-doi/",
            roles(OK, SIGNED_IN, visitor=LOGIN),
            post={Role.VISITOR: LOGIN},
            data={"scope": "ward", "ward": "{ward.pk}", "frequency": "immediate"},
        )
    ],
    # A's subscription: only A may stop it here.
    "ca-nhan/theo-doi/<int:pk>/huy/": [
        Case(
            "/ca-nhan/theo-doi/{admin[engagement.subscription]}/huy/",
            roles(NOT_ALLOWED, visitor=LOGIN),
            post=dict.fromkeys(SIGNED_IN - {Role.OWNER}, NOT_FOUND) | {Role.VISITOR: LOGIN},
        )
    ],
    "ngung-nhan-tin/<str:token>/": [
        Case(f"/ngung-nhan-tin/{STOPPED_TOKEN}/", roles(OK)),
        Case(
            "/ngung-nhan-tin/khong-hop-le/",
            roles(BAD_REQUEST),
            post=dict.fromkeys(ALL, BAD_REQUEST),
        ),
    ],
}
