from django.urls import path

from . import views
from .feeds import LatestDocumentsFeed

app_name = "documents"

# Names of their own (documents_…): the cached site header is keyed by the URL name alone.
urlpatterns = [
    path("", views.register, name="documents_register"),
    path("rss/", LatestDocumentsFeed(), name="documents_feed"),
    path("<slug:slug>/", views.detail, name="documents_detail"),
    path("<slug:slug>/xem.pdf", views.pdf_file, name="documents_file"),
    path("<slug:slug>/tai-ve.pdf", views.pdf_download, name="documents_download"),
    path("<slug:slug>/ban-word/", views.word_file, name="documents_word_file"),
    path("<slug:slug>/dinh-kem/<int:pk>/", views.attachment_file, name="documents_attachment"),
]
