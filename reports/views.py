"""The HR area ("Quản lý đào tạo"): HR managers see only their organisation subtrees."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from accounts.selectors import profiles_visible_to, user_is_hr_manager
from accounts.text import nfc


def _require_hr(request):
    if not user_is_hr_manager(user=request.user):
        raise PermissionDenied


@login_required
def learner_list(request):
    _require_hr(request)
    query = nfc(request.GET.get("q", ""))
    profiles = profiles_visible_to(user=request.user).order_by("user__full_name", "pk")
    if query:
        profiles = profiles.filter(user__full_name__icontains=query) | profiles.filter(
            user__email__icontains=query
        )
    page = Paginator(profiles, 50).get_page(request.GET.get("page"))
    return render(request, "reports/learner_list.html", {"page": page, "query": query})


@login_required
def learner_detail(request, public_id):
    _require_hr(request)
    profile = get_object_or_404(profiles_visible_to(user=request.user), user__public_id=public_id)
    return render(request, "reports/learner_detail.html", {"learner": profile})
