"""The personal area (Cá nhân): notifications, my reports, drafts (seed 2.3.1, 2.3.3, 2.3.4)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from reports import selectors
from reports.forms import MyReportsFilter
from reports.numbers import plain_int
from reports.pagination import BoundedPaginator

PAGE_SIZE = 10


class PersonalAreaMixin(LoginRequiredMixin):
    paginate_by = PAGE_SIZE
    paginator_class = BoundedPaginator
    tab = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tab"] = self.tab
        return context


class NotificationListView(PersonalAreaMixin, ListView):
    template_name = "reports/personal/notifications.html"
    tab = "notifications"
    context_object_name = "notifications"

    def get_queryset(self):
        return selectors.notifications_for(user=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # "Delete all read" only when there is something to delete (one EXISTS).
        context["has_read"] = self.get_queryset().read().exists()
        return context


@login_required
def notification_open(request, pk):
    """Opening a notification marks it read and leads to its report."""
    notification = get_object_or_404(selectors.notifications_for(user=request.user), pk=pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    if notification.report is None:
        return redirect("reports:notifications")
    return redirect(notification.report)


@login_required
@require_POST
def notifications_delete_read(request):
    pk = request.POST.get("pk")
    read = selectors.notifications_for(user=request.user).read()
    if pk:
        notification_id = plain_int(pk)
        read = read.filter(pk=notification_id) if notification_id is not None else read.none()
    deleted, _detail = read.delete()
    messages.success(request, _("Đã xoá %(count)s thông báo đã xem.") % {"count": deleted})
    return redirect("reports:notifications")


class MyReportsView(PersonalAreaMixin, ListView):
    template_name = "reports/personal/my_reports.html"
    tab = "reports"
    context_object_name = "reports"

    def get_queryset(self):
        self.filterset = MyReportsFilter(
            self.request.GET or None, queryset=selectors.reports_sent_by(user=self.request.user)
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        return context


class DraftListView(PersonalAreaMixin, ListView):
    template_name = "reports/personal/drafts.html"
    tab = "drafts"
    context_object_name = "drafts"

    def get_queryset(self):
        return selectors.drafts_of(user=self.request.user)
