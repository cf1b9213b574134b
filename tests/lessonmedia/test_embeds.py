"""YouTube-style embeds on a closed network: a provider that never answers (or answers a byte at a time) costs
the trainer's form and the lesson page at most ``LMS_EMBED_TIMEOUT_SECONDS``, never a 500 or a hung request,
and both say in Vietnamese what to do. Real HTTP servers on 127.0.0.1, no mock."""

import json
import socket
import threading
import time

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from wagtail.embeds.blocks import EmbedValue
from wagtail.embeds.exceptions import EmbedNotFoundException
from wagtail.embeds.finders import get_finders
from wagtail.embeds.models import Embed

from cms.blocks import VideoBlock
from lessonmedia.embeds import DeadlineOEmbedFinder

from ..factories import make_lesson

pytestmark = pytest.mark.django_db

VIDEO_URL = "https://www.youtube.com/watch?v=do-thi-thong-minh"
TIMEOUT = 1.0


class LocalServer:
    """A TCP server on 127.0.0.1 that handles each connection with ``behaviour(connection)`` in a thread."""

    def __init__(self, behaviour):
        self.behaviour = behaviour
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(16)
        self.port = self.listener.getsockname()[1]
        self.stopped = threading.Event()
        self.connections = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while not self.stopped.is_set():
            try:
                connection, _address = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._handle, args=(connection,), daemon=True).start()

    def _handle(self, connection):
        with connection:
            connection.settimeout(30)
            try:
                connection.recv(65536)  # the request
                self.behaviour(connection, self.stopped)
            except OSError:
                pass

    def close(self):
        self.stopped.set()
        self.listener.close()


def hangs(connection, stopped):
    """Accepts the request and never answers (a proxy of a closed network)."""
    stopped.wait(30)


def trickles(connection, stopped):
    """Answers the headers, then one byte of the body every 0.1 s (far slower than the deadline allows)."""
    connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n")
    while not stopped.wait(0.1):
        connection.sendall(b" ")


def answers(connection, stopped):
    body = json.dumps({"type": "video", "html": '<iframe title="Bài giảng"></iframe>', "title": "Bài giảng"})
    connection.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
        + str(len(body.encode())).encode()
        + b"\r\n\r\n"
        + body.encode()
    )


@pytest.fixture
def provider(settings):
    """``provider(behaviour)``: a local oEmbed provider for YouTube addresses; the finder's deadline is 1 s."""
    servers = []
    settings.LMS_EMBED_TIMEOUT_SECONDS = TIMEOUT

    def start(behaviour):
        server = LocalServer(behaviour)
        servers.append(server)
        settings.WAGTAILEMBEDS_FINDERS = [
            {
                "class": "lessonmedia.embeds",
                "providers": [
                    {
                        "endpoint": f"http://127.0.0.1:{server.port}/oembed",
                        "urls": [r"^https://www\.youtube\.com/watch.+$"],
                    }
                ],
            }
        ]
        get_finders.cache_clear()
        cache.clear()
        return server

    yield start
    for server in servers:
        server.close()
    get_finders.cache_clear()
    cache.clear()


def timed(function):
    started = time.monotonic()
    try:
        return function(), time.monotonic() - started
    except Exception as error:
        return error, time.monotonic() - started


def test_the_site_uses_the_finder_with_a_deadline():
    assert [type(finder) for finder in get_finders()] == [DeadlineOEmbedFinder]


@pytest.mark.parametrize("behaviour", [hangs, trickles], ids=["never-answers", "trickles"])
def test_a_provider_that_hangs_gives_up_at_the_deadline(provider, behaviour):
    provider(behaviour)
    error, seconds = timed(lambda: get_finders()[0].find_embed(VIDEO_URL))
    assert isinstance(error, EmbedNotFoundException)
    assert seconds < TIMEOUT + 1.5, seconds
    # Remembered: the next try fails at once, without a connection.
    error, seconds = timed(lambda: get_finders()[0].find_embed(VIDEO_URL))
    assert isinstance(error, EmbedNotFoundException) and seconds < 0.2


def test_a_provider_that_answers_gives_the_embed(provider):
    provider(answers)
    embed = get_finders()[0].find_embed(VIDEO_URL)
    assert embed["type"] == "video" and "<iframe" in embed["html"]


def test_the_trainers_form_says_in_vietnamese_to_upload_the_file(provider):
    server = provider(hangs)
    block = VideoBlock()
    value = block.to_python({"embed": VIDEO_URL, "file": None, "title": "Bài giảng", "transcript": ""})
    error, seconds = timed(lambda: block.clean(value))
    assert isinstance(error, ValidationError), error
    assert seconds < TIMEOUT + 1.5 and server.connections == 1
    message = " ".join(str(m) for m in error.block_errors["embed"].messages)
    assert "Không lấy được video tại địa chỉ này" in message, message
    assert "Video hoặc âm thanh (tải lên)" in message, message


def test_a_lesson_whose_embed_cannot_be_fetched_shows_the_notice_without_waiting(provider, client, catalog):
    from ..factories import make_course

    server = provider(hangs)
    course = make_course(catalog, title="Khóa học có video ngoài", for_citizens=True)
    lesson = make_lesson(
        course,
        title="Bài có video YouTube",
        free_preview=True,
        body=[("video", {"embed": EmbedValue(VIDEO_URL), "file": None, "title": "Video", "transcript": ""})],
    )
    response, seconds = timed(lambda: client.get(lesson.url))
    # Well under Wagtail's own 10 s socket timeout, with room for a loaded test machine.
    assert response.status_code == 200 and seconds < TIMEOUT + 7, seconds
    html = response.content.decode()
    assert "Không hiển thị được video từ trang bên ngoài" in html, html
    assert "tải tệp video lên nền tảng" in html
    assert not Embed.objects.exists()
    # The second view does not wait again (the failure is remembered) and asks the provider no more.
    response, seconds = timed(lambda: client.get(lesson.url))
    assert response.status_code == 200 and server.connections == 1, seconds
