import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from . import services
from .forms import DeletionRequestForm, ProfileForm
from .models import DeletionRequest, Profile


def _own_profile(request) -> Profile | None:
    return Profile.objects.select_related("user", "organisation_unit").filter(user=request.user).first()


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
@require_GET
def personal_data_page(request):
    """The same export as the JSON download, readable on screen (only ever the signed-in person's)."""
    return render(
        request,
        "accounts/personal_data.html",
        {"data": services.personal_data_export(user=request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def deletion_request(request):
    """Explain what erasure does to each kind of record, take the request, and confirm it."""
    pending = DeletionRequest.objects.filter(user=request.user, status=DeletionRequest.Status.PENDING).first()
    form = DeletionRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and (pending is not None or form.is_valid()):
        if pending is None:
            services.deletion_request_create(user=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("Your request to delete your account has been received."))
        return redirect("accounts:deletion_request")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "accounts/deletion_request.html",
        {"pending_deletion": pending, "deletion_form": form},
        status=status,
    )


def privacy_notice(request):
    return render(
        request, "accounts/privacy_notice.html", {"notice_version": settings.LMS_PRIVACY_NOTICE_VERSION}
    )
