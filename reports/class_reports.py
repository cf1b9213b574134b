"""Classes in the HR reports (#15): per class the roster with attendance percentage and outcome; per unit
subtree who attended what. Learners outside the reader's scope are never counted (``accounts.scoping``
through ``selectors.report_scope``). The rule and the counts are ``classes.attendance``'s."""

from classes.attendance import MemberAttendance, members_attendance
from classes.models import ClassMember, TrainingClass

from . import selectors
from .selectors import ReportFilters

MAX_ROWS = 5000


def class_attendance_rows(*, user, filters: ReportFilters) -> list[MemberAttendance]:
    """Members (who hold or held a seat) of every class, or of ``filters.class_id``, whose unit lies in the
    reader's scope (or ``filters.unit_id``'s subtree), by class then name. Raises OutOfScope like every
    report. Three queries plus the scope's."""
    selectors.check_filters(user=user, filters=filters)
    scope = selectors.report_scope(user=user, unit_id=filters.unit_id)
    members = ClassMember.objects.filter(
        scope.unit_q("user__profile__organisation_unit"),
        registered_at__isnull=False,
        status__in=(ClassMember.Status.REGISTERED, ClassMember.Status.WITHDRAWN),
    )
    if filters.class_id is not None:
        members = members.filter(training_class_id=filters.class_id)
    if filters.course_id is not None:
        members = members.filter(training_class__course_id=filters.course_id)
    members = members.order_by("-training_class__starts_on", "training_class__code", "user__full_name", "pk")
    return members_attendance(members=members, limit=MAX_ROWS)


def classes_for_filter() -> list[tuple[int, str]]:
    """(id, "code — name") of every class that is not cancelled, newest first, for the filter's choices."""
    return [
        (pk, f"{code} — {name}")
        for pk, code, name in TrainingClass.objects.exclude(status=TrainingClass.Status.CANCELLED)
        .order_by("-starts_on", "code")
        .values_list("pk", "code", "name")
    ]


def export_cells(row: MemberAttendance) -> tuple:
    member = row.member
    profile = getattr(member.user, "profile", None)
    unit = profile.organisation_unit if profile else None
    training_class = member.training_class
    return (
        training_class.code,
        training_class.name,
        training_class.course.title,
        member.user.get_full_name(),
        member.user.email,
        unit.code if unit else "",
        unit.name if unit else "",
        profile.position if profile else "",
        row.sessions_total,
        row.attended,
        row.late,
        row.excused,
        row.absent,
        row.percent,
        str(row.outcome),
    )
