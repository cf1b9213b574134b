"""Page rate on the production stack: a lesson for an enrolled learner against a bare Wagtail page, same body.

Starts gunicorn (``lms.wsgi``, ``lms.settings.production``, 4 sync workers, PostgreSQL with persistent
connections, Redis cache and sessions) on a free loopback port against a fresh database (``lms_bench_pages``)
seeded with ``load_demo``. The body of the richest demo lesson, kept to the blocks a standard page also has
(headings, rich text, callouts), becomes both a new lesson of the introduction course and a new
``StandardPage`` under the home page. One enrolled learner, logged in (a session made with Django's
SessionStore), then fetches both with the same client, in interleaved rounds of N/rounds requests each at
concurrency C. Both are fetched logged in because the issue compares pages "served by the same server":
the session and user lookups are the platform's cost on every page, the enrollment (with the lesson's progress)
and the course outline and panels (from the content cache, cms/caching.py) the lesson's; the anonymous rate of
the bare page is printed for reference, as is the original demo lesson with its self-check and takeaway blocks.
It also prints the queries each page issues (in-process, Django's test client), and the rate of the bare
page on a second server with ``DJANGO_CONN_MAX_AGE=0`` (a new PostgreSQL connection per request) against
the persistent connections production uses.
The last line is ``ratio: <lesson req/s / bare req/s>`` (target: 1.0 or more, issue #20).
``--reuse-seed`` clones the seeded database kept by an earlier run (``bench/load.py --reuse-seed``) instead of
seeding again.
Run: .venv/bin/python bench/pages.py [--requests 400] [--concurrency 8] [--rounds 4] [--skip-conn-age] [--reuse-seed]
"""

import argparse
import sys
import threading
import time

from _stack import Client, Recorder, Stack, make_learners, session_cookie

COURSE_SLUG = "gioi-thieu-do-thi-thong-minh"


def seed_pages():
    """The bench lesson and the bare page with the same body; returns (lesson, bare, demo lesson, course)."""
    from cms.blocks import BaseStreamBlock
    from cms.models import CoursePage, HomePage, LessonPage, StandardPage

    course = CoursePage.objects.get(slug=COURSE_SLUG)
    shared = set(BaseStreamBlock.base_blocks)
    lessons = list(LessonPage.objects.descendant_of(course).live().order_by("path"))
    source = max(lessons, key=lambda page: sum(1 for b in page.body.raw_data if b["type"] in shared))
    body = [dict(block) for block in source.body.raw_data if block["type"] in shared]
    parent = source.get_parent()
    lesson = LessonPage(title=source.title + " (bench)", slug="bai-hoc-do-hieu-nang", body=body)
    parent.add_child(instance=lesson)
    lesson.save_revision().publish()
    home = HomePage.objects.get()
    bare = StandardPage(title=source.title + " (bench)", slug="trang-do-hieu-nang", body=body)
    home.add_child(instance=bare)
    bare.save_revision().publish()
    lesson.refresh_from_db()
    bare.refresh_from_db()
    print(
        f"body: {len(body)} blocks ({', '.join(sorted({b['type'] for b in body}))}) of demo lesson "
        f"'{source.title}'; lesson {lesson.url}, bare page {bare.url}"
    )
    return lesson, bare, source, course


def count_queries(paths: dict[str, str], user) -> None:
    from django.db import connection
    from django.test import Client as DjangoClient
    from django.test.utils import CaptureQueriesContext

    client = DjangoClient(SERVER_NAME="127.0.0.1")
    client.force_login(user)
    for label, path in paths.items():
        client.get(path)  # the first visit records the learner's position in the course
        with CaptureQueriesContext(connection) as captured:
            status = client.get(path).status_code
        print(f"queries: {label:<34} {len(captured.captured_queries):>3} (status {status})")


def rate(port: int, path: str, cookies: dict, *, requests: int, concurrency: int) -> tuple[float, int, float]:
    """(seconds, non-200 answers, total bytes / requests) for ``requests`` GETs spread over ``concurrency``."""
    recorder = Recorder()
    sizes: list[int] = []
    per_thread = [
        requests // concurrency + (1 if i < requests % concurrency else 0) for i in range(concurrency)
    ]

    def worker(count: int) -> None:
        client = Client(port, recorder, cookies)
        for _ in range(count):
            _status, _, body = client.get(path, endpoint=path)
            sizes.append(len(body))
        client.close()

    threads = [threading.Thread(target=worker, args=(n,)) for n in per_thread]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    bad = sum(1 for s in recorder.samples if s.status != 200)
    return elapsed, bad, (sum(sizes) / len(sizes) if sizes else 0)


def compare(
    targets: dict[str, tuple[int, str, dict]], *, requests: int, concurrency: int, rounds: int
) -> dict[str, float]:
    """Interleaved rounds (the order flips each round) so that background load hits every target alike."""
    elapsed = dict.fromkeys(targets, 0.0)
    done = dict.fromkeys(targets, 0)
    errors = dict.fromkeys(targets, 0)
    size = dict.fromkeys(targets, 0.0)
    names = list(targets)
    for round_index in range(rounds):
        for name in names if round_index % 2 == 0 else reversed(names):
            port, path, cookies = targets[name]
            seconds, bad, mean_size = rate(
                port, path, cookies, requests=requests // rounds, concurrency=concurrency
            )
            elapsed[name] += seconds
            done[name] += requests // rounds
            errors[name] += bad
            size[name] = mean_size
    result = {}
    for name in names:
        result[name] = done[name] / elapsed[name]
        print(
            f"  {name:<40} {result[name]:>7.1f} req/s  ({done[name]} requests, {errors[name]} not 200, "
            f"{size[name] / 1024:.0f} KiB)"
        )
        if errors[name]:
            sys.exit(f"{name}: {errors[name]} responses were not 200")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=400, help="requests per page")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--skip-conn-age", action="store_true", help="skip the CONN_MAX_AGE=0 comparison")
    parser.add_argument(
        "--reuse-seed",
        action="store_true",
        help="clone the seeded database bench/load.py --reuse-seed keeps (same hash), or seed and keep it",
    )
    args = parser.parse_args()

    with Stack(name="lms_bench_pages", redis_db=14) as stack:
        stack.seed_demo(reuse=args.reuse_seed)
        lesson, bare, demo_lesson, course = seed_pages()
        (learner,) = make_learners(count=1, course=course, prefix="pages")
        cookies = dict([session_cookie(learner)])
        count_queries(
            {
                "lesson (learner)": lesson.url,
                "bare page (learner)": bare.url,
                "demo lesson (learner)": demo_lesson.url,
            },
            learner,
        )
        stack.start_worker()
        server = stack.start_server(workers=args.workers)
        print(
            f"stack: gunicorn lms.wsgi, {args.workers} sync workers, PostgreSQL (CONN_MAX_AGE=60) + Redis; "
            f"{args.requests} requests per page at concurrency {args.concurrency}, {args.rounds} interleaved rounds"
        )
        # Warm every worker's caches (templates, URL resolvers, the catalogue URL) before timing.
        for path in (lesson.url, bare.url, demo_lesson.url):
            rate(server.port, path, cookies, requests=8 * args.workers, concurrency=args.workers)
        rates = compare(
            {
                "lesson, enrolled learner": (server.port, lesson.url, cookies),
                "bare page, same learner": (server.port, bare.url, cookies),
                "bare page, anonymous": (server.port, bare.url, {}),
                "demo lesson (all blocks), learner": (server.port, demo_lesson.url, cookies),
            },
            requests=args.requests,
            concurrency=args.concurrency,
            rounds=args.rounds,
        )
        if not args.skip_conn_age:
            fresh = stack.start_server(workers=args.workers, extra_env={"DJANGO_CONN_MAX_AGE": "0"})
            rate(fresh.port, bare.url, cookies, requests=8 * args.workers, concurrency=args.workers)
            print("persistent connections against a new connection per request (bare page, learner):")
            conn = compare(
                {
                    "CONN_MAX_AGE=60 (production)": (server.port, bare.url, cookies),
                    "CONN_MAX_AGE=0": (fresh.port, bare.url, cookies),
                },
                requests=args.requests // 2,
                concurrency=args.concurrency,
                rounds=args.rounds,
            )
            print(
                f"CONN_MAX_AGE=0 serves at {conn['CONN_MAX_AGE=0'] / conn['CONN_MAX_AGE=60 (production)']:.2f} "
                "of the persistent rate"
            )
        print(f"ratio: {rates['lesson, enrolled learner'] / rates['bare page, same learner']:.2f}")


if __name__ == "__main__":
    main()
