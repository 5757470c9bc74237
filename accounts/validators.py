"""Password rules of README §2, as Django validators so that they hold
wherever a password is set: sign-up, change, reset, createsuperuser and the admin.

Django's own validators (length, common, numeric) get Vietnamese messages from
Django's vi catalogue; these add what Django lacks.
"""

import re
from difflib import SequenceMatcher

from django.contrib.auth import password_validation
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.text import fold


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's rule, with the Vietnamese message its vi catalogue lacks."""

    def get_error_message(self):
        return _("Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự.") % {
            "min_length": self.min_length
        }


class CharacterClassesValidator:
    """An upper-case letter, a lower-case letter, a digit and a special character,
    each reported on its own so the citizen knows exactly what is missing."""

    RULES = (
        ("password_no_upper", str.isupper, gettext_lazy("Mật khẩu phải có ít nhất một chữ hoa.")),
        (
            "password_no_lower",
            str.islower,
            gettext_lazy("Mật khẩu phải có ít nhất một chữ thường."),
        ),
        ("password_no_digit", str.isdigit, gettext_lazy("Mật khẩu phải có ít nhất một chữ số.")),
        (
            "password_no_symbol",
            lambda c: not c.isalnum() and not c.isspace(),
            gettext_lazy("Mật khẩu phải có ít nhất một ký tự đặc biệt (ví dụ: ! @ # $ %)."),
        ),
    )

    def validate(self, password, user=None):
        errors = [
            ValidationError(message, code=code)
            for code, has_class, message in self.RULES
            if not any(has_class(char) for char in password)
        ]
        if errors:
            raise ValidationError(errors)

    def get_help_text(self):
        return _("Mật khẩu cần có chữ hoa, chữ thường, chữ số và ký tự đặc biệt.")


def _fold(text: str) -> str:
    """Lower case without Vietnamese accents (đ included), letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", fold(text))


class UserAttributeSimilarityValidator:
    """Refuses a password too close to the name or the phone number.

    Django's validator compares raw strings, so `NguyenVanAn1!` passes for
    `Nguyễn Văn An`; this one compares accent-folded text and also catches a
    password that contains the phone's digits.
    """

    ATTRIBUTES = ("full_name", "phone")
    MAX_SIMILARITY = 0.7
    MIN_CONTAINED_LENGTH = 6

    def validate(self, password, user=None):
        if not user:
            return
        folded_password = _fold(password)
        for attribute in self.ATTRIBUTES:
            value = getattr(user, attribute, None)
            if not value:
                continue
            for folded_value in self._variants(attribute, value):
                if self._too_close(folded_password, folded_value):
                    raise ValidationError(
                        _("Mật khẩu quá giống với %(field)s.")
                        % {"field": self._verbose_name(user, attribute)},
                        code="password_too_similar",
                    )

    @staticmethod
    def _variants(attribute, value):
        if attribute == "phone":
            # +84912345678 is written 0912345678; both forms count.
            digits = re.sub(r"\D", "", str(value))
            return {digits, "0" + digits[2:] if digits.startswith("84") else digits}
        return {_fold(value)}

    def _too_close(self, password, value):
        if not password or not value:
            return False
        if len(value) >= self.MIN_CONTAINED_LENGTH and value in password:
            return True
        return SequenceMatcher(a=password, b=value).quick_ratio() >= self.MAX_SIMILARITY

    @staticmethod
    def _verbose_name(user, attribute):
        try:
            return user._meta.get_field(attribute).verbose_name
        except FieldDoesNotExist:
            return attribute

    def get_help_text(self):
        return _("Mật khẩu không được quá giống họ tên hoặc số điện thoại.")
