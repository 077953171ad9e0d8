from django.urls import path

from . import views

app_name = "about"

# Names of their own (about_…): the cached site header is keyed by the URL name alone.
urlpatterns = [
    path("gioi-thieu/", views.index, name="about_index"),
    path("gioi-thieu/lanh-dao/", views.leaders, name="about_leaders"),
    path("gioi-thieu/lien-he/", views.contacts, name="about_contacts"),
    path("gioi-thieu/<slug:slug>/", views.page, name="about_page"),
    path("lien-ket/", views.links, name="about_links"),
    path("en/", views.english, name="about_english"),
]
