"""Photo albums and videos. An album's photos get the same renditions as an article's photos
(news.images makes them; news.models.srcset writes the attribute), a video is checked by ffprobe
when uploaded (videos.py) and played by the browser's own player."""

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from news.images import make_renditions, rendition_url, widths_for
from news.models import TimeStampedModel, stored_name, unique_slug
from news.models import srcset as rendition_srcset


class PublishedQuerySet(models.QuerySet):
    def published(self, now=None):
        return self.filter(is_published=True, published_at__lte=now or timezone.now())


class Publishable(TimeStampedModel):
    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("slug"), max_length=200, unique=True, blank=True, allow_unicode=False)
    description = models.TextField(_("description"), blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("publication date"), default=timezone.now)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["-published_at", "-id"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.title)
        super().save(*args, **kwargs)


class RenditionsMixin:
    """src()/srcset() of an image field `image` with its `width`, as an article's Photo has them."""

    def src(self):
        return rendition_url(self.image.name, widths_for(self.width)[-1], "jpg") if self.width else self.image.url

    def srcset(self, ext="jpg"):
        return rendition_srcset(self.image.name, self.width or 0, ext) if self.width else ""

    def srcset_webp(self):
        return self.srcset("webp")


class Album(Publishable):
    cover = models.ForeignKey(
        "AlbumPhoto",
        verbose_name=_("cover"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Left empty, the first photo is the cover."),
    )

    class Meta(Publishable.Meta):
        verbose_name = _("photo album")
        verbose_name_plural = _("photo albums")
        permissions = [("publish_album", _("Can publish albums and videos"))]

    def get_absolute_url(self):
        return reverse("gallery:album", args=[self.slug])


class AlbumPhoto(RenditionsMixin, TimeStampedModel):
    album = models.ForeignKey(Album, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("image"), upload_to="albums/%Y/%m/", width_field="width", height_field="height")
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

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("album photo")
        verbose_name_plural = _("album photos")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._stored_image = stored_name(self, "image")

    def __str__(self):
        return self.caption or self.image.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if self.image and self.image.name != self._stored_image:
            make_renditions(self.image.name)
            self._stored_image = self.image.name

    @property
    def alt(self):
        return self.alt_text or self.caption


class Video(Publishable):
    class Kind(models.TextChoices):
        MP4 = "mp4", "MP4"
        WEBM = "webm", "WebM"

    file = models.FileField(_("video file"), upload_to="videos/%Y/%m/")
    kind = models.CharField(_("format"), max_length=8, choices=Kind.choices, editable=False)
    file_size = models.PositiveBigIntegerField(_("file size"), default=0, editable=False)
    duration = models.FloatField(_("duration (seconds)"), default=0, editable=False)
    width = models.PositiveIntegerField(null=True, editable=False)
    height = models.PositiveIntegerField(null=True, editable=False)
    poster = models.ImageField(
        _("poster"),
        upload_to="videos/posters/%Y/%m/",
        blank=True,
        help_text=_("Shown before the video plays. Left empty, a frame of the video is used."),
    )
    credit = models.CharField(_("credit"), max_length=150, blank=True)

    class Meta(Publishable.Meta):
        verbose_name = _("video")
        verbose_name_plural = _("videos")

    def get_absolute_url(self):
        return reverse("gallery:video", args=[self.slug])

    def file_url(self):
        return reverse("gallery:video_file", args=[self.slug, self.kind or "mp4"])

    def content_type(self):
        return "video/webm" if self.kind == self.Kind.WEBM else "video/mp4"

    def duration_display(self):
        minutes, seconds = divmod(round(self.duration), 60)
        return f"{minutes}:{seconds:02d}"


class ArticleMedia(models.Model):
    """The album or video an article embeds (the article form's inline, PORTAL_ARTICLE_ADMIN_INLINES)."""

    article = models.OneToOneField("news.Article", on_delete=models.CASCADE, related_name="gallery_media")
    album = models.ForeignKey(Album, verbose_name=_("album"), null=True, blank=True, on_delete=models.SET_NULL)
    video = models.ForeignKey(Video, verbose_name=_("video"), null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        verbose_name = _("album or video of the article")
        verbose_name_plural = _("album or video of the article")

    def __str__(self):
        return str(self.album or self.video or "")
