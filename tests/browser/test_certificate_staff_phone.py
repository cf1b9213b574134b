"""HR's certificate list on a phone: the reason typed before revoking or reissuing is a field like the site's
others (font size and touch height), not the browser's bare 20 px box."""

import pytest

from certificates import services

from ..factories import make_completed_enrollment, make_course, make_hr_manager, make_official
from .a11y import PHONE, new_context

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON_BOX_JS = """() => {
    const input = document.querySelector('form.inline-action input[name=reason]');
    const style = getComputedStyle(input);
    return {height: input.getBoundingClientRect().height, fontSize: parseFloat(style.fontSize),
            body: parseFloat(getComputedStyle(document.body).fontSize)};
}"""


def test_revoke_reason_is_a_touch_size_field_at_390px(browser, live_server, catalog, tree):
    course = make_course(catalog, title="Quản lý cấp phép xây dựng trực tuyến", for_officials=True)
    profile = make_official(tree["ptdt"], user__full_name="Đỗ Thị Hồng Nhung")
    enrollment = make_completed_enrollment(profile.user, course)
    services.certificate_issue(enrollment=enrollment)
    context = new_context(browser, live_server, viewport=PHONE, user=make_hr_manager(tree["sxd"]))
    page = context.new_page()
    page.goto("/quan-ly-dao-tao/giay-chung-nhan/")
    box = page.evaluate(REASON_BOX_JS)
    assert box["height"] >= 44, box
    assert box["fontSize"] == box["body"], box  # the page's text size, not the browser's smaller default
    context.close()
