from django.conf import settings
from django.middleware.csp import ContentSecurityPolicyMiddleware, get_nonce
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.csp import CSP, build_policy


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
    already present untouched (as it does for views that set their own).
    """

    def process_response(self, request, response):
        if request.path.startswith(settings.LMS_CSP_ADMIN_PREFIX) and CSP.HEADER_ENFORCE not in response:
            response.headers[str(CSP.HEADER_ENFORCE)] = build_policy(
                settings.LMS_CSP_ADMIN, get_nonce(request)
            )
        return super().process_response(request, response)
