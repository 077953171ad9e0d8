from django import template
from django.templatetags.static import static
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def weekday_vi(day):
    """Thứ Hai … Chủ nhật (through the catalog: the English msgids are Monday … Sunday)."""
    names = [_("Monday"), _("Tuesday"), _("Wednesday"), _("Thursday"), _("Friday"), _("Saturday"), _("Sunday")]
    return names[day.weekday()]


@register.simple_tag
def static_css():
    return static("css/workcalendar.css")
