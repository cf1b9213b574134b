"""The two default forms shipped with the platform (data migration ``0002_default_forms``, ``load_demo``):
Vietnamese text, 1-10 scales with a few choice and free-text items. Kept as plain data so the migration and
the tests read the same thing."""

COURSE_FORM = {
    "title": "Phiếu khảo sát chất lượng khóa bồi dưỡng",
    "kind": "course",
    "introduction": (
        "Phiếu khảo sát ẩn danh. Vui lòng chấm điểm từng nội dung theo thang điểm từ 1 (rất không hài lòng) "
        "đến 10 (rất hài lòng)."
    ),
    "sections": [
        (
            "Nội dung chương trình",
            [
                ("scale", "Nội dung phù hợp với mục tiêu của khóa bồi dưỡng", ""),
                ("scale", "Nội dung cập nhật, sát với yêu cầu công việc", ""),
                ("scale", "Tài liệu học tập đầy đủ, dễ sử dụng", ""),
            ],
        ),
        (
            "Công tác tổ chức",
            [
                ("scale", "Thời gian và lịch học hợp lý", ""),
                ("scale", "Cơ sở vật chất và nền tảng học trực tuyến đáp ứng yêu cầu", ""),
                ("scale", "Công tác quản lý lớp và hỗ trợ học viên", ""),
            ],
        ),
        (
            "Kết quả và đề xuất",
            [
                ("scale", "Khả năng áp dụng kiến thức vào công việc", ""),
                (
                    "single",
                    "Hình thức học phù hợp nhất với anh/chị",
                    "Học trực tiếp tại lớp\nHọc trực tuyến\nKết hợp",
                ),
                (
                    "multiple",
                    "Nội dung anh/chị muốn được bồi dưỡng thêm",
                    "Chuyển đổi số trong cơ quan nhà nước\nKhai thác và chia sẻ dữ liệu\nAn toàn thông tin\n"
                    "Kỹ năng số cho người dân và doanh nghiệp",
                ),
                ("text", "Góp ý khác để nâng cao chất lượng khóa bồi dưỡng", ""),
            ],
        ),
    ],
}

LECTURER_FORM = {
    "title": "Phiếu đánh giá giảng viên",
    "kind": "lecturer",
    "introduction": (
        "Phiếu đánh giá ẩn danh. Vui lòng chấm điểm giảng viên theo thang điểm từ 1 (rất không hài lòng) "
        "đến 10 (rất hài lòng)."
    ),
    "sections": [
        (
            "Chuyên môn và phương pháp",
            [
                ("scale", "Kiến thức chuyên môn vững vàng, cập nhật", ""),
                ("scale", "Truyền đạt rõ ràng, dễ hiểu", ""),
                ("scale", "Phương pháp giảng dạy tích cực, khuyến khích trao đổi", ""),
                ("scale", "Liên hệ thực tiễn, ví dụ sát với công việc", ""),
            ],
        ),
        (
            "Tác phong sư phạm",
            [
                ("scale", "Bảo đảm thời gian và kế hoạch giảng dạy", ""),
                ("scale", "Thái độ tôn trọng, sẵn sàng hỗ trợ học viên", ""),
                ("text", "Góp ý cho giảng viên", ""),
            ],
        ),
    ],
}

DEFAULT_FORMS = (COURSE_FORM, LECTURER_FORM)


def create_form(data: dict, *, form_model, section_model, item_model, is_default: bool):
    """Create one form from ``data`` with the given model classes (real or historical)."""
    form = form_model.objects.create(
        title=data["title"], kind=data["kind"], introduction=data["introduction"], is_default=is_default
    )
    for section_order, (title, items) in enumerate(data["sections"]):
        section = section_model.objects.create(form=form, title=title, sort_order=section_order)
        for item_order, (kind, text, options) in enumerate(items):
            item_model.objects.create(
                section=section, kind=kind, text=text, options=options, sort_order=item_order
            )
    return form
