import pytest

from courses import services as course_services
from tests.factories import make_course, make_lesson, make_official

from .packages import make_package, make_scorm_lesson


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
