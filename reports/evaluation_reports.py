"""The evaluation report as an XLSX workbook (#17): one sheet of results (sections and items with mean and
band, option counts), one of comments, one of the trend across runs. Built from
``evaluations.selectors.evaluation_results`` and ``evaluation_trend``, so the file says what the page says:
below the minimum of valid answers it holds the counts only."""

import io

import xlsxwriter
from django.utils.translation import gettext as _

from evaluations.models import Evaluation
from evaluations.selectors import Results, TrendPoint

from .exports import neutralise


def evaluation_title(evaluation: Evaluation) -> str:
    if evaluation.target == Evaluation.Target.LECTURER:
        return _("Lecturer %(name)s, class %(code)s") % {
            "name": evaluation.lecturer.get_full_name(),
            "code": evaluation.training_class.code,
        }
    if evaluation.target == Evaluation.Target.CLASS:
        return _("Class %(code)s — %(name)s") % {
            "code": evaluation.training_class.code,
            "name": evaluation.training_class.name,
        }
    return _("Course “%(title)s” (self-paced learners)") % {"title": evaluation.course.title}


def evaluation_xlsx(*, results: Results, trend: list[TrendPoint]) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    bold = workbook.add_format({"bold": True, "bg_color": "#F2F5F8", "text_wrap": True, "valign": "top"})
    number = workbook.add_format({"num_format": "0.00"})
    evaluation = results.evaluation

    def text(sheet, row, col, value):
        sheet.write_string(row, col, neutralise(str(value)))

    sheet = workbook.add_worksheet(_("Results")[:31])
    sheet.set_column(0, 0, 60)
    sheet.set_column(1, 4, 16)
    text(sheet, 0, 0, evaluation_title(evaluation))
    text(sheet, 1, 0, _("Course"))
    text(sheet, 1, 1, evaluation.course.title)
    text(sheet, 2, 0, _("Form"))
    text(sheet, 2, 1, evaluation.form.title)
    summary = [
        (_("Invited"), results.invited),
        (_("Forms received"), results.responses),
        (_("Valid forms"), results.valid),
        (_("Invalid forms"), results.invalid),
    ]
    row = 3
    for label, value in summary:
        text(sheet, row, 0, label)
        sheet.write_number(row, 1, value)
        row += 1
    row += 1
    if not results.shown:
        text(
            sheet,
            row,
            0,
            _("Results are shown from %(count)s valid forms on.") % {"count": results.minimum},
        )
    else:
        text(sheet, row, 0, _("Overall mean"))
        sheet.write_number(row, 1, results.mean or 0, number)
        text(sheet, row, 2, results.band.label if results.band else "")
        row += 2
        for col, header in enumerate((_("Section / item"), _("Answers"), _("Mean (1–10)"), _("Band"))):
            sheet.write_string(row, col, str(header), bold)
        row += 1
        for section in results.sections:
            text(sheet, row, 0, section.section.title)
            if section.mean is not None:
                sheet.write_number(row, 2, section.mean, number)
                text(sheet, row, 3, section.band.label)
            row += 1
            for item in section.items:
                text(sheet, row, 0, "    " + item.item.text)
                sheet.write_number(row, 1, item.answered)
                if item.mean is not None:
                    sheet.write_number(row, 2, item.mean, number)
                    text(sheet, row, 3, item.band.label)
                row += 1
                for label, count in item.options:
                    text(sheet, row, 0, "        " + label)
                    sheet.write_number(row, 1, count)
                    row += 1
    comments = workbook.add_worksheet(_("Comments")[:31])
    comments.set_column(0, 1, 60)
    comments.write_string(0, 0, str(_("Item")), bold)
    comments.write_string(0, 1, str(_("Comment")), bold)
    row = 1
    for section in results.sections if results.shown else []:
        for item in section.items:
            for comment in item.texts:
                text(comments, row, 0, item.item.text)
                text(comments, row, 1, comment)
                row += 1
    runs = workbook.add_worksheet(_("Trend")[:31])
    runs.set_column(0, 0, 40)
    for col, header in enumerate((_("Run"), _("Valid forms"), _("Mean (1–10)"), _("Band"))):
        runs.write_string(0, col, str(header), bold)
    for row, point in enumerate(trend, start=1):
        text(runs, row, 0, point.label)
        runs.write_number(row, 1, point.valid)
        if point.mean is not None:
            runs.write_number(row, 2, point.mean, number)
            text(runs, row, 3, point.band.label)
    workbook.close()
    return buffer.getvalue()
