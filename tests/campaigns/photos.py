"""Test photos made here with Pillow: a scene of gradients and shapes drawn from a seed,
and the near copies a reuser would make of it (resized, recompressed, slightly cropped),
each a real JPEG of the size the rules ask for (over 1.5 MB, under 2 MB), with or without
an EXIF capture date; and the upload of one as an applicant does it."""

import io
import random
import struct
from collections.abc import Callable
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from wenming.campaigns import services
from wenming.campaigns.models import Application, Evidence

SIZE = (1200, 900)
#: What the photo rules ask for: more than 1.5 MB and less than 2 MB.
FILE_BYTES = 1_700_000


def scene(seed: int, size: tuple[int, int] = SIZE) -> Image.Image:
    """A random-ish but reproducible photo: a two-colour gradient under 12-24 shapes."""
    rng = random.Random(seed)
    width, height = size
    top = Image.new("RGB", size, tuple(rng.randrange(256) for _ in range(3)))
    bottom = Image.new("RGB", size, tuple(rng.randrange(256) for _ in range(3)))
    mask = Image.linear_gradient("L").rotate(rng.choice([0, 90, 180, 270])).resize(size)
    image = Image.composite(top, bottom, mask)
    draw = ImageDraw.Draw(image)
    for _ in range(rng.randint(12, 24)):
        x, y = rng.randrange(width), rng.randrange(height)
        box = (x, y, x + rng.randrange(60, width // 2), y + rng.randrange(60, height // 2))
        colour = tuple(rng.randrange(256) for _ in range(3))
        shape = rng.choice(["rectangle", "ellipse", "triangle"])
        if shape == "rectangle":
            draw.rectangle(box, fill=colour)
        elif shape == "ellipse":
            draw.ellipse(box, fill=colour)
        else:
            points = [(rng.randrange(width), rng.randrange(height)) for _ in range(3)]
            draw.polygon(points, fill=colour)
    return image


def resized(image: Image.Image) -> Image.Image:
    return image.resize((image.width * 2 // 3, image.height * 2 // 3))


def recompressed(image: Image.Image) -> Image.Image:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=35)
    return Image.open(io.BytesIO(buffer.getvalue())).convert("RGB")


def cropped(image: Image.Image, share: float = 0.03) -> Image.Image:
    """``share`` of the width cut off the left edge (a reframed copy)."""
    return image.crop((int(image.width * share), 0, image.width, image.height))


def cropped_around(image: Image.Image, share: float = 0.05) -> Image.Image:
    """``share`` of each side cut evenly off both its edges."""
    dx, dy = int(image.width * share / 2), int(image.height * share / 2)
    return image.crop((dx, dy, image.width - dx, image.height - dy))


def all_at_once(image: Image.Image) -> Image.Image:
    return recompressed(resized(cropped_around(image, 0.04)))


VARIANTS: dict[str, Callable[[Image.Image], Image.Image]] = {
    "resized": resized,
    "recompressed": recompressed,
    "cropped 3% off one edge": cropped,
    "cropped 5% evenly": cropped_around,
    "cropped, resized and recompressed": all_at_once,
}


def photo_bytes(image: Image.Image, *, taken: date | None = None) -> bytes:
    """The image as a JPEG of exactly ``FILE_BYTES``, with its EXIF capture date if given
    (at ten in the morning: EXIF records local time without a zone)."""
    buffer = io.BytesIO()
    exif = Image.Exif()
    if taken is not None:
        exif.get_ifd(0x8769)[0x9003] = f"{taken:%Y:%m:%d} 10:00:00"
    image.save(buffer, "JPEG", quality=92, exif=exif.tobytes())
    data = buffer.getvalue()
    missing = FILE_BYTES - len(data)
    assert missing > 8, "the bare photo is already larger than asked"
    segments = []
    while missing:
        # Comment segments pad the file to the size the rules ask for (4 bytes of marker
        # and length each; the last kept at least 4 long).
        chunk = min(missing, 65_535 + 2)
        if 0 < missing - chunk < 4:
            chunk -= 4
        segments.append(b"\xff\xfe" + struct.pack(">H", chunk - 2) + b"\0" * (chunk - 4))
        missing -= chunk
    return data[:2] + b"".join(segments) + data[2:]


def captions(organization: str, time: str = "2021年5月20日") -> dict[str, str]:
    return {
        "time": time,
        "place": "会议室",
        "organizer": organization,
        "theme": f"{organization}道德讲堂",
        "participants": "全体职工",
    }


def upload(
    application: Application,
    user,
    data: bytes,
    *,
    activity: str = "道德讲堂",
    time: str = "2021年5月20日",
    name: str = "photo.jpg",
) -> Evidence:
    return services.evidence_add(
        acting_user=user,
        application=application,
        clause_key="4.1",
        kind="photo",
        upload=SimpleUploadedFile(name, data, content_type="image/jpeg"),
        activity=activity,
        captions=captions(application.organization.name, time),
    )
