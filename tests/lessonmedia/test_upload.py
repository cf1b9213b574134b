"""Trainers' uploads: a real video or audio file, a real poster, WebVTT captions; ffprobe reads the rest."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image
from wagtailmedia.forms import get_media_form

from lessonmedia.forms import LessonMediaForm
from lessonmedia.models import Caption, LessonMedia

from ..auth import sign_in
from ..factories import UserFactory
from .conftest import VTT, make_media, test_video_bytes

pytestmark = pytest.mark.django_db


def _form(files, media_type="video"):
    form_class = get_media_form(LessonMedia)
    assert issubclass(form_class, LessonMediaForm)
    instance = LessonMedia(type=media_type)
    return form_class(
        data={"title": "Bài giảng", "collection": _root_collection()},
        files=files,
        instance=instance,
        user=UserFactory(is_superuser=True),
    )


def _root_collection():
    from wagtail.models import Collection

    return Collection.get_first_root_node().pk


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 18), "#1f5fa8").save(buffer, format="PNG")
    return buffer.getvalue()


def test_upload_form_accepts_a_webm_video_with_a_poster():
    form = _form(
        {
            "file": SimpleUploadedFile("bai.webm", test_video_bytes(), content_type="video/webm"),
            "thumbnail": SimpleUploadedFile("bia.png", _png(), content_type="image/png"),
        }
    )
    assert form.is_valid(), form.errors


@pytest.mark.parametrize(
    ("files", "field", "message"),
    [
        ({"file": ("bai.webm", b"not a video at all" * 100)}, "file", "không chứa video hay âm thanh"),
        ({"file": ("bai.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 200)}, "file", "không chứa video"),
        ({"thumbnail": ("bia.png", b"<svg></svg>")}, "thumbnail", "Ảnh bìa phải là ảnh JPEG, PNG hoặc WebP"),
    ],
)
def test_upload_form_refuses_files_that_are_not_what_they_claim(files, field, message):
    uploads = {"file": SimpleUploadedFile("bai.webm", test_video_bytes(), content_type="video/webm")}
    uploads.update({name: SimpleUploadedFile(*spec) for name, spec in files.items()})
    form = _form(uploads)
    assert not form.is_valid()
    assert message in " ".join(form.errors[field])


def test_probe_reads_duration_size_and_draws_a_poster():
    media = make_media(seconds=20, captions=())
    assert media.probe_status == LessonMedia.ProbeStatus.DONE
    assert 19.9 < media.duration < 20.2 and (media.width, media.height) == (320, 180)
    assert media.thumbnail.name.endswith(".jpg") and media.thumbnail.size > 0
    assert media.probed_file == media.file.name


def test_probe_marks_an_unreadable_file_failed():
    from django.core.files.base import ContentFile

    from lessonmedia.services import lesson_media_probe

    media = LessonMedia(title="Hỏng", type="video")
    media.file.save("hong.webm", ContentFile(b"broken"), save=False)
    media.save()
    assert lesson_media_probe(media_id=media.pk) == LessonMedia.ProbeStatus.FAILED
    media.refresh_from_db()
    assert media.duration == 0 and not media.thumbnail


def test_saving_an_upload_queues_the_probe(django_capture_on_commit_callbacks):
    from django.core.files.base import ContentFile

    media = LessonMedia(title="Mới", type="video")
    media.file.save("moi.webm", ContentFile(test_video_bytes()), save=False)
    with django_capture_on_commit_callbacks(execute=True):
        media.save()
    media.refresh_from_db()  # the task ran (immediate backend in tests)
    assert media.probe_status == LessonMedia.ProbeStatus.DONE and media.duration > 19


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"1\n00:00:00.000 --> 00:00:01.000\nXin chao\n", "WEBVTT"),
        ("WEBVTT\n\nXin chào".encode("utf-16"), "WEBVTT"),
        (b"WEBVTT\n\n\xff\xfe broken", "UTF-8"),
        (b"WEBVTT\n" + b"x" * (513 * 1024), "512 KB"),
    ],
)
def test_caption_files_must_be_webvtt(media, content, message):
    caption = Caption(media=media, language="en", file=SimpleUploadedFile("phu-de.vtt", content))
    with pytest.raises(ValidationError) as refused:
        caption.full_clean()
    assert message in str(refused.value)


def test_caption_accepts_webvtt_with_a_byte_order_mark(media):
    caption = Caption(
        media=media, language="en", file=SimpleUploadedFile("en.vtt", b"\xef\xbb\xbf" + VTT.encode())
    )
    caption.full_clean()


def test_trainer_uploads_a_video_in_the_admin(client, catalog, with_totp):
    from django.contrib.auth.models import Group

    from accounts import roles

    trainer = UserFactory()
    trainer.groups.add(Group.objects.get(name=roles.TRAINERS))
    sign_in(client, trainer)
    assert client.get(reverse("wagtailmedia:add", args=("video",))).status_code == 200
    from wagtail.models import Collection

    collection = Collection.objects.get(name="Tài liệu khóa học")
    answer = client.post(
        reverse("wagtailmedia:add", args=("video",)),
        {
            "title": "Bài giảng tải lên",
            "collection": collection.pk,
            "file": SimpleUploadedFile("bai.webm", test_video_bytes(), content_type="video/webm"),
        },
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    media = LessonMedia.objects.get(title="Bài giảng tải lên")
    assert media.uploaded_by_user == trainer and media.type == "video"
    assert client.get(reverse("wagtailsnippets_lessonmedia_caption:add")).status_code == 200
