"""The few real files every benchmark attachment points at, written once."""

import io
import random
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw

from reports.media import THUMBNAIL_WIDTH

FOLDER = "bench"
PHOTOS = 6
SIZE = (800, 600)


@dataclass(frozen=True)
class StoredFile:
    name: str
    content_type: str
    size: int
    thumbnail: str = ""


def _scene(rng: random.Random) -> Image.Image:
    """Sky, ground, a road and a few blobs: enough to look like a photo in a card."""
    width, height = SIZE
    horizon = rng.randint(220, 320)
    image = Image.new("RGB", SIZE, (rng.randint(90, 130), rng.randint(110, 140), 90))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, width, horizon], fill=(110, 160, 220))
    centre = width // 2 + rng.randint(-100, 100)
    road = [(centre - 40, horizon), (centre + 40, horizon), (width - 60, height), (60, height)]
    draw.polygon(road, fill=(70, 70, 75))
    for _ in range(8):
        x, y, r = rng.randint(0, width), rng.randint(horizon, height), rng.randint(15, 50)
        colour = (rng.randint(20, 220), rng.randint(20, 220), rng.randint(20, 220))
        draw.ellipse([x - r, y - r // 2, x + r, y + r // 2], fill=colour)
    return image


def _save(name: str, content: bytes) -> int:
    """The stored size; a file an earlier run wrote is kept (links to it stay valid)."""
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(content))
    return default_storage.size(name)


def _encoded(image: Image.Image, kind: str) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, kind, **({"quality": 75} if kind == "JPEG" else {}))
    return buffer.getvalue()


def write_files(seed: int) -> tuple[list[StoredFile], StoredFile]:
    """The photos (with thumbnails) and one PDF under MEDIA_ROOT/bench/."""
    rng = random.Random(seed)  # noqa: S311 (test data, not secrets)  # nosec B311
    photos = []
    for number in range(1, PHOTOS + 1):
        image = _scene(rng)
        thumb = image.resize((THUMBNAIL_WIDTH, THUMBNAIL_WIDTH * SIZE[1] // SIZE[0]))
        name, thumbnail = f"{FOLDER}/anh-{number}.jpg", f"{FOLDER}/anh-{number}-nho.jpg"
        size = _save(name, _encoded(image, "JPEG"))
        _save(thumbnail, _encoded(thumb, "JPEG"))
        photos.append(StoredFile(name, "image/jpeg", size, thumbnail))
    pdf = f"{FOLDER}/van-ban.pdf"
    size = _save(pdf, _encoded(Image.new("RGB", (595, 842), "white"), "PDF"))
    return photos, StoredFile(pdf, "application/pdf", size)
