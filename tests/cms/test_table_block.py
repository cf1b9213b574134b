"""The lesson table block: a caption is required, and the table renders with its caption and headings."""

import pytest
from wagtail.contrib.typed_table_block.blocks import TypedTableBlockValidationError

from cms.blocks import LessonStreamBlock

from ..factories import make_course, make_lesson

TABLE = {
    "caption": "Các mức dịch vụ",
    "columns": [{"type": "text", "heading": "Mức"}, {"type": "rich_text", "heading": "Ý nghĩa"}],
    "rows": [
        {"values": ["Toàn trình", "<p>Mọi bước <b>trực tuyến</b></p>"]},
        {"values": ["Một phần", "<p>Còn bước làm trực tiếp</p>"]},
    ],
}


def table_block():
    return LessonStreamBlock().child_blocks["table"].child_blocks["table"]


def test_table_block_without_a_caption_is_refused():
    block = table_block()
    with pytest.raises(TypedTableBlockValidationError) as error:
        block.clean(block.to_python({**TABLE, "caption": "  "}))
    assert "Hãy nhập tiêu đề cho bảng." in str(error.value.as_json_data())


def test_table_block_without_rows_is_refused():
    block = table_block()
    with pytest.raises(TypedTableBlockValidationError):
        block.clean(block.to_python({**TABLE, "rows": []}))


def test_table_block_with_a_caption_is_accepted():
    block = table_block()
    assert block.clean(block.to_python(TABLE)).caption == "Các mức dịch vụ"


@pytest.mark.django_db
def test_table_renders_caption_column_and_row_headings_in_a_focusable_region(client, catalog):
    lesson = make_lesson(
        make_course(catalog, title="Khóa"),
        title="Bài",
        free_preview=True,
        body=[
            ("table", {"table": TABLE, "row_headers": True}),
            ("table", {"table": TABLE, "row_headers": False}),
        ],
    )
    html = client.get(lesson.url).content.decode()
    assert html.count("<caption id=") == 2
    assert html.count('<th scope="col" role="columnheader">Ý nghĩa</th>') == 2
    assert html.count('<th scope="row" role="rowheader">Toàn trình</th>') == 1  # only where asked
    assert '<td role="cell" data-label="Mức">Toàn trình</td>' in html
    assert '<td role="cell" data-label="Ý nghĩa"><p>Mọi bước <b>trực tuyến</b></p></td>' in html
    assert html.count('role="region"') == 2 and 'tabindex="0"' in html
