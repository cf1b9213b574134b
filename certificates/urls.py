from django.urls import path

from . import views

app_name = "certificates"
urlpatterns = [
    path("giay-chung-nhan/", views.my_certificates, name="mine"),
    path("giay-chung-nhan/<str:serial>/tai-ve/", views.download, name="download"),
    path("tra-cuu-chung-nhan/", views.lookup, name="lookup"),
    path("tra-cuu-chung-nhan/<str:code>/", views.verify, name="verify"),
    path("tra-cuu-chung-nhan/<str:code>/pdf/", views.verify_pdf, name="verify_pdf"),
]
