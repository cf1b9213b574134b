"""Nominating learners to a class ("Cử đi học", HR area): a unit (optionally with its sub-units) or learners
listed by email or staff code. ``classes.services.class_nominate`` checks scope and eligibility again."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import OrganisationUnit
from accounts.scoping import units_readable_by
from classes import selectors as class_selectors
from classes import services as class_services
from classes.models import TrainingClass
from courses import selectors as course_selectors

from ..permissions import hr_area_required


class NominationForm(forms.Form):
    training_class = forms.ModelChoiceField(
        label=gettext_lazy("Class"), queryset=TrainingClass.objects.none()
    )
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Organisation unit"), queryset=OrganisationUnit.objects.none(), required=False
    )
    include_descendants = forms.BooleanField(
        label=gettext_lazy("Include sub-units"), required=False, initial=True
    )
    learners = forms.CharField(
        label=gettext_lazy("Or learners: one email or staff code per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["training_class"].queryset = class_selectors.classes_open_to_nomination()
        self.fields["unit"].queryset = units_readable_by(user=user).order_by("path")
        self.fields["unit"].label_from_instance = lambda unit: unit.indented_name

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("learners", "")
        if text.strip():
            learners, errors = course_selectors.learners_from_list(text=text, by=self.user)
            if errors:
                raise forms.ValidationError(
                    [
                        _("Line %(line)s: %(problem)s") % {"line": line, "problem": problem}
                        for line, problem in errors
                    ]
                )
            cleaned["people"] = learners
        elif cleaned.get("unit"):
            cleaned["people"] = list(
                course_selectors.unit_members(
                    unit=cleaned["unit"], include_descendants=cleaned.get("include_descendants", False)
                )
            )
            cleaned["whole_unit"] = True
        else:
            raise forms.ValidationError(_("Choose a unit or list at least one learner."))
        return cleaned


@hr_area_required
def nominate(request):
    form = NominationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            members, skipped = class_services.class_nominate(
                training_class=data["training_class"],
                users=data["people"],
                by=request.user,
                skip_ineligible=data.get("whole_unit", False),
            )
        except class_services.ClassError as error:
            form.add_error(None, error.message)
        else:
            counts = {
                s: sum(1 for m in members if m.status == s) for s in ("registered", "waitlisted", "pending")
            }
            message = _(
                "Nominated %(total)s: %(registered)s registered, %(waitlisted)s on the waiting list, "
                "%(pending)s awaiting approval."
            ) % {"total": len(members), **counts}
            if skipped:
                message += " " + _("%(count)s left out (their audience or unit does not fit the class).") % {
                    "count": len(skipped)
                }
            messages.success(request, message)
            return redirect("class_nominations")
    recent = class_selectors.nominations_by(user=request.user)[:20]
    return render(
        request, "staff/nominate.html", {"form": form, "nominations": recent, "active_tab": "nominate"}
    )
