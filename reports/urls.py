from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("hoc-vien/", views.learner_list, name="learner_list"),
    path("hoc-vien/<uuid:public_id>/", views.learner_detail, name="learner_detail"),
]
