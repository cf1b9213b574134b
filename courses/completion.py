"""Completion requirements that apps above ``courses`` add to every course's rule.

``courses`` owns completion (``enrollment_completion_refresh``, ``course_completed``) but must not import the
apps that add conditions to it (``classes``: attendance of a class). Such an app registers a requirement in its
``AppConfig.ready``; ``selectors.completion_satisfied`` asks every registered requirement, and the learner's
page lists what each still lacks. A requirement is a function ``(*, enrollment) -> list[str]``: the reasons
(translated, for the learner) it is not yet met, empty when it is met or does not apply to the enrollment.
"""

from collections.abc import Callable

Requirement = Callable[..., list[str]]

_requirements: dict[str, Requirement] = {}


def completion_requirement_register(*, name: str, requirement: Requirement) -> None:
    """Add (or replace, so ``ready`` may run twice) the requirement called ``name``."""
    _requirements[name] = requirement


def completion_requirements_unmet(*, enrollment) -> list[str]:
    """What the registered requirements still lack for ``enrollment`` (empty when all are met)."""
    unmet: list[str] = []
    for requirement in _requirements.values():
        unmet.extend(requirement(enrollment=enrollment))
    return unmet
