"""Names and other person-facing text: NFC before length, no hidden or direction characters (#12 "Names")."""

import unicodedata

import pytest
from django.core.exceptions import ValidationError

from accounts.forms import PlainTextField
from accounts.models import Audience, OrganisationUnit, User
from accounts.validators import clean_plain_text, validate_plain_text

from ..factories import ProfileFactory
from .test_signup import SIGNUP_URL, signup_data

# "Nguyễn" repeated to 150 NFC characters; decomposed, it is far longer than 150 code points.
NAME_150 = ("Nguyễn " * 22)[:150].strip().ljust(150, "a")
DECOMPOSED_150 = unicodedata.normalize("NFD", NAME_150)


def test_a_decomposed_name_of_150_letters_is_checked_after_nfc():
    assert len(NAME_150) == 150 and len(DECOMPOSED_150) > 150
    validate_plain_text(DECOMPOSED_150, max_length=150)
    assert clean_plain_text(DECOMPOSED_150, max_length=150) == NAME_150
    with pytest.raises(ValidationError):
        validate_plain_text(NAME_150 + "b", max_length=150)


@pytest.mark.parametrize(
    "value",
    [
        "Nguyễn \u202e1202 Văn A",  # right-to-left override: digits print reversed
        "Trần\u200bBình",  # zero-width space
        "\u200b\u200b",  # looks blank
        "An\u2066h\u2069",  # isolates
        "Lê\x07Văn",  # control
        "Lê\nVăn",  # a line break in a single-line name
        "\ufeffLan",  # byte-order mark
    ],
)
def test_hidden_and_control_characters_are_refused(value):
    with pytest.raises(ValidationError) as error:
        validate_plain_text(value)
    assert error.value.code == "plain_text_hidden"


@pytest.mark.parametrize("value", ["   ", "\u0301\u0300", "\u00a0"])
def test_nothing_visible_is_refused(value):
    with pytest.raises(ValidationError) as error:
        validate_plain_text(value)
    assert error.value.code == "plain_text_blank"


def test_multiline_text_keeps_line_breaks_and_tabs_only():
    assert clean_plain_text("Dòng 1\r\n\tDòng 2", multiline=True) == "Dòng 1\r\n\tDòng 2"
    with pytest.raises(ValidationError):
        validate_plain_text("Dòng 1\u202eDòng 2", multiline=True)


def test_plain_text_field_lets_browsers_send_a_decomposed_name():
    field = PlainTextField(max_length=150)
    assert field.widget.attrs["maxlength"] == "450"
    assert field.clean(DECOMPOSED_150) == NAME_150


@pytest.mark.django_db
def test_signup_accepts_a_decomposed_150_letter_name(client, tree):
    response = client.post(SIGNUP_URL, signup_data(full_name=DECOMPOSED_150))
    assert response.status_code == 302
    assert User.objects.get().full_name == NAME_150


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["Nguyễn \u202eVăn A", "\u200b\u200b", "Trần\u200bBình"])
def test_signup_refuses_hidden_characters_in_the_name_in_vietnamese(client, tree, name):
    response = client.post(SIGNUP_URL, signup_data(full_name=name))
    assert response.status_code == 200
    assert "full_name" in response.context["form"].errors
    assert not User.objects.exists()


@pytest.mark.django_db
def test_profile_refuses_a_bidi_override_and_changes_nothing(client, tree):
    profile = ProfileFactory(audience=Audience.CITIZEN)
    client.force_login(profile.user)
    before = profile.user.full_name
    response = client.post("/tai-khoan/ho-so/", {"full_name": "Lê \u202e5102", "audience": Audience.CITIZEN})
    assert response.status_code == 200
    assert "ký tự ẩn" in response.content.decode()
    profile.user.refresh_from_db()
    assert profile.user.full_name == before


@pytest.mark.django_db
def test_unit_admin_form_refuses_a_zero_width_name(tree):
    from django.forms import modelform_factory

    from accounts.admin_forms import OrganisationUnitForm

    form_class = modelform_factory(
        OrganisationUnit, form=OrganisationUnitForm, fields=["name", "code", "kind"]
    )
    form = form_class(
        data={
            "name": "Sở\u200b",
            "code": "SO-X",
            "kind": OrganisationUnit.Kind.OFFICE,
            "parent": tree["sxd"].pk,
        }
    )
    assert not form.is_valid()
    assert "name" in form.errors


@pytest.mark.django_db
def test_course_title_with_a_bidi_override_is_refused(catalog):
    from ..factories import make_course

    course = make_course(catalog, title="Đô thị thông minh", for_officials=True)
    course.title = "Đô thị \u202e2026"
    with pytest.raises(ValidationError) as error:
        course.full_clean()
    assert "title" in error.value.message_dict
