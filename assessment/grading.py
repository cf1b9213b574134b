"""Scoring of one answered question. Pure functions of the stored question and answer: no queries."""

from decimal import ROUND_HALF_UP, Decimal

from accounts.text import fold

from .models import Question

TWO_PLACES = Decimal("0.01")


def normalise_short_answer(value: str) -> str:
    """Accent-, case- and space-insensitive form used to compare short answers ("Đô thị" == "do  thi")."""
    return "".join(fold(value).split())


def score_question(
    *, question: Question, choices: list, pairs: list, selected: list, text: str, matches: dict
) -> Decimal:
    """Points earned, between 0 and ``question.points``.

    ``choices`` and ``pairs`` are the question's options, ``selected`` the chosen option ids, ``text`` the
    typed answer and ``matches`` {pair id (str): chosen answer text}. Forged ids that are not options of
    this question count for nothing.
    """
    points = question.points
    if question.type == Question.Type.SHORT:
        typed = normalise_short_answer(text)
        best = max(
            (c.fraction for c in choices if typed and normalise_short_answer(c.text) == typed), default=0
        )
        share = Decimal(best)
    elif question.type == Question.Type.MATCHING:
        real = [p for p in pairs if p.prompt]
        right = sum(1 for p in real if (matches.get(str(p.pk)) or "").strip() == p.answer.strip())
        share = Decimal(right) / Decimal(len(real)) if real else Decimal(0)
    else:
        valid = {c.pk: c for c in choices}
        chosen = {int(i) for i in selected if str(i).isdigit() and int(i) in valid}
        if question.type in (Question.Type.SINGLE, Question.Type.TRUE_FALSE):
            share = valid[next(iter(chosen))].fraction if len(chosen) == 1 else Decimal(0)
        elif question.partial_credit:
            share = sum((valid[i].fraction for i in chosen), Decimal(0))
        else:
            correct = {c.pk for c in choices if c.fraction > 0}
            share = Decimal(1) if chosen and chosen == correct else Decimal(0)
    share = min(max(Decimal(share), Decimal(0)), Decimal(1))
    return (points * share).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
