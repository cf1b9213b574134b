"""A small world of two learners, two HR managers and a trainer, for the security and IDOR tests.

Learner A (an official of Sở Xây dựng) owns everything the other actors try to reach: enrollments, lesson
progress, a graded and an open quiz attempt, a certificate, an HR export job and a certificate archive (both
made by A's own HR manager), a pending enrollment request. Every row is written through the services, as
the application writes them.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from accounts.models import User
from assessment import services as assessment_services
from assessment.models import AttemptQuestion, QuizAttempt
from certificates import services as certificate_services
from certificates.models import Certificate
from classes import services as class_services
from classes.models import Attendance, AttendanceChange, ClassMember, ClassSession, TrainingClass
from cms.models import ContentCategory
from courses import services as course_services
from courses.models import Enrollment, LessonProgress
from evaluations.models import Evaluation, EvaluationForm, EvaluationInvitation, EvaluationResponse
from jobs.models import Job
from officials.models import OfficialImport
from records import services as record_services
from records.models import ExternalTraining, TrainingTarget
from reports import services as report_services
from reports.selectors import ReportFilters
from scorm.models import ScormAttempt

from .factories import (
    ProfileFactory,
    UserFactory,
    make_course,
    make_hr_manager,
    make_lesson,
    make_official,
    make_question,
)
from .factories import make_quiz as _make_quiz

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
SECRET_NAME = "Trần Thị Bảo Mật"
# The smallest file the evidence check takes for a PDF: its signature and an end-of-file marker.
MINIMAL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SECRET_LESSON_TEXT = "Nội dung chỉ dành cho học viên đã đăng ký học"


@dataclass
class World:
    tree: dict
    course: Any
    lessons: list
    quiz: Any
    approval_course: Any
    draft_course: Any
    learner_a: Any
    learner_b: Any
    citizen: Any
    hr_a: Any
    hr_b: Any
    trainer: Any
    enrollment_a: Any
    pending_a: Any
    attempt_done: Any
    attempt_open: Any
    certificate: Any
    export_job: Any
    archive: Any
    training_class: Any = None
    external_entry: Any = None  # A's external training, pending, with an evidence PDF
    target: Any = None  # the annual target of A's department
    actors: dict = field(default_factory=dict)

    def secrets(self) -> list[str]:
        """Strings that identify learner A: none may reach another user's page."""
        return [SECRET_NAME, self.learner_a.email]


def with_totp(user):
    TOTP.activate(user, TOTP_SECRET)
    return user


def build_world(catalog, tree) -> World:
    course = make_course(
        catalog,
        title="An toàn thông tin đô thị thông minh",
        for_officials=True,
        completion_rule="lessons_and_quiz",
    )
    lessons = [
        make_lesson(course, title="Bài 1", body=[("paragraph", f"<p>{SECRET_LESSON_TEXT}</p>")]),
        make_lesson(course, title="Bài 2", body=[("paragraph", f"<p>{SECRET_LESSON_TEXT}</p>")]),
    ]
    quiz = _make_quiz(course, [make_question(qtype="single"), make_question(qtype="truefalse")], pass_mark=60)
    approval_course = make_course(
        catalog, title="Khóa học cần phê duyệt", for_officials=True, enrollment_mode="approval"
    )
    draft_course = make_course(catalog, title="Khóa học chưa xuất bản", publish=False)
    certificate_course = make_course(catalog, title="Khóa học đã hoàn thành", for_officials=True)

    profile_a = make_official(tree["ptdt"])
    learner_a = profile_a.user
    learner_a.full_name = SECRET_NAME
    learner_a.save()
    learner_b = make_official(tree["cds"]).user
    citizen = ProfileFactory().user

    enrollment_a = course_services.enrollment_create(user=learner_a, course=course)
    course_services.lesson_mark_complete(enrollment=enrollment_a, lesson=lessons[0])
    attempt_done = course_services.quiz_attempt_start(quiz=quiz, user=learner_a)
    attempt_done = assessment_services.quiz_attempt_submit(attempt=attempt_done, answers={})
    attempt_open = course_services.quiz_attempt_start(quiz=quiz, user=learner_a)
    # B studies the same course: being enrolled must not open A's attempts either.
    course_services.enrollment_create(user=learner_b, course=course)
    pending_a = course_services.enrollment_create(user=learner_a, course=approval_course)

    completed = Enrollment.objects.create(
        user=learner_a,
        course=certificate_course,
        status=Enrollment.Status.COMPLETED,
        enrolled_at=timezone.now(),
        completed_at=timezone.now(),
    )
    certificate = certificate_services.certificate_issue(enrollment=completed)
    certificate_services.certificate_file_render(certificate=certificate)  # step two, as the worker does

    hr_a = with_totp(make_hr_manager(tree["sxd"]))
    hr_b = with_totp(make_hr_manager(tree["khcn"]))
    for manager in (hr_a, hr_b):
        manager.groups.add(Group.objects.get(name=roles.HR_MANAGERS))
    trainer = with_totp(ProfileFactory().user)
    trainer.groups.add(Group.objects.get(name=roles.TRAINERS))

    export_job = report_services.export_job_create(
        user=hr_a, report="learners", filters=ReportFilters(unit_id=tree["sxd"].pk), format="csv"
    )
    archive = certificate_services.certificate_archive_create(
        user=hr_a, course_id=certificate_course.pk, unit=None
    )

    # A class still being planned, with A nominated by A's HR manager: hidden from everyone else.
    training_class = TrainingClass.objects.create(
        course=course,
        name="Lớp bồi dưỡng an toàn thông tin",
        code="IDOR-01",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
        status=TrainingClass.Status.PLANNED,
    )
    class_services.class_nominate(training_class=training_class, users=[learner_a], by=hr_a)

    external_entry = record_services.external_training_submit(
        user=learner_a,
        title="Bồi dưỡng bên ngoài của A",
        provider="Học viện Hành chính Quốc gia",
        # Seeded by migration; created again where a transactional test emptied the table.
        content_category=ContentCategory.objects.get_or_create(
            code="QLNN", defaults={"name": "Kiến thức, kỹ năng quản lý nhà nước"}
        )[0],
        periods=24,
        starts_on=timezone.localdate() - datetime.timedelta(days=10),
        ends_on=timezone.localdate() - datetime.timedelta(days=5),
        evidence=SimpleUploadedFile("minh-chung.pdf", MINIMAL_PDF, content_type="application/pdf"),
    )
    target = TrainingTarget.objects.create(year=timezone.localdate().year, unit=tree["sxd"], periods=40)

    world = World(
        tree=tree,
        course=course,
        lessons=lessons,
        quiz=quiz,
        approval_course=approval_course,
        draft_course=draft_course,
        learner_a=learner_a,
        learner_b=learner_b,
        citizen=citizen,
        hr_a=hr_a,
        hr_b=hr_b,
        trainer=trainer,
        enrollment_a=enrollment_a,
        pending_a=pending_a,
        attempt_done=attempt_done,
        attempt_open=attempt_open,
        certificate=certificate,
        export_job=export_job,
        archive=archive,
        training_class=training_class,
        external_entry=external_entry,
        target=target,
    )
    world.actors = {
        "anonymous": None,
        "learner_b": learner_b,
        "citizen": citizen,
        "hr_b": hr_b,
        "trainer": trainer,
    }
    return world


def state(world: World) -> dict:
    """Everything a request by someone else must leave as it was."""
    return {
        "attendance_changes": AttendanceChange.objects.count(),
        "enrollments": sorted(
            Enrollment.objects.values_list("user_id", "course_id", "status", "decided_by_id", "completed_at")
        ),
        "progress": sorted(LessonProgress.objects.values_list("enrollment_id", "lesson_id", "completed_at")),
        "attempts": sorted(
            QuizAttempt.objects.values_list("public_id", "user_id", "status", "score", "finished_at")
        ),
        "answers": sorted(
            (row.pk, str(row.selected), row.text_answer, str(row.matches), row.answered_at)
            for row in AttemptQuestion.objects.all()
        ),
        "certificates": sorted(Certificate.objects.values_list("serial", "revoked_at", "replaced_by_id")),
        "archives": sorted(
            Job.objects.filter(kind="certificates.archive").values_list("pk", "owner_id", "status")
        ),
        "class_members": sorted(
            ClassMember.objects.values_list("training_class_id", "user_id", "status", "enrollment_id")
        ),
        "attendance": sorted(Attendance.objects.values_list("session_id", "member_id", "status", "reason")),
        "scorm_attempts": sorted(
            ScormAttempt.objects.values_list(
                "user_id", "lesson_id", "lesson_status", "suspend_data", "commits"
            )
        ),
        "evaluation_invitations": sorted(
            EvaluationInvitation.objects.values_list("pk", "user_id", "answered")
        ),
        "evaluation_responses": EvaluationResponse.objects.count(),
        "external_training": sorted(
            ExternalTraining.objects.values_list(
                "public_id", "user_id", "status", "rejection_reason", "periods"
            )
        ),
        "targets": sorted(TrainingTarget.objects.values_list("pk", "year", "unit_id", "position", "periods")),
        "export_jobs": sorted(
            Job.objects.filter(kind="reports.export").values_list("public_id", "owner_id", "status")
        ),
        "people": sorted(User.objects.values_list("email", "is_active")),
        "official_imports": sorted(OfficialImport.objects.values_list("public_id", "status")),
    }


def pages_by_reader(world: World, catalog) -> list[tuple[Any, list[str]]]:
    """The pages a security check visits, with who reads them: anonymous, a learner, an HR manager."""
    anonymous = [
        "/",
        catalog.url,
        world.course.url,
        reverse("certificates:lookup"),
        reverse("certificates:verify", kwargs={"code": world.certificate.verification_code}),
        reverse("account_login"),
        reverse("account_signup"),
        reverse("account_reset_password"),
        reverse("accounts:privacy_notice"),
    ]
    learner = [
        world.lessons[0].url,
        reverse("courses:my_courses"),
        reverse("courses:quiz", kwargs={"quiz_id": world.quiz.pk}),
        reverse("courses:attempt", kwargs={"public_id": world.attempt_open.public_id}),
        reverse("courses:attempt_result", kwargs={"public_id": world.attempt_done.public_id}),
        reverse("certificates:mine"),
        reverse("accounts:profile"),
    ]
    manager = [
        world.course.url,
        reverse("reports:dashboard"),
        reverse("reports:units"),
        reverse("reports:unit_detail", kwargs={"unit_id": world.tree["sxd"].pk}),
        reverse("reports:courses"),
        reverse("reports:learner_detail", kwargs={"public_id": world.learner_a.public_id}),
        reverse("reports:exports"),
        reverse("certificate_staff:list"),
        reverse("course_assignments"),
    ]
    return [(None, anonymous), (world.learner_a, learner), (world.hr_a, manager)]


def class_session(w: World):
    """A session of a class of A's course, taught by someone who is none of the actors, with A on its
    roster and A's attendance recorded (made on first use)."""
    if getattr(w, "class_session", None) is None:
        today = timezone.localdate()
        training_class = TrainingClass.objects.create(
            course=w.course,
            name="Lớp IDOR",
            code="IDOR-1",
            starts_on=today,
            ends_on=today,
            status=TrainingClass.Status.RUNNING,
        )
        training_class.trainers.add(UserFactory())
        start = timezone.now() - datetime.timedelta(minutes=5)
        w.class_session = ClassSession.objects.create(
            training_class=training_class, starts_at=start, ends_at=start + datetime.timedelta(hours=2)
        )
        member = ClassMember.objects.create(
            training_class=training_class,
            user=w.learner_a,
            enrollment=w.enrollment_a,
            status=ClassMember.Status.REGISTERED,
            registered_at=timezone.now(),
        )
        class_services.attendance_record(session=w.class_session, member=member, status="absent", by=None)
    return w.class_session


def scorm_lesson(w: World):
    """A lesson of A's course playing a SCORM package, where A has saved cmi data (made on first use)."""
    if getattr(w, "scorm_lesson", None) is None:
        from .scorm.packages import make_package, make_scorm_lesson

        package = make_package()
        w.scorm_lesson = make_scorm_lesson(w.course, package, title="Bài 3 (SCORM)")
        w.scorm_lesson.package = package
        w.scorm_attempt = ScormAttempt.objects.create(
            user=w.learner_a,
            lesson=w.scorm_lesson,
            package=package,
            suspend_data="A",
            interactions=[{"id": "q1", "student_response": "b", "result": "correct"}],
        )
    return w.scorm_lesson


def scorm_attempt(w: World):
    """A's SCORM attempt (with an interaction) in ``scorm_lesson``."""
    scorm_lesson(w)
    return w.scorm_attempt


def evaluation_invitation(w: World):
    """Learner A's open invitation to evaluate A's course with the shipped default course form (made on
    first use). Its evaluation is in A's HR manager's scope through A's invitation."""
    if getattr(w, "evaluation_invitation", None) is None:
        evaluation = Evaluation.objects.create(
            target=Evaluation.Target.COURSE,
            course=w.course,
            form=EvaluationForm.objects.get(kind="course", is_default=True),
        )
        w.evaluation_invitation = EvaluationInvitation.objects.create(
            evaluation=evaluation,
            user=w.learner_a,
            opens_on=timezone.localdate(),
            closes_on=timezone.localdate() + datetime.timedelta(days=14),
        )
    return w.evaluation_invitation


def class_pending(w: World):
    """A's registration awaiting approval in a class of A's course that needs approval, taught by someone
    who is none of the actors (made on first use)."""
    if getattr(w, "class_pending", None) is None:
        today = timezone.localdate()
        training_class = TrainingClass.objects.create(
            course=w.course,
            name="Lớp IDOR cần duyệt",
            code="IDOR-DUYET",
            starts_on=today,
            ends_on=today,
            status=TrainingClass.Status.OPEN,
            requires_approval=True,
        )
        training_class.trainers.add(UserFactory())
        w.class_pending = ClassMember.objects.create(
            training_class=training_class, user=w.learner_a, status=ClassMember.Status.PENDING
        )
    return w.class_pending


def official_import(w: World):
    """An import of officials uploaded by A's HR manager, checked and ready to apply: it would create one
    official in A's unit (made on first use)."""
    if getattr(w, "official_import", None) is None:
        from django.core.files.uploadedfile import SimpleUploadedFile

        from officials.services import official_import_create

        data = (
            "Họ và tên,Email,Mã đơn vị,Chức vụ\nNgười Nhập Thử,nhap.idor@example.test,SXD-PTDT,Chuyên viên\n"
        )
        w.official_import = official_import_create(
            owner=w.hr_a,
            upload=SimpleUploadedFile("can-bo.csv", data.encode()),
            deactivate_missing=False,
        )
        assert w.official_import.status == "ready", w.official_import.plan
    return w.official_import
