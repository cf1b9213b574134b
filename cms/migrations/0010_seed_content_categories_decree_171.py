"""Seed the content categories with the content groups of Decree 171/2025/NĐ-CP (training and refresher
training of civil servants); see docs/decisions/0033-training-records.md. Editable afterwards (a snippet);
existing codes are left as they are, so running it again or after an edit changes nothing."""

from django.db import migrations

DECREE = "Nghị định 171/2025/NĐ-CP"

CATEGORIES = [
    ("LLCT", "Lý luận chính trị"),
    ("QPAN", "Kiến thức quốc phòng và an ninh"),
    ("QLNN", "Kiến thức, kỹ năng quản lý nhà nước theo tiêu chuẩn ngạch công chức"),
    ("LDQL", "Kiến thức, kỹ năng lãnh đạo, quản lý theo tiêu chuẩn chức vụ"),
    ("VTVL", "Kiến thức, kỹ năng chuyên môn, nghiệp vụ theo yêu cầu vị trí việc làm"),
    ("PLQL", "Kiến thức pháp luật, quản lý ngành, lĩnh vực"),
    ("KNS", "Kỹ năng số, chuyển đổi số, công nghệ số"),
    ("NNTH", "Ngoại ngữ, tin học, tiếng dân tộc"),
]


def seed(apps, schema_editor):
    ContentCategory = apps.get_model("cms", "ContentCategory")
    for order, (code, name) in enumerate(CATEGORIES, start=1):
        ContentCategory.objects.get_or_create(
            code=code, defaults={"name": name, "legal_basis": DECREE, "sort_order": order * 10}
        )


def unseed(apps, schema_editor):
    apps.get_model("cms", "ContentCategory").objects.filter(
        code__in=[code for code, _ in CATEGORIES], courses__isnull=True, classes__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("cms", "0009_content_categories_and_course_periods")]
    operations = [migrations.RunPython(seed, unseed)]
