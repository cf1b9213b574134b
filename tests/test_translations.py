"""The Vietnamese catalogues (ours, allauth's and Wagtail's admin) are complete and keep every placeholder."""

import ast
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted((ROOT / "locale").glob("**/vi/LC_MESSAGES/*.po"))
PLACEHOLDER = re.compile(r"%\([A-Za-z_0-9]+\)[sdifr]|%[sdif]|\{[A-Za-z_0-9]*\}")
TAG = re.compile(r"</?([a-zA-Z][a-zA-Z0-9]*)")


def po_entries(path: Path):
    """Each entry of a .po file as {"msgid": ..., "msgid_plural": ..., "msgstr[0]": ...}; comments dropped."""
    entry, key = {}, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = line.strip()
        if not line:
            if entry:
                yield entry
            entry, key = {}, None
        elif line.startswith('"'):
            entry[key] += ast.literal_eval(line)
        elif not line.startswith("#"):
            key, _, value = line.partition(" ")
            entry[key] = ast.literal_eval(value)


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda po: str(po.relative_to(ROOT)))
def test_vietnamese_catalogue_is_complete(po):
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr
    assert "translated message" in result.stderr


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda po: str(po.relative_to(ROOT)))
def test_translations_keep_placeholders_and_markup(po):
    problems = []
    for entry in po_entries(po):
        msgid = entry.get("msgid")
        if not msgid:
            continue
        sources = {msgid, entry.get("msgid_plural", msgid)}
        for key, text in entry.items():
            if not key.startswith("msgstr"):
                continue
            if all(sorted(PLACEHOLDER.findall(text)) != sorted(PLACEHOLDER.findall(s)) for s in sources):
                problems.append(f"placeholders: {msgid!r} -> {text!r}")
            if all(sorted(TAG.findall(text)) != sorted(TAG.findall(s)) for s in sources):
                problems.append(f"markup: {msgid!r} -> {text!r}")
    assert not problems, "\n".join(problems)
