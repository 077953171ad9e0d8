"""The standing committee's weekly work calendar ("Lịch công tác"): weeks published by editors,
their entries, and the leaders who take part (the introduction's leaders, about.Leader).
Readers see published weeks only (Week.objects.published())."""

import datetime
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

LOCAL = zoneinfo.ZoneInfo(settings.TIME_ZONE)


def next_midnight():
    """Unix time of the next local midnight: when the day marked as today changes."""
    now = timezone.localtime(timezone.now(), LOCAL)
    tomorrow = datetime.datetime.combine(now.date() + datetime.timedelta(days=1), datetime.time(), LOCAL)
    return tomorrow.timestamp()


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class WeekQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Week.Status.PUBLISHED)


class Week(TimeStamped):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    year = models.PositiveSmallIntegerField(_("ISO year"))
    number = models.PositiveSmallIntegerField(_("ISO week"), help_text=_("1 to 53, as in the ISO calendar."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    note = models.TextField(_("note"), blank=True, help_text=_("Optional; shown under the week's title."))

    objects = WeekQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-number"]
        verbose_name = _("week")
        verbose_name_plural = _("weeks")
        constraints = [models.UniqueConstraint(fields=["year", "number"], name="workcalendar_week_unique")]
        indexes = [models.Index(fields=["status", "year", "number"], name="workcalendar_week_pub_idx")]

    def __str__(self):
        return _("Week %(number)s/%(year)s (%(start)s – %(end)s)") % {
            "number": self.number,
            "year": self.year,
            "start": self.monday.strftime("%d/%m"),
            "end": self.sunday.strftime("%d/%m/%Y"),
        }

    def get_absolute_url(self):
        return reverse("workcalendar:calendar_week", args=[self.year, self.number])

    def get_ics_url(self):
        return reverse("workcalendar:calendar_week_ics", args=[self.year, self.number])

    def clean(self):
        try:
            datetime.date.fromisocalendar(self.year, self.number, 1)
        except (ValueError, TypeError):
            raise ValidationError({"number": _("This week does not exist in that year.")}) from None

    @property
    def monday(self):
        return datetime.date.fromisocalendar(self.year, self.number, 1)

    @property
    def sunday(self):
        return self.monday + datetime.timedelta(days=6)

    def is_published(self):
        return self.status == self.Status.PUBLISHED

    def publish(self):
        if not self.is_published():
            self.status = self.Status.PUBLISHED
            self.published_at = timezone.now()
            self.save(update_fields=["status", "published_at", "updated_at"])


class EntryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(week__status=Week.Status.PUBLISHED)


class Entry(TimeStamped):
    week = models.ForeignKey(Week, models.CASCADE, related_name="entries", verbose_name=_("week"))
    day = models.DateField(_("day"))
    starts_at = models.TimeField(_("start time"))
    ends_at = models.TimeField(_("end time"), null=True, blank=True)
    leaders = models.ManyToManyField(
        "about.Leader",
        blank=True,
        related_name="calendar_entries",
        verbose_name=_("leaders"),
        help_text=_("The committee's leaders, as on the introduction's leaders page."),
    )
    content = models.TextField(_("content"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    preparing_unit = models.CharField(_("preparing unit"), max_length=300, blank=True)
    adjusted_at = models.DateTimeField(_("adjusted at"), null=True, blank=True, editable=False)
    sequence = models.PositiveIntegerField(_("revision"), default=0, editable=False)

    objects = EntryQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        ordering = ["day", "starts_at", "id"]
        verbose_name = _("entry")
        verbose_name_plural = _("entries")

    def __str__(self):
        return f"{self.day:%d/%m/%Y} {self.starts_at:%H:%M} {self.content[:60]}"

    def save(self, *args, **kwargs):
        # A change to an entry of a published week is an adjustment: readers see when it was made,
        # and calendar apps see a new SEQUENCE.
        if not self._state.adding and self.week.is_published():
            self.adjusted_at = timezone.now()
            self.sequence += 1
        super().save(*args, **kwargs)

    def clean(self):
        errors = {}
        if self.week_id and self.day and not (self.week.monday <= self.day <= self.week.sunday):
            errors["day"] = _("The day must be inside the week (%(start)s – %(end)s).") % {
                "start": self.week.monday.strftime("%d/%m/%Y"),
                "end": self.week.sunday.strftime("%d/%m/%Y"),
            }
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The end time must be after the start time.")
        if errors:
            raise ValidationError(errors)

    @property
    def period(self):
        return "morning" if self.starts_at.hour < 12 else "afternoon"

    def uid(self, host):
        return f"workcalendar-entry-{self.pk}@{host}"
