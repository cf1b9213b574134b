"""Validators for Vietnamese identifiers (tax codes, phone numbers) and for plain person-facing text."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

_TAX_CODE_RE = re.compile(r"^(\d{10})(?:-(\d{3}))?$")
# Weights of the official check-digit rule for the 10-digit enterprise tax code.
_TAX_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
_PHONE_RE = re.compile(r"^(?:\+84|84|0)((?:3|5|7|8|9)\d{8}|2\d{9})$")


def tax_code_check_digit(first_nine: str) -> int | None:
    """Return the 10th digit for ``first_nine`` digits, or None when no digit is valid (remainder 10)."""
    total = sum(int(d) * w for d, w in zip(first_nine, _TAX_WEIGHTS, strict=True))
    check = 10 - total % 11
    return None if check == 10 else check


def normalise_tax_code(value: str) -> str:
    return re.sub(r"\s+", "", value or "")


def validate_tax_code(value: str) -> None:
    match = _TAX_CODE_RE.match(normalise_tax_code(value))
    if not match:
        raise ValidationError(
            _(
                "A tax code has 10 digits, or 10 digits, a hyphen and 3 digits for a branch "
                "(e.g. 0100109106-001)."
            ),
            code="tax_code_format",
        )
    main, branch = match.groups()
    if tax_code_check_digit(main[:9]) != int(main[9]):
        raise ValidationError(
            _("This tax code is not valid: its check digit does not match."), code="tax_code_check"
        )
    if branch == "000":
        raise ValidationError(_("A branch number runs from 001 to 999."), code="tax_code_branch")


def normalise_phone(value: str) -> str:
    """Return the national form (0xxxxxxxxx) of a Vietnamese number, or the input stripped when invalid."""
    compact = re.sub(r"[\s.\-()]", "", value or "")
    match = _PHONE_RE.match(compact)
    return f"0{match.group(1)}" if match else compact


def validate_phone(value: str) -> None:
    if not _PHONE_RE.match(re.sub(r"[\s.\-()]", "", value or "")):
        raise ValidationError(
            _("Enter a Vietnamese phone number, e.g. 0912 345 678 or +84 912 345 678."), code="phone_format"
        )


# Characters a person never means to type into a name or a title: controls (Cc), format characters (Cf:
# bidi overrides and isolates that reverse digits on a certificate, zero-width spaces and joiners that make
# a name look blank), surrogates, and line/paragraph separators.
_FORBIDDEN_CATEGORIES = {"Cc", "Cf", "Cs", "Zl", "Zp"}
_MULTILINE_ALLOWED = {"\n", "\r", "\t"}


def validate_plain_text(value: str, *, max_length: int | None = None, multiline: bool = False) -> None:
    """Refuse text that does not show as typed: hidden, control or direction characters, or nothing visible.

    The value is normalised to NFC first, so ``max_length`` counts the characters a person sees (a name typed
    decomposed on some keyboards is three code points per letter before normalisation). ``multiline`` allows
    line breaks and tabs; every other control character is refused either way.
    """
    value = unicodedata.normalize("NFC", value or "")
    allowed = _MULTILINE_ALLOWED if multiline else set()
    if any(unicodedata.category(ch) in _FORBIDDEN_CATEGORIES and ch not in allowed for ch in value):
        raise ValidationError(
            _(
                "Remove the invisible or control characters (for example direction marks or zero-width "
                "spaces) from this text."
            ),
            code="plain_text_hidden",
        )
    if not any(not ch.isspace() and not unicodedata.category(ch).startswith("M") for ch in value):
        raise ValidationError(_("Enter visible text, not only spaces or marks."), code="plain_text_blank")
    if max_length is not None:
        MaxLengthValidator(max_length)(value)


def clean_plain_text(value: str, *, max_length: int | None = None, multiline: bool = False) -> str:
    """Validate with :func:`validate_plain_text` and return the NFC form (single-line: spaces collapsed)."""
    validate_plain_text(value, max_length=max_length, multiline=multiline)
    value = unicodedata.normalize("NFC", value)
    return value.strip() if multiline else " ".join(value.split())


def validate_person_name(value: str) -> None:
    """A person's full name as printed on a certificate: plain text (see above), at most 150 characters
    after NFC, and at least one letter."""
    validate_plain_text(value, max_length=150)
    if not any(ch.isalpha() for ch in value):
        raise ValidationError(_("A name must contain letters."), code="person_name_no_letter")


def validate_single_line(value: str) -> None:
    """Model-field form of :func:`validate_plain_text` for one-line text (the field keeps its own max_length)."""
    validate_plain_text(value)


def validate_multiline(value: str) -> None:
    """Model-field form of :func:`validate_plain_text` for text with line breaks."""
    validate_plain_text(value, multiline=True)
