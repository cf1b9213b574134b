from django.urls import path

from . import views

app_name = "courses"
urlpatterns = [
    path("", views.my_courses, name="my_courses"),
    path("khoa-hoc/<int:course_id>/dang-ky/", views.enroll, name="enroll"),
    path("khoa-hoc/<int:course_id>/roi-khoa-hoc/", views.withdraw, name="withdraw"),
    path("khoa-hoc/<int:course_id>/tiep-tuc/", views.resume, name="resume"),
    path("bai-hoc/<int:lesson_id>/hoan-thanh/", views.lesson_complete, name="lesson_complete"),
    path("bai-kiem-tra/<int:quiz_id>/", views.quiz_overview, name="quiz"),
    path("bai-kiem-tra/<int:quiz_id>/bat-dau/", views.quiz_start, name="quiz_start"),
    path("lan-lam-bai/<uuid:public_id>/", views.attempt_take, name="attempt"),
    path("lan-lam-bai/<uuid:public_id>/luu/", views.attempt_autosave, name="attempt_autosave"),
    path("lan-lam-bai/<uuid:public_id>/xac-nhan-nop/", views.attempt_confirm, name="attempt_confirm"),
    path("lan-lam-bai/<uuid:public_id>/ket-qua/", views.attempt_result, name="attempt_result"),
]
