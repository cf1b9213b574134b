"""The sign-in sheet of a session (danh sách học viên ký tên) as an HTML document ready for the PDF module.

``classes`` sits below ``certificates``, whose ``pdf.py`` is the project's only WeasyPrint import, so this
module only builds the document; the staff area (the top layer) hands it to ``certificates.pdf.render_pdf``
(docs/decisions/0028-attendance-check-in.md). The same document prints from a browser too.
"""

from django.template.loader import render_to_string
from django.utils import timezone

from .attendance import session_roster
from .models import ClassSession


def sign_in_sheet_html(*, session: ClassSession) -> str:
    """The complete HTML document of ``session``'s sign-in sheet: header (class, session, date, place),
    then one numbered row per learner with a seat (STT, full name, unit, position, an empty signature
    cell), by name. Fonts are the shipped Noto files, so the PDF embeds them. Three queries."""
    rows = [row for row in session_roster(session=session) if row.member.has_seat]
    start = timezone.localtime(session.starts_at)
    end = timezone.localtime(session.ends_at)
    places = [
        text
        for text in (session.venue and session.venue.name, session.venue and session.venue.address)
        if text
    ]
    context = {
        "session": session,
        "training_class": session.training_class,
        "start": start,
        "end": end,
        "place": ", ".join(places),
        "rows": rows,
        "show_position": any(
            _profile(row.member.user) and _profile(row.member.user).position for row in rows
        ),
        "created": timezone.localtime().isoformat(timespec="seconds"),
    }
    return render_to_string("classes/attendance/sign_in_sheet.html", context)


def _profile(user):
    return getattr(user, "profile", None)


def sign_in_sheet_filename(*, session: ClassSession) -> str:
    start = timezone.localtime(session.starts_at)
    return f"danh-sach-ky-ten-{session.training_class.code}-{start:%Y%m%d-%H%M}.pdf"
