from django.urls import path

from . import views

app_name = "scorm"
urlpatterns = [
    path("bai-hoc/<int:lesson_id>/goi/<int:package_id>/luu/", views.cmi_commit, name="commit"),
    path("tep/<str:token>/<path:path>", views.package_file, name="file"),
]
