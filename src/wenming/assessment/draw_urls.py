"""The public address of a committed draw's verification page, ``/draw/<round id>/``: short,
to be printed on the notice that publishes the candidate list (no login)."""

from django.urls import path

from .views.draw import public_draw

urlpatterns = [path("<int:pk>/", public_draw, name="draw_public")]
