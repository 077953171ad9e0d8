"""The documents register ("Văn bản"): the committee's resolutions, directives, plans… each with its
number and code ("133-KH/QU"), kind, issuing body, dates, summary ("trích yếu") and PDF.

The kinds, issuing bodies and fields are data the editors extend in the admin. Readers see
published documents only: every public path reads through Document.objects.published().
"""

import secrets

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from news.models import TimeStampedModel, weighted_search_vector
from news.text import search_words, vn_slugify

from .text import code_key


class Vocabulary(TimeStampedModel):
    """A list the editors extend (kinds, issuing bodies, fields): a name, its address, an order."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=160,
        unique=True,
        blank=True,
        help_text=_("Used in the register's filter addresses. Left empty, made from the name."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100, help_text=_("Smaller numbers come first."))

    class Meta:
        abstract = True
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            base = vn_slugify(self.name, max_length=150) or "muc"
            taken = set(type(self).objects.exclude(pk=self.pk).values_list("slug", flat=True))
            slug, n = base, 2
            while slug in taken:
                slug, n = f"{base}-{n}", n + 1
            self.slug = slug
        super().save(*args, **kwargs)


class Kind(Vocabulary):
    """Nghị quyết, Chỉ thị, Kế hoạch…"""

    history = HistoricalRecords()

    class Meta(Vocabulary.Meta):
        verbose_name = _("document kind")
        verbose_name_plural = _("document kinds")


class IssuingBody(Vocabulary):
    """Quận ủy, Ban Thường vụ Quận ủy, Ban Tuyên giáo Quận ủy…"""

    history = HistoricalRecords()

    class Meta(Vocabulary.Meta):
        verbose_name = _("issuing body")
        verbose_name_plural = _("issuing bodies")


class Field(Vocabulary):
    """The field a document is about: Party building, economy, culture…"""

    history = HistoricalRecords()

    class Meta(Vocabulary.Meta):
        verbose_name = _("field")
        verbose_name_plural = _("fields")


def document_file_name(instance, filename):
    """documents/<year>/<slug>-<random>.<ext>: readable, and not guessable before publication."""
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "pdf"
    year = instance.issued_on.year if instance.issued_on else timezone.now().year
    stem = instance.slug or code_key(instance.number).lower() or "van-ban"
    return f"documents/{year}/{stem}-{secrets.token_hex(4)}.{ext}"


def attachment_file_name(instance, filename):
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "pdf"
    stem = vn_slugify(instance.title, max_length=60) or "dinh-kem"
    return f"documents/attachments/{stem}-{secrets.token_hex(4)}.{ext}"


class DocumentQuerySet(models.QuerySet):
    def published(self):
        """What readers see: the documents an editor published."""
        return self.filter(is_published=True)


class Document(TimeStampedModel):
    class Status(models.TextChoices):
        IN_FORCE = "in_force", _("In force")
        EXPIRED = "expired", _("Expired")
        REPLACED = "replaced", _("Replaced")

    number = models.CharField(
        _("number and code"),
        max_length=60,
        help_text=_("As printed on the document, e.g. “133-KH/QU”."),
    )
    # The number and code in capitals, without accents or spaces: what "same number" means, and what search matches
    # (its parts too, GIN-indexed: "133" finds 133-KH/QU without reading every row).
    code_key = models.CharField(max_length=60, editable=False)
    code_parts = ArrayField(models.CharField(max_length=60), default=list, editable=False)
    slug = models.SlugField(
        _("slug"),
        max_length=120,
        unique=True,
        blank=True,
        help_text=_("Part of the address. Left empty, made from the number."),
    )
    kind = models.ForeignKey(Kind, models.PROTECT, related_name="documents", verbose_name=_("kind"))
    issuing_body = models.ForeignKey(
        IssuingBody, models.PROTECT, related_name="documents", verbose_name=_("issuing body")
    )
    signer = models.CharField(_("signed by"), max_length=150, blank=True, help_text=_("E.g. “Bí thư Nguyễn Văn A”."))
    issued_on = models.DateField(_("date issued"))
    in_force_on = models.DateField(_("date in force"), null=True, blank=True)
    summary = models.TextField(
        pgettext_lazy("document", "summary"),
        max_length=1000,
        help_text=_("The “trích yếu”: what the document is about, in one sentence."),
    )
    field = models.ForeignKey(
        Field, models.PROTECT, null=True, blank=True, related_name="documents", verbose_name=_("field")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.IN_FORCE)
    replaced_by = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name=_("replaced by"),
        help_text=_("The document that replaces this one; choosing it marks this one as replaced."),
    )
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    file = models.FileField(
        _("PDF file"),
        upload_to=document_file_name,
        max_length=200,
        help_text=_("The signed document as a PDF, checked when uploaded (it must open, without a password)."),
    )
    file_size = models.PositiveBigIntegerField(_("file size"), default=0, editable=False)
    page_count = models.PositiveIntegerField(_("pages"), null=True, editable=False)
    text = models.TextField(_("text of the PDF"), blank=True, editable=False)
    word_file = models.FileField(
        _("Word file"),
        upload_to=document_file_name,
        max_length=200,
        blank=True,
        help_text=_("Optional: the same document as DOC or DOCX."),
    )
    word_file_size = models.PositiveBigIntegerField(_("Word file size"), default=0, editable=False)
    # Accent-free words: number and summary (A), kind, body, field and signer (B), the PDF's text (C).
    search_vector = SearchVectorField(null=True, editable=False)

    objects = DocumentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["code_key", "code_parts", "text", "search_vector"])

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        permissions = [("publish_document", _("Can publish and unpublish documents"))]
        constraints = [
            models.UniqueConstraint(fields=["issuing_body", "code_key"], name="documents_number_unique_per_body")
        ]
        indexes = [
            models.Index(fields=["is_published", "-issued_on", "-id"], name="documents_pub_idx"),
            models.Index(fields=["code_key"], name="documents_code_idx", opclasses=["varchar_pattern_ops"]),
            GinIndex(fields=["code_parts"], name="documents_code_parts_idx"),
            GinIndex(fields=["search_vector"], name="documents_search_idx"),
        ]

    def __str__(self):
        return f"{self.number} – {self.summary[:80]}"

    def save(self, *args, **kwargs):
        self.number = " ".join(self.number.split())
        self.code_key = code_key(self.number)
        self.code_parts = self.code_key.split("-") if self.code_key else []
        if not self.slug:
            self.slug = self.free_slug()
        if self.replaced_by_id:
            self.status = self.Status.REPLACED
        if self.is_published and self.published_at is None:
            self.published_at = timezone.now()
        self.search_vector = weighted_search_vector(*self.search_parts())
        super().save(*args, **kwargs)
        # What was saved is an SQL expression; forget it, so that reading the field reloads the vector.
        del self.__dict__["search_vector"]

    def get_absolute_url(self):
        return reverse("documents:documents_detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.number:
            key = code_key(self.number)
            if not key:
                errors["number"] = _("The number and code must have letters or digits.")
            elif (
                self.issuing_body_id
                and Document.objects.filter(issuing_body_id=self.issuing_body_id, code_key=key)
                .exclude(pk=self.pk)
                .exists()
            ):
                errors["number"] = _("%(body)s already has a document numbered %(number)s.") % {
                    "body": self.issuing_body,
                    "number": self.number,
                }
        if self.status == self.Status.REPLACED and not self.replaced_by_id:
            errors["replaced_by"] = _("A replaced document needs the document that replaces it.")
        if self.replaced_by_id and self.pk and self.replaces_chain_contains_self():
            errors["replaced_by"] = _("A document cannot be replaced by itself or by one it replaces.")
        if self.in_force_on and self.issued_on and self.in_force_on < self.issued_on:
            errors["in_force_on"] = _("The date in force cannot be before the date issued.")
        if errors:
            raise ValidationError(errors)

    def replaces_chain_contains_self(self):
        """Whether following `replaced_by` from here comes back to this document."""
        seen, current = set(), self.replaced_by_id
        while current and current not in seen:
            if current == self.pk:
                return True
            seen.add(current)
            current = Document.objects.filter(pk=current).values_list("replaced_by_id", flat=True).first()
        return False

    def free_slug(self):
        base = code_key(self.number).lower()[:100] or "van-ban"
        taken = set(Document.objects.exclude(pk=self.pk).filter(slug__startswith=base).values_list("slug", flat=True))
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        return slug

    def search_parts(self):
        """The accent-free words of the three weights, as news articles are indexed."""
        names = [self.kind.name, self.issuing_body.name, self.signer, self.field.name if self.field_id else ""]
        return (
            " ".join(search_words(f"{self.number} {self.summary}")),
            " ".join(search_words(" ".join(names))),
            " ".join(search_words(self.text)),
        )

    @property
    def title(self):
        """“Kế hoạch 133-KH/QU”: how articles cite a document."""
        return f"{self.kind.name} {self.number}"

    def publish(self):
        if not self.is_published:
            self.is_published = True
            self.save()

    def unpublish(self):
        if self.is_published:
            self.is_published = False
            self.save()

    def file_url(self):
        return reverse("documents:documents_file", kwargs={"slug": self.slug})

    def download_url(self):
        return reverse("documents:documents_download", kwargs={"slug": self.slug})

    def word_file_url(self):
        return reverse("documents:documents_word_file", kwargs={"slug": self.slug})

    def download_name(self, ext="pdf"):
        """The name a reader's browser saves the file under: “133-kh-qu.pdf”."""
        return f"{code_key(self.number).lower() or 'van-ban'}.{ext}"


class Attachment(TimeStampedModel):
    """A further file of a document (an appendix, a form), checked by its content like the PDF."""

    class FileType(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "DOCX"
        DOC = "doc", "DOC"

    document = models.ForeignKey(Document, models.CASCADE, related_name="attachments", verbose_name=_("document"))
    title = models.CharField(_("title"), max_length=250, help_text=_("E.g. “Phụ lục 1: Danh sách các chi bộ”."))
    file = models.FileField(_("file"), upload_to=attachment_file_name, max_length=200)
    file_type = models.CharField(_("file type"), max_length=4, choices=FileType.choices, editable=False)
    file_size = models.PositiveBigIntegerField(_("file size"), default=0, editable=False)
    order = models.PositiveSmallIntegerField(_("order"), default=100)

    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("documents:documents_attachment", kwargs={"slug": self.document.slug, "pk": self.pk})


class Citation(models.Model):
    """A document an article cites, picked by the editor in the article's form; shown under the
    article ("Văn bản liên quan") and on the document's page ("Bài viết trích dẫn")."""

    article = models.ForeignKey(
        "news.Article", models.CASCADE, related_name="document_citations", verbose_name=_("article")
    )
    document = models.ForeignKey(Document, models.CASCADE, related_name="citations", verbose_name=_("document"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("cited document")
        verbose_name_plural = _("cited documents")
        constraints = [models.UniqueConstraint(fields=["article", "document"], name="documents_cited_once")]

    def __str__(self):
        return self.document.number
