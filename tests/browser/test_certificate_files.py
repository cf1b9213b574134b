"""Certificate files in the browser (#12): the learner downloads theirs through the checked view, a guessed
media address gives 404, and the public verification page offers the PDF of a valid certificate."""

import io
import re

import pytest
from pypdf import PdfReader

from certificates import services

from ..factories import make_completed_enrollment, make_course, make_official
from .a11y import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_learner_downloads_a_guessed_url_is_404_and_verify_offers_the_pdf(
    browser, live_server, catalog, tree
):
    course = make_course(catalog, title="Dịch vụ công trực tuyến", for_officials=True)
    profile = make_official(tree["ptdt"], user__full_name="Phạm Văn Long")
    enrollment = make_completed_enrollment(profile.user, course)
    certificate = services.certificate_issue(enrollment=enrollment)
    certificate.refresh_from_db()  # its PDF was stored once the issue committed

    context = browser.new_context(base_url=live_server.url, locale="vi-VN", accept_downloads=True)
    context.set_default_timeout(15_000)
    sign_in(context, live_server, profile.user)
    page = context.new_page()
    page.goto("/giay-chung-nhan/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("^Tải PDF")).click()
    text = " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(download_info.value.path().read_bytes())).pages
    )
    assert certificate.serial in text

    # The file has no public address: neither the old pattern nor its real (random) name under /media/.
    for guess in (
        f"/media/certificates/{certificate.year}/giay-chung-nhan-{certificate.serial}.pdf",
        f"/media/{certificate.pdf.name}",
    ):
        assert page.goto(guess).status == 404
    context.close()

    # Anyone holding the QR code's address gets the PDF from the verification page, without a session.
    visitor = browser.new_context(base_url=live_server.url, locale="vi-VN")
    visitor.set_default_timeout(15_000)
    page = visitor.new_page()
    page.goto(f"/tra-cuu-chung-nhan/{certificate.verification_code}/")
    link = page.get_by_role("link", name="Xem giấy chứng nhận (PDF)")
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
    visitor.close()
