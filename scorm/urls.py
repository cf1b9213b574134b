from django.urls import path

from . import views

app_name = "scorm"
urlpatterns = [
    path("bai-hoc/<int:lesson_id>/goi/<int:package_id>/luu/", views.cmi_commit, name="commit"),
    path("bai-hoc/<int:lesson_id>/goi/<int:package_id>/mo/", views.launch, name="launch"),
    path("bai-hoc/<int:lesson_id>/luot-hoc/", views.lesson_attempts, name="lesson_attempts"),
    path("luot-hoc/<int:attempt_id>/", views.attempt_detail, name="attempt"),
    path("tep/<str:token>/<path:path>", views.package_file, name="file"),
]
