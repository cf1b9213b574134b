"""The demo's SCORM package, written by the project in ``demo/scorm/<key>/`` and zipped at load time.

:func:`load_scorm_packages` returns the packages by key for ``demo/content/catalogue.py``
(``("scorm", {"key": ..., "title": ...})``); a package already loaded (same title) is reused.
"""

import io
import zipfile
from pathlib import Path

from django.core.files.base import ContentFile

from scorm.models import ScormPackage
from scorm.services import scorm_package_unpack

FOLDER = Path(__file__).parent / "scorm"
PACKAGES = {"ca-truc-ioc": "Tình huống: một ca trực tại trung tâm IOC"}


def package_zip(key: str) -> bytes:
    """The folder ``demo/scorm/<key>`` as a zip, files in a fixed order (the same bytes every run)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted((FOLDER / key).rglob("*")):
            if path.is_file():
                info = zipfile.ZipInfo(
                    path.relative_to(FOLDER / key).as_posix(), date_time=(2026, 12, 1, 0, 0, 0)
                )
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())
    return buffer.getvalue()


def load_scorm_packages() -> dict[str, ScormPackage]:
    packages = {}
    for key, title in PACKAGES.items():
        package = ScormPackage.objects.filter(title=title).first()
        if package is None:
            package = ScormPackage(title=title)
            package.file.save("package.zip", ContentFile(package_zip(key)), save=False)
            package.save()
        packages[key] = scorm_package_unpack(package=package)
    return packages
