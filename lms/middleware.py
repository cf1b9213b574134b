from django.conf import settings
from django.http import JsonResponse
from django.middleware.csp import ContentSecurityPolicyMiddleware, get_nonce
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.csp import CSP, build_policy
from django.utils.translation import gettext


class DefaultLanguageMiddleware(LocaleMiddleware):
    """Vietnamese unless the visitor chose otherwise with the language switcher.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so an English-language
    browser in a provincial office would get English; here only the switcher's cookie counts.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class CSPMiddleware(ContentSecurityPolicyMiddleware):
    """Django's CSP middleware, with ``LMS_CSP_ADMIN`` instead of ``SECURE_CSP`` under the Wagtail admin.

    Wagtail's admin relies on inline scripts and style attributes that the public policy forbids. The
    admin policy is written into the header before Django's middleware runs, which leaves a header
    already present untouched (as it does for views that set their own). A page preview gets the public
    policy, but may be framed by the admin.
    """

    def process_response(self, request, response):
        if CSP.HEADER_ENFORCE not in response:
            if getattr(request, "is_dummy", False):
                # Wagtail renders a preview by running a fake request for the page's public address through
                # the middleware, inside the admin's preview view, and shows the result in a frame of the
                # admin: the page's own policy, framed by the site itself (not 'none', which blanks it).
                policy = {**settings.SECURE_CSP, "frame-ancestors": [CSP.SELF]}
                response.headers[str(CSP.HEADER_ENFORCE)] = build_policy(policy, get_nonce(request))
            elif request.path.startswith(settings.LMS_CSP_ADMIN_PREFIX):
                response.headers[str(CSP.HEADER_ENFORCE)] = build_policy(
                    settings.LMS_CSP_ADMIN, get_nonce(request)
                )
        return super().process_response(request, response)


def _unstorable(value: str) -> bool:
    """NUL (PostgreSQL refuses it in text) or a lone surrogate (no UTF-8 encoding exists)."""
    return "\x00" in value or any("\ud800" <= ch <= "\udfff" for ch in value)


def _any_unstorable(querydict) -> bool:
    return any(_unstorable(key) or any(_unstorable(v) for v in values) for key, values in querydict.lists())


class RejectUnstorableInputMiddleware:
    """Answer 400 when the path, query string or form values hold text no database can store.

    Without this, a ``%00`` in a lookup or download URL reaches a query and PostgreSQL raises (a 500);
    SQLite stores it silently. Checked before any view, so no view needs to think about it. Form values
    are read in ``process_view``, after the CSRF check has read them anyway.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _unstorable(request.path) or _any_unstorable(request.GET):
            return self.bad_request(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        form_post = request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        )
        if form_post and _any_unstorable(request.POST):
            return self.bad_request(request)
        return None

    @staticmethod
    def bad_request(request):
        if request.path.startswith("/api/"):
            # API clients get JSON, as for every other error of the API (api/v1.py).
            return JsonResponse(
                {"detail": gettext("The request is not valid."), "code": "invalid", "errors": None},
                status=400,
            )
        return render(request, "400.html", status=400)
