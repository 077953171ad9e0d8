"""Benchmark search, the home page and section pages on PostgreSQL with many articles.

Seeds N articles (100,000 by default) of generated Vietnamese text into sections whose slugs
start with `bench-`, fast: bulk inserts in batches, the search vector computed by PostgreSQL
in the same INSERT, no images. Then requests each page through Django's test client, the
whole stack (middleware, views, templates), and prints the median and 95th percentile.

Run it on a database of its own, never on one with real content: it refuses a database that
holds other articles unless told with --allow-nonempty. Its data is removed at the end
unless --keep is given; a later run reuses kept data of the same size.

    DATABASE_URL=postgres://… python bench/discovery.py [--articles 100000] [--keep]   (make bench-search)
"""

import django_boot  # noqa: F401, I001 - first: sets Django up for the imports below
import sys


import os
import random
import statistics
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

from news import demo_content as demo
from news.models import Article, ArticleAuthor, Author, DailyViews, Section, weighted_search_vector
from news.search import SearchForm
from news.templatetags.discovery import MOST_READ_PERIODS, most_read_ids, most_read_key
from news.text import search_words, vn_slugify

PREFIX = "bench-"
SEARCHES = [
    "đại hội đảng bộ",
    "dai hoi dang bo",
    "chuyển đổi số",
    "chuyen doi so",
    "phòng cháy chữa cháy",
    "hoa binh",
    "kiểm tra giám sát",
    '"thanh niên tình nguyện"',
    "nhà văn hóa -tết",
    "hien mau or dien tap",
    "camera an ninh khu dân cư",
    "chuyen doi soo",  # a typo: no exact match, the near-miss fallback runs
]


class Markov:
    """Word-level chain over the demo prose: Vietnamese-looking text with a natural spread of words."""

    def __init__(self, texts):
        self.next = {}
        for text in texts:
            words = text.split()
            for a, b in zip(words, words[1:], strict=False):
                self.next.setdefault(a, []).append(b)
        self.starts = [t.split()[0] for t in texts if t.split()]

    def sentence(self, rng, length):
        word = rng.choice(self.starts)
        out = [word]
        while len(out) < length:
            word = rng.choice(self.next.get(word) or self.starts)
            out.append(word)
        text = " ".join(out).rstrip(",;:")
        return text[0].upper() + text[1:]


def fill(rng, template):
    person, title = rng.choice(demo.PEOPLE)
    return template.format(
        ward=rng.choice(demo.WARDS),
        person=person,
        person_title=title,
        n=rng.randint(3, 40),
        m=rng.randint(41, 60),
        year=rng.randint(2020, 2026),
        event=rng.choice(demo.EVENTS),
        unit_lower=rng.choice(demo.UNITS),
        date=f"{rng.randint(1, 28)}/{rng.randint(1, 12)}",
    )


class Command(BaseCommand):
    help = "Seed many articles on PostgreSQL and time search, the home page and section pages."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=100_000, help="How many articles to seed.")
        parser.add_argument("--repeat", type=int, default=30, help="Timed requests per page or query.")
        parser.add_argument("--batch", type=int, default=1000, help="Rows per INSERT.")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--keep", action="store_true", help="Keep the seeded data (a later run reuses it).")
        parser.add_argument("--cleanup", action="store_true", help="Only remove data of an earlier run, then stop.")
        parser.add_argument("--reseed", action="store_true", help="Seed afresh even if kept data can be reused.")
        parser.add_argument(
            "--allow-nonempty",
            action="store_true",
            help="Run although the database holds other articles (never on a production database).",
        )

    def handle(self, *args, **options):
        if options["cleanup"]:
            self.cleanup()
            return
        others = Article.objects.exclude(section__slug__startswith=PREFIX).count()
        if others and not options["allow_nonempty"]:
            raise CommandError(
                f"This database holds {others} other articles: run the benchmark on a database of its own "
                "(or pass --allow-nonempty if this is not a production database)."
            )
        self.verbosity = options["verbosity"]
        existing = Article.objects.filter(section__slug__startswith=PREFIX).count()
        try:
            if existing != options["articles"] or options["reseed"]:
                if existing:
                    self.cleanup()
                started = time.perf_counter()
                self.seed(random.Random(options["seed"]), options["articles"], options["batch"])
                self.stdout.write(f"Seeded {options['articles']} articles in {time.perf_counter() - started:.0f} s.")
            else:
                self.stdout.write(f"Reusing the {existing} articles of an earlier run.")
            self.measure(options["repeat"])
        finally:
            if not options["keep"]:
                self.cleanup()

    # Seeding ---------------------------------------------------------------------------

    def seed(self, rng, count, batch):
        prose = [fill(rng, p) for p in demo.PARAGRAPHS for _ in range(5)] + [
            fill(rng, t) for *_x, titles in demo.SECTIONS for t in titles for _ in range(3)
        ]
        chain = Markov(prose + [fill(rng, lead) for lead in demo.LEADS for _ in range(5)])
        # Pools of pieces, each with its accent-free form computed once: normalizing 100,000
        # bodies one by one in Python would take minutes.
        titles = [
            fill(rng, rng.choice(rng.choice(demo.SECTIONS)[3])) if rng.random() < 0.5 else chain.sentence(rng, 11)
            for _ in range(8000)
        ]
        leads = [fill(rng, rng.choice(demo.LEADS)) for _ in range(3000)]
        paragraphs = [
            fill(rng, rng.choice(demo.PARAGRAPHS)) if rng.random() < 0.4 else chain.sentence(rng, rng.randint(35, 80))
            for _ in range(4000)
        ]
        titles = [(t, words(t), vn_slugify(t, max_length=80)) for t in titles]
        leads = [(t, words(t)) for t in leads]
        paragraphs = [(p, words(p)) for p in paragraphs]

        with transaction.atomic():
            sections = [
                Section.objects.create(
                    name=name, slug=PREFIX + vn_slugify(name, max_length=100), is_special_topic=topic, menu_order=i
                )
                for i, (name, topic, _d, _t) in enumerate(demo.SECTIONS)
            ]
            authors = [Author.objects.get_or_create(name=name)[0] for name in demo.AUTHORS]

        # Building the GIN index once at the end is much faster than updating it row by row.
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname = 'article_search_idx'")
            gin_indexes = cursor.fetchall()
            for name, _definition in gin_indexes:
                cursor.execute(f"DROP INDEX {name}")
        try:
            self.seed_articles(rng, count, batch, sections, authors, titles, leads, paragraphs)
        finally:
            with connection.cursor() as cursor:
                for _name, definition in gin_indexes:
                    cursor.execute(definition)
        self.seed_views(rng)
        with connection.cursor() as cursor:
            for table in (Article, DailyViews, ArticleAuthor, Section):
                cursor.execute(f"VACUUM ANALYZE {table._meta.db_table}")

    def seed_articles(self, rng, count, batch, sections, authors, titles, leads, paragraphs):
        now = timezone.now()
        statuses = [Article.Status.PUBLISHED] * 97 + [Article.Status.DRAFT, Article.Status.REVIEW, "scheduled"]
        for start in range(0, count, batch):
            articles = []
            for i in range(start, min(start + batch, count)):
                title, title_words, slug = rng.choice(titles)
                lead, lead_words = rng.choice(leads)
                body = rng.sample(paragraphs, rng.randint(6, 12))  # 300 to 900 words, as the district writes
                status = rng.choice(statuses)
                published_at = now - timedelta(minutes=rng.randint(1, 5 * 365 * 24 * 60))
                if status == "scheduled":
                    status, published_at = Article.Status.PUBLISHED, now + timedelta(days=rng.randint(1, 30))
                articles.append(
                    Article(
                        section=rng.choice(sections),
                        title=title,
                        slug=f"{slug}-{PREFIX}{i}",
                        lead=lead,
                        body="".join(f"<p>{text}</p>" for text, _w in body),
                        status=status,
                        published_at=published_at,
                        is_featured=rng.random() < 0.02,
                        byline_kind=rng.choice(demo.BYLINE_KINDS),
                        source_unit=rng.choice(demo.UNITS),
                        view_count=rng.randint(0, 5000),
                        search_text=" ".join([title_words, lead_words, *(w for _t, w in body)]),
                        search_vector=weighted_search_vector(title_words, lead_words, " ".join(w for _t, w in body)),
                    )
                )
            with transaction.atomic():
                Article.objects.bulk_create(articles)
                ArticleAuthor.objects.bulk_create(
                    ArticleAuthor(article=a, author=rng.choice(authors), order=0) for a in articles
                )
            if self.verbosity > 1 or (start + batch) % 20000 == 0:
                self.stdout.write(f"  {min(start + batch, count)} articles")

    def seed_views(self, rng):
        """Daily views: every article of the last 45 days, and a trickle to older ones."""
        today = timezone.localdate()
        bench = Article.objects.published().filter(section__slug__startswith=PREFIX)
        recent = bench.filter(published_at__gte=timezone.now() - timedelta(days=45)).values_list("pk", "published_at")
        rows = {}
        for pk, published_at in recent:
            first = max(timezone.localtime(published_at).date(), today - timedelta(days=44))
            for offset in range((today - first).days + 1):
                views = int(rng.expovariate(1 / 60) * 3 / (offset + 1))
                if views:
                    rows[(pk, first + timedelta(days=offset))] = views
        older = list(bench.values_list("pk", flat=True)[:20000])
        for pk in rng.sample(older, min(len(older), 5000)):
            rows[(pk, today - timedelta(days=rng.randint(0, 44)))] = rng.randint(1, 30)
        DailyViews.objects.bulk_create(
            (DailyViews(article_id=pk, day=day, views=views) for (pk, day), views in rows.items()),
            batch_size=5000,
            ignore_conflicts=True,
        )

    def cleanup(self):
        """Remove the benchmark's sections and everything in them, in a few statements."""
        with transaction.atomic(), connection.cursor() as cursor:
            bench = (
                f"SELECT a.id FROM {Article._meta.db_table} a JOIN {Section._meta.db_table} s "
                f"ON s.id = a.section_id WHERE s.slug LIKE %s"
            )
            like = [PREFIX + "%"]
            for model in (DailyViews, ArticleAuthor):
                cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE article_id IN ({bench})", like)
            Article.objects.filter(section__slug__startswith=PREFIX)._raw_delete(Article.objects.db)
            Section.objects.filter(slug__startswith=PREFIX).delete()
        self.stdout.write("Benchmark data removed.")

    # Measuring -------------------------------------------------------------------------

    def measure(self, repeat):
        section = Section.objects.filter(slug__startswith=PREFIX).order_by("menu_order").first()
        search = reverse("news:search")
        cases = [(f"search “{q}”", search, {"q": q}) for q in SEARCHES]
        cases += [
            ("search, page 5", search, {"q": "dai hoi", "page": 5}),
            ("search + section + dates", search, {"q": "hoi nghi", "section": section.slug, "from": "01/01/2024"}),
            ("home page", reverse("news:home"), {}),
            ("section page", section.get_absolute_url(), {}),
            ("section page 200", section.get_absolute_url(), {"page": 200}),
        ]
        client = Client()
        times = {label: [] for label, _url, _params in cases}
        times.update({f"most read, {days} days (query, uncached)": [] for days in MOST_READ_PERIODS})
        loads = [os.getloadavg()[0]]
        with override_settings(DEBUG=False, ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"]):
            for _label, url, params in cases:  # warm the caches (menu, most read) and the connection
                client.get(url, params)
            # Round after round over every case, so that other work on the machine weighs on all alike.
            for _ in range(repeat):
                for label, url, params in cases:
                    started = time.perf_counter()
                    response = client.get(url, params)
                    times[label].append((time.perf_counter() - started) * 1000)
                    if response.status_code != 200:
                        raise CommandError(f"{label}: HTTP {response.status_code}")
                for days in MOST_READ_PERIODS:  # what the sidebar caches for a few minutes, uncached
                    cache.delete(most_read_key(days))
                    started = time.perf_counter()
                    most_read_ids(days)
                    times[f"most read, {days} days (query, uncached)"].append((time.perf_counter() - started) * 1000)
                loads.append(os.getloadavg()[0])
        found = {label: SearchForm(params).search()[1].count() for label, url, params in cases if url == search}
        all_search = [t for label, values in times.items() if label.startswith("search") for t in values]
        total = Article.objects.published().count()
        cores = os.cpu_count()
        self.stdout.write(
            f"\n{total} published articles, {repeat} timed requests each (ms); load average "
            f"{min(loads):.1f} to {max(loads):.1f} on {cores} cores (above {cores}, other work slows every figure)\n"
        )
        self.stdout.write(f"{'page':<44} {'median':>8} {'p95':>8} {'max':>8} {'found':>8}")
        for label, values in [*times.items(), ("search, all queries", all_search)]:
            self.stdout.write(
                f"{label:<44} {statistics.median(values):8.1f} {p95(values):8.1f} {max(values):8.1f} "
                f"{found.get(label, ''):>8}"
            )
        verdict = p95(all_search) < 100
        message = f"\nsearch p95: {p95(all_search):.1f} ms ({'under' if verdict else 'OVER'} 100 ms)"
        self.stdout.write(self.style.SUCCESS(message) if verdict else self.style.ERROR(message))


def words(text):
    """The form Article.save() indexes: accent-free words joined by spaces."""
    return " ".join(search_words(text))


def p95(values):
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


if __name__ == "__main__":
    Command().run_from_argv([sys.argv[0], "discovery", *sys.argv[1:]])
