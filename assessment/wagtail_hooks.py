"""Admin wiring for the question bank: snippets for questions, quizzes and time extensions, the quiz
change log, question statistics and the question import."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import include, path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext, gettext_lazy
from wagtail import hooks
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import (
    FieldPanel,
    InlinePanel,
    MultiFieldPanel,
    MultipleChooserPanel,
    ObjectList,
    PageChooserPanel,
    Panel,
)
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import ChooseResultsView, ChooseView, SnippetChooserViewSet
from wagtail.snippets.views.snippets import CreateView, EditView, SnippetViewSet, SnippetViewSetGroup

from cms.checklist import CHECKLIST_HOOK, CheckItem
from cms.models import CompletionRule, CoursePage

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


class QuestionFilterForm(BaseFilterForm):
    """The question chooser's filters: words of the name or text, a category (with its subcategories), a type.

    The words are matched in the database (icontains), like the admin lists: the search backend's
    autocomplete found nothing on SQLite.
    """

    q = forms.CharField(
        label=gettext_lazy("Search term"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": gettext_lazy("Words in the question")}),
    )
    category = forms.ModelChoiceField(
        label=gettext_lazy("Category"),
        queryset=QuestionCategory.objects.order_by("name"),
        required=False,
        empty_label=gettext_lazy("All categories"),
        widget=forms.Select(attrs={"data-chooser-modal-search-filter": True}),
    )
    type = forms.ChoiceField(
        label=gettext_lazy("Type"),
        choices=[("", gettext_lazy("All types")), *Question.Type.choices],
        required=False,
        widget=forms.Select(attrs={"data-chooser-modal-search-filter": True}),
    )

    def filter(self, objects):
        query = (self.cleaned_data.get("q") or "").strip()
        if query:
            objects = objects.filter(Q(name__icontains=query) | Q(text__icontains=query))
            self.is_searching, self.search_query = True, query
        if category := self.cleaned_data.get("category"):
            objects = objects.filter(category_id__in=_category_subtree(category.pk))
        if qtype := self.cleaned_data.get("type"):
            objects = objects.filter(type=qtype)
        return objects


def _category_subtree(root_id: int) -> set[int]:
    """``root_id`` and every category below it; categories are few, so one query and a walk in Python."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in QuestionCategory.objects.values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    found, todo = set(), [root_id]
    while todo:
        pk = todo.pop()
        if pk not in found:
            found.add(pk)
            todo.extend(children.get(pk, []))
    return found


class QuestionTypeColumn(Column):
    def get_value(self, instance):
        return instance.get_type_display()


class QuestionChooseViewMixin:
    filter_form_class = QuestionFilterForm

    def get_object_list(self):
        return Question.objects.select_related("category").order_by("category__name", "name", "pk")

    @property
    def columns(self):
        return [
            *super().columns,
            Column("category", label=gettext_lazy("Category"), accessor="category"),
            QuestionTypeColumn("type", label=gettext_lazy("Type")),
        ]


class QuestionChooseView(QuestionChooseViewMixin, ChooseView):
    pass


class QuestionChooseResultsView(QuestionChooseViewMixin, ChooseResultsView):
    pass


class QuestionChooserViewSet(SnippetChooserViewSet):
    """Chooses bank questions, several at once from the quiz form (``MultipleChooserPanel``), filtered by
    category and type."""

    choose_view_class = QuestionChooseView
    choose_results_view_class = QuestionChooseResultsView
    page_title = gettext_lazy("Choose")
    choose_one_text = gettext_lazy("Choose a question")
    choose_another_text = gettext_lazy("Choose another question")


class QuestionViewSet(SnippetViewSet):
    model = Question
    chooser_viewset_class = QuestionChooserViewSet
    chooser_per_page = 25
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


class QuizImportPanel(Panel):
    """A link from the quiz's form to importing a question file straight into this quiz (#14)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "assessment/admin/quiz_import_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            quiz = self.instance
            can_import = self.request is not None and self.request.user.has_perms(
                ["assessment.add_question", "assessment.change_quiz"]
            )
            context["import_url"] = (
                reverse("quiz_questions_import", args=[quiz.pk]) if quiz.pk and can_import else None
            )
            context["can_import"] = can_import
            return context


class QuizCreateView(CreateView):
    """Starts the form on the course named in ``?course=`` (the course checklist's "add the final quiz")."""

    def get_initial_form_instance(self):
        instance = super().get_initial_form_instance() or self.model()
        course_id = self.request.GET.get("course", "")
        if course_id.isdigit():
            course = CoursePage.objects.filter(pk=int(course_id)).first()
            if course is not None and course.permissions_for_user(self.request.user).can_edit():
                instance.course = course
        return instance


class QuizEditView(EditView):
    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        if self.request.user.has_perms(["assessment.add_question", "assessment.change_quiz"]):
            buttons.append(
                Button(
                    gettext_lazy("Import questions into this quiz"),
                    url=reverse("quiz_questions_import", args=[self.object.pk]),
                    icon_name="upload",
                    priority=30,
                )
            )
        return buttons


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "tasks"
    menu_label = gettext_lazy("Quizzes")
    list_display = ["title", "course", "pass_mark", StatsColumn("stats", label=gettext_lazy("Statistics"))]
    search_fields = ["title"]
    search_backend_name = _ADMIN_LIST_SEARCH
    add_view_class = QuizCreateView
    edit_view_class = QuizEditView
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
        # The pool: bank questions chosen several at a time, new ones written here, or a file imported.
        MultipleChooserPanel(
            "pool",
            chooser_field_name="question",
            label=gettext_lazy("Questions from the bank"),
            help_text=gettext_lazy(
                "Questions this quiz draws from. “Add” opens the bank: tick several questions at once, "
                "filtered by category or type. Drag to reorder; removing one here keeps it in the bank."
            ),
            panels=[FieldPanel("question")],
        ),
        FieldPanel("new_questions"),
        QuizImportPanel(heading=gettext_lazy("Import a question file")),
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
        path(
            "bai-kiem-tra/<int:quiz_id>/nhap-cau-hoi/",
            import_views.import_into_quiz,
            name="quiz_questions_import",
        ),
    ]


class QuestionImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("assessment.add_question")


@hooks.register("register_admin_menu_item")
def register_question_import_menu_item():
    return QuestionImportMenuItem(
        gettext_lazy("Import questions"), reverse("questions_import"), icon_name="upload", order=215
    )


@hooks.register("register_snippet_listing_buttons")
def quiz_import_listing_button(snippet, user, next_url=None):
    """ "Import questions into this quiz" in each quiz row's more-menu of the Quizzes list."""
    if isinstance(snippet, Quiz) and user.has_perms(["assessment.add_question", "assessment.change_quiz"]):
        yield Button(
            gettext_lazy("Import questions into this quiz"),
            url=reverse("quiz_questions_import", args=[snippet.pk]),
            icon_name="upload",
            priority=30,
        )
