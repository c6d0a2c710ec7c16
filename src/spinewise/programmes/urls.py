from django.urls import path

from spinewise.programmes import clinic_views, views

app_name = "programmes"
urlpatterns = [
    path("", views.my_programme, name="mine"),
    path("safety/", views.safety, name="safety"),
    path("sheet/", views.sheet, name="sheet"),
    path("clinic/", clinic_views.review_list, name="review_list"),
    path("clinic/new-patient/", clinic_views.new_patient, name="new_patient"),
    path("clinic/<int:programme_id>/", clinic_views.review, name="review"),
    path("clinic/<int:programme_id>/pause/", clinic_views.pause, name="pause"),
    path("clinic/<int:programme_id>/resume/", clinic_views.resume, name="resume"),
    path(
        "clinic/<int:programme_id>/items/<int:item_id>/",
        clinic_views.edit_item,
        name="edit_item",
    ),
]
