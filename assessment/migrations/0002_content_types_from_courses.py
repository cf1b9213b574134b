"""Point the moved models' content types at ``assessment`` (#13).

Permissions, Wagtail revisions, log entries and search entries refer to a content type by id, so renaming
the type's app label in place carries all of them over (groups keep their question-bank permissions).
"""

from django.db import migrations
from django.db.models import Q

MODELS = (
    "questioncategory",
    "question",
    "choice",
    "matchpair",
    "quiz",
    "quizquestion",
    "timeextension",
    "quizattempt",
    "quizchange",
    "attemptquestion",
)


def _relabel(apps, source: str, target: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    moving = ContentType.objects.filter(app_label=source, model__in=MODELS)
    # After a rollback, post_migrate may have made fresh types under the target label. One whose
    # permissions nobody holds carries nothing (the old type has the groups' permissions, revisions and
    # logs): it makes way. One that is in use is kept, and the old type is left for `remove_stale_contenttypes`.
    for fresh in ContentType.objects.filter(app_label=target, model__in=MODELS):
        held = Permission.objects.filter(content_type=fresh).filter(Q(group__isnull=False) | Q(user__isnull=False))
        if held.exists():
            moving = moving.exclude(model=fresh.model)
        else:
            fresh.delete()
    moving.update(app_label=target)
    ContentType.objects.clear_cache()


def forwards(apps, schema_editor):
    _relabel(apps, "courses", "assessment")


def backwards(apps, schema_editor):
    _relabel(apps, "assessment", "courses")


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0001_initial"),
        ("courses", "0005_move_quizzes_to_assessment"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
