"""The demo's SCORM package (demo/scorm/ca-truc-ioc): written by the project, in Vietnamese, valid."""

import io

import pytest

from demo.content.catalogue import COURSES
from demo.scorm_packages import load_scorm_packages, package_zip
from scorm.models import ScormPackage
from scorm.package import package_inspect


def test_demo_package_passes_the_checks_and_speaks_vietnamese():
    content = package_zip("ca-truc-ioc")
    assert content == package_zip("ca-truc-ioc")  # the same bytes every run
    info = package_inspect(io.BytesIO(content))
    assert info.launch_path == "index.html" and info.version == "1.2"
    assert info.title == "Tình huống: một ca trực tại trung tâm IOC"
    assert sorted(info.files) == ["ca-truc.css", "ca-truc.js", "imsmanifest.xml", "index.html"]


def test_one_demo_lesson_holds_the_scorm_package():
    blocks = [
        (lesson["slug"], value)
        for course in COURSES
        for module in course["modules"]
        for lesson in module["lessons"]
        for kind, value in lesson["body"]
        if kind == "scorm"
    ]
    assert blocks == [
        (
            "trung-tam-giam-sat-dieu-hanh",
            {"key": "ca-truc-ioc", "title": "Tình huống tương tác: một ca trực tại trung tâm IOC"},
        )
    ]


@pytest.mark.django_db
def test_load_scorm_packages_twice_stores_one_unpacked_package():
    first = load_scorm_packages()["ca-truc-ioc"]
    second = load_scorm_packages()["ca-truc-ioc"]
    assert first.pk == second.pk and ScormPackage.objects.count() == 1
    assert second.unpacked_at is not None and "ca-truc.js" in second.files
