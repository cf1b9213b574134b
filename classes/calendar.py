"""iCalendar feeds of class sessions (RFC 5545, the ``icalendar`` library): one per class, one private per
learner. Times carry TZID=Asia/Ho_Chi_Minh with its VTIMEZONE, which Google Calendar, Outlook and Apple
Calendar all read."""

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from .models import ClassSession

PRODID = "-//Tay Ninh smart-city LMS//Classes//VI"


def sessions_calendar(*, name: str, sessions: Iterable[ClassSession], with_links: bool) -> bytes:
    """The calendar of ``sessions`` (with ``training_class`` and ``venue`` loaded). ``with_links`` adds the
    online meeting link (members only; the public class feed leaves it out). Each event's UID is stable, so a
    subscribed calendar updates a moved session instead of duplicating it."""
    zone = timezone.get_default_timezone()
    site = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    host = site.split("//", 1)[-1] or "lms"
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", str(zone))
    stamp = timezone.now()
    for session in sessions:
        training_class = session.training_class
        event = Event()
        event.add("uid", f"class-session-{session.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.starts_at.astimezone(zone))
        event.add("dtend", session.ends_at.astimezone(zone))
        summary = f"{training_class.name} ({training_class.code})"
        event.add("summary", f"{summary}: {session.title}" if session.title else summary)
        where = []
        if session.venue_id:
            where.append(", ".join(p for p in (session.venue.name, session.venue.address) if p))
        if with_links and session.meeting_url:
            where.append(session.meeting_url)
        if where:
            event.add("location", " — ".join(where))
        page = site + reverse("classes:detail", kwargs={"pk": training_class.pk})
        event.add("url", page)
        description = [page]
        if with_links and session.meeting_url:
            description.insert(0, session.meeting_url)
        event.add("description", "\n".join(description))
        if training_class.status == training_class.Status.CANCELLED:
            event.add("status", "CANCELLED")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
