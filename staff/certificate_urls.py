from django.urls import path

from certificates.services import ARCHIVE_JOB
from jobs import views as job_views

from .permissions import hr_area_required
from .views import certificates as staff_views

app_name = "certificate_staff"
urlpatterns = [
    path("", staff_views.certificate_list, name="list"),
    path("<int:pk>/thu-hoi/", staff_views.revoke, name="revoke"),
    path("<int:pk>/cap-lai/", staff_views.reissue, name="reissue"),
    path("tep-nen/", staff_views.archive_create, name="archive_create"),
    path("tep-nen/<uuid:public_id>/", staff_views.archive_detail, name="archive"),
    path(
        "tep-nen/<uuid:public_id>/tai-ve/",
        hr_area_required(job_views.download),
        {"kind": ARCHIVE_JOB},
        name="archive_download",
    ),
]
