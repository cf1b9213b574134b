import io
import json
import random
import re
import unicodedata
from decimal import Decimal
from pathlib import Path
from unittest.mock import ANY

import openpyxl
import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from assessment.importers import XLSX_HEADERS, ImportFormatError, questions_import, writer, xlsx_template
from assessment.models import Choice, MatchPair, Question, QuestionCategory

from ..auth import sign_in
from ..factories import UserFactory

MOODLE_DIR = Path(settings.BASE_DIR).parent / "shared" / "reference" / "moodle-xml"
FIXTURES = Path(__file__).parent / "fixtures" / "moodle"
NESTED = "nested-categories"
NO_IMPORT = {"single": 0, "multiple": 0, "truefalse": 0, "short": 0, "matching": 0}


def moodle_path(name: str) -> Path:
    """One of the small Moodle XML files written for these tests (tests/courses/fixtures/moodle)."""
    return FIXTURES / f"{name}.xml"


def moodle_file(name: str) -> bytes:
    return moodle_path(name).read_bytes()


def reference_exports() -> list[Path]:
    """The real Moodle exports in ../shared; the test using them skips, with this reason, when absent."""
    if not MOODLE_DIR.is_dir():
        pytest.skip("Moodle reference exports not available: ../shared/reference/moodle-xml is absent")
    return sorted(MOODLE_DIR.glob("*.xml"))


# A Moodle export cut off mid-question, written for these tests (no external file needed).
TRUNCATED_EXPORT = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n<question type="category"><category>'
    "<text>$course$/Đô thị thông minh</text></category></question>\n"
    '<question type="truefalse"><name><text>Trung tâm điều hành</text></name>'
    "<questiontext><text>Tây Ninh có trung tâm IOC"
).encode()


def quiz_xml(*questions: str, category: str | None = None) -> bytes:
    head = (
        f'<question type="category"><category><text>{category}</text></category></question>'
        if category
        else ""
    )
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<quiz>{head}{"".join(questions)}</quiz>'.encode()


def multichoice_xml(name: str, *fractions: str, single: str = "false", text: str = "Chọn đáp án") -> str:
    answers = "".join(
        f'<answer fraction="{fraction}" format="html"><text>Phương án {i}</text></answer>'
        for i, fraction in enumerate(fractions, start=1)
    )
    return (
        f'<question type="multichoice"><name><text>{name}</text></name>'
        f'<questiontext format="html"><text><![CDATA[{text}]]></text></questiontext>'
        f"<single>{single}</single>{answers}</question>"
    )


def workbook_bytes(*rows, headers=XLSX_HEADERS) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def sheet_row(category="", qtype="", name="", text="", points=None, options=(), answer="", feedback=""):
    options = [*options, "", "", "", "", ""][:5]
    return [category, qtype, name, text, points, *options, answer, feedback]


def assert_bank_empty():
    assert Question.objects.count() == 0
    assert Choice.objects.count() == 0
    assert MatchPair.objects.count() == 0
    assert QuestionCategory.objects.count() == 0


def category_paths() -> set[str]:
    return {category.path_label for category in QuestionCategory.objects.all()}


# --- Moodle XML: files written for these tests ------------------------------------------------------------


@pytest.mark.django_db
def test_moodle_nested_categories_are_built_and_the_essay_is_skipped():
    report = questions_import(data=moodle_file(NESTED))

    assert report.imported == {**NO_IMPORT, "truefalse": 4}
    assert report.categories == 4
    assert [(item["type"], item["name"]) for item in report.skipped] == [("essay", "Bài luận dịch vụ công")]
    assert "Bài luận dịch vụ công" in report.skipped[0]["reason"]
    assert "essay" in report.skipped[0]["reason"]
    assert category_paths() == {
        "Chuyển đổi số",
        "Chuyển đổi số / Dịch vụ công",
        "Chuyển đổi số / Dịch vụ công / Cổng quốc gia",
        "Chuyển đổi số / An toàn thông tin",
    }
    assert QuestionCategory.objects.get(name="Dịch vụ công").info == "Các câu hỏi về dịch vụ công trực tuyến"
    leaf_question = Question.objects.get(name="Câu hỏi cổng quốc gia")
    assert leaf_question.category.path_label == "Chuyển đổi số / Dịch vụ công / Cổng quốc gia"
    assert leaf_question.text == "Cổng Dịch vụ công quốc gia hỗ trợ thanh toán trực tuyến."
    assert leaf_question.points == Decimal("1")
    assert [(c.text, c.fraction) for c in leaf_question.choices.order_by("sort_order")] == [
        ("Đúng", Decimal("1")),
        ("Sai", Decimal("0")),
    ]


@pytest.mark.django_db
def test_moodle_category_description_and_idnumber_are_stored():
    report = questions_import(data=moodle_file("category-with-description"))

    assert report.imported == {**NO_IMPORT, "truefalse": 1}
    root = QuestionCategory.objects.get(parent=None, name="Đô thị thông minh")
    assert (root.info, root.idnumber) == ("Kiến thức chung về đô thị thông minh", "dtm-01")
    assert Question.objects.get().category == root


@pytest.mark.django_db
def test_moodle_xml_entities_in_idnumbers_are_decoded():
    report = questions_import(data=moodle_file("entities-in-idnumbers"))

    assert report.imported == {**NO_IMPORT, "truefalse": 1}
    assert QuestionCategory.objects.get().idnumber == "Điểm < 5 & > 3"
    # The question's own idnumber ("Đ & S") has no field in this bank; the question itself goes in.
    assert Question.objects.get().name == "Câu hỏi thang điểm"


@pytest.mark.django_db
def test_moodle_old_export_without_category_info_imports_both_levels():
    report = questions_import(data=moodle_file("old-format"))

    assert report.imported == {**NO_IMPORT, "truefalse": 2}
    assert report.categories == 2
    assert Question.objects.get(name="Câu hỏi mạng 5G").category.path_label == "Hạ tầng số / Mạng 5G"
    assert QuestionCategory.objects.get(name="Hạ tầng số").info == ""


@pytest.mark.django_db
def test_moodle_cloze_questions_are_skipped_without_parsing_them():
    report = questions_import(data=moodle_file("cloze"))

    assert report.imported == NO_IMPORT
    assert report.categories == 0
    assert len(report.skipped) == 2
    assert {item["type"] for item in report.skipped} == {"cloze"}
    for item in report.skipped:
        assert item["name"] in item["reason"]
        assert "cloze" in item["reason"]
    assert_bank_empty()


@pytest.mark.django_db
def test_moodle_answer_grade_moodle_refuses_skips_the_question_and_names_it():
    report = questions_import(data=moodle_file("invalid-grades"))

    assert report.imported == NO_IMPORT
    [skipped] = report.skipped
    assert skipped["type"] == "multichoice"
    assert skipped["name"] == "Điểm không hợp lệ : x > 1 & x < 2"
    assert skipped["name"] in skipped["reason"]
    assert "33%" in skipped["reason"]
    assert "33.33333" not in skipped["reason"]
    assert_bank_empty()


@pytest.mark.django_db
def test_moodle_matching_keeps_pairs_and_the_distractor():
    report = questions_import(data=moodle_file("matching"))

    assert report.imported == {**NO_IMPORT, "matching": 1}
    question = Question.objects.get()
    assert (question.type, question.name, question.text) == (
        "matching",
        "ghep-noi-001",
        "Ghép mỗi dịch vụ với cơ quan phụ trách.",
    )
    assert question.feedback == "Nhận xét chung."
    assert question.category.path_label == "Câu hỏi kiểm thử"
    assert [(p.prompt, p.answer) for p in question.pairs.order_by("sort_order")] == [
        ("Cấp giấy phép xây dựng", "Sở Xây dựng"),
        ("Cấp đổi giấy phép lái xe", "Sở Giao thông vận tải"),
        ("Điều chỉnh quy hoạch chi tiết", "Sở Xây dựng"),
        ("", "Sở Y tế"),
    ]


@pytest.mark.django_db
def test_moodle_short_answer_keeps_credited_answers_and_drops_the_wildcard():
    report = questions_import(data=moodle_file("shortanswer"))

    assert report.imported == {**NO_IMPORT, "short": 1}
    question = Question.objects.get()
    assert question.type == Question.Type.SHORT
    assert [(c.text, c.fraction, c.feedback) for c in question.choices.order_by("sort_order")] == [
        ("IOC", Decimal("1"), "Chính xác."),
        ("trung tâm IOC", Decimal("0.8"), "Gần đúng."),
    ]


@pytest.mark.django_db
def test_moodle_multiple_choice_with_partial_fractions_gets_partial_credit():
    report = questions_import(data=moodle_file("multichoice-multiple"))

    assert report.imported == {**NO_IMPORT, "multiple": 1}
    question = Question.objects.get()
    assert question.type == Question.Type.MULTIPLE
    assert question.partial_credit is True
    assert question.feedback == "Hòa Thành và Trảng Bàng"
    assert question.category.path_label == "Mặc định cho Khóa 1"
    assert [(c.text, c.fraction) for c in question.choices.order_by("sort_order")] == [
        ("Thủ Dầu Một", Decimal("0")),
        ("Hòa Thành", Decimal("0.5")),
        ("Biên Hòa", Decimal("0")),
        ("Trảng Bàng", Decimal("0.5")),
    ]


@pytest.mark.django_db
def test_moodle_single_choice_with_an_image_is_imported_and_cloze_and_numerical_are_skipped():
    report = questions_import(data=moodle_file("multichoice-single"))

    assert report.imported == {**NO_IMPORT, "single": 1}
    assert [(item["type"], item["name"]) for item in report.skipped] == [
        ("cloze", "Cloze có hình ảnh"),
        ("numerical", "Số huyện thị"),
    ]
    question = Question.objects.get()
    assert (question.type, question.name) == ("single", "Chọn một với hình ảnh")
    assert question.text == 'Biểu tượng là của hệ thống nào? Xem "ảnh".'
    assert question.category.path_label == "Mặc định cho Lưu trữ ảnh"
    assert [(c.text, c.fraction, c.feedback) for c in question.choices.order_by("sort_order")] == [
        ("Cổng thông tin điện tử", Decimal("0"), ""),
        ("Hộp thư công vụ", Decimal("0"), ""),
        ("Trung tâm IOC", Decimal("1"), ""),
    ]


@pytest.mark.django_db
def test_moodle_malformed_fixture_is_refused_and_writes_nothing():
    with pytest.raises(ImportFormatError):
        questions_import(data=moodle_file("malformed"))
    assert_bank_empty()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["xxe", "entity-expansion"])
def test_moodle_entity_attack_fixtures_are_refused_and_write_nothing(name):
    with pytest.raises(ImportFormatError) as excinfo:
        questions_import(data=moodle_file(name))

    assert "root:" not in str(excinfo.value)
    assert_bank_empty()


@pytest.mark.django_db
def test_every_real_moodle_reference_export_imports_or_is_refused_cleanly():
    """Over the real exports in ../shared (skipped on a bare clone): each file imports, or is refused with
    a format error, and never raises anything else."""
    for path in reference_exports():
        try:
            report = questions_import(data=path.read_bytes())
        except ImportFormatError:
            continue
        assert report.imported_total + len(report.skipped) > 0, path.name


# --- Moodle XML: rules -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_moodle_category_option_nests_the_file_categories_under_one_root():
    report = questions_import(data=moodle_file(NESTED), category="Ngân hàng  Moodle")

    assert report.categories == 4
    assert category_paths() == {
        "Ngân hàng Moodle",
        "Ngân hàng Moodle / Chuyển đổi số",
        "Ngân hàng Moodle / Chuyển đổi số / Dịch vụ công",
        "Ngân hàng Moodle / Chuyển đổi số / Dịch vụ công / Cổng quốc gia",
        "Ngân hàng Moodle / Chuyển đổi số / An toàn thông tin",
    }


@pytest.mark.django_db
def test_moodle_questions_without_category_go_to_the_default_root_and_accept_thirds():
    data = quiz_xml(multichoice_xml("Số nguyên tố", "33.33333", "33.33333", "33.33333", "-100"))

    report = questions_import(data=data)

    assert report.imported == {**NO_IMPORT, "multiple": 1}
    question = Question.objects.get()
    assert question.category.parent is None
    assert question.category.name == gettext("Imported from Moodle")
    assert question.partial_credit is True
    assert [c.fraction for c in question.choices.order_by("sort_order")] == [
        Decimal("0.33333"),
        Decimal("0.33333"),
        Decimal("0.33333"),
        Decimal("-1"),
    ]


@pytest.mark.django_db
def test_moodle_top_and_context_prefix_are_dropped_and_given_category_is_the_root():
    data = quiz_xml(
        multichoice_xml("Một", "100", "0", single="true"), category="$module$/top/Default for Quiz 1"
    )
    questions_import(data=data, category="Khóa A")
    questions_import(data=quiz_xml(multichoice_xml("Hai", "100", "0", single="1")), category="Khóa A")

    assert category_paths() == {"Khóa A", "Khóa A / Default for Quiz 1"}
    assert Question.objects.get(name="Một").category.path_label == "Khóa A / Default for Quiz 1"
    assert Question.objects.get(name="Hai").category.path_label == "Khóa A"
    assert set(Question.objects.values_list("type", flat=True)) == {"single"}


@pytest.mark.django_db
def test_moodle_importing_again_reuses_the_categories():
    questions_import(data=moodle_file(NESTED))
    report = questions_import(data=moodle_file(NESTED))

    assert report.categories == 4
    assert QuestionCategory.objects.count() == 4
    assert Question.objects.count() == 8


@pytest.mark.django_db
def test_moodle_html_is_reduced_to_plain_text_without_scripts():
    text = "<p>Đô thị&nbsp;thông minh &amp; bền vững</p><script>alert('x')</script><p>Chọn<br>một</p>"
    decomposed = unicodedata.normalize("NFD", "Khái niệm đô thị")
    report = questions_import(
        data=quiz_xml(multichoice_xml(decomposed, "100", "0", single="true", text=text))
    )

    assert report.imported == {**NO_IMPORT, "single": 1}
    question = Question.objects.get()
    assert question.text == "Đô thị thông minh & bền vững\nChọn\nmột"
    assert question.name == unicodedata.normalize("NFC", "Khái niệm đô thị")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "question",
    [
        multichoice_xml("Hai đáp án đúng", "100", "100", single="true"),
        multichoice_xml("Không đủ 100%", "50", "40", "0"),
        multichoice_xml("Một phương án", "100", single="true"),
        '<question type="shortanswer"><name><text>Chỉ có dấu sao</text></name>'
        "<questiontext><text>Gì?</text></questiontext>"
        '<answer fraction="0"><text>*</text></answer></question>',
        '<question type="matching"><name><text>Một cặp</text></name>'
        "<questiontext><text>Ghép</text></questiontext>"
        "<subquestion><text>Ếch</text><answer><text>lưỡng cư</text></answer></subquestion>"
        "<subquestion><text></text><answer><text>côn trùng</text></answer></subquestion></question>",
        '<question type="truefalse"><name><text>Cả hai đúng</text></name>'
        "<questiontext><text>Đúng?</text></questiontext>"
        '<answer fraction="100"><text>true</text></answer><answer fraction="100"><text>false</text></answer>'
        "</question>",
        '<question type="numerical"><name><text>Số</text></name><questiontext><text>1+1?</text></questiontext>'
        '<answer fraction="100"><text>2</text></answer></question>',
        '<question type="description"><name><text>Mô tả</text></name>'
        "<questiontext><text>Đọc kỹ.</text></questiontext></question>",
    ],
)
def test_moodle_invalid_or_unsupported_question_is_skipped_with_its_name(question):
    good = multichoice_xml("Câu hợp lệ", "100", "0", single="true")

    report = questions_import(data=quiz_xml(question, good))

    assert report.imported == {**NO_IMPORT, "single": 1}
    [skipped] = report.skipped
    assert skipped["name"] and skipped["name"] in skipped["reason"]
    assert list(Question.objects.values_list("name", flat=True)) == ["Câu hợp lệ"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        TRUNCATED_EXPORT,
        b"<quiz><question type='truefalse'><name><text>x</name></question></quiz>",
        b"<html><body>not a quiz</body></html>",
        random.Random(7).randbytes(4096).replace(b"<", b"").replace(b"PK", b""),
        b"",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 legacy xls",
        b"PK\x03\x04 not really a zip",
        b"question,answer\nDo thi,thong minh\n",
    ],
    ids=["truncated", "mismatched-tags", "not-quiz", "binary", "empty", "xls", "broken-zip", "csv"],
)
def test_unreadable_file_raises_format_error_and_writes_nothing(data):
    with pytest.raises(ImportFormatError) as excinfo:
        questions_import(data=data)

    assert isinstance(excinfo.value, ValueError)
    assert str(excinfo.value)
    assert_bank_empty()


@pytest.mark.django_db
def test_xxe_payload_is_refused_without_reading_the_file():
    payload = (
        b'<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<quiz>'
        b'<question type="shortanswer"><name><text>&xxe;</text></name><questiontext><text>&xxe;</text>'
        b'</questiontext><answer fraction="100"><text>&xxe;</text></answer></question></quiz>'
    )

    with pytest.raises(ImportFormatError) as excinfo:
        questions_import(data=payload)

    assert "root:" not in str(excinfo.value)
    assert_bank_empty()


@pytest.mark.django_db
def test_billion_laughs_payload_is_refused():
    payload = (
        b'<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        b"<quiz><question type='category'><category><text>&c;</text></category></question></quiz>"
    )

    with pytest.raises(ImportFormatError):
        questions_import(data=payload)
    assert_bank_empty()


@pytest.mark.django_db
def test_file_over_the_element_budget_is_refused_with_a_translated_message(settings):
    settings.LMS_IMPORT_MAX_XML_ELEMENTS = 40
    data = quiz_xml(*(multichoice_xml(f"Câu {i}", "100", "0", single="true") for i in range(10)))

    with translation.override("vi"):
        with pytest.raises(ImportFormatError) as excinfo:
            questions_import(data=data)
        # Through gettext (Vietnamese once messages are compiled: "Tệp XML có hơn 40 phần tử; ...").
        expected = gettext("The XML file has more than %(limit)s elements; split it into smaller files.")

    assert str(excinfo.value) == expected % {"limit": "40"}
    assert_bank_empty()


@pytest.mark.django_db
def test_file_within_the_element_budget_is_imported(settings):
    settings.LMS_IMPORT_MAX_XML_ELEMENTS = 40
    data = quiz_xml(multichoice_xml("Câu trong hạn mức", "100", "0", single="true"))

    assert questions_import(data=data).imported["single"] == 1


@pytest.mark.django_db
def test_unexpected_error_while_writing_keeps_nothing(monkeypatch):
    calls = []
    real = writer._category_for

    def failing_after_two(**kwargs):
        calls.append(1)
        if len(calls) > 2:
            raise RuntimeError("database went away")
        return real(**kwargs)

    monkeypatch.setattr(writer, "_category_for", failing_after_two)

    with pytest.raises(RuntimeError):
        questions_import(data=moodle_file(NESTED))
    assert_bank_empty()


# --- Management command --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_command_json_output_is_the_report():
    out = io.StringIO()

    call_command("import_questions", str(moodle_path(NESTED)), "--json", stdout=out)

    data = json.loads(out.getvalue())
    assert data == {
        "imported": {**NO_IMPORT, "truefalse": 4},
        "skipped": [{"type": "essay", "name": "Bài luận dịch vụ công", "reason": ANY}],
        "categories": 4,
    }
    assert "Bài luận dịch vụ công" in data["skipped"][0]["reason"]
    assert Question.objects.count() == 4


@pytest.mark.django_db
def test_command_prints_a_summary_and_honours_category():
    out = io.StringIO()

    call_command(
        "import_questions",
        str(moodle_path("multichoice-single")),
        "--category",
        "Lưu trữ",
        stdout=out,
    )

    assert "Imported 1 question(s) into 1 category(ies): single 1." in out.getvalue()
    assert "Cloze có hình ảnh" in out.getvalue()
    assert Question.objects.get().category.path_label == "Lưu trữ / Mặc định cho Lưu trữ ảnh"


@pytest.mark.django_db
def test_command_fails_on_malformed_or_missing_file(tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_bytes(moodle_file(NESTED)[:1500])

    with pytest.raises(CommandError):
        call_command("import_questions", str(broken), "--json", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("import_questions", str(tmp_path / "missing.xml"), stdout=io.StringIO())
    assert_bank_empty()


# --- XLSX template -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_xlsx_template_imports_its_five_examples():
    report = questions_import(data=xlsx_template())

    assert report.imported == {"single": 1, "multiple": 1, "truefalse": 1, "short": 1, "matching": 1}
    assert report.skipped == []
    assert report.categories == 2
    assert category_paths() == {"Đô thị thông minh", "Đô thị thông minh / Dữ liệu"}
    multiple = Question.objects.get(type="multiple")
    assert multiple.partial_credit is False
    assert multiple.points == Decimal("2")
    assert [c.fraction > 0 for c in multiple.choices.order_by("sort_order")] == [True, True, False, True]
    assert [c.text for c in Question.objects.get(type="short").choices.all()] == [
        "Internet vạn vật",
        "Internet kết nối vạn vật",
    ]
    truefalse = Question.objects.get(type="truefalse")
    assert [(c.text, c.fraction) for c in truefalse.choices.order_by("sort_order")] == [
        ("Đúng", Decimal("1")),
        ("Sai", Decimal("0")),
    ]
    matching = Question.objects.get(type="matching")
    assert [(p.prompt, p.answer) for p in matching.pairs.order_by("sort_order")][-1] == (
        "",
        "Bãi đỗ xe nhiều tầng",
    )
    assert matching.pairs.exclude(prompt="").count() == 3


def test_xlsx_template_has_headers_widths_and_a_frozen_header_row():
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_template())).worksheets[0]

    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == XLSX_HEADERS
    assert len(rows) == 6
    assert {row[1] for row in rows[1:]} == {
        "Một lựa chọn",
        "Nhiều lựa chọn",
        "Đúng/Sai",
        "Trả lời ngắn",
        "Ghép cặp",
    }
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["D"].width >= 40


@pytest.mark.django_db
def test_xlsx_bad_rows_are_reported_by_row_number_and_the_rest_imported():
    data = workbook_bytes(
        sheet_row(
            "Giao thông",
            "một lựa chọn",
            "Đèn",
            "Đèn thích ứng là gì?",
            1,
            ["Đèn tự điều chỉnh", "Đèn cũ"],
            "A",
        ),
        sheet_row("Giao thông", "Một lựa chọn", "Sai chữ", "Chọn?", 1, ["X", "Y"], "F"),
        sheet_row(),
        sheet_row("", "Tự luận", "Viết", "Viết một đoạn văn", 1),
        sheet_row("", "NHIEU LUA CHON", "Hai", "Chọn hai", "1,5", ["X", "Y", "Z"], "a; c"),
        sheet_row("", "Ghép cặp", "Thiếu dấu", "Ghép", 1, ["A = B", "C D"]),
        sheet_row("", "Đúng / Sai", "Không rõ", "Đúng không?", 1, [], "Có thể"),
        sheet_row("", "Trả lời ngắn", "Không điểm", "IoT?", 0, [], "Internet vạn vật"),
    )

    report = questions_import(data=data, category="Excel")

    assert report.imported == {**NO_IMPORT, "single": 1, "multiple": 1}
    assert [item["name"] for item in report.skipped] == [
        "Sai chữ",
        "Viết",
        "Thiếu dấu",
        "Không rõ",
        "Không điểm",
    ]
    rows = [int(re.match(r"^(?:Dòng|Row) (\d+): ", item["reason"]).group(1)) for item in report.skipped]
    assert rows == [3, 5, 7, 8, 9]
    assert report.skipped[1]["type"] == "Tự luận"
    assert Question.objects.get(name="Đèn").category.path_label == "Excel / Giao thông"
    multiple = Question.objects.get(name="Hai")
    assert (multiple.points, multiple.category.path_label) == (Decimal("1.5"), "Excel")
    assert [c.fraction for c in multiple.choices.order_by("sort_order")] == [
        Decimal("0.5"),
        Decimal("0"),
        Decimal("0.5"),
    ]


@pytest.mark.django_db
def test_xlsx_without_the_template_headers_is_refused():
    data = workbook_bytes(
        ["Câu hỏi", "Đáp án"], ["Đô thị thông minh là gì?", "A"], headers=["Câu hỏi", "Đáp án"]
    )

    with pytest.raises(ImportFormatError) as excinfo:
        questions_import(data=data)

    assert "Loại câu hỏi" in str(excinfo.value)
    assert_bank_empty()


# --- Admin views ---------------------------------------------------------------------------------------


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


@pytest.fixture
def importer_client(client, db, with_totp):
    user = with_totp(UserFactory(is_superuser=True, is_staff=True))
    sign_in(client, user)
    return client


@pytest.fixture
def admin_without_question_rights(client, db, with_totp):
    user = with_totp(UserFactory())
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    sign_in(client, user)
    return client


@pytest.mark.django_db
def test_admin_upload_imports_and_shows_the_report(importer_client):
    page = importer_client.get(reverse("questions_import"))
    assert page.status_code == 200
    assert reverse("questions_import_template").encode() in page.content

    response = importer_client.post(
        reverse("questions_import"),
        {"file": upload("ngan-hang.xml", moodle_file(NESTED)), "category": "Moodle"},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="import-report"' in html
    assert "Bài luận dịch vụ công" in html
    assert str(Question.Type.TRUE_FALSE.label) in html
    assert Question.objects.count() == 4
    assert QuestionCategory.objects.filter(parent=None).get().name == "Moodle"


@pytest.mark.django_db
def test_admin_upload_escapes_names_from_the_file(importer_client):
    response = importer_client.post(
        reverse("questions_import"),
        {"file": upload("x.xml", moodle_file("invalid-grades"))},
    )

    assert "x &gt; 1 &amp; x &lt; 2" in response.content.decode()
    assert Question.objects.count() == 0


@pytest.mark.django_db
def test_admin_upload_of_malformed_file_shows_the_error_and_imports_nothing(importer_client):
    response = importer_client.post(
        reverse("questions_import"), {"file": upload("x.xml", b"<quiz><question>")}
    )

    assert response.status_code == 200
    assert 'id="import-error"' in response.content.decode()
    assert_bank_empty()


@pytest.mark.django_db
def test_admin_upload_over_5_mb_is_refused(importer_client):
    too_big = b"<quiz>" + b" " * (5 * 1024 * 1024) + b"</quiz>"

    response = importer_client.post(reverse("questions_import"), {"file": upload("lon.xml", too_big)})

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert response.context["report"] is None
    assert_bank_empty()


@pytest.mark.django_db
def test_admin_template_download_is_the_xlsx_template(importer_client):
    response = importer_client.get(reverse("questions_import_template"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert 'filename="mau-ngan-hang-cau-hoi.xlsx"' in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    assert next(sheet.iter_rows(values_only=True)) == XLSX_HEADERS


@pytest.mark.django_db
def test_admin_user_without_question_permission_cannot_import(admin_without_question_rights):
    client = admin_without_question_rights

    response = client.post(reverse("questions_import"), {"file": upload("x.xml", moodle_file(NESTED))})
    download = client.get(reverse("questions_import_template"))

    assert response.status_code in (302, 403)
    assert download.status_code in (302, 403)
    assert_bank_empty()


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_login(client):
    response = client.post(reverse("questions_import"), {"file": upload("x.xml", moodle_file(NESTED))})

    assert response.status_code == 302
    assert "login" in response["Location"]
    assert_bank_empty()
