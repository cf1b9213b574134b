"""The site header is cached per language, content generation and kind of visitor (#20); what depends on the
request (the current page's link, the CSRF token, the language form's return path) is filled on every view."""

import re

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from accounts import roles
from cms.models import CatalogPage

from ..auth import sign_in
from ..factories import UserFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _header(response) -> str:
    html = response.content.decode()
    return html[html.index('<header class="site-header">') : html.index("</header>")]


def _current(header: str) -> list[str]:
    return re.findall(r'<a href="([^"]+)" aria-current="page">', header)


def test_the_current_page_is_marked_in_the_header(client, catalog):
    catalog_url = CatalogPage.objects.get().url
    assert _current(_header(client.get("/"))) == ["/"]
    assert _current(_header(client.get(catalog_url))) == [catalog_url]

    sign_in(client, UserFactory())
    mine = reverse("courses:my_courses")
    assert _current(_header(client.get(mine))) == [mine]
    assert _current(_header(client.get(reverse("certificates:mine")))) == [reverse("certificates:mine")]
    assert _current(_header(client.get("/"))) == ["/"]


def test_each_visitor_gets_their_own_csrf_token_and_signing_out_works(catalog):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    sign_in(first, UserFactory())
    sign_in(second, UserFactory())
    mine = reverse("courses:my_courses")

    first_tokens = TOKEN.findall(_header(first.get(mine)))
    second_tokens = TOKEN.findall(_header(second.get(mine)))  # the header now comes from the cache

    assert len(first_tokens) == 2 and len(set(first_tokens)) == 1  # the sign-out and the language forms
    assert set(first_tokens) != set(second_tokens)
    response = second.post(reverse("account_logout"), {"csrfmiddlewaretoken": second_tokens[0]})
    assert response.status_code == 302
    assert second.get(mine).status_code == 302  # signed out
    assert first.get(mine).status_code == 200  # the other visitor is not


def test_the_language_form_returns_to_this_page_escaped(client, catalog):
    catalog_url = CatalogPage.objects.get().url
    header = _header(client.get(catalog_url + '?q=<b>"x"&sort=new'))
    assert f'name="next" type="hidden" value="{catalog_url}?q=%3Cb%3E%22x%22&amp;sort=new"' in header
    assert "\x00" not in header


def test_signed_in_anonymous_and_staff_visitors_get_their_own_header(client, catalog, settings):
    settings.LMS_STAFF_MFA_REQUIRED = False
    anonymous = _header(client.get("/"))
    learner = UserFactory()
    sign_in(client, learner)
    signed_in = _header(client.get("/"))
    learner.groups.add(Group.objects.get(name=roles.TRAINERS))
    trainer = _header(client.get("/"))

    assert reverse("account_login") in anonymous and reverse("account_logout") not in anonymous
    assert reverse("account_logout") in signed_in and 'href="/admin/"' not in signed_in
    assert 'href="/admin/"' in trainer
