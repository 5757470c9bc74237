"""The project's URLs plus one constant view: the framework's ceiling on this
machine (the whole middleware stack, no database, no template), the baseline
every page of the benchmark is compared with."""

from django.http import HttpResponse
from django.urls import path

from phananh import urls as project_urls

CONSTANT_BODY = b"ok\n"


def constant(request):
    return HttpResponse(CONSTANT_BODY, content_type="text/plain")


urlpatterns = [path("bench/constant/", constant, name="bench_constant"), *project_urls.urlpatterns]

for _name in ("handler400", "handler403", "handler404", "handler500"):
    if hasattr(project_urls, _name):
        globals()[_name] = getattr(project_urls, _name)
