"""Certificates are issued in two steps (#13): the serial, the row and the audit event commit in one short
transaction; an idempotent task renders and stores the PDF afterwards. Rendering never holds the serial lock."""

import datetime
import io
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from api.models import WebhookDelivery, WebhookSubscriber
from api.services import webhook_routes
from certificates import selectors, services, tasks
from certificates.models import Certificate, CertificateEvent, CertificateTemplate, SerialCounter
from courses.models import Enrollment

from ..auth import sign_in
from ..factories import UserFactory


def stored_pdfs() -> set[Path]:
    return set(Path(settings.STORAGES["certificates"]["OPTIONS"]["location"]).rglob("*.pdf"))


@pytest.fixture
def render_not_run(monkeypatch):
    """The render task is queued but no worker takes it (or it is lost)."""
    queued = []

    class Lost:
        def enqueue(self, certificate_id, force=False):
            queued.append(certificate_id)

    monkeypatch.setattr(services.tasks, "render_certificate_file", Lost())
    return queued


def told_ready(monkeypatch) -> list[int]:
    """The certificates whose "your certificate is ready" e-mail the render task queues (not sent here)."""
    told = []

    class Queue:
        def enqueue(self, certificate_id):
            told.append(certificate_id)

    monkeypatch.setattr(tasks, "send_certificate_issued", Queue())
    return told


@pytest.mark.django_db(transaction=True)
def test_row_serial_and_event_are_committed_before_the_pdf_is_rendered(completed, monkeypatch):
    seen = {}
    original = services.certificate_pdf

    def render_and_look(**kwargs):
        # What another connection (a verifier, another issue) sees while this PDF is rendered.
        def look():
            try:
                row = Certificate.objects.get(enrollment=completed)
                seen.update(
                    serial=row.serial,
                    pdf=row.pdf.name,
                    events=list(
                        CertificateEvent.objects.filter(certificate=row).values_list("action", flat=True)
                    ),
                    counter=SerialCounter.objects.get().last,
                )
            finally:
                connection.close()

        reader = threading.Thread(target=look)
        reader.start()
        reader.join()
        seen["in_transaction"] = connection.in_atomic_block
        return original(**kwargs)

    monkeypatch.setattr(services, "certificate_pdf", render_and_look)
    certificate = services.certificate_issue(enrollment=completed)
    year = timezone.localdate().year
    assert seen == {
        "serial": f"TN-{year}-000001",
        "pdf": "",
        "events": ["issue"],
        "counter": 1,
        "in_transaction": False,
    }
    certificate.refresh_from_db()
    assert certificate.pdf and not certificate.file_pending


@pytest.mark.django_db
def test_render_task_run_twice_keeps_one_file_and_the_serial(completed):
    before = stored_pdfs()
    certificate = services.certificate_issue(enrollment=completed)
    certificate.refresh_from_db()
    name, sha, serial = certificate.pdf.name, certificate.pdf_sha256, certificate.serial
    assert tasks.render_certificate_file.call(certificate.pk) is False  # already stored: skipped
    assert tasks.render_certificate_file.call(certificate.pk) is False
    certificate.refresh_from_db()
    assert (certificate.pdf.name, certificate.pdf_sha256, certificate.serial) == (name, sha, serial)
    assert stored_pdfs() - before == {Path(certificate.pdf.path)}
    # Forced (regenerating after new fonts): rendered again, still one file, same serial.
    assert tasks.render_certificate_file.call(certificate.pk, force=True) is True
    certificate.refresh_from_db()
    assert certificate.serial == serial and certificate.pdf.name != name
    assert stored_pdfs() - before == {Path(certificate.pdf.path)}
    assert Certificate.objects.count() == 1 and SerialCounter.objects.get().last == 1


@pytest.mark.django_db
def test_a_lost_file_is_rendered_again(completed):
    certificate = services.certificate_issue(enrollment=completed)
    certificate.refresh_from_db()
    Path(certificate.pdf.path).unlink()
    assert tasks.render_certificate_file.call(certificate.pk) is True
    certificate.refresh_from_db()
    assert Path(certificate.pdf.path).read_bytes().startswith(b"%PDF")


@pytest.mark.django_db
def test_pages_say_the_file_is_being_prepared_until_it_is_stored(client, completed, render_not_run):
    certificate = services.certificate_issue(enrollment=completed)
    assert render_not_run == [certificate.pk]  # queued once, after the commit
    certificate.refresh_from_db()
    assert certificate.file_pending and certificate.serial.endswith("-000001")
    verify_url = f"/tra-cuu-chung-nhan/{certificate.verification_code}/"
    page = client.get(verify_url).content.decode()
    assert "Còn hiệu lực" in page and certificate.serial in page
    assert "Đang tạo tệp chứng nhận" in page and f"{verify_url}pdf/" not in page
    assert client.get(f"{verify_url}pdf/").status_code == 404
    sign_in(client, completed.user)
    mine = client.get("/giay-chung-nhan/").content.decode()
    assert certificate.serial in mine and "Đang tạo tệp chứng nhận" in mine
    assert f"/giay-chung-nhan/{certificate.serial}/tai-ve/" not in mine
    assert client.get(f"/giay-chung-nhan/{certificate.serial}/tai-ve/").status_code == 404

    # The periodic check leaves a young certificate to its queued task, then renders it once it is overdue.
    out = io.StringIO()
    call_command("reconcile_certificates", stdout=out)
    assert "Issued 0 missing certificate(s); queued the PDF of 0 certificate(s)" in out.getvalue()
    render_not_run.clear()
    Certificate.objects.filter(pk=certificate.pk).update(
        issued_at=timezone.now() - datetime.timedelta(hours=1)
    )
    assert services.certificates_reconcile() == {"issued": 0, "rendered": 1}
    assert render_not_run == [certificate.pk]
    assert services.certificate_file_render(certificate=certificate) is True  # what the queued task does
    page = client.get(verify_url).content.decode()
    assert "Đang tạo tệp chứng nhận" not in page and f"{verify_url}pdf/" in page
    assert client.get(f"/giay-chung-nhan/{certificate.serial}/tai-ve/").status_code == 200


@pytest.mark.django_db
def test_an_issue_rolled_back_renders_nothing_and_leaves_no_gap(completed, render_not_run):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.certificate_issue(enrollment=completed)
        raise RuntimeError("the caller's transaction fails")
    assert render_not_run == [] and not Certificate.objects.exists()
    certificate = services.certificate_issue(enrollment=completed)
    assert certificate.sequence == 1


@pytest.mark.django_db
def test_template_for_reads_only_and_the_service_creates_the_default(completed):
    assert selectors.template_for(course=completed.course) is None
    assert not CertificateTemplate.objects.exists()
    default = services.ensure_default_template()
    assert services.ensure_default_template() == default
    assert selectors.template_for(course=completed.course) == default
    other = CertificateTemplate.objects.create(name="Sở Xây dựng")
    other.courses.add(completed.course)
    other.save()
    assert selectors.template_for(course=completed.course) == other
    assert CertificateTemplate.objects.count() == 2


@pytest.mark.django_db
def test_first_issue_creates_the_default_template(completed):
    certificate = services.certificate_issue(enrollment=completed)
    assert certificate.template == CertificateTemplate.objects.get(is_default=True)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_issues_commit_with_consecutive_serials_while_another_pdf_renders(completed, monkeypatch):
    """One issue's render is held; three other issues take their serials and commit meanwhile."""
    others = [
        Enrollment.objects.create(
            user=UserFactory(), course=completed.course, status="completed", completed_at=timezone.now()
        )
        for _ in range(3)
    ]
    rendering, release = threading.Event(), threading.Event()
    original = services.certificate_pdf

    def render(**kwargs):
        if threading.current_thread().name == "held":
            rendering.set()
            assert release.wait(60)
        return original(**kwargs)

    monkeypatch.setattr(services, "certificate_pdf", render)
    errors = []

    def issue(enrollment):
        try:
            services.certificate_issue(enrollment=enrollment)
        except Exception as exc:  # collected and asserted
            errors.append(exc)
        finally:
            connection.close()

    held = threading.Thread(target=issue, args=(completed,), name="held")
    held.start()
    assert rendering.wait(60), "the first issue never reached its render"
    quick = [threading.Thread(target=issue, args=(e,)) for e in others]
    for thread in quick:
        thread.start()
    for thread in quick:
        thread.join(60)
    try:
        assert not any(thread.is_alive() for thread in quick), "an issue waited for another one's render"
        assert held.is_alive()
        assert Certificate.objects.filter(enrollment__in=others).exclude(pdf="").count() == 3
        assert Certificate.objects.get(enrollment=completed).file_pending
    finally:
        release.set()
        held.join(60)
    assert errors == []
    year = timezone.localdate().year
    serials = sorted(Certificate.objects.values_list("serial", flat=True))
    assert serials == [f"TN-{year}-{n:06d}" for n in (1, 2, 3, 4)]
    assert Certificate.objects.get(enrollment=completed).sequence == 1
    assert not Certificate.objects.filter(pdf="").exists()


@pytest.mark.django_db
def test_issuing_and_rendering_one_certificate_takes_few_queries(
    completed, render_not_run, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    """The queries of one certificate, both steps (bench/certificates.py prints them too): at most 8 to issue
    (the enrollment locked with its course, learner and unit, whether it has a final-quiz attempt and a class
    seat; the existing certificates, the template, the serial in one statement, the row, the audit event, the
    transaction; the class is read only for a learner with a seat)
    and, once the task has read
    the row with its template and images, 4 to render and record the file (the row locked, the update, the
    transaction), so that the gain on every issue stays (ADR 0015). The webhook receiver (api/receivers.py) adds
    none when nobody subscribes: the routes come from the cache (ADR 0034), warm after the first event."""
    services.ensure_default_template()  # the first issue of an installation creates it, once
    assert webhook_routes() == {}  # the one query of a cold cache, as the first event after a change pays it
    with django_assert_max_num_queries(8), django_capture_on_commit_callbacks(execute=True):
        certificate = services.certificate_issue(enrollment=completed)
    assert render_not_run == [certificate.pk]

    loaded = Certificate.objects.select_related(*services.RENDER_RELATED).get(pk=certificate.pk)
    with django_assert_max_num_queries(1):  # the file recorded in one UPDATE, no lock, no transaction
        assert services.certificate_file_render(certificate=loaded, reload=False) is True
    assert Certificate.objects.get(pk=certificate.pk).pdf_sha256


@pytest.mark.django_db
def test_both_tasks_of_one_certificate_take_at_most_twelve_queries(
    completed, render_not_run, monkeypatch, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    """What a worker runs per certificate (bench/certificates.py --cost-only prints it on PostgreSQL: 13 with
    the queued render task's insert): the issue task reads and locks the enrollment itself (no read before),
    and the render task reads the row, its template and images and whether it is a reissue in one query,
    then records the file in one UPDATE. The queued tasks are recorded here, not run."""
    services.ensure_default_template()
    webhook_routes()  # warm, as after the first event
    with django_assert_max_num_queries(8), django_capture_on_commit_callbacks(execute=True):
        serial = tasks.issue_certificate.func(completed.pk)
    certificate = Certificate.objects.get(serial=serial)
    assert render_not_run == [certificate.pk]
    monkeypatch.undo()  # the real render task from here on
    told = told_ready(monkeypatch)
    with django_assert_max_num_queries(3):
        assert tasks.render_certificate_file.func(certificate.pk) is True
    assert told == [certificate.pk]
    certificate.refresh_from_db()
    assert certificate.pdf.read().startswith(b"%PDF") and certificate.pdf_source_sha256


@pytest.mark.django_db
def test_a_reissued_certificate_gets_its_file_but_no_second_ready_mail(completed, tree, monkeypatch):
    """The render task tells the holder once, for a new certificate; the one that replaces a revoked one
    (read with the row as ``replaces_another``) is stored without telling again."""
    told = told_ready(monkeypatch)
    first = services.certificate_issue(enrollment=completed)
    assert told == [first.pk]
    admin = UserFactory(is_superuser=True, is_staff=True)
    new = services.certificate_reissue(certificate=first, reason="Sai tên", by=admin)
    new.refresh_from_db()
    assert new.pdf and new.serial != first.serial
    assert told == [first.pk]


@pytest.mark.django_db
@pytest.mark.parametrize("same_document", [True, False])
def test_a_file_recorded_by_another_run_meanwhile_leaves_one_file(completed, render_not_run, same_document):
    """The render records its file only if the row still names the file it read (none here). If another run
    recorded one meanwhile: of the same document, this run's copy is deleted and that one kept; of another
    document (a template changed in between), this run's replaces it and the other file goes."""
    before = stored_pdfs()
    certificate = services.certificate_issue(enrollment=completed)
    stale = Certificate.objects.select_related(*services.RENDER_RELATED).get(pk=certificate.pk)
    assert services.certificate_file_render(certificate=certificate) is True  # the other run, first
    other = Certificate.objects.get(pk=certificate.pk)
    if not same_document:
        Certificate.objects.filter(pk=certificate.pk).update(pdf_source_sha256="0" * 64)
    assert services.certificate_file_render(certificate=stale, reload=False) is (not same_document)
    certificate.refresh_from_db()
    if same_document:
        assert certificate.pdf.name == other.pdf.name
    else:
        assert certificate.pdf.name != other.pdf.name
    assert stored_pdfs() - before == {Path(certificate.pdf.path)}


@pytest.mark.django_db
def test_each_certificate_gets_its_own_serial_and_pdf(catalog, tree, completed):
    """Issued one after the other through the tasks: consecutive serials, one row each, and each PDF states
    its own serial and holder."""
    from pypdf import PdfReader

    from ..factories import make_official

    enrollments = [completed]
    for name in ("Trần Văn Đức", "Lê Ngọc Hạnh"):
        profile = make_official(tree["ptdt"])
        profile.user.full_name = name
        profile.user.save()
        enrollments.append(
            Enrollment.objects.create(
                user=profile.user,
                course=completed.course,
                status="completed",
                enrolled_at=timezone.now(),
                completed_at=timezone.now(),
            )
        )
    serials = [tasks.issue_certificate.call(enrollment.pk) for enrollment in enrollments]
    assert [
        tasks.issue_certificate.call(enrollment.pk) for enrollment in enrollments
    ] == serials  # idempotent
    year = timezone.localtime().year
    assert serials == [f"{settings.LMS_CERTIFICATE_PREFIX}-{year}-{n:06d}" for n in (1, 2, 3)]
    certificates = list(Certificate.objects.filter(serial__in=serials).order_by("sequence"))
    assert len({certificate.pdf.name for certificate in certificates}) == 3
    assert len({certificate.pdf_sha256 for certificate in certificates}) == 3
    for certificate in certificates:
        text = PdfReader(certificate.pdf.open("rb")).pages[0].extract_text()
        assert certificate.serial in text and certificate.learner_name in text


@pytest.mark.django_db
def test_issuing_with_webhook_subscribers_queues_deliveries_without_looking_anything_up(
    completed, tree, render_not_run, monkeypatch, django_capture_on_commit_callbacks
):
    """With subscribers, the receiver builds the event from the rows certificate_issue loaded and routes it
    through the cached subscriber list: one insert of the deliveries, no read of subscribers or certificate."""
    from api import services as api_services

    queued = []
    monkeypatch.setattr(api_services, "_enqueue", lambda ids, **kwargs: queued.extend(ids))
    completed.unit = tree["ptdt"]
    completed.save()
    ours = WebhookSubscriber.objects.create(
        name="Sở Xây dựng", url="http://127.0.0.1:9/", unit=tree["sxd"], events=["certificate.issued"]
    )
    WebhookSubscriber.objects.create(
        name="Sở KH&CN", url="http://127.0.0.1:9/", unit=tree["khcn"], events=["certificate.issued"]
    )
    services.ensure_default_template()
    assert set(webhook_routes()) == {"certificate.issued"}  # warm
    with CaptureQueriesContext(connection) as issue, django_capture_on_commit_callbacks(execute=True):
        certificate = services.certificate_issue(enrollment=completed)
    sql = [q["sql"] for q in issue.captured_queries]
    assert len(sql) <= 11, sql  # the budget of the test above, plus the insert of the deliveries
    assert not [q for q in sql if '"api_webhooksubscriber"' in q]
    # The issue's own look at the enrollment's certificates; the receiver reads the new one from memory.
    assert sum('FROM "certificates_certificate"' in q for q in sql) == 1, sql
    assert sum('INSERT INTO "api_webhookdelivery"' in q for q in sql) == 1
    delivery = WebhookDelivery.objects.get()
    assert delivery.subscriber == ours and queued == [delivery.pk]
    assert delivery.payload["data"]["serial"] == certificate.serial
    assert delivery.payload["data"]["learner_id"] == str(completed.user.public_id)


@pytest.mark.django_db
def test_webhook_routes_follow_subscriber_and_unit_changes(tree):
    assert webhook_routes() == {}
    subscriber = WebhookSubscriber.objects.create(
        name="Cổng", url="http://127.0.0.1:9/", unit=tree["sxd"], events=["certificate.issued"]
    )
    assert webhook_routes() == {"certificate.issued": [(subscriber.pk, tree["sxd"].path)]}
    subscriber.events = ["certificate.issued", "course.completed"]
    subscriber.save()
    assert set(webhook_routes()) == {"certificate.issued", "course.completed"}
    # The unit moves in the tree: its path changes, and so does the route.
    tree["sxd"].move(tree["khcn"], "sorted-child")
    tree["sxd"].refresh_from_db()
    assert webhook_routes()["course.completed"] == [(subscriber.pk, tree["sxd"].path)]
    subscriber.is_active = False
    subscriber.save()
    assert webhook_routes() == {}
    subscriber.is_active = True
    subscriber.save()
    assert webhook_routes() != {}
    subscriber.delete()
    assert webhook_routes() == {}


@pytest.mark.django_db
def test_a_certificate_is_laid_out_and_drawn_once(completed, monkeypatch):
    """Issuing and rendering a certificate lays its page out once and writes one PDF: nothing renders it a
    second time (for a page count, metadata or an attachment). cProfile shows two calls of WeasyPrint's
    layout_document per PDF because it is a generator (entered again to finish), not a second layout."""
    import weasyprint.document
    import weasyprint.layout.page

    calls = {"layout": 0, "page": 0, "pdf": 0}

    def counted(name, original):
        def spy(*args, **kwargs):
            calls[name] += 1
            return original(*args, **kwargs)

        return spy

    monkeypatch.setattr(
        weasyprint.document, "layout_document", counted("layout", weasyprint.document.layout_document)
    )
    monkeypatch.setattr(
        weasyprint.layout.page, "make_page", counted("page", weasyprint.layout.page.make_page)
    )
    monkeypatch.setattr(services, "certificate_pdf", counted("pdf", services.certificate_pdf))
    certificate = services.certificate_issue(enrollment=completed)  # both steps (tasks run inline in tests)
    certificate.refresh_from_db()
    assert certificate.pdf.read().startswith(b"%PDF")
    assert calls == {"layout": 1, "page": 1, "pdf": 1}
