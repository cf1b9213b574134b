"""Helpers for the accessibility tests: run axe-core in the page and describe what it found."""

import functools
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from ..auth import sign_in as sign_in_client

AXE_JS = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.1 A and AA are the bar the issue sets; best-practice rules are reported but do not fail the gate.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@functools.cache
def axe_source() -> str:
    if not AXE_JS.exists():
        pytest.fail(
            f"axe-core is missing ({AXE_JS}): run `npm ci --no-audit --no-fund` at the repository root "
            "(`make install` does it)."
        )
    return AXE_JS.read_text(encoding="utf-8")


def new_context(browser, live_server, *, viewport=PHONE, user=None):
    """A browser context at ``viewport``, signed in as ``user`` (a session made by Django's test client).

    Signing in through the session cookie keeps the audit about the pages themselves; the sign-in and
    two-factor forms are audited on their own.
    """
    context = browser.new_context(base_url=live_server.url, locale="vi-VN", viewport=viewport)
    context.set_default_timeout(15_000)
    if user is not None:
        sign_in(context, live_server, user)
    return context


def sign_in(context, live_server, user) -> None:
    """Give ``context`` a session of ``user``, as if they had signed in (staff with their second factor)."""
    client = sign_in_client(Client(), user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


def axe_run(page, *, best_practice: bool = True, exclude: tuple[str, ...] = ()) -> dict:
    """Run axe-core on the whole document (less the ``exclude`` selectors) and return its results."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # Evaluated through the DevTools protocol rather than add_script_tag: the pages send a strict
        # Content-Security-Policy (script-src 'self') that would block an injected inline script, and the
        # audit must see the pages exactly as served.
        page.evaluate(f"() => {{ {axe_source()}\n}}")
    tags = [*WCAG_TAGS, "best-practice"] if best_practice else WCAG_TAGS
    return page.evaluate(
        "([tags, exclude]) => axe.run("
        "exclude.length ? {include: [['html']], exclude: exclude.map(s => [s])} : document,"
        " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations', 'incomplete']})",
        [tags, list(exclude)],
    )


def is_wcag(violation: dict) -> bool:
    return any(tag in WCAG_TAGS for tag in violation["tags"])


def blocking(results: dict) -> list[dict]:
    """WCAG 2.1 A/AA violations of serious or critical impact, and text drawn under another element: these
    fail the gate."""
    found = [v for v in results["violations"] if is_wcag(v) and v["impact"] in BLOCKING_IMPACTS]
    # axe leaves the contrast of overlapped text undecided ("incomplete"), but text covered by another
    # element cannot be read at all: the certificate's footer was drawn over its body on phones.
    overlapped = [
        node
        for rule in results["incomplete"]
        if rule["id"] == "color-contrast"
        for node in rule["nodes"]
        if any((check.get("data") or {}).get("messageKey") == "bgOverlap" for check in node["any"])
    ]
    if overlapped:
        found.append(
            {
                "id": "text-overlapped",
                "impact": "serious",
                "help": "Text is covered by another element (WCAG 1.4.10 Reflow)",
                "helpUrl": "https://www.w3.org/WAI/WCAG21/Understanding/reflow.html",
                "tags": ["wcag21aa"],
                "nodes": overlapped,
            }
        )
    return found


def advisory(results: dict) -> list[dict]:
    """Everything else axe found (minor/moderate WCAG issues, best practices) and the rules it could not
    decide ("needs review"), except contrast, whose undecided cases here are cells scrolled out of a table's
    scroll box, chart labels and one-digit numbers: reported, not failing."""
    found = blocking(results)
    review = [
        {**rule, "impact": f"needs review, {rule['impact']}"}
        for rule in results["incomplete"]
        if is_wcag(rule) and rule["id"] != "color-contrast"
    ]
    return [v for v in results["violations"] if v not in found] + review


def describe(label: str, violations: list[dict]) -> str:
    """One line per violation with its id, impact, help, documentation and the failing elements."""
    lines = []
    for violation in violations:
        lines.append(
            f"{label}: {violation['id']} [{violation['impact']}] {violation['help']} ({violation['helpUrl']})"
        )
        for node in violation["nodes"][:8]:
            target = " ".join(str(part) for part in node["target"])
            summary = node.get("failureSummary") or "; ".join(check["message"] for check in node["any"])
            summary = summary.replace("\n", " ")
            lines.append(f"    {target}: {summary[:300]}")
            lines.append(f"      {node['html'][:200]}")
        if len(violation["nodes"]) > 8:
            lines.append(f"    … and {len(violation['nodes']) - 8} more elements")
    return "\n".join(lines)


# WCAG 1.4.10 (Reflow): content fits 320 CSS pixels without scrolling in two dimensions. Scroll containers
# (wide tables in .table-wrap) are allowed, so elements inside one are not counted.
_OVERFLOW_JS = """() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    const scrolls = el => ['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(el).overflowX);
    const contained = el => {
        for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
            if (scrolls(up)) return true;
        }
        return false;
    };
    const wide = [...document.body.querySelectorAll('*')].filter(el => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && box.right > width + 1 && !contained(el);
    });
    if (!wide.length) {
        // No element is wider than the screen: text runs past its box (a long word that does not wrap).
        return [`text running past its box (${document.documentElement.scrollWidth - width}px sideways)`];
    }
    // Report the outermost offenders: their children overflow because they do.
    return wide.filter(el => !wide.includes(el.parentElement)).slice(0, 8).map(el => {
        const box = el.getBoundingClientRect();
        const classes = typeof el.className === 'string' ? el.className.trim().split(/\\s+/) : [];
        const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + classes.map(c => c && '.' + c).join('');
        return `${name} (right edge at ${Math.round(box.right)}px)`;
    });
}"""


def overflowing(page, *, width: int = 320) -> list[str]:
    """Elements that make the page scroll sideways at ``width`` CSS pixels (empty when it reflows)."""
    before = page.viewport_size
    page.set_viewport_size({"width": width, "height": before["height"]})
    try:
        return page.evaluate(_OVERFLOW_JS)
    finally:
        page.set_viewport_size(before)


def assert_admin_accessible(page, label: str) -> None:
    """axe on a Wagtail admin page at desktop and phone width: no serious or critical WCAG 2.1 A/AA
    violation; the page is left at desktop width."""
    failures = []
    for width, viewport in (("1280", DESKTOP), ("390", PHONE)):
        page.set_viewport_size(viewport)
        # Wagtail's messages fade in: audited mid-way, their text is pale on pink. Repeating decorations (a
        # badge's ping) are left running.
        page.wait_for_function(
            "() => document.getAnimations().every("
            "a => a.playState !== 'running' || a.effect.getTiming().iterations !== 1)"
        )
        # Wagtail's own account button at the foot of its sidebar is left out: under the test server axe
        # finds its label "under another element" at 1280 px (not on the demo); nothing of ours is there.
        if found := blocking(axe_run(page, exclude=(".sidebar-footer",))):
            failures.append(describe(f"{label} @{width}", found))
    page.set_viewport_size(DESKTOP)
    assert not failures, "\n".join(failures)


def click_and_wait_for_the_answer(page, locator) -> None:
    """Click ``locator`` (a form's submit button) and wait until the page the server answers with has loaded.

    ``click`` returns once the click is dispatched, before the form's request has left: ``wait_for_load_state``
    then sees the old page, loaded already, and returns at once. A form that comes back with its errors keeps its
    address, so ``wait_for_url`` cannot tell the two pages apart either.
    """
    with page.expect_navigation():
        locator.click()


def sweep_screens(browser, live_server, *, users: dict, screens, viewport: dict, shots) -> list[str]:
    """Open each ``(role, act, marker)`` screen as ``users[role]`` at ``viewport`` and return what fails:
    the ``marker`` not shown, blocking axe findings, sideways scrolling at 320 px. A full-page screenshot of
    each lands in the ``shots`` directory."""
    contexts = {
        role: new_context(browser, live_server, viewport=viewport, user=user) for role, user in users.items()
    }
    failures = []
    try:
        for number, (role, act, marker) in enumerate(screens):
            page = contexts[role].new_page()
            act(page)
            label = f"{role} {page.url.removeprefix(live_server.url)} @{viewport['width']}"
            page.screenshot(path=shots / f"{number:02d}-{role}-{viewport['width']}.png", full_page=True)
            if not page.locator(marker).first.is_visible():
                failures.append(f"{label}: {marker} not shown")
            if found := blocking(axe_run(page)):
                failures.append(describe(label, found))
            if wide := overflowing(page):
                failures.append(f"{label}: scrolls sideways at 320 px: {wide}")
            page.close()
    finally:
        for context in contexts.values():
            context.close()
    return failures
