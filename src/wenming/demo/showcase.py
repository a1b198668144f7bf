"""What the neighbouring cities' campaigns (``wenming.demo.later``) add so that the checks
of issue 17 show something on first sight, each through the services a user's screen
calls, with their audit events (``showcase`` in a later campaign's data/demo.yaml entry):

- ``photos``: two applicants upload a near-identical photo (the second a resized copy),
  so the review page lists the pair under 疑似重复使用的照片; the first also uploads an
  official document without red header or seal, so it carries both warnings;
- ``draw``: a sampled round whose candidate list is published with its seed source and
  then drawn from the public numbers and two witnesses', so its public page checks out;
- ``appeal``: the top-ranked applicant appeals against its frozen result and the office
  answers it (维持原结果), so nothing is left open to hold screening's close.

The assessors' visible disagreement is drawn in ``later._Later.points`` (``strict_share``).
"""

import io
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from wenming.accounts.models import User
from wenming.appeals.models import AppealOutcome
from wenming.appeals.services import appeal_answer, appeal_lodge
from wenming.assessment.models import RankingResult
from wenming.assessment.services.rounds import (
    round_commit_candidates,
    round_create,
    sample_draw,
)
from wenming.campaigns import services
from wenming.campaigns.models import Application, Campaign

#: The photo rules ask for more than 1.5 MB and less than 2 MB.
PHOTO_BYTES = 1_700_000


def scene(width: int = 1200, height: int = 900) -> Image.Image:
    """A photo-like picture: a sky-to-ground gradient under a few buildings and a banner."""
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        share = y / height
        draw.line([(0, y), (width, y)], fill=(70 + int(120 * share), 130, 200 - int(120 * share)))
    blocks = [
        (80, 380, 300, 820),
        (340, 300, 560, 820),
        (620, 420, 860, 820),
        (900, 250, 1120, 820),
    ]
    for n, box in enumerate(blocks):
        draw.rectangle(box, fill=(200 - 30 * n, 90 + 25 * n, 60 + 35 * n))
    draw.rectangle((150, 120, 1050, 220), fill=(200, 20, 30))
    draw.ellipse((1000, 40, 1140, 180), fill=(250, 220, 90))
    return image


def jpeg(image: Image.Image) -> bytes:
    """The image as a JPEG padded with comment segments to the size the rules ask for."""
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90)
    data = buffer.getvalue()
    missing, segments = PHOTO_BYTES - len(data), []
    while missing > 0:
        chunk = min(missing, 60_000)
        segments.append(b"\xff\xfe" + (chunk + 2).to_bytes(2, "big") + b"\0" * chunk)
        missing -= chunk + 4
    return data[:2] + b"".join(segments) + data[2:]


def photos(
    spec: dict[str, Any], n: int, application: Application, contact: User, pdf: bytes
) -> None:
    """The first two applications' near-identical photos; the first one's unsealed document."""
    show = spec.get("showcase", {}).get("photos")
    if not show or n > 1:
        return
    image = scene() if n == 0 else scene().resize((960, 720))
    name = application.organization.name
    services.evidence_add(
        acting_user=contact,
        application=application,
        clause_key=show["clause"],
        kind="photo",
        upload=SimpleUploadedFile(f"活动照片{n + 1}.jpg", jpeg(image), "image/jpeg"),
        activity=show["activity"],
        captions={
            "time": show["time"],
            "place": show["place"],
            "organizer": name,
            "theme": f"{name}{show['activity']}",
            "participants": show["participants"],
        },
    )
    if n == 0:
        services.evidence_add(
            acting_user=contact,
            application=application,
            clause_key=show["clause"],
            kind="official_document",
            upload=SimpleUploadedFile(show["document"], pdf, "application/pdf"),
        )


def draw(spec: dict[str, Any], campaign: Campaign, clerk: User) -> None:
    """A sampled round, its list published and its sample drawn."""
    show = spec.get("showcase", {}).get("draw")
    if not show:
        return
    round_ = round_create(
        acting_user=clerk,
        campaign=campaign,
        kind="city_recheck",
        name=show["round"],
        sampled=True,
        default_ratio=show["ratio"],
    )
    # The public draw is named for the day of loading, so the sample can be drawn at once.
    round_ = round_commit_candidates(
        acting_user=clerk,
        round_=round_,
        seed_source=show["seed_source"],
        seed_draw_on=timezone.localdate(),
        witnesses=[(w["name"], w["numbers"]) for w in show["witnesses"]],
    )
    sample_draw(acting_user=clerk, round_=round_, public_numbers=show["public_numbers"])


def appeal(spec: dict[str, Any], campaign: Campaign, clerk: User, contact_of: Any) -> None:
    """The top-ranked applicant's appeal, answered by the office."""
    show = spec.get("showcase", {}).get("appeal")
    if not show:
        return
    result = (
        RankingResult.objects.filter(application__campaign=campaign, version__isnull=False)
        .select_related("application__organization", "application__campaign")
        .order_by("rank", "application_id")
        .first()
    )
    if result is None:
        return
    application = result.application
    try:
        lodged = appeal_lodge(
            acting_user=contact_of(application.organization),
            application=application,
            reasons=show["reasons"],
        )
    except ValidationError:
        # The appeal window needs the holiday calendar of the year its last day falls in;
        # on a day the calendar does not cover yet the demo simply has no appeal.
        return
    appeal_answer(
        acting_user=clerk,
        appeal=lodged,
        outcome=AppealOutcome.MAINTAINED.value,
        answer=show["answer"],
    )


__all__ = ["appeal", "draw", "photos"]
