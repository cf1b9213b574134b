"""The province's communes and wards, from the ``vietnam-provinces`` package (the 2025 two-tier divisions).

A citizen's commune is stored as its official five-digit code (the General Statistics Office list the
package ships), never as a typed name: names change with mergers, codes are what other systems exchange.
The label is the place ("Phường Tân Ninh"), not its People's Committee.
"""

import unicodedata
from functools import cache

from django.conf import settings
from vietnam_provinces import Province, ProvinceCode, Ward

from .text import fold

# Vietnamese alphabetical order: each letter with its diacritic variants sorts after the plain letter.
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}


def vietnamese_sort_key(value: str) -> tuple:
    """Order as a Vietnamese reader expects (Đ after D, Ă/Â after A), tone marks only breaking ties."""
    base_letters = []
    for char in value.lower():
        decomposed = unicodedata.normalize("NFD", char)
        # Keep the letter-forming marks (breve, circumflex, horn), drop the five tone marks.
        letter = unicodedata.normalize(
            "NFC", "".join(c for c in decomposed if c not in "\u0300\u0301\u0303\u0309\u0323")
        )
        base_letters.append(_RANK.get(letter, 100 + ord(letter[0]) if letter else 0))
    return (tuple(base_letters), fold(value), value)


def code_of(value) -> str:
    """The stored form of a ward code: five digits, zero-padded."""
    return f"{int(value):05d}"


@cache
def _province() -> Province:
    return Province.from_code(ProvinceCode(int(settings.LMS_PROVINCE_CODE)))


@cache
def communes() -> dict[str, str]:
    """Official code -> place name ("Phường Tân Ninh") for every commune and ward of the province."""
    wards = Ward.iter_by_province(_province().code)
    ordered = sorted(wards, key=lambda ward: vietnamese_sort_key(_place_name(ward)))
    return {code_of(ward.code): ward.name for ward in ordered}


def _place_name(ward: Ward) -> str:
    # "Phường Tân Ninh" sorts under T, not under P.
    return ward.name.split(" ", 1)[1] if " " in ward.name else ward.name


def commune_choices() -> list[tuple[str, str]]:
    """Choices for a select: the communes and wards in Vietnamese alphabetical order of their names."""
    return list(communes().items())


def commune_name(code: str) -> str:
    """The place name for a stored code; the bare code if the package no longer knows it."""
    return communes().get(code or "", code or "")


def commune_code_for_name(name: str) -> str | None:
    """The code of the commune or ward a free-text name refers to ("Ủy ban nhân dân phường Tân Ninh",
    "Phường Tân Ninh", "phuong tan ninh"), or None when it matches none or several."""
    folded = fold(name)
    for prefix in ("uy ban nhan dan ", "ubnd "):
        if folded.startswith(prefix):
            folded = folded[len(prefix) :]
    matches = [code for code, label in communes().items() if fold(label) == folded]
    if not matches:
        matches = [code for code, label in communes().items() if fold(label).split(" ", 1)[1] == folded]
    return matches[0] if len(matches) == 1 else None
