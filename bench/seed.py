"""Fast bulk seeding for the benchmark: tens of thousands of illustrated articles in seconds.

Rows go in with bulk_create (no save(), no signals): the text is generated clean, so the
sanitizer has nothing to do, and the search text is computed here the way Article.save()
computes it. A few photo files (with their renditions) are shared by all articles: pages
then carry the same <picture> markup as real ones without writing gigabytes of JPEGs.
"""

import random
from datetime import timedelta

from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone

from news import demo_content as demo
from news.images import make_renditions
from news.management.commands.seed_demo import demo_image
from news.models import Article, ArticleAuthor, Author, DailyViews, Photo, Section, SiteSettings
from news.text import search_normalize, vn_slugify
from pagecache.generation import content_changed

BATCH = 2000
SHARED_IMAGES = 6


def shared_images(rng):
    """A few 1280-px JPEGs in the storage, with their renditions, made once."""
    names = []
    for i in range(SHARED_IMAGES):
        name = f"bench/anh-{i + 1}.jpg"
        if not default_storage.exists(name):
            saved = default_storage.save(name, demo_image(rng))
            make_renditions(saved)
            name = saved
        names.append(name)
    return names


def fill(rng, template, ward):
    return demo.fill(
        rng, template, ward, date=f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}", year=rng.choice([2024, 2025])
    )


def seed(target, log=print):
    """Bring the database to at least `target` articles; return how many were added."""
    existing = Article.objects.count()
    if existing >= target:
        return 0
    rng = random.Random(existing)
    SiteSettings.objects.update_or_create(pk=1, defaults=demo.SITE)
    sections = {}
    for order, (name, topic, description, titles) in enumerate(demo.SECTIONS):
        section, _ = Section.objects.get_or_create(
            slug=vn_slugify(name),
            defaults={"name": name, "is_special_topic": topic, "description": description, "menu_order": order},
        )
        sections[name] = (section, titles)
    authors = [Author.objects.get_or_create(name=name)[0] for name in demo.AUTHORS]
    images = shared_images(rng)
    now = timezone.now()
    today = timezone.localdate()
    added = 0
    while existing + added < target:
        n = min(BATCH, target - existing - added)
        batch = []
        for i in range(n):
            serial = existing + added + i + 1
            section, titles = sections[rng.choice(list(sections))]
            ward = rng.choice(demo.WARDS)
            title = fill(rng, rng.choice(titles), ward)
            roll = rng.random()
            if roll < 0.002:  # a few scheduled ahead, as editors do before an event
                status, published = Article.Status.PUBLISHED, now + timedelta(days=rng.randint(1, 30))
            elif roll < 0.01:
                status, published = Article.Status.DRAFT, None
            else:
                status, published = Article.Status.PUBLISHED, now - timedelta(minutes=rng.randint(5, 730 * 24 * 60))
            lead = fill(rng, rng.choice(demo.LEADS), ward)
            body = "".join(f"<p>{fill(rng, p, ward)}</p>" for p in rng.sample(demo.PARAGRAPHS, rng.randint(4, 6)))
            batch.append(
                Article(
                    section=section,
                    title=title,
                    slug=f"{vn_slugify(title)[:200]}-{serial}",
                    lead=lead,
                    body=body,
                    cover_image=rng.choice(images),
                    cover_width=1280,
                    cover_caption=fill(rng, rng.choice(demo.CAPTIONS), ward),
                    byline_kind=rng.choice(demo.BYLINE_KINDS),
                    source_unit=rng.choice(demo.UNITS),
                    status=status,
                    published_at=published,
                    is_featured=rng.random() < 0.03,
                    view_count=rng.randint(20, 5000),
                    search_text=search_normalize(f"{title} {lead} {body}"),
                )
            )
        with transaction.atomic():
            created = Article.objects.bulk_create(batch)
            links, photos, daily = [], [], []
            for article in created:
                for order, author in enumerate(rng.sample(authors, rng.choice([1, 1, 2]))):
                    links.append(ArticleAuthor(article=article, author=author, order=order))
                for order in range(rng.randint(1, 3)):
                    photos.append(
                        Photo(
                            article=article,
                            image=rng.choice(images),
                            width=1280,
                            height=853,
                            caption=fill(rng, rng.choice(demo.CAPTIONS), rng.choice(demo.WARDS)),
                            credit=rng.choice(demo.AUTHORS),
                            order=order,
                        )
                    )
                if article.published_at and now - timedelta(days=7) < article.published_at <= now:
                    for back in range(7):
                        daily.append(
                            DailyViews(article=article, day=today - timedelta(days=back), views=rng.randint(1, 300))
                        )
            ArticleAuthor.objects.bulk_create(links)
            Photo.objects.bulk_create(photos)
            DailyViews.objects.bulk_create(daily, ignore_conflicts=True)
        added += n
        log(f"  seeded {existing + added} articles")
    # Fresh statistics, as autovacuum would make them a little later: without them the planner
    # takes 10,000 articles for a few rows and picks slow plans.
    tables = [m._meta.db_table for m in (Article, ArticleAuthor, Photo, DailyViews, Section)]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(tables))
    content_changed()
    return added
