from functools import cache


def header_links(request):
    """What the header's links need: the unread notifications count and whether
    the user works in an agency (to link the triage dashboard). One query each,
    only when a template asks, however many times it asks."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    return {
        "unread_notifications": cache(lambda: user.notifications.unread().count()),
        "works_in_agency": cache(
            lambda: user.agency_memberships.filter(agency__is_active=True).exists()
        ),
    }
