"""``{% scorm_player package %}``: the lesson's SCORM block (templates/blocks/scorm.html).

The markup is the same for every learner (a rendered lesson body may be cached): the signed launch URL,
the learner's cmi data and the CSRF token are fetched per learner by static/js/scorm-player.js from
``scorm:launch``, which also sets the launch cookie. Only the package's state (being checked, refused) is
read here, so a learner sees at once that the lesson is not ready.
"""

from django import template
from django.urls import reverse

from ..models import ScormPackage

register = template.Library()


@register.inclusion_tag("scorm/player.html", takes_context=True)
def scorm_player(context, package, title=""):
    lesson = context.get("page")
    result = {"package": package, "title": title or (package.title if package else "")}
    if package is None or lesson is None:
        result["unavailable"] = True
        return result
    if package.state == ScormPackage.State.PENDING:
        result["pending"] = True
        return result
    if package.state != ScormPackage.State.READY or package.unpacked_at is None:
        result["unavailable"] = True
        return result
    result["launch_endpoint"] = reverse(
        "scorm:launch", kwargs={"lesson_id": lesson.pk, "package_id": package.pk}
    )
    return result
