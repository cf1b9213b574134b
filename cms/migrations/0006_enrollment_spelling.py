"""One spelling for the project: the course page's enrollment fields (were "enrolment_*").

The page revisions keep the old field names in their stored content; they are renamed too, so a draft or an
older revision restored later keeps its enrollment settings.
"""

from django.db import migrations

RENAMES = {
    "enrolment_mode": "enrollment_mode",
    "enrolment_opens_at": "enrollment_opens_at",
    "enrolment_closes_at": "enrollment_closes_at",
}


def _rename_revision_keys(apps, mapping):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Revision = apps.get_model("wagtailcore", "Revision")
    content_type = ContentType.objects.filter(app_label="cms", model="coursepage").first()
    if content_type is None:
        return
    revisions = Revision.objects.filter(content_type=content_type).only("pk", "content")
    for revision in revisions.iterator(chunk_size=500):
        content = revision.content or {}
        if not any(old in content for old in mapping):
            continue
        for old, new in mapping.items():
            if old in content:
                content[new] = content.pop(old)
        Revision.objects.filter(pk=revision.pk).update(content=content)


def forwards(apps, schema_editor):
    _rename_revision_keys(apps, RENAMES)


def backwards(apps, schema_editor):
    _rename_revision_keys(apps, {new: old for old, new in RENAMES.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0005_contact_settings"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        *(migrations.RenameField("coursepage", old, new) for old, new in RENAMES.items()),
        migrations.RunPython(forwards, backwards),
    ]
