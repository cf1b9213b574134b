import pytest
from django.core.exceptions import ValidationError
from wagtail.models import Site

from accounts import roles
from cms.models import ContactSettings

from ..auth import sign_in
from ..factories import UserFactory

CONTACT = {
    "unit_name": "Bộ phận hỗ trợ học viên",
    "hotline": "0276 3822 100",
    "email": "hotro@example.test",
    "zalo_name": "Đô thị thông minh Tây Ninh",
    "zalo_url": "https://zalo.me/1234567890",
    "address": "Số 1 đường Demo, Phường Tân Ninh",
}


def set_contact(**values):
    contact = ContactSettings.for_site(Site.objects.get(is_default_site=True))
    for name, value in {**CONTACT, **values}.items():
        setattr(contact, name, value)
    contact.full_clean()
    contact.save()
    return contact


@pytest.mark.django_db
def test_footer_shows_the_help_contact_from_the_site_setting(client, catalog):
    set_contact()
    html = client.get("/").content.decode()
    footer = html[html.index("<footer") :]
    assert "Bộ phận hỗ trợ học viên" in footer
    assert 'href="tel:02763822100"' in footer
    assert 'href="mailto:hotro@example.test"' in footer
    assert 'href="https://zalo.me/1234567890"' in footer
    assert "Số 1 đường Demo, Phường Tân Ninh" in footer


@pytest.mark.django_db
def test_footer_without_a_contact_shows_no_empty_contact_list(client, catalog):
    html = client.get("/").content.decode()
    assert "contact-points" not in html


@pytest.mark.django_db
def test_a_changed_contact_shows_on_the_next_page(client, catalog):
    set_contact()
    client.get("/")
    set_contact(hotline="1900 1234")
    assert 'href="tel:19001234"' in client.get("/").content.decode()


@pytest.mark.django_db
def test_the_footer_rendered_once_is_served_in_each_language_and_to_every_viewer(client, catalog, settings):
    set_contact()
    vietnamese = client.get("/").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/").content.decode()
    vietnamese, english = vietnamese[vietnamese.index("<footer") :], english[english.index("<footer") :]
    assert "Tra cứu, xác minh giấy chứng nhận" in vietnamese and "Verify a certificate" not in vietnamese
    assert "Verify a certificate" in english and "Tra cứu, xác minh giấy chứng nhận" not in english
    assert 'href="tel:02763822100"' in english
    # A signed-in learner gets the same footer as the visitor who filled the cache.
    sign_in(client, UserFactory())
    assert english in client.get("/").content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field,value",
    [("zalo_url", "https://evil.example/zalo"), ("zalo_url", "http://zalo.me/123"), ("hotline", "gọi tôi")],
)
def test_contact_refuses_links_outside_zalo_and_numbers_that_are_not(field, value, catalog):
    with pytest.raises(ValidationError) as error:
        set_contact(**{field: value})
    assert field in error.value.message_dict


@pytest.mark.django_db
def test_setup_platform_lets_trainers_edit_the_contact_and_not_learners(client, catalog):
    from django.contrib.auth.models import Group

    trainer = UserFactory(is_staff=False)
    trainer.groups.add(Group.objects.get(name=roles.TRAINERS))
    assert trainer.has_perm("cms.change_contactsettings")
    assert not UserFactory().has_perm("cms.change_contactsettings")

    site = Site.objects.get(is_default_site=True)
    url = f"/admin/settings/cms/contactsettings/{site.pk}/"
    sign_in(client, trainer)
    response = client.post(url, {**CONTACT, "office_hours": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ContactSettings.for_site(site).hotline == "0276 3822 100"
