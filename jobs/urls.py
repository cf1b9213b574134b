from django.urls import path

from . import views

app_name = "jobs"
urlpatterns = [
    path("<uuid:public_id>/tai-ve/", views.download, name="download"),
]
