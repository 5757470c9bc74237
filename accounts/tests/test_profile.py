"""The account page (README §2, seed 2.1.3): name, read-only phone, organisation
flag, editing the name; logout asks for confirmation (seed 2.1.4)."""

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from .factories import UserFactory
from .helpers import (
    LOGIN_URL,
    LOGOUT_URL,
    MSG_LOGGED_OUT,
    MSG_PROFILE_SAVED,
    MSG_REQUIRED,
    PROFILE_URL,
    field_errors,
    is_logged_in,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen(db):
    return UserFactory(phone="+84912345678", full_name="Nguyễn Văn An")


@pytest.fixture
def citizen_client(client, citizen):
    client.force_login(citizen)
    return client


def test_profile_shows_name_national_phone_and_kind(citizen_client):
    response = citizen_client.get(PROFILE_URL)

    assertContains(response, "Thông tin tài khoản")
    assertContains(response, "Nguyễn Văn An")
    assertContains(response, "0912 345 678")
    assertContains(response, "không thể thay đổi")
    assertContains(response, "Cá nhân")
    # The phone is shown, not offered for editing.
    assert "phone" not in response.context["form"].fields
    assertNotContains(response, 'name="phone"')


def test_profile_of_an_organisation(client):
    organisation = UserFactory(full_name="Hợp tác xã Triệu Phong", is_organization=True)
    client.force_login(organisation)
    response = client.get(PROFILE_URL)
    assertContains(response, "Hợp tác xã Triệu Phong")
    assertContains(response, "Tổ chức")


def test_editing_the_name(citizen_client, citizen):
    response = citizen_client.post(PROFILE_URL, {"full_name": "  Nguyễn   Văn Bình ", "email": ""})

    assert response.status_code == 302
    assert response["Location"] == PROFILE_URL
    citizen.refresh_from_db()
    assert citizen.full_name == "Nguyễn Văn Bình"
    page = citizen_client.get(PROFILE_URL)
    assertContains(page, MSG_PROFILE_SAVED)
    assertContains(page, "Nguyễn Văn Bình")


def test_posting_a_phone_does_not_change_the_phone(citizen_client, citizen):
    response = citizen_client.post(
        PROFILE_URL,
        {
            "full_name": "Nguyễn Văn An",
            "email": "",
            "phone": "0987 654 321",
            "phone_verified": "",
            "is_organization": "on",
            "is_staff": "on",
        },
    )

    assert response.status_code == 302
    citizen.refresh_from_db()
    assert str(citizen.phone) == "+84912345678"
    assert citizen.phone_verified is True
    assert citizen.is_organization is False
    assert citizen.is_staff is False


def test_phone_change_page_of_allauth_is_not_offered(citizen_client, citizen):
    response = citizen_client.post("/tai-khoan/phone/change/", {"phone": "0987 654 321"})
    assert response.status_code in (301, 302, 405)
    citizen.refresh_from_db()
    assert str(citizen.phone) == "+84912345678"


def test_empty_name_is_refused(citizen_client, citizen):
    response = citizen_client.post(PROFILE_URL, {"full_name": "   ", "email": ""})

    assert response.status_code == 200
    assert field_errors(response, "full_name") == [MSG_REQUIRED]
    assertContains(response, MSG_REQUIRED)
    citizen.refresh_from_db()
    assert citizen.full_name == "Nguyễn Văn An"


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_is_sent_to_login(client, method):
    response = getattr(client, method)(
        PROFILE_URL, {"full_name": "Kẻ Lạ"} if method == "post" else None
    )
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next={PROFILE_URL}"


class TestLogout:
    def test_get_asks_for_confirmation_and_stays_logged_in(self, citizen_client):
        response = citizen_client.get(LOGOUT_URL)

        assert response.status_code == 200
        assertContains(response, "Bạn có chắc muốn đăng xuất khỏi tài khoản?")
        assertContains(response, "Xác nhận đăng xuất")
        assert is_logged_in(citizen_client)
        assert citizen_client.get(PROFILE_URL).status_code == 200

    def test_post_logs_out(self, citizen_client):
        response = citizen_client.post(LOGOUT_URL, follow=True)

        assert response.status_code == 200
        assert not is_logged_in(citizen_client)
        assertContains(response, MSG_LOGGED_OUT)
        assert citizen_client.get(PROFILE_URL).status_code == 302
