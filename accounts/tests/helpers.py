"""Small helpers shared by the accounts tests: HTTP steps and reading the SMS outbox."""

import re

from accounts import second_factor, sms

from .factories import PASSWORD

SIGNUP_URL = "/tai-khoan/signup/"
LOGIN_URL = "/tai-khoan/login/"
LOGOUT_URL = "/tai-khoan/logout/"
VERIFY_URL = "/tai-khoan/phone/verify/"
PROFILE_URL = "/tai-khoan/"
PASSWORD_CHANGE_URL = "/tai-khoan/password/change/"
PASSWORD_RESET_URL = "/tai-khoan/password/reset/"
PASSWORD_RESET_NEW_URL = "/tai-khoan/password/reset/new/"
MFA_AUTHENTICATE_URL = "/tai-khoan/2fa/authenticate/"
MFA_ACTIVATE_URL = "/tai-khoan/2fa/totp/activate/"
PASSWORD_RESET_CODE_URL = "/tai-khoan/password/reset/code/"

# The messages of the code, word for word.
MSG_INVALID_PHONE = "Số điện thoại không hợp lệ. Hãy nhập số di động Việt Nam, ví dụ 0912 345 678."
MSG_WRONG_LOGIN = "Số điện thoại hoặc mật khẩu không đúng."
MSG_LOCKED_OUT = "Số điện thoại này đã nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút."
MSG_INCORRECT_CODE = "Mã xác thực không đúng."
MSG_RESEND_TOO_SOON = "Chỉ gửi lại mã sau 60 giây kể từ lần gửi trước. Vui lòng đợi."
MSG_CODE_SENT = "Mã xác thực đã được gửi qua SMS."
MSG_ACTIVATED = "Tài khoản đã được kích hoạt."
MSG_PROFILE_SAVED = "Đã lưu thông tin tài khoản."
MSG_NEW_PASSWORD_SET = "Đã đặt mật khẩu mới. Hãy đăng nhập bằng mật khẩu mới."
MSG_LOGGED_OUT = "Bạn đã đăng xuất."
MSG_REQUIRED = "Trường này là bắt buộc."  # Django's own, from its vi catalogue
MSG_429_HEADING = "Quá nhiều yêu cầu"
MSG_429_BODY = (
    "Bạn đã thao tác quá nhiều lần trong thời gian ngắn. Vui lòng đợi khoảng một phút rồi thử lại."
)

CODE_IN_SMS = re.compile(r"ma xac thuc cua ban la (\S+), co hieu luc 10 phut")


def page(response) -> str:
    return response.content.decode()


def signup_data(phone="0912 345 678", full_name="Nguyễn Văn An", password=PASSWORD, **extra):
    data = {
        "phone": phone,
        "full_name": full_name,
        "password1": password,
        "password2": password,
    }
    data.update(extra)
    return data


def signup(client, follow=False, **fields):
    return client.post(SIGNUP_URL, signup_data(**fields), follow=follow)


def login(client, phone, password=PASSWORD, follow=False):
    return client.post(LOGIN_URL, {"login": phone, "password": password}, follow=follow)


def sms_to(phone) -> list:
    return [message for message in sms.outbox if message.to == str(phone)]


def code_from(message) -> str:
    """The code as the SMS writes it (checked to be 6 plain digits by the tests)."""
    match = CODE_IN_SMS.search(message.body)
    assert match, f"no code in SMS: {message.body!r}"
    return match.group(1)


def last_code(phone=None) -> str:
    messages = sms_to(phone) if phone else sms.outbox
    assert messages, "no SMS sent"
    return code_from(messages[-1])


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def field_errors(response, field) -> list[str]:
    form = response.context["form"]
    return [str(error) for error in form.errors.get(field, [])]


def current_code(user) -> str:
    """What the user's authenticator app shows now."""
    return second_factor.current_code(second_factor.secret_of(user))
