"""Text normalisation shared by every app: NFC on input, accent-folding for search and matching."""

import unicodedata


def nfc(value: str) -> str:
    """Vietnamese arrives decomposed from some keyboards; store one form so equality and search work."""
    return unicodedata.normalize("NFC", " ".join((value or "").split()))


def file_size_text(size: int) -> str:
    """A file-size limit as people read it, in the active language: "5 MB", "2,5 MB", "800 KB".

    Binary units (1 MB = 1,024 KB), as the limits are set; whole numbers lose their ",0" (Django's
    filesizeformat would say "5,0 MB"), other values keep one decimal with the locale's decimal mark.
    """
    from django.utils.formats import number_format

    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= factor:
            value = round(size / factor, 1)
            places = 0 if value == int(value) else 1
            return f"{number_format(value, decimal_pos=places)}\u00a0{unit}"
    return f"{size}\u00a0B"


def fold(value: str) -> str:
    """Lowercase, strip diacritics and map đ/Đ to d: "Đô thị" -> "do thi"."""
    value = (value or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", value)
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower().split())


# --- Vietnamese name order ------------------------------------------------------------------------------
# The alphabet of Vietnamese dictionaries, with the Latin letters that only foreign names use in their
# Latin places (f, j, w, z): ă and â follow a, đ follows d, ê follows e, ô and ơ follow o, ư follows u.
_ALPHABET = "0123456789aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_CODE = {letter: f"{index + 10:02d}" for index, letter in enumerate(_ALPHABET)}
# The marks that make a different letter, not a tone.
_LETTER_MARKS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
# Tones in dictionary order: level (none), huyền, hỏi, ngã, sắc, nặng.
_TONES = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
_END_OF_LETTERS = "01"  # below every letter code: "An" before "Anh"
_END_OF_WORD = "00"


def _word_key(word: str) -> str:
    letters, tones = [], []
    # đ has no decomposition, so it arrives whole; the other letters arrive as a base and their marks.
    for base in unicodedata.normalize("NFD", word.lower()):
        if unicodedata.combining(base):
            if letters and (letters[-1], base) in _LETTER_MARKS:
                letters[-1] = _LETTER_MARKS[(letters[-1], base)]
            elif base in _TONES and tones:
                tones[-1] = _TONES[base]
            continue
        if base in _LETTER_CODE:
            letters.append(base)
            tones.append("0")
    return "".join(_LETTER_CODE[letter] for letter in letters) + _END_OF_LETTERS + "".join(tones)


def name_sort_key(full_name: str) -> str:
    """A key that sorts full names the Vietnamese way when compared as plain text (SQL ORDER BY).

    Given name (the last word) first, then family name (the first word), then the middle names in order;
    each word compares by its letters in the Vietnamese alphabet (Đ after D, Ư after U ...) and, only when
    the letters are the same, by its tones (An < Anh < Ánh). The key holds digits only, so every database
    collation (SQLite's BINARY, PostgreSQL's C or any locale) orders it the same way. See ADR 0026.
    """
    words = nfc(full_name).split()
    if not words:
        return ""
    ordered = [words[-1], *words[:1], *words[1:-1]] if len(words) > 1 else words
    return _END_OF_WORD.join(_word_key(word) for word in ordered)
