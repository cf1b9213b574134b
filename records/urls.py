from django.urls import path

from . import views

app_name = "records"
urlpatterns = [
    path("", views.my_record, name="my_record"),
    path("ban-in/", views.my_record_pdf, name="my_record_pdf"),
    path("khai-bao/", views.external_new, name="external_new"),
    path("khai-bao/<uuid:public_id>/rut/", views.external_withdraw, name="external_withdraw"),
    path("minh-chung/<uuid:public_id>/", views.evidence, name="evidence"),
]
