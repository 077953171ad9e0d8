"""What each reader page shows, as the parts of its cache keys: the one place to edit when a
page starts showing something new.

A page's frame (all of it but the sidebar, pagecache.fragments.framed_page()) and the fragments of
its template ({% fragment "…" page_key %}) are keyed by these parts, plus the scheme and host of
the absolute addresses (added by news.views.render_framed()) and the structure version that every
fragment key carries (section names and addresses, the site settings). A part names a version of
what is shown: primary keys and updated_at, which a change of an article's photos or byline
moves too (news/signals.py).
"""

from pagecache.fragments import version_stamp, versions


def home(lead_story, featured, latest, blocks):
    """The home page: its lead story, featured and latest cards, and the sections' blocks."""
    parts = [versions([lead_story] if lead_story else []), versions(featured), versions(latest)]
    parts.append([(section.pk, versions(articles)) for section, articles in blocks])
    return parts


def section(section, page):
    """A page of a section's list: which section, which page of how many cards, and the cards."""
    return [section.pk, page.number, page.paginator.count, versions(page.object_list)]


def article(pk, updated_at, view_count, related):
    """An article page: the article's version, the count shown (a marker, on a page that the page
    cache fills in), and the related articles' cards (`related`: card references)."""
    return [pk, version_stamp(updated_at), view_count, versions(related)]
