"""Admin forms of the question bank: they validate, then save (quizzes log their changes, extensions go
through the service)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.blocks import BlockField

from accounts.text import nfc

from . import services
from .blocks import NewQuestionsBlock, question_drafts
from .importers import writer
from .models import Question, Quiz, QuizChange, QuizQuestion


class QuestionForm(WagtailAdminModelForm):
    """Checks that the options fit the question type before anything is saved."""

    def clean(self):
        cleaned = super().clean()
        qtype = cleaned.get("type")
        choices = _live_rows(self.formsets.get("choices"))
        pairs = _live_rows(self.formsets.get("pairs"))
        correct = [row for row in choices if (row.get("fraction") or 0) > 0]
        if qtype in (Question.Type.SINGLE, Question.Type.TRUE_FALSE):
            if len(choices) < 2:
                raise forms.ValidationError(_("Give at least two options."))
            if len([row for row in choices if row.get("fraction") == 1]) != 1:
                raise forms.ValidationError(_("Exactly one option must be worth full credit (1)."))
        elif qtype == Question.Type.MULTIPLE:
            if len(choices) < 2 or not correct:
                raise forms.ValidationError(_("Give at least two options, one or more of them correct."))
        elif qtype == Question.Type.SHORT:
            if not correct:
                raise forms.ValidationError(_("Give at least one accepted answer with credit above 0."))
        elif qtype == Question.Type.MATCHING and len([row for row in pairs if row.get("prompt")]) < 2:
            raise forms.ValidationError(_("Give at least two matching pairs."))
        for name in ("name", "text", "feedback"):
            if cleaned.get(name):
                cleaned[name] = nfc(cleaned[name]) if name == "name" else cleaned[name].strip()
        return cleaned


def _live_rows(formset) -> list[dict]:
    if formset is None:
        return []
    # ClusterForm cleans the parent form before its formsets: clean the rows now so they can be read.
    formset.is_valid()
    return [
        form.cleaned_data
        for form in formset.forms
        if getattr(form, "cleaned_data", None) and not form.cleaned_data.get("DELETE")
    ]


# Quiz settings whose changes are logged (with the question pool): the rules learners are graded by.
LOGGED_QUIZ_FIELDS = ("pass_mark", "time_limit_minutes", "max_attempts", "questions_per_attempt", "closes_at")


class QuizForm(WagtailAdminModelForm):
    """Saves a quiz and logs each changed setting, and the question pool, as a QuizChange by the editor.

    ``new_questions`` (#14) lets a trainer write questions on the quiz's own form: on save each becomes a bank
    question in the course's category (``services.quiz_question_category``) and joins the end of the pool.
    Existing bank questions are never edited from here, so attempts keep what they were graded on.
    """

    new_questions = BlockField(
        block=NewQuestionsBlock(),
        required=False,
        label=_("Write new questions"),
        help_text=_(
            "Each new question is saved in the question bank, in the category named after the course, and "
            "added to this quiz when you save. To change a question later, edit it in Question bank > "
            "Questions."
        ),
    )

    def save(self, commit=True):
        before = None
        if commit and self.instance.pk:
            before = Quiz.objects.filter(pk=self.instance.pk).values(*LOGGED_QUIZ_FIELDS).first()
            if before is not None:
                before["pool"] = _pool_ids(self.instance.pk)
        instance = super().save(commit=commit)
        if commit:
            self._write_new_questions(instance)
        if before is not None:
            after = {name: getattr(instance, name) for name in LOGGED_QUIZ_FIELDS}
            after["pool"] = _pool_ids(instance.pk)
            user = getattr(self, "for_user", None)
            QuizChange.objects.bulk_create(
                QuizChange(
                    quiz=instance,
                    changed_by=user if user is not None and user.is_authenticated else None,
                    field=name,
                    old_value=_shown(before[name]),
                    new_value=_shown(after[name]),
                )
                for name in (*LOGGED_QUIZ_FIELDS, "pool")
                if before[name] != after[name]
            )
        return instance

    def _write_new_questions(self, quiz: Quiz) -> None:
        stream = self.cleaned_data.get("new_questions")
        if not stream:
            return
        drafts = question_drafts(stream, category=services.quiz_question_category(quiz=quiz))
        report = writer.ImportReport()
        writer.write(drafts=drafts, report=report)
        # Logged with the rest of this save (the pool after includes them), not as a change of its own.
        services.quiz_questions_attach(quiz=quiz, question_ids=report.question_ids, by=None, log=False)
        self.new_question_count = len(report.question_ids)


def _pool_ids(quiz_id: int) -> list[int]:
    return sorted(QuizQuestion.objects.filter(quiz_id=quiz_id).values_list("question_id", flat=True))


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


class TimeExtensionForm(WagtailAdminModelForm):
    """Grants the extension through ``services.time_extension_grant``, so the admin records who granted it."""

    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        user = getattr(self, "for_user", None)
        self.instance = services.time_extension_grant(
            quiz=self.cleaned_data["quiz"],
            user=self.cleaned_data["user"],
            extra_minutes=self.cleaned_data["extra_minutes"],
            by=user if user is not None and user.is_authenticated else None,
            reason=self.cleaned_data.get("reason", ""),
            extension=self.instance if self.instance.pk else None,
        )
        return self.instance
