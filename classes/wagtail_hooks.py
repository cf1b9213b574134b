"""Admin wiring for classes: venues and classes (with their sessions inline) as snippets under "Lớp học".

Trainers see and edit only the classes they teach (``selectors.classes_visible_to``); a group holding
``classes.manage_all_classes`` sees every class. Schedule conflicts are shown as warnings after saving.
Registrations awaiting approval are decided in the staff area ("Duyệt đăng ký lớp", ``staff.views``); its
admin menu entry and the redirect from the old admin address are in ``staff.wagtail_hooks``.
"""

from django.contrib import messages
from django.utils.translation import gettext_lazy
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    PageChooserPanel,
)
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets as snippet_views
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import selectors
from .models import TrainingClass, Venue


class VenueViewSet(SnippetViewSet):
    model = Venue
    icon = "site"
    menu_label = gettext_lazy("Venues")
    list_display = ["name", "address", "capacity"]
    search_fields = ["name", "address"]
    panels = [FieldPanel("name"), FieldPanel("address"), FieldPanel("capacity")]


class _ScopedMixin:
    def get_queryset(self):
        return selectors.classes_visible_to(user=self.request.user)


class _WarnConflictsMixin:
    """After a save, each overlap of the class's sessions with another session of the same trainer or venue
    is shown as a warning: the save itself goes through."""

    def form_valid(self, form):
        response = super().form_valid(form)
        for warning in selectors.schedule_warnings(training_class=self.object):
            messages.warning(self.request, warning)
        return response


class TrainingClassIndexView(snippet_views.IndexView):
    def get_base_queryset(self):
        return selectors.classes_visible_to(user=self.request.user).select_related("course")


class TrainingClassCreateView(_WarnConflictsMixin, snippet_views.CreateView):
    pass


class TrainingClassEditView(_WarnConflictsMixin, _ScopedMixin, snippet_views.EditView):
    pass


class TrainingClassDeleteView(_ScopedMixin, snippet_views.DeleteView):
    pass


class TrainingClassViewSet(SnippetViewSet):
    model = TrainingClass
    icon = "group"
    menu_label = gettext_lazy("Training classes")
    list_display = ["code", "name", "course", "starts_on", "ends_on", "status"]
    list_filter = ["status"]
    search_fields = ["code", "name"]
    index_view_class = TrainingClassIndexView
    add_view_class = TrainingClassCreateView
    edit_view_class = TrainingClassEditView
    delete_view_class = TrainingClassDeleteView
    copy_view_enabled = False
    edit_handler = ObjectList(
        [
            PageChooserPanel("course", "cms.CoursePage"),
            FieldRowPanel([FieldPanel("name"), FieldPanel("code")]),
            FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
            FieldPanel("status"),
            FieldRowPanel([FieldPanel("periods"), FieldPanel("content_category")]),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("enrollment_opens_at"), FieldPanel("enrollment_closes_at")]),
                    FieldPanel("capacity"),
                    FieldPanel("requires_approval"),
                    FieldRowPanel(
                        [
                            FieldPanel("for_officials"),
                            FieldPanel("for_citizens"),
                            FieldPanel("for_businesses"),
                        ]
                    ),
                    FieldPanel("units"),
                ],
                heading=gettext_lazy("Registration"),
            ),
            FieldPanel("trainers"),
            FieldPanel("venues"),
            MultiFieldPanel(
                [FieldPanel("min_attendance_percent"), FieldPanel("excused_counts_as_attended")],
                heading=gettext_lazy("Attendance rule"),
            ),
            InlinePanel(
                "sessions",
                label=gettext_lazy("Sessions"),
                panels=[
                    FieldPanel("title"),
                    FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                    FieldRowPanel([FieldPanel("venue"), FieldPanel("meeting_url")]),
                    FieldRowPanel([FieldPanel("trainer"), FieldPanel("periods")]),
                ],
            ),
        ],
    )


class ClassesGroup(SnippetViewSetGroup):
    menu_label = gettext_lazy("Classes")
    menu_icon = "group"
    menu_order = 220
    items = (TrainingClassViewSet, VenueViewSet)


register_snippet(ClassesGroup)
