from django.urls import path

from . import views

app_name = "evaluations"
urlpatterns = [
    path("", views.my_evaluations, name="my_evaluations"),
    path("<int:invitation_id>/", views.answer, name="answer"),
]
