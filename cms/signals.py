from django.contrib.auth import get_user_model
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished

from .caching import content_changed
from .models import ContactSettings, CoursePage, LessonPage
from .services import course_search_refresh


@receiver(post_save)
@receiver(post_delete)
def forget_cached_pages(sender, instance, **kwargs):
    # A move saves the moved page inside the transaction that rewrites its descendants' URL paths in bulk:
    # the renewal on commit (content_changed) comes after both.
    # The footer's contact point is cached with the pages (cms.context_processors.navigation), and lesson
    # bodies with their images and documents (cms.templatetags.content_fragments).
    # Lessons cache their view restrictions (LessonPage.get_view_restrictions), every request its site
    # (cms.sites).
    if isinstance(
        instance, Page | ContactSettings | AbstractImage | AbstractDocument | PageViewRestriction | Site
    ):
        content_changed()


@receiver(m2m_changed, sender=PageViewRestriction.groups.through)
def forget_cached_restrictions(sender, **kwargs):
    content_changed()


@receiver(m2m_changed, sender=CoursePage.trainers.through)
@receiver(m2m_changed, sender=CoursePage.prerequisites.through)
def forget_cached_course_people(sender, **kwargs):
    # Course pages cache their trainers and prerequisites (cms.selectors.course_people). Publishing a course
    # renews the generation when the page row is saved, before modelcluster writes these relations.
    content_changed()


@receiver(post_save, sender=get_user_model())
@receiver(pre_delete, sender=get_user_model())
def forget_cached_trainer_name(sender, instance, created=False, update_fields=None, **kwargs):
    # Course pages show their trainers' names (cms.selectors.course_people); a sign-in saves last_login only.
    # A deleted trainer's rows go by cascade, which sends no m2m_changed.
    if created or (update_fields is not None and "full_name" not in update_fields):
        return
    if CoursePage.trainers.through.objects.filter(user_id=instance.pk).exists():
        content_changed()


@receiver(page_published, sender=LessonPage)
@receiver(page_unpublished, sender=LessonPage)
@receiver(post_delete, sender=LessonPage)
def refresh_course_search(sender, instance, **kwargs):
    course = CoursePage.objects.ancestor_of(instance).first()
    if course is not None:
        course_search_refresh(course=course)
