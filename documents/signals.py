"""Keeping the articles' cached fragments true to the register (documents/links.py, citations.py).

A citation added or removed touches its article (its fragments are keyed by its updated_at). A
document saved or deleted may change the links of any article that names its number, and the
boxes of those that cite it: the fragments' structure version moves, as for a section renamed.
Documents change a few times a day; each change re-renders the fragments once.
"""

from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from news.models import Article
from pagecache.generation import FRAGMENTS

from .models import Citation, Document


def touch_article(sender, instance, **kwargs):
    Article.objects.filter(pk=instance.article_id).update(updated_at=timezone.now())


def connect():
    post_save.connect(touch_article, sender=Citation, dispatch_uid="documents:citation-touch")
    post_delete.connect(touch_article, sender=Citation, dispatch_uid="documents:citation-touch")
    post_save.connect(FRAGMENTS.changed, sender=Document, dispatch_uid="fragments:document")
    post_delete.connect(FRAGMENTS.changed, sender=Document, dispatch_uid="fragments:document")
