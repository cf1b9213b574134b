"""Admin wiring: the SCORM package snippet (upload, checked before it is stored, unpacked once saved)."""

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import services
from .models import ScormPackage
from .package import package_inspect


class ScormPackageForm(WagtailAdminModelForm):
    """Checks a newly chosen zip (``scorm.package.package_inspect``) before anything is stored."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is not None and "file" in self.files:
            package_inspect(upload)
            upload.seek(0)
        return upload

    def save(self, commit=True):
        instance = super().save(commit=False)
        if "file" in self.changed_data:
            # A new zip gets a new folder: learners with an older launch token are not served a mix.
            instance.key = uuid.uuid4()
            instance.unpacked_at = None
        if commit:
            instance.save()
        return instance


class ScormPackageViewSet(SnippetViewSet):
    model = ScormPackage
    icon = "code"
    menu_label = _("SCORM packages")
    menu_order = 290
    add_to_admin_menu = True
    list_display = ["title", "version", "launch_path", "created_at"]
    search_fields = ["title"]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel(
                "file",
                help_text=_(
                    "A SCORM 1.2 zip with imsmanifest.xml at its top level. It is checked (paths, size, "
                    "number of files, zip bombs) before it is stored, privately."
                ),
            ),
        ],
        base_form_class=ScormPackageForm,
    )


register_snippet(ScormPackageViewSet)


def _unpack(request, instance):
    if not isinstance(instance, ScormPackage):
        return
    try:
        services.scorm_package_unpack(package=instance)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))


@hooks.register("after_create_snippet")
def unpack_created_package(request, instance):
    if isinstance(instance, ScormPackage):
        ScormPackage.objects.filter(pk=instance.pk).update(uploaded_by=request.user)
    _unpack(request, instance)


@hooks.register("after_edit_snippet")
def unpack_edited_package(request, instance):
    _unpack(request, instance)
