"""Walking the report form in a browser (issue 14): on a phone it shows one step
at a time (1 Ảnh, 2 Nội dung, 3 Vị trí) and saves the draft when moving; on a
wide screen every section shows at once and these helpers do nothing."""

import re

from playwright.sync_api import expect

PHOTOS, CONTENT, PLACE = 0, 1, 2
PHOTO_LABEL = "Chụp ảnh hoặc chọn ảnh"


def current_step(page) -> int | None:
    """The step shown, or None when the form shows every section (wide screen)."""
    if not page.locator("#form-steps").is_visible():
        return None
    return page.locator("#form-steps li").evaluate_all(
        "items => items.findIndex(item => item.getAttribute('aria-current') === 'step')"
    )


def show_step(page, step: int) -> None:
    """Go to `step` with "Tiếp" / "Quay lại", waiting for each draft save."""
    while (current := current_step(page)) is not None and current != step:
        name = "Tiếp" if current < step else "Quay lại"
        page.get_by_role("button", name=name, exact=True).click()
        expect(
            page.locator("#form-steps li").nth(current + (1 if current < step else -1))
        ).to_have_attribute("aria-current", "step")
        wait_for_save(page)


def wait_for_save(page) -> None:
    expect(page.locator("#save-status")).not_to_have_text(re.compile("Đang lưu nháp"))


def choose_photos(page, *paths) -> None:
    """Through the big "Chụp ảnh hoặc chọn ảnh" control, then wait until the
    form holds every chosen photo."""
    before = page.locator(".photo-thumb").count()
    page.get_by_label(PHOTO_LABEL).set_input_files(list(paths))
    expect(page.locator(".photo-thumb")).to_have_count(before + len(paths))
