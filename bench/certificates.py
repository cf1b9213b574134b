"""Certificate PDFs: time to render one through the project, against bare WeasyPrint, and a batch of 200.

Prints, for one representative certificate (national heading, name, course, serial, QR code, the shipped fonts
through certificate.css):
* the median time of ``certificates.pdf.render_pdf`` (one shared font configuration, HarfBuzz subsetting,
  the project's URL fetcher, PDF/A-3b), and of bare ``weasyprint.HTML(...).write_pdf()`` with its defaults (a
  new font configuration per document), on the same HTML and base URL;
* the same two with fontTools subsetting, as WeasyPrint does when ``libharfbuzz-subset0`` is missing, and
  the project without PDF/A, to show what each choice costs;
* the cost of one certificate in one process, both tasks run in turn on PostgreSQL: CPU milliseconds of the
  Python side (``time.process_time``) and of the PostgreSQL backend serving it (``/proc``), and the queries
  of the issue task and of the render task (the figures that do not depend on the machine's load); with
  ``--cost-only``, also the render task's steps one by one (row, QR code, HTML, WeasyPrint's parsing, style
  and layout, drawing and writing), the shares that say where a certificate's CPU goes;
* certificates issued per second end to end with one and with two real ``db_worker`` processes on
  PostgreSQL: BATCH issue tasks queued for completed enrollments of new learners, each taking a serial and
  writing the row and its audit event, then the render task storing the PDF; timed until every PDF is stored
  (issue #20 item 5: 100,000 in under an hour, TARGET_RATE = 28/s, floor 20/s with two workers), printed as a
  rate and as a ratio to the target. With each: the workers' CPU per certificate and,
  when the server runs on this machine, the whole PostgreSQL server's (every database on it, so run it on a
  server of its own, BENCH_PG=postgres://...:<port>, for a clean figure) and that of the backends of the
  bench's own database alone (the workers' and the bench's connections, which other databases on a shared
  server do not disturb), and the bound both give on idle cores. Progress is polled through a bounded window
  of the enrollments still waiting, so the bench's own cost per poll does not grow with BATCH (ADR 0039).
  The workers hold their connection as production's do (DJANGO_CONN_MAX_AGE=60 unless set; with 0,
  every task opens a new connection: DJANGO_CONN_MAX_AGE=0 measures that).
Wall-clock rates on a machine shared with other work say little; the CPU figures do not depend much on the
load, so the bench also prints the bound they give on idle cores (2 cores × 1000 / CPU ms per certificate,
workers and PostgreSQL together) and its ratio to the target. The load average is printed with each figure.
The last line is ``ratio: <project median / bare median>`` (target: 1.2 or less).
``--with-images`` gives the bench's certificates a template with a seal and a signature (RGBA PNGs drawn as the
demo's), as the province's certificates have; by default they use the default template, which has none.
Its database is ``lms_bench_certificates`` plus ``BENCH_DB_SUFFIX`` (e.g. ``_mine``), so that runs of several
checkouts on one PostgreSQL server do not share (and block) one database.
Run: .venv/bin/python bench/certificates.py [rounds] [batch] [--issue-only | --cost-only] [--with-images]
"""

import contextlib
import itertools
import logging
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time

from _setup import ROOT, django_on_postgres

ISSUE_ONLY = "--issue-only" in sys.argv  # only the issue throughput (skips the render timings)
COST_ONLY = "--cost-only" in sys.argv  # only the CPU and queries per certificate in one process (a minute)
# The bench's courses get a template with a seal and a signature drawn as the demo's (RGBA PNGs), as the
# province's certificates have; without it they use the default template, which has no image.
WITH_IMAGES = "--with-images" in sys.argv
ARGS = [arg for arg in sys.argv[1:] if not arg.startswith("--")]
ROUNDS = int(ARGS[0]) if ARGS else 25
SLOW_ROUNDS = 5  # fontTools subsetting takes over a second per certificate
BATCH = int(ARGS[1]) if len(ARGS) > 1 else 200
TARGET_RATE = 28.0  # certificates per second: 100,000 in under an hour (issue #20 item 5)
FLOOR_RATE = 20.0


def versus_target(rate: float) -> str:
    return f"{rate:.1f}/s = {rate / TARGET_RATE:.2f} x the target of {TARGET_RATE:.0f}/s"


def idle_bound(cpu_ms: float) -> float:
    """Certificates per second the machine's cores allow at ``cpu_ms`` of CPU per certificate."""
    return os.cpu_count() * 1000 / cpu_ms


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


#: The workers' DJANGO_CONN_MAX_AGE: production's default (lms/settings/production.py), unless set. The test
#: settings the workers run with inherit 0 from base.py, with which db_worker closes its connection after every
#: task and opens a new one (a PostgreSQL backend forked and warmed up) for the next: about 20 ms of server CPU
#: per certificate that production does not spend (ADR 0015).
WORKER_CONN_MAX_AGE = os.environ.get("DJANGO_CONN_MAX_AGE", "60")


def start_workers(count: int) -> list[subprocess.Popen]:
    """``count`` real ``db_worker`` processes on the certificates queue, as production runs them."""
    command = [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.05"]
    command += ["--backend", "background", "--queue-name", "certificates"]
    env = {**os.environ, "DJANGO_CONN_MAX_AGE": WORKER_CONN_MAX_AGE}
    return [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)  # noqa: S603
        for _ in range(count)
    ]


def cpu_seconds(workers: list[subprocess.Popen]) -> float:
    """User and system CPU time the worker processes have used so far (Linux /proc)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for worker in workers:
        with open(f"/proc/{worker.pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


def server_cpu_seconds() -> float | None:
    """CPU time of the whole PostgreSQL server so far, if it runs on this machine (Linux /proc): the postmaster,
    its live processes (backends, writer, checkpointer) and the backends that have exited (their time is added
    to the postmaster's when it reaps them). Every database of the server counts, not only the bench's."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    ticks = os.sysconf("SC_CLK_TCK")
    try:
        with open(f"/proc/{backend}/stat") as stat:
            postmaster = int(stat.read().rsplit(")", 1)[1].split()[1])
        total = 0
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                with open(f"/proc/{entry.name}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue  # exited meanwhile: its time is now the postmaster's
            if int(entry.name) == postmaster:
                total += sum(int(field) for field in fields[11:15])  # utime, stime, cutime, cstime
            elif int(fields[1]) == postmaster:
                total += int(fields[11]) + int(fields[12])
    except OSError:
        return None
    return total / ticks


class DatabaseBackendsCPU:
    """CPU time of the PostgreSQL backends of the bench's own database (the workers' connections and the
    bench's), read from /proc: unlike :func:`server_cpu_seconds`, what other databases on a shared server
    do is not counted. :meth:`sample` runs while the batch runs (about once a second), so a backend that exits
    meanwhile (a worker's connection past DJANGO_CONN_MAX_AGE) keeps the time it was last seen with; one
    that starts meanwhile counts from nothing."""

    def __init__(self) -> None:
        self.started: dict[int, int] = {}
        self.seen: dict[int, int] = {}
        self.available = True
        self.sample(start=True)

    def sample(self, start: bool = False) -> None:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
            pids = [row[0] for row in cursor.fetchall()]
        for pid in pids:
            try:
                with open(f"/proc/{pid}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                if start:
                    self.available = False  # the server runs elsewhere
                continue
            ticks = int(fields[11]) + int(fields[12])
            if start:
                self.started[pid] = ticks
            self.seen[pid] = ticks

    def seconds(self) -> float | None:
        if not self.available:
            return None
        self.sample()
        spent = sum(ticks - self.started.get(pid, 0) for pid, ticks in self.seen.items())
        return spent / os.sysconf("SC_CLK_TCK")


def stop_workers(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        worker.send_signal(signal.SIGTERM)
    for worker in workers:
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()


def completed_enrollments(count: int, label: str):
    """``count`` completed enrollments of new learners in a new certificate-granting course (not issued)."""
    from django.utils import timezone

    from cms.models import CatalogPage
    from courses.models import Enrollment
    from tests.factories import ProfileFactory, make_course

    now = timezone.now()
    run = time.time_ns()  # the bench database outlives a run: new slugs and e-mail addresses each time
    course = make_course(
        CatalogPage.objects.get(),
        title=f"{COURSE} ({label})",
        slug=f"bench-chung-nhan-{run}",
        estimated_hours=24,
        grants_certificate=True,
    )
    if WITH_IMAGES:
        template = template_with_images(run)
        template.courses.add(course)
        template.save()  # a ParentalManyToManyField is written on save
    enrollments = []
    for i in range(count):
        profile = ProfileFactory(user__full_name=learner_name(i), user__email=f"bench-{run}-{i}@example.test")
        enrollments.append(
            Enrollment.objects.create(
                user=profile.user, course=course, status="completed", enrolled_at=now, completed_at=now
            )
        )
    return course, enrollments


def template_with_images(run: int):
    """A certificate template with a seal (400 x 400) and a signature (800 x 320), RGBA PNGs drawn as the
    demo's; new image files each run (the bench's media folder does not outlive it)."""
    from django.core.files.images import ImageFile
    from wagtail.images.models import Image

    from certificates.models import CertificateTemplate
    from demo.certificates import _draw_seal, _draw_signature, _png

    seal, signature = (
        Image.objects.create(
            title=f"bench {title} {run}", file=ImageFile(_png(draw, size), name=f"{title}.png")
        )
        for title, draw, size in (
            ("seal", _draw_seal, (400, 400)),
            ("signature", _draw_signature, (800, 320)),
        )
    )
    return CertificateTemplate.objects.create(
        name=f"bench {run}", signer_name="Trần Văn Bình", seal_image=seal, signature_image=signature
    )


#: Enrollments whose certificate each poll of :func:`issue_and_wait` looks up: the oldest still waiting, in the
#: order their tasks were queued (the order the workers take them). A bounded look-up keeps the bench's own
#: cost per poll the same for a batch of 200 and of 100,000; counting the batch's rows on every poll grew with
#: the batch and was counted in the PostgreSQL server's CPU per certificate (ADR 0039).
POLL_WINDOW = 100


def issue_and_wait(
    enrollments, course, timeout: float = 900, backends: DatabaseBackendsCPU | None = None
) -> tuple[float, float]:
    """Queue the issue task of every enrollment (as course completion does), then wait until every certificate
    has its row and its stored PDF, sampling ``backends`` about once a second. Returns (seconds until all rows,
    seconds until all files)."""
    from certificates.models import Certificate
    from certificates.tasks import issue_certificate

    started = time.perf_counter()
    for enrollment in enrollments:
        issue_certificate.enqueue(enrollment.pk)
    # Dicts keep the queued order; each poll checks the oldest POLL_WINDOW of each, so every certificate is
    # seen with its row and its file before the batch counts as done.
    without_row = dict.fromkeys(enrollment.pk for enrollment in enrollments)
    without_file = dict(without_row)
    rows_at = None
    for poll in itertools.count(1):
        if backends is not None and poll % 20 == 0:
            backends.sample()
        for waiting, done in ((without_row, None), (without_file, "")):
            window = list(itertools.islice(waiting, POLL_WINDOW))
            found = Certificate.objects.filter(course=course, enrollment_id__in=window)
            if done is not None:
                found = found.exclude(pdf=done)
            for enrollment_id in found.values_list("enrollment_id", flat=True):
                waiting.pop(enrollment_id, None)
        if not without_row and rows_at is None:
            rows_at = time.perf_counter() - started
        if rows_at is not None and not without_file:
            return rows_at, time.perf_counter() - started
        if time.perf_counter() - started > timeout:
            raise SystemExit(
                f"timed out: {len(enrollments) - len(without_row)} rows, "
                f"{len(enrollments) - len(without_file)} files"
            )
        time.sleep(0.05)


def through_workers(worker_count: int) -> tuple[float, float]:
    """Certificates per second end to end (serial + row + audit event, then the PDF rendered and stored) with
    ``worker_count`` worker processes; returns (certificates/s for the rows, certificates/s end to end)."""
    from certificates.models import Certificate, SerialCounter

    warm_course, warm = completed_enrollments(2 * worker_count, f"warm-up {worker_count}")
    course, enrollments = completed_enrollments(BATCH, f"{worker_count} worker(s)")
    workers = start_workers(worker_count)
    try:
        issue_and_wait(warm, warm_course, timeout=300)  # imports, font configuration, connections
        cpu_before, load_before, server_before, backends = (
            cpu_seconds(workers),
            os.getloadavg()[0],
            server_cpu_seconds(),
            DatabaseBackendsCPU(),
        )
        rows_s, files_s = issue_and_wait(enrollments, course, backends=backends)
        cpu_ms = (cpu_seconds(workers) - cpu_before) / BATCH * 1000
        server_after, database_s = server_cpu_seconds(), backends.seconds()
    finally:
        stop_workers(workers)
    year = Certificate.objects.filter(course=course).values_list("year", flat=True).first()
    sequences = list(
        Certificate.objects.filter(year=year).order_by("sequence").values_list("sequence", flat=True)
    )
    gapless = sequences == list(range(1, SerialCounter.objects.get(year=year).last + 1))
    print(
        f"  {worker_count} worker(s): {BATCH} certificates, all rows after {rows_s:.1f} s "
        f"({BATCH / rows_s:.1f}/s), all PDFs stored after {files_s:.1f} s: {versus_target(BATCH / files_s)}"
        f" end to end (wall clock); the year's serials 1..last without gap or repeat: {gapless}"
    )
    print(
        f"    worker CPU {cpu_ms:.0f} ms per certificate (both tasks; PostgreSQL not counted): at most "
        f"{idle_bound(cpu_ms):.1f}/s on {os.cpu_count()} idle cores; load average "
        f"{load_before:.1f} before, {os.getloadavg()[0]:.1f} after"
    )
    if server_before is not None and server_after is not None:
        server_ms = (server_after - server_before) / BATCH * 1000
        print(
            f"    PostgreSQL server CPU {server_ms:.0f} ms per certificate (every database of the server, the "
            f"bench's polling included); workers and server together: at most "
            f"{versus_target(idle_bound(cpu_ms + server_ms))} on {os.cpu_count()} idle cores"
        )
    if database_s is not None:
        database_ms = database_s / BATCH * 1000
        print(
            f"    PostgreSQL backends of the bench's database {database_ms:.1f} ms per certificate (the workers' "
            f"and the bench's connections, no other database); with the workers: at most "
            f"{versus_target(idle_bound(cpu_ms + database_ms))} on {os.cpu_count()} idle cores"
        )
    return BATCH / rows_s, BATCH / files_s


def backend_cpu_seconds() -> float | None:
    """CPU time of the PostgreSQL backend serving this process's connection, if it runs on this machine."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cost_per_certificate(count: int = 40) -> None:
    """Issue and render ``count`` certificates in this process, one after the other, as a worker runs the
    two tasks; print CPU per certificate (Python and PostgreSQL) and queries per task."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from certificates import tasks
    from certificates.models import Certificate

    _course, enrollments = completed_enrollments(count + 2, "in one process")
    queued_from = timezone.now()  # no worker runs meanwhile: every task queued from now on is this one's
    issue_queries, render_queries = [], []

    def one(enrollment) -> None:
        with CaptureQueriesContext(connection) as issued:
            serial = tasks.issue_certificate.func(enrollment.pk)
        certificate_id = Certificate.objects.values_list("pk", flat=True).get(serial=serial)
        with CaptureQueriesContext(connection) as rendered:
            assert tasks.render_certificate_file.func(certificate_id)
        issue_queries.append(len(issued))
        render_queries.append(len(rendered))

    for enrollment in enrollments[:2]:
        one(enrollment)  # warm-up: templates, fonts, the stylesheet
    issue_queries.clear()
    render_queries.clear()
    backend_before, cpu_before = backend_cpu_seconds(), time.process_time()
    for enrollment in enrollments[2:]:
        one(enrollment)
    cpu_ms = (time.process_time() - cpu_before) / count * 1000
    backend_after = backend_cpu_seconds()
    # The tasks queued meanwhile (each render, each "ready" e-mail) were run here or are not the bench's work.
    DBTaskResult.objects.filter(enqueued_at__gte=queued_from).delete()
    database = (
        f"{(backend_after - backend_before) / count * 1000:.0f} ms"
        if backend_before is not None and backend_after is not None
        else "not measurable (server not on this machine)"
    )
    print(f"one process, both tasks in turn, {count} certificates after a warm-up:")
    print(f"  CPU per certificate: {cpu_ms:.0f} ms Python (issue + render), PostgreSQL backend {database}")
    backend_ms = (
        (backend_after - backend_before) / count * 1000
        if backend_before is not None and backend_after is not None
        else 0.0
    )
    print(
        f"  bound on {os.cpu_count()} idle cores (no task queue, Python and backend CPU): "
        f"{versus_target(idle_bound(cpu_ms + backend_ms))}; load average {os.getloadavg()[0]:.1f}"
    )
    print(
        f"  queries per issue: {statistics.mean(issue_queries) + statistics.mean(render_queries):.0f} "
        f"({statistics.mean(issue_queries):.0f} issue task + {statistics.mean(render_queries):.0f} render task,"
        " transaction statements and queued tasks included)"
    )


def render_breakdown(count: int = 30) -> None:
    """Where the render task's CPU goes: each step of rendering ``count`` issued certificates timed on its own
    (CPU clock, median), the WeasyPrint steps as ``pdf.render_pdf`` runs them (checked: the same bytes)."""
    import unicodedata

    from django.db.models import Exists, OuterRef
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult
    from weasyprint import HTML

    from certificates import pdf, rendering, services, tasks
    from certificates.models import Certificate

    _course, enrollments = completed_enrollments(count + 2, "breakdown")
    queued_from = timezone.now()  # no worker runs meanwhile: every task queued from now on is this one's
    serials = [tasks.issue_certificate.func(enrollment.pk) for enrollment in enrollments]
    # Their render tasks are done below, not by the workers of a later run of the bench.
    DBTaskResult.objects.filter(enqueued_at__gte=queued_from).delete()
    ids = list(Certificate.objects.filter(serial__in=serials).order_by("pk").values_list("pk", flat=True))
    steps = {
        "read the row (1 query)": [],
        "QR code (segno, PNG)": [],
        "HTML document (Django template)": [],
        "WeasyPrint: parse the HTML": [],
        "WeasyPrint: style and layout": [],
        "WeasyPrint: draw, fonts, write the PDF": [],
    }
    for index, certificate_id in enumerate(ids):
        marks = [time.process_time()]  # after each step
        certificate = (
            Certificate.objects.select_related(*services.RENDER_RELATED)
            .annotate(replaces_another=Exists(Certificate.objects.filter(replaced_by=OuterRef("pk"))))
            .get(pk=certificate_id)
        )
        marks.append(time.process_time())
        qr_uri = pdf.qr_data_uri(rendering.verification_url(certificate))
        marks.append(time.process_time())
        html = rendering.certificate_document(
            certificate=certificate, template=certificate.template, qr_uri=qr_uri
        )
        marks.append(time.process_time())
        document = HTML(
            string=unicodedata.normalize("NFC", html),
            base_url=settings_base_url(),
            url_fetcher=pdf.url_fetcher,
        )
        marks.append(time.process_time())
        laid_out = document.render(
            font_config=pdf.font_configuration(),
            pdf_variant=pdf.PDF_VARIANT,
            stylesheets=[pdf.certificate_stylesheet()],
        )
        marks.append(time.process_time())
        data = laid_out.write_pdf(finisher=pdf.compress_streams_once, pdf_variant=pdf.PDF_VARIANT)
        marks.append(time.process_time())
        spent = [after - before for before, after in itertools.pairwise(marks)]
        if index < 2:
            assert data == rendering.certificate_pdf(html=html), "the breakdown must do the task's work"
            continue  # warm-up
        for values, seconds in zip(steps.values(), spent, strict=True):
            values.append(seconds * 1000)
    total = sum(statistics.median(values) for values in steps.values())
    print(
        f"the render task's steps, {count} certificates, CPU ms median (load average {os.getloadavg()[0]:.1f}):"
    )
    for step, values in steps.items():
        median = statistics.median(values)
        print(f"  {step:40s} {median:5.1f} ms  {median / total:4.0%}")
    print(f"  {'sum (storing the file and the UPDATE not included)':40s} {total:5.1f} ms")


def settings_base_url() -> str:
    from django.conf import settings

    return getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "http://localhost/"


def issue_throughput() -> None:
    cost_per_certificate()
    print(
        f"issuing through real db_worker processes on PostgreSQL (issue task: serial, row, audit event; "
        f"then the render task stores the PDF), {BATCH} each, after a warm-up; the workers' "
        f"DJANGO_CONN_MAX_AGE={WORKER_CONN_MAX_AGE}:"
    )
    figures = {count: through_workers(count) for count in (1, 2)}
    print(f"issues/s with 1 worker:  {figures[1][1]:.1f}")
    print(
        f"issues/s with 2 workers: {versus_target(figures[2][1])} (floor {FLOOR_RATE:.0f}/s; wall clock, "
        f"load average {os.getloadavg()[0]:.1f})"
    )


def main() -> None:
    # Issued PDFs go to a throw-away folder, not the project's; the workers (the test settings with the
    # database task backend) write there too.
    with tempfile.TemporaryDirectory(prefix="lms-bench-media-") as media:
        os.environ["LMS_TEST_MEDIA_ROOT"] = media
        os.environ["LMS_TEST_WORKER_TASKS"] = "database"
        run()


def run() -> None:
    # BENCH_DB_SUFFIX keeps parallel runs on one PostgreSQL server apart, as bench/_stack.py does.
    django_on_postgres("lms_bench_certificates" + os.environ.get("BENCH_DB_SUFFIX", ""))
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

    unlinked = html.replace('<link rel="stylesheet" href="certificate.css">', "")

    def project_cached_css():
        # As issuing renders: the document does not link certificate.css, the parsed stylesheet is reused.
        return pdf.render_pdf(html=unlinked, base_url=BASE_URL, stylesheets=(pdf.certificate_stylesheet(),))

    def project_without_pdfa():
        saved, pdf.PDF_VARIANT = pdf.PDF_VARIANT, None
        try:
            return project()
        finally:
            pdf.PDF_VARIANT = saved

    def bare():
        return weasyprint.HTML(string=html, base_url=BASE_URL).write_pdf()

    if COST_ONLY:
        cost_per_certificate()
        render_breakdown()
        return
    if ISSUE_ONLY:
        issue_throughput()
        return
    print(f"WeasyPrint {weasyprint.__version__}; HarfBuzz subsetter loaded: {pdf.HARFBUZZ_SUBSET}")
    project_ms, bare_ms, plain_ms, cached_ms = medians_ms(
        ROUNDS, project, bare, project_without_pdfa, project_cached_css
    )
    print(f"HarfBuzz subsetting, {ROUNDS} rounds:")
    print(f"  project (render_pdf)  median {project_ms:7.1f} ms   {len(project()):>6} bytes")
    print(f"  bare WeasyPrint       median {bare_ms:7.1f} ms   {len(bare()):>6} bytes")
    print(
        f"  project without PDF/A median {plain_ms:7.1f} ms   (PDF/A-3b costs {project_ms - plain_ms:+.1f} ms)"
    )
    print(f"  project, stylesheet parsed once (as issued) median {cached_ms:7.1f} ms")

    with fonttools_subsetting():
        project_slow, bare_slow = medians_ms(SLOW_ROUNDS, project, bare)
    print(f"fontTools subsetting (no libharfbuzz-subset0), {SLOW_ROUNDS} rounds:")
    print(
        f"  project (render_pdf)  median {project_slow:7.1f} ms   ({project_slow / project_ms:.1f}x HarfBuzz)"
    )
    print(f"  bare WeasyPrint       median {bare_slow:7.1f} ms   ({bare_slow / bare_ms:.1f}x HarfBuzz)")
    print(f"  ratio with fontTools  {project_slow / bare_slow:.2f}")

    issue_throughput()

    print(f"project/bare: {project_ms:.1f} / {bare_ms:.1f} ms")
    print(f"ratio: {project_ms / bare_ms:.2f}")


if __name__ == "__main__":
    main()
