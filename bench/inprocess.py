"""Where an uncached page's CPU goes: the portal's WSGI application called in this process.

`make bench` gives throughput under gunicorn; this tool splits one page's cost, to decide
what to work on next. On the benchmark's database and Redis (run `make bench` once first),
without the page cache (the fragment caches on; --cached: with it), a scenario's request is made --requests
times in a row, five times over (the variants below taking turns), and the best batch is
printed, in CPU milliseconds per request:

- `full`: the request as served;
- `-render`: the page's drawing (its cached frame and sidebar, or the template) replaced by
  the finished page (what drawing it costs);
- `-query`: the view's database query replaced by its result (article only);
- `-count`: the article's view count not recorded;
- `floor`: all three replaced, what Django and the middleware cost around the view.

Single runs on a shared machine vary by ±15%: compare figures from one run. --profile
prints cProfile's table of the full request instead (its timings are inflated, its call
counts exact). --instructions counts the user-space instructions of the full request with
valgrind's callgrind instead: the process is run twice under valgrind, warmed up alike, once
making --requests requests more, and the difference is divided by --requests. The count is
steady where timings on a shared VM swing by a quarter (a garbage collection landing in one run
and not the other moves it by ±0.3 M at 100 requests: use 300 or more for small changes).

    .venv/bin/python bench/inprocess.py --scenario article [--requests 1000] [--profile tottime]
    .venv/bin/python bench/inprocess.py --scenario article --requests 300 --instructions
"""

import argparse
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import run  # noqa: E402 - the path above first


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scenario", default="article", choices=("home", "section", "article", "search"))
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument(
        "--cached", action="store_true", help="with the page cache on: a hit (an article's view still counted)"
    )
    parser.add_argument("--profile", metavar="SORT", help="print cProfile's table, sorted by SORT (tottime, cumtime)")
    parser.add_argument(
        "--instructions", action="store_true", help="count instructions per request under valgrind (callgrind)"
    )
    # --instructions' runs under valgrind: warm up, then make BATCH requests.
    parser.add_argument("--batch", type=int, help=argparse.SUPPRESS)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://portal:portal@127.0.0.1:5432/portal_bench"),
    )
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/4"))
    return parser.parse_args()


def wsgi_caller(application, path):
    """A function making the GET request `path` as nginx forwards it, returning (status, body)."""
    path, _, query = path.partition("?")

    def call():
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8104",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_USER_AGENT": run.READER_AGENT,
            "HTTP_X_FORWARDED_PROTO": "https",
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
            "wsgi.version": (1, 0),
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }
        status = []
        body = b"".join(application(environ, lambda s, headers, exc_info=None: status.append(s)))
        return status[0], body

    return call


def cpu_per_batch(call, requests):
    """CPU milliseconds per request over one batch of `requests`."""
    started = time.process_time()
    for _ in range(requests):
        call()
    return (time.process_time() - started) / requests * 1000


WARM_UP = 50


def count_instructions(args):
    """Instructions per full request: two runs under callgrind, with and without --requests more."""
    import re
    import subprocess

    collected = []
    for batch in (0, args.requests):
        command = [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            *[a for a in sys.argv if a != "--instructions"],
            "--batch",
            str(batch),
        ]
        # Under valgrind a request takes some 50 times longer: the view buffer's flush, once a
        # second, would land on every few dozen requests instead of every few hundred.
        env = {**os.environ, "VIEW_BUFFER_SECONDS": "3600"}
        done = subprocess.run(command, capture_output=True, text=True, check=False, env=env)
        found = re.search(r"Collected : (\d+)", done.stderr)
        if done.returncode or not found:
            raise SystemExit(f"valgrind failed ({done.returncode}):\n{done.stderr[-2000:]}")
        collected.append(int(found.group(1)))
    per_request = (collected[1] - collected[0]) / args.requests
    print(f"{args.scenario}: {per_request / 1e6:.3f} M instructions per request", end=" ")
    print(f"({args.requests} requests after {WARM_UP})")


def main():
    args = parse_args()
    if args.instructions:
        return count_instructions(args)
    os.environ.update(run.django_environment(args, run.BASE_DIR / "var" / "bench"))
    os.environ["PAGE_CACHE"] = "true" if args.cached else "false"
    import django

    django.setup()
    from django.http import HttpResponse

    import news.views
    from portal.wsgi import application

    scenario = next(s for s in run.scenarios() if s.name == args.scenario)
    call = wsgi_caller(application, scenario.path)
    status, page = call()
    print(f"{scenario.name} {scenario.path}: {status}, {len(page)} bytes")
    if not status.startswith("200"):
        raise SystemExit("The page must answer 200.")
    if args.batch is not None:
        for _ in range(WARM_UP + args.batch):
            call()
        return
    if args.profile:
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.runcall(lambda: [call() for _ in range(args.requests)])
        pstats.Stats(profile).sort_stats(args.profile).print_stats(int(os.environ.get("PROFILE_ROWS", 50)))
        return

    text = page.decode()
    # Home, section and article pages are drawn by render_framed() (a cached frame and the
    # sidebar, or the template on a miss), the search page by render().
    drawn_by = "render" if scenario.name == "search" else "render_framed"
    stubs = {"render": (drawn_by, lambda request, *a, **k: HttpResponse(text))}
    if scenario.name == "article":
        found = news.views.article_stamp(int(scenario.path.rsplit("-", 1)[1].removesuffix(".html")))
        stubs["query"] = ("article_stamp", lambda pk: found)
        stubs["count"] = ("record_view", lambda pk, known_count=None: None)
    real = {name: getattr(news.views, name) for name, _stub in stubs.values()}

    variants = {"full": [], **{f"-{part}": [part] for part in stubs}}
    if len(stubs) > 1:
        variants["floor"] = list(stubs)
    best = dict.fromkeys(variants, float("inf"))
    for _ in range(200):
        call()
    # Variants take turns, batch after batch, so that the machine's slow moments fall on all alike.
    for _ in range(5):
        for label, replaced in variants.items():
            for part in replaced:
                name, stub = stubs[part]
                setattr(news.views, name, stub)
            try:
                call()
                best[label] = min(best[label], cpu_per_batch(call, args.requests))
            finally:
                for name, function in real.items():
                    setattr(news.views, name, function)
    for label, ms in best.items():
        print(f"  {label:10s} {ms:6.3f} ms CPU per request (best of 5 batches)")


if __name__ == "__main__":
    main()
