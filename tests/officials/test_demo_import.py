"""The demo's import of officials: two new, two updated, one leaving; running it again changes nothing."""

import pytest
from django.contrib.auth.models import Group

from accounts import roles
from accounts.models import Notification, Profile, User
from demo import officials, people


@pytest.mark.django_db
def test_demo_file_creates_updates_and_marks_one_as_having_left(django_capture_on_commit_callbacks):
    for name in roles.STAFF_GROUPS:  # platform_setup makes them, with permissions this test does not need
        Group.objects.get_or_create(name=name)
    people.load_accounts(people.load_units(), people.load_groups())
    with django_capture_on_commit_callbacks(execute=True):
        counts = officials.load_officials_import()
    assert (counts["create"], counts["update"], counts["deactivate"], counts["errors"]) == (2, 2, 1, 0)
    assert not User.objects.get(email="truong.van.loc@dothithongminh.test").is_active
    moved = Profile.objects.get(user__email="tri.pm@dothithongminh.test")
    assert (moved.organisation_unit.code, moved.position) == ("TN-SKHCN-BCVT", "Trưởng phòng")
    updated = Profile.objects.get(user__email="canbo.khcn@dothithongminh.test")
    assert (updated.personal_id, updated.rank) == ("072088001234", "Chuyên viên")
    assert Notification.objects.filter(kind="official_invitation").count() == 2
    again = officials.load_officials_import()
    assert (again["create"], again["update"], again["unchanged"], again["deactivate"]) == (0, 0, 4, 0)
