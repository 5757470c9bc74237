"""A profile's e-mail address gets nothing from the portal until its owner
opens the link sent to it (security review, issue 10 item 18)."""

import re

import pytest
from django.core import mail

from reports.models import Delivery
from reports.notifications import kinds, notify
from reports.tests.factories import report_in_state

from .factories import UserFactory
from .helpers import PROFILE_URL

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://\S+/tai-khoan/thu-dien-tu/xac-nhan/\S+/")


def save_email(client, email):
    return client.post(PROFILE_URL, {"full_name": "Nguyễn Văn An", "email": email}, follow=True)


def emails_queued_to(address):
    return Delivery.objects.filter(channel=Delivery.Channel.EMAIL, address=address).count()


def test_a_new_address_is_confirmed_before_it_gets_notifications(client):
    citizen = UserFactory(email="")
    client.force_login(citizen)

    page = save_email(client, "an@example.com").content.decode()

    citizen.refresh_from_db()
    assert not citizen.email_verified
    assert "Đã gửi thư xác nhận đến an@example.com" in page
    (confirmation,) = mail.outbox
    assert confirmation.to == ["an@example.com"]
    report = report_in_state("submitted", reporter=citizen)
    notify.reporter(report, kinds.message(kinds.RECEIVED, code=report.code))
    assert emails_queued_to("an@example.com") == 0

    link = LINK.search(confirmation.body).group(0)
    page = client.get(link, follow=True).content.decode()

    assert "Đã xác nhận thư điện tử an@example.com" in page
    citizen.refresh_from_db()
    assert citizen.email_verified
    notify.reporter(report, kinds.message(kinds.SENT_BACK, code=report.code))
    assert emails_queued_to("an@example.com") == 1


def test_a_link_for_an_old_address_confirms_nothing(client):
    citizen = UserFactory(email="")
    client.force_login(citizen)
    save_email(client, "cu@example.com")
    old_link = LINK.search(mail.outbox[0].body).group(0)
    save_email(client, "moi@example.com")

    page = client.get(old_link, follow=True).content.decode()

    assert "Liên kết xác nhận không hợp lệ hoặc đã hết hạn" in page
    citizen.refresh_from_db()
    assert (citizen.email, citizen.email_verified) == ("moi@example.com", False)


def test_a_forged_link_confirms_nothing(client):
    citizen = UserFactory(email="an@example.com", email_verified=False)
    client.force_login(citizen)
    page = client.get("/tai-khoan/thu-dien-tu/xac-nhan/gia-mao/", follow=True).content.decode()
    assert "Liên kết xác nhận không hợp lệ" in page
    citizen.refresh_from_db()
    assert not citizen.email_verified
