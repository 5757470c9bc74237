"""The SMS gateway down during sign-up or password reset (security review,
issue 10 item 13): no server error, the visitor is told the message may come
late, the code waits in the outbox and goes out once the gateway is back."""

import pytest
from django.test import Client

from accounts import sms
from accounts.models import User
from reports.models import Delivery
from reports.notifications import delivery

from .factories import UserFactory
from .helpers import CODE_IN_SMS, PASSWORD_RESET_URL, VERIFY_URL, code_from, signup

pytestmark = pytest.mark.django_db

MSG_LATE = "Hệ thống gửi tin nhắn đang gián đoạn, tin nhắn có thể đến chậm vài phút."


@pytest.fixture
def gateway_down(monkeypatch):
    def refuse(**kwargs):
        raise sms.SmsDeliveryError("503 from the gateway")

    monkeypatch.setattr(sms, "send_sms", refuse)
    return monkeypatch


def test_sign_up_goes_on_and_the_code_waits_in_the_outbox(gateway_down):
    client = Client(raise_request_exception=False)
    response = signup(client)

    assert response.status_code == 302
    assert response["Location"] == VERIFY_URL
    assert MSG_LATE in client.get(VERIFY_URL).content.decode()
    user = User.objects.get(phone="+84912345678")
    (waiting,) = Delivery.objects.filter(channel=Delivery.Channel.SMS, address="+84912345678")
    assert waiting.status == Delivery.Status.PENDING and waiting.recipient == user

    gateway_down.undo()  # the gateway is back: the sweep sends the code
    assert delivery.deliver_pending() == 1
    (message,) = sms.outbox
    response = client.post(VERIFY_URL, {"code": code_from(message)})
    user.refresh_from_db()
    assert user.phone_verified


def test_a_password_reset_goes_on_too(gateway_down):
    UserFactory(phone="+84912345678")
    response = Client(raise_request_exception=False).post(
        PASSWORD_RESET_URL, {"phone": "0912 345 678"}
    )

    assert response.status_code == 302
    assert Delivery.objects.filter(address="+84912345678", status="pending").count() == 1


def test_a_waiting_code_is_not_shown_to_the_ioc(gateway_down, client):
    """Whoever reads the code could finish the citizen's password reset."""
    UserFactory(phone="+84912345678")
    Client(raise_request_exception=False).post(PASSWORD_RESET_URL, {"phone": "0912 345 678"})
    waiting = Delivery.objects.get(address="+84912345678")
    code = CODE_IN_SMS.search(waiting.body).group(1)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    page = client.get(f"/admin/reports/delivery/{waiting.pk}/change/")

    assert page.status_code == 200
    assert code not in page.content.decode()
    assert "chỉ người nhận được đọc" in page.content.decode()
