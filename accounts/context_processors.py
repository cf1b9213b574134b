from django.conf import settings

from .selectors import user_roles


def site(request):
    return {
        "PROVINCE_NAME": settings.LMS_PROVINCE_NAME,
        "ISSUER_NAME": settings.LMS_ISSUER_NAME,
        "lms_roles": user_roles(user=request.user) if hasattr(request, "user") else None,
    }
