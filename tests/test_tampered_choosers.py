"""A chooser's hidden value edited by hand (not an id) on an admin form is a field error, never a 500."""

import pytest

from accounts.models import HRScope, OrganisationUnit

from .factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("value", ["abc", "1.5", "9" * 30])
def test_hr_scope_with_a_unit_that_is_not_an_id_is_refused_in_vietnamese(staff_admin_client, tree, value):
    person = UserFactory()
    response = staff_admin_client.post(
        "/admin/snippets/accounts/hrscope/add/", {"user": person.pk, "unit": value}
    )
    assert response.status_code == 200
    assert not HRScope.objects.exists()
    assert "unit" in response.context["form"].errors
    assert "lựa chọn này không có trong danh sách" in response.content.decode()


def test_unit_with_a_parent_that_is_not_an_id_is_refused(staff_admin_client, tree):
    before = OrganisationUnit.objects.count()
    response = staff_admin_client.post(
        "/admin/snippets/accounts/organisationunit/add/",
        {"parent": "abc", "code": "X-1", "name": "Phòng thử", "kind": "department", "is_active": "on"},
    )
    assert response.status_code == 200
    assert OrganisationUnit.objects.count() == before
    assert "parent" in response.context["form"].errors
