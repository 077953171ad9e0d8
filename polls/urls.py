from django.urls import path

from . import views

app_name = "polls"

urlpatterns = [
    path("", views.archive, name="archive"),
    path("<int:pk>/ket-qua/", views.results, name="results"),
    path("<int:pk>/bo-phieu/", views.vote, name="vote"),
    path("<int:pk>/thu-thach/", views.challenge, name="challenge"),
]
