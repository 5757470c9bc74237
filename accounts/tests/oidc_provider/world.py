"""The stand-in provider for the tests: `oidc_provider` runs it once per test
session, registered with the portal's live_server as its client, and
`sso_portal` points the portal at it. Import them into a test module with
`from .oidc_provider.world import oidc_provider as oidc_provider`."""

import contextlib
import dataclasses
import json
import os
import secrets
import subprocess  # nosec B404 # runs this package as a Python module, nothing from outside
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings

PROVIDER_ID = "quangtri"
PROVIDER_NAME = "Quảng Trị Smart"
SSO_BUTTON = f"Đăng nhập bằng {PROVIDER_NAME}"
CLIENT_ID = "cong-phan-anh"
CALLBACK = f"/tai-khoan/oidc/{PROVIDER_ID}/login/callback/"
START_TIMEOUT = 30

# The people the provider knows, with the claims it gives for each.
USERS = {
    # A citizen new to the portal, whose number the provider checked.
    "an": {"name": "Trần Văn An", "phone_number": "+84912000001", "phone_number_verified": True},
    # A number the provider did not check, written the national way.
    "binh": {"name": "Lê Thị Bình", "phone_number": "0912 000 002", "phone_number_verified": False},
    # Whose number already has an account on the portal (the test makes it).
    "cuc": {"name": "Phạm Thị Cúc", "phone_number": "+84912000003", "phone_number_verified": True},
    # No phone number at all.
    "dao": {"name": "Hoàng Văn Đào"},
}


@dataclasses.dataclass(frozen=True)
class Provider:
    url: str
    client_secret: str
    subjects: dict[str, str]  # username -> the "sub" claim
    password: str

    @property
    def server_url(self) -> str:
        return f"{self.url}/o"

    def sub(self, username: str) -> str:
        return self.subjects[username]


def _signing_key() -> str:
    """A new RSA key for this run: no key is kept in the repository."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@contextlib.contextmanager
def running_provider(run: Path, redirect_uri: str):
    """The provider in its own process until the block ends, whatever happens
    in it; fails the test run, with the provider's own output, if it does
    not answer within START_TIMEOUT seconds."""
    password = secrets.token_urlsafe(12)
    client_secret = secrets.token_urlsafe(32)
    (run / "signing-key.pem").write_text(_signing_key())
    spec = {
        "client": {
            "client_id": CLIENT_ID,
            "client_secret": client_secret,
            "redirect_uri": redirect_uri,
        },
        "users": {
            username: {"password": password, "claims": claims} for username, claims in USERS.items()
        },
    }
    (run / "spec.json").write_text(json.dumps(spec))
    log_path = run / "provider.log"
    env = {**os.environ, "OIDC_PROVIDER_RUN": str(run), "PYTHONUNBUFFERED": "1"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    with log_path.open("wb") as log:
        process = subprocess.Popen(  # nosec B603 # this interpreter, this package, no shell
            [sys.executable, "-m", "accounts.tests.oidc_provider"],
            cwd=settings.BASE_DIR,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        ready = _wait_until_ready(process, run / "ready.json", log_path)
        yield Provider(
            url=f"http://127.0.0.1:{ready['port']}",
            client_secret=client_secret,
            subjects=ready["sub"],
            password=password,
        )
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_ready(process, ready_file: Path, log_path: Path) -> dict:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"The test OpenID Connect provider exited with code {process.returncode} "
                f"before it served:\n{log_path.read_text(errors='replace')[-3000:]}",
                pytrace=False,
            )
        if ready_file.exists():
            ready = json.loads(ready_file.read_text())
            discovery = f"http://127.0.0.1:{ready['port']}/o/.well-known/openid-configuration"
            if requests.get(discovery, timeout=5).status_code == 200:
                return ready
        time.sleep(0.1)
    pytest.fail(
        f"The test OpenID Connect provider did not answer within {START_TIMEOUT} s:\n"
        f"{log_path.read_text(errors='replace')[-3000:]}",
        pytrace=False,
    )


# pytest makes one fixture per module that imports it: the provider is shared
# by all of them and stops when the last one is torn down.
_shared: dict = {"users": 0}


@pytest.fixture(scope="session")
def oidc_provider(live_server, tmp_path_factory):
    if not _shared["users"]:
        stack = contextlib.ExitStack()
        run = tmp_path_factory.mktemp("oidc-provider")
        _shared["provider"] = stack.enter_context(
            running_provider(run, f"{live_server.url}{CALLBACK}")
        )
        _shared["stack"] = stack
    _shared["users"] += 1
    try:
        yield _shared["provider"]
    finally:
        _shared["users"] -= 1
        if not _shared["users"]:
            _shared.pop("stack").close()


def point_portal_at(settings, server_url: str, secret: str, **app_settings) -> None:
    """The portal's settings as the environment makes them (OIDC_* variables,
    phananh/settings/base.py), with `app_settings` added to the provider's."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(server_url))
    settings.SECURE_CSP = {
        **settings.SECURE_CSP,
        "form-action": [*settings.SECURE_CSP["form-action"], origin],
    }
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": PROVIDER_ID,
                    "name": PROVIDER_NAME,
                    "client_id": CLIENT_ID,
                    "secret": secret,
                    "settings": {"server_url": server_url, **app_settings},
                }
            ]
        }
    }


@pytest.fixture
def sso_portal(settings, oidc_provider):
    """The portal configured for the stand-in provider."""
    point_portal_at(settings, oidc_provider.server_url, oidc_provider.client_secret)
    return oidc_provider


def sign_in_with_provider(page, provider: Provider, username: str) -> None:
    """From the portal's login page, through the provider's own login form and
    back to the portal."""
    page.goto("/tai-khoan/login/")
    page.get_by_role("button", name=SSO_BUTTON).click()
    if page.url.startswith(provider.url):
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(provider.password)
        page.get_by_role("button", name=f"Đăng nhập {PROVIDER_NAME}").click()
    page.wait_for_load_state()
