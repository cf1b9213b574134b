import json

from allauth.account import views as allauth_views
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from . import confirmation, services
from .forms import DeletionRequestForm, PersonalDataRequestForm, ProfileForm, SignupEmailChangeForm
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


@login_required
@require_http_methods(["GET", "POST"])
def personal_data_requests(request):
    """The person's requests about their data (access, correction, withdrawal of consent; deletion has its
    own page), with their state and legal deadline, and the form to file one."""
    form = PersonalDataRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.personal_data_request_create(
            user=request.user, kind=form.cleaned_data["kind"], details=form.cleaned_data["details"]
        )
        messages.success(request, _("Your request has been received."))
        return redirect("accounts:personal_data_requests")
    own = DeletionRequest.objects.filter(user=request.user).order_by("-requested_at")
    return render(
        request,
        "accounts/personal_data_requests.html",
        {"form": form, "requests": own},
        status=400 if form.errors else 200,
    )


def privacy_notice(request):
    return render(
        request,
        "accounts/privacy_notice.html",
        {
            "notice_version": settings.LMS_PRIVACY_NOTICE_VERSION,
            # Evaluations (#17): results are shown from this many valid forms on.
            "evaluation_min_answers": settings.LMS_EVALUATION_MIN_ANSWERS,
        },
    )


# --- Signup and the "confirm your email" step ----------------------------------------------------


class SignupView(allauth_views.SignupView):
    """allauth's signup, remembering in the session the address it signed up with (see ``confirmation``).

    A known address creates no account (enumeration prevention) and is remembered the same way.
    """

    def form_valid(self, form):
        response = super().form_valid(form)
        if not self.request.user.is_authenticated:
            confirmation.pending_signup_remember(
                self.request, email=form.cleaned_data["email"], user=self.user, signed_up=True
            )
        return response


class EmailVerificationSentView(allauth_views.EmailVerificationSentView):
    """Where to look, what to do, "send again", "correct the address", and whom to ask."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pending = confirmation.pending_signup_get(self.request)
        context.update(
            pending=pending,
            confirmed=pending is not None and confirmation.is_confirmed(pending),
            may_change_address=confirmation.may_change_address(pending),
        )
        context.setdefault("change_form", SignupEmailChangeForm())
        return context


signup = SignupView.as_view()
email_verification_sent = never_cache(EmailVerificationSentView.as_view())


def _pending_or_redirect(request):
    pending = confirmation.pending_signup_get(request)
    if pending is None:
        messages.info(
            request, _("Sign in with your email address and password to get a new confirmation email.")
        )
    return pending


@require_POST
def confirmation_resend(request):
    pending = _pending_or_redirect(request)
    if pending is None:
        return redirect("account_login")
    if confirmation.is_confirmed(pending):
        messages.success(request, _("Your email address is already confirmed. You can sign in."))
        return redirect("account_login")
    if confirmation.confirmation_resend(request=request, pending=pending):
        messages.success(
            request,
            _("We have sent the confirmation email again to %(email)s.") % {"email": pending.email},
        )
    else:
        messages.warning(
            request,
            _(
                "A confirmation email was sent to this address a moment ago. Wait a few minutes and check "
                "your spam folder before asking again."
            ),
        )
    return redirect("account_email_verification_sent")


@require_POST
def signup_email_change(request):
    pending = _pending_or_redirect(request)
    if pending is None:
        return redirect("account_login")
    if not confirmation.may_change_address(pending):
        messages.warning(
            request,
            _(
                "The address can only be corrected in the browser you signed up with, before it is "
                "confirmed. Sign up again or contact us for help."
            ),
        )
        return redirect("account_email_verification_sent")
    form = SignupEmailChangeForm(request.POST)
    if not form.is_valid():
        page = EmailVerificationSentView()
        page.setup(request)
        return render(request, page.template_name, page.get_context_data(change_form=form), status=400)
    if confirmation.signup_email_change(request=request, pending=pending, email=form.cleaned_data["email"]):
        messages.success(
            request,
            _("The address is now %(email)s; we have sent the confirmation email there.")
            % {"email": form.cleaned_data["email"].lower()},
        )
    else:
        messages.warning(
            request,
            _("You have corrected the address several times. Wait an hour, or contact us for help."),
        )
    return redirect("account_email_verification_sent")
