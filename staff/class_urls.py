"""Trainer screens for classes and attendance, mounted at /quan-ly-dao-tao/lop-hoc/."""

from django.urls import path

from .views import classes as views

app_name = "class_staff"
urlpatterns = [
    path("", views.class_list, name="list"),
    path("<int:class_id>/", views.class_detail, name="detail"),
    path("buoi/<int:session_id>/diem-danh/", views.session_roster, name="roster"),
    path("buoi/<int:session_id>/diem-danh-qr/", views.checkin_screen, name="checkin_screen"),
    path("buoi/<int:session_id>/diem-danh-qr.json", views.checkin_state, name="checkin_state"),
    path("buoi/<int:session_id>/danh-sach-ky-ten.pdf", views.sign_in_sheet, name="sign_in_sheet"),
]
