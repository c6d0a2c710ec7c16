from django.urls import path

from spinewise.consultations import views

app_name = "consultations"
urlpatterns = [
    path("request/", views.request_call, name="request"),
    path("request/sent/", views.sent, name="sent"),
    path("queue/", views.queue_page, name="queue"),
    path("queue/<str:public_id>/", views.detail, name="detail"),
    path("queue/<str:public_id>/<slug:action>/", views.act, name="action"),
]
