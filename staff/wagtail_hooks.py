"""Admin wiring for the staff area: its entries in the Wagtail menu.

Enrollment requests and class registrations live in the staff area; the admin keeps menu entries that lead
there (trainers and reviewers work in the admin) and redirects the old admin addresses.
"""

from django.urls import path, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .permissions import user_may_decide_enrollments, user_may_use_hr_area


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


@hooks.register("register_admin_menu_item")
def register_class_registrations_menu_item():
    return EnrollmentRequestsMenuItem(
        _("Class registrations"), reverse("class_registrations"), icon_name="user", order=221
    )


@hooks.register("register_admin_urls")
def register_staff_admin_urls():
    # The list was in the admin until #14: old bookmarks land on the staff area's page.
    return [
        path(
            "yeu-cau-ghi-danh/",
            RedirectView.as_view(pattern_name="enrollment_requests", permanent=True),
            name="enrollment_requests_admin",
        ),
        # Class registrations were decided in the admin until #15 was finished.
        path(
            "lop-hoc/duyet-dang-ky/",
            RedirectView.as_view(pattern_name="class_registrations", permanent=True),
            name="class_registrations_admin",
        ),
    ]
