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


# --- SCORM 2004 (3rd/4th edition), single SCO ------------------------------------------------------

MANIFEST_2004 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="vn.tayninh.lms.test2004" version="1"
  xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
  xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
  xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata><schema>ADL SCORM</schema><schemaversion>{edition}</schemaversion></metadata>
  <organizations default="org">
    <organization identifier="org"><title>{title}</title>
      {items}
    </organization>
  </organizations>
  <resources>
    {resources}
  </resources>
</manifest>
"""

SCO_2004_JS = """(function () {
  var api = window.API_1484_11;
  var COMPLETION = "%(completion)s", SUCCESS = "%(success)s", SCALED = "%(scaled)s";
  api.Initialize("");
  var saved = api.GetValue("cmi.suspend_data");
  // A resumed attempt reads back the interactions of earlier sessions and adds its own after them.
  var n = parseInt(api.GetValue("cmi.interactions._count") || "0", 10);
  document.getElementById("resumed").textContent = saved ? "Tiếp tục: " + saved : "Lần học đầu tiên";
  if (n) document.getElementById("result").textContent = "Câu đã trả lời: " +
    api.GetValue("cmi.interactions.0.id") + "=" + api.GetValue("cmi.interactions.0.learner_response");
  document.getElementById("finish").addEventListener("click", function () {
    var at = "cmi.interactions." + n + ".";
    api.SetValue("cmi.location", "trang-3");
    api.SetValue("cmi.suspend_data", "buoc=3;lan=" + (saved ? "2" : "1"));
    api.SetValue(at + "id", "cau-" + (n + 1));
    api.SetValue(at + "type", "choice");
    api.SetValue(at + "learner_response", "b");
    api.SetValue(at + "correct_responses.0.pattern", "b");
    api.SetValue(at + "result", "correct");
    api.SetValue(at + "description", "Trung tâm IOC theo dõi gì?");
    api.SetValue("cmi.objectives.0.id", "muc-tieu-1");
    api.SetValue("cmi.objectives.0.success_status", "passed");
    api.SetValue("cmi.objectives.0.score.raw", "9");
    if (SCALED) {
      api.SetValue("cmi.score.scaled", SCALED);
      api.SetValue("cmi.score.raw", String(Math.round(parseFloat(SCALED) * 100)));
      api.SetValue("cmi.score.min", "0");
      api.SetValue("cmi.score.max", "100");
    }
    api.SetValue("cmi.completion_status", COMPLETION);
    if (SUCCESS) api.SetValue("cmi.success_status", SUCCESS);
    api.SetValue("cmi.session_time", "PT2M5S");
    api.SetValue("cmi.exit", "suspend");
    api.Commit("");
    api.Terminate("");
    document.getElementById("result").textContent = "Đã gửi: " + COMPLETION + " " + SUCCESS;
  });
})();
"""


def package_2004_files(
    *,
    title="Bài học SCORM 2004 thử",
    completion="completed",
    success="",
    scaled="",
    edition="2004 4th Edition",
    scos=1,
) -> dict:
    """A SCORM 2004 package with ``scos`` SCOs (the platform takes single-SCO ones): its button reports the
    completion (and success, scaled score, an interaction and an objective) through window.API_1484_11."""
    items = "".join(
        f'<item identifier="item{n}" identifierref="res{n}"><title>{title} {n}</title></item>'
        for n in range(1, scos + 1)
    )
    resources = "".join(
        f'<resource identifier="res{n}" type="webcontent" adlcp:scormType="sco" href="sco{n}/index.html">'
        f'<file href="sco{n}/index.html"/><file href="sco{n}/sco.js"/></resource>'
        for n in range(1, scos + 1)
    )
    files = {
        "imsmanifest.xml": MANIFEST_2004.format(
            title=title, edition=edition, items=items, resources=resources
        )
    }
    for n in range(1, scos + 1):
        files[f"sco{n}/index.html"] = INDEX.format(title=title)
        files[f"sco{n}/sco.js"] = SCO_2004_JS % {
            "completion": completion,
            "success": success,
            "scaled": scaled,
        }
    return files


def scorm_2004_zip(**kwargs) -> bytes:
    """A valid single-SCO SCORM 2004 package (see ``package_2004_files``)."""
    return _zip(package_2004_files(**kwargs))
