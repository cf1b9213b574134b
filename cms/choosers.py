"""Wagtail's admin chooser widgets, made safe to re-render a form whose hidden chooser value is not an id.

A chooser (page, snippet, image, document) keeps the chosen object's id in a hidden input. When that value has
been edited by hand (``unit=abc``), Django's form field refuses it with a validation error, as it should; but
re-rendering the form with that error makes the widget look the value up (``BaseChooser.get_instance``), and
Wagtail catches only ``DoesNotExist`` there, so the lookup's ``ValueError`` became a 500 instead of the form
with its error. :func:`install` makes such a value read as "nothing chosen"; the field's error still shows.
"""

from django.core.exceptions import ValidationError


def install() -> None:
    from wagtail.admin.widgets.chooser import BaseChooser

    looked_up = BaseChooser.get_instance
    if getattr(looked_up, "tolerates_non_ids", False):
        return

    def get_instance(self, value):
        try:
            return looked_up(self, value)
        except (ValueError, TypeError, ValidationError, OverflowError):
            return None

    get_instance.tolerates_non_ids = True
    BaseChooser.get_instance = get_instance
