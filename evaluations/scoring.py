"""The scoring rules of an evaluation, in one place (ADR 0031): validity, means and bands. Pure functions;
the selectors feed them figures aggregated in the database.

- A form is valid unless more than ``LMS_EVALUATION_MAX_BLANK_SHARE`` of its scored and choice items are
  blank (free text is always optional). Invalid forms are counted, never scored.
- An item's mean is the mean of its scores in valid forms; a section's mean is the mean of its items' means;
  the form's mean is the mean of all its items' means (each item weighs the same, whatever its section).
- A mean falls in the first band whose lower bound it reaches (``LMS_EVALUATION_BAND_THRESHOLDS``).
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

BAND_LABELS = (
    ("excellent", pgettext_lazy("evaluation band", "Excellent")),
    ("good", pgettext_lazy("evaluation band", "Good")),
    ("fair", pgettext_lazy("evaluation band", "Fair")),
    ("average", pgettext_lazy("evaluation band", "Average")),
    ("poor", pgettext_lazy("evaluation band", "Poor")),
)
NOT_ENOUGH = _("Fewer valid answers than needed")


@dataclass(frozen=True)
class Band:
    key: str
    label: str
    lower: float | None


def bands() -> list[Band]:
    """The five bands, best first, with their lower bounds (the last has none)."""
    thresholds = sorted(settings.LMS_EVALUATION_BAND_THRESHOLDS, reverse=True)[: len(BAND_LABELS) - 1]
    lowers = [*thresholds, None]
    return [
        Band(key=key, label=str(label), lower=lower)
        for (key, label), lower in zip(BAND_LABELS, lowers, strict=False)
    ]


def band_of(mean: float | None) -> Band | None:
    if mean is None:
        return None
    for band in bands():
        if band.lower is None or mean >= band.lower - 1e-9:
            return band
    return None  # pragma: no cover (the last band has no lower bound)


def is_valid(*, blank: int, counted: int) -> bool:
    """More than the allowed share of blank items makes a form invalid; a form without such items is valid."""
    if counted == 0:
        return True
    return blank / counted <= settings.LMS_EVALUATION_MAX_BLANK_SHARE + 1e-9


def mean(values) -> float | None:
    values = [value for value in values if value is not None]
    return sum(values) / len(values) if values else None


def enough(valid: int) -> bool:
    return valid >= settings.LMS_EVALUATION_MIN_ANSWERS
