"""The introduction of the district Party committee (Decree 42/2022/NĐ-CP, Art. 4 and 7): its
pages (history, organisation chart…), its leaders, the contacts of its bodies, an English page,
and links to related agencies.

Every public path reads through one queryset method per model (published() or shown()).
"""

from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from news.images import make_renditions, rendition_url, widths_for
from news.models import TimeStampedModel, srcset, stored_name
from news.sanitize import clean_html
from news.text import vn_slugify

# Addresses of the app's own pages under /gioi-thieu/: no page may take them as its slug.
RESERVED_SLUGS = {"lanh-dao", "lien-he", "lien-ket"}


class ShownQuerySet(models.QuerySet):
    def shown(self):
        """What readers see: the rows the editors marked as shown, in their order."""
        return self.filter(is_shown=True)


class RenditionsMixin:
    """An image field (`image_field`) with renditions made as the news app makes them (news/images.py)."""

    image_field = "image"

    def _make_renditions(self):
        image = getattr(self, self.image_field)
        if image and image.name != self._stored_image:
            make_renditions(image.name)
            self._stored_image = image.name

    def image_src(self):
        image, width = getattr(self, self.image_field), self.image_width
        return rendition_url(image.name, widths_for(width)[-1], "jpg") if width else image.url

    def image_srcset(self, ext="jpg"):
        image, width = getattr(self, self.image_field), self.image_width
        return srcset(image.name, width, ext) if image and width else ""


class PageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=IntroPage.Status.PUBLISHED).order_by("order", "title")


class IntroPage(RenditionsMixin, TimeStampedModel):
    """An introduction page ("Giới thiệu"): the history of the Party organisation, the
    organisation chart and the like, with an optional image and its text version."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        blank=True,
        help_text=_("Part of the address. Left empty, made from the title."),
    )
    summary = models.CharField(
        _("summary"), max_length=300, blank=True, help_text=_("One sentence shown in the list of introduction pages.")
    )
    body = models.TextField(_("body"), blank=True)
    image = models.ImageField(
        _("image"),
        upload_to="about/%Y/",
        blank=True,
        width_field="image_width",
        height_field="image_height",
        help_text=_("E.g. the organisation chart. JPEG, PNG, WebP or GIF, checked when uploaded."),
    )
    image_width = models.PositiveIntegerField(editable=False, null=True)
    image_height = models.PositiveIntegerField(editable=False, null=True)
    image_alt = models.CharField(
        _("alternative text of the image"),
        max_length=250,
        blank=True,
        help_text=_("What the image shows in a few words, for readers who cannot see it."),
    )
    image_text = models.TextField(
        _("text version of the image"),
        blank=True,
        help_text=_("Everything the image says, written out (e.g. the bodies of the chart as a list)."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100, help_text=_("Smaller numbers come first."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)

    objects = PageQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["image_width", "image_height"])

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("introduction page")
        verbose_name_plural = _("introduction pages")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._stored_image = stored_name(self, "image")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.free_slug()
        self.body = clean_html(self.body)
        self.image_text = clean_html(self.image_text)
        super().save(*args, **kwargs)
        self._make_renditions()

    def get_absolute_url(self):
        return reverse("about:about_page", kwargs={"slug": self.slug})

    def free_slug(self):
        base = vn_slugify(self.title, max_length=190) or "gioi-thieu"
        taken = set(IntroPage.objects.exclude(pk=self.pk).filter(slug__startswith=base).values_list("slug", flat=True))
        taken |= RESERVED_SLUGS
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        return slug


class Leader(RenditionsMixin, TimeStampedModel):
    """A leader of the district Party committee, as the leaders' page shows them."""

    class Group(models.TextChoices):
        STANDING = "standing", _("Standing members of the committee")
        COMMITTEE = "committee", _("Members of the standing committee")

    image_field = "photo"

    name = models.CharField(_("full name"), max_length=150)
    title = models.CharField(_("position"), max_length=250, help_text=_("E.g. “Bí thư Quận ủy”."))
    title_en = models.CharField(
        _("position in English"),
        max_length=250,
        blank=True,
        help_text=_("Shown on the English page, e.g. “Secretary”."),
    )
    group = models.CharField(_("group"), max_length=20, choices=Group.choices, default=Group.COMMITTEE)
    photo = models.ImageField(
        _("photo"), upload_to="about/leaders/", blank=True, width_field="image_width", height_field="image_height"
    )
    image_width = models.PositiveIntegerField(editable=False, null=True)
    image_height = models.PositiveIntegerField(editable=False, null=True)
    duties = models.TextField(_("duties"), blank=True, help_text=_("The fields of work assigned to them."))
    office_phone = models.CharField(
        _("office phone"), max_length=100, blank=True, help_text=_("The office's number, never a personal one.")
    )
    office_email = models.EmailField(_("office email"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100, help_text=_("Smaller numbers come first."))
    is_shown = models.BooleanField(_("shown"), default=True)

    objects = ShownQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["image_width", "image_height"])

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("leader")
        verbose_name_plural = _("leaders")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._stored_image = stored_name(self, "photo")

    def __str__(self):
        return f"{self.name} – {self.title}"

    def save(self, *args, **kwargs):
        self.duties = clean_html(self.duties)
        super().save(*args, **kwargs)
        self._make_renditions()


class Department(TimeStampedModel):
    """A body of the committee (Văn phòng, Ban Tổ chức…) and how to reach it."""

    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)
    head_name = models.CharField(_("head"), max_length=150, blank=True, help_text=_("Full name of the head."))
    head_title = models.CharField(_("head's position"), max_length=150, blank=True, help_text=_("E.g. “Trưởng ban”."))
    head_title_en = models.CharField(_("head's position in English"), max_length=150, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    address_en = models.CharField(
        _("address in English"), max_length=300, blank=True, help_text=_("Left empty, the address above is shown.")
    )
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=100, help_text=_("Smaller numbers come first."))
    is_shown = models.BooleanField(_("shown"), default=True)

    objects = ShownQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("committee body")
        verbose_name_plural = _("committee bodies")

    def __str__(self):
        return self.name


class EnglishPageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class EnglishPage(TimeStampedModel):
    """The English introduction: one row, written in English by the editors."""

    title = models.CharField(_("title (in English)"), max_length=200, default="About the District Party Committee")
    intro = models.TextField(_("introduction (in English)"), blank=True)
    address = models.CharField(_("address (in English)"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)
    is_published = models.BooleanField(_("published"), default=True)

    objects = EnglishPageQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("English page")
        verbose_name_plural = _("English page")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.pk = 1
        self.intro = clean_html(self.intro)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("about:about_english")


class AgencyLinkQuerySet(ShownQuerySet):
    def shown(self):
        # The form refuses any other scheme; a row written past it (a script, the shell) is not shown either.
        return super().shown().filter(url__iregex=r"^https?://")


class AgencyLink(TimeStampedModel):
    """A link to a related agency's portal, in the footer and on the links page."""

    class Group(models.TextChoices):
        CENTRAL = "central", _("Central agencies")
        CITY = "city", _("City")
        DISTRICT = "district", _("District")
        WARD = "ward", _("Wards")

    name = models.CharField(_("name"), max_length=200)
    url = models.URLField(
        _("address"),
        max_length=500,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("A full address starting with https:// (or http://)."),
    )
    group = models.CharField(_("group"), max_length=20, choices=Group.choices, default=Group.CITY)
    order = models.PositiveSmallIntegerField(_("order"), default=100, help_text=_("Smaller numbers come first."))
    is_shown = models.BooleanField(_("shown"), default=True)

    objects = AgencyLinkQuerySet.as_manager()

    class Meta:
        ordering = ["group", "order", "id"]
        verbose_name = _("agency link")
        verbose_name_plural = _("agency links")

    def __str__(self):
        return self.name


def grouped(links):
    """[(group label, [links])] in the groups' order, from links ordered by group."""
    order = list(AgencyLink.Group)
    groups = {}
    for link in links:
        groups.setdefault(link.group, []).append(link)
    return [(AgencyLink.Group(key).label, groups[key]) for key in order if key in groups]
