"""certificates.pdf: what a reader of the PDF sees, and what WeasyPrint may fetch while making it."""

import base64
import io
import re
import socket
import unicodedata
import urllib.request
from pathlib import Path

import pypdf
import pytest
import segno
from django.conf import settings
from PIL import Image

from certificates import pdf

NAME = "Nguyễn Thị Ánh Tuyết"
COURSE = "Quy hoạch và phát triển đô thị thông minh"
VERIFY_URL = "https://lms.example.test/tra-cuu-chung-nhan/q3J9x-Vn_4kTzL0aBcDeFgHiJkLmNoPqRsTu/"
FONTS = Path(settings.BASE_DIR) / "certificates" / "static" / "certificates" / "fonts"
#: The copies certificate.css uses: Latin and Vietnamese only (``make certificate-fonts``).
CERTIFICATE_FONTS = FONTS / "latin-vi"
#: Every letter of Vietnamese with every tone, both cases, and the punctuation a certificate prints.
VIETNAMESE = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
VIETNAMESE += VIETNAMESE.upper() + "0123456789 .,;:!?()%/–—“”‘’…₫"


def certificate_html(*, name=NAME, course=COURSE, body_extra="", head_extra="", page="A4 landscape") -> str:
    """A certificate document shaped like templates/certificates/certificate_document.html renders it."""
    return f"""<!DOCTYPE html>
<html lang="vi">
<head>
  <meta charset="utf-8">
  <title>Giấy chứng nhận TN-2026-000042 — {name}</title>
  <meta name="author" content="Ủy ban nhân dân tỉnh Tây Ninh">
  <meta name="description" content="Giấy chứng nhận hoàn thành khóa bồi dưỡng “{course}”">
  <meta name="dcterms.created" content="2026-11-25T09:30:00.123456+07:00">
  <link rel="stylesheet" href="/static/certificates/certificate.css">
  <style>@page {{ size: {page}; }}</style>{head_extra}
</head>
<body class="certificate-document">
<div class="certificate" style="--cert-color: #8b1a1a; --cert-accent: #b8860b;">
  <div class="certificate-frame">
    <header class="certificate-heading">
      <div class="authority"><p class="issuer">ỦY BAN NHÂN DÂN TỈNH TÂY NINH</p></div>
      <div class="national-heading">
        <p class="national">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>
        <p class="motto">Độc lập - Tự do - Hạnh phúc</p>
      </div>
    </header>
    <p class="place-date">Tây Ninh, ngày 25 tháng 11 năm 2026</p>
    <h1 class="certificate-title">Giấy chứng nhận</h1>
    <p class="certificate-name">{name}</p>
    <div class="certificate-body"><p>Đã hoàn thành khóa bồi dưỡng “{course}” (24 giờ).</p>{body_extra}</div>
    <footer class="certificate-footer">
      <div class="certificate-meta">
        <p>Số hiệu: <strong>TN-2026-000042</strong></p>
        <img class="certificate-qr" src="{pdf.qr_data_uri(VERIFY_URL)}" alt="Mã QR">
        <p class="certificate-url">Tra cứu: {VERIFY_URL}</p>
      </div>
      <div class="certificate-signature">
        <p class="signing-authority">TM. Ủy ban nhân dân</p>
        <p class="signer-title">Chủ tịch</p>
        <p class="signer-name">Trần Văn Bình</p>
      </div>
    </footer>
  </div>
</div>
</body>
</html>"""


def read_pdf(data: bytes) -> pypdf.PdfReader:
    assert data.startswith(b"%PDF-")
    return pypdf.PdfReader(io.BytesIO(data))


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in read_pdf(data).pages)


@pytest.fixture
def no_network(monkeypatch):
    """Fail the test if anything tries to open a URL or a socket."""
    calls = []

    def refuse(*args, **kwargs):
        calls.append(args)
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(urllib.request, "urlopen", refuse)
    monkeypatch.setattr(urllib.request.OpenerDirector, "open", refuse)
    # WeasyPrint's own fetcher, which the project's must never fall back to.
    monkeypatch.setattr("weasyprint.urls.URLFetcher.fetch", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    return calls


@pytest.fixture
def fetched(monkeypatch):
    """The URLs WeasyPrint asks the project's fetcher for, in order."""
    urls = []
    original = pdf.ProjectURLFetcher.fetch

    def spy(self, url, headers=None):
        urls.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(pdf.ProjectURLFetcher, "fetch", spy)
    return urls


@pytest.fixture(scope="module")
def certificate_pdf() -> bytes:
    return pdf.render_pdf(html=certificate_html())


# --- Text, fonts, metadata ---------------------------------------------------------------------------


def test_render_pdf_text_gives_back_every_vietnamese_diacritic(certificate_pdf):
    text = pdf_text(certificate_pdf)

    assert NAME in text
    assert COURSE in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert unicodedata.is_normalized("NFC", text)


def test_render_pdf_normalises_decomposed_input_to_nfc():
    decomposed = unicodedata.normalize("NFD", NAME)
    assert decomposed != NAME

    text = pdf_text(pdf.render_pdf(html=certificate_html(name=decomposed)))

    assert NAME in text


def embedded_font_names(data: bytes) -> set[str]:
    """The family names (without the subset tag) of the fonts the PDF's page uses, each checked embedded."""
    page = read_pdf(data).pages[0]
    names = set()
    for font in page["/Resources"]["/Font"].values():
        for descendant in font.get_object().get("/DescendantFonts", [font]):
            descriptor = descendant.get_object()["/FontDescriptor"].get_object()
            assert descriptor.get("/FontFile2") or descriptor.get("/FontFile3"), "a font is not embedded"
            names.add(descendant.get_object()["/BaseFont"].split("+", 1)[-1])
    return names


def test_render_pdf_embeds_subsets_of_the_shipped_fonts(certificate_pdf):
    page = read_pdf(certificate_pdf).pages[0]
    fonts = [font.get_object() for font in page["/Resources"]["/Font"].values()]
    smallest_shipped = min(path.stat().st_size for path in CERTIFICATE_FONTS.glob("*.ttf"))

    names = set()
    for font in fonts:
        for descendant in font.get("/DescendantFonts", [font]):
            descendant = descendant.get_object()
            descriptor = descendant["/FontDescriptor"].get_object()
            program = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
            assert program is not None, f"{descendant['/BaseFont']} is not embedded"
            # A subset: tagged ABCDEF+Name, and a fraction of the shipped file.
            assert re.fullmatch(r"/[A-Z]{6}\+.+", descendant["/BaseFont"])
            assert len(program.get_object().get_data()) < smallest_shipped / 4
            names.add(descendant["/BaseFont"].split("+", 1)[1])
    # Our own family names, so these are the project's files and not fonts of the machine.
    assert names == {
        "Certificate-Serif",
        "Certificate-Serif-Bold",
        "Certificate-Serif-Italic",
        "Certificate-Sans",
        "Certificate-Sans-Bold",
    }


def test_certificate_css_uses_the_latin_vietnamese_fonts_which_hold_every_vietnamese_letter():
    from fontTools.ttLib import TTFont

    css = (
        Path(settings.BASE_DIR) / "certificates" / "static" / "certificates" / "certificate.css"
    ).read_text()
    used = re.findall(r'url\("([^"]+\.ttf)"\)', css)

    assert sorted(Path(url).name for url in used) == sorted(path.name for path in FONTS.glob("*.ttf"))
    for url in used:
        font = TTFont(FONTS.parent / url)
        cmap = font.getBestCmap()
        assert (FONTS.parent / url).parent == CERTIFICATE_FONTS
        assert [letter for letter in VIETNAMESE if ord(letter) not in cmap] == [], url
        # A sixth of the shipped file: cut to Latin, without hinting (WeasyPrint drops it from PDFs anyway).
        assert (FONTS.parent / url).stat().st_size < (FONTS / Path(url).name).stat().st_size / 4
        assert "fpgm" not in font


def test_every_vietnamese_letter_in_every_style_is_drawn_with_the_certificate_fonts_and_extractable():
    """Serif regular, bold and italic, Sans regular and bold: each embedded, none replaced by a font of the
    machine, and the text read back from the PDF is the text written."""
    body = (
        f'<p class="regular">{VIETNAMESE}</p><p><strong>{VIETNAMESE}</strong></p><p><em>{VIETNAMESE}</em></p>'
        f"<p style=\"font-family: 'Certificate Sans'\">{VIETNAMESE}</p>"
        f"<p style=\"font-family: 'Certificate Sans'\"><strong>{VIETNAMESE}</strong></p>"
    )
    html = certificate_html(body_extra=body).replace(
        "</style>", "</style><style>.certificate-body p { font-size: 6pt; white-space: nowrap }</style>", 1
    )
    data = pdf.render_pdf(html=html)
    text = pdf_text(data)

    for part in VIETNAMESE.split():
        assert text.count(part) == 5, part
    assert embedded_font_names(data) == {
        "Certificate-Serif",
        "Certificate-Serif-Bold",
        "Certificate-Serif-Italic",
        "Certificate-Sans",
        "Certificate-Sans-Bold",
    }


def test_render_pdf_sets_metadata_from_the_html_head(certificate_pdf):
    reader = read_pdf(certificate_pdf)
    info = reader.metadata

    assert info["/Title"] == f"Giấy chứng nhận TN-2026-000042 — {NAME}"
    assert info["/Author"] == "Ủy ban nhân dân tỉnh Tây Ninh"
    assert info["/Subject"] == f"Giấy chứng nhận hoàn thành khóa bồi dưỡng “{COURSE}”"
    assert info["/CreationDate"] == "D:20261125093000+07'00"
    assert reader.trailer["/Root"]["/Lang"] == "vi"


def test_render_pdf_is_pdf_a_3b(certificate_pdf):
    reader = read_pdf(certificate_pdf)
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()

    assert 'pdfaid:part="3"' in xmp
    assert 'pdfaid:conformance="B"' in xmp
    assert NAME in xmp
    assert reader.trailer["/Root"]["/OutputIntents"]
    assert reader.trailer["/ID"]


def test_render_pdf_is_one_page_of_the_size_the_html_asks_for(certificate_pdf):
    landscape = read_pdf(certificate_pdf).pages
    portrait = read_pdf(pdf.render_pdf(html=certificate_html(page="A5 portrait"))).pages

    assert len(landscape) == 1
    assert (round(float(landscape[0].mediabox.width)), round(float(landscape[0].mediabox.height))) == (
        842,
        595,
    )
    assert len(portrait) == 1
    assert (round(float(portrait[0].mediabox.width)), round(float(portrait[0].mediabox.height))) == (420, 595)


def test_certificate_css_leaves_the_page_size_to_the_html():
    css = (
        Path(settings.BASE_DIR) / "certificates" / "static" / "certificates" / "certificate.css"
    ).read_text()
    page_rules = re.findall(r"@page[^{]*\{[^}]*\}", re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL))

    assert page_rules
    assert not any(re.search(r"\bsize\s*:", rule) for rule in page_rules)


def test_render_pdf_gives_the_same_bytes_for_the_same_html(certificate_pdf):
    assert pdf.render_pdf(html=certificate_html()) == certificate_pdf


def test_render_pdf_compresses_each_stream_once(monkeypatch):
    """The finisher compresses the fonts, the page and the colour profile once, as pydyf would (same bytes),
    instead of pydyf compressing them again for the file identifier's hash."""
    import zlib

    import weasyprint

    html = unicodedata.normalize("NFC", certificate_html())
    compressions = []
    compressobj = zlib.compressobj

    def counted(*args, **kwargs):
        compressions.append(kwargs.get("level", args[0] if args else None))
        return compressobj(*args, **kwargs)

    monkeypatch.setattr(zlib, "compressobj", counted)
    as_pydyf_writes = weasyprint.HTML(
        string=html, base_url=settings.WAGTAILADMIN_BASE_URL, url_fetcher=pdf.url_fetcher
    ).write_pdf(font_config=pdf.font_configuration(), pdf_variant=pdf.PDF_VARIANT)
    by_pydyf = len(compressions)
    compressions.clear()

    assert pdf.render_pdf(html=html) == as_pydyf_writes
    assert 0 < len(compressions) < by_pydyf * 0.6
    assert set(compressions) == {pdf.STREAM_COMPRESSION_LEVEL}


# --- Speed: HarfBuzz and one font configuration -------------------------------------------------------


def test_weasyprint_subsets_fonts_with_harfbuzz():
    import weasyprint.pdf.fonts

    assert pdf.HARFBUZZ_SUBSET, "install libharfbuzz-subset0 (make system-deps)"
    assert weasyprint.pdf.fonts.harfbuzz_subset is not None
    assert pdf.check_harfbuzz_subset() == []


def test_check_warns_without_harfbuzz_subset(monkeypatch):
    monkeypatch.setattr(pdf, "HARFBUZZ_SUBSET", False)

    assert [message.id for message in pdf.check_harfbuzz_subset()] == ["certificates.W001"]


def test_render_pdf_twice_reuses_one_font_configuration(monkeypatch):
    from weasyprint import HTML

    configurations = []
    original = HTML.write_pdf

    def spy(self, *args, **kwargs):
        configurations.append(kwargs.get("font_config"))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(HTML, "write_pdf", spy)

    pdf.render_pdf(html=certificate_html(name="Lê Văn An"))
    pdf.render_pdf(html=certificate_html(name="Phạm Thị Bích"))

    assert len(configurations) == 2
    assert configurations[0] is not None
    assert configurations[0] is configurations[1] is pdf.font_configuration()


# --- QR code ------------------------------------------------------------------------------------------


def qr_dark_modules(url: str, border: int = 4) -> set[tuple[int, int]]:
    """The (row, column) of every dark module of ``url``'s QR code, quiet zone included, as segno makes it."""
    expected = segno.make_qr(url, error="m")
    assert not expected.is_micro
    assert expected.error in ("M", "Q", "H")
    return {
        (row + border, col + border)
        for row, line in enumerate(expected.matrix)
        for col, module in enumerate(line)
        if module
    }


def image_dark_pixels(image) -> set[tuple[int, int]]:
    grey = image.convert("L")
    return {(y, x) for y in range(grey.height) for x in range(grey.width) if grey.getpixel((x, y)) < 128}


def test_qr_data_uri_is_a_png_of_the_verification_urls_qr_code_one_pixel_per_module():
    uri = pdf.qr_data_uri(VERIFY_URL)
    assert uri.startswith("data:image/png;base64,")

    image = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])))
    size = len(segno.make_qr(VERIFY_URL, error="m").matrix) + 2 * 4
    assert image.size == (size, size)
    assert image_dark_pixels(image) == qr_dark_modules(VERIFY_URL)


def test_pdf_draws_the_qr_code_unblurred_with_its_modules(certificate_pdf):
    """The PDF embeds the QR code's own pixels and asks viewers not to smooth them when scaling up."""
    size = len(segno.make_qr(VERIFY_URL, error="m").matrix) + 2 * 4
    (qr,) = [image for image in read_pdf(certificate_pdf).pages[0].images if image.image.size == (size, size)]
    assert image_dark_pixels(qr.image) == qr_dark_modules(VERIFY_URL)
    assert qr.indirect_reference.get_object()["/Interpolate"].value is False


def test_qr_data_uri_differs_per_url():
    assert pdf.qr_data_uri(VERIFY_URL) != pdf.qr_data_uri(VERIFY_URL.replace("q3J9x", "q3J9y"))


# --- The fetcher: only data:, static and media -----------------------------------------------------


def test_fetcher_serves_data_urls(no_network):
    plain = pdf.url_fetcher("data:text/plain;charset=utf-8,%C4%90%C3%B4%20th%E1%BB%8B")
    encoded = pdf.url_fetcher("data:image/svg+xml;base64,PHN2Zy8+")

    assert plain.read().decode() == "Đô thị"
    assert encoded.read() == b"<svg/>"
    assert encoded.content_type == "image/svg+xml"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/static/certificates/certificate.css",
        "https://lms.example.test/static/certificates/certificate.css?v=2",
        (Path(settings.BASE_DIR) / "certificates" / "static" / "certificates" / "certificate.css").as_uri(),
    ],
)
def test_fetcher_serves_the_projects_static_files(no_network, url):
    response = pdf.url_fetcher(url)

    assert b"@font-face" in response.read()
    assert response.content_type == "text/css"


def test_fetcher_serves_collected_static_files_from_static_root(no_network, settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    (tmp_path / "certificates").mkdir()
    (tmp_path / "certificates" / "certificate.0123abcd.css").write_text("p { color: red }")

    response = pdf.url_fetcher("http://localhost/static/certificates/certificate.0123abcd.css")

    assert response.read() == b"p { color: red }"


def test_fetcher_serves_media_files(no_network, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "original_images").mkdir()
    (tmp_path / "original_images" / "chu ky.svg").write_text("<svg/>")

    by_url = pdf.url_fetcher("http://localhost/media/original_images/chu%20ky.svg")
    by_file = pdf.url_fetcher((tmp_path / "original_images" / "chu ky.svg").as_uri())

    assert by_url.read() == by_file.read() == b"<svg/>"
    assert by_url.content_type == "image/svg+xml"


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "https://example.com/logo.png",
        "ftp://example.com/file.css",
        "gopher://127.0.0.1:6379/_INFO",
        "file:///etc/passwd",
        "file://fileserver/share/secret.txt",
        "http://localhost/media/../certificates/pdf.py",
        "http://localhost/media/%2e%2e/%2e%2e/etc/passwd",
        "http://localhost/media/a/../../etc/passwd",
        "http://localhost/static/../../etc/passwd",
        "http://localhost/static/%2e%2e%2f%2e%2e%2fetc/passwd",
        "http://localhost/static/",
        "http://localhost/static/certificates/missing.css",
        "http://localhost/admin/",
        "/etc/passwd",
        "javascript:alert(1)",
    ],
)
def test_fetcher_refuses_everything_else_without_network_access(no_network, settings, tmp_path, url):
    settings.MEDIA_ROOT = tmp_path

    with pytest.raises(pdf.PDFResourceError):
        pdf.url_fetcher(url)

    assert no_network == []


def test_fetcher_refuses_a_symbolic_link_out_of_media(no_network, settings, tmp_path):
    media = tmp_path / "media"
    media.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("mật khẩu")
    (media / "link.txt").symlink_to(secret)
    settings.MEDIA_ROOT = media

    with pytest.raises(pdf.PDFResourceError):
        pdf.url_fetcher("http://localhost/media/link.txt")
    with pytest.raises(pdf.PDFResourceError):
        pdf.url_fetcher((media / "link.txt").as_uri())


def test_escaped_hostile_value_renders_as_text_and_fetches_nothing(no_network, fetched):
    hostile = '<img src="http://169.254.169.254/">'
    escaped = hostile.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")

    text = pdf_text(pdf.render_pdf(html=certificate_html(name=escaped)))

    assert hostile in text
    assert not any("169.254" in url for url in fetched)
    assert no_network == []


@pytest.mark.parametrize(
    ("body_extra", "head_extra"),
    [
        ('<img src="http://169.254.169.254/latest">', ""),
        ("", '<link rel="stylesheet" href="file:///etc/passwd">'),
        ("", '<link rel="attachment" href="file:///etc/passwd">'),
        ("", "<style>@import url(https://example.com/x.css);</style>"),
        (
            "",
            "<style>@font-face { font-family: X; src: url(http://10.0.0.1/x.ttf) } p { font-family: X }</style>",
        ),
        ("", '<base href="http://169.254.169.254/"><link rel="stylesheet" href="x.css">'),
        ('<img src="/media/../../etc/passwd">', ""),
    ],
)
def test_render_pdf_refuses_unescaped_hostile_html_without_network_access(no_network, body_extra, head_extra):
    with pytest.raises(pdf.PDFResourceError):
        pdf.render_pdf(html=certificate_html(body_extra=body_extra, head_extra=head_extra))

    assert no_network == []


def test_render_pdf_refuses_a_missing_static_file(no_network):
    with pytest.raises(pdf.PDFResourceError, match="no such static or media file"):
        pdf.render_pdf(html=certificate_html(head_extra='<link rel="stylesheet" href="/static/nope.css">'))


def test_render_pdf_embeds_a_media_image(no_network, fetched, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "signature.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 4"><path d="M0 2h10" stroke="#00f"/></svg>'
    )

    data = pdf.render_pdf(
        html=certificate_html(body_extra='<img class="signature" src="/media/signature.svg">')
    )

    assert any(url.endswith("/media/signature.svg") for url in fetched)
    assert NAME in pdf_text(data)


# --- Template images encoded once per process --------------------------------------------------------


def rgba_png(colour: tuple[int, int, int], size=(200, 120)) -> bytes:
    """A transparent PNG with an opaque disc of ``colour``, like a seal or a signature."""
    from PIL import ImageDraw

    image = Image.new("RGBA", size, (255, 255, 255, 0))
    ImageDraw.Draw(image).ellipse((10, 10, size[0] - 10, size[1] - 10), fill=(*colour, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def png_data_uri(data: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


def signature_area(seal_src: str, signature_src: str) -> str:
    return (
        f'<div class="signature-area"><img class="seal" src="{seal_src}">'
        f'<img class="signature" src="{signature_src}"></div>'
    )


def opaque_colours(data: bytes, size: tuple[int, int]) -> set[tuple[int, int, int]]:
    """The colours of the opaque pixels of every image of ``size`` on the PDF's page."""
    colours = set()
    for image in read_pdf(data).pages[0].images:
        if image.image.size != size:
            continue
        rgba = image.image.convert("RGBA")
        colours |= {pixel[:3] for pixel in rgba.get_flattened_data() if pixel[3] == 255}
    return colours


@pytest.fixture
def empty_image_cache(monkeypatch):
    """An empty process cache of encoded images, and the calls that reached WeasyPrint's own encoder."""
    monkeypatch.setattr(pdf, "_image_streams", type(pdf._image_streams)())
    encoded = []
    original = pdf._weasyprint_get_x_object

    def spy(image, interpolate, dpi_ratio):
        encoded.append(image.width * image.height)
        return original(image, interpolate, dpi_ratio)

    monkeypatch.setattr(pdf, "_weasyprint_get_x_object", spy)
    return encoded


def test_template_images_are_encoded_once_and_the_pdf_is_unchanged(empty_image_cache, monkeypatch):
    """The seal and signature (transparent PNGs) are encoded for the first PDF only; every PDF is
    byte-identical to the one WeasyPrint writes without the cache, and carries both images and its text."""
    import weasyprint.images

    html = certificate_html(
        body_extra=signature_area(png_data_uri(rgba_png((200, 16, 46))), png_data_uri(rgba_png((20, 30, 90))))
    )
    first = pdf.render_pdf(html=html)
    assert sorted(empty_image_cache, reverse=True)[:2] == [200 * 120, 200 * 120]
    empty_image_cache.clear()

    second = pdf.render_pdf(html=html)
    assert all(pixels < pdf.IMAGE_STREAM_CACHE_MIN_PIXELS for pixels in empty_image_cache)  # only the QR code

    monkeypatch.setattr(weasyprint.images.RasterImage, "get_x_object", pdf._weasyprint_get_x_object)
    assert first == second == pdf.render_pdf(html=html)
    assert opaque_colours(second, (200, 120)) == {(200, 16, 46), (20, 30, 90)}
    images = read_pdf(second).pages[0].images
    assert len(images) == 3  # seal, signature, QR code
    assert all(
        "/SMask" in image.indirect_reference.get_object()
        for image in images
        if image.image.size == (200, 120)
    )
    assert NAME in pdf_text(second)


def test_a_new_seal_in_a_data_url_is_drawn_not_the_cached_one(empty_image_cache):
    red, blue = png_data_uri(rgba_png((200, 16, 46))), png_data_uri(rgba_png((16, 46, 200)))
    signature = png_data_uri(rgba_png((20, 30, 90), size=(240, 100)))
    pdf.render_pdf(html=certificate_html(body_extra=signature_area(red, signature)))

    data = pdf.render_pdf(html=certificate_html(body_extra=signature_area(blue, signature)))

    assert opaque_colours(data, (200, 120)) == {(16, 46, 200)}


def test_a_seal_file_replaced_under_the_same_url_is_drawn_anew(
    no_network, settings, tmp_path, empty_image_cache
):
    """The cache is keyed by the image's bytes, never by its URL: a media file overwritten in place (same
    name) is encoded again."""
    settings.MEDIA_ROOT = tmp_path
    seal = tmp_path / "seal.png"
    html = certificate_html(body_extra=signature_area("/media/seal.png", "/media/seal.png"))
    seal.write_bytes(rgba_png((200, 16, 46)))
    assert opaque_colours(pdf.render_pdf(html=html), (200, 120)) == {(200, 16, 46)}

    seal.write_bytes(rgba_png((16, 46, 200)))

    assert opaque_colours(pdf.render_pdf(html=html), (200, 120)) == {(16, 46, 200)}


def test_the_image_cache_keeps_a_bounded_number_of_images(empty_image_cache, monkeypatch):
    monkeypatch.setattr(pdf, "IMAGE_STREAM_CACHE_SIZE", 2)
    for colour in ((1, 2, 3), (4, 5, 6), (7, 8, 9)):
        uri = png_data_uri(rgba_png(colour))
        pdf.render_pdf(html=certificate_html(body_extra=signature_area(uri, uri)))
    assert len(pdf._image_streams) == 2


# --- The QR code's mask chosen with row operations -----------------------------------------------------


def test_qr_code_mask_by_rows_matches_segno(monkeypatch):
    """The row-wise mask application and scoring choose the same mask and give the same modules as segno's
    own module-by-module code, for verification addresses of every length a code can have and more."""
    import random

    import segno.encoder

    rng = random.Random(20)
    urls = [VERIFY_URL.rsplit("/", 2)[0] + f"/{rng.randbytes(18).hex()}/" for _ in range(100)]
    urls += ["https://lms.example.test/" + "x" * length for length in range(0, 300, 9)]

    def codes():
        return [(qr.mask, qr.matrix) for qr in (segno.make_qr(url, error="m") for url in urls)]

    assert segno.encoder.apply_mask is pdf.apply_mask_by_rows  # the pinned segno 1.6
    assert segno.encoder.mask_scores is pdf.mask_scores_by_rows
    by_rows = codes()
    monkeypatch.setattr(segno.encoder, "apply_mask", pdf._segno_apply_mask)
    monkeypatch.setattr(segno.encoder, "mask_scores", pdf._segno_mask_scores)
    assert by_rows == codes()
    assert len({mask for mask, _ in by_rows}) == 8  # every mask was chosen for some address

    for size in (21, 41, 57):
        for _ in range(20):
            matrix = [bytearray(rng.getrandbits(1) for _ in range(size)) for _ in range(size)]
            assert pdf.mask_scores_by_rows(matrix, size, size) == pdf._segno_mask_scores(matrix, size, size)
