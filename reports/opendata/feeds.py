"""Atom feeds of newly published reports (README §8: feeds and exports).

Overall, per category and per ward. Only public reports whose answer has been
published appear, and never anyone's personal data: no reporter name, phone or
e-mail, whatever the report's "hide name" choice.
"""

import io

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from reports.models import AdministrativeUnit, Category, Report
from reports.xml_text import xml_text

FEED_SIZE = 50
ANSWER_EXCERPT_WORDS = 60


class XmlSafeAtom1Feed(Atom1Feed):
    """Atom without the characters XML cannot carry (see reports/xml_text.py)."""

    def write(self, outfile, encoding):
        document = io.StringIO()
        super().write(document, encoding)
        outfile.write(xml_text(document.getvalue()))


class PublishedReportsFeed(Feed):
    """The latest published reports, newest first."""

    feed_type = XmlSafeAtom1Feed
    title = _("Phản ánh hiện trường Quảng Trị – phản ánh mới được xử lý")
    subtitle = _("Các phản ánh của người dân vừa được đăng tải kết quả xử lý.")

    def link(self, obj=None):
        return reverse("reports:home")

    def feed_url(self, obj=None):
        return reverse("reports:feed")

    def items(self, obj=None):
        reports = Report.objects.public().filter(
            status=Report.Status.PUBLISHED, published_at__isnull=False
        )
        reports = self.filter_items(reports, obj)
        return reports.select_related("category", "ward").order_by("-published_at", "-pk")[
            :FEED_SIZE
        ]

    def filter_items(self, reports, obj):
        return reports

    def item_title(self, report):
        return f"{report.code} – {report.title}"

    def item_link(self, report):
        return reverse("reports:detail", args=[report.code])

    def item_guid(self, report):
        return self.item_link(report)

    def item_description(self, report):
        parts = [report.content.strip()]
        answer = report.answer.strip()
        if answer:
            excerpt = Truncator(answer).words(ANSWER_EXCERPT_WORDS)
            parts.append(gettext("Kết quả trả lời: %(answer)s") % {"answer": excerpt})
        # Atom's summary is HTML (type="html"): the citizen's and the agency's
        # plain text is escaped, so a reader shows markup in it as text.
        return linebreaks("\n\n".join(part for part in parts if part), autoescape=True)

    def item_pubdate(self, report):
        return report.published_at

    def item_updateddate(self, report):
        return report.published_at

    def item_categories(self, report):
        return [report.category.name] if report.category_id else []

    # No item_author_*: reporters' names are personal data and never syndicated.


class CategoryReportsFeed(PublishedReportsFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def title(self, category):
        return gettext("Phản ánh mới được xử lý – chuyên mục %(name)s") % {"name": category.name}

    def feed_url(self, category):
        return reverse("reports:feed_category", args=[category.slug])

    def filter_items(self, reports, category):
        return reports.filter(category=category)


class WardReportsFeed(PublishedReportsFeed):
    def get_object(self, request, code):
        return get_object_or_404(AdministrativeUnit, code=code)

    def title(self, ward):
        return gettext("Phản ánh mới được xử lý – %(name)s") % {"name": ward.name}

    def feed_url(self, ward):
        return reverse("reports:feed_ward", args=[ward.code])

    def filter_items(self, reports, ward):
        return reports.filter(ward=ward)
