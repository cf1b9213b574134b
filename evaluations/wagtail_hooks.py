"""Admin wiring for evaluations: forms (sections and items inline) and where they apply, as snippets under
"Đánh giá". HR managers and trainers author forms and attach them (``handlers.grant_evaluation_permissions``);
class settings are limited to the classes a trainer teaches."""

from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList, PageChooserPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from classes.selectors import classes_visible_to

from .models import ClassEvaluationSetting, CourseEvaluationSetting, EvaluationForm


class EvaluationFormViewSet(SnippetViewSet):
    model = EvaluationForm
    icon = "form"
    menu_label = gettext_lazy("Evaluation forms")
    list_display = ["title", "kind", "is_default"]
    list_filter = ["kind"]
    search_fields = ["title"]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldRowPanel([FieldPanel("kind"), FieldPanel("is_default")]),
            FieldPanel("introduction"),
            InlinePanel(
                "sections",
                label=gettext_lazy("Sections"),
                panels=[
                    FieldPanel("title"),
                    InlinePanel(
                        "items",
                        label=gettext_lazy("Items"),
                        panels=[FieldPanel("text"), FieldPanel("kind"), FieldPanel("options")],
                    ),
                ],
            ),
        ]
    )


class CourseEvaluationSettingViewSet(SnippetViewSet):
    model = CourseEvaluationSetting
    icon = "doc-full"
    menu_label = gettext_lazy("Course evaluations")
    list_display = ["course", "form", "required_for_certificate", "open_days"]
    panels = [
        PageChooserPanel("course", "cms.CoursePage"),
        FieldPanel("form"),
        FieldPanel("required_for_certificate"),
        FieldPanel("open_days"),
    ]


class ClassEvaluationSettingViewSet(SnippetViewSet):
    model = ClassEvaluationSetting
    icon = "group"
    menu_label = gettext_lazy("Class evaluations")
    list_display = ["training_class", "form", "lecturer_form", "open_days"]
    panels = [
        FieldPanel("training_class"),
        FieldPanel("form"),
        FieldPanel("lecturer_form"),
        FieldPanel("open_days"),
    ]

    def get_queryset(self, request):
        return ClassEvaluationSetting.objects.filter(
            training_class__in=classes_visible_to(user=request.user)
        ).select_related("training_class", "form", "lecturer_form")


class EvaluationsGroup(SnippetViewSetGroup):
    menu_label = gettext_lazy("Evaluations")
    menu_icon = "form"
    menu_order = 230
    items = (EvaluationFormViewSet, CourseEvaluationSettingViewSet, ClassEvaluationSettingViewSet)


register_snippet(EvaluationsGroup)
