"""Rendering the comment section the way the report page does, and reading it."""

import re

from django.contrib.sessions.backends.db import SessionStore
from django.template import RequestContext, Template
from django.test import RequestFactory

SECTION = Template("{% load moderation_tags %}{% report_comments report %}")


def render_section(report, user, *, query=None, session=None) -> str:
    """The section as `{% report_comments report %}` renders it on the report page."""
    request = RequestFactory().get(report.get_absolute_url(), query or {})
    request.user = user
    request.session = session if session is not None else SessionStore()
    html = SECTION.render(RequestContext(request, {"report": report}))
    if session is not None and session.modified:
        session.save()  # as SessionMiddleware does after a response
    return html


def comment_ids(html: str) -> list[int]:
    """The comments shown, in page order."""
    return [
        int(pk) for pk in re.findall(r'<article class="comment[^"]*" id="binh-luan-(\d+)"', html)
    ]


def create_url(report) -> str:
    return f"/binh-luan/phan-anh/{report.code}/"


def like_url(comment) -> str:
    return f"/binh-luan/{comment.pk}/thich/"


def flag_url(comment) -> str:
    return f"/binh-luan/{comment.pk}/bao-vi-pham/"


def flag_report_url(report) -> str:
    return f"/binh-luan/phan-anh/{report.code}/bao-vi-pham/"


QUEUE_URL = "/kiem-duyet/"
BULK_URL = "/kiem-duyet/binh-luan/"


def decide_url(comment) -> str:
    return f"/kiem-duyet/binh-luan/{comment.pk}/"


def flag_decide_url(flag) -> str:
    return f"/kiem-duyet/bao-vi-pham/{flag.pk}/"
