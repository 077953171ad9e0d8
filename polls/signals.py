from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Answer, Poll


@receiver([post_save, post_delete], sender=Poll)
@receiver([post_save, post_delete], sender=Answer)
def forget_poll_box(**kwargs):
    """An editor changed a poll or its answers: the sidebar box shows it at the next page."""
    Poll.forget_box()
