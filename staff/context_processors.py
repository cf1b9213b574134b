from .permissions import user_may_use_hr_area


def staff_area(request):
    """Whether to show the link to the HR area (the header is on every page)."""
    user = getattr(request, "user", None)
    return {"may_use_hr_area": user is not None and user_may_use_hr_area(user=user)}
