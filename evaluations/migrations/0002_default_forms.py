from django.db import migrations

from evaluations.defaults import DEFAULT_FORMS, create_form


def add_default_forms(apps, schema_editor):
    models = {
        "form_model": apps.get_model("evaluations", "EvaluationForm"),
        "section_model": apps.get_model("evaluations", "EvaluationSection"),
        "item_model": apps.get_model("evaluations", "EvaluationItem"),
    }
    for data in DEFAULT_FORMS:
        if not models["form_model"].objects.filter(kind=data["kind"], is_default=True).exists():
            create_form(data, is_default=True, **models)


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0001_evaluation_forms_and_answers")]

    operations = [# Going back keeps the rows: unapplying 0001 drops the tables, and deleting through the historical models
        # cascades into apps whose state at this point does not match (tests/accounts/test_communes.py).
        migrations.RunPython(add_default_forms, migrations.RunPython.noop)]
