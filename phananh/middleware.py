from urllib.parse import unquote

from django.conf import settings
from django.core.exceptions import BadRequest
from django.utils import translation


class NulRefusedMiddleware:
    """400 for a NUL character in the address or the query string: no page has
    one, and PostgreSQL refuses it in a query (it would be a 500)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or "\x00" in unquote(request.META.get("QUERY_STRING", "")):
            raise BadRequest("NUL character in the request")
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """The Permissions-Policy header (settings.PERMISSIONS_POLICY) on every response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class ChosenLanguageMiddleware:
    """Vietnamese unless the visitor chose another language with the switch.

    Django's LocaleMiddleware follows the browser's Accept-Language, which would
    show English to most phones set to English; a provincial portal speaks
    Vietnamese first, and the switch (a cookie) is the only way to change it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.languages else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # Only for this request: the thread's language goes back afterwards, so
        # work done later on the same thread (tasks run in-process) is not in
        # the last visitor's language.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
