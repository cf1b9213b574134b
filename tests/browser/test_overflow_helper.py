"""The accessibility sweeps' sideways-scroll check (``a11y.overflowing``) sees both kinds of overflow at 320 px:
an element wider than the screen, and a long word running past a box that kept the screen's width."""

import pytest

from .a11y import overflowing

pytestmark = [pytest.mark.browser]


def test_overflowing_names_a_wide_element_and_text_that_runs_past_its_box(page):
    page.set_content('<main><div id="wide" style="width: 600px">bảng</div></main>')
    assert overflowing(page) == ["div#wide (right edge at 608px)"]
    page.set_content("<main><p>" + "0" * 80 + "</p></main>")
    assert overflowing(page)[0].startswith("text running past its box (")
    page.set_content('<main><p style="overflow-wrap: break-word">' + "0" * 80 + "</p></main>")
    assert overflowing(page) == []
