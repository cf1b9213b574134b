"""The upload form of wagtailmedia's admin, with our checks: a real video or audio file, a real poster image."""

import tempfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError
from wagtailmedia.forms import BaseMediaForm

from .probing import ProbeError, media_probe

POSTER_MAX_BYTES = 5 * 1024 * 1024


def uploaded_media_kind(upload) -> str:
    """ "video" or "audio" for an uploaded file ffprobe can read; raises ValidationError otherwise."""
    if hasattr(upload, "temporary_file_path"):
        path = upload.temporary_file_path()
        return media_probe(path).kind
    with tempfile.NamedTemporaryFile(suffix=Path(upload.name).suffix) as copy:
        for chunk in upload.chunks():
            copy.write(chunk)
        copy.flush()
        upload.seek(0)
        return media_probe(copy.name).kind


class LessonMediaForm(BaseMediaForm):
    """wagtailmedia's form (``WAGTAILMEDIA["MEDIA_FORM_BASE"]``) for ``LessonMedia``."""

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload or not hasattr(upload, "content_type"):  # unchanged file on edit
            return upload
        if upload.size > settings.LMS_MEDIA_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is too large (at most %(size)s).")
                % {"size": filesizeformat(settings.LMS_MEDIA_MAX_UPLOAD_BYTES)}
            )
        try:
            kind = uploaded_media_kind(upload)
        except ProbeError:
            raise forms.ValidationError(
                _(
                    "This file holds no video or audio that can be played. Upload an MP4 or WebM video or an "
                    "MP3, M4A or Ogg audio file."
                )
            ) from None
        if self.instance.type == "video" and kind != "video":
            raise forms.ValidationError(_("This file holds only sound: upload it as audio."))
        return upload

    def clean_thumbnail(self):
        poster = self.cleaned_data.get("thumbnail")
        if not poster or not hasattr(poster, "content_type"):
            return poster
        if poster.size > POSTER_MAX_BYTES:
            raise forms.ValidationError(_("The poster image may be at most 5 MB."))
        try:
            with Image.open(poster) as image:
                image.verify()
                if image.format not in {"JPEG", "PNG", "WEBP"}:
                    raise forms.ValidationError(_("The poster must be a JPEG, PNG or WebP image."))
        except (UnidentifiedImageError, OSError, SyntaxError):
            raise forms.ValidationError(_("The poster must be a JPEG, PNG or WebP image.")) from None
        finally:
            poster.seek(0)
        return poster
