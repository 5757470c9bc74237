"""The access matrix's table for accounts (access_matrix.py): the portal's
account pages, allauth's and allauth.mfa's. No object of anyone else is
reachable here: every page is the signed-in user's own."""

from accounts.tests.factories import PASSWORD

from .access_cases import (
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    OK,
    Case,
    Outcome,
    redirect,
    refused,
    roles,
)
from .access_world import CITIZENS, SIGNED_IN, Role

HOME = "/"
PROFILE = "/tai-khoan/"
LOGIN_PAGE = "/tai-khoan/login/"
REAUTHENTICATE = "/tai-khoan/reauthenticate/"
PASSWORD_CHANGE = "/tai-khoan/password/change/"
PASSWORD_RESET = "/tai-khoan/password/reset/"
TOTP_DEACTIVATE = "/tai-khoan/2fa/totp/deactivate/"


def own_page(url: str, **overrides) -> list[Case]:
    """A page of one's own account: the visitor logs in first."""
    return [Case(url, roles(OK, SIGNED_IN, visitor=LOGIN) | overrides)]


def public_page(url: str, signed_in: Outcome = OK) -> list[Case]:
    return [Case(url, roles(signed_in, SIGNED_IN, visitor=OK))]


def everyone(url: str, outcome: Outcome) -> list[Case]:
    return [Case(url, roles(outcome))]


def second_factor_page(url: str, *, citizens: Outcome) -> list[Case]:
    """Pages of an authenticator app: staff have one, citizens may set one up."""
    return own_page(url, **dict.fromkeys(CITIZENS, citizens))


ACCOUNTS: dict[str, list[Case]] = {
    "tai-khoan/": [
        Case(
            PROFILE,
            roles(OK, SIGNED_IN, visitor=LOGIN),
            post={Role.VISITOR: LOGIN},
            data={"full_name": "Tên mới"},
        )
    ],
    "tai-khoan/thu-dien-tu/xac-nhan/<str:token>/": [
        Case(
            "/tai-khoan/thu-dien-tu/xac-nhan/sai-ma/",
            roles(redirect(PROFILE), SIGNED_IN, visitor=redirect("/")),
        )
    ],
    "tai-khoan/du-lieu-ca-nhan/": own_page("/tai-khoan/du-lieu-ca-nhan/"),
    "tai-khoan/du-lieu-ca-nhan/tai-ve/": own_page("/tai-khoan/du-lieu-ca-nhan/tai-ve/"),
    # Staff may not delete their own account (accounts.personal_data).
    "tai-khoan/xoa-tai-khoan/": [
        Case(
            "/tai-khoan/xoa-tai-khoan/",
            roles(OK, SIGNED_IN, visitor=LOGIN),
            post=refused(CITIZENS, no=FORBIDDEN),
            data={"password": PASSWORD},
        )
    ],
    "tai-khoan/phone/verify/": [
        Case("/tai-khoan/phone/verify/", roles(redirect(PROFILE), visitor=redirect(LOGIN_PAGE)))
    ],
    "tai-khoan/phone/change/": everyone("/tai-khoan/phone/change/", redirect(PROFILE)),
    "tai-khoan/email/": everyone("/tai-khoan/email/", redirect(PROFILE)),
    "tai-khoan/password/reset/": everyone(PASSWORD_RESET, OK),
    "tai-khoan/password/reset/code/": everyone(
        "/tai-khoan/password/reset/code/", redirect(PASSWORD_RESET)
    ),
    "tai-khoan/password/reset/new/": [
        Case(
            "/tai-khoan/password/reset/new/",
            roles(redirect(PASSWORD_CHANGE), visitor=redirect(PASSWORD_RESET)),
        )
    ],
    "tai-khoan/password/reset/done/": everyone("/tai-khoan/password/reset/done/", OK),
    "tai-khoan/password/reset/key/done/": everyone("/tai-khoan/password/reset/key/done/", OK),
    r"tai-khoan/^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$": everyone(
        "/tai-khoan/password/reset/key/1-sai-ma/", OK
    ),
    "tai-khoan/login/": public_page(LOGIN_PAGE, signed_in=redirect(HOME)),
    "tai-khoan/signup/": public_page("/tai-khoan/signup/", signed_in=redirect(HOME)),
    "tai-khoan/logout/": [Case("/tai-khoan/logout/", roles(OK, SIGNED_IN, visitor=redirect(HOME)))],
    "tai-khoan/login/code/confirm/": [
        Case(
            "/tai-khoan/login/code/confirm/",
            roles(redirect(HOME), visitor=redirect(LOGIN_PAGE)),
        )
    ],
    "tai-khoan/inactive/": everyone("/tai-khoan/inactive/", OK),
    "tai-khoan/reauthenticate/": own_page(REAUTHENTICATE),
    "tai-khoan/reauthenticate/code/": own_page(f"{REAUTHENTICATE}code/"),
    "tai-khoan/reauthenticate/code/confirm/": [
        Case(
            f"{REAUTHENTICATE}code/confirm/",
            roles(redirect(f"{REAUTHENTICATE}code/"), SIGNED_IN, visitor=LOGIN),
        )
    ],
    "tai-khoan/confirm-email/": everyone("/tai-khoan/confirm-email/", OK),
    r"tai-khoan/^confirm-email/(?P<key>[-:\w]+)/$": everyone(
        "/tai-khoan/confirm-email/sai-ma/", OK
    ),
    "tai-khoan/password/change/": own_page(PASSWORD_CHANGE),
    "tai-khoan/password/set/": [
        Case(
            "/tai-khoan/password/set/",
            roles(redirect(PASSWORD_CHANGE), SIGNED_IN, visitor=LOGIN),
        )
    ],
    "tai-khoan/2fa/": own_page("/tai-khoan/2fa/"),
    "tai-khoan/2fa/authenticate/": [
        Case("/tai-khoan/2fa/authenticate/", roles(redirect(HOME), visitor=redirect(LOGIN_PAGE)))
    ],
    "tai-khoan/2fa/reauthenticate/": second_factor_page(
        "/tai-khoan/2fa/reauthenticate/", citizens=redirect(REAUTHENTICATE)
    ),
    "tai-khoan/2fa/totp/activate/": own_page(
        "/tai-khoan/2fa/totp/activate/",
        **dict.fromkeys(SIGNED_IN - CITIZENS, redirect(TOTP_DEACTIVATE)),
    ),
    "tai-khoan/2fa/totp/deactivate/": second_factor_page(TOTP_DEACTIVATE, citizens=NOT_FOUND),
    "tai-khoan/2fa/recovery-codes/": second_factor_page(
        "/tai-khoan/2fa/recovery-codes/", citizens=NOT_FOUND
    ),
    "tai-khoan/2fa/recovery-codes/generate/": own_page("/tai-khoan/2fa/recovery-codes/generate/"),
    "tai-khoan/2fa/recovery-codes/download/": second_factor_page(
        "/tai-khoan/2fa/recovery-codes/download/", citizens=NOT_FOUND
    ),
    # Single sign-on: off unless configured (README §2); the old paths redirect.
    "tai-khoan/3rdparty/": own_page("/tai-khoan/3rdparty/"),
    "tai-khoan/3rdparty/login/cancelled/": everyone("/tai-khoan/3rdparty/login/cancelled/", OK),
    "tai-khoan/3rdparty/login/error/": everyone("/tai-khoan/3rdparty/login/error/", Outcome(401)),
    "tai-khoan/3rdparty/signup/": everyone("/tai-khoan/3rdparty/signup/", redirect(LOGIN_PAGE)),
    **{
        f"tai-khoan/social/{old}": everyone(
            f"/tai-khoan/social/{old}", redirect(f"/tai-khoan/3rdparty/{new}", 301)
        )
        for old, new in (
            ("login/cancelled/", "login/cancelled/"),
            ("login/error/", "login/error/"),
            ("signup/", "signup/"),
            ("connections/", ""),
        )
    },
    # Proving an account is one's own, only while a sign-in waits for it (accounts.sso).
    "tai-khoan/lien-ket-dang-nhap/": everyone(
        "/tai-khoan/lien-ket-dang-nhap/", redirect(LOGIN_PAGE)
    ),
    "tai-khoan/oidc/^(?P<provider_id>[^/]+)/login/": everyone(
        "/tai-khoan/oidc/khong-co/login/", NOT_FOUND
    ),
    "tai-khoan/oidc/^(?P<provider_id>[^/]+)/login/callback/": everyone(
        "/tai-khoan/oidc/khong-co/login/callback/", NOT_FOUND
    ),
    "i18n/setlang/": everyone("/i18n/setlang/", redirect(HOME)),
}
