from django import template
from django.template.loader import render_to_string

from ..models import AgencyLink, grouped

register = template.Library()


@register.inclusion_tag("about/_footer_links.html")
def agency_links_footer():
    """The agency links of the footer, by group. Drawn inside the cached "site-footer" fragment,
    so read only when it is missing (its key moves with every edit of a link: signals.py)."""
    return {"groups": grouped(AgencyLink.objects.shown())}


@register.simple_tag
def about_picture(obj, alt, sizes, loading="lazy"):
    """An introduction page's image or a leader's photo as a responsive <picture>, from the
    renditions made when it was saved (news/images.py), through the portal's own include."""
    image = getattr(obj, obj.image_field)
    if not image:
        return ""
    return render_to_string(
        "includes/picture.html",
        {
            "src": obj.image_src(),
            "srcset_webp": obj.image_srcset("webp"),
            "srcset_jpg": obj.image_srcset("jpg"),
            "sizes": sizes,
            "alt": alt,
            "width": obj.image_width,
            "height": obj.image_height,
            "loading": loading,
        },
    )
