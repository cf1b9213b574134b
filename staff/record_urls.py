from django.urls import path

from .views import records as views

app_name = "records_staff"
urlpatterns = [
    path("", views.target_report, name="report"),
    path("nguoi/<uuid:public_id>/", views.person_record, name="person"),
    path("nguoi/<uuid:public_id>/ban-in/", views.person_record_pdf, name="person_pdf"),
    path("nguoi/<uuid:public_id>/them-khoa-ben-ngoai/", views.external_enter, name="external_enter"),
    path("cho-duyet/", views.pending, name="pending"),
    path("cho-duyet/<uuid:public_id>/quyet-dinh/", views.decide, name="decide"),
    path("chi-tieu/", views.targets, name="targets"),
    path("chi-tieu/<int:pk>/xoa/", views.target_delete, name="target_delete"),
]
