"""How the portal writes a moment for people: in Vietnam's time, "14:30
05/03/2026", in every language (the templates' DATETIME_FORMAT, see
phananh/formats). Messages, SMS, e-mail and the admin all write it so.

strftime, not date_format: the same figures in every language, and a list of
fifty rows would add up date_format's translated format lookups."""

from django.utils import timezone

DATE_FORMAT = "%d/%m/%Y"
TIME_FORMAT = "%H:%M"


def local_date_and_time(moment) -> tuple[str, str]:
    """("05/03/2026", "14:30"): the two halves, for lists that stack them."""
    local = timezone.localtime(moment)
    return local.strftime(DATE_FORMAT), local.strftime(TIME_FORMAT)


def local_datetime(moment) -> str:
    """ "14:30 05/03/2026", or "" for no moment."""
    if moment is None:
        return ""
    day, clock = local_date_and_time(moment)
    return f"{clock} {day}"
