import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import services
from .forms import DeletionRequestForm, ProfileForm
from .models import DeletionRequest, Profile


def _own_profile(request) -> Profile | None:
    return (
        Profile.objects.select_related("user", "organisation_unit", "commune")
        .filter(user=request.user)
        .first()
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    own = _own_profile(request)
    if request.method == "POST" and own is not None:
        form = ProfileForm(request.POST)
        if form.is_valid():
            services.profile_update(
                profile=own,
                full_name=form.cleaned_data["full_name"],
                audience=form.cleaned_data["audience"],
                values=form.profile_values(),
            )
            messages.success(request, _("Your profile has been saved."))
            return redirect("accounts:profile")
    else:
        form = ProfileForm(initial=ProfileForm.initial_for(own)) if own else None
    pending = DeletionRequest.objects.filter(user=request.user, status=DeletionRequest.Status.PENDING).first()
    return render(
        request,
        "accounts/profile.html",
        {"profile": own, "form": form, "pending_deletion": pending, "deletion_form": DeletionRequestForm()},
    )


@login_required
def personal_data_download(request):
    data = services.personal_data_export(user=request.user)
    stamp = timezone.localdate().strftime("%Y%m%d")
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="du-lieu-ca-nhan-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def deletion_request(request):
    form = DeletionRequestForm(request.POST)
    if form.is_valid():
        services.deletion_request_create(user=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Your request to delete your account has been received."))
        return redirect("accounts:profile")
    own = _own_profile(request)
    return render(
        request,
        "accounts/profile.html",
        {
            "profile": own,
            "form": ProfileForm(initial=ProfileForm.initial_for(own)) if own else None,
            "pending_deletion": None,
            "deletion_form": form,
        },
        status=400,
    )


def privacy_notice(request):
    return render(
        request, "accounts/privacy_notice.html", {"notice_version": settings.LMS_PRIVACY_NOTICE_VERSION}
    )
