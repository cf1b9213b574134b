"""The staff area, mounted at /quan-ly-dao-tao/ (the enrollment-request list is in the Wagtail admin).

One URL module per screen group, beside its views. The URL names are the ones from before the area was one
app (``reports:*``, ``certificate_staff:*``, ``course_assignments``), so links and bookmarks stay valid.
"""

from django.urls import include, path

from .views import assignments

urlpatterns = [
    path("giay-chung-nhan/", include("staff.certificate_urls")),
    path("giao-khoa-hoc/", assignments.assign, name="course_assignments"),
    path("lop-hoc/", include("staff.class_urls")),
    path("", include("staff.report_urls")),
]
