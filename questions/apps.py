from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionsConfig(AppConfig):
    name = "questions"
    verbose_name = _("Questions and answers")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import Question
        from .signals import public_question_changed

        # Not in PORTAL_PAGE_CACHE_MODELS: a citizen's new question, private until published,
        # must not empty the page cache. Only a change of a public question does.
        post_save.connect(public_question_changed, sender=Question, dispatch_uid="questions-pages")
        post_delete.connect(public_question_changed, sender=Question, dispatch_uid="questions-pages")
