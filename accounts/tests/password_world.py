"""What the password tests share (test_password_*.py): each password rule of
README §2 with a password breaking it alone and its message, and the user whose
name and phone the rules compare against.

The fixture is defined under a name of its own (`name=` gives pytest the one the
tests ask for), so that a test module imports it without its parameters
shadowing the import: `from .password_world import owner_fixture  # noqa: F401`.
"""

import pytest

from .factories import UserFactory

NAME = "Nguyễn Văn An"
PHONE = "+84912345678"
NEW_PASSWORD = "Mua-Thu#Ha-Noi9"

MSG_TOO_SHORT = "Mật khẩu quá ngắn: cần ít nhất 8 ký tự."
MSG_NO_UPPER = "Mật khẩu phải có ít nhất một chữ hoa."
MSG_NO_LOWER = "Mật khẩu phải có ít nhất một chữ thường."
MSG_NO_DIGIT = "Mật khẩu phải có ít nhất một chữ số."
MSG_NO_SYMBOL = "Mật khẩu phải có ít nhất một ký tự đặc biệt (ví dụ: ! @ # $ %)."
MSG_TOO_COMMON = "Mật khẩu này quá phổ biến."
MSG_LIKE_NAME = "Mật khẩu quá giống với họ và tên."
MSG_LIKE_PHONE = "Mật khẩu quá giống với số điện thoại."
# (rule, password breaking that rule only, its message); the user is NAME / PHONE.
RULES = [
    ("too_short", "Ab1!xyz", MSG_TOO_SHORT),
    ("no_upper", "hoa-sen#2024", MSG_NO_UPPER),
    ("no_lower", "HOA-SEN#2024", MSG_NO_LOWER),
    ("no_digit", "Hoa-Sen#Song", MSG_NO_DIGIT),
    ("no_symbol", "HoaSen2024x", MSG_NO_SYMBOL),
    ("too_common", "Password1!", MSG_TOO_COMMON),
    ("like_name", "NguyenVanAn1!", MSG_LIKE_NAME),
    ("like_name_with_accents", "Nguyễn-Văn-An7", MSG_LIKE_NAME),
    ("phone_national_digits", "Xy0912345678!", MSG_LIKE_PHONE),
    ("phone_e164_digits", "Xy84912345678!", MSG_LIKE_PHONE),
]
RULE_IDS = [rule[0] for rule in RULES]


def assert_rule_message(errors: list[str], expected: str, html: str):
    """Exactly one error, the rule's own Vietnamese message, shown on the page."""
    assert errors == [expected]
    assert expected in html


@pytest.fixture(name="owner")
def owner_fixture(db):
    return UserFactory(phone=PHONE, full_name=NAME)
