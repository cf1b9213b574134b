"""After an upload is saved, read the file in the background (ffprobe can take seconds on a large file)."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import LessonMedia


@receiver(post_save, sender=LessonMedia)
def queue_probe(sender, instance: LessonMedia, **kwargs):
    if instance.file and instance.probed_file != instance.file.name:
        from .tasks import probe_lesson_media

        media_id = instance.pk
        transaction.on_commit(lambda: probe_lesson_media.enqueue(media_id))
