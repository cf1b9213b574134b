"""The staff area, mounted at /quan-ly-dao-tao/ (the enrolment-request list is in the Wagtail admin).

URL names are kept from before the area was one app (``reports:*``, ``certificate_staff:*``,
``course_assignments``) so links, tests and bookmarks stay valid.
"""

from django.urls import include, path

from .views import assignments, certificates, reports

report_patterns = [
    path("", reports.dashboard, name="dashboard"),
    path("don-vi/", reports.unit_report, name="units"),
    path("don-vi/<int:unit_id>/", reports.unit_detail, name="unit_detail"),
    path("khoa-hoc/", reports.course_report, name="courses"),
    path("hoc-vien/", reports.learner_list, name="learner_list"),
    path("hoc-vien/<uuid:public_id>/", reports.learner_detail, name="learner_detail"),
    path("xuat-du-lieu/", reports.export_list, name="exports"),
    path("xuat-du-lieu/<slug:report>.<slug:fmt>", reports.export, name="export"),
    path("xuat-du-lieu/viec/", reports.export_job_create, name="export_job_create"),
    path("xuat-du-lieu/viec/<uuid:public_id>/", reports.export_job_detail, name="export_job"),
    path(
        "xuat-du-lieu/viec/<uuid:public_id>/tai-ve/", reports.export_job_download, name="export_job_download"
    ),
]

certificate_patterns = [
    path("", certificates.certificate_list, name="list"),
    path("<int:pk>/thu-hoi/", certificates.revoke, name="revoke"),
    path("<int:pk>/cap-lai/", certificates.reissue, name="reissue"),
    path("tep-nen/", certificates.archive_create, name="archive_create"),
    path("tep-nen/<int:pk>/", certificates.archive_detail, name="archive"),
    path("tep-nen/<int:pk>/tai-ve/", certificates.archive_download, name="archive_download"),
]

urlpatterns = [
    path("giay-chung-nhan/", include((certificate_patterns, "certificate_staff"))),
    path("giao-khoa-hoc/", assignments.assign, name="course_assignments"),
    path("", include((report_patterns, "reports"))),
]
