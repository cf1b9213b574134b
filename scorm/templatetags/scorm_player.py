"""``{% scorm_player package %}``: the lesson's SCORM block (templates/blocks/scorm.html) for this learner."""

from django import template
from django.urls import reverse

from .. import selectors

register = template.Library()


@register.inclusion_tag("scorm/player.html", takes_context=True)
def scorm_player(context, package, title=""):
    request = context.get("request")
    lesson = context.get("page")
    result = {"package": package, "title": title or (package.title if package else ""), "request": request}
    if package is None or request is None or lesson is None or package.unpacked_at is None:
        result["unavailable"] = True
        return result
    access = selectors.lesson_access(user=request.user, lesson=lesson, request=request)
    result["access"] = access
    if not access.allowed:
        return result
    token = selectors.launch_token(user=request.user, lesson=lesson, package=package)
    launch_url = reverse("scorm:file", kwargs={"token": token, "path": package.launch_path})
    if package.launch_query:
        launch_url += "?" + package.launch_query
    result.update(
        {
            "launch_url": launch_url,
            "commit_url": reverse("scorm:commit", kwargs={"lesson_id": lesson.pk, "package_id": package.pk})
            if access.tracked
            else "",
            "cmi_id": f"scorm-cmi-{package.pk}",
            "cmi": selectors.launch_cmi(user=request.user, lesson=lesson, package=package),
            "lesson_done": bool(getattr(access.enrollment, "lesson_done", False)),
        }
    )
    return result
