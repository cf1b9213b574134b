"""Signup cost for an address that already has an account against a new one (#12 "Signup timing").

With ACCOUNT_PREVENT_ENUMERATION both answers look the same; this checks that they also cost the same.
Runs in-process (Django's test client) against a PostgreSQL database of its own (``lms_bench_signup``),
with Django's default password hasher (PBKDF2, as in production) instead of the tests' fast one. Both paths
hand one e-mail to the "emails" queue (sent inline here, as in the tests). Rounds alternate known and new
addresses so drift affects both alike; each request comes from its own address so rate limits stay out.
The last line is ``ratio: <known median / new median>`` (target: between 0.8 and 1.25).
Run: .venv/bin/python bench/signup_timing.py [--rounds 15]
"""

import argparse
import statistics
import time

from _setup import django_on_postgres


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    args = parser.parse_args()
    django_on_postgres("lms_bench_signup")

    from django.test import Client, override_settings

    from accounts.models import Audience, User

    def data(email: str) -> dict:
        return {
            "email": email,
            "password1": "Mat-khau-an-toan-2026",
            "password2": "Mat-khau-an-toan-2026",
            "full_name": "Nguyễn Thị Ánh Tuyết",
            "audience": Audience.CITIZEN,
            "consent": "on",
        }

    stamp = int(time.time())
    known_email = f"bench-known-{stamp}@example.test"
    timings: dict[str, list[float]] = {"known": [], "new": []}
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.PBKDF2PasswordHasher"]):
        Client(REMOTE_ADDR="198.51.100.1").post("/accounts/signup/", data(known_email))
        for n in range(args.rounds + 1):
            for kind in ("known", "new") if n % 2 else ("new", "known"):
                email = known_email if kind == "known" else f"bench-new-{stamp}-{n}@example.test"
                client = Client(REMOTE_ADDR=f"198.51.{100 + n % 100}.{2 + (kind == 'new')}")
                started = time.perf_counter()
                response = client.post("/accounts/signup/", data(email))
                elapsed = time.perf_counter() - started
                if response.status_code != 302:
                    raise SystemExit(f"signup answered {response.status_code} for {kind}")
                if n:  # the first round warms caches and is not counted
                    timings[kind].append(elapsed)
    User.objects.filter(email__startswith=f"bench-new-{stamp}").delete()
    known, new = (statistics.median(timings[k]) * 1000 for k in ("known", "new"))
    print(f"rounds: {args.rounds}")
    print(f"known address median: {known:.1f} ms")
    print(f"new address median: {new:.1f} ms")
    print(f"ratio: {known / new:.2f}")


if __name__ == "__main__":
    main()
