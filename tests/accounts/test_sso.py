"""Single sign-on through a real OpenID Connect provider (tests/oidc_provider, its own process)."""

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth.models import Group

from accounts import roles
from accounts.models import Audience, Profile, User
from accounts.sso import ID_TOKEN_SESSION_KEY
from lms.settings.base import oidc_providers_from_env

from ..auth import current_totp_code
from ..factories import ProfileFactory, UserFactory, make_official, make_unit
from ..sso_provider import configure, sign_in, sign_in_keeping_provider_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def sso(settings, oidc_provider):
    configure(settings, oidc_provider)
    return oidc_provider


def test_settings_read_each_provider_from_the_environment():
    apps, rules = oidc_providers_from_env(
        {
            "LMS_OIDC_PROVIDERS": "tayninh, vneid",
            "LMS_OIDC_TAYNINH_ISSUER": "https://sso.tayninh.gov.vn/realms/canbo/",
            "LMS_OIDC_TAYNINH_CLIENT_ID": "lms",
            "LMS_OIDC_TAYNINH_CLIENT_SECRET": "s3cret",
            "LMS_OIDC_TAYNINH_SCOPES": "openid,profile email unit",
            "LMS_OIDC_TAYNINH_TRUST_MFA": "yes",
            "LMS_OIDC_TAYNINH_MFA_AMR": "mfa otp",
            "LMS_OIDC_TAYNINH_CLAIMS": "unit_code=ma_don_vi, audience=doi_tuong",
            "LMS_OIDC_VNEID_ISSUER": "https://vneid.example.gov.vn",
            "LMS_OIDC_VNEID_CLIENT_ID": "lms-citizens",
            "LMS_OIDC_VNEID_LINK_BY_EMAIL": "false",
        }
    )
    tayninh, vneid = apps
    assert tayninh["provider_id"] == "tayninh" and tayninh["client_id"] == "lms"
    assert tayninh["settings"]["server_url"] == "https://sso.tayninh.gov.vn/realms/canbo"
    assert tayninh["settings"]["scope"] == ["openid", "profile", "email", "unit"]
    assert tayninh["settings"]["oauth_pkce_enabled"] is True
    assert rules["tayninh"]["trust_mfa"] is True and rules["tayninh"]["mfa_amr"] == ["mfa", "otp"]
    assert rules["tayninh"]["claims"] == {
        "full_name": "name",
        "unit_code": "ma_don_vi",
        "audience": "doi_tuong",
    }
    assert rules["tayninh"]["origin"] == "https://sso.tayninh.gov.vn"
    assert vneid["settings"]["email_authentication"] is False and rules["vneid"]["trust_mfa"] is False
    assert rules["vneid"]["mfa_amr"] == ["mfa"] and vneid["name"] == "vneid"


def test_settings_refuse_a_provider_without_issuer():
    with pytest.raises(ValueError, match="LMS_OIDC_X_ISSUER"):
        oidc_providers_from_env({"LMS_OIDC_PROVIDERS": "x", "LMS_OIDC_X_CLIENT_ID": "lms"})


def test_login_page_shows_one_button_per_provider(client, sso):
    page = client.get("/accounts/login/").content.decode()
    assert 'action="/accounts/oidc/tayninh/login/"' in page
    assert "Đăng nhập bằng Tài khoản công vụ Tây Ninh" in page
    assert "Đăng nhập bằng VNeID (thử nghiệm)" in page


def test_sign_in_uses_the_code_flow_with_pkce(client, sso):
    start = client.post("/accounts/oidc/tayninh/login/")
    query = parse_qs(urlsplit(start["Location"]).query)
    assert query["response_type"] == ["code"]
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) >= 43
    assert set(query["scope"][0].split()) == {"openid", "profile", "email", "unit"}
    assert query["redirect_uri"] == ["http://testserver/accounts/oidc/tayninh/login/callback/"]


def test_verified_email_links_the_existing_account(client, sso):
    learner = UserFactory(email="hocvien.sso@example.test", full_name="Phạm Thị Học")
    ProfileFactory(user=learner)

    answer = sign_in(client, sso, "vneid", "hocvien")

    assert answer.status_code == 302 and answer["Location"] == "/hoc-tap/"
    assert client.session["_auth_user_id"] == str(learner.pk)
    assert SocialAccount.objects.get(provider="vneid").user == learner
    # Next time the link itself signs them in, without the e-mail rule.
    client.logout()
    assert sign_in(client, sso, "vneid", "hocvien")["Location"] == "/hoc-tap/"
    assert User.objects.count() == 1


def test_unverified_email_is_not_linked_and_the_owner_is_told(client, sso, mailoutbox):
    learner = UserFactory(email="hocvien.sso@example.test")
    ProfileFactory(user=learner)

    answer = sign_in(client, sso, "vneid", "chuaxacminh")

    assert answer.status_code == 302 and answer["Location"] == "/accounts/3rdparty/signup/"
    assert "_auth_user_id" not in client.session
    form = client.get("/accounts/3rdparty/signup/").content.decode()
    assert "Hoàn tất tài khoản" in form
    taken = client.post(
        "/accounts/3rdparty/signup/",
        {
            "email": "hocvien.sso@example.test",
            "full_name": "Người Lạ",
            "audience": "citizen",
            "consent": "on",
        },
    )
    # As for a password signup with a known address (ACCOUNT_PREVENT_ENUMERATION): the same answer as a new
    # account, nothing created or linked, and the owner of the address is told by e-mail.
    assert taken.status_code == 302 and taken["Location"] == "/accounts/confirm-email/"
    assert not SocialAccount.objects.exists() and User.objects.count() == 1
    assert [m.to for m in mailoutbox] == [["hocvien.sso@example.test"]]
    assert "_auth_user_id" not in client.session


def test_newcomer_completes_the_short_form_prefilled_from_the_claims(client, sso, tree):
    answer = sign_in(client, sso, "tayninh", "nguoimoi")
    assert answer["Location"] == "/accounts/3rdparty/signup/"

    form = client.get("/accounts/3rdparty/signup/")
    initial = form.context["form"].initial
    assert initial["full_name"] == "Trần Thị Mới" and initial["email"] == "nguoimoi@example.test"
    assert initial["audience"] == Audience.OFFICIAL and initial["organisation_unit"] == tree["sxd"].pk
    assert "mật khẩu" not in form.content.decode().lower().split("<form", 1)[1].split("</form>")[0]

    missing = client.post(
        "/accounts/3rdparty/signup/",
        {
            "email": "nguoimoi@example.test",
            "full_name": "Trần Thị Mới",
            "audience": "official",
            "organisation_unit": tree["sxd"].pk,
        },
    )
    assert missing.status_code == 200 and not User.objects.filter(email="nguoimoi@example.test").exists()

    done = client.post(
        "/accounts/3rdparty/signup/",
        {
            "email": "nguoimoi@example.test",
            "full_name": "Trần Thị Mới",
            "audience": "official",
            "organisation_unit": tree["sxd"].pk,
            "position": "Chuyên viên",
            "consent": "on",
        },
    )
    # Signed in at once (the provider verified the address) and shown the profile they have just made.
    assert done.status_code == 302 and done["Location"] == "/tai-khoan/ho-so/"
    assert client.session["_auth_user_id"] == str(User.objects.get(email="nguoimoi@example.test").pk)
    user = User.objects.get(email="nguoimoi@example.test")
    assert user.full_name == "Trần Thị Mới" and not user.has_usable_password()
    profile = Profile.objects.get(user=user)
    assert profile.audience == Audience.OFFICIAL and profile.organisation_unit == tree["sxd"]
    assert user.emailaddress_set.get().verified  # the provider verified it: no confirmation e-mail
    assert SocialAccount.objects.get(user=user).provider == "tayninh"


def test_unknown_unit_code_and_audience_are_left_for_the_person(client, settings, oidc_provider, tree):
    configure(
        settings,
        oidc_provider,
        LMS_OIDC_TAYNINH_CLAIMS="unit_code=no_such_claim",
        LMS_OIDC_TAYNINH_AUDIENCE="",
    )
    sign_in(client, oidc_provider, "tayninh", "nguoimoi")
    initial = client.get("/accounts/3rdparty/signup/").context["form"].initial
    assert "organisation_unit" not in initial
    assert initial["audience"] == Audience.OFFICIAL  # the "audience" claim still says so


def _trainer(email):
    trainer = UserFactory(email=email)
    trainer.groups.add(Group.objects.get(name=roles.TRAINERS))
    return trainer


def test_staff_without_an_asserted_second_factor_meet_the_totp_step(client, sso, catalog, with_totp):
    trainer = with_totp(_trainer("giangvien.sso@example.test"))

    answer = sign_in(client, sso, "tayninh", "giangvien")

    assert answer["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/admin/")["Location"].startswith("/accounts/login/")
    done = client.post("/accounts/2fa/authenticate/", {"code": current_totp_code()})
    assert done.status_code == 302 and client.session["_auth_user_id"] == str(trainer.pk)
    assert client.get("/admin/").status_code == 200


def test_trusted_provider_asserting_mfa_satisfies_the_staff_gate(client, sso, catalog, with_totp):
    admin = with_totp(UserFactory(email="quantri.sso@example.test", is_staff=True, is_superuser=True))

    answer = sign_in(client, sso, "tayninh", "quantri")

    assert answer["Location"] == "/admin/"
    assert client.session["_auth_user_id"] == str(admin.pk)
    assert client.get("/admin/").status_code == 200
    records = client.session["account_authentication_methods"]
    assert {"method": "mfa", "type": "oidc", "provider": "tayninh"}.items() <= records[-1].items()


def test_trusted_provider_asserting_mfa_needs_no_device_either(client, sso, catalog):
    _trainer("quantri.sso@example.test")
    sign_in(client, sso, "tayninh", "quantri")
    assert client.get("/admin/").status_code == 200


def test_the_same_assertion_from_an_untrusted_provider_does_not_count(client, sso, catalog, with_totp):
    with_totp(UserFactory(email="quantri.sso@example.test", is_staff=True, is_superuser=True))
    assert sign_in(client, sso, "vneid", "quantri")["Location"] == "/accounts/2fa/authenticate/"


def test_trusted_provider_counts_acr_only_when_configured(
    client, settings, oidc_provider, catalog, with_totp
):
    configure(
        settings, oidc_provider, LMS_OIDC_TAYNINH_MFA_AMR="hwk", LMS_OIDC_TAYNINH_MFA_ACR="urn:tayninh:loa:2"
    )
    with_totp(UserFactory(email="quantri.sso@example.test", is_staff=True, is_superuser=True))
    assert sign_in(client, oidc_provider, "tayninh", "quantri")["Location"] == "/admin/"

    client.logout()
    configure(settings, oidc_provider, LMS_OIDC_TAYNINH_MFA_AMR="hwk")
    assert sign_in(client, oidc_provider, "tayninh", "quantri")["Location"] == "/accounts/2fa/authenticate/"


def test_refusal_at_the_provider_comes_back_to_the_login_page_with_a_message(client, sso):
    answer = sign_in(client, sso, "vneid", "hocvien", allow=False)

    assert answer.status_code == 302 and answer["Location"] == "/accounts/login/"
    page = client.get("/accounts/login/").content.decode()
    assert "VNeID (thử nghiệm) không cho phép đăng nhập" in page
    assert "_auth_user_id" not in client.session


def test_a_forged_callback_changes_nothing(client, sso):
    answer = client.get("/accounts/oidc/tayninh/login/callback/?code=forged&state=forged")
    assert answer.status_code == 302 and answer["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session and not User.objects.exists()


def test_unknown_provider_is_not_found(client, sso):
    assert client.post("/accounts/oidc/khong-co/login/").status_code == 404


def test_logout_ends_the_provider_session_too(client, sso):
    ProfileFactory(user=UserFactory(email="hocvien.sso@example.test"))
    sign_in(client, sso, "vneid", "hocvien")

    answer = client.post("/accounts/logout/")

    end = urlsplit(answer["Location"])
    assert f"{end.scheme}://{end.netloc}{end.path}" == f"{sso.issuer}/logout/"
    query = parse_qs(end.query)
    assert query.keys() == {"id_token_hint", "client_id", "post_logout_redirect_uri"}
    assert query["client_id"] == ["vneid"] and query["post_logout_redirect_uri"] == ["http://testserver/"]
    assert "_auth_user_id" not in client.session


def test_logout_stays_local_for_a_password_sign_in_or_a_provider_set_not_to(client, settings, oidc_provider):
    configure(settings, oidc_provider, LMS_OIDC_VNEID_LOGOUT="false")
    ProfileFactory(user=UserFactory(email="hocvien.sso@example.test"))
    sign_in(client, oidc_provider, "vneid", "hocvien")
    assert client.post("/accounts/logout/")["Location"] == "/"

    ProfileFactory(user=UserFactory(email="matkhau@example.test"))
    client.post("/accounts/login/", {"login": "matkhau@example.test", "password": "Mat-khau-an-toan-2026"})
    assert "_auth_user_id" in client.session
    assert client.post("/accounts/logout/")["Location"] == "/"


def test_logout_is_local_when_the_provider_cannot_be_reached(client, settings, oidc_provider):
    ProfileFactory(user=UserFactory(email="hocvien.sso@example.test"))
    configure(settings, oidc_provider)
    sign_in(client, oidc_provider, "vneid", "hocvien")
    configure(settings, oidc_provider, LMS_OIDC_VNEID_ISSUER="http://127.0.0.1:9/o")
    assert client.post("/accounts/logout/")["Location"] == "/"
    assert "_auth_user_id" not in client.session


def test_unit_code_claim_maps_through_make_unit(db):
    # The mapping reads units by their code: an inactive unit is not offered.
    unit = make_unit("OLD", "Đơn vị cũ")
    unit.is_active = False
    unit.save()
    from accounts.selectors import unit_by_code

    assert unit_by_code(code="OLD") is None and unit_by_code(code=" TN ") is None


def test_sso_pages_cost_a_bounded_number_of_queries(client, sso, tree, django_assert_max_num_queries):
    # The first request of a content generation caches the sites (cms.sites); measure the steady state.
    client.get("/accounts/login/")
    with django_assert_max_num_queries(3):
        assert client.get("/accounts/login/").status_code == 200
    sign_in(client, sso, "tayninh", "nguoimoi")
    with django_assert_max_num_queries(6):
        page = client.get("/accounts/3rdparty/signup/")
    assert page.status_code == 200 and "Sở Xây dựng" in page.content.decode()


@pytest.fixture
def changing_claims(oidc_provider):
    """Change what the session-wide provider says about someone for one test, then put it back."""
    saved = {}

    def change(username, **claims):
        before = oidc_provider.set_claims(username, **claims)
        saved.setdefault(username, before)

    yield change
    for username, claims in saved.items():
        oidc_provider.restore_claims(username, claims)


def test_claims_refresh_the_profile_at_every_later_sign_in(client, sso, tree, changing_claims, caplog):
    # Signed up through the provider as an official of Sở Xây dựng, with a position of their own.
    user = UserFactory(email="nguoimoi@example.test", full_name="Trần Thị Mới")
    make_official(tree["sxd"], user=user, phone="0901234567")
    assert sign_in(client, sso, "tayninh", "nguoimoi")["Location"] == "/hoc-tap/"
    client.logout()

    # The province moves her to Sở Khoa học và Công nghệ, and her name is corrected there.
    changing_claims("nguoimoi", unit_code="KHCN", name="Trần Thị Mới Sửa")
    assert sign_in(client, sso, "tayninh", "nguoimoi")["Location"] == "/hoc-tap/"
    profile = Profile.objects.select_related("user").get(user=user)
    assert profile.organisation_unit == tree["khcn"] and profile.audience == Audience.OFFICIAL
    assert profile.user.full_name == "Trần Thị Mới Sửa"
    # What the provider does not assert stays hers.
    assert profile.position == "Chuyên viên" and profile.phone == "0901234567"
    page = client.get("/tai-khoan/ho-so/").content.decode()
    assert "Trần Thị Mới Sửa" in page

    # An unknown unit code is logged and ignored, the sign-in goes on and the rest still applies.
    client.logout()
    changing_claims("nguoimoi", unit_code="KHONG-CO", name="Trần Thị Mới")
    with caplog.at_level("WARNING", logger="accounts.sso"):
        assert sign_in(client, sso, "tayninh", "nguoimoi")["Location"] == "/hoc-tap/"
    profile.refresh_from_db()
    profile.user.refresh_from_db()
    assert profile.organisation_unit == tree["khcn"] and profile.user.full_name == "Trần Thị Mới"
    assert "'KHONG-CO', which names no active unit" in caplog.text


def test_claims_change_the_audience_and_clear_what_no_longer_applies(client, sso, tree, changing_claims):
    user = UserFactory(email="hocvien.sso@example.test", full_name="Phạm Thị Học")
    ProfileFactory(user=user, audience=Audience.CITIZEN, commune_code="25459")

    # The province's provider says she is an official of a unit: the unit makes her one, the commune goes.
    changing_claims("hocvien", unit_code="SXD-PTDT")
    sign_in(client, sso, "tayninh", "hocvien")
    profile = Profile.objects.get(user=user)
    assert (profile.audience, profile.organisation_unit, profile.commune_code) == (
        Audience.OFFICIAL,
        tree["ptdt"],
        "",
    )

    client.logout()
    changing_claims("hocvien", unit_code=None, audience="business")
    sign_in(client, sso, "tayninh", "hocvien")
    profile.refresh_from_db()
    assert profile.audience == Audience.BUSINESS and profile.organisation_unit is None
    # "official" with no unit given and none held cannot hold (an official belongs to a unit): not applied.
    client.logout()
    changing_claims("hocvien", audience="official")
    sign_in(client, sso, "tayninh", "hocvien")
    profile.refresh_from_db()
    assert profile.audience == Audience.BUSINESS


def test_claims_without_a_change_write_nothing(client, sso, tree, django_assert_max_num_queries):
    from accounts import services

    user = UserFactory(email="nguoimoi@example.test", full_name="Trần Thị Mới")
    profile = make_official(tree["sxd"], user=user)
    before = Profile.objects.get(pk=profile.pk).updated_at
    sign_in(client, sso, "tayninh", "nguoimoi")
    assert Profile.objects.get(pk=profile.pk).updated_at == before
    with django_assert_max_num_queries(3):  # the profile read and locked (in a savepoint here); no write
        assert services.profile_claims_apply(user=user, full_name="Trần Thị Mới", unit=tree["sxd"]) == []


def test_logout_sends_the_id_token_and_the_provider_ends_its_session(client, sso):
    ProfileFactory(user=UserFactory(email="hocvien.sso@example.test"))
    provider = sign_in_keeping_provider_session(client, sso, "vneid", "hocvien")
    kept = client.session[ID_TOKEN_SESSION_KEY]
    assert kept["provider"] == "vneid" and kept["id_token"].count(".") == 2

    answer = client.post("/accounts/logout/")

    assert "_auth_user_id" not in client.session
    end = urlsplit(answer["Location"])
    query = parse_qs(end.query)
    assert query["id_token_hint"] == [kept["id_token"]]
    assert query["client_id"] == ["vneid"] and query["post_logout_redirect_uri"] == ["http://testserver/"]
    # The real provider accepts the hint: it ends its session without asking and sends the browser home.
    back = provider.get(answer["Location"], allow_redirects=False, timeout=10)
    assert back.status_code == 302 and back.headers["Location"] == "http://testserver/"
    # Signed out there too: the next sign-in at the provider asks for the password again.
    again = client.post("/accounts/oidc/vneid/login/")
    ask = provider.get(again["Location"], allow_redirects=False, timeout=10)
    assert ask.status_code == 302 and ask.headers["Location"].startswith("/dang-nhap/")


def test_logout_without_the_hint_leaves_the_provider_asking(client, sso):
    # The same logout without the ID token (a session from before it was kept): the provider asks first.
    ProfileFactory(user=UserFactory(email="hocvien.sso@example.test"))
    provider = sign_in_keeping_provider_session(client, sso, "vneid", "hocvien")
    session = client.session
    del session[ID_TOKEN_SESSION_KEY]
    session.save()
    answer = client.post("/accounts/logout/")
    assert "id_token_hint" not in parse_qs(urlsplit(answer["Location"]).query)
    assert provider.get(answer["Location"], allow_redirects=False, timeout=10).status_code == 200


def test_the_id_token_survives_the_totp_step_and_a_password_sign_in_drops_it(client, sso, catalog, with_totp):
    trainer = with_totp(_trainer("giangvien.sso@example.test"))
    sign_in(client, sso, "tayninh", "giangvien")
    assert ID_TOKEN_SESSION_KEY not in client.session  # not signed in yet
    client.post("/accounts/2fa/authenticate/", {"code": current_totp_code()})
    assert client.session[ID_TOKEN_SESSION_KEY]["provider"] == "tayninh"
    assert "id_token_hint=" in client.post("/accounts/logout/")["Location"]

    trainer.set_password("Mat-khau-an-toan-2026")
    trainer.save()
    ProfileFactory(user=UserFactory(email="matkhau@example.test"))
    client.post("/accounts/login/", {"login": "matkhau@example.test", "password": "Mat-khau-an-toan-2026"})
    assert "_auth_user_id" in client.session and ID_TOKEN_SESSION_KEY not in client.session


def test_allauth_pages_reached_through_sso_are_in_the_layout_and_in_vietnamese(client, sso):
    learner = UserFactory(email="hocvien.sso@example.test")
    learner.set_unusable_password()  # signs in through the provider only
    learner.save()
    ProfileFactory(user=learner)
    sign_in(client, sso, "vneid", "hocvien")
    assert 'href="/accounts/3rdparty/"' in client.get("/tai-khoan/ho-so/").content.decode()

    page = client.get("/accounts/3rdparty/").content.decode()
    assert "<h1>Tài khoản đăng nhập đã liên kết</h1>" in page and "Hủy liên kết" in page
    assert 'action="/accounts/oidc/tayninh/login/?process=connect"' in page
    assert "Liên kết Tài khoản công vụ Tây Ninh" in page
    # Unlinking the only way into an account without a password is refused, in Vietnamese.
    account = SocialAccount.objects.get()
    refused = client.post("/accounts/3rdparty/", {"account": account.pk})
    assert refused.status_code == 200 and SocialAccount.objects.filter(pk=account.pk).exists()
    assert "Tài khoản của bạn chưa được thiết lập mật khẩu" in refused.content.decode()

    pages = [page, refused.content.decode()]
    for url, heading in (
        ("/accounts/3rdparty/login/cancelled/", "Đã hủy đăng nhập"),
        ("/accounts/3rdparty/login/error/", "Đăng nhập qua nơi cấp tài khoản không thành công"),
    ):
        pages.append(client.get(url).content.decode())
        assert f"<h1>{heading}</h1>" in pages[-1] and "Quay lại trang đăng nhập" in pages[-1]
    for text in pages:
        assert "Account Connections" not in text and "Third-Party" not in text
