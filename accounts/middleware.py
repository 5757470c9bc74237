from allauth.core.ratelimit import RateLimited
from django.shortcuts import render


class RateLimitedMiddleware:
    """A rate limit hit deep inside an allauth flow becomes a Vietnamese 429
    page rather than a server error."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RateLimited):
            return render(request, "429.html", status=429)
        return None
