from django.core.cache import cache
from django.db.models.signals import post_delete
from django.dispatch import receiver
from wagtail.signals import page_published, page_unpublished

from .context_processors import CATALOG_URL_CACHE_KEY
from .models import CatalogPage, CoursePage, LessonPage
from .services import course_search_refresh


@receiver(page_published, sender=CatalogPage)
@receiver(page_unpublished, sender=CatalogPage)
def forget_catalog_url(sender, **kwargs):
    cache.delete(CATALOG_URL_CACHE_KEY)


@receiver(page_published, sender=LessonPage)
@receiver(page_unpublished, sender=LessonPage)
@receiver(post_delete, sender=LessonPage)
def refresh_course_search(sender, instance, **kwargs):
    course = CoursePage.objects.ancestor_of(instance).first()
    if course is not None:
        course_search_refresh(course=course)
