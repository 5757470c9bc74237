from functools import cache


def unread_notifications(request):
    """The unread count and whether to link the triage dashboard, for the header:
    one query each, only when a template asks, however many times it asks."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": cache(lambda: user.notifications.unread().count()),
        "works_in_agency": cache(
            lambda: user.agency_memberships.filter(agency__is_active=True).exists()
        ),
    }
