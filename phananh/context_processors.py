from phananh.cache import redis_reachable


def service_state(request):
    """`redis_away`, worked out only when a template asks: the 429 page tells a
    limit that could not be counted (Redis unreachable) from one reached."""
    return {"redis_away": lambda: not redis_reachable()}
