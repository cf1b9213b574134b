"""Citizens' commune/ward: from a link to a People's Committee unit to the place's official code.

Each stored link is mapped by name ("Ủy ban nhân dân phường Tân Ninh" -> 25459, "Phường Tân Ninh") against
the vietnam-provinces list of the province (LMS_PROVINCE_CODE). A link that matches no place, or several,
stops the migration with the units to rename, so no one's commune is dropped silently.
"""

import unicodedata

from django.conf import settings
from django.db import migrations, models


def _fold(value):
    value = (value or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", value)
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower().split())


def _places():
    from vietnam_provinces import ProvinceCode, Ward

    province = ProvinceCode(int(getattr(settings, "LMS_PROVINCE_CODE", 80)))
    return {f"{int(ward.code):05d}": ward.name for ward in Ward.iter_by_province(province)}


def _code_for(name, places):
    folded = _fold(name)
    for prefix in ("uy ban nhan dan ", "ubnd "):
        if folded.startswith(prefix):
            folded = folded[len(prefix) :]
    matches = [code for code, label in places.items() if _fold(label) == folded]
    if not matches:
        matches = [code for code, label in places.items() if _fold(label).split(" ", 1)[1] == folded]
    return matches[0] if len(matches) == 1 else None


def forwards(apps, schema_editor):
    Profile = apps.get_model("accounts", "Profile")
    places = _places()
    unmatched = {}
    for profile in Profile.objects.filter(commune__isnull=False).select_related("commune"):
        code = _code_for(profile.commune.name, places)
        if code is None:
            unmatched[profile.commune.code] = profile.commune.name
            continue
        profile.commune_code = code
        profile.save(update_fields=["commune_code"])
    if unmatched:
        listing = "; ".join(f"{code}: {name}" for code, name in sorted(unmatched.items()))
        raise RuntimeError(
            "These units are citizens' communes but match no commune/ward of the province in vietnam-provinces "
            f"(rename them to the official name, e.g. 'Phường Tân Ninh', and migrate again): {listing}"
        )


def backwards(apps, schema_editor):
    Profile = apps.get_model("accounts", "Profile")
    OrganisationUnit = apps.get_model("accounts", "OrganisationUnit")
    places = _places()
    units = {}
    for unit in OrganisationUnit.objects.filter(kind="commune"):
        code = _code_for(unit.name, places)
        if code:
            units.setdefault(code, unit)
    for profile in Profile.objects.exclude(commune_code=""):
        profile.commune = units.get(profile.commune_code)
        profile.save(update_fields=["commune"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_personal_data_access_log")]

    operations = [
        migrations.AddField(
            model_name="profile",
            name="commune_code",
            field=models.CharField(blank=True, max_length=5, verbose_name="commune / ward"),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="profile", name="commune"),
    ]
