from django.urls import path

from spinewise.assessments import views

app_name = "assessments"
urlpatterns = [
    path("", views.start, name="start"),
    path("step/<int:number>/", views.step, name="step"),
    path("result/<str:public_id>/", views.result, name="result"),
]
