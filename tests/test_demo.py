import pytest
from django.apps import apps
from django.core.management import call_command

from accounts.models import HRScope, OrganisationUnit, User


def snapshot():
    rows = {}
    for model in apps.get_models():
        if model._meta.app_label in {"accounts", "cms", "wagtailcore", "auth", "account", "mfa"}:
            rows[model._meta.label] = sorted(map(str, model.objects.values_list("pk", flat=True)))
    return rows


@pytest.mark.django_db
def test_load_demo_twice_changes_nothing(capsys):
    call_command("load_demo")
    first = snapshot()
    out = capsys.readouterr().out
    call_command("load_demo", "--quiet")
    assert snapshot() == first
    assert "nhansu.sxd@dothithongminh.test" in out
    assert "DemoTayNinh@2026" in out


@pytest.mark.django_db
def test_demo_has_real_tay_ninh_bodies_and_a_scoped_hr_manager():
    call_command("load_demo", "--quiet")
    names = set(OrganisationUnit.objects.values_list("name", flat=True))
    assert {"Sở Xây dựng", "Sở Khoa học và Công nghệ", "Sở Nội vụ"} <= names
    assert any(name.startswith("Ủy ban nhân dân phường") for name in names)
    hr = User.objects.get(email="nhansu.sxd@dothithongminh.test")
    assert [s.unit.code for s in HRScope.objects.filter(user=hr)] == ["TN-SXD"]
    assert hr.authenticator_set.filter(type="totp").exists()


@pytest.mark.django_db
def test_demo_pages_render(client):
    call_command("load_demo", "--quiet")
    for url in (
        "/",
        "/gioi-thieu/",
        "/tuyen-bo-tro-nang-tiep-can/",
        "/accounts/login/",
        "/accounts/signup/",
        "/tai-khoan/thong-bao-xu-ly-du-lieu-ca-nhan/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert '<html lang="vi">' in response.content.decode()


@pytest.mark.django_db
def test_demo_learner_can_log_in_with_the_printed_password(client):
    call_command("load_demo", "--quiet")
    response = client.post(
        "/accounts/login/", {"login": "canbo@dothithongminh.test", "password": "DemoTayNinh@2026"}
    )
    assert response.status_code == 302
    assert "Nguyễn Thị Ánh Tuyết" in client.get("/tai-khoan/ho-so/").content.decode()
