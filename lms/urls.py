from django.conf import settings
from django.conf.urls.static import static
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts import sso as accounts_sso
from accounts import views as accounts_views

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("lms.health")),
    # Wagtail's own sign-in and password-reset views would sign staff in with a password alone: every
    # way in goes through allauth's flow, which ends at the second-factor step.
    path("admin/login/", RedirectView.as_view(pattern_name="account_login", query_string=True)),
    re_path(
        r"^admin/password_reset/",
        RedirectView.as_view(pattern_name="account_reset_password", query_string=True),
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # allauth's signup and "confirm your email" page, extended (accounts.confirmation); same URLs and names.
    path("accounts/signup/", accounts_views.signup, name="account_signup"),
    path(
        "accounts/confirm-email/",
        accounts_views.email_verification_sent,
        name="account_email_verification_sent",
    ),
    # allauth's OpenID Connect callback, keeping the ID token for the provider's logout (accounts/sso.py).
    path(
        "accounts/oidc/<str:provider_id>/login/callback/",
        accounts_sso.callback,
        name="openid_connect_callback",
    ),
    path("accounts/", include("allauth.urls")),
    path("tai-khoan/", include("accounts.urls")),
    path("hoc-tap/", include("courses.urls")),
    path("lop-hoc/", include("classes.urls")),
    path("danh-gia/", include("evaluations.urls")),
    path("qua-trinh-boi-duong/", include("records.urls")),
    path("quan-ly-dao-tao/", include("staff.urls")),
    path("tep/", include("jobs.urls")),
    path("scorm/", include("scorm.urls")),
    path("hoc-lieu/", include("lessonmedia.urls")),
    path("diem-danh/", include("classes.checkin_urls")),
    path("", include("certificates.urls")),
    path("api/", include("api.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
