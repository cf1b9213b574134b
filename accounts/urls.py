from django.urls import path

from . import views

app_name = "accounts"
urlpatterns = [
    path("ho-so/", views.profile, name="profile"),
    path("ho-so/du-lieu-cua-toi/", views.personal_data_download, name="personal_data"),
    path("ho-so/du-lieu-ca-nhan/", views.personal_data_page, name="personal_data_page"),
    path("ho-so/yeu-cau-xoa/", views.deletion_request, name="deletion_request"),
    path("ho-so/yeu-cau-du-lieu/", views.personal_data_requests, name="personal_data_requests"),
    path("xac-nhan-email/gui-lai/", views.confirmation_resend, name="confirmation_resend"),
    path("xac-nhan-email/doi-dia-chi/", views.signup_email_change, name="signup_email_change"),
    path("thong-bao-xu-ly-du-lieu-ca-nhan/", views.privacy_notice, name="privacy_notice"),
]
