"""The newsroom's models: site settings, sections, authors, articles, photos and their counts.

One module over 400 lines: the article's model is most of it (fields, workflow states, renditions
and search vector kept beside the save that maintains them), and its neighbours are small
models it joins in every page query; splitting them apart would scatter one table's rules.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib import admin
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.cache import cache
from django.db import models, router, transaction
from django.db.models import Q, Sum, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history import register as register_history
from simple_history.models import HistoricalRecords

from .images import make_renditions, rendition_url, widths_for
from .sanitize import clean_html
from .text import bare_source_unit, html_to_text, search_words, vn_slugify


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


def stored_name(instance, field):
    """The file name a model instance was loaded with (without querying a deferred field)."""
    value = instance.__dict__.get(field)
    return getattr(value, "name", value) or ""


def unique_slug(instance, text, max_length=200):
    """A transliterated slug for `text`, made unique among rows of the instance's model."""
    base = vn_slugify(text, max_length=max_length - 8) or "bai-viet"
    slug, n = base, 2
    qs = type(instance)._default_manager.exclude(pk=instance.pk)
    while qs.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


class SiteSettings(models.Model):
    """The portal's identity, set by an administrator: one row."""

    CACHE_KEY = "news:site-settings"

    name = models.CharField(_("portal name"), max_length=200, default="Cổng thông tin điện tử Quận ủy")
    short_name = models.CharField(_("short name"), max_length=100, default="Quận ủy")
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    logo = models.ImageField(_("emblem / logo"), upload_to="site/", blank=True)
    banner = models.ImageField(
        _("header banner"),
        upload_to="site/",
        blank=True,
        width_field="banner_width",
        height_field="banner_height",
        help_text=_(
            "A wide image with the emblem and the committee's name, shown across the header in their"
            " place (at least 1180 px wide). Left empty, the header is drawn in red and gold."
        ),
    )
    banner_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    banner_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    footer_text = models.TextField(
        _("footer text"), blank=True, help_text=_("Licence, editor in charge, and similar lines.")
    )
    default_source_unit = models.CharField(
        _("default source unit"),
        max_length=200,
        default="Ban Tuyên giáo Quận ủy",
        help_text=_("Proposed as the source of new articles; typed without parentheses, the page adds them."),
    )

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.pk = 1
        self.default_source_unit = bare_source_unit(self.default_source_unit)
        super().save(*args, **kwargs)
        cache.delete(self.CACHE_KEY)

    @classmethod
    def load(cls):
        obj = cache.get(cls.CACHE_KEY)
        if obj is None:
            obj, _created = cls.objects.get_or_create(pk=1)
            cache.set(cls.CACHE_KEY, obj, 3600)
        return obj


class SectionQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(is_active=True)

    def in_menu(self):
        return self.visible().filter(show_in_menu=True).order_by("menu_order", "name")


class Section(TimeStampedModel):
    """A section (chuyên mục), or a special topic (chuyên đề) when flagged."""

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(
        _("slug"), max_length=160, unique=True, blank=True, help_text=_("Left empty, made from the name.")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent section"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    description = models.TextField(_("description"), blank=True)
    is_special_topic = models.BooleanField(
        _("special topic"), default=False, help_text=_("Shown with a banner, e.g. a Party congress topic.")
    )
    banner = models.ImageField(_("banner"), upload_to="sections/", blank=True)
    menu_order = models.PositiveSmallIntegerField(_("menu order"), default=100)
    show_in_menu = models.BooleanField(_("show in menu"), default=True)
    show_on_home = models.BooleanField(_("block on the home page"), default=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = SectionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["menu_order", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._stored_slug = self.__dict__.get("slug")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name, max_length=160)
        with transaction.atomic(using=kwargs.get("using") or router.db_for_write(Section, instance=self)):
            super().save(*args, **kwargs)
            if self._stored_slug and self._stored_slug != self.slug:
                # The old slug is derived data of the rename: kept so that old links keep working.
                SectionSlugHistory.objects.update_or_create(slug=self._stored_slug, defaults={"section": self})
        self._stored_slug = self.slug

    def get_absolute_url(self):
        return reverse("news:section", kwargs={"slug": self.slug})


class SectionSlugHistory(models.Model):
    """A slug a section had before it was renamed: its old address answers with a 301.

    Recorded by Section.save(), so editors have nothing to do; a slug belongs to the section
    that gave it up last, and a live section with the same slug always wins.
    """

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="old_slugs")
    slug = models.SlugField(_("old slug"), max_length=160, unique=True)
    created_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("old section address")
        verbose_name_plural = _("old section addresses")

    def __str__(self):
        return f"{self.slug} → {self.section.slug}"

    @classmethod
    def renamed(cls, slug):
        """The active section that used to have `slug`, or None."""
        old = cls.objects.select_related("section").filter(section__is_active=True, slug=slug).first()
        return old.section if old else None


class Author(TimeStampedModel):
    """A name that appears in bylines: an editor account or a named contributor."""

    name = models.CharField(_("name"), max_length=150)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._stored_name = self.__dict__.get("name")

    def __str__(self):
        return self.name


class ArticleQuerySet(models.QuerySet):
    def published(self, now=None):
        """What readers may see: published, and its publication time reached (by `now`)."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=now or timezone.now())

    def for_listing(self, *extra_fields):
        """Just what a card needs (and `extra_fields`), with its section, in one query."""
        return self.select_related("section").only(
            *extra_fields,
            "id",
            "title",
            "slug",
            "lead",
            "cover_image",
            "cover_width",
            "cover_caption",
            "published_at",
            "updated_at",  # part of a card's cache key (news/fragments.py)
            "view_count",
            "section__id",
            "section__name",
            "section__slug",
        )

    def card_refs(self):
        """(pk, updated_at) rows: what a cached card needs; the row itself is loaded only for a card
        missing from the cache (news/fragments.py)."""
        return self.values_list("pk", "updated_at", named=True)

    def newest_first(self):
        return self.order_by("-published_at", "-id")

    def most_read(self, days=7):
        """Published articles ranked by the views they received in the last `days` days."""
        since = timezone.localdate() - timedelta(days=days - 1)
        return (
            self.published()
            .filter(daily_views__day__gte=since)
            .annotate(period_views=Sum("daily_views__views"))
            .order_by("-period_views", "-published_at")
        )


class Article(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("Awaiting review")
        RETURNED = "returned", _("Returned to the author")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")

    class BylineKind(models.TextChoices):
        TIN = "Tin", "Tin"
        ANH = "Ảnh", "Ảnh"
        TIN_ANH = "Tin, ảnh", "Tin, ảnh"
        TIN_VA_ANH = "Tin và ảnh", "Tin và ảnh"
        BAI = "Bài", "Bài"
        BAI_ANH = "Bài, ảnh", "Bài, ảnh"
        BAI_VA_ANH = "Bài và ảnh", "Bài và ảnh"
        VIDEO = "Video", "Video"
        NHOM_PV = "Nhóm phóng viên", "Nhóm phóng viên"

    section = models.ForeignKey(Section, verbose_name=_("section"), on_delete=models.PROTECT, related_name="articles")
    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(
        _("slug"),
        max_length=260,
        unique=True,
        blank=True,
        help_text=_("Part of the address. Left empty, made from the title."),
    )
    lead = models.TextField(_("lead (sapo)"), help_text=_("The first, emphasised paragraph: who, when, what."))
    body = models.TextField(_("body"), blank=True)
    cover_image = models.ImageField(_("cover image"), upload_to="covers/%Y/%m/", blank=True)
    cover_width = models.PositiveIntegerField(editable=False, null=True)
    cover_caption = models.CharField(_("cover caption"), max_length=300, blank=True)
    byline_kind = models.CharField(
        _("credit kind"), max_length=30, choices=BylineKind.choices, default=BylineKind.TIN_ANH
    )
    authors = models.ManyToManyField(
        Author, verbose_name=_("authors"), through="ArticleAuthor", related_name="articles", blank=True
    )
    source_unit = models.CharField(
        _("source unit"),
        max_length=200,
        blank=True,
        help_text=_("Shown in parentheses after the byline; typed without them."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("A time in the future schedules the article: it appears by itself then."),
    )
    is_featured = models.BooleanField(_("featured"), default=False)
    review_note = models.TextField(
        _("review note"),
        blank=True,
        help_text=_("What the editor asks the author to change when returning the article."),
    )
    view_count = models.PositiveBigIntegerField(_("views"), default=0, editable=False)
    # Accent-free, lower-case title + lead + body: the admin's search and the source of the highlighting.
    search_text = models.TextField(editable=False, blank=True)
    # PostgreSQL full-text vector of the same accent-free words (title A, lead B, body C), GIN-indexed
    # by migration 0020.
    search_vector = SearchVectorField(null=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [
            ("edit_any_article", _("Can edit any article, whoever wrote it")),
            ("review_article", _("Can return an article to its author with a note")),
            ("publish_article", _("Can publish, schedule and unpublish articles")),
        ]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_pub_idx"),
            models.Index(fields=["section", "status", "-published_at"], name="article_section_pub_idx"),
            models.Index(fields=["-published_at"], name="article_featured_idx", condition=Q(is_featured=True)),
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._stored_cover = stored_name(self, "cover_image")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title, max_length=260)
        self.body = clean_html(self.body)
        self.source_unit = bare_source_unit(self.source_unit)  # the article page adds the parentheses
        words = [" ".join(search_words(text)) for text in (self.title, self.lead, html_to_text(self.body))]
        self.search_text = " ".join(filter(None, words))
        self.search_vector = weighted_search_vector(*words)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"title", "lead", "body"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_text", "search_vector"}
        if self.cover_image:
            try:
                self.cover_width = self.cover_image.width
            except (FileNotFoundError, ValueError, OSError):
                self.cover_width = None
        else:
            self.cover_width = None
        super().save(*args, **kwargs)
        # What was saved is an SQL expression; forget it, so that reading the field reloads the vector.
        del self.__dict__["search_vector"]
        if self.cover_image and self.cover_image.name != self._stored_cover:
            make_renditions(self.cover_image.name)
            self._stored_cover = self.cover_image.name

    def get_absolute_url(self):
        return reverse("news:article", kwargs={"section": self.section.slug, "slug": self.slug, "pk": self.pk})

    @admin.display(boolean=True, description=_("visible to readers"))
    def is_published(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and (self.published_at <= timezone.now())
        )

    def is_scheduled(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and (self.published_at > timezone.now())
        )

    def byline(self):
        """'Tin, ảnh: Huyền Anh, Minh Đức' — needs authors prefetched to stay at one query."""
        names = ", ".join(a.name for a in self.authors.all())
        return f"{self.byline_kind}: {names}" if names else ""

    def cover_src(self):
        return rendition_url(self.cover_image.name, widths_for(self.cover_width)[-1], "jpg")

    def cover_srcset(self, ext="jpg"):
        if not self.cover_image or not self.cover_width:
            return ""
        return srcset(self.cover_image.name, self.cover_width, ext)


def weighted_search_vector(title, lead, body):
    """The SQL expression of an article's search vector (PostgreSQL): title A, lead B, body C.

    Takes the accent-free words (search_words, joined by spaces) of the title, the lead and
    the body: the diacritics are removed and the words split in Python, the same way as in
    queries, so PostgreSQL's parser sees plain words (never a "host" like `vu.cac`), and the
    'simple' configuration keeps them as they are (PostgreSQL has no Vietnamese stemmer).
    """
    vectors = [
        SearchVector(Value(text, output_field=models.TextField()), config="simple", weight=weight)
        for text, weight in ((title, "A"), (lead, "B"), (body, "C"))
    ]
    return vectors[0] + vectors[1] + vectors[2]


def srcset(name, original_width, ext):
    return ", ".join(f"{rendition_url(name, w, ext)} {w}w" for w in widths_for(original_width))


class ArticleAuthor(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE)
    author = models.ForeignKey(Author, verbose_name=_("author"), on_delete=models.PROTECT)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("author of the article")
        verbose_name_plural = _("authors of the article")
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="unique_article_author"),
        ]

    def __str__(self):
        return self.author.name


class Photo(TimeStampedModel):
    """A photo shown in the article body, with its caption under it."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("image"), upload_to="photos/%Y/%m/", width_field="width", height_field="height")
    width = models.PositiveIntegerField(editable=False, null=True)
    height = models.PositiveIntegerField(editable=False, null=True)
    caption = models.CharField(_("caption"), max_length=400, blank=True)
    alt_text = models.CharField(
        _("alternative text"),
        max_length=250,
        blank=True,
        help_text=_("What the photo shows, for readers who cannot see it. Left empty, the caption is used."),
    )
    credit = models.CharField(_("credit"), max_length=150, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Empty for the photos of old articles: they keep the even spread they always had.
    after_paragraph = models.PositiveSmallIntegerField(
        _("after paragraph"),
        null=True,
        blank=True,
        help_text=_(
            "The number of the paragraph of the body this photo follows: 1 after the first, 0 above it. "
            "Left empty, the photos are spread evenly through the body."
        ),
    )

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._stored_image = stored_name(self, "image")

    def __str__(self):
        return self.caption or self.image.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        # Renditions are derived from the file: made once, when the file changes.
        if self.image and self.image.name != self._stored_image:
            make_renditions(self.image.name)
            self._stored_image = self.image.name

    def src(self):
        return rendition_url(self.image.name, widths_for(self.width)[-1], "jpg") if self.width else self.image.url

    def srcset(self, ext="jpg"):
        return srcset(self.image.name, self.width or 0, ext) if self.width else ""

    @property
    def alt(self):
        return self.alt_text or self.caption


class DailyViews(models.Model):
    """Views an article received on one day (Asia/Ho_Chi_Minh), for 'most read' by period."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="daily_views")
    day = models.DateField(_("day"))
    views = models.PositiveBigIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("daily views")
        verbose_name_plural = _("daily views")
        constraints = [models.UniqueConstraint(fields=["article", "day"], name="unique_article_day")]
        indexes = [models.Index(fields=["day", "article"], name="dailyviews_day_idx")]

    def __str__(self):
        return f"{self.article_id} {self.day}: {self.views}"


class ViewBatch(models.Model):
    """A batch of buffered views already added to the database (news/view_counts.py).

    Stored by the transaction that adds the views: a flush retried after that commit finds its
    token here and does not count the batch twice. Rows older than two days are pruned.
    """

    token = models.CharField(max_length=32, primary_key=True)
    applied_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self):
        return self.token


# Every save of an article is a version (who, when, what), byline included. Registered here,
# once ArticleAuthor exists, because the version keeps the article's author rows too. The view
# counter is left out: it changes with every reader and is written with queryset.update(),
# which makes no version anyway; search_text is derived from the other fields.
register_history(Article, excluded_fields=["view_count", "search_text", "search_vector"], m2m_fields=["authors"])
