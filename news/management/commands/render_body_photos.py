"""Give the photos inside older articles' bodies the sizes and WebP versions new uploads get.

Idempotent: a photo already stored under a sized name is left alone, so the command can run
again after an import or a restore. Each article is changed in its own transaction, its body
only (no new version in its history: the text the editor wrote is the same).
"""

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from news.body_images import renamed_old_uploads
from news.models import Article
from pagecache.generation import PAGES


class Command(BaseCommand):
    help = "Render the missing sizes and WebP versions of the photos inside articles' bodies."

    def handle(self, *args, **options):
        changed, problems = 0, []
        candidates = Article.objects.filter(body__contains="uploads/").only("pk", "body", "published_at", "created_at")
        for article in candidates.iterator():
            day = timezone.localtime(article.published_at or article.created_at)
            body = renamed_old_uploads(article.body, day, problems)
            if body != article.body:
                with transaction.atomic():
                    Article.objects.filter(pk=article.pk).update(body=body, updated_at=timezone.now())
                changed += 1
        if changed:
            PAGES.bump()  # update() sends no signal: the cached pages showing these bodies go
        for problem in problems:
            self.stderr.write(f"left as it is: {problem}")
        self.stdout.write(f"{changed} article(s) changed, {len(problems)} photo(s) left as they are.")
