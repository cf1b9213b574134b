import pytest

from ..auth import sign_in
from ..factories import ProfileFactory, UserFactory, make_hr_manager, make_official


@pytest.fixture
def people(tree, with_totp):
    hr = with_totp(make_hr_manager(tree["sxd"]))
    inside = make_official(tree["ptdt"])
    outside = make_official(tree["cds"])
    citizen = ProfileFactory()
    return {"hr": hr, "inside": inside, "outside": outside, "citizen": citizen}


def hr_urls(profile):
    return [f"/quan-ly-dao-tao/hoc-vien/{profile.user.public_id}/"]


@pytest.mark.django_db
def test_hr_sees_learners_of_own_subtree_only(client, people):
    sign_in(client, people["hr"])
    listing = client.get("/quan-ly-dao-tao/hoc-vien/").content.decode()
    assert people["inside"].user.full_name in listing
    assert people["outside"].user.full_name not in listing
    assert people["citizen"].user.full_name not in listing
    for url in hr_urls(people["inside"]):
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_hr_gets_404_for_learners_outside_the_subtree_by_every_url(client, people):
    sign_in(client, people["hr"])
    for profile in (people["outside"], people["citizen"]):
        for url in hr_urls(profile):
            assert client.get(url).status_code == 404
    # The search box cannot widen the scope either.
    searched = client.get("/quan-ly-dao-tao/hoc-vien/", {"q": people["outside"].user.email})
    assert list(searched.context["page"].object_list) == []
    assert people["outside"].user.full_name not in searched.content.decode()


@pytest.mark.django_db
def test_learners_and_anonymous_cannot_use_the_hr_area(client, people):
    anonymous = client.get("/quan-ly-dao-tao/hoc-vien/")
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    sign_in(client, people["inside"].user)
    assert client.get("/quan-ly-dao-tao/hoc-vien/").status_code == 403
    assert client.get(hr_urls(people["outside"])[0]).status_code == 403


@pytest.mark.django_db
def test_administrator_sees_everyone(client, people, with_totp):
    admin = with_totp(UserFactory(is_superuser=True, is_staff=True))
    sign_in(client, admin)
    for key in ("inside", "outside", "citizen"):
        assert client.get(hr_urls(people[key])[0]).status_code == 200


@pytest.mark.django_db
def test_hr_learner_list_query_count_is_bounded(client, people, tree, django_assert_max_num_queries):
    for _ in range(30):
        make_official(tree["ptdt"])
    sign_in(client, people["hr"])
    with django_assert_max_num_queries(12):
        response = client.get("/quan-ly-dao-tao/hoc-vien/")
    assert response.status_code == 200
