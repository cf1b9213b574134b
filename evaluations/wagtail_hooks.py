"""Admin wiring for evaluations: forms (sections and items inline) and where they apply, as snippets under
"Đánh giá". HR managers and trainers author forms and attach them (``handlers.grant_evaluation_permissions``);
class settings are limited to the classes a trainer teaches."""

from django import forms
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList, PageChooserPanel
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import DeleteView, EditView, SnippetViewSet, SnippetViewSetGroup

from accounts.admin_columns import YesNoColumn
from classes.selectors import can_manage_class, classes_visible_to

from .admin_forms import ClassEvaluationSettingAdminForm, EvaluationFormAdminForm
from .models import ClassEvaluationSetting, CourseEvaluationSetting, EvaluationForm


class ClassEvaluationSettingPolicy(ModelPermissionPolicy):
    """The model permissions, and for one setting: only on a class the user manages (``classes_visible_to``),
    so another trainer's setting opens neither for editing nor for deletion."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and can_manage_class(
            user=user, training_class=instance.training_class
        )

    def instances_user_has_permission_for(self, user, action):
        if not self.user_has_permission(user, action):
            return ClassEvaluationSetting.objects.none()
        return ClassEvaluationSetting.objects.filter(training_class__in=classes_visible_to(user=user))


register_permission_policy(
    ClassEvaluationSetting, ClassEvaluationSettingPolicy(ClassEvaluationSetting), exact_class=True
)


class EvaluationFormViewSet(SnippetViewSet):
    model = EvaluationForm
    icon = "form"
    menu_label = gettext_lazy("Evaluation forms")
    list_display = ["title", "kind", YesNoColumn("is_default", label=gettext_lazy("default form"))]
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
        ],
        base_form_class=EvaluationFormAdminForm,
    )


class CourseEvaluationSettingViewSet(SnippetViewSet):
    model = CourseEvaluationSetting
    icon = "doc-full"
    menu_label = gettext_lazy("Course evaluations")
    list_display = [
        "course",
        "form",
        YesNoColumn("required_for_certificate", label=gettext_lazy("required before the certificate")),
        "open_days",
    ]
    panels = [
        PageChooserPanel("course", "cms.CoursePage"),
        FieldPanel("form"),
        FieldPanel("required_for_certificate"),
        FieldPanel("open_days"),
    ]


class _ManagedClassesOnly:
    """Edit and delete views find a setting only among the classes the user manages: another trainer's
    setting is a 404 (Wagtail checks model permissions here, not the instance's)."""

    def get_queryset(self):
        return ClassEvaluationSetting.objects.filter(
            training_class__in=classes_visible_to(user=self.request.user)
        )


class ClassEvaluationSettingEditView(_ManagedClassesOnly, EditView):
    pass


class ClassEvaluationSettingDeleteView(_ManagedClassesOnly, DeleteView):
    pass


class ClassEvaluationSettingViewSet(SnippetViewSet):
    model = ClassEvaluationSetting
    icon = "group"
    menu_label = gettext_lazy("Class evaluations")
    edit_view_class = ClassEvaluationSettingEditView
    delete_view_class = ClassEvaluationSettingDeleteView
    copy_view_enabled = False  # the copy view reads any setting, whatever its class
    list_display = ["training_class", "form", "lecturer_form", "open_days"]
    edit_handler = ObjectList(
        [
            # A plain list of the classes the editor manages (the class chooser would list every class).
            FieldPanel("training_class", widget=forms.Select),
            FieldPanel("form"),
            FieldPanel("lecturer_form"),
            FieldPanel("open_days"),
        ],
        base_form_class=ClassEvaluationSettingAdminForm,
    )

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
