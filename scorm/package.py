"""Checking and unpacking a SCORM zip: pure functions over a file, no database (ADR 0030).

Every refusal is a ``ValidationError`` with a message the trainer can act on. Nothing is extracted before
the whole archive has passed: paths, symlinks, sizes, file count and compression ratio are read from the
central directory, and the manifest is parsed with defusedxml (no entities, no external references).
"""

import posixpath
import re
import stat
import zipfile
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

MANIFEST = "imsmanifest.xml"
MANIFEST_MAX_BYTES = 2 * 1024 * 1024
# Below this size a high ratio is harmless (a small file of spaces compresses 1000:1).
RATIO_MIN_BYTES = 1024 * 1024


@dataclass(frozen=True)
class PackageInfo:
    version: str
    title: str
    launch_path: str
    launch_query: str
    files: list[str]
    total_bytes: int


def member_path(name: str) -> str:
    """The archive member's path, normalised; ``ValidationError`` if it could land outside the package."""
    if not name or "\x00" in name or "\\" in name:
        raise ValidationError(
            _("The package holds a file with an invalid name: %(name)s") % {"name": name[:200]}
        )
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        raise ValidationError(
            _("The package holds a file with an absolute path: %(name)s") % {"name": name[:200]}
        )
    normalized = posixpath.normpath(name)
    if normalized == ".." or normalized.startswith("../"):
        raise ValidationError(
            _("The package holds a file outside its own folder (..): %(name)s") % {"name": name[:200]}
        )
    return normalized


def _limits():
    return {
        "zip": settings.LMS_SCORM_MAX_ZIP_BYTES,
        "total": settings.LMS_SCORM_MAX_TOTAL_BYTES,
        "file": settings.LMS_SCORM_MAX_FILE_BYTES,
        "count": settings.LMS_SCORM_MAX_FILES,
        "ratio": settings.LMS_SCORM_MAX_RATIO,
    }


def _check_members(archive: zipfile.ZipFile) -> tuple[list[str], int]:
    limits = _limits()
    infos = archive.infolist()
    if len(infos) > limits["count"]:
        raise ValidationError(
            _("The package holds %(count)s files; at most %(limit)s are allowed.")
            % {"count": len(infos), "limit": limits["count"]}
        )
    files, seen, total = [], set(), 0
    for info in infos:
        path = member_path(info.filename)
        if stat.S_ISLNK(info.external_attr >> 16):
            raise ValidationError(_("The package holds a symbolic link: %(name)s") % {"name": path})
        if info.flag_bits & 0x1:
            raise ValidationError(_("The package holds an encrypted file: %(name)s") % {"name": path})
        if info.is_dir():
            continue
        if path.lower() in seen:
            raise ValidationError(_("The package holds the same file twice: %(name)s") % {"name": path})
        seen.add(path.lower())
        if info.file_size > limits["file"]:
            raise ValidationError(
                _("The file %(name)s is too large once unpacked (%(size)s; at most %(limit)s).")
                % {
                    "name": path,
                    "size": filesizeformat(info.file_size),
                    "limit": filesizeformat(limits["file"]),
                }
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_MIN_BYTES and ratio > limits["ratio"]:
            raise ValidationError(
                _(
                    "The package was refused: the file %(name)s unpacks to %(ratio)s times its compressed "
                    "size, which looks like a zip bomb."
                )
                % {"name": path, "ratio": int(ratio)}
            )
        total += info.file_size
        if total > limits["total"]:
            raise ValidationError(
                _("The package is too large once unpacked (more than %(limit)s).")
                % {"limit": filesizeformat(limits["total"])}
            )
        files.append(path)
    return files, total


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element, name: str):
    return [child for child in element if _local(child.tag) == name]


def _attr(element, name: str) -> str:
    for key, value in element.attrib.items():
        if _local(key).lower() == name.lower():  # SCORM 1.2 writes scormtype, SCORM 2004 scormType
            return value
    return ""


def _version(root) -> str:
    for metadata in _children(root, "metadata"):
        for schema in _children(metadata, "schemaversion"):
            text = (schema.text or "").strip()
            if text == "1.2":
                return "1.2"
            if text:
                return "2004"
    # No schemaversion: SCORM 2004's namespaces (adlcp_v1p3 ...) on the manifest or its elements' attributes.
    names = " ".join(
        [root.tag, *root.attrib.values(), *(key for element in root.iter() for key in element.attrib)]
    )
    return "2004" if "v1p3" in names else "1.2"


def _sco_count(root) -> int:
    """How many items of the manifest's organisations launch a SCO (SCORM 2004: adlcp:scormType)."""
    scos = set()
    for resources_el in _children(root, "resources"):
        for resource in _children(resources_el, "resource"):
            if _attr(resource, "scormtype").lower() == "sco" and _attr(resource, "href"):
                scos.add(_attr(resource, "identifier"))
    count = 0
    for organizations in _children(root, "organizations"):
        for org in _children(organizations, "organization"):
            count += sum(
                1
                for item in org.iter()
                if _local(item.tag) == "item" and _attr(item, "identifierref") in scos
            )
    return count


def _launch(root) -> tuple[str, str]:
    """(title, href) of the first item of the default organisation that points to a resource."""
    resources = {}
    for resources_el in _children(root, "resources"):
        base = _attr(resources_el, "base")
        for resource in _children(resources_el, "resource"):
            href = _attr(resource, "href")
            if href:
                resources[_attr(resource, "identifier")] = (
                    posixpath.join(base, _attr(resource, "base"), href),
                    _attr(resource, "scormtype").lower(),
                )
    title = ""
    for organizations in _children(root, "organizations"):
        default = _attr(organizations, "default")
        orgs = _children(organizations, "organization")
        orgs.sort(key=lambda org: _attr(org, "identifier") != default)
        for org in orgs:
            title = title or next((t.text or "" for t in _children(org, "title")), "")
            for item in org.iter():
                ref = _attr(item, "identifierref") if _local(item.tag) == "item" else ""
                if ref in resources:
                    return title.strip(), resources[ref][0] + _attr(item, "parameters")
    for href, kind in resources.values():
        if kind == "sco":
            return title.strip(), href
    return title.strip(), ""


def package_inspect(upload) -> PackageInfo:
    """Check an uploaded SCORM zip without extracting it; returns what the platform needs to store it.

    Refuses (``ValidationError``, translated): not a zip, too large, too many files, absolute or ``..``
    paths, symbolic links, encrypted members, a compression ratio of a zip bomb, a missing or unreadable
    ``imsmanifest.xml``, a launch file that is not in the package, a SCORM 2004 package of several SCOs (its
    sequencing is not run). SCORM 1.2 and single-SCO SCORM 2004 (3rd/4th edition) pass.
    """
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
    if size > settings.LMS_SCORM_MAX_ZIP_BYTES:
        raise ValidationError(
            _("The package is too large (%(size)s; at most %(limit)s).")
            % {"size": filesizeformat(size), "limit": filesizeformat(settings.LMS_SCORM_MAX_ZIP_BYTES)}
        )
    upload.seek(0)
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise ValidationError(_("This file is not a valid ZIP archive.")) from None
    with archive:
        files, total = _check_members(archive)
        if MANIFEST not in files:
            raise ValidationError(
                _("The package has no imsmanifest.xml at its top level; it is not a SCORM package.")
            )
        if archive.getinfo(MANIFEST).file_size > MANIFEST_MAX_BYTES:
            raise ValidationError(_("The package's imsmanifest.xml is too large."))
        try:
            root = fromstring(archive.read(MANIFEST))
        except (ParseError, DefusedXmlException, zipfile.BadZipFile, ValueError):
            raise ValidationError(
                _("The package's imsmanifest.xml cannot be read (it is not well-formed XML).")
            ) from None
    if _local(root.tag) != "manifest":
        raise ValidationError(_("The package's imsmanifest.xml is not a SCORM manifest."))
    version = _version(root)
    if version == "2004" and _sco_count(root) > 1:
        raise ValidationError(
            _(
                "This SCORM 2004 package holds several SCOs; only single-SCO packages can be used for now "
                "(the platform does not run SCORM 2004 sequencing)."
            )
        )
    title, href = _launch(root)
    parts = urlsplit(href)
    if not href or parts.scheme or parts.netloc:
        raise ValidationError(_("The manifest names no launch file inside the package."))
    launch = member_path(unquote(parts.path))
    if launch not in files:
        raise ValidationError(
            _("The launch file %(name)s named by the manifest is not in the package.") % {"name": launch}
        )
    return PackageInfo(
        version=version,
        title=title[:255],
        launch_path=launch,
        launch_query=parts.query,
        files=files,
        total_bytes=total,
    )
