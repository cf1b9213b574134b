from django.urls import path

from .views import certificates as staff_views

app_name = "certificate_staff"
urlpatterns = [
    path("", staff_views.certificate_list, name="list"),
    path("<int:pk>/thu-hoi/", staff_views.revoke, name="revoke"),
    path("<int:pk>/cap-lai/", staff_views.reissue, name="reissue"),
    path("tep-nen/", staff_views.archive_create, name="archive_create"),
    path("tep-nen/<int:pk>/", staff_views.archive_detail, name="archive"),
    path("tep-nen/<int:pk>/tai-ve/", staff_views.archive_download, name="archive_download"),
]
