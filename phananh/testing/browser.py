"""Browser-test fixtures: Playwright driving Debian's Chromium (never a downloaded
browser), and an axe-core accessibility check run inside the page."""

import os
import re
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
AXE_SCRIPT = Path(__file__).parent / "vendor" / "axe-core-4.14.1" / "axe.min.js"
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; the ORM calls the
    # tests make between page actions are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def page(request, browser, live_server):
    """A page with the portal's Content-Security-Policy on: the test fails if
    the browser blocks anything under it."""
    context = browser.new_context(viewport=request.param, base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    yield page
    context.close()
    assert not blocked, "Blocked by the Content-Security-Policy:\n" + "\n".join(blocked)  # nosec B101 # a test fixture's check


def assert_accessible(page):
    """Fail with the list of WCAG 2.1 A/AA violations axe-core finds in the page."""
    # Evaluated, not added as a <script>: the page's CSP refuses inline scripts.
    page.evaluate(AXE_SCRIPT.read_text())
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_AA_TAGS
    )
    violations = [
        f"{violation['id']}: {violation['help']} ({len(violation['nodes'])} nodes, "
        f"e.g. {violation['nodes'][0]['target']})"
        for violation in result["violations"]
    ]
    assert not violations, f"Accessibility violations on {page.url}:\n" + "\n".join(violations)  # nosec B101 # a test helper's assertion


def log_in(page, phone, password, start="/tai-khoan/login/"):
    """Through the login form from `start`; a staff member then types the code
    their authenticator app shows, as the portal asks of every staff login."""
    from accounts import second_factor
    from accounts.models import User
    from accounts.phone import normalize_phone

    page.goto(start)
    page.get_by_label("Số điện thoại").fill(phone)
    page.get_by_label(re.compile(r"^Mật khẩu")).fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    if "/2fa/authenticate/" in page.url:
        secret = second_factor.secret_of(User.objects.get(phone=normalize_phone(phone)))
        page.get_by_label("Mã xác thực").fill(second_factor.current_code(secret))
        page.get_by_role("button", name="Đăng nhập", exact=True).click()
