"""`python -m bench` (`make bench`): performance as ratios against bare baselines, one run.

1. Builds (or reuses) a separate PostgreSQL database with `seed_demo --applicants N`.
2. Starts gunicorn and a Celery worker against it (Redis broker).
3. Measures, each beside its baseline from the same run on the same machine:
   - pages (coordinator inbox, applicant dashboard, registry search) at 16 concurrent clients
     against a minimal Django view rendering 50 rows from PostgreSQL: p50/p95 and requests/s;
   - mixed: the same pages at 16 clients while a writer thread here makes real changes
     through the portal's services (`--write-rate`, default 2 a second: a training added, an
     assignment made, a registry opt-in toggled; bench/writer.py);
   - uncached: every main page one request at a time with the cache emptied before each,
     beside the bare page measured the same way, with each page's query count;
   - the per-region report against the raw SQL GROUP BY it needs;
   - a certificate render against bare WeasyPrint on the same HTML;
   - bulk certificate throughput per worker process against bare WeasyPrint in one process;
   - the daily reminder job over all endorsements;
   - a load test of 25 concurrent users for 60 s across the main pages (must end with no errors).
4. Prints one table (and writes var/bench-results.md). Exit status 1 if the load test or a
   page load erred, a write failed, or a measure crashed; a missed target is reported, not fatal.

`--smoke` runs the same steps at a tiny size (CI proves the harness works, not the numbers).
"""

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PAGE_CLIENTS = 16
LOAD_USERS = 25
WORKER_CONCURRENCY = 2


def parse_args():
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--smoke", action="store_true", help="tiny sizes: prove it works")
    parser.add_argument("--applicants", type=int, default=None, help="default 100000 (smoke 150)")
    parser.add_argument("--seconds", type=float, default=None, help="per page (default 15)")
    parser.add_argument("--load-seconds", type=float, default=None, help="load test (default 60)")
    parser.add_argument("--reuse", action="store_true", help="keep an already seeded database")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--write-rate", type=float, default=2.0, help="changes a second in the mixed measure"
    )
    parser.add_argument(
        "--pages-only", action="store_true", help="only the three pages against the baseline"
    )
    return parser.parse_args()


def bench_database_url() -> str:
    explicit = os.environ.get("BENCH_DATABASE_URL")
    if explicit:
        return explicit
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal")
    parts = urlsplit(base)
    if parts.scheme not in ("postgres", "postgresql"):
        sys.exit("make bench needs PostgreSQL: set DATABASE_URL or BENCH_DATABASE_URL")
    return urlunsplit(parts._replace(path="/portal_bench"))


def server_env(db_url: str, broker: str, port: int) -> dict:
    return {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DATABASE_URL": db_url,
        "CELERY_BROKER_URL": broker,
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + "k" * 60,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "EMAIL_URL": "dummymail://",
        # The portal's settings with the bare baseline page mounted (bench/settings.py).
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "PRIVATE_FILES_ROOT": str(ROOT / "var" / "bench-private"),
        "CONN_MAX_AGE": "600",
        # As in production: a shared Redis cache (rate limits, sessions read through it).
        "CACHE_URL": os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/3"),
        "LOG_LEVEL": "WARNING",
        # One client address makes every request here: the per-address limits would measure
        # themselves instead of the pages.
        "REGISTRY_RATE_LIMIT": "100000000",
    }


def recreate_database(db_url: str):
    import psycopg2

    parts = urlsplit(db_url)
    name = parts.path.lstrip("/")
    admin = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def wait_port(port: int, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), 1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server did not start on port {port}")


def median_seconds(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main():
    args = parse_args()
    smoke = args.smoke
    applicants = args.applicants or (150 if smoke else 100_000)
    seconds = args.seconds or (2 if smoke else 15)
    load_seconds = args.load_seconds or (5 if smoke else 60)
    db_url = bench_database_url()
    broker = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/2")
    env = server_env(db_url, broker, args.port)
    os.environ.update(env)
    python = sys.executable

    print(
        f"== make bench: {applicants:,} applicants, {seconds:g} s per page, "
        f"{load_seconds:g} s load test{' (smoke)' if smoke else ''}",
        flush=True,
    )
    t0 = time.monotonic()
    if not args.reuse:
        recreate_database(db_url)
    subprocess.run(
        [python, "manage.py", "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True
    )

    import django

    django.setup()
    from bench import measures

    seeded = measures.applicant_count()
    if seeded < applicants:
        subprocess.run(
            [python, "manage.py", "seed_demo", "--applicants", str(applicants - seeded)],
            cwd=ROOT,
            env=env,
            check=True,
        )
    print(
        f"   database ready in {time.monotonic() - t0:.0f} s: {measures.row_counts()}", flush=True
    )

    procs = []
    try:
        procs.append(
            subprocess.Popen(
                [
                    python,
                    "-m",
                    "gunicorn",
                    "endorsement_portal.wsgi",
                    "--bind",
                    f"127.0.0.1:{args.port}",
                    "--workers",
                    "3",
                    "--log-level",
                    "warning",
                ],
                cwd=ROOT,
                env=env,
            )
        )
        procs.append(
            subprocess.Popen(
                [
                    python,
                    "-m",
                    "celery",
                    "-A",
                    "endorsement_portal",
                    "worker",
                    "--concurrency",
                    str(WORKER_CONCURRENCY),
                    "--loglevel",
                    "WARNING",
                    "-Q",
                    "celery",
                ],
                cwd=ROOT,
                env=env,
            )
        )
        wait_port(args.port)
        base = f"http://127.0.0.1:{args.port}"
        rows = measures.run_all(
            base_url=base,
            seconds=seconds,
            load_seconds=load_seconds,
            smoke=smoke,
            clients=PAGE_CLIENTS,
            load_users=LOAD_USERS,
            median_seconds=median_seconds,
            pages_only=args.pages_only,
            write_rate=args.write_rate,
            worker_concurrency=WORKER_CONCURRENCY,
        )
    finally:
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()

    table = measures.format_table(rows, applicants=applicants, when=date.today())
    print(table)
    out = ROOT / "var" / "bench-results.md"
    out.parent.mkdir(exist_ok=True)
    out.write_text(table + "\n")
    failures = [r for r in rows if r.get("failed")]
    if failures:
        print("FAILED: " + "; ".join(r["name"] + ": " + r["failed"] for r in failures))
        sys.exit(1)


if __name__ == "__main__":
    main()
