"""The interface speaks the glossary's words (../shared/reference/glossary-vi.md) and titles name the site once."""

import re
import unicodedata
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.messages import get_messages

from accounts.templatetags.site_title import site_name

from .auth import sign_in
from .factories import ProfileFactory, UserFactory, make_course, make_lesson
from .test_translations import CATALOGUES, po_entries

ROOT = Path(settings.BASE_DIR)
TEMPLATES = sorted((ROOT / "templates").glob("**/*.html")) + sorted((ROOT / "templates").glob("**/*.txt"))
DEMO = sorted((ROOT / "demo").glob("**/*.py"))
# Words the glossary replaced, and what it says instead. Enrolling has one term: "đăng ký học".
FORBIDDEN = {
    "ghi danh": "đăng ký học",
    "ghi tên": "đăng ký học",
    "họ tên": "họ và tên",
    "chứng chỉ": "giấy chứng nhận",
    "người học": "học viên",
    "tỉ lệ": "tỷ lệ",
}
# Variants of enrolling are wrong anywhere, lesson prose included; the other words only in the interface.
ENROLLING = {"ghi danh", "ghi tên"}
# Ours and allauth's catalogue: Wagtail's and Django's translate their own admin words.
INTERFACE_CATALOGUES = [
    po for po in CATALOGUES if po.relative_to(ROOT / "locale").parts[0] in {"vi", "allauth"}
]


def _found(text: str, words) -> list[str]:
    folded = unicodedata.normalize("NFC", text).casefold()
    return [word for word in words if re.search(rf"\b{word}\b", folded)]


def _msgstrs(po: Path):
    for entry in po_entries(po):
        if entry.get("msgid"):
            for key, text in entry.items():
                if key.startswith("msgstr"):
                    yield entry["msgid"], text


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda po: str(po.relative_to(ROOT)))
def test_no_catalogue_says_ghi_danh(po):
    problems = [f"{msgid!r}: {found}" for msgid, text in _msgstrs(po) if (found := _found(text, ENROLLING))]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("po", INTERFACE_CATALOGUES, ids=lambda po: str(po.relative_to(ROOT)))
def test_interface_catalogues_use_the_glossary_words(po):
    problems = [
        f"{msgid!r} says {word!r}, the glossary says {FORBIDDEN[word]!r}"
        for msgid, text in _msgstrs(po)
        for word in _found(text, FORBIDDEN)
    ]
    assert not problems, "\n".join(problems)


def test_templates_emails_and_demo_content_use_the_glossary_words():
    assert TEMPLATES and DEMO
    problems = [
        f"{path.relative_to(ROOT)}: {found}"
        for path in TEMPLATES
        if (found := _found(path.read_text(encoding="utf-8"), FORBIDDEN))
    ]
    problems += [
        f"{path.relative_to(ROOT)}: {found}"
        for path in DEMO
        if (found := _found(path.read_text(encoding="utf-8"), ENROLLING))
    ]
    assert not problems, "\n".join(problems)


def test_every_message_about_enrolling_says_dang_ky_hoc():
    # "Enrollments completed" counts completions; its column stands beside "Số lượt đăng ký học".
    counts_completions = {"Enrollments completed"}
    po = ROOT / "locale" / "vi" / "LC_MESSAGES" / "django.po"
    about_enrolling = [
        (msgid, text)
        for msgid, text in _msgstrs(po)
        if re.search(r"enrol", msgid, re.IGNORECASE) and msgid not in counts_completions
    ]
    assert len(about_enrolling) > 30
    problems = [
        f"{msgid!r} -> {text!r}" for msgid, text in about_enrolling if "đăng ký học" not in text.casefold()
    ]
    assert not problems, "\n".join(problems)


# --- Titles: "Page — Site", the site's name once ---------------------------------------------------------------


def _title(response) -> str:
    html = response.content.decode()
    found = re.findall(r"<title>(.*?)</title>", html, re.DOTALL)
    assert len(found) == 1, f"{response.request['PATH_INFO']}: {len(found)} titles"
    return " ".join(found[0].split())


def _assert_one_site_name(path: str, title: str) -> None:
    name = site_name()
    brand = "bồi dưỡng đô thị thông minh"
    assert title.casefold().count(brand) == 1, f"{path}: {title!r}"
    assert title == name or title.endswith(f" — {name}") or name.casefold() not in title.casefold(), title
    assert "·" not in title and " - " not in title, f"{path}: one separator, the dash: {title!r}"


@pytest.fixture
def pages(catalog):
    course = make_course(catalog, title="Dịch vụ công trực tuyến", for_citizens=True)
    lesson = make_lesson(course, title="Bài mở đầu", free_preview=True)
    return {"course": course, "lesson": lesson}


@pytest.mark.django_db
def test_titles_name_the_site_once_on_every_main_page(client, pages):
    home = client.get("/")
    assert _title(home) == "Bồi dưỡng đô thị thông minh"  # the home page's own title names the site
    public = [
        "/khoa-hoc/",
        pages["course"].url,
        pages["lesson"].url,
        "/tra-cuu-chung-nhan/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/khong-co-trang-nay/",
    ]
    titles = {}
    for path in public:
        titles[path] = _title(client.get(path))
        _assert_one_site_name(path, titles[path])
    assert titles["/khoa-hoc/"] == f"Danh mục khóa học — {site_name()}"
    assert titles[pages["course"].url] == f"Dịch vụ công trực tuyến — {site_name()}"
    assert titles["/accounts/login/"] == f"Đăng nhập — {site_name()}"
    sign_in(client, ProfileFactory().user)
    for path in ["/hoc-tap/", "/giay-chung-nhan/", "/tai-khoan/ho-so/", "/tai-khoan/ho-so/du-lieu-ca-nhan/"]:
        title = _title(client.get(path))
        _assert_one_site_name(path, title)
        assert title.endswith(f" — {site_name()}") and len(title) > len(site_name()) + 3, title


@pytest.mark.django_db
def test_a_page_title_that_already_names_the_site_stands_alone(client, catalog):
    catalog.seo_title = f"Các khóa học của {site_name()}"
    catalog.save_revision().publish()
    assert _title(client.get("/khoa-hoc/")) == f"Các khóa học của {site_name()}"


# --- The language switcher and the sign-in greeting -----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["vi", "en"])
def test_language_switcher_names_each_language_in_its_own_name(client, language):
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    html = client.get("/").content.decode()
    assert '<option value="vi" lang="vi"' in html
    assert ">Tiếng Việt</option>" in html and ">English</option>" in html
    assert "Tiếng Anh" not in html and ">Vietnamese<" not in html
    assert unicodedata.is_normalized("NFC", html)


@pytest.mark.django_db
def test_sign_in_greets_the_learner_by_name(client):
    user = UserFactory(full_name="Nguyễn Thị Ánh Tuyết", password="Mat-khau-an-toan-2026")
    ProfileFactory(user=user)
    response = client.post("/accounts/login/", {"login": user.email, "password": "Mat-khau-an-toan-2026"})
    assert response.status_code == 302
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert messages == ["Xin chào Nguyễn Thị Ánh Tuyết, bạn đã đăng nhập thành công."]
