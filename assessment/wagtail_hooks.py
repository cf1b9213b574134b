"""Admin wiring for the question bank: snippets for questions, quizzes and time extensions, the quiz
change log, question statistics and the question import."""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils.translation import gettext, gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList, PageChooserPanel
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cms.checklist import CHECKLIST_HOOK, CheckItem
from cms.models import CompletionRule

from . import import_views, selectors
from .admin_forms import QuestionForm, QuizForm, TimeExtensionForm
from .models import Question, QuestionCategory, Quiz, QuizChange, TimeExtension


@hooks.register(CHECKLIST_HOOK)
def final_quiz_check(course):
    """A course completed by passing the final quiz needs one with questions before it goes live (#14)."""
    if course.completion_rule != CompletionRule.LESSONS_AND_QUIZ:
        return []
    ready = Quiz.objects.filter(course_id=course.pk, is_final=True, pool__isnull=False).exists()
    return [
        CheckItem(
            code="final_quiz",
            label=gettext("The final quiz the completion rule needs exists and has questions"),
            passed=ready,
            detail="" if ready else gettext("Add a final quiz with questions in Question bank > Quizzes."),
        )
    ]


# The admin lists of the question bank search their columns in the database (icontains): Wagtail's SQLite
# full-text backend refuses a search restricted to fields ("no such column"), so the search failed there.
_ADMIN_LIST_SEARCH = None


class QuestionCategoryViewSet(SnippetViewSet):
    model = QuestionCategory
    icon = "folder-open-inverse"
    menu_label = gettext_lazy("Question categories")
    list_display = ["path_label", "idnumber"]
    search_fields = ["name"]
    search_backend_name = _ADMIN_LIST_SEARCH
    panels = [FieldPanel("name"), FieldPanel("parent"), FieldPanel("info"), FieldPanel("idnumber")]


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = gettext_lazy("Questions")
    list_display = ["name", "type", "category", "points"]
    list_filter = ["type", "category"]
    search_fields = ["name", "text"]
    search_backend_name = _ADMIN_LIST_SEARCH
    edit_handler = ObjectList(
        [
            FieldPanel("category"),
            FieldPanel("type"),
            FieldPanel("name"),
            FieldPanel("text"),
            FieldPanel("points"),
            FieldPanel("partial_credit"),
            FieldPanel("feedback"),
            InlinePanel(
                "choices",
                label=gettext_lazy("Options or accepted answers"),
                panels=[FieldPanel("text"), FieldPanel("fraction"), FieldPanel("feedback")],
            ),
            InlinePanel(
                "pairs",
                label=gettext_lazy("Matching pairs"),
                panels=[FieldPanel("prompt"), FieldPanel("answer")],
            ),
        ],
        base_form_class=QuestionForm,
    )


class StatsColumn(Column):
    cell_template_name = "assessment/admin/stats_cell.html"

    def get_value(self, instance):
        return reverse("quiz_stats", args=[instance.pk])


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "tasks"
    menu_label = gettext_lazy("Quizzes")
    list_display = ["title", "course", "pass_mark", StatsColumn("stats", label=gettext_lazy("Statistics"))]
    search_fields = ["title"]
    search_backend_name = _ADMIN_LIST_SEARCH
    panels = [
        FieldPanel("title"),
        PageChooserPanel("course", "cms.CoursePage"),
        PageChooserPanel("lesson", "cms.LessonPage"),
        FieldPanel("instructions"),
        MultiFieldPanel(
            [
                FieldPanel("is_final"),
                FieldPanel("pass_mark"),
                FieldPanel("time_limit_minutes"),
                FieldPanel("max_attempts"),
                FieldPanel("questions_per_attempt"),
                FieldPanel("shuffle_choices"),
                FieldPanel("closes_at"),
            ],
            heading=gettext_lazy("Settings"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("review_marks"),
                FieldPanel("review_correctness"),
                FieldPanel("review_right_answer"),
                FieldPanel("review_feedback"),
            ],
            heading=gettext_lazy("Review after an attempt"),
            help_text=gettext_lazy(
                "What learners see on the result of a finished attempt, and when. With unlimited attempts "
                "and no closing time, a quiz never closes nor runs out of attempts, so a part set to show "
                "then is never shown. Trainers and reviewers always see everything."
            ),
        ),
        InlinePanel("pool", label=gettext_lazy("Question pool"), panels=[FieldPanel("question")]),
    ]
    # Edits go through QuizForm, which logs what changed (QuizChange) with the editor's name.
    edit_handler = ObjectList(panels, base_form_class=QuizForm)


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """Model permissions, except that nobody (not even a superuser) may add, change or delete: a log."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        actions = [action for action in actions if action == "view"]
        return super().users_with_any_permission(actions) if actions else get_user_model().objects.none()


register_permission_policy(QuizChange, ReadOnlyPermissionPolicy(QuizChange), exact_class=True)


class QuizChangeViewSet(SnippetViewSet):
    """The log of changes to quizzes' rules, read-only: who changed which setting, from what, to what."""

    model = QuizChange
    icon = "history"
    menu_label = gettext_lazy("Quiz change log")
    list_display = ["quiz", "field_label", "old_value", "new_value", "changed_by", "changed_at"]
    list_filter = ["quiz"]
    copy_view_enabled = False
    inspect_view_enabled = True


class TimeExtensionViewSet(SnippetViewSet):
    model = TimeExtension
    icon = "time"
    menu_label = gettext_lazy("Time extensions")
    list_display = ["user", "quiz", "extra_minutes", "granted_by", "granted_at"]
    # Saved through services.time_extension_grant (TimeExtensionForm), which records who granted it.
    edit_handler = ObjectList(
        [FieldPanel("quiz"), FieldPanel("user"), FieldPanel("extra_minutes"), FieldPanel("reason")],
        base_form_class=TimeExtensionForm,
    )


class QuestionBankGroup(SnippetViewSetGroup):
    menu_label = gettext_lazy("Question bank")
    menu_icon = "help"
    menu_order = 210
    items = (QuizViewSet, QuestionViewSet, QuestionCategoryViewSet, TimeExtensionViewSet, QuizChangeViewSet)


register_snippet(QuestionBankGroup)


def quiz_stats(request, quiz_id: int):
    if not request.user.has_perm("assessment.view_quiz"):
        raise PermissionDenied
    quiz = get_object_or_404(Quiz.objects.select_related("course"), pk=quiz_id)
    return TemplateResponse(
        request,
        "assessment/admin/quiz_stats.html",
        {"quiz": quiz, "stats": selectors.quiz_question_stats(quiz=quiz)},
    )


@hooks.register("register_admin_urls")
def register_assessment_admin_urls():
    return [
        path("ngan-hang-cau-hoi/nhap/", include(import_views.urlpatterns)),
        path("bai-kiem-tra/<int:quiz_id>/thong-ke/", quiz_stats, name="quiz_stats"),
    ]


class QuestionImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("assessment.add_question")


@hooks.register("register_admin_menu_item")
def register_question_import_menu_item():
    return QuestionImportMenuItem(
        gettext_lazy("Import questions"), reverse("questions_import"), icon_name="upload", order=215
    )
