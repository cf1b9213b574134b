"""Fill ``User.name_sort_key`` for the people who existed before it (ADR 0026)."""

from django.db import migrations

from accounts.text import name_sort_key

BATCH = 2000


def fill(apps, schema_editor):
    user_model = apps.get_model("accounts", "User")
    batch = []
    for user in user_model.objects.only("pk", "full_name").iterator(chunk_size=BATCH):
        user.name_sort_key = name_sort_key(user.full_name)
        batch.append(user)
        if len(batch) == BATCH:
            user_model.objects.bulk_update(batch, ["name_sort_key"])
            batch = []
    user_model.objects.bulk_update(batch, ["name_sort_key"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0007_user_name_sort_key")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
