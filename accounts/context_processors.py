from django.conf import settings

from .selectors import user_roles


def site(request):
    return {
        "PROVINCE_NAME": settings.LMS_PROVINCE_NAME,
        "ISSUER_NAME": settings.LMS_ISSUER_NAME,
        # Each language in its own name, as settings.LANGUAGES spells it (NFC): never translated, so a reader
        # finds "English" on a Vietnamese page and "Tiếng Việt" on an English one.
        "LANGUAGES_IN_OWN_NAMES": settings.LANGUAGES,
        "lms_roles": user_roles(user=request.user) if hasattr(request, "user") else None,
    }
