"""PDF rendering of certificates: the only module that imports WeasyPrint.

Three things matter here besides the picture:

* Fonts. ``certificates/static/certificates/certificate.css`` declares Noto Serif and Noto Sans, shipped in
  ``static/certificates/fonts/latin-vi`` (cut to Latin and Vietnamese, ``make certificate-fonts``: WeasyPrint
  copies and subsets each font for every PDF, and smaller files make that cheaper); WeasyPrint embeds subsets
  of them, so the PDF looks the same on every machine and its text (Vietnamese included) can be extracted and
  searched.
* Speed. WeasyPrint 70 subsets the embedded fonts with HarfBuzz when it can load ``libharfbuzz-subset.so.0``
  (Debian ``libharfbuzz-subset0``, HarfBuzz >= 4.1), and otherwise with fontTools, which takes well over a
  second per certificate with these fonts instead of a few milliseconds (bench/certificates.py).
  :data:`HARFBUZZ_SUBSET` says which one this process uses; the system check ``certificates.W001`` warns
  when it is fontTools. One ``FontConfiguration`` serves the whole process, so the ``@font-face`` files are
  loaded once, not for every PDF. The stylesheet avoids flex layout, which more than doubled the time. Each
  stream is compressed once, not twice (:func:`compress_streams_once`), and a template's seal and signature
  are encoded for the PDF once per process, not for every PDF (:func:`image_stream_once`).
* Safety. WeasyPrint fetches what the HTML refers to (stylesheets, images, fonts, ``<link rel=attachment>``).
  :data:`url_fetcher` serves only ``data:`` URLs and the project's own static and media files, without any
  network access, so no template or value in one can make the server read other files or reach other hosts.
"""

import atexit
import base64
import functools
import hashlib
import logging
import mimetypes
import posixpath
import re
import threading
import unicodedata
import zlib
from collections import OrderedDict
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urlsplit
from urllib.request import url2pathname

import pydyf
import segno
import segno.encoder
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core import checks
from weasyprint import CSS, HTML
from weasyprint.images import RasterImage
from weasyprint.text.ffi import harfbuzz, harfbuzz_subset
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

#: Whether WeasyPrint subsets fonts with HarfBuzz (fast) rather than fontTools (the same test it makes).
HARFBUZZ_SUBSET: bool = harfbuzz_subset is not None and bool(harfbuzz.hb_version_atleast(4, 1, 0))

#: PDF/A-3b: the archival PDF (fonts embedded, sRGB output intent, XMP metadata, a file identifier). It costs
#: nothing measurable next to a plain PDF (bench/certificates.py) and stays byte-for-byte reproducible.
PDF_VARIANT = "pdf/a-3b"

#: The zlib level pydyf 0.13 compresses streams with (``pydyf.Stream.data``): kept, so the bytes do not change.
STREAM_COMPRESSION_LEVEL = 9

# WeasyPrint documents and the shared font configuration are not safe to use from two threads at once.
_render_lock = threading.Lock()


class PDFResourceError(Exception):
    """A URL in the HTML was refused (outside static, media and ``data:``) or names no existing file."""


@checks.register()
def check_harfbuzz_subset(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if HARFBUZZ_SUBSET:
        return []
    return [
        checks.Warning(
            "WeasyPrint cannot load HarfBuzz's subsetter, so certificate PDFs render several times slower.",
            hint="Install the Debian package libharfbuzz-subset0 (make system-deps).",
            id="certificates.W001",
        )
    ]


@functools.cache
def font_configuration() -> FontConfiguration:
    """The process's one WeasyPrint font configuration, created on first use.

    It holds the fonts loaded from ``@font-face`` rules, keyed by the rule, so each shipped font is read
    once per process; a new configuration per document would reload them every time and keep growing memory.
    Side effect: WeasyPrint copies those fonts into a temporary folder, removed when the process exits.
    """
    configuration = FontConfiguration()
    # Its __del__ removes the folder, but Python does not promise to run it for a module's objects at exit;
    # without this, every worker that ever rendered would leave a few megabytes in /tmp.
    atexit.register(configuration.__del__)
    return configuration


CERTIFICATE_STYLESHEET = "certificates/certificate.css"


@functools.cache
def certificate_stylesheet() -> CSS:
    """``certificates/certificate.css``, parsed once per process for every certificate PDF.

    Parsing it and cascading its rules took about a fifth of each render when every document linked it
    (bench/certificates.py); its ``@font-face`` rules register the shipped fonts in the shared font
    configuration once. Certificate documents therefore do not link it; :func:`render_pdf` applies it
    through ``stylesheets``. Its ``url()`` references resolve next to the file, through the project's fetcher.
    """
    path = Path(finders.find(CERTIFICATE_STYLESHEET))
    return CSS(
        string=path.read_text(encoding="utf-8"),
        base_url=path.as_uri(),
        url_fetcher=url_fetcher,
        font_config=font_configuration(),
    )


def compress_streams_once(document, pdf: pydyf.PDF) -> None:
    """WeasyPrint finisher: compress every stream of ``pdf`` now, once, exactly as pydyf would when writing.

    pydyf compresses a stream (zlib level 9) each time it serialises it, and writing a PDF with a file
    identifier (PDF/A has one) serialises every object twice: once into the file and once more for the MD5
    of the identifier. Compressing here, with pydyf's own serialisation and level, leaves byte-identical
    output and saves the second compression of the fonts, the page and the colour profile (about 5 % of a
    certificate's render, bench/certificates.py). ``test_render_pdf_compresses_each_stream_once`` checks both.
    """
    for stream in pdf.objects:
        if not isinstance(stream, pydyf.Stream) or not stream.compress:
            continue
        raw = b"\n".join(pydyf._to_bytes(item) for item in stream.stream)  # what Stream.data joins
        compressor = zlib.compressobj(level=STREAM_COMPRESSION_LEVEL)
        stream.stream = [compressor.compress(raw) + compressor.flush()]
        stream.extra["Filter"] = "/FlateDecode"  # the key Stream.data adds, at the same place
        stream.compress = False


#: How many encoded images :func:`image_stream_once` keeps: a few templates' seals, signatures and logos.
IMAGE_STREAM_CACHE_SIZE = 24

#: Images smaller than this many pixels are encoded every time (the QR code, ~1,600 pixels, differs per
#: certificate and costs little to encode): caching them would only push the templates' images out.
IMAGE_STREAM_CACHE_MIN_PIXELS = 64 * 64

# (SHA-256 of the image's bytes, mode, width, height, interpolate) -> frozen stream; only used inside
# _render_lock, like the rest of WeasyPrint's state.
_image_streams: OrderedDict[tuple, tuple[bytes, dict]] = OrderedDict()

_weasyprint_get_x_object = RasterImage.get_x_object


def image_stream_once(image: RasterImage, interpolate: bool, dpi_ratio: float) -> pydyf.Stream:
    """``RasterImage.get_x_object`` that encodes each PNG once per process instead of for every PDF.

    WeasyPrint 70 decodes a PNG, splits off its alpha channel and encodes the colour and the alpha again with
    Pillow every time it writes the image into a PDF; its image cache keeps the fetched image, not this result.
    For a template's RGBA seal and signature that was about 24 ms of every certificate (ADR 0015). Here the
    first PDF's streams are kept, keyed by the SHA-256 of the image's own bytes (never by URL or template: a
    changed seal is different bytes, so it is encoded afresh), its mode, size and interpolation, and later
    PDFs get fresh ``pydyf.Stream`` objects with the same bytes and dictionaries: the PDF is byte-identical
    (``test_template_images_are_encoded_once_and_the_pdf_is_unchanged``). JPEGs (passed through as they are),
    images WeasyPrint scales down for a ``dpi`` option and small images go through WeasyPrint unchanged.
    """
    if image.format != "PNG" or dpi_ratio != 1 or image.width * image.height < IMAGE_STREAM_CACHE_MIN_PIXELS:
        return _weasyprint_get_x_object(image, interpolate, dpi_ratio)
    key = (hashlib.sha256(image.image_data.data).digest(), image.mode, image.width, image.height, interpolate)
    frozen = _image_streams.get(key)
    if frozen is None:
        stream = _weasyprint_get_x_object(image, interpolate, dpi_ratio)
        _image_streams[key] = _freeze_stream(stream)  # before WeasyPrint turns the SMask into a reference
        while len(_image_streams) > IMAGE_STREAM_CACHE_SIZE:
            _image_streams.popitem(last=False)
        return stream
    _image_streams.move_to_end(key)
    return _thaw_stream(frozen)


def _freeze_stream(stream: pydyf.Stream) -> tuple[bytes, dict]:
    """A stream's bytes and a copy of its dictionary (nested streams frozen too), sharing nothing with it."""
    data = b"\n".join(pydyf._to_bytes(item) for item in stream.stream)  # what Stream.data joins
    return data, {key: _frozen_value(value) for key, value in stream.extra.items()}


def _frozen_value(value):
    if isinstance(value, pydyf.Stream):
        return _freeze_stream(value)
    if isinstance(value, dict):
        return {key: _frozen_value(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_frozen_value(item) for item in value]
    return value  # str, int, float, bool: immutable


def _thaw_stream(frozen: tuple[bytes, dict]) -> pydyf.Stream:
    data, extra = frozen
    return pydyf.Stream([data], pydyf.Dictionary({key: _thawed_value(value) for key, value in extra.items()}))


def _thawed_value(value):
    if isinstance(value, tuple):
        return _thaw_stream(value)
    if isinstance(value, dict):
        return pydyf.Dictionary({key: _thawed_value(item) for key, item in value.items()})
    if isinstance(value, list):
        return pydyf.Array([_thawed_value(item) for item in value])
    return value


RasterImage.get_x_object = image_stream_once


def render_pdf(*, html: str, base_url: str | None = None, stylesheets: tuple[CSS, ...] = ()) -> bytes:
    """Render a complete HTML document to PDF bytes.

    ``base_url`` resolves relative URLs; by default the site's address (``WAGTAILADMIN_BASE_URL``), so
    ``/static/...`` and ``/media/...`` find the project's files and relative links in the PDF point to the
    site. Only ``data:`` URLs and static and media files are read (see :data:`url_fetcher`); any other
    resource, or a missing file, raises :class:`PDFResourceError` instead of giving a PDF that silently lacks
    its fonts, stylesheet or signature.

    The HTML is normalised to NFC first, so text extracted from the PDF is NFC. The PDF's metadata comes from
    the HTML's head, and a certificate's should carry all of these:

    * ``<html lang="vi">``: the document language (``/Lang``);
    * ``<title>``: ``/Title``;
    * ``<meta name="author" content="...">``: ``/Author`` (several are joined with ", ");
    * ``<meta name="description" content="...">``: ``/Subject``;
    * ``<meta name="keywords" content="a, b">``: ``/Keywords``;
    * ``<meta name="dcterms.created" content="2026-11-25T09:30:00+07:00">``: ``/CreationDate`` (W3C date
      time; ``dcterms.modified`` gives ``/ModDate``). Without it the PDF has no date at all.

    ``/Producer`` is always "WeasyPrint <version>". The PDF is PDF/A-3b (:data:`PDF_VARIANT`). With the same
    fonts and WeasyPrint version, the same HTML gives byte-identical PDFs, so a stored SHA-256 can be checked
    by rendering again.

    ``stylesheets`` are parsed stylesheets applied besides the document's own, e.g.
    :func:`certificate_stylesheet`, which certificate documents rely on instead of linking it.

    Side effects: the first call in a process creates the shared font configuration and reads the fonts;
    calls from several threads run one after the other. Never touches the network.
    """
    html = unicodedata.normalize("NFC", html)
    if base_url is None:
        base_url = getattr(settings, "WAGTAILADMIN_BASE_URL", "") or "http://localhost/"
    document = HTML(string=html, base_url=base_url, url_fetcher=url_fetcher)  # parses only, fetches nothing
    with _render_lock:
        try:
            return document.write_pdf(
                font_config=font_configuration(),
                pdf_variant=PDF_VARIANT,
                stylesheets=list(stylesheets),
                finisher=compress_streams_once,
            )
        except FatalURLFetchingError as exc:
            # WeasyPrint wraps the fetcher's error in a BaseException; give callers an ordinary one.
            raise PDFResourceError(str(exc.__cause__ or exc)) from exc


def qr_data_uri(url: str) -> str:
    """A QR code of ``url`` as a PNG ``data:`` URI of one pixel per module, for an ``<img src>`` in the PDF.

    Always a full QR code (never a Micro QR, which phone cameras do not read), error correction level M or
    better (it survives a stain or a fold) and a 4-module quiet zone. ``certificate.css`` sizes it and gives it
    ``image-rendering: pixelated``, which WeasyPrint writes as ``/Interpolate false``: the modules stay sharp
    squares at any zoom and print size. An SVG path of the same modules cost about 6 ms more per certificate
    (WeasyPrint parses and draws it in Python, ADR 0015); the PNG is drawn as one small image. segno chooses
    the mask as the standard says, applying and scoring all eight with :func:`apply_mask_by_rows` and
    :func:`mask_scores_by_rows` (the same result as its own code, in half the time). Pure: the same URL always
    gives the same string.
    """
    qr = segno.make_qr(url, error="m")
    return qr.png_data_uri(scale=1, border=4)


# (mask function's code, width, height) -> one int per row with 0x01 in each byte the mask flips.
_mask_rows: dict[tuple, tuple[int, ...]] = {}

_segno_apply_mask = segno.encoder.apply_mask


def apply_mask_by_rows(matrix, mask_pattern, width, height, is_encoding_region) -> None:
    """``segno.encoder.apply_mask`` applied a whole row at a time: the same modules flipped, several times
    faster.

    segno chooses the QR code's mask as ISO/IEC 18004 says, by applying each of the eight masks and scoring
    the results; applying them module by module in Python was about half of the QR code's 5 ms (ADR 0015).
    Which modules a mask flips depends only on the symbol's size (its function patterns) and the mask, so it
    is worked out once per size and mask, through segno's own functions, as one integer per row; applying it
    is then an XOR of the row read as an integer (a module is 0 or 1, so flipping is XOR with 0x01, byte by
    byte, without carries). The same masks are chosen and the matrices are identical
    (``test_qr_code_mask_by_rows_matches_segno``).
    """
    key = (mask_pattern.__code__, width, height)
    rows = _mask_rows.get(key)
    if rows is None:
        rows = tuple(
            int.from_bytes(
                bytes(int(bool(is_encoding_region(i, j) and mask_pattern(i, j))) for j in range(width))
            )
            for i in range(height)
        )
        _mask_rows[key] = rows  # a race only computes the same value twice
    for row, flips in zip(matrix, rows, strict=True):
        row[:] = (int.from_bytes(row) ^ flips).to_bytes(width)


_segno_mask_scores = segno.encoder.mask_scores

_RUN_OF_FIVE = re.compile(rb"\x00{5,}|\x01{5,}")
_AS_BINARY_DIGITS = bytes.maketrans(b"\x00\x01", b"01")


def mask_scores_by_rows(matrix, width, height) -> tuple[int, int, int, int]:
    """``segno.encoder.mask_scores`` (the penalty N1, N2, N3, N4 of a masked QR code, ISO/IEC 18004 7.8.3)
    computed with bytes and integer operations instead of a Python loop over every module: the same four
    numbers (``test_qr_code_mask_by_rows_matches_segno``), about a tenth of the time.

    N1: every run of five or more modules of one colour, in rows and in columns, scores its length - 2.
    N2: every 2 x 2 block of one colour scores 3 (counted on bit masks of two neighbouring rows).
    N3: segno's own search for 1:1:3:1:1 with its light area, over the rows and the columns.
    N4: 10 for every 5 % the share of dark modules is away from 50 %.
    """
    assert width == height
    size = width
    columns = [bytes(column) for column in zip(*matrix, strict=True)]
    score_n1 = sum(len(run) - 2 for line in (*matrix, *columns) for run in _RUN_OF_FIVE.findall(line))
    pairs = (1 << (size - 1)) - 1  # the size - 1 pairs of horizontal neighbours
    score_n2 = 0
    above = None
    for row in matrix:
        bits = int(row.translate(_AS_BINARY_DIGITS), 2)
        if above is not None:
            same_as_above = ~(bits ^ above)
            same_as_left = ~(bits ^ (bits >> 1))
            score_n2 += 3 * (same_as_above & (same_as_above >> 1) & same_as_left & pairs).bit_count()
        above = bits
    score_n3 = sum(_n3_occurrences(line, size) for line in (*matrix, *columns))
    dark = sum(row.count(1) for row in matrix)
    score_n4 = 10 * int(abs(float(dark) / (size**2) * 100 - 50) / 5)
    return score_n1, score_n2, score_n3, score_n4


_N3_PATTERN = b"\x01\x00\x01\x01\x01\x00\x01"


def _n3_occurrences(line, size: int) -> int:
    """segno's ``n3_pattern_occurrences``, as it is (its offsets included)."""
    count = 0
    index = line.find(_N3_PATTERN)
    while index != -1:
        offset = index + 7
        if (
            index in (0, size - 7)
            or not any(line[max(index - 4, 0) : min(index, size)])
            or not any(line[max(offset, 0) : min(offset + 4, size)])
        ):
            count += 40
        else:
            offset = index + 4
        index = line.find(_N3_PATTERN, offset)
    return count


# Only over the segno these were checked against (requirements.lock pins it): another release keeps its own.
if segno.__version__.startswith("1.6."):
    segno.encoder.apply_mask = apply_mask_by_rows
    segno.encoder.mask_scores = mask_scores_by_rows


class ProjectURLFetcher(URLFetcher):
    """WeasyPrint 70's fetcher for the project: ``data:`` URLs and the project's own files only.

    * ``data:`` URLs are decoded here.
    * ``http(s)`` URLs whose path starts with ``STATIC_URL`` (or the whole URL, when ``STATIC_URL`` is
      absolute) are served through the staticfiles finders, then ``STATIC_ROOT`` (hashed names of the
      manifest storage); those under ``MEDIA_URL`` from ``MEDIA_ROOT``. The host is ignored: nothing is
      requested, the path only names a local file.
    * ``file:`` URLs are served when the file lies inside ``MEDIA_ROOT``, ``STATIC_ROOT``, a
      ``STATICFILES_DIRS`` entry or an app's ``static`` folder.
    * Anything else (other paths, hosts or schemes, ``..`` or symbolic links leading out of a root, missing
      files) raises :class:`PDFResourceError`; WeasyPrint then stops rendering (``fail_on_errors``).

    It never opens a socket: :meth:`fetch` does not call the parent's, whose protocol list is also empty.
    WeasyPrint calls it as ``url_fetcher(url)``, which returns a :class:`URLFetcherResponse`.
    """

    def __init__(self) -> None:
        super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=True)

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        if url[:5].lower() == "data:":
            return _data_response(url)
        path = _local_file(url)
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})


def _data_response(url: str) -> URLFetcherResponse:
    header, comma, payload = url[5:].partition(",")
    if not comma:
        raise PDFResourceError("Malformed data: URL.")
    params = header.split(";")
    is_base64 = params[-1].strip().lower() == "base64"
    if is_base64:
        params.pop()
    content_type = ";".join(params).strip() or "text/plain;charset=US-ASCII"
    data = unquote_to_bytes(payload)
    if is_base64:
        try:
            data = base64.b64decode(data, validate=False)
        except ValueError as exc:
            raise PDFResourceError("Malformed base64 in a data: URL.") from exc
    return URLFetcherResponse(url, data, {"Content-Type": content_type})


def _local_file(url: str) -> Path:
    """The file ``url`` names inside a static or media root, or PDFResourceError."""
    shown = url if len(url) <= 200 else url[:200] + "..."
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "file":
        if parts.netloc not in ("", "localhost"):
            raise PDFResourceError(f"Refused to fetch {shown}: not a local file.")
        path = _inside(Path(url2pathname(parts.path)), [*_static_roots(), Path(settings.MEDIA_ROOT)])
        if path:
            return path
        raise PDFResourceError(f"Refused to fetch {shown}: outside the static and media folders.")
    if scheme in ("http", "https"):
        if (name := _relative_name(url, settings.STATIC_URL)) is not None:
            path = _static_file(name)
        elif (name := _relative_name(url, settings.MEDIA_URL)) is not None:
            path = _inside(Path(settings.MEDIA_ROOT) / name, [Path(settings.MEDIA_ROOT)])
        else:
            raise PDFResourceError(f"Refused to fetch {shown}: not a static or media file.")
        if path:
            return path
        raise PDFResourceError(f"Cannot fetch {shown}: no such static or media file.")
    raise PDFResourceError(f"Refused to fetch {shown}: scheme {scheme or '(none)'!r} is not allowed.")


def _relative_name(url: str, prefix: str | None) -> str | None:
    """The file name below ``prefix`` (a URL path like /static/, or an absolute URL), or None.

    Names that are empty, absolute or climb out with ``..`` are refused here, before any file-system call.
    """
    if not prefix:
        return None
    if urlsplit(prefix).scheme:
        stripped = url.split("?", 1)[0].split("#", 1)[0]
        if not stripped.startswith(prefix):
            return None
        rest = stripped[len(prefix) :]
    else:
        path = urlsplit(url).path
        if not path.startswith(prefix):
            return None
        rest = path[len(prefix) :]
    name = unquote(rest)
    normal = posixpath.normpath(name) if name else ""
    if not normal or normal in (".", "..") or normal.startswith(("/", "../")) or "\\" in name or "\0" in name:
        raise PDFResourceError(f"Refused to fetch {url[:200]}: not a plain file name.")
    return normal


def _static_file(name: str) -> Path | None:
    try:
        found = finders.find(name)
    except Exception:  # SuspiciousFileOperation and the like: refuse, never guess
        found = None
    roots = _static_roots()
    if found and (path := _inside(Path(found), roots)):
        return path
    if settings.STATIC_ROOT:
        return _inside(Path(settings.STATIC_ROOT) / name, [Path(settings.STATIC_ROOT)])
    return None


def _static_roots() -> list[Path]:
    """Every folder the staticfiles finders serve from, and STATIC_ROOT."""
    roots = [Path(settings.STATIC_ROOT)] if settings.STATIC_ROOT else []
    for finder in finders.get_finders():
        for storage in getattr(finder, "storages", {}).values():
            if location := getattr(storage, "location", None):
                roots.append(Path(location))
    return roots


def _inside(path: Path, roots: list[Path]) -> Path | None:
    """``path`` with symbolic links resolved, if it is an existing file inside one of ``roots``."""
    try:
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError, ValueError):
        return None
    if not resolved.is_file():
        return None
    for root in roots:
        try:
            if resolved.is_relative_to(root.resolve()):
                return resolved
        except (OSError, RuntimeError, ValueError):
            continue
    return None


#: The fetcher :func:`render_pdf` gives WeasyPrint; stateless, so one instance serves every thread.
url_fetcher = ProjectURLFetcher()

if not HARFBUZZ_SUBSET:
    logger.warning("HarfBuzz's subsetter is missing: certificate PDFs subset fonts with fontTools (slow).")
