from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from news.models import Article

from .models import Answer, Poll


@receiver([post_save, post_delete], sender=Poll)
@receiver([post_save, post_delete], sender=Answer)
def forget_poll_box(**kwargs):
    """An editor changed a poll or its answers: the sidebar box shows it at the next page."""
    Poll.forget_box()


@receiver(pre_delete, sender=Article)
def hide_polls_of_deleted_article(instance, **kwargs):
    """An article's poll outlives it (its ballots are kept) but must not turn site-wide: it is hidden."""
    if Poll.objects.filter(article=instance).update(is_active=False):
        transaction.on_commit(Poll.forget_box)  # update() sends no signal
