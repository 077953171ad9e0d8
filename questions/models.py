"""Questions from citizens ("Hỏi đáp") and the committee's answers.

A question is private when it arrives: its asker's contact details are for the editors only, and
are erased QUESTIONS_CONTACT_RETENTION_DAYS after it was answered or rejected
(purge_question_contacts). Readers see published questions only (Question.objects.published()),
with the asker's name shortened (public_name) and never an address, e-mail or phone number.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.models import IssuingBody, Vocabulary
from news.sanitize import clean_html
from news.text import html_to_text, search_normalize


class Topic(Vocabulary):
    """What a question is about: administrative procedures, land, Party building…"""

    class Meta(Vocabulary.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def get_absolute_url(self):
        return reverse("questions:list") + f"?chu-de={self.slug}"


class QuestionQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Question.Status.PUBLISHED, published_at__lte=timezone.now())

    def contact_expired(self, now=None):
        """Answered or rejected questions whose contact details are kept past the retention time."""
        limit = (now or timezone.now()) - timezone.timedelta(days=settings.QUESTIONS_CONTACT_RETENTION_DAYS)
        return self.filter(closed_at__lt=limit, contact_erased_at__isnull=True)


def public_name(name):
    """The asker's name as readers see it: 'Nguyễn Văn An' -> 'Nguyễn V. A.', 'An' -> 'Ông/Bà A.'."""
    words = (name or "").split()
    if not words:
        return str(_("A citizen"))
    if len(words) == 1:
        return f"Ông/Bà {words[0][0].upper()}."
    return " ".join([words[0]] + [f"{word[0].upper()}." for word in words[1:]])


class Question(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("New")
        ASSIGNED = "assigned", _("Assigned")
        PUBLISHED = "published", _("Published")
        REJECTED = "rejected", _("Rejected")

    # Private: what the asker gave (never on a public page, erased after the retention time).
    asker_name = models.CharField(_("full name"), max_length=120)
    ward = models.CharField(_("ward"), max_length=120)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    ip_hash = models.CharField(_("address (hashed)"), max_length=64, db_index=True, editable=False)

    topic = models.ForeignKey(Topic, verbose_name=_("topic"), on_delete=models.PROTECT, related_name="questions")
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("question"), max_length=4000)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NEW, db_index=True)
    body = models.ForeignKey(
        IssuingBody,
        verbose_name=_("answering body"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questions",
    )
    answer = models.TextField(_("reply"), blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    search_text = models.TextField(editable=False, blank=True)

    submitted_at = models.DateTimeField(_("sent at"), default=timezone.now, db_index=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("answered or rejected at"), null=True, blank=True, editable=False)
    contact_erased_at = models.DateTimeField(_("contact details erased at"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-published_at", "-submitted_at", "-id"]
        indexes = [models.Index(fields=["status", "-published_at"], name="questions_public_idx")]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.was_published = False

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.answer = clean_html(self.answer)
        if self.status in (self.Status.PUBLISHED, self.Status.REJECTED) and self.closed_at is None:
            self.closed_at = timezone.now()
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        self.search_text = search_normalize(" ".join([self.title, self.text, html_to_text(self.answer)]))
        super().save(*args, **kwargs)
        self.was_published = self.is_published

    def get_absolute_url(self):
        return reverse("questions:detail", args=[self.pk])

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance.was_published = instance.status == cls.Status.PUBLISHED if "status" in field_names else False
        return instance

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def shown_name(self):
        return public_name(self.asker_name)

    def erase_contact(self):
        """Forget who asked (the question and its answer stay): name, ward, e-mail, phone, address."""
        self.asker_name = public_name(self.asker_name)
        self.ward = self.email = self.phone = self.ip_hash = ""
        self.contact_erased_at = timezone.now()
        self.save(update_fields=["asker_name", "ward", "email", "phone", "ip_hash", "contact_erased_at", "updated_at"])
