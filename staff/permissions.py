"""Who may use the staff area ("Quản lý đào tạo"). Every staff view, menu item and link asks here.

Two doors:
- the HR area (reports, exports, course assignment, certificate management) admits HR managers, that is
  anyone with an ``HRScope``, and administrators;
- the enrollment requests ("Yêu cầu đăng ký học") and class registrations ("Duyệt đăng ký lớp") also admit
  trainers and reviewers: each list is narrowed to what each may decide (``courses.selectors.pending_requests_for``,
  ``classes.selectors.pending_members_for``).

What a user who is let in then sees is narrowed by ``accounts.scoping``, never here.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from accounts.models import User
from accounts.selectors import user_roles


def user_may_use_hr_area(*, user: User) -> bool:
    """HR managers and administrators (``Roles.is_hr`` counts superusers in); cached per request."""
    return user_roles(user=user).is_hr


def user_may_decide_enrollments(*, user: User) -> bool:
    """HR managers, administrators and every member of a staff group (trainers, reviewers ...)."""
    roles = user_roles(user=user)
    return roles.is_hr or bool(roles.groups)


def hr_area_required(view):
    """Sign-in first (anonymous visitors go to the sign-in page), then 403 for anyone outside the HR area."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not user_may_use_hr_area(user=request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def enrollment_deciders_required(view):
    """Sign-in first, then 403 for anyone who may not decide enrollment requests."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not user_may_decide_enrollments(user=request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)
