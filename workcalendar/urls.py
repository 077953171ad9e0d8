from django.urls import path

from . import views

app_name = "workcalendar"

urlpatterns = [
    path("", views.current_week, name="calendar_current"),
    path("lich.ics", views.calendar_ics, name="calendar_ics"),
    path("<int:year>/tuan-<int:number>/", views.week_page, name="calendar_week"),
    path("<int:year>/tuan-<int:number>.ics", views.week_ics, name="calendar_week_ics"),
]
