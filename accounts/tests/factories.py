"""Factories for the accounts tests."""

import factory

from accounts import second_factor
from accounts.models import User

# Meets every rule: 8+ characters, upper, lower, digit, symbol, not common,
# unlike any factory name or phone number.
PASSWORD = "Hoa-Sen#2024"


class UserFactory(factory.django.DjangoModelFactory):
    """An activated citizen whose password is PASSWORD (and whose e-mail, when a
    test gives one, is confirmed). Staff have set up their authenticator app,
    as the portal makes them (`authenticator_app=False` for one who has not)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    # 091 3xx xxxx: Vietnamese mobile numbers, unique per test.
    phone = factory.Sequence(lambda n: f"+849130{n:05d}")
    full_name = factory.Iterator(
        ["Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em", "Võ Thị Giang"]
    )
    phone_verified = True
    email_verified = True
    is_organization = False
    password = factory.django.Password(PASSWORD)

    class Params:
        unactivated = factory.Trait(phone_verified=False)

    @factory.post_generation
    def authenticator_app(user, create, extracted, **kwargs):
        wanted = (user.is_staff or user.is_superuser) if extracted is None else extracted
        if create and wanted:
            second_factor.enrol(user)
