import pytest
from django.core.files.base import ContentFile

from courses import services as course_services
from scorm import services
from scorm.models import ScormPackage
from tests.factories import make_course, make_lesson, make_official

from .packages import scorm_zip


def make_package(content: bytes | None = None, *, title="Gói SCORM thử") -> ScormPackage:
    package = ScormPackage(title=title)
    package.file.save("package.zip", ContentFile(content or scorm_zip()), save=False)
    package.save()
    return services.scorm_package_unpack(package=package)


def make_scorm_lesson(course, package, *, title="Bài học tương tác", **fields):
    return make_lesson(course, title=title, body=[("scorm", {"package": package, "title": title})], **fields)


@pytest.fixture
def scorm_world(catalog, tree):
    course = make_course(catalog, title="Học liệu tương tác", for_officials=True)
    package = make_package()
    lesson = make_scorm_lesson(course, package)
    other_lesson = make_lesson(course, title="Bài đọc")
    learner = make_official(tree["ptdt"]).user
    enrollment = course_services.enrollment_create(user=learner, course=course)
    other = make_official(tree["cds"]).user
    return {
        "course": course,
        "package": package,
        "lesson": lesson,
        "other_lesson": other_lesson,
        "learner": learner,
        "enrollment": enrollment,
        "other": other,
    }
