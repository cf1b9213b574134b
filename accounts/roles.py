"""Role names. Roles are Django groups so Wagtail's permission UI manages them."""

from django.utils.translation import gettext_noop

TRAINERS = gettext_noop("Trainers")
REVIEWERS = gettext_noop("Reviewers")
HR_MANAGERS = gettext_noop("HR managers")
STAFF_GROUPS = (TRAINERS, REVIEWERS, HR_MANAGERS)
