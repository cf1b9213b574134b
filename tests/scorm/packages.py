"""SCORM 1.2 packages made by the project for its tests: built in memory at test time.

``scorm_zip(status=..., score=...)`` is a one-page SCO whose button reports the status (and a score), with
suspend data and a location, through LMSSetValue/LMSCommit/LMSFinish; on launch it shows the suspend data
it resumed. ``traversal_zip`` and ``bomb_zip`` are the malicious ones.
"""

import io
import zipfile

MANIFEST = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="vn.tayninh.lms.test" version="1.0"
  xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org">
    <organization identifier="org"><title>{title}</title>
      <item identifier="item1" identifierref="res1"><title>{title}</title></item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="res1" type="webcontent" adlcp:scormtype="sco" href="{launch}">
      <file href="{launch}"/><file href="sco.js"/>
    </resource>
  </resources>
</manifest>
"""

INDEX = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{title}</title></head>
<body>
<h1>{title}</h1>
<p id="resumed">…</p>
<button type="button" id="finish">Hoàn thành bài học</button>
<p id="result"></p>
<script src="sco.js"></script>
</body></html>
"""

SCO_JS = """(function () {
  var api = window.API;
  var STATUS = "%(status)s", SCORE = "%(score)s";
  api.LMSInitialize("");
  var saved = api.LMSGetValue("cmi.suspend_data");
  document.getElementById("resumed").textContent = saved ? "Tiếp tục: " + saved : "Lần học đầu tiên";
  document.getElementById("finish").addEventListener("click", function () {
    api.LMSSetValue("cmi.core.lesson_location", "trang-2");
    api.LMSSetValue("cmi.suspend_data", "buoc=2;lan=" + (saved ? "2" : "1"));
    if (SCORE) api.LMSSetValue("cmi.core.score.raw", SCORE);
    api.LMSSetValue("cmi.core.lesson_status", STATUS);
    api.LMSSetValue("cmi.core.exit", "suspend");
    api.LMSCommit("");
    api.LMSFinish("");
    document.getElementById("result").textContent = "Đã gửi: " + STATUS;
  });
})();
"""


def _zip(files: dict[str, bytes | str], *, compression=zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def package_files(*, title="Bài học SCORM thử", status="completed", score="", launch="index.html") -> dict:
    return {
        "imsmanifest.xml": MANIFEST.format(title=title, launch=launch),
        launch: INDEX.format(title=title),
        "sco.js": SCO_JS % {"status": status, "score": score},
    }


def scorm_zip(**kwargs) -> bytes:
    """A valid SCORM 1.2 package (see ``package_files``)."""
    return _zip(package_files(**kwargs))


def traversal_zip() -> bytes:
    """A package with a member that would land outside the package folder."""
    return _zip({**package_files(), "../../evil.html": "<script>alert(1)</script>"})


def bomb_zip(megabytes: int = 20) -> bytes:
    """A package with a file of zeros that deflates about 1000:1 (a zip bomb, small to build)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in package_files().items():
            archive.writestr(name, content)
        with archive.open("media/video.bin", "w", force_zip64=True) as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(megabytes):
                member.write(chunk)
    return buffer.getvalue()


def symlink_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in package_files().items():
            archive.writestr(name, content)
        link = zipfile.ZipInfo("passwd")
        link.external_attr = (0o120777 << 16) | 0
        archive.writestr(link, "/etc/passwd")
    return buffer.getvalue()


def zip_of(files: dict) -> bytes:
    return _zip(files)


def make_package(content: bytes | None = None, *, title="Gói SCORM thử"):
    """A stored and unpacked ``ScormPackage`` of ``content`` (default: ``scorm_zip()``)."""
    from django.core.files.base import ContentFile

    from scorm import services
    from scorm.models import ScormPackage

    package = ScormPackage(title=title)
    package.file.save("package.zip", ContentFile(content or scorm_zip()), save=False)
    package.save()
    return services.scorm_package_unpack(package=package)


def make_scorm_lesson(course, package, *, title="Bài học tương tác", **fields):
    """A published lesson of ``course`` whose body is one SCORM block playing ``package``."""
    from tests.factories import make_lesson

    return make_lesson(course, title=title, body=[("scorm", {"package": package, "title": title})], **fields)
