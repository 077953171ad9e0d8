from django.urls import path

from . import views

app_name = "gallery"

# Names of their own: the cached site header is keyed by the URL name alone.
urlpatterns = [
    path("anh/", views.album_list, name="albums"),
    path("anh/<slug:slug>/", views.album_detail, name="album"),
    path("video/", views.video_list, name="videos"),
    path("video/<slug:slug>/", views.video_detail, name="video"),
    path("video/<slug:slug>/tep.<str:ext>", views.video_file, name="video_file"),
]
