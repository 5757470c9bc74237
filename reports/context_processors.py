from functools import cache


def unread_notifications(request):
    """The unread count shown in the header and the bottom bar: one query, only
    when a template asks, however many times it asks."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    return {"unread_notifications": cache(lambda: user.notifications.unread().count())}
