"""Admin wiring: the SCORM package snippet. An upload is stored privately as it is and checked and unpacked
by a background task (``scorm.tasks.unpack_scorm_package``); the list and the edit screen show its state
(being checked, ready, refused with the reason)."""

import uuid

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList, Panel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import services
from .models import ScormPackage


class ScormPackageForm(WagtailAdminModelForm):
    def save(self, commit=True):
        instance = super().save(commit=False)
        if "file" in self.changed_data:
            # A new zip gets a new folder: learners with an older launch token are not served a mix.
            instance.key = uuid.uuid4()
            instance.unpacked_at = None
            instance.state = ScormPackage.State.PENDING
            instance.refusal = ""
            instance._needs_unpacking = True
        if commit:
            instance.save()
        return instance


class PackageStatePanel(Panel):
    """The package's state as the background check left it (read-only)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "scorm/admin/state_panel.html"

        def is_shown(self):
            return self.instance is not None and self.instance.pk is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["package"] = self.instance
            return context


class StateColumn(Column):
    cell_template_name = "scorm/admin/state_cell.html"


class ScormPackageViewSet(SnippetViewSet):
    model = ScormPackage
    icon = "code"
    menu_label = _("SCORM packages")
    menu_order = 290
    add_to_admin_menu = True
    list_display = ["title", StateColumn("state", label=_("State")), "version", "launch_path", "created_at"]
    search_fields = ["title"]
    edit_handler = ObjectList(
        [
            PackageStatePanel(heading=_("State of the package")),
            FieldPanel("title"),
            FieldPanel(
                "file",
                help_text=_(
                    "A SCORM 1.2 or SCORM 2004 (single-SCO) zip with imsmanifest.xml at its top level. "
                    "After the upload it is checked (paths, size, number of files, zip bombs) and unpacked in "
                    "the background; this page shows when it is ready or why it was refused."
                ),
            ),
        ],
        base_form_class=ScormPackageForm,
    )


register_snippet(ScormPackageViewSet)


def _queue(instance):
    if isinstance(instance, ScormPackage) and getattr(instance, "_needs_unpacking", False):
        services.scorm_package_queue(package=instance)


@hooks.register("after_create_snippet")
def unpack_created_package(request, instance):
    if isinstance(instance, ScormPackage):
        ScormPackage.objects.filter(pk=instance.pk).update(uploaded_by=request.user)
    _queue(instance)


@hooks.register("after_edit_snippet")
def unpack_edited_package(request, instance):
    _queue(instance)
