"""The language a person gets their SMS and e-mail in (`User.language`).

It is the language they last chose with the switch while signed in, or the
one they signed up in: a citizen who reads the portal in English is written to
in English, whoever sends the message. The page's own language stays the
switch's cookie (phananh.middleware.ChosenLanguageMiddleware).
"""

from allauth.account.signals import user_signed_up
from django.conf import settings
from django.urls import path
from django.utils import translation
from django.views import i18n


def user_language_set(*, user, language: str) -> None:
    """Remember a signed-in person's choice; a language the portal lacks is ignored."""
    if language in dict(settings.LANGUAGES) and user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def set_language(request):
    """Django's switch (the cookie, then back to `next`), which also keeps a
    signed-in person's choice for their messages."""
    response = i18n.set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        user_language_set(
            user=request.user, language=request.POST.get(i18n.LANGUAGE_QUERY_PARAMETER, "")
        )
    return response


def _signed_up(sender, request, user, **kwargs) -> None:
    """A new account (by the form or single sign-on) speaks the page's language."""
    user_language_set(user=user, language=translation.get_language())


def connect() -> None:
    user_signed_up.connect(_signed_up, dispatch_uid="accounts-language-at-sign-up")


# Included at i18n/ instead of django.conf.urls.i18n: the same URL and name.
urlpatterns = [path("setlang/", set_language, name="set_language")]
