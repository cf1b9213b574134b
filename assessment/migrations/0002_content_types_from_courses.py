"""Point the moved models' content types at ``assessment`` (#13).

Permissions, Wagtail revisions, log entries and search entries refer to a content type by id, so renaming
the type's app label in place carries all of them over (groups keep their question-bank permissions).
"""

from django.db import migrations

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
    taken = set(ContentType.objects.filter(app_label=target, model__in=MODELS).values_list("model", flat=True))
    # A type already under the target label (created by a partial earlier run) keeps its id; the old one
    # would then be stale, and is left for `remove_stale_contenttypes`.
    ContentType.objects.filter(app_label=source, model__in=MODELS).exclude(model__in=taken).update(
        app_label=target
    )
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
    ]

    operations = [migrations.RunPython(forwards, backwards)]
