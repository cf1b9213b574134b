"""Text normalisation shared by every app: NFC on input, accent-folding for search and matching."""

import unicodedata


def nfc(value: str) -> str:
    """Vietnamese arrives decomposed from some keyboards; store one form so equality and search work."""
    return unicodedata.normalize("NFC", " ".join((value or "").split()))


def fold(value: str) -> str:
    """Lowercase, strip diacritics and map đ/Đ to d: "Đô thị" -> "do thi"."""
    value = (value or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", value)
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower().split())
