"""Load on the production stack (loopback only, bounded): learners browsing while 100 submit the same quiz.

Starts gunicorn (``lms.wsgi``, ``lms.settings.production``, production's ``lms/gunicorn.conf.py``: 5 sync
workers on 2 cores) and the task worker on a free loopback port against a fresh PostgreSQL database
(``lms_bench_load``) with Redis for cache and sessions, seeded with ``load_demo`` plus the bench learners
(officials enrolled in the demo introduction course) and a 10-question quiz. Then, within a 10-second arrival
window:
* 200 learners browse: catalogue, course page, three lessons in a row, "my courses" (5 of them first log in
  through the allauth form with its CSRF token; the others carry a session created directly with Django's
  SessionStore, as the password hasher and the per-IP login limit would otherwise be what is measured);
* 100 learners open the quiz, start an attempt, answer it and submit it; 30 of them retry the submit with the
  same payload: 15 send it twice at the same moment, 10 send it again after the first answer, 5 give up on
  the first request after 20 ms (the server still processes it) and send it again.
The think times (0.2-0.8 s between pages, 1-3 s to answer the quiz) are a deliberate burst, not a model of
study: a learner reading a lesson opens a page every 30-60 s, so these 300 learners ask for what thousands
studying at their own pace would. They are kept as the stress case of the issue (#20, "300 learners at once").
It prints requests per second, p50/p95 latency per endpoint and status counts, the load average, and the CPU
each request cost: per endpoint from the server's ledger (bench/gunicorn_ledger.py: the gunicorn worker
thread and its PostgreSQL backend between gunicorn's pre_request and post_request hooks) and per process role
over the whole run from /proc (gunicorn, PostgreSQL backends, task worker, the shared Redis server, this load
client), with the requests per second per core they imply: on a shared machine wall-clock latency measures the
machine, CPU per request measures the platform, and docs/deploy.md's capacity figures come from it. Then it
reconciles through the ORM: one attempt per submitting learner, graded once (all its questions scored, the
score is their sum, the expected 100 %), no lost submission (every learner who got a redirect for a submit
has a submitted attempt), each browsing learner's last visited lesson recorded, and no 5xx. Exits 1 when any
check fails.

``--sqlite`` runs the same scenario against a SQLite file (the zero-setup default: no Redis, database
sessions) with 2 workers, at rising sizes, and prints where it tops out.
``--reuse-seed`` keeps the seeded database (PostgreSQL: a template; SQLite: a copy of the file, both under a hash
of the migrations and the demo code) and copies it on the next run instead of seeding (seeding takes minutes).
Run: .venv/bin/python bench/load.py [--browsers 200] [--submitters 100] [--workers 5] [--worker-class sync]
     .venv/bin/python bench/load.py --sqlite [--levels 10,20,40]
"""

import argparse
import os
import random
import re
import sys
import threading
import time
from dataclasses import dataclass, field

from _stack import (
    Client,
    Recorder,
    Stack,
    cpu_used,
    csrf_token,
    make_learners,
    percentile,
    session_cookie,
    summarise,
)

WINDOW = 10.0  # seconds over which learners arrive
CORES = os.cpu_count() or 1
REAL_LOGINS = 5
CHOICE_INPUT = re.compile(r'<input type="(?:radio|checkbox)" name="(q\d+)" id="[^"]*" value="(\d+)"')
COURSE_SLUG = "gioi-thieu-do-thi-thong-minh"


@dataclass
class Plan:
    """What the learners need to know about the seeded site, and what they report back."""

    port: int
    catalog_url: str
    course_url: str
    lesson_urls: list[str]
    lesson_ids: list[int]
    quiz_url: str
    quiz_start_url: str
    correct: set[str]
    outcomes: dict = field(default_factory=dict)  # user pk -> what the client saw
    problems: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def problem(self, text: str) -> None:
        with self.lock:
            self.problems.append(text)


def seed_scenario(stack: Stack, *, learners: int, prefix: str):
    """The course, its lessons, a 10-question quiz and ``learners`` enrolled officials with sessions."""
    from assessment.models import Choice
    from cms.models import CatalogPage, CoursePage
    from courses.selectors import course_lessons
    from tests.factories import make_question, make_quiz

    course = CoursePage.objects.get(slug=COURSE_SLUG)
    lessons = list(course_lessons(course=course).defer("body"))
    types = ["single"] * 4 + ["multiple"] * 3 + ["truefalse"] * 3
    questions = [make_question(qtype=t, name=f"bench-{prefix}-{i}") for i, t in enumerate(types)]
    quiz = make_quiz(
        course, questions, title=f"Bench {prefix}", time_limit_minutes=20, max_attempts=3, pass_mark=70
    )
    correct = {
        str(pk)
        for pk in Choice.objects.filter(question__in=questions, fraction__gt=0).values_list("pk", flat=True)
    }
    users = make_learners(count=learners, course=course, prefix=prefix)
    plan = Plan(
        port=0,
        catalog_url=CatalogPage.objects.get().url,
        course_url=course.url,
        lesson_urls=[lesson.url for lesson in lessons],
        lesson_ids=[lesson.pk for lesson in lessons],
        quiz_url=f"/hoc-tap/bai-kiem-tra/{quiz.pk}/",
        quiz_start_url=f"/hoc-tap/bai-kiem-tra/{quiz.pk}/bat-dau/",
        correct=correct,
    )
    return plan, quiz, users


def think(low: float = 0.2, high: float = 0.8) -> None:
    time.sleep(random.uniform(low, high))


def browse(plan: Plan, recorder: Recorder, user, cookies: dict, start_at: float, real_login: bool) -> None:
    time.sleep(max(0.0, start_at - time.perf_counter()))
    client = Client(plan.port, recorder, cookies)
    if real_login:
        from _stack import LEARNER_PASSWORD

        status, _, html = client.get("/accounts/login/", endpoint="login form")
        status, _, _ = client.post(
            "/accounts/login/",
            {"csrfmiddlewaretoken": csrf_token(html), "login": user.email, "password": LEARNER_PASSWORD},
            endpoint="login (POST)",
        )
        if status != 302:
            plan.problem(f"{user.email}: login answered {status}")
            return
    client.get(plan.catalog_url, endpoint="catalogue")
    think()
    client.get(plan.course_url, endpoint="course page")
    first = random.randrange(max(1, len(plan.lesson_urls) - 2))
    visited = None
    for index in range(first, min(first + 3, len(plan.lesson_urls))):
        think()
        status, _, _ = client.get(plan.lesson_urls[index], endpoint="lesson page")
        if status == 200:
            visited = plan.lesson_ids[index]
    think()
    client.get("/hoc-tap/", endpoint="my courses")
    client.close()
    with plan.lock:
        plan.outcomes[user.pk] = {"kind": "browser", "last_lesson": visited}


def submit_quiz(plan: Plan, recorder: Recorder, user, cookies: dict, start_at: float, retry: str) -> None:
    time.sleep(max(0.0, start_at - time.perf_counter()))
    client = Client(plan.port, recorder, cookies)
    outcome = {
        "kind": "submitter",
        "retry": retry,
        "submit_ok": 0,
        "submit_statuses": [],
        "submitted_at": None,
    }
    with plan.lock:
        plan.outcomes[user.pk] = outcome
    client.get(plan.course_url, endpoint="course page")
    status, _, html = client.get(plan.quiz_url, endpoint="quiz overview")
    status, headers, _ = client.post(
        plan.quiz_start_url, {"csrfmiddlewaretoken": csrf_token(html)}, endpoint="quiz start (POST)"
    )
    attempt_url = headers.get("location", "")
    if status != 302 or "/lan-lam-bai/" not in attempt_url:
        plan.problem(f"{user.email}: quiz start answered {status} {attempt_url}")
        return
    status, _, html = client.get(attempt_url, endpoint="attempt page")
    if status != 200:
        plan.problem(f"{user.email}: attempt page answered {status}")
        return
    form = [("csrfmiddlewaretoken", csrf_token(html)), ("action", "submit")]
    form += [(name, value) for name, value in CHOICE_INPUT.findall(html) if value in plan.correct]
    think(1.0, 3.0)  # answering
    outcome["submitted_at"] = time.perf_counter()

    def send(c: Client, endpoint: str, timeout: float | None = None) -> None:
        status, headers, _ = c.post(attempt_url, form, endpoint=endpoint, timeout=timeout)
        if timeout is not None and status == 0:
            return  # the client gave up on purpose; the server carries on
        outcome["submit_statuses"].append(status)
        if status == 302 and headers.get("location", "").endswith("/ket-qua/"):
            outcome["submit_ok"] += 1

    if retry == "concurrent":
        twin = Client(plan.port, recorder, client.cookies)
        other = threading.Thread(target=send, args=(twin, "quiz submit (duplicate)"))
        other.start()
        send(client, "quiz submit (POST)")
        other.join()
        twin.close()
    elif retry == "resend":
        send(client, "quiz submit (POST)")
        send(client, "quiz submit (duplicate)")
    elif retry == "gave-up":
        send(client, "quiz submit (gave up)", timeout=0.02)
        client.close()
        send(client, "quiz submit (duplicate)")
    else:
        send(client, "quiz submit (POST)")
    client.get(attempt_url + "ket-qua/", endpoint="attempt result")
    client.close()


def run_load(stack: Stack, server, *, browsers: int, submitters: int, prefix: str) -> tuple[bool, dict]:
    """One scenario run; returns (reconciled, figures)."""
    plan, quiz, users = seed_scenario(stack, learners=browsers + submitters, prefix=prefix)
    plan.port = server.port
    browser_users, submit_users = users[:browsers], users[browsers:]
    # The first browsers log in through the form; at a small level there are fewer of them than REAL_LOGINS,
    # and every submitter carries a session.
    real_logins = min(REAL_LOGINS, browsers)
    cookies = {u.pk: dict([session_cookie(u)]) for u in users[real_logins:]}
    retries = ["concurrent"] * 15 + ["resend"] * 10 + ["gave-up"] * 5
    scale = submitters / 100
    retries = [r for i, r in enumerate(retries) if i < round(len(retries) * scale)]
    retries += ["none"] * (submitters - len(retries))
    random.shuffle(retries)
    recorder = Recorder()
    t0 = time.perf_counter() + 0.5
    threads = []
    for i, user in enumerate(browser_users):
        real = i < real_logins
        args = (plan, recorder, user, cookies.get(user.pk, {}), t0 + random.uniform(0, WINDOW), real)
        threads.append(threading.Thread(target=browse, args=args))
    for user, retry in zip(submit_users, retries, strict=True):
        args = (plan, recorder, user, cookies[user.pk], t0 + random.uniform(0, WINDOW), retry)
        threads.append(threading.Thread(target=submit_quiz, args=args))
    server.clear_ledger()
    cpu_before = stack.cpu_snapshot(server)
    load_before = os.getloadavg()[0]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=150)
    wall = time.perf_counter() - t0
    cpu = cpu_used(cpu_before, stack.cpu_snapshot(server))
    samples = recorder.samples
    for line in summarise(samples, wall_seconds=wall):
        print(line)
    print(
        f"load average (1 min) at the start {load_before:.1f}, at the end {os.getloadavg()[0]:.1f} on {CORES} cores"
    )
    for line in cpu_summary(server.ledger_rows(), cpu, requests=len(samples), wall=wall):
        print(line)
    submit_times = sorted(
        o["submitted_at"] - t0 for o in plan.outcomes.values() if o.get("submitted_at") is not None
    )
    if submit_times:
        print(
            f"submits sent between {submit_times[0]:.1f} s and {submit_times[-1]:.1f} s "
            f"({len(submit_times)} learners; retries: {sum(r != 'none' for r in retries)})"
        )
    ok, figures = reconcile(plan, quiz, browser_users, submit_users, samples)
    figures.update(
        rps=len(samples) / wall,
        wall=wall,
        fivexx=sum(1 for s in samples if s.status >= 500),
        p95_submit=_p95(samples, "quiz submit (POST)"),
    )
    return ok, figures


def cpu_summary(rows, cpu: dict[str, float], *, requests: int, wall: float) -> list[str]:
    """CPU per request per endpoint (the server's ledger) and per process role (/proc), with what it implies.

    Wall-clock latency on a shared machine measures the machine; CPU time per request does not depend much on
    what else runs, so the capacity figures (requests per second per core) are computed from it.
    """
    lines = [
        "CPU per request (worker thread from gunicorn's pre_request to post_request; its PostgreSQL backend "
        "over the same span):",
        f"  {'endpoint':<26} {'n':>5} {'app ms':>8} {'p95 app':>8} {'PG ms':>7} {'both ms':>8} {'req/s/core':>11}",
    ]
    by_endpoint: dict[str, list] = {}
    for endpoint, _status, app, pg in rows:
        by_endpoint.setdefault(endpoint, []).append((app, pg))
    total_app = total_pg = 0.0
    for endpoint in sorted(by_endpoint):
        values = by_endpoint[endpoint]
        app = sum(a for a, _ in values) / len(values)
        pgs = [p for _, p in values if p is not None]
        pg = sum(pgs) / len(pgs) if pgs else 0.0
        total_app += app * len(values)
        total_pg += pg * len(values)
        lines.append(
            f"  {endpoint:<26} {len(values):>5} {app:>8.1f} {percentile([a for a, _ in values], 95):>8.1f} "
            f"{pg:>7.1f} {app + pg:>8.1f} {1000 / (app + pg):>11.0f}"
        )
    served = len(rows)
    if served:
        app, pg = total_app / served, total_pg / served
        lines.append(
            f"  {'the whole mix':<26} {served:>5} {app:>8.1f} {'':>8} {pg:>7.1f} {app + pg:>8.1f} "
            f"{1000 / (app + pg):>11.0f}"
        )
    share = ", ".join(f"{role} {seconds:.1f} s" for role, seconds in cpu.items())
    lines.append(f"CPU over the run (/proc, {wall:.1f} s wall, {CORES} cores): {share}")
    if requests:
        server_ms = (cpu["gunicorn"] + cpu["PostgreSQL backends"]) * 1000 / requests
        lines.append(
            f"  server (gunicorn processes + PostgreSQL backends) {server_ms:.1f} ms CPU per request "
            f"(gunicorn {cpu['gunicorn'] * 1000 / requests:.1f}, PostgreSQL "
            f"{cpu['PostgreSQL backends'] * 1000 / requests:.1f}): {1000 / server_ms:.0f} requests/s per core, "
            f"{CORES * 1000 / server_ms:.0f} per {CORES}-core node with the database on it; the load client "
            f"itself used {cpu['load client']:.1f} s of the same cores"
        )
    return lines


def _p95(samples, endpoint: str) -> float:
    return percentile([s.seconds * 1000 for s in samples if s.endpoint == endpoint], 95)


def reconcile(plan: Plan, quiz, browser_users, submit_users, samples) -> tuple[bool, dict]:
    from django.db.models import Count, Sum

    from assessment.models import AttemptQuestion, QuizAttempt
    from courses.models import Enrollment

    failures = list(plan.problems)
    fivexx = [s for s in samples if s.status >= 500]
    unanswered = [s for s in samples if s.status == 0 and s.endpoint != "quiz submit (gave up)"]
    attempts = {}
    for attempt in QuizAttempt.objects.filter(quiz=quiz).annotate(
        rows=Count("questions"), row_score=Sum("questions__score")
    ):
        attempts.setdefault(attempt.user_id, []).append(attempt)
    scored_rows = dict(
        AttemptQuestion.objects.filter(attempt__quiz=quiz, score__isnull=False)
        .values_list("attempt_id")
        .annotate(n=Count("id"))
    )
    lost = duplicated = graded_wrong = acknowledged = submitted = 0
    question_count = quiz.pool.count()
    for user in submit_users:
        outcome = plan.outcomes.get(user.pk, {})
        mine = attempts.get(user.pk, [])
        if len(mine) > 1:
            duplicated += 1
            failures.append(f"{user.email}: {len(mine)} attempts")
        if outcome.get("submit_ok"):
            acknowledged += 1
        done = [a for a in mine if a.status == QuizAttempt.Status.SUBMITTED]
        if done:
            submitted += 1
        if outcome.get("submit_ok") and not done:
            lost += 1
            failures.append(f"{user.email}: submit acknowledged but no submitted attempt")
        for attempt in done:
            if (
                attempt.rows != question_count
                or scored_rows.get(attempt.pk) != question_count
                or attempt.score != attempt.row_score
                or attempt.percent != 100
                or attempt.finished_at is None
            ):
                graded_wrong += 1
                failures.append(
                    f"{user.email}: attempt {attempt.pk} rows={attempt.rows} scored={scored_rows.get(attempt.pk)} "
                    f"score={attempt.score} sum={attempt.row_score} percent={attempt.percent}"
                )
        if outcome and not outcome.get("submit_ok"):
            failures.append(f"{user.email}: no submit was acknowledged ({outcome.get('submit_statuses')})")
    last_lessons = dict(
        Enrollment.objects.filter(user__in=browser_users, course__slug=COURSE_SLUG).values_list(
            "user_id", "last_lesson_id"
        )
    )
    lesson_mismatch = 0
    for user in browser_users:
        visited = plan.outcomes.get(user.pk, {}).get("last_lesson")
        if visited is not None and last_lessons.get(user.pk) != visited:
            lesson_mismatch += 1
            failures.append(f"{user.email}: last lesson {last_lessons.get(user.pk)} != visited {visited}")
    print(
        f"reconciliation: submitters={len(submit_users)} acknowledged={acknowledged} submitted attempts={submitted} "
        f"lost={lost} duplicated={duplicated} graded wrongly={graded_wrong} "
        f"browsers' last lesson not recorded={lesson_mismatch} 5xx={len(fivexx)} "
        f"no response={len(unanswered)}"
    )
    if fivexx:
        failures.append(f"{len(fivexx)} responses were 5xx")
    if unanswered:
        failures.append(f"{len(unanswered)} requests got no response")
    for line in failures[:15]:
        print(f"  FAIL {line}")
    if len(failures) > 15:
        print(f"  … and {len(failures) - 15} more")
    figures = {
        "lost": lost,
        "duplicated": duplicated,
        "failures": len(failures),
        "submitted_share": submitted / len(submit_users) if submit_users else 1.0,
    }
    return not failures, figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--browsers", type=int, default=200)
    parser.add_argument("--submitters", type=int, default=100)
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="gunicorn workers (lms/gunicorn.conf.py; 2 with --sqlite)",
    )
    parser.add_argument(
        "--worker-class", default=None, choices=["sync", "gthread"], help="production's by default"
    )
    parser.add_argument("--threads", type=int, default=None, help="threads per gthread worker (production's)")
    parser.add_argument("--sqlite", action="store_true", help="a SQLite file instead of PostgreSQL")
    parser.add_argument(
        "--levels", default="10,20,40", help="--sqlite: learners per run, a third of them submitting"
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--reuse-seed",
        action="store_true",
        help="keep the seeded database (a template, or a SQLite copy) and copy it next time",
    )
    args = parser.parse_args()
    random.seed(args.seed)
    workers = args.workers or (2 if args.sqlite else None)
    name = "lms_bench_load_sqlite" if args.sqlite else "lms_bench_load"
    with Stack(name=name, sqlite=args.sqlite, redis_db=13) as stack:
        stack.seed_demo(reuse=args.reuse_seed)
        stack.start_worker()
        server = stack.start_server(workers=workers, worker_class=args.worker_class, threads=args.threads)
        database = "SQLite file, database sessions, no Redis" if args.sqlite else "PostgreSQL 15 + Redis"
        print(
            f"stack: gunicorn lms.wsgi, {server.describe()}, {database}, task worker running; "
            "client: threads + http.client"
        )
        if not args.sqlite:
            print(f"== {args.browsers} browsing + {args.submitters} submitting, arriving over {WINDOW:.0f} s")
            ok, figures = run_load(
                stack, server, browsers=args.browsers, submitters=args.submitters, prefix="load"
            )
            if figures["fivexx"]:
                print(server.log_tail())
            # Submitting learners whose attempt is submitted and graded, over all of them: 1.0 is no loss.
            print(f"ratio: {figures['submitted_share']:.2f}")
            sys.exit(0 if ok else 1)
        results = []
        for level in (int(x) for x in args.levels.split(",")):
            submitters = max(1, level // 3)
            print(f"== {level - submitters} browsing + {submitters} submitting, arriving over {WINDOW:.0f} s")
            ok, figures = run_load(
                stack, server, browsers=level - submitters, submitters=submitters, prefix=f"s{level}"
            )
            results.append((level, ok, figures))
        print("sqlite summary (learners: req/s, p95 submit ms, 5xx, lost, duplicated):")
        for level, ok, f in results:
            print(
                f"  {level:>4}: {f['rps']:.1f} req/s, p95 submit {f['p95_submit']:.0f} ms, 5xx {f['fivexx']}, "
                f"lost {f['lost']}, duplicated {f['duplicated']}{'' if ok else '  <- fails'}"
            )
        if any(f["fivexx"] for _, _, f in results):
            print(server.log_tail(2000))
        integrity = all(f["lost"] == 0 and f["duplicated"] == 0 for _, _, f in results)
        print(f"ratio: {min(f['submitted_share'] for _, _, f in results):.2f}")
        sys.exit(0 if integrity else 1)


if __name__ == "__main__":
    main()
