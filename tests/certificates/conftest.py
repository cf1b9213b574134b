import pytest
from django.utils import timezone

from courses.models import Enrollment

from ..factories import ProfileFactory, make_course, make_official


@pytest.fixture
def completed(catalog, tree, settings, tmp_path):
    """A completed enrollment of an official of Sở Xây dựng / Phòng Phát triển đô thị."""
    settings.MEDIA_ROOT = tmp_path
    course = make_course(
        catalog, title="Quy hoạch và phát triển đô thị thông minh", for_officials=True, estimated_hours=8
    )
    profile = make_official(tree["ptdt"])
    profile.user.full_name = "Nguyễn Thị Ánh Tuyết"
    profile.user.save()
    return Enrollment.objects.create(
        user=profile.user,
        course=course,
        status="completed",
        enrolled_at=timezone.now(),
        completed_at=timezone.now(),
    )


@pytest.fixture
def stranger(db):
    return ProfileFactory().user


@pytest.fixture(autouse=True)
def _commits_like_production(commit_hooks_run_at_commit):
    """Issuing commits, then queues the PDF's render task: these tests see the file once the service returns
    (tasks run inline in tests), as a learner sees it once the worker has run."""
