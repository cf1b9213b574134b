from django.urls import path

from jobs import views as job_views
from reports.services import EXPORT_JOB

from .permissions import hr_area_required
from .views import class_reports
from .views import reports as views

app_name = "reports"
urlpatterns = [
    path("", views.staff_home, name="dashboard"),
    path("don-vi/", views.unit_report, name="units"),
    path("don-vi/<int:unit_id>/", views.unit_detail, name="unit_detail"),
    path("khoa-hoc/", views.course_report, name="courses"),
    path("hoc-vien/", views.learner_list, name="learner_list"),
    path("bao-cao-lop-hoc/", class_reports.class_attendance, name="classes"),
    path("hoc-vien/<uuid:public_id>/", views.learner_detail, name="learner_detail"),
    path("xuat-du-lieu/", views.export_list, name="exports"),
    path("xuat-du-lieu/<slug:report>.<slug:fmt>", views.export, name="export"),
    path("xuat-du-lieu/viec/", views.export_job_create, name="export_job_create"),
    path("xuat-du-lieu/viec/<uuid:public_id>/", views.export_job_detail, name="export_job"),
    path(
        "xuat-du-lieu/viec/<uuid:public_id>/tai-ve/",
        hr_area_required(job_views.download),
        {"kind": EXPORT_JOB},
        name="export_job_download",
    ),
]
