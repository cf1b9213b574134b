"""Certificate PDFs: time to render one through the project, against bare WeasyPrint, and a batch of 200.

Prints, for one representative certificate (national heading, name, course, serial, QR code, the shipped fonts
through certificate.css):
* the median time of ``certificates.pdf.render_pdf`` (one shared font configuration, HarfBuzz subsetting,
  the project's URL fetcher, PDF/A-3b), and of bare ``weasyprint.HTML(...).write_pdf()`` with its defaults (a
  new font configuration per document), on the same HTML and base URL;
* the same two with fontTools subsetting, as WeasyPrint does when ``libharfbuzz-subset0`` is missing, and
  the project without PDF/A, to show what each choice costs;
* certificates per second when issuing 200: through ``certificates.services.certificate_issue`` on
  PostgreSQL (200 completed enrolments of new learners) when that service exists, otherwise 200
  ``render_pdf`` calls with different names.
The last line is ``ratio: <project median / bare median>`` (target: 1.2 or less).
Run: .venv/bin/python bench/certificates.py [rounds]
"""

import contextlib
import logging
import os
import statistics
import sys
import tempfile
import time

from _setup import ROOT, django_on_postgres

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 25
SLOW_ROUNDS = 5  # fontTools subsetting takes over a second per certificate
BATCH = 200
# file:// URLs into the app's static folder, which both the project's fetcher and bare WeasyPrint can read.
BASE_URL = (ROOT / "certificates" / "static" / "certificates").as_uri() + "/"
COURSE = "Quy hoạch và phát triển đô thị thông minh"
VERIFY_URL = "https://daotao.tayninh.gov.vn/tra-cuu-chung-nhan/{code}/"
FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"]
GIVEN_NAMES = ["Thị Ánh Tuyết", "Văn Đức", "Ngọc Hạnh", "Quốc Bảo", "Thị Mỹ Lệ", "Hữu Nghĩa", "Minh Thư"]


def learner_name(i: int) -> str:
    return f"{FAMILY_NAMES[i % len(FAMILY_NAMES)]} {GIVEN_NAMES[i % len(GIVEN_NAMES)]} {i}"


def certificate_html(*, name: str, serial: str, qr_uri: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
  <meta charset="utf-8">
  <title>Giấy chứng nhận {serial} — {name}</title>
  <meta name="author" content="Ủy ban nhân dân tỉnh Tây Ninh">
  <meta name="description" content="Giấy chứng nhận hoàn thành khóa bồi dưỡng “{COURSE}”">
  <meta name="dcterms.created" content="2026-11-25T09:30:00+07:00">
  <link rel="stylesheet" href="certificate.css">
  <style>@page {{ size: A4 landscape; }}</style>
</head>
<body class="certificate-document">
<div class="certificate" style="--cert-color: #8b1a1a; --cert-accent: #b8860b;">
  <div class="certificate-frame">
    <header class="certificate-heading">
      <p class="national">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>
      <p class="motto">Độc lập - Tự do - Hạnh phúc</p>
      <p class="issuer">ỦY BAN NHÂN DÂN TỈNH TÂY NINH</p>
    </header>
    <h1 class="certificate-title">Giấy chứng nhận</h1>
    <p class="certificate-name">{name}</p>
    <div class="certificate-body">
      <p>Đơn vị: Phòng Phát triển đô thị, Sở Xây dựng</p>
      <p>Đã hoàn thành khóa bồi dưỡng “{COURSE}” (24 giờ), ngày 20/11/2026.</p>
    </div>
    <footer class="certificate-footer">
      <div class="certificate-meta">
        <p>Số hiệu: <strong>{serial}</strong></p>
        <img class="certificate-qr" src="{qr_uri}" alt="Mã QR tra cứu giấy chứng nhận">
        <p class="certificate-url">Tra cứu: {VERIFY_URL.format(code=serial)}</p>
      </div>
      <div class="certificate-signature">
        <p class="place-date">Tây Ninh, ngày 25 tháng 11 năm 2026</p>
        <p class="signer-title">Chủ tịch</p>
        <p class="signer-name">Trần Văn Bình</p>
      </div>
    </footer>
  </div>
</div>
</body>
</html>"""


def medians_ms(rounds: int, *renders) -> list[float]:
    """Median time of each render, taking turns so that a change in the machine's load hits them alike."""
    for render in renders:
        render()  # warm-up: imports, the shared font configuration, fontconfig's caches
    times = [[] for _ in renders]
    for _ in range(rounds):
        for render, spent in zip(renders, times, strict=True):
            started = time.perf_counter()
            render()
            spent.append((time.perf_counter() - started) * 1000)
    return [statistics.median(spent) for spent in times]


@contextlib.contextmanager
def fonttools_subsetting():
    """Make WeasyPrint subset with fontTools, as it does when it cannot load libharfbuzz-subset."""
    import weasyprint.pdf.fonts

    saved = weasyprint.pdf.fonts.harfbuzz_subset
    weasyprint.pdf.fonts.harfbuzz_subset = None
    try:
        yield
    finally:
        weasyprint.pdf.fonts.harfbuzz_subset = saved


def batch_through_service(certificate_issue) -> tuple[float, str]:
    """Issue BATCH certificates through the service on PostgreSQL; (seconds, what was measured)."""
    from django.utils import timezone

    from certificates.models import Certificate
    from cms.models import CatalogPage
    from courses.models import Enrollment
    from tests.factories import ProfileFactory, make_course

    now = timezone.now()
    run = time.time_ns()  # the bench database outlives a run: new slugs and e-mail addresses each time
    course = make_course(
        CatalogPage.objects.get(),
        title=COURSE,
        slug=f"bench-chung-nhan-{run}",
        estimated_hours=24,
        grants_certificate=True,
    )
    enrollments = []
    for i in range(BATCH):
        profile = ProfileFactory(user__full_name=learner_name(i), user__email=f"bench-{run}-{i}@example.test")
        enrollments.append(
            Enrollment.objects.create(
                user=profile.user, course=course, status="completed", enrolled_at=now, completed_at=now
            )
        )
    started = time.perf_counter()
    for enrollment in enrollments:
        certificate_issue(enrollment=enrollment)
    elapsed = time.perf_counter() - started
    issued = Certificate.objects.filter(course=course).exclude(pdf_sha256="").count()
    assert issued == BATCH, f"{issued} of {BATCH} certificates have a PDF"
    return elapsed, "certificates.services.certificate_issue on PostgreSQL"


def batch_through_render_pdf() -> tuple[float, str]:
    from certificates.pdf import qr_data_uri, render_pdf

    started = time.perf_counter()
    for i in range(BATCH):
        serial = f"TN-2026-{i:06d}"
        html = certificate_html(
            name=learner_name(i), serial=serial, qr_uri=qr_data_uri(VERIFY_URL.format(code=serial))
        )
        render_pdf(html=html, base_url=BASE_URL)
    return time.perf_counter() - started, "render_pdf with different names (the issuing service is missing)"


def main() -> None:
    # Issued PDFs go to a throw-away media folder, not the project's.
    with tempfile.TemporaryDirectory(prefix="lms-bench-media-") as media:
        os.environ["DJANGO_MEDIA_ROOT"] = media
        run()


def run() -> None:
    django_on_postgres("lms_bench")
    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # fontTools' fallback warns for every font
    logging.getLogger("wagtail").setLevel(logging.WARNING)  # "Page created" for the bench's course
    import weasyprint

    from certificates import pdf

    serial = "TN-2026-000123"
    html = certificate_html(
        name="Nguyễn Thị Ánh Tuyết", serial=serial, qr_uri=pdf.qr_data_uri(VERIFY_URL.format(code=serial))
    )

    def project():
        return pdf.render_pdf(html=html, base_url=BASE_URL)

    def project_without_pdfa():
        saved, pdf.PDF_VARIANT = pdf.PDF_VARIANT, None
        try:
            return project()
        finally:
            pdf.PDF_VARIANT = saved

    def bare():
        return weasyprint.HTML(string=html, base_url=BASE_URL).write_pdf()

    print(f"WeasyPrint {weasyprint.__version__}; HarfBuzz subsetter loaded: {pdf.HARFBUZZ_SUBSET}")
    project_ms, bare_ms, plain_ms = medians_ms(ROUNDS, project, bare, project_without_pdfa)
    print(f"HarfBuzz subsetting, {ROUNDS} rounds:")
    print(f"  project (render_pdf)  median {project_ms:7.1f} ms   {len(project()):>6} bytes")
    print(f"  bare WeasyPrint       median {bare_ms:7.1f} ms   {len(bare()):>6} bytes")
    print(
        f"  project without PDF/A median {plain_ms:7.1f} ms   (PDF/A-3b costs {project_ms - plain_ms:+.1f} ms)"
    )

    with fonttools_subsetting():
        project_slow, bare_slow = medians_ms(SLOW_ROUNDS, project, bare)
    print(f"fontTools subsetting (no libharfbuzz-subset0), {SLOW_ROUNDS} rounds:")
    print(
        f"  project (render_pdf)  median {project_slow:7.1f} ms   ({project_slow / project_ms:.1f}x HarfBuzz)"
    )
    print(f"  bare WeasyPrint       median {bare_slow:7.1f} ms   ({bare_slow / bare_ms:.1f}x HarfBuzz)")
    print(f"  ratio with fontTools  {project_slow / bare_slow:.2f}")

    try:
        from certificates.services import certificate_issue
    except ImportError:
        elapsed, how = batch_through_render_pdf()
    else:
        elapsed, how = batch_through_service(certificate_issue)
    print(f"batch of {BATCH} through {how}:")
    print(f"  {elapsed:.1f} s, {BATCH / elapsed:.1f} certificates/s, {elapsed / BATCH * 1000:.1f} ms each")

    print(f"project/bare: {project_ms:.1f} / {bare_ms:.1f} ms")
    print(f"ratio: {project_ms / bare_ms:.2f}")


if __name__ == "__main__":
    main()
