"""Images and documents of the demo lessons, drawn by our own code (no downloads, no binary files in the repo).

:func:`load_media` returns them by key for ``demo/content/catalogue.py`` (``("image", {"key": ...})``). Each
is looked up by title in the course-materials collection before anything is drawn, so a second run of
``load_demo`` neither duplicates nor redraws them. Everything lives in that collection: the one trainers and
reviewers manage, and the one whose documents a later access check (issue #19) would serve to enrolled
learners only.
"""

import io
import math
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.template.loader import render_to_string
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection

from certificates.pdf import render_pdf
from cms.services import COURSE_COLLECTION

from .content.catalogue import SERVICE_LEVELS

INK = "#1b2a3a"
MUTED = "#44515e"
LINE = "#5b6b7a"
WHITE = "#ffffff"
# Fill and border per box: light tints, so the dark text keeps a contrast ratio above 7:1.
PALETTE = [
    ("#e3eefb", "#1f5fa8"),
    ("#e2f3ea", "#1e7a47"),
    ("#fdf0dc", "#9a5b00"),
    ("#f1e6f8", "#6b3a8c"),
    ("#fde5e3", "#a8322a"),
    ("#e0f2f4", "#17707c"),
]

SIX_TASKS = [
    "Quy hoạch và phát triển đô thị thông minh",
    "Quy hoạch và phát triển hạ tầng đô thị",
    "Quản lý xây dựng và phát triển đô thị",
    "Dịch vụ tiện ích đô thị",
    "Kinh tế và đổi mới",
    "Người dân, cộng đồng",
]

INFRASTRUCTURE_LAYERS = [
    (
        "Ứng dụng và dịch vụ đô thị thông minh",
        "điều hành đô thị, dịch vụ công trực tuyến, tiện ích cho người dân",
    ),
    ("Lớp 3 · Dữ liệu", "cơ sở dữ liệu dùng chung và quy định thu thập, quản lý, sử dụng dữ liệu"),
    ("Lớp 2 · Tính toán và lưu trữ", "trung tâm dữ liệu, điện toán đám mây"),
    ("Lớp 1 · Kết nối", "cáp quang, mạng di động, mạng truyền số liệu chuyên dùng"),
]

APPLICATION_STEPS = [
    "Đăng nhập bằng tài khoản VNeID",
    "Chọn thủ tục và cơ quan thực hiện",
    "Khai biểu mẫu, đính kèm giấy tờ",
    "Thanh toán phí, lệ phí (nếu có)",
    "Gửi hồ sơ, lưu lại mã hồ sơ",
    "Theo dõi tiến độ, nhận kết quả",
]


@dataclass(frozen=True)
class DemoImage:
    title: str
    filename: str
    draw: Callable[[], bytes]


@dataclass(frozen=True)
class DemoDocument:
    title: str
    filename: str
    render: Callable[[], bytes]


# --- Drawing helpers ---------------------------------------------------------------------------------


def _font(size: int, *, bold: bool = False) -> ImageFont.FreeTypeFont:
    # The certificate fonts (Noto Sans) cover Vietnamese; the system's default bitmap font does not.
    name = "NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf"
    return ImageFont.truetype(finders.find(f"certificates/fonts/{name}"), size)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and font.getlength(candidate) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    return [*lines, line] if line else lines


def _text_block(draw, lines, font, *, center_x, center_y, fill=INK, spacing=1.25) -> None:
    height = font.size * spacing
    top = center_y - height * len(lines) / 2
    for i, line in enumerate(lines):
        draw.text((center_x, top + height * (i + 0.5)), line, font=font, fill=fill, anchor="mm")


def _arrowhead(draw, tip, direction, *, size=16, fill=LINE) -> None:
    dx, dy = direction
    length = math.hypot(dx, dy)
    dx, dy = dx / length, dy / length
    base = (tip[0] - dx * size, tip[1] - dy * size)
    left = (base[0] - dy * size * 0.6, base[1] + dx * size * 0.6)
    right = (base[0] + dy * size * 0.6, base[1] - dx * size * 0.6)
    draw.polygon([tip, left, right], fill=fill)


def _png(image: PILImage.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


# --- The drawings ------------------------------------------------------------------------------------


def draw_six_tasks() -> bytes:
    """The six key tasks of Công văn 171/UBND-KT as a cycle around the aim they share."""
    width, height = 960, 720
    image = PILImage.new("RGB", (width, height), WHITE)
    draw = ImageDraw.Draw(image)
    cx, cy, rx, ry = 480, 360, 318, 262
    draw.ellipse((cx - rx, cy - ry, cx + rx, cy + ry), outline=LINE, width=4)
    for k in range(6):
        t = math.radians(-60 + 60 * k)
        tip = (cx + rx * math.cos(t), cy + ry * math.sin(t))
        _arrowhead(draw, tip, (-rx * math.sin(t), ry * math.cos(t)), size=22)
    draw.ellipse((cx - 118, cy - 118, cx + 118, cy + 118), fill="#1f3b57")
    _text_block(
        draw,
        ["Đô thị", "thông minh", "bền vững"],
        _font(30, bold=True),
        center_x=cx,
        center_y=cy - 16,
        fill=WHITE,
    )
    draw.text((cx, cy + 64), "Công văn 171/UBND-KT", font=_font(19), fill=WHITE, anchor="mm")
    label_font, number_font = _font(25, bold=True), _font(26, bold=True)
    box_w, box_h = 300, 124
    for k, label in enumerate(SIX_TASKS):
        t = math.radians(-90 + 60 * k)
        bx, by = cx + rx * math.cos(t), cy + ry * math.sin(t)
        fill, border = PALETTE[k]
        draw.rounded_rectangle(
            (bx - box_w / 2, by - box_h / 2, bx + box_w / 2, by + box_h / 2),
            radius=16,
            fill=fill,
            outline=border,
            width=4,
        )
        nx = bx - box_w / 2 + 32
        draw.ellipse((nx - 20, by - 20, nx + 20, by + 20), fill=border)
        draw.text((nx, by), str(k + 1), font=number_font, fill=WHITE, anchor="mm")
        lines = _wrap(label, label_font, box_w - 80)
        _text_block(draw, lines, label_font, center_x=bx + 24, center_y=by)
    return _png(image)


def draw_infrastructure_layers() -> bytes:
    """Three layers of digital infrastructure, with the smart-city services they carry on top."""
    width, height = 960, 690
    image = PILImage.new("RGB", (width, height), WHITE)
    draw = ImageDraw.Draw(image)
    title_font, text_font = _font(30, bold=True), _font(27)
    left, right, top, band_h, gap = 30, 790, 30, 140, 20
    colours = [PALETTE[4], PALETTE[0], PALETTE[5], PALETTE[1]]
    for i, (title, detail) in enumerate(INFRASTRUCTURE_LAYERS):
        y = top + i * (band_h + gap)
        inset = 0 if i else 30  # the services sit on the layers, a little narrower
        fill, border = colours[i]
        draw.rounded_rectangle(
            (left + inset, y, right - inset, y + band_h), radius=14, fill=fill, outline=border, width=4
        )
        draw.text(((left + right) / 2, y + 40), title, font=title_font, fill=INK, anchor="mm")
        lines = _wrap(detail, text_font, right - left - 2 * inset - 60)
        _text_block(
            draw, lines, text_font, center_x=(left + right) / 2, center_y=y + 96, fill=MUTED, spacing=1.25
        )
    # The layer below carries the one above.
    x = 900
    y_bottom, y_top = top + 4 * band_h + 3 * gap, top
    draw.line((x, y_bottom, x, y_top + 20), fill=LINE, width=6)
    _arrowhead(draw, (x, y_top), (0, -1), size=28)
    label = _font(22, bold=True)
    for i, word in enumerate(["NỀN", "TẢNG"]):
        draw.text((x - 22, height / 2 - 20 + i * 40), word, font=label, fill=INK, anchor="rm")
    return _png(image)


def draw_application_steps() -> bytes:
    """The six steps of an online application, in two rows of three."""
    width, height = 960, 480
    image = PILImage.new("RGB", (width, height), WHITE)
    draw = ImageDraw.Draw(image)
    text_font, number_font = _font(26, bold=True), _font(26, bold=True)
    box_w, box_h, gap_x, gap_y, left, top = 270, 170, 45, 70, 30, 30
    centres = []
    for k, label in enumerate(APPLICATION_STEPS):
        row, col = divmod(k, 3)
        if row:  # the second row runs right to left, so step 4 sits under step 3
            col = 2 - col
        x = left + col * (box_w + gap_x)
        y = top + row * (box_h + gap_y)
        fill, border = PALETTE[0] if k < 5 else PALETTE[1]
        draw.rounded_rectangle((x, y, x + box_w, y + box_h), radius=16, fill=fill, outline=border, width=4)
        draw.ellipse((x + box_w / 2 - 22, y + 14, x + box_w / 2 + 22, y + 58), fill=border)
        draw.text((x + box_w / 2, y + 36), str(k + 1), font=number_font, fill=WHITE, anchor="mm")
        lines = _wrap(label, text_font, box_w - 36)
        _text_block(draw, lines, text_font, center_x=x + box_w / 2, center_y=y + 110)
        centres.append((x, y))
    for k in range(5):
        x, y = centres[k]
        if k == 2:  # down to the second row
            start, end = (x + box_w / 2, y + box_h + 6), (x + box_w / 2, y + box_h + gap_y - 6)
            draw.line((start, (end[0], end[1] - 12)), fill=LINE, width=5)
            _arrowhead(draw, end, (0, 1), size=18)
            continue
        step = 1 if k < 2 else -1
        row_y = y + box_h / 2
        if step == 1:
            start, end = (x + box_w + 6, row_y), (x + box_w + gap_x - 6, row_y)
        else:
            start, end = (x - 6, row_y), (x - gap_x + 6, row_y)
        draw.line((start, (end[0] - 12 * step, end[1])), fill=LINE, width=5)
        _arrowhead(draw, end, (step, 0), size=18)
    return _png(image)


def render_service_guide() -> bytes:
    """A two-page PDF guide to online public services, rendered with the project's WeasyPrint wrapper."""
    html = render_to_string(
        "demo/service_guide.html",
        {"levels": SERVICE_LEVELS, "steps": APPLICATION_STEPS},
    )
    return render_pdf(html=html)


IMAGES = {
    "six-tasks": DemoImage(
        "Sơ đồ sáu nhóm nhiệm vụ trọng tâm phát triển đô thị thông minh",
        "sau-nhom-nhiem-vu.png",
        draw_six_tasks,
    ),
    "infrastructure-layers": DemoImage(
        "Sơ đồ ba lớp hạ tầng số của đô thị", "ba-lop-ha-tang-so.png", draw_infrastructure_layers
    ),
    "application-steps": DemoImage(
        "Sơ đồ các bước nộp hồ sơ trực tuyến", "cac-buoc-nop-ho-so.png", draw_application_steps
    ),
}
DOCUMENTS = {
    "service-guide": DemoDocument(
        "Hướng dẫn nhanh sử dụng dịch vụ công trực tuyến",
        "huong-dan-dich-vu-cong-truc-tuyen.pdf",
        render_service_guide,
    ),
}


def load_media() -> dict:
    """The demo images and documents by key, created in the course-materials collection when missing.

    Idempotent: an existing image or document with the same title in that collection is reused as it is.
    Side effect: writes the new files to the default storage (MEDIA_ROOT).
    """
    collection = Collection.objects.get(name=COURSE_COLLECTION)  # made by cms.services.platform_setup
    image_model, document_model = get_image_model(), get_document_model()
    media = {}
    for key, spec in IMAGES.items():
        image = image_model.objects.filter(collection=collection, title=spec.title).first()
        if image is None:
            image = image_model(title=spec.title, collection=collection)
            image.file = ImageFile(io.BytesIO(spec.draw()), name=spec.filename)
            image._set_image_file_metadata()
            image.save()
        media[key] = image
    for key, spec in DOCUMENTS.items():
        document = document_model.objects.filter(collection=collection, title=spec.title).first()
        if document is None:
            document = document_model(title=spec.title, collection=collection)
            document.file = ContentFile(spec.render(), name=spec.filename)
            document._set_document_file_metadata()
            document.save()
        media[key] = document
    return media
