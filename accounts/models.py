from django.conf import settings
from django.contrib.auth import models as auth_models
from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from accounts.text import fold


class UserManager(auth_models.UserManager):
    """Django's, for `with_perm`, with the phone number as the login."""

    use_in_migrations = True

    def _create_user(self, phone, password, **extra_fields):
        if not phone:
            raise ValueError("A phone number is required.")
        user = self.model(phone=phone, **extra_fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_user(self, phone, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(phone, password, **extra_fields)

    def create_superuser(self, phone, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        extra_fields.setdefault("phone_verified", True)
        return self._create_user(phone, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A citizen, an organisation or a staff member, identified by a phone number.

    `phone_verified` is the activation of the account (SMS code); `is_active`
    stays for locking an account (moderation), as Django means it.
    """

    # Empty only for accounts no one uses (the owner of partners' Open311
    # reports): no number, so no SMS, no login and no password reset.
    phone = PhoneNumberField(
        _("số điện thoại"),
        unique=True,
        null=True,
        error_messages={"unique": _("Số điện thoại này đã được đăng ký.")},
    )
    phone_verified = models.BooleanField(_("đã kích hoạt"), default=False)
    full_name = models.CharField(_("họ và tên"), max_length=150)
    # Lower case without accents, for searches typed without them.
    full_name_folded = models.CharField(max_length=150, editable=False, default="", db_index=True)
    is_organization = models.BooleanField(
        _("là tổ chức"),
        default=False,
        help_text=_("Đánh dấu khi tài khoản đại diện cho một cơ quan, doanh nghiệp hay tổ chức."),
    )
    email = models.EmailField(_("thư điện tử"), blank=True)
    # Messages go to the address only once its owner followed the link sent to it.
    email_verified = models.BooleanField(_("đã xác nhận thư điện tử"), default=False)
    is_staff = models.BooleanField(
        _("nhân viên quản trị"),
        default=False,
        help_text=_("Cho phép đăng nhập trang quản trị."),
    )
    is_active = models.BooleanField(
        _("đang hoạt động"),
        default=True,
        help_text=_("Bỏ chọn để khoá tài khoản thay vì xoá."),
    )
    date_joined = models.DateTimeField(_("ngày tham gia"), default=timezone.now)
    # The language of the SMS and e-mail sent to them: the last one they chose
    # on the site, or the one they signed up in (accounts/language.py).
    language = models.CharField(
        _("ngôn ngữ"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )

    objects = UserManager()

    USERNAME_FIELD = "phone"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self):
        return self.full_name or str(self.phone or "")

    @property
    def verified_email(self) -> str:
        """The address notifications may go to: "" until its owner confirmed it."""
        return self.email if self.email and self.email_verified else ""

    @property
    def is_reachable(self) -> bool:
        """A person signs in to this account and reads its messages: every account
        but the owner of partners' Open311 reports, which has no phone."""
        return self.is_active and self.phone is not None

    @property
    def is_staff_member(self) -> bool:
        """IOC staff, moderators, superusers and agency members (officers and
        area monitors): they see what citizens may not, so they sign in with a
        second factor and their sessions end when idle."""
        return self.is_staff or self.is_superuser or self.agency_memberships.exists()

    def save(self, *args, **kwargs):
        self.full_name_folded = fold(self.full_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "full_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "full_name_folded"}
        super().save(*args, **kwargs)

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name
