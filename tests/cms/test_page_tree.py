import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from cms.models import CatalogPage, CoursePage, HomePage, LessonPage, ModulePage, StandardPage


@pytest.mark.django_db
class TestPageTree(WagtailPageTestCase):
    def test_parent_page_types(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedParentPageTypes(CatalogPage, {HomePage})
        self.assertAllowedParentPageTypes(CoursePage, {CatalogPage})
        self.assertAllowedParentPageTypes(ModulePage, {CoursePage})
        self.assertAllowedParentPageTypes(LessonPage, {CoursePage, ModulePage})
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})

    def test_subpage_types(self):
        self.assertAllowedSubpageTypes(HomePage, {StandardPage, CatalogPage})
        self.assertAllowedSubpageTypes(CatalogPage, {CoursePage})
        self.assertAllowedSubpageTypes(CoursePage, {ModulePage, LessonPage})
        self.assertAllowedSubpageTypes(ModulePage, {LessonPage})
        self.assertAllowedSubpageTypes(LessonPage, set())

    def test_a_lesson_cannot_be_created_outside_a_course(self):
        self.assertCanNotCreateAt(HomePage, LessonPage)
        self.assertCanNotCreateAt(CatalogPage, LessonPage)
        self.assertCanNotCreateAt(HomePage, CoursePage)
        self.assertCanCreateAt(CoursePage, LessonPage)
        self.assertCanCreateAt(ModulePage, LessonPage)
