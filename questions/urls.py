from django.urls import path

from . import views
from .feeds import LatestQuestionsFeed

app_name = "questions"

urlpatterns = [
    path("", views.question_list, name="list"),
    path("gui-cau-hoi/", views.ask, name="ask"),
    path("gui/", views.submit, name="submit"),
    path("da-gui/", views.sent, name="sent"),
    path("kiem-tra/", views.challenge, name="challenge"),
    path("rss/", LatestQuestionsFeed(), name="feed"),
    path("<int:pk>/", views.detail, name="detail"),
]
