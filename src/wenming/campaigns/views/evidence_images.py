"""An evidence photo's thumbnail, for the reviewer comparing reused photos side by side
(docs/rules.md#photo-trust).

Served only to whoever may see the photo's application (``campaigns.view_application``),
or, with ``?beside=<photo>``, to a reviewer of a photo it was flagged as reused with; 403
otherwise. The stored file is checked against its SHA-256 before a byte of it is served.
"""

import hashlib
import io

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from PIL import Image, ImageOps

from wenming.accounts.permissions import AuthenticatedRequest, require_perm
from wenming.documents.safety import IMAGE_MAX_PIXELS

from ..models import Evidence
from ..selectors.photos import may_see_beside

#: The longer side of a thumbnail, in pixels: two side by side fill a desktop column and
#: stack on a phone.
THUMBNAIL_SIDE = 480


def _evidence(pk: int) -> Evidence:
    return get_object_or_404(
        Evidence.objects.select_related("application__campaign__office"), pk=pk
    )


@login_required
@require_safe
def evidence_image(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    evidence = _evidence(pk)
    beside_pk = request.GET.get("beside", "")
    allowed = beside_pk.isdigit() and may_see_beside(
        request.user, evidence, _evidence(int(beside_pk))
    )
    if not allowed:
        require_perm(request.user, "campaigns.view_application", evidence.application)
    if not evidence.content_type.startswith("image/"):
        raise Http404
    try:
        with evidence.file.open("rb") as stream:
            data = stream.read()
    except FileNotFoundError:
        raise Http404 from None
    if hashlib.sha256(data).hexdigest() != evidence.sha256:
        return HttpResponse(
            _("文件与上传时的校验值不符，可能已被改动，请联系系统管理员。"),
            status=409,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(_thumbnail(data), content_type="image/jpeg")
    # The photo is personal to the application: kept by the browser, never by a proxy.
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _thumbnail(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as image:
        if image.width * image.height > IMAGE_MAX_PIXELS:
            raise Http404  # never stored (the upload refuses it); never decoded here either
        image.draft("RGB", (THUMBNAIL_SIDE, THUMBNAIL_SIDE))
        shown = ImageOps.exif_transpose(image).convert("RGB")
        shown.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
        out = io.BytesIO()
        shown.save(out, "JPEG", quality=85)
    return out.getvalue()
