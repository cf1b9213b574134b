from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .forms import PlainTextField
from .models import OrganisationUnit
from .text import nfc


class OrganisationUnitForm(WagtailAdminModelForm):
    """Edits a unit and its place in the tree; treebeard does the inserting and moving."""

    name = PlainTextField(label=_("name"), max_length=255)
    parent = forms.ModelChoiceField(
        label=_("Parent unit"),
        queryset=OrganisationUnit.objects.all(),
        required=False,
        help_text=_("Leave empty for a top-level unit (the province)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].choices = [("", "---------")] + [
            (u.pk, u.indented_name) for u in OrganisationUnit.get_tree()
        ]
        if self.instance.pk:
            self.initial["parent"] = getattr(self.instance.get_parent(), "pk", None)

    def clean_name(self):
        return nfc(self.cleaned_data["name"])

    def clean_parent(self):
        parent = self.cleaned_data.get("parent")
        if parent and self.instance.pk and parent.path.startswith(self.instance.path):
            raise forms.ValidationError(_("A unit cannot be placed under itself or one of its sub-units."))
        return parent

    def save(self, commit=True):
        instance = super().save(commit=False)
        parent = self.cleaned_data.get("parent")
        if instance.pk is None:
            return (
                parent.add_child(instance=instance)
                if parent
                else OrganisationUnit.add_root(instance=instance)
            )
        instance.save()
        current = instance.get_parent(update=True)
        if (current and current.pk) != (parent and parent.pk):
            if parent:
                instance.move(parent, pos="sorted-child")
            else:
                instance.move(OrganisationUnit.get_first_root_node(), pos="sorted-sibling")
            instance.refresh_from_db()
        return instance
