"""Admin wiring for the staff area: its entries in the Wagtail menu and the enrollment-request list."""

from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .permissions import user_may_decide_enrollments, user_may_use_hr_area
from .views.enrollment_requests import enrollment_requests


class HRAreaMenuItem(MenuItem):
    def is_shown(self, request):
        return user_may_use_hr_area(user=request.user)


class EnrollmentRequestsMenuItem(MenuItem):
    def is_shown(self, request):
        return user_may_decide_enrollments(user=request.user)


@hooks.register("register_admin_menu_item")
def register_reports_menu_item():
    return HRAreaMenuItem(_("Reports"), reverse_lazy("reports:dashboard"), icon_name="table", order=260)


@hooks.register("register_admin_menu_item")
def register_enrollment_requests_menu_item():
    return EnrollmentRequestsMenuItem(
        _("Enrollment requests"), reverse("enrollment_requests"), icon_name="user", order=220
    )


@hooks.register("register_admin_urls")
def register_staff_admin_urls():
    return [path("yeu-cau-ghi-danh/", enrollment_requests, name="enrollment_requests")]
