import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from accounts import places
from accounts.forms import ProfileForm
from accounts.models import Audience, Profile

from ..factories import ProfileFactory, UserFactory
from .test_signup import SIGNUP_URL, signup_data


def test_the_province_has_its_96_communes_and_wards_labelled_as_places():
    communes = places.communes()
    assert len(communes) == 96
    assert communes["25459"] == "Phường Tân Ninh"
    assert all(name.startswith(("Phường ", "Xã ")) for name in communes.values())
    assert not any("Ủy ban" in name or "UBND" in name for name in communes.values())


def test_commune_choices_sort_the_vietnamese_way_by_place_name():
    names = [name.split(" ", 1)[1] for _code, name in places.commune_choices()]
    # Đ comes after every D name, and the prefix (Phường / Xã) does not decide the order.
    first_d_bar = next(i for i, name in enumerate(names) if name.startswith("Đ"))
    assert all(not name.startswith("D") for name in names[first_d_bar:])
    assert names.index("Tân Ninh") > names.index("Hòa Thành")


def test_commune_code_for_name_reads_committee_and_place_names():
    assert places.commune_code_for_name("Ủy ban nhân dân phường Tân Ninh") == "25459"
    assert places.commune_code_for_name("Phường Tân Ninh") == "25459"
    assert places.commune_code_for_name("phuong tan ninh") == "25459"
    assert places.commune_code_for_name("Phường Không Có") is None


@pytest.mark.django_db
def test_signup_refuses_a_commune_code_outside_the_province(client):
    # 00004 is Phường Ba Đình, Hà Nội: a real code, but not one of this province's.
    response = client.post(SIGNUP_URL, signup_data(commune="00004"))
    assert response.status_code == 200
    assert "commune" in response.context["form"].errors
    assert not Profile.objects.exists()


@pytest.mark.django_db
def test_signup_refuses_a_typed_commune_name(client):
    response = client.post(SIGNUP_URL, signup_data(commune="Phường Tân Ninh"))
    assert response.status_code == 200
    assert "commune" in response.context["form"].errors


@pytest.mark.django_db
def test_profile_form_offers_the_places_with_their_codes():
    form = ProfileForm()
    html = str(form["commune"])
    assert '<option value="25459">Phường Tân Ninh</option>' in html
    assert "Ủy ban nhân dân" not in html


@pytest.mark.django_db
def test_profile_page_shows_the_commune_by_its_place_name(client):
    user = UserFactory()
    ProfileFactory(user=user, audience=Audience.CITIZEN, commune_code="25459")
    client.force_login(user)
    response = client.get("/tai-khoan/ho-so/")
    assert "Phường Tân Ninh" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_migration_maps_stored_committee_links_to_official_codes():
    executor = MigrationExecutor(connection)
    executor.migrate([("accounts", "0003_personal_data_access_log")])
    old_apps = executor.loader.project_state([("accounts", "0003_personal_data_access_log")]).apps
    Unit = old_apps.get_model("accounts", "OrganisationUnit")
    User = old_apps.get_model("accounts", "User")
    OldProfile = old_apps.get_model("accounts", "Profile")
    ward = Unit.objects.create(
        code="P-TANNINH", name="Ủy ban nhân dân phường Tân Ninh", kind="commune", path="0001", depth=1
    )
    user = User.objects.create(email="cu-dan@example.test", full_name="Lê Văn Cư")
    OldProfile.objects.create(user=user, audience="citizen", commune=ward)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert Profile.objects.get(user__email="cu-dan@example.test").commune_code == "25459"
