"""``{{ value|scorm_term }}``: SCORM's own vocabulary (statuses, interaction types and results) in the reader's
language. Packages send these words in English; anything else (a package's own result text, a number) is shown
as sent."""

from django import template
from django.utils.translation import pgettext_lazy

register = template.Library()

TERMS = {
    # cmi.core.lesson_status (1.2), cmi.completion_status and cmi.success_status (2004), objectives.
    "not attempted": pgettext_lazy("SCORM value", "not attempted"),
    "browsed": pgettext_lazy("SCORM value", "browsed"),
    "incomplete": pgettext_lazy("SCORM value", "incomplete"),
    "completed": pgettext_lazy("SCORM value", "completed"),
    "passed": pgettext_lazy("SCORM value", "passed"),
    "failed": pgettext_lazy("SCORM value", "failed"),
    "unknown": pgettext_lazy("SCORM value", "unknown"),
    # cmi.interactions.n.type
    "true-false": pgettext_lazy("SCORM value", "true/false"),
    "choice": pgettext_lazy("SCORM value", "multiple choice"),
    "fill-in": pgettext_lazy("SCORM value", "fill in"),
    "long-fill-in": pgettext_lazy("SCORM value", "long answer"),
    "matching": pgettext_lazy("SCORM value", "matching"),
    "performance": pgettext_lazy("SCORM value", "performance"),
    "sequencing": pgettext_lazy("SCORM value", "ordering"),
    "likert": pgettext_lazy("SCORM value", "rating scale"),
    "numeric": pgettext_lazy("SCORM value", "number"),
    "other": pgettext_lazy("SCORM value", "other"),
    # cmi.interactions.n.result ("wrong" is SCORM 1.2's spelling of "incorrect")
    "correct": pgettext_lazy("SCORM value", "correct"),
    "incorrect": pgettext_lazy("SCORM value", "incorrect"),
    "wrong": pgettext_lazy("SCORM value", "incorrect"),
    "unanticipated": pgettext_lazy("SCORM value", "unanticipated"),
    "neutral": pgettext_lazy("SCORM value", "neutral"),
}


@register.filter
def scorm_term(value):
    if value in (None, ""):
        return "—"
    return TERMS.get(str(value).strip().lower(), value)
