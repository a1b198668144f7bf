"""The public verification page of a committed draw (抽签公证): anyone, without logging in,
reads the frozen candidate list, its published hash and time, the public draw's numbers,
and sees each step recomputed (docs/rules.md#committed-draw)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from ..models import Round
from ..selectors.draw import draw_page


@never_cache
def public_draw(request: HttpRequest, pk: int) -> HttpResponse:
    # Only a published list is public: a round not yet committed answers 404, as an
    # unknown one does, so the page says nothing of rounds still being set up.
    round_ = get_object_or_404(
        Round.objects.select_related("campaign__office"), pk=pk, committed_at__isnull=False
    )
    return render(request, "assessment/draw.html", {"page": draw_page(round_)})
