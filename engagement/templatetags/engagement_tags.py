"""The report page's "Tôi cũng gặp" and "Theo dõi" buttons, so that `reports`
shows them without importing `engagement`:

    {% load engagement_tags %}{% engagement_panel report %}

A visitor's page is cached and shared (reports/public_cache.py): it shows the
count and buttons that lead to the login, never anyone's state. A signed-in
person's page is never served from that cache, so their own state is theirs.
"""

from django import template

from engagement import selectors

register = template.Library()


@register.inclusion_tag("engagement/_panel.html", takes_context=True)
def engagement_panel(context, report):
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    shown = report.is_seen_by_public
    signed_in = bool(user and user.is_authenticated)
    return {
        "shown": shown,
        "report": report,
        "csrf_token": context.get("csrf_token"),
        "count": selectors.support_count(report=report) if shown else 0,
        "is_reporter": signed_in and report.reporter_id == user.pk,
        "signed_in": signed_in,
        **(selectors.state_of(user=user, report=report) if shown and signed_in else {}),
    }
