from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .selectors import user_has_staff_role

PROTECTED_PREFIXES = ("/admin/", "/quan-ly-dao-tao/")


class StaffMFARequiredMiddleware:
    """Trainers, reviewers, HR managers and administrators reach the admin and HR pages only with TOTP.

    A user with an active authenticator cannot finish allauth's login without the code, so having one
    means this session passed it; a user without one is sent to set it up first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            settings.LMS_STAFF_MFA_REQUIRED
            and request.path.startswith(PROTECTED_PREFIXES)
            and not request.path.startswith(("/admin/login", "/admin/logout"))
            and user_has_staff_role(user=request.user)
            and not request.user.authenticator_set.filter(type="totp").exists()
        ):
            messages.warning(
                request, _("Staff accounts must set up two-factor authentication before continuing.")
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
