"""A report written without a connection (README §3) in Chromium with the
network cut (Playwright's offline mode): "Gửi" keeps it on the phone with its
photo and says so; when the connection returns it is sent through the
portal's own form, or kept as a draft there when it is incomplete, and the
phone's copy is deleted."""

import re
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from accounts.tests.factories import PASSWORD, UserFactory
from phananh.testing.browser import assert_accessible, log_in
from reports.models import Report

from .factories import CategoryFactory, WardFactory
from .helpers import CREATE_URL, jpeg_bytes
from .report_form_steps import CONTENT, PLACE, choose_photos, show_step

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Installing the worker fetches its whole shell: give a busy machine time.
WORKER_TIMEOUT_MS = 30_000

PHONE_NUMBER = "+84912000161"
TITLE = "Cống thoát nước bị tắc ở đường Hùng Vương"
KEPT = "Chưa có mạng — phản ánh được lưu trên máy, sẽ tự gửi khi có mạng."


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "cong-tac.jpg"
    path.write_bytes(jpeg_bytes(size=(320, 240), color="brown"))
    return path


@pytest.fixture
def form_page(page):
    """The citizen on the report form, the service worker in charge."""
    UserFactory(phone=PHONE_NUMBER)
    CategoryFactory(name="Môi trường", slug="moi-truong")
    WardFactory(name="Phường Đông Hà", latitude=16.8167, longitude=107.1)
    log_in(page, "0912 000 161", PASSWORD)
    page.goto(CREATE_URL)
    wait_for_worker(page)
    return page


def end_every_session():
    """Through the session engine, so a copy in the cache (cached_db, with
    Redis) ends too, not only the database row."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for key in Session.objects.values_list("session_key", flat=True):
        store(session_key=key).delete()


def wait_for_worker(page):
    """Until the service worker, installed with its shell, controls the page."""
    page.evaluate(
        """ms => Promise.race([navigator.serviceWorker.ready.then(() => true),
          new Promise((_, fail) => setTimeout(() => fail(new Error("no worker")), ms))])""",
        WORKER_TIMEOUT_MS,
    )
    # A page still loading when the worker claimed its pages stays unclaimed:
    # the next load of it is the worker's, as any later page of a citizen is.
    if not page.evaluate("() => navigator.serviceWorker.controller !== null"):
        page.reload()
    page.wait_for_function(
        "() => navigator.serviceWorker.controller !== null", timeout=WORKER_TIMEOUT_MS
    )


def kept_on_phone(page) -> list[dict]:
    """What the phone keeps: each waiting report's title and its files' names."""
    return page.evaluate(
        """() => new Promise((resolve, reject) => {
          const opening = indexedDB.open("phananh-offline", 1);
          opening.onupgradeneeded = () =>
            opening.result.createObjectStore("reports", {keyPath: "token"});
          opening.onerror = () => reject(opening.error);
          opening.onsuccess = () => {
            const reading = opening.result.transaction("reports").objectStore("reports").getAll();
            reading.onsuccess = () => resolve(reading.result.map(record => ({
              title: record.title, files: record.files.map(file => [file[2], file[1].size]),
            })));
          };
        })"""
    )


def write_report(page, photo, *, complete=True):
    """Fill the form as a citizen would, step by step on a phone."""
    choose_photos(page, photo)
    show_step(page, CONTENT)
    page.get_by_label(re.compile("^Tiêu đề")).fill(TITLE)
    if complete:
        page.get_by_label("Nội dung phản ánh").fill("Nước tràn lên mặt đường mỗi khi mưa.")
        page.get_by_label("Chuyên mục").select_option(label="Môi trường")
        show_step(page, PLACE)
        page.get_by_label(re.compile("^Địa chỉ")).fill("45 Hùng Vương, phường Đông Hà")
    show_step(page, PLACE)


def send_offline(page):
    page.get_by_role("button", name="Gửi", exact=True).click()
    expect(page.locator("#offline-state")).to_contain_text(KEPT)
    expect(page.get_by_role("heading", name="Đang chờ gửi (1)")).to_be_visible()
    expect(page.locator("#offline-waiting-list li")).to_have_text([f"{TITLE} · kèm 1 ảnh"])


def test_a_report_sent_offline_is_kept_then_sent_with_its_photo(form_page, photo):
    page = form_page
    page.context.set_offline(True)
    write_report(page, photo)
    send_offline(page)
    assert not Report.objects.exists()  # nothing reached the portal
    kept = kept_on_phone(page)
    assert [record["title"] for record in kept] == [TITLE]
    assert [name for name, _size in kept[0]["files"]] == ["cong-tac.jpg"]
    expect(page.locator("#report-form")).to_be_hidden()
    assert_accessible(page)

    page.context.set_offline(False)
    expect(page.locator("#offline-state")).to_contain_text(
        re.compile(r"Đã gửi phản ánh PA-\d{4}-\d{6}\.")
    )
    report = Report.objects.get()
    assert (report.status, report.title) == (Report.Status.SUBMITTED, TITLE)
    assert report.attachments.get().original_name == "cong-tac.jpg"
    expect(page.get_by_role("link", name=report.code)).to_have_attribute(
        "href", report.get_absolute_url()
    )
    expect(page.locator("#offline-waiting")).to_be_hidden()
    assert kept_on_phone(page) == []
    assert_accessible(page)


def test_an_incomplete_report_sent_offline_becomes_a_draft_on_the_portal(form_page, photo):
    page = form_page
    page.context.set_offline(True)
    write_report(page, photo, complete=False)
    send_offline(page)

    page.context.set_offline(False)
    state = page.locator("#offline-state")
    expect(state).to_contain_text("Đã lưu thành bản nháp, hãy mở để hoàn tất:")
    draft = Report.objects.get()
    assert (draft.status, draft.title) == (Report.Status.DRAFT, TITLE)
    assert draft.attachments.count() == 1
    expect(state.get_by_role("link", name=TITLE)).to_have_attribute(
        "href", f"/phan-anh/nhap/{draft.pk}/"
    )
    assert kept_on_phone(page) == []


def test_a_report_kept_offline_is_sent_from_the_next_page(form_page, photo):
    page = form_page
    page.context.set_offline(True)
    write_report(page, photo)
    send_offline(page)
    page.goto("/thong-ke/")  # never read: the offline page, from the phone
    expect(page.get_by_role("heading", level=1)).to_have_text("Chưa có kết nối mạng")
    assert not Report.objects.exists()

    page.context.set_offline(False)
    notice = page.locator("#offline-notices")
    expect(notice).to_contain_text(re.compile(r"Đã gửi phản ánh PA-\d{4}-\d{6}\."))
    assert Report.objects.get().status == Report.Status.SUBMITTED
    assert kept_on_phone(page) == []


def test_a_report_waits_on_the_phone_until_its_citizen_logs_in_again(form_page, photo):
    page = form_page
    page.context.set_offline(True)
    write_report(page, photo)
    send_offline(page)
    end_every_session()  # the session ended while the phone was offline

    page.context.set_offline(False)
    expect(page.locator("#offline-state")).to_have_text(
        "Chưa gửi được phản ánh lưu trên máy, sẽ thử lại sau."
    )
    expect(page.get_by_role("heading", name="Đang chờ gửi (1)")).to_be_visible()
    assert not Report.objects.exists()
    assert [record["title"] for record in kept_on_phone(page)] == [TITLE]  # nothing lost

    log_in(page, "0912 000 161", PASSWORD)  # the next page sends it
    expect(page.locator("#offline-notices")).to_contain_text(
        re.compile(r"Đã gửi phản ánh PA-\d{4}-\d{6}\.")
    )
    assert Report.objects.get().attachments.count() == 1
    assert kept_on_phone(page) == []
