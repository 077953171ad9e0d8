"""The agency links are drawn in the footer of every page, a fragment keyed by the fragments'
generation (pagecache.generation.FRAGMENTS): an edit of a link moves it on. The pages that list
them are whole pages, invalidated through PORTAL_PAGE_CACHE_MODELS."""

from django.db.models.signals import post_delete, post_save

from pagecache.generation import FRAGMENTS

from .models import AgencyLink

post_save.connect(FRAGMENTS.changed, sender=AgencyLink, dispatch_uid="fragments:about-agency-link")
post_delete.connect(FRAGMENTS.changed, sender=AgencyLink, dispatch_uid="fragments:about-agency-link")
