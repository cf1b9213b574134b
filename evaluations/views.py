"""The learner's evaluation pages: the forms they are asked to answer, and one form. Each view parses input,
calls one service or selector, and renders. Another person's invitation is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from . import selectors, services


@login_required
@require_GET
def my_evaluations(request):
    today = timezone.localdate()
    invitations = list(selectors.invitations_of(user=request.user)[:100])
    for invitation in invitations:
        invitation.is_open = selectors.invitation_is_open(invitation=invitation, today=today)
    return render(request, "evaluations/mine.html", {"invitations": invitations, "today": today})


@login_required
@require_http_methods(["GET", "POST"])
def answer(request, invitation_id: int):
    invitation = get_object_or_404(selectors.invitations_of(user=request.user), pk=invitation_id)
    if not selectors.invitation_is_open(invitation=invitation):
        messages.info(
            request,
            _("You have already answered this evaluation. Thank you.")
            if invitation.answered
            else _("This evaluation form is closed."),
        )
        if request.method == "POST" and not invitation.answered:
            messages.error(request, _("This evaluation form is closed; your answers were not recorded."))
        return redirect("evaluations:my_evaluations")
    error, posted = "", {}
    if request.method == "POST":
        posted = {key: request.POST.getlist(key) for key in request.POST if key.startswith("item-")}
        try:
            services.evaluation_submit(invitation=invitation, user=request.user, data=posted)
        except services.EvaluationError as failure:
            error = failure.message
        else:
            messages.success(request, _("Thank you: your evaluation has been recorded anonymously."))
            return redirect("evaluations:my_evaluations")
    sections = selectors.form_sections(form_id=invitation.evaluation.form_id)
    for section in sections:
        for item in section.items.all():
            item.posted = posted.get(f"item-{item.pk}", [])
            item.choices = [(str(index), label) for index, label in enumerate(item.option_list)]
    context = {
        "invitation": invitation,
        "evaluation": invitation.evaluation,
        "sections": sections,
        "error": error,
        "posted": posted,
        "scale": [str(value) for value in range(1, 11)],
    }
    return render(request, "evaluations/answer.html", context, status=400 if error else 200)
