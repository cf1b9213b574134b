"""One spelling for the project: the enrollment-confirmed notification's kind (was "enrolment_confirmed").

Sent-notification rows keep a learner from getting the same email twice; renaming their kind keeps that
promise for enrollments confirmed before the change.
"""

from django.db import migrations


def _rename(apps, old, new):
    apps.get_model("accounts", "Notification").objects.filter(kind=old).update(kind=new)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_profile_commune_code")]

    operations = [
        migrations.RunPython(
            lambda apps, schema_editor: _rename(apps, "enrolment_confirmed", "enrollment_confirmed"),
            lambda apps, schema_editor: _rename(apps, "enrollment_confirmed", "enrolment_confirmed"),
        ),
    ]
