"""Columns shared by the admin listings of every app (the lowest app, so each layer above may use them)."""

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail.admin.ui.tables import Column


class YesNoColumn(Column):
    """A yes/no field as "Có" / "Không", sortable by the field: a plain column prints Python's "True", and
    Wagtail's BooleanColumn titles its icon with it."""

    def __init__(self, name, **kwargs):
        kwargs.setdefault("sort_key", name)
        if kwargs.get("label"):
            # Capitalised like the headers Wagtail makes from lower-case verbose names.
            kwargs["label"] = capfirst(kwargs["label"])
        super().__init__(name, **kwargs)

    def get_value(self, instance):
        return _("Yes") if super().get_value(instance) else _("No")
