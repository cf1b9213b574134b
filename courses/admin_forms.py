from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from accounts.text import nfc

from .models import Question


class QuestionForm(WagtailAdminModelForm):
    """Checks that the options fit the question type before anything is saved."""

    def clean(self):
        cleaned = super().clean()
        qtype = cleaned.get("type")
        choices = _live_rows(self.formsets.get("choices"))
        pairs = _live_rows(self.formsets.get("pairs"))
        correct = [row for row in choices if (row.get("fraction") or 0) > 0]
        if qtype in (Question.Type.SINGLE, Question.Type.TRUE_FALSE):
            if len(choices) < 2:
                raise forms.ValidationError(_("Give at least two options."))
            if len([row for row in choices if row.get("fraction") == 1]) != 1:
                raise forms.ValidationError(_("Exactly one option must be worth full credit (1)."))
        elif qtype == Question.Type.MULTIPLE:
            if len(choices) < 2 or not correct:
                raise forms.ValidationError(_("Give at least two options, one or more of them correct."))
        elif qtype == Question.Type.SHORT:
            if not correct:
                raise forms.ValidationError(_("Give at least one accepted answer with credit above 0."))
        elif qtype == Question.Type.MATCHING and len([row for row in pairs if row.get("prompt")]) < 2:
            raise forms.ValidationError(_("Give at least two matching pairs."))
        for name in ("name", "text", "feedback"):
            if cleaned.get(name):
                cleaned[name] = nfc(cleaned[name]) if name == "name" else cleaned[name].strip()
        return cleaned


def _live_rows(formset) -> list[dict]:
    if formset is None:
        return []
    # ClusterForm cleans the parent form before its formsets: clean the rows now so they can be read.
    formset.is_valid()
    return [
        form.cleaned_data
        for form in formset.forms
        if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
    ]
