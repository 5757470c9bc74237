"""Open311 servicerequestupdates (FixMyStreet's extension), at the project's
URLs: GET lists the reports' public steps (reports/opendata/open311/updates.py);
POST is a partner's citizen update, which becomes a comment held for
moderation (partner_updates.py) and answers with the portal's update_id."""

from django.conf import settings
from django.core.exceptions import ValidationError

from moderation import partner_updates, services
from moderation.models import COMMENT_MAX_LENGTH
from phananh import ratelimit
from reports.opendata.open311 import serializers
from reports.opendata.open311.params import BadRequest, api_key_of, form_field, moment, open311
from reports.opendata.open311.service_requests import contact, media_urls, visible_requests
from reports.opendata.open311.updates import list_updates


@open311("GET", "HEAD", "POST")
def service_request_updates(request, fmt):
    if request.method == "POST":
        return _post_update(request, fmt)
    return list_updates(request, fmt)


def _post_update(request, fmt):
    api_key = api_key_of(request, required=True)
    if not ratelimit.consume(f"open311:{api_key.pk}", settings.OPEN311_POST_RATE_LIMIT):
        raise BadRequest("Too many requests for this api_key; try again later.", 429)
    code = form_field(request, "service_request_id", 40)
    partner_update_id = form_field(request, "update_id", 100)
    if not code or not partner_update_id:
        raise BadRequest("service_request_id and update_id are required.")
    report = visible_requests(api_key).filter(code=code).first()
    if report is None:
        raise BadRequest(f"Service request “{code}” not found.", 404)
    form_field(request, "status", 40)  # FixMyStreet's view of the state: a citizen changes none
    try:
        comment, _created = partner_updates.partner_update_post(
            api_key=api_key,
            report=report,
            partner_update_id=partner_update_id,
            body=form_field(request, "description", COMMENT_MAX_LENGTH),
            media_urls=media_urls(request),
            **contact(request),
            updated_at=moment(form_field(request, "updated_datetime", 40), "updated_datetime"),
        )
    except ValidationError as error:
        status = 404 if error.code == services.NOT_FOUND else 400
        raise BadRequest(" ".join(error.messages), status) from None
    data = [{"update_id": str(comment.pk)}]
    return serializers.render(data, fmt=fmt, root_tag="service_request_updates")
