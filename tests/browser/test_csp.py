"""Chromium enforces the Content Security Policy: the main pages and the Wagtail admin raise no violation."""

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from ..auth import sign_in
from ..factories import UserFactory
from ..security_world import build_world, pages_by_reader, with_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Chromium fires `securitypolicyviolation` for every blocked script, style, frame or form target; the
# listener is injected by Playwright (outside the page's policy) before any page script runs.
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.__csp.push(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"} at ${where}`);
});
"""


def log_in(page, live_server, user):
    """Reuse a server-side session: the sign-in form itself is visited anonymously below."""
    client = Client()
    sign_in(client, user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def violations(page, url: str) -> list[str]:
    """Violations reported while ``url`` loads and its scripts run (events and console messages)."""
    console = []

    def on_console(message):
        if "Content Security Policy" in message.text:
            console.append(message.text)

    page.on("console", on_console)
    try:
        response = page.goto(url)
        assert response.status == 200, url
        assert "content-security-policy" in response.headers, url
        page.wait_for_load_state("load")
        page.wait_for_timeout(150)  # deferred scripts run and report after "load"
        return [*page.evaluate("window.__csp"), *console]
    finally:
        page.remove_listener("console", on_console)


@pytest.fixture
def csp_page(page):
    page.add_init_script(LISTEN)
    return page


def test_public_pages_raise_no_csp_violation(csp_page, live_server, catalog, tree):
    world = build_world(catalog, tree)
    found = {}
    for user, urls in pages_by_reader(world, catalog):
        if user:
            log_in(csp_page, live_server, user)
        for url in urls:
            if problems := violations(csp_page, url):
                found[url] = problems
    assert not found
    # The strict policy is really in force: an injected inline script is refused and reported.
    csp_page.goto(reverse("certificates:lookup"))
    csp_page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; "
        "document.body.appendChild(s); }"
    )
    # The report is an event Chromium queues: wait for it rather than for a fixed time.
    csp_page.wait_for_function("() => window.__csp.some(line => line.includes('script-src'))")
    assert csp_page.evaluate("window.__ran") is None
    assert any("script-src" in line for line in csp_page.evaluate("window.__csp"))


def test_wagtail_admin_loads_without_csp_violation(csp_page, live_server, catalog, tree):
    world = build_world(catalog, tree)
    admin = with_totp(UserFactory(is_superuser=True, is_staff=True))
    found = {}
    for user in (admin, world.trainer):  # the trainer's admin has fewer menus, but the same scripts
        log_in(csp_page, live_server, user)
        for url in (
            reverse("wagtailadmin_home"),
            reverse("wagtailadmin_explore", args=[catalog.pk]),
            reverse("wagtailadmin_pages:edit", args=[world.course.pk]),
            reverse("wagtailadmin_pages:edit", args=[world.lessons[0].pk]),
            reverse("wagtailsnippets_assessment_quiz:edit", args=[world.quiz.pk]),
        ):
            if problems := violations(csp_page, url):
                found[(user.email, url)] = problems
        # The editor's scripts ran: Wagtail's page editor builds its StreamField and rich-text widgets.
        assert csp_page.locator("[data-streamfield-stream-container], .w-field").first.is_visible()
    assert not found


def test_the_editor_preview_panel_shows_the_page(csp_page, live_server, catalog, tree):
    """The trainer's preview is framed by the admin: the page's policy must allow that frame."""
    world = build_world(catalog, tree)
    lesson = world.lessons[0]
    log_in(csp_page, live_server, world.trainer)
    csp_page.goto(reverse("wagtailadmin_pages:edit", args=[lesson.pk]))
    csp_page.locator("button[data-side-panel-toggle='preview']").click()
    frame = csp_page.frame_locator("iframe[title]").first
    # The lesson's own page, rendered inside the panel (a blocked frame shows Chromium's error page instead).
    expect(frame.get_by_role("heading", level=1)).to_have_text(lesson.title)
    assert not csp_page.evaluate("window.__csp")
