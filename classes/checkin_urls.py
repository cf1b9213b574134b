"""Learner check-in, mounted at /diem-danh/."""

from django.urls import path

from . import checkin_views

app_name = "checkin"
urlpatterns = [
    path("buoi/<int:session_id>/", checkin_views.checkin_scan, name="scan"),
    path("nhap-ma/", checkin_views.checkin_code, name="code"),
]
