from wagtail.admin.panels import Panel

from .checklist import course_checklist


class CourseChecklistPanel(Panel):
    """The course's pre-publication checklist (cms.checklist), shown to trainers and reviewers in the editor."""

    @property
    def clean_name(self):
        return super().clean_name or "checklist"

    class BoundPanel(Panel.BoundPanel):
        template_name = "cms/admin/course_checklist_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["items"] = course_checklist(course=self.instance) if self.instance.pk else []
            return context
