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


def remove_default_forms(apps, schema_editor):
    form_model = apps.get_model("evaluations", "EvaluationForm")
    form_model.objects.filter(is_default=True, title__in=[data["title"] for data in DEFAULT_FORMS]).delete()


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0001_evaluation_forms_and_answers")]

    operations = [migrations.RunPython(add_default_forms, remove_default_forms)]
