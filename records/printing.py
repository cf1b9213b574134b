"""The printable training record of one official for one year (PDF through ``certificates.pdf``)."""

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import Profile, User
from certificates.pdf import render_pdf

from .selectors import person_record


def record_html(*, person: User, year: int) -> str:
    """The complete HTML document: the person, the year's counted entries, totals by content category
    and against the target. Counted entries only (pending and rejected ones are not part of the record)."""
    record = person_record(person=person, year=year, include_unapproved=False)
    profile = Profile.objects.select_related("organisation_unit").filter(user=person).first()
    return render_to_string(
        "records/record_pdf.html",
        {
            "person": person,
            "profile": profile,
            "record": record,
            "created": timezone.localtime(),
        },
    )


def record_pdf(*, person: User, year: int) -> bytes:
    return render_pdf(html=record_html(person=person, year=year))


def record_filename(*, person: User, year: int) -> str:
    return f"qua-trinh-boi-duong-{slugify(person.full_name) or person.public_id.hex[:8]}-{year}.pdf"
