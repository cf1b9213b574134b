from django.urls import path

from . import views

app_name = "lessonmedia"
urlpatterns = [
    path("bai-hoc/<int:lesson_id>/media/<int:media_id>/", views.media_file, name="file"),
    path("bai-hoc/<int:lesson_id>/media/<int:media_id>/anh-bia/", views.media_poster, name="poster"),
    path(
        "bai-hoc/<int:lesson_id>/media/<int:media_id>/phu-de/<int:caption_id>/",
        views.media_caption,
        name="caption",
    ),
    path("bai-hoc/<int:lesson_id>/media/<int:media_id>/tien-do/", views.media_progress, name="progress"),
    path("bai-hoc/<int:lesson_id>/tai-lieu/<int:document_id>/", views.lesson_document, name="document"),
]
