"""The content groups of Decree 171/2025/NĐ-CP that the content categories ship with (ADR 0033).

Migration ``cms 0010`` seeds the same list (migrations keep their own frozen copy); ``content_categories_seed``
restores missing rows, for the demo loader on a database whose tables were emptied.
"""

DECREE_171 = "Nghị định 171/2025/NĐ-CP"

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


def content_categories_seed() -> int:
    """Create the seeded categories that are missing (existing codes are left as edited). Returns how many."""
    from .models import ContentCategory

    created = 0
    for order, (code, name) in enumerate(CATEGORIES, start=1):
        _category, new = ContentCategory.objects.get_or_create(
            code=code, defaults={"name": name, "legal_basis": DECREE_171, "sort_order": order * 10}
        )
        created += new
    return created
