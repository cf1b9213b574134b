"""The staff area, mounted at /quan-ly-dao-tao/.

One URL module per screen group, beside its views. The URL names are the ones from before the area was one
app (``reports:*``, ``certificate_staff:*``, ``course_assignments``), so links and bookmarks stay valid.
"""

from django.urls import include, path

from .views import assignments, class_registrations, enrollment_requests, nominations, officials

urlpatterns = [
    path("giay-chung-nhan/", include("staff.certificate_urls")),
    path("giao-khoa-hoc/", assignments.assign, name="course_assignments"),
    path("yeu-cau-dang-ky-hoc/", enrollment_requests.enrollment_requests, name="enrollment_requests"),
    path(
        "yeu-cau-dang-ky-hoc/<int:pk>/quyet-dinh/",
        enrollment_requests.enrollment_request_decide,
        name="enrollment_request_decide",
    ),
    path("duyet-dang-ky-lop/", class_registrations.class_registrations, name="class_registrations"),
    path(
        "duyet-dang-ky-lop/<int:pk>/quyet-dinh/",
        class_registrations.class_registration_decide,
        name="class_registration_decide",
    ),
    path("cu-di-hoc/", nominations.nominate, name="class_nominations"),
    path("lop-hoc/", include("staff.class_urls")),
    path("danh-gia/", include("staff.evaluation_urls")),
    path("qua-trinh-boi-duong/", include("staff.record_urls")),
    path("nhap-can-bo/", officials.officials_import, name="officials_import"),
    path(
        "nhap-can-bo/mau.csv",
        officials.officials_import_template,
        {"fmt": "csv"},
        name="officials_template_csv",
    ),
    path(
        "nhap-can-bo/mau.xlsx",
        officials.officials_import_template,
        {"fmt": "xlsx"},
        name="officials_template_xlsx",
    ),
    path("nhap-can-bo/<uuid:public_id>/", officials.officials_import_detail, name="officials_import_detail"),
    path(
        "nhap-can-bo/<uuid:public_id>/ap-dung/",
        officials.officials_import_apply,
        name="officials_import_apply",
    ),
    path("", include("staff.report_urls")),
]
