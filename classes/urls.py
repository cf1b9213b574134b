from django.urls import path

from . import views

app_name = "classes"
urlpatterns = [
    path("", views.my_classes, name="my_classes"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/dang-ky/", views.register, name="register"),
    path("<int:pk>/rut-ten/", views.withdraw, name="withdraw"),
    path("<int:pk>/lich.ics", views.class_feed, name="class_feed"),
    path("lich/<str:token>.ics", views.learner_feed, name="learner_feed"),
    path("lich/tao-dia-chi/", views.feed_regenerate, name="feed_regenerate"),
    path("lich/tat/", views.feed_revoke, name="feed_revoke"),
]
