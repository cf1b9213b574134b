from django import forms
from django.db.models import Max
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from .forms import PlainTextField
from .models import OrganisationUnit
from .services import unit_max_depth
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
        height = 1
        if self.instance.pk:
            deepest = self.instance.get_descendants().aggregate(deepest=Max("depth"))["deepest"]
            height = (deepest or self.instance.depth) - self.instance.depth + 1
        limit = unit_max_depth()
        if (parent.depth if parent else 0) + height > limit:
            raise forms.ValidationError(
                _("Units may be at most %(limit)s levels deep; choose a parent higher in the tree.")
                % {"limit": limit}
            )
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


class NFCAdminModelForm(WagtailAdminModelForm):
    """An admin form that normalises every submitted text to NFC before any field checks it, so a length
    limit counts the letters a person sees, whatever keyboard composed them."""

    def __init__(self, data=None, *args, **kwargs):
        if data is not None:
            data = data.copy()
            for key in list(data.keys()):
                data.setlist(key, [nfc(v) if isinstance(v, str) else v for v in data.getlist(key)])
        super().__init__(data, *args, **kwargs)
