"""The admin's "view on site" link, checked.

Django's own (`/admin/r/<content type>/<id>/`) redirects any staff member to
any object's public address without asking whether they may see it, which
tells a moderator the code of a report that is not public. This one (behind
the admin's own login, phananh/urls.py) answers 404 unless the admin would
show the object to the user."""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.views import shortcut
from django.http import Http404

from reports.numbers import plain_int


def view_on_site(request, content_type_id, object_id):
    pk = plain_int(content_type_id)
    content_type = ContentType.objects.filter(pk=pk).first() if pk is not None else None
    model = content_type.model_class() if content_type else None
    model_admin = admin.site._registry.get(model)
    if model_admin is None:
        raise Http404
    obj = model_admin.get_object(request, object_id)
    if obj is None or not model_admin.has_view_permission(request, obj):
        raise Http404
    return shortcut(request, content_type_id, object_id)
