"""`make bench`, second part: reader pages while Redis is down, against the portal without Redis.

Two portals under gunicorn, same settings and CPUs, on the benchmark database that bench/run.py
seeds: one without REDIS_URL (its cache is PostgreSQL's table), one whose REDIS_URL points at a
port where nothing listens (its circuit breaker opens at the first call and the database's
cache stands in). The ratio is the median of per-round ratios of their requests per second,
rounds alternating the two; the article's views must be counted exactly by both.
Target: the portal with Redis down keeps at least 0.7 of the throughput of the one without it.
"""

import argparse
import os
import socket
import statistics
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from bench.run import READER_AGENT, Server, django_environment, log, wrk  # noqa: E402

TARGET = 0.7


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=4.0)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--nice", type=int, default=-5 if os.geteuid() == 0 else 0)
    parser.add_argument("--connections", type=int, default=12)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("BENCH_WORKERS", 3)))
    parser.add_argument("--server-cpus", default=os.environ.get("BENCH_SERVER_CPUS", "0"))
    parser.add_argument("--client-cpus", default=os.environ.get("BENCH_CLIENT_CPUS", "1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", 8114)), help="first of 2 ports")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://portal:portal@127.0.0.1:5432/portal_bench"),
    )
    return parser.parse_args()


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when this returns: nothing listens there


def main():
    args = parse_args()
    var = BASE_DIR / "var" / "bench"
    var.mkdir(parents=True, exist_ok=True)
    args.redis_url = ""
    env = django_environment(args, var)
    env.pop("REDIS_URL")
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from news.models import Article

    call_command("migrate", interactive=False, verbosity=0)
    if not (var / "static" / "staticfiles.json").exists():
        call_command("collectstatic", interactive=False, verbosity=0)
    article = Article.objects.published().order_by("-published_at").first()
    if article is None:
        raise SystemExit("No articles: run bench/run.py first (make bench), which seeds the database.")
    pages = {"home": "/", "article": article.get_absolute_url()}

    def views():
        connection.close()
        return Article.objects.filter(pk=article.pk).values_list("view_count", flat=True).get()

    server_env = {**os.environ, "GUNICORN_WORKERS": str(args.workers), "GUNICORN_ACCESSLOG": "", "PAGE_CACHE": "true"}
    servers = {
        "without Redis": Server("no-redis", "portal.wsgi", args.port, server_env, args.server_cpus, var, args.nice),
        "Redis down": Server(
            "redis-down",
            "portal.wsgi",
            args.port + 1,
            {**server_env, "REDIS_URL": f"redis://127.0.0.1:{closed_port()}/0", "REDIS_CONNECT_TIMEOUT": "0.5"},
            args.server_cpus,
            var,
            args.nice,
        ),
    }
    failures, rows, exactness = [], [], []
    try:
        for server in servers.values():
            server.wait_ready("/")
        for name, path in pages.items():
            runs = {mode: [] for mode in servers}
            for server in servers.values():
                wrk(args, server.port, path, 1)  # warm up
            for round_ in range(args.rounds):
                order = list(servers) if round_ % 2 == 0 else list(reversed(servers))
                for mode in order:
                    before = views() if name == "article" else None
                    result = wrk(args, servers[mode].port, path, args.seconds)
                    if before is not None:
                        exactness.append((mode, result["ok"], views() - before))
                    runs[mode].append(result)
            pairs = zip(runs["Redis down"], runs["without Redis"], strict=True)
            ratio = statistics.median(down["rps"] / up["rps"] for down, up in pairs if up["rps"])
            medians = {mode: statistics.median(r["rps"] for r in runs[mode]) for mode in servers}
            rows.append((name, medians["without Redis"], medians["Redis down"], ratio))
            if ratio < TARGET:
                failures.append(f"{name}: {ratio:.2f} < {TARGET}")
    finally:
        for server in servers.values():
            server.stop()
    log()
    log(
        f"Redis down against no Redis: {args.workers} workers on CPU {args.server_cpus}, {args.rounds} rounds of "
        f"{args.seconds:.0f} s, {args.connections} connections, agent {READER_AGENT[:24]}…"
    )
    log(f"{'page':<10}{'without Redis req/s':>22}{'Redis down req/s':>20}{'ratio':>8}  target >= {TARGET}")
    for name, up, down, ratio in rows:
        log(f"{name:<10}{up:>22.0f}{down:>20.0f}{ratio:>8.2f}  {'ok' if ratio >= TARGET else 'BELOW'}")
    for mode, accepted, counted in exactness:
        mark = "exact" if accepted == counted else "MISMATCH"
        log(f"article ({mode}): {accepted} answers with 200, {counted} views counted: {mark}")
        if accepted != counted:
            failures.append(f"article {mode}: {accepted} answers, {counted} counted")
    log("All targets met." if not failures else "Below target: " + "; ".join(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
