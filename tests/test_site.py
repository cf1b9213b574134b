import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.validators import validate_domain_name
from django.utils import timezone, translation
from django.utils.timesince import timesince


@pytest.mark.django_db
def test_home_page_is_vietnamese_by_default_with_landmarks_and_skip_link(client):
    html = client.get("/").content.decode()
    assert '<html lang="vi">' in html
    assert 'href="#main"' in html and 'id="main"' in html
    assert "Chuyển đến nội dung chính" in html
    assert "<header" in html and "<nav" in html and "<footer" in html
    assert "Tuyên bố về khả năng tiếp cận" in html
    assert "Ủy ban nhân dân tỉnh Tây Ninh" in html


@pytest.mark.django_db
def test_language_switcher_changes_to_english_and_back(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert "Skip to main content" in html
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    assert '<html lang="vi">' in client.get("/").content.decode()


@pytest.mark.django_db
def test_unknown_page_is_a_vietnamese_404(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


@pytest.mark.django_db
def test_wagtail_admin_is_in_vietnamese(staff_admin_client, catalog):
    html = staff_admin_client.get("/admin/").content.decode()
    assert 'lang="vi"' in html
    # Strings Wagtail's own catalogue leaves in English (locale/wagtail fills them), server side and in scripts.
    editor = staff_admin_client.get(f"/admin/pages/{catalog.pk}/edit/").content.decode()
    assert "Lưu bản nháp" in editor and "Save draft" not in editor
    assert "Thao tác" in staff_admin_client.get("/admin/snippets/assessment/quiz/").content.decode()
    scripts = staff_admin_client.get("/admin/jsi18n/").content.decode()
    assert json.dumps({"Insert a block": "Chèn khối"})[1:-1] in scripts


def test_django_strings_its_own_catalogue_leaves_in_english_are_vietnamese():
    # locale/django fills them: time since (the admin's "updated 5 minutes ago"), validation messages.
    with translation.override("vi"):
        assert timesince(timezone.now() - datetime.timedelta(minutes=5)) == "5\xa0phút"
        with pytest.raises(ValidationError) as error:
            validate_domain_name("không hợp lệ")
        assert error.value.messages == ["Vui lòng nhập tên miền hợp lệ."]


def test_date_and_number_formats_follow_vietnamese_conventions(settings):
    import datetime

    from django.utils import formats, translation

    with translation.override("vi"):
        assert formats.date_format(datetime.date(2026, 11, 25), "SHORT_DATE_FORMAT") == "25/11/2026"
        assert formats.number_format(1234567, use_l10n=True, force_grouping=True) == "1.234.567"
        assert formats.number_format(85.5, decimal_pos=1, use_l10n=True) == "85,5"


def test_django_form_messages_its_own_catalogue_translates_wrongly_read_properly():
    # Django's Vietnamese says "Nhập một số tổng thể." (an "overall number") for a whole number, puts a space
    # before the full stop of the limits, and "Nhập địa chỉ email." (just "enter an email") for a bad address.
    from django import forms

    def messages(field, value):
        with pytest.raises(ValidationError) as error:
            field.clean(value)
        return error.value.messages

    with translation.override("vi"):
        assert messages(forms.IntegerField(), "2,5") == ["Vui lòng nhập một số nguyên."]
        assert messages(forms.IntegerField(min_value=1), "-5") == ["Giá trị này phải lớn hơn hoặc bằng 1."]
        assert messages(forms.IntegerField(max_value=2000), "99999") == [
            "Giá trị này phải nhỏ hơn hoặc bằng 2000."
        ]
        assert messages(forms.CharField(max_length=255), "x" * 300) == [
            "Giá trị này chỉ được có tối đa 255 ký tự (hiện có 300)."
        ]
        assert messages(forms.EmailField(), "abc") == [
            "Vui lòng nhập địa chỉ email hợp lệ, ví dụ ten.ban@example.com."
        ]
        assert messages(forms.ChoiceField(choices=[("citizen", "Người dân")]), "martian") == [
            "Vui lòng chọn một lựa chọn hợp lệ: “martian” không có trong danh sách."
        ]


@pytest.mark.django_db
def test_password_reset_with_a_mistyped_address_says_what_is_wrong(client):
    response = client.post("/accounts/password/reset/", {"email": "canbo.dothithongminh.test"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vui lòng nhập địa chỉ email hợp lệ, ví dụ ten.ban@example.com." in html
    assert "Nhập địa chỉ email.</" not in html
