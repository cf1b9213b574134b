"""Reusable test data builders."""

import factory
from allauth.account.models import EmailAddress

from accounts.models import Audience, HRScope, OrganisationUnit, Profile, User


def make_unit(
    code: str, name: str | None = None, parent: OrganisationUnit | None = None, kind: str = "office"
):
    values = {"code": code, "name": name or code, "kind": kind}
    if parent is None:
        return OrganisationUnit.add_root(**values)
    parent.refresh_from_db()
    return parent.add_child(**values)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"hocvien{n}@example.test")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    password = factory.PostGenerationMethodCall("set_password", "Mat-khau-an-toan-2026")

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        obj.save()
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory)
    audience = Audience.CITIZEN


def make_official(unit: OrganisationUnit, **kwargs) -> Profile:
    return ProfileFactory(
        audience=Audience.OFFICIAL, organisation_unit=unit, position="Chuyên viên", **kwargs
    )


def make_hr_manager(*units: OrganisationUnit) -> User:
    user = UserFactory()
    for unit in units:
        HRScope.objects.create(user=user, unit=unit)
    return user
