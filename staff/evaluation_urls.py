"""Evaluation reports (#17), mounted at /quan-ly-dao-tao/danh-gia/."""

from django.urls import path

from .views import evaluations as views

app_name = "evaluation_staff"
urlpatterns = [
    path("", views.evaluation_list, name="list"),
    path("<int:evaluation_id>/", views.evaluation_detail, name="detail"),
    path("<int:evaluation_id>/ket-qua.xlsx", views.evaluation_export, name="export"),
]
