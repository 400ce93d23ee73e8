from django.urls import path

from screening.desk.kiosk import views

app_name = "kiosk"
urlpatterns = [
    path("", views.welcome, name="welcome"),
    path("start/", views.start, name="start"),
    path("page/<int:number>/", views.page, name="page"),
    path("review/", views.review, name="review"),
    path("send/", views.send, name="send"),
    path("thanks/", views.thanks, name="thanks"),
    path("reset/", views.reset, name="reset"),
    path("still-here/", views.still_here, name="still-here"),
    path("pair/", views.pair, name="pair"),
    path("leave/", views.leave, name="leave"),
]
