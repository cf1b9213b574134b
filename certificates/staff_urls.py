from django.urls import path

from jobs import views as job_views

from . import staff_views
from .services import ARCHIVE_JOB

app_name = "certificate_staff"
urlpatterns = [
    path("", staff_views.certificate_list, name="list"),
    path("<int:pk>/thu-hoi/", staff_views.revoke, name="revoke"),
    path("<int:pk>/cap-lai/", staff_views.reissue, name="reissue"),
    path("tep-nen/", staff_views.archive_create, name="archive_create"),
    path("tep-nen/<uuid:public_id>/", staff_views.archive_detail, name="archive"),
    path(
        "tep-nen/<uuid:public_id>/tai-ve/",
        job_views.download,
        {"kind": ARCHIVE_JOB},
        name="archive_download",
    ),
]
