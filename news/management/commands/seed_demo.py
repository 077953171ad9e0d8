"""Load the demo portal: site identity, sections, ~50 illustrated articles, one demo account per role.

Idempotent: what already exists (matched by slug or username) is left as it is,
so running it twice changes nothing.
"""

import io
import math
import random
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw

from news import demo_content as demo
from news import workflow
from news.models import Article, ArticleAuthor, Author, DailyViews, Photo, Section, SiteSettings
from news.text import vn_slugify

# One demo account per newsroom role (username, group, first name); `make run` prints their logins.
DEMO_ACCOUNTS = [
    ("phongvien", workflow.REPORTERS, "Phóng viên"),
    ("bientap", workflow.EDITORS, "Biên tập viên"),
    ("quantri", workflow.ADMINISTRATORS, "Quản trị"),
]


def demo_password(username):
    return f"{username}-demo-2026"


def demo_image(rng, width=1280, height=853):
    """A synthetic photo: sky, a hall, a stage and a crowd, in random colours."""
    sky = tuple(rng.randint(120, 230) for _ in range(3))
    img = Image.new("RGB", (width, height), sky)
    draw = ImageDraw.Draw(img)
    for y in range(0, height // 2, 8):
        shade = tuple(max(0, c - y // 12) for c in sky)
        draw.rectangle([0, y, width, y + 8], fill=shade)
    floor = (rng.randint(90, 140), rng.randint(60, 100), rng.randint(40, 80))
    draw.rectangle([0, height * 2 // 3, width, height], fill=floor)
    # Stage with a red backdrop and a gold star.
    draw.rectangle([width // 6, height // 6, width * 5 // 6, height * 2 // 3], fill=(170, 10, 10))
    cx, cy, r = width // 2, height // 3, height // 9
    star = []
    for i in range(10):
        radius = r if i % 2 == 0 else r * 0.4
        angle = math.pi / 2 + i * math.pi / 5
        star.append((cx + radius * math.cos(angle), cy - radius * math.sin(angle)))
    draw.polygon(star, fill=(255, 212, 0))
    # A crowd of heads and shoulders.
    for _ in range(rng.randint(18, 40)):
        x = rng.randint(0, width)
        y = rng.randint(height * 2 // 3, height - 20)
        body = tuple(rng.randint(20, 200) for _ in range(3))
        draw.ellipse([x - 30, y, x + 30, y + 90], fill=body)
        draw.ellipse([x - 16, y - 34, x + 16, y + 2], fill=(rng.randint(180, 230), rng.randint(140, 190), 120))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=82)
    return ContentFile(out.getvalue())


class Command(BaseCommand):
    help = "Create original Vietnamese demo content (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=50, help="How many articles to create at most.")
        parser.add_argument("--no-editor", action="store_true", help="Do not create the demo newsroom accounts.")
        parser.add_argument("--dry-run", action="store_true", help="Say what would be created, change nothing.")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--site-url", default="http://127.0.0.1:8000", help="Where the portal is served, for the printed logins."
        )

    def handle(self, *args, **options):
        if not settings.DEBUG and not options["dry_run"] and not options["no_editor"]:
            raise CommandError("Refusing to create the demo newsroom accounts with DEBUG off; pass --no-editor.")
        rng = random.Random(options["seed"])
        plan = self.plan(rng, options["articles"])
        if options["dry_run"]:
            existing = set(Article.objects.filter(slug__in=[p["slug"] for p in plan]).values_list("slug", flat=True))
            self.stdout.write(f"{len(plan) - len(existing)} articles would be created, {len(existing)} exist.")
            return
        with transaction.atomic():
            self.site()
            sections = self.sections()
            authors = {name: Author.objects.get_or_create(name=name)[0] for name in demo.AUTHORS}
            created = sum(self.article(rng, item, sections, authors) for item in plan)
        if not options["no_editor"]:
            self.editor(options["site_url"])
        self.stdout.write(
            self.style.SUCCESS(f"Demo content: {created} articles created, {len(plan) - created} already there.")
        )

    def site(self):
        site = SiteSettings.load()
        if site.name == SiteSettings._meta.get_field("name").default:
            for field, value in demo.SITE.items():
                setattr(site, field, value)
            site.save()

    def sections(self):
        result = {}
        for order, (name, topic, description, _titles) in enumerate(demo.SECTIONS, start=1):
            section, _ = Section.objects.get_or_create(
                slug=vn_slugify(name),
                defaults={
                    "name": name,
                    "is_special_topic": topic,
                    "description": description,
                    "menu_order": order * 10,
                },
            )
            result[name] = section
        return result

    def plan(self, rng, limit):
        """Decide every article up front, so the same seed always gives the same content."""
        now = timezone.now().replace(second=0, microsecond=0)
        items = []
        for name, _topic, _description, titles in demo.SECTIONS:
            for title in titles:
                ward = rng.choice(demo.WARDS)
                published = now - timedelta(days=rng.randint(0, 720), minutes=rng.randint(0, 600))
                text = title.format(ward=ward, n=rng.randint(3, 40), year=published.year)
                items.append(
                    {
                        "section": name,
                        "title": text,
                        "slug": vn_slugify(text)[:200],
                        "ward": ward,
                        "published_at": published,
                    }
                )
        items.sort(key=lambda item: item["published_at"])
        return items[-limit:]

    def article(self, rng, item, sections, authors):
        if Article.objects.filter(slug=item["slug"]).exists():
            return 0
        ward = item["ward"]
        lead, body = demo.lead_and_body(
            rng, ward, timezone.localtime(item["published_at"]), paragraphs=rng.randint(4, 6)
        )
        article = Article(
            section=sections[item["section"]],
            title=item["title"],
            slug=item["slug"],
            lead=lead,
            body=body,
            byline_kind=rng.choice(demo.BYLINE_KINDS),
            source_unit=rng.choice(demo.UNITS),
            status=Article.Status.PUBLISHED,
            published_at=item["published_at"],
            is_featured=rng.random() < 0.2,
            cover_caption="",
        )
        article.cover_image.save(f"{item['slug'][:60]}.jpg", demo_image(rng), save=False)
        article.save()
        for order, name in enumerate(rng.sample(demo.AUTHORS, rng.choice([1, 1, 2]))):
            ArticleAuthor.objects.create(article=article, author=authors[name], order=order)
        for order in range(rng.randint(1, 3)):
            photo = Photo(
                article=article,
                caption=demo.fill(rng, rng.choice(demo.CAPTIONS), ward),
                credit=rng.choice(demo.AUTHORS),
                order=order,
            )
            photo.image.save(f"{item['slug'][:60]}-{order + 1}.jpg", demo_image(rng), save=False)
            photo.save()
        self.views(rng, article)
        if self.verbosity_level > 1:
            self.stdout.write(f"  + {article.title}")
        return 1

    def views(self, rng, article):
        """Give the article a plausible history of daily views since publication."""
        today = timezone.localdate()
        start = timezone.localtime(article.published_at).date()
        days = min((today - start).days + 1, 30)
        rows = []
        for offset in range(days):
            views = max(0, int(rng.expovariate(1 / 40) / (offset + 1) * 3))
            if views:
                rows.append(DailyViews(article=article, day=start + timedelta(days=offset), views=views))
        DailyViews.objects.bulk_create(rows)
        total = sum(r.views for r in rows) + rng.randint(20, 400)
        Article.objects.filter(pk=article.pk).update(view_count=total)

    def editor(self, site_url):
        """One demo account per newsroom role, each with a byline name and something to work on."""
        User = get_user_model()
        accounts = {}
        for username, role, first_name in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"is_staff": True, "first_name": first_name, "last_name": "Demo"},
            )
            if created:
                user.set_password(demo_password(username))
            # The demo shows the role as it is: staff in its group, never a superuser.
            user.is_staff, user.is_superuser = True, False
            user.save()
            user.groups.add(Group.objects.get(name=role))
            Author.objects.get_or_create(user=user, defaults={"name": f"{first_name} Demo"})
            accounts[role] = user
        self.newsroom_examples(accounts)
        for username, role, _first_name in DEMO_ACCOUNTS:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo {role}: {site_url.rstrip('/')}/{settings.PORTAL_ADMIN_URL}  "
                    f"user '{username}', password '{demo_password(username)}'"
                )
            )

    def newsroom_examples(self, accounts):
        """A draft, an article awaiting review and a scheduled one, so the start page has work on it."""
        reporter, editor = accounts[workflow.REPORTERS], accounts[workflow.EDITORS]
        section = Section.objects.order_by("menu_order", "pk").first()
        if section is None:
            return
        examples = [
            ("Phường Tân Thành ra quân làm sạch môi trường (bản nháp)", Article.Status.DRAFT, reporter, None),
            ("Quận đoàn tổ chức ngày hội thanh niên tình nguyện", Article.Status.REVIEW, reporter, None),
            (
                "Hội nghị sơ kết công tác tuyên giáo sáu tháng",
                Article.Status.PUBLISHED,
                editor,
                timezone.now() + timedelta(days=2),
            ),
        ]
        for title, status, owner, published_at in examples:
            slug = vn_slugify(title)
            if Article.objects.filter(slug=slug).exists():
                continue
            rng = random.Random(slug)
            ward = rng.choice(demo.WARDS)
            lead, body = demo.lead_and_body(rng, ward, timezone.localtime(published_at or timezone.now()), 4)
            article = Article(
                section=section,
                title=title,
                slug=slug,
                lead=lead,
                body=body,
                status=status,
                published_at=published_at,
                source_unit="Ban Tuyên giáo Quận ủy",
                created_by=owner,
                updated_by=owner,
            )
            article._history_user = owner
            article.cover_image.save(f"{slug[:60]}.jpg", demo_image(rng), save=False)
            article.save()
            ArticleAuthor.objects.create(article=article, author=owner.author, order=0)
            photo = Photo(article=article, caption=demo.fill(rng, rng.choice(demo.CAPTIONS), ward), order=0)
            photo.image.save(f"{slug[:60]}-1.jpg", demo_image(rng), save=False)
            photo.save()
            workflow.record_byline(article)

    @property
    def verbosity_level(self):
        return getattr(self, "_verbosity", 1)

    def execute(self, *args, **options):
        self._verbosity = options.get("verbosity", 1)
        return super().execute(*args, **options)
