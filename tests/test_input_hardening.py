"""Input no database can store, and oversized searches, get an answer, never a 500 (#12 "500s")."""

import pytest
from modelsearch.query import And, Phrase, PlainText

from cms.search import cap_query
from lms.middleware import _unstorable

from .auth import sign_in
from .factories import make_course, make_hr_manager


@pytest.fixture
def hr_client(client, tree):
    return sign_in(client, make_hr_manager(tree["sxd"]))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/tra-cuu-chung-nhan/", {"so": "TN-2026\x00-000001"}),
        ("/tra-cuu-chung-nhan/abc%00def/", {}),
        ("/giay-chung-nhan/TN-2026-000001%00/tai-ve/", {}),
        ("/tra-cuu-chung-nhan/", {"so\x00": "x"}),
    ],
)
def test_nul_in_public_urls_gets_a_vietnamese_400(client, url, params):
    response = client.get(url, params)
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()
    assert 'class="' in response.content.decode()  # the site's layout, not a bare error


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/quan-ly-dao-tao/hoc-vien/", "/quan-ly-dao-tao/giay-chung-nhan/", "/quan-ly-dao-tao/khoa-hoc/"]
)
def test_nul_in_hr_search_gets_400(hr_client, url):
    assert hr_client.get(url, {"q": "Nguyễn\x00"}).status_code == 400
    assert hr_client.get(url, {"q": "Nguyễn"}).status_code == 200


@pytest.mark.django_db
def test_nul_in_a_form_value_gets_400_and_creates_nothing(client):
    from accounts.models import User

    response = client.post("/accounts/signup/", {"email": "a\x00@example.vn", "full_name": "A\x00"})
    assert response.status_code == 400
    assert not User.objects.exists()


def test_lone_surrogates_and_nul_are_unstorable():
    assert _unstorable("a\x00b")
    assert _unstorable("a\ud800b")
    assert not _unstorable("Nguyễn Văn A\n\t")


def test_cap_query_keeps_the_first_words_and_characters(settings):
    settings.LMS_SEARCH_MAX_TERMS = 3
    settings.LMS_SEARCH_MAX_LENGTH = 12
    assert cap_query("a  b c d e") == "a b c"
    assert cap_query("x" * 50) == "x" * 12
    capped = cap_query(And([PlainText("do thi"), Phrase("thong minh"), PlainText("z")]))
    assert [type(q) for q in capped.subqueries] == [PlainText, Phrase]
    assert capped.subqueries[0].query_string == "do thi"
    assert capped.subqueries[1].query_string == "thong"


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["a " * 5000, "x" * 10000, "đô thị " * 1500, '"' * 10000, "a OR " * 2000])
def test_ten_thousand_character_admin_page_search_answers(staff_admin_client, query):
    assert staff_admin_client.get("/admin/pages/search/", {"q": query}).status_code == 200


@pytest.mark.django_db
def test_ten_thousand_character_site_search_answers(client, catalog):
    make_course(catalog, title="Quy hoạch đô thị thông minh")
    response = client.get(catalog.url, {"q": "đô thị " * 1500})
    assert response.status_code == 200
