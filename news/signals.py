from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from pagecache.generation import FRAGMENTS

from .context_processors import MENU_CACHE_KEY
from .models import Article, ArticleAuthor, Author, Photo, Section, SiteSettings


@receiver([post_save, post_delete], sender=Section)
def forget_menu(**kwargs):
    cache.delete(MENU_CACHE_KEY)


# Section names and addresses and the site settings appear in cached fragments of every page.
post_save.connect(FRAGMENTS.changed, sender=Section, dispatch_uid="fragments:section")
post_delete.connect(FRAGMENTS.changed, sender=Section, dispatch_uid="fragments:section")
post_save.connect(FRAGMENTS.changed, sender=SiteSettings, dispatch_uid="fragments:site-settings")
post_delete.connect(FRAGMENTS.changed, sender=SiteSettings, dispatch_uid="fragments:site-settings")


def touch(articles):
    """The articles' photos or byline changed: so did they, for readers.

    The cached fragments of an article page are keyed by its updated_at (news/page_keys.py),
    and the modification time readers and search engines see (article:modified_time, the
    sitemaps) should move too. An update(), not save(): no new version in the article's
    history, no signals of its own.
    """
    articles.update(updated_at=timezone.now())


@receiver([post_save, post_delete], sender=Photo)
@receiver([post_save, post_delete], sender=ArticleAuthor)
def touch_article(instance, **kwargs):
    touch(Article.objects.filter(pk=instance.article_id))


@receiver(post_save, sender=Author)
def touch_bylines(instance, created, **kwargs):
    """A renamed author: every byline with the name changed."""
    if not created and instance.name != instance._stored_name:
        touch(Article.objects.filter(authors=instance))
    instance._stored_name = instance.name


@receiver(m2m_changed, sender=Article.authors.through)
def touch_changed_byline(instance, action, reverse, **kwargs):
    """article.authors.add() and the like write the rows without their save() signals.

    Only from the article's side: the history of the byline (simple_history, news/models.py)
    does not support changes made from the author's side (author.articles.add()) either.
    """
    if not reverse and action in ("post_add", "post_remove", "post_clear"):
        touch(Article.objects.filter(pk=instance.pk))
