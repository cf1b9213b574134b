"""Admin forms of evaluations: a form with answers keeps its structure (ADR 0031, "Forms with answers"), and a
class evaluation setting can only name a class its editor manages."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from classes.selectors import classes_visible_to

from . import selectors
from .models import EvaluationItem

LOCKED_MESSAGE = _(
    "This form already has answers, so its structure is locked: sections and items cannot be added or "
    "deleted, an item's kind cannot change, and the options of a choice item cannot be added, removed, "
    "reordered or reworded. You can still correct titles, questions and the introduction. To change the "
    "structure, copy the form and attach the copy to new courses and classes."
)


def _rows(formset):
    """(form, cleaned data) for each bound row of ``formset`` that holds data (a blank extra row is skipped)."""
    if formset is None:
        return []
    # ClusterForm cleans the parent form before its formsets: clean the rows now so they can be read.
    formset.is_valid()
    return [
        (form, form.cleaned_data)
        for form in formset.forms
        if getattr(form, "cleaned_data", None) is not None and (form.instance.pk or form.has_changed())
    ]


class EvaluationFormAdminForm(WagtailAdminModelForm):
    """Refuses structural edits of a form that has answers, before anything is saved.

    Answers point at items and store a score, an option's position or a text: deleting or adding an item or a
    section, changing an item's kind or its number of options would change what stored answers mean or drop
    them (``EvaluationAnswer.item`` is PROTECT, so a deletion would fail in the database anyway). A choice
    answer is the option's position, so the options themselves are locked too (reordering them cannot be told
    from rewording them). Titles, questions and the introduction stay editable.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.locked = bool(self.instance.pk) and selectors.form_has_answers(form_id=self.instance.pk)
        if self.locked and "title" in self.fields:
            # Said before the editor tries, not only after a refused save.
            self.fields["title"].help_text = LOCKED_MESSAGE

    def clean(self):
        cleaned = super().clean()
        if not self.locked:
            return cleaned
        # The rows' instances already carry the posted values (ModelForm cleaning writes them): compare with
        # what is stored.
        stored = {item.pk: item for item in EvaluationItem.objects.filter(section__form_id=self.instance.pk)}
        refused = False
        if "kind" in self.changed_data:
            self.add_error("kind", _("The kind of a form with answers cannot change."))
            refused = True
        for section_form, section in _rows(self.formsets.get("sections")):
            if not section_form.instance.pk or section.get("DELETE"):
                section_form.add_error(
                    None, _("A section cannot be added or deleted in a form with answers.")
                )
                refused = True
                continue
            for item_form, item in _rows(section_form.formsets.get("items")):
                old = stored.get(item_form.instance.pk)
                if old is None or item.get("DELETE"):
                    item_form.add_error(None, _("An item cannot be added or deleted in a form with answers."))
                    refused = True
                    continue
                if item.get("kind") != old.kind:
                    item_form.add_error("kind", _("The kind of an item with answers cannot change."))
                    refused = True
                # An answer stores the option's position: any change of the list (a reorder looks like two
                # rewordings) would change what stored answers mean, so only spacing may differ.
                new_options = [
                    line.strip() for line in (item.get("options") or "").splitlines() if line.strip()
                ]
                if new_options != old.option_list:
                    item_form.add_error(
                        "options",
                        _("The options of a form with answers cannot change: copy the form instead."),
                    )
                    refused = True
        if refused:
            raise forms.ValidationError(LOCKED_MESSAGE, code="locked")
        return cleaned


class ClassEvaluationSettingAdminForm(WagtailAdminModelForm):
    """Offers, and accepts, only the classes the editor manages (``classes_visible_to``): a trainer their
    classes, an administrator every class. A tampered class id is refused as an invalid choice."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("training_class")
        if field is not None and self.for_user is not None:
            field.queryset = classes_visible_to(user=self.for_user).order_by("-starts_on", "code")
