"""The demo reports' photos, drawn rather than shipped: a scene per kind of
problem (SCENES: potholes, rubbish, a flood, a broken lamp...) under the report's
title and a note that the picture is an illustration."""

import io
import itertools
import random

from PIL import Image, ImageDraw, ImageFont

from accounts.text import fold

SIZE = (960, 640)


def _font(size):
    try:
        return ImageFont.truetype("DejaVuSans.ttf", size), True
    except OSError:
        return ImageFont.load_default(size), False


# The layers drawn over the sky, ground and road of each kind of photo.
SCENES = {
    "pothole": ["holes"], "trash": ["bags"], "stall": ["stalls"], "construction": ["piles"],
    "flood": ["water"], "landslide": ["water", "earth"], "lamp": ["poles", "lamps"],
    "wire": ["poles", "wires"], "sign": ["poles", "sign"], "tree": ["trunk", "leaves"],
    "smoke": ["smoke"], "shop": ["house"], "night": ["house"], "wall": ["house", "crack"],
    "field": ["paddy"],
}  # fmt: skip
# Layers made of blobs: colours, count, band below the horizon (0 = horizon,
# 1 = bottom edge), radius range, and how much flatter than round they are.
BLOBS = {
    "holes": ([(35, 30, 28), (50, 45, 40)], 5, (0.4, 0.9), (25, 60), 3),
    "bags": ([(20, 20, 20), (40, 90, 160), (200, 200, 190)], 10, (0.3, 0.9), (20, 55), 1),
    "stalls": ([(200, 40, 40), (240, 190, 30), (40, 140, 200)], 8, (0.2, 0.8), (30, 60), 2),
    "piles": ([(190, 160, 110), (150, 150, 150), (170, 80, 50)], 9, (0.3, 0.9), (30, 70), 1),
    "leaves": ([(40, 120, 40), (60, 150, 50)], 12, (0.3, 0.7), (40, 80), 1),
    "smoke": ([(170, 170, 170), (205, 205, 205)], 14, (-0.8, 0.3), (40, 110), 1),
    "earth": ([(140, 95, 55), (120, 80, 45)], 10, (0.0, 0.9), (50, 110), 1),
}


def photo(scene: str, caption: str, rng: random.Random) -> Image.Image:
    """A simple street scene with the problem drawn in it, captioned like a demo photo."""
    width, height = SIZE
    horizon = rng.randint(250, 320)
    green = scene in ("field", "landslide")
    image = Image.new("RGB", SIZE, (70, 125, 55) if green else (120, 130, 110))
    draw = ImageDraw.Draw(image)
    dark = scene == "night"
    top, bottom = ((15, 20, 50), (60, 60, 90)) if dark else ((90, 150, 220), (200, 225, 245))
    for y in range(horizon):
        colour = tuple(int(a + (b - a) * y / horizon) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (width, y)], fill=colour)
    centre = width // 2 + rng.randint(-80, 80)
    road = [(centre - 40, horizon), (centre + 40, horizon), (width - 40, height), (40, height)]
    draw.polygon(road, fill=(110, 100, 60) if scene == "field" else (70, 70, 75))
    for y in range(horizon + 10, height, 40) if scene != "field" else ():
        width_ = 2 + (y - horizon) // 60
        draw.line([(centre, y), (centre, y + 20)], fill=(235, 235, 200), width=width_)
    poles = [(80 + i * 200 + rng.randint(-20, 20), horizon + 60 + i * 25) for i in range(5)]
    for layer in SCENES[scene]:
        if layer in BLOBS:
            colours, count, (low, high), (smallest, largest), squash = BLOBS[layer]
            for _ in range(count):
                x, r = rng.randint(60, width - 60), rng.randint(smallest, largest)
                y = horizon + int((height - horizon) * rng.uniform(low, high))
                box = [x - r, y - r // squash, x + r, y + r // squash]
                draw.ellipse(box, fill=rng.choice(colours))
        elif layer == "water":
            draw.rectangle([0, horizon + 70, width, height], fill=(90, 120, 130))
            for _ in range(25):
                x, y = rng.randint(0, width), rng.randint(horizon + 80, height)
                draw.line([(x, y), (x + 40, y)], fill=(170, 200, 210), width=2)
        elif layer == "poles":
            lean = 25 if scene == "sign" else 0
            for x, foot in poles:
                draw.line([(x, foot), (x + lean, foot - 230)], fill=(60, 60, 60), width=8)
        elif layer == "lamps":
            for x, foot in poles:
                draw.ellipse([x - 18, foot - 245, x + 18, foot - 225], fill=(90, 90, 90))
        elif layer == "wires":
            for (x1, y1), (x2, y2) in itertools.pairwise(poles):
                draw.arc([x1, y1 - 260, x2, y2 - 60], 0, 180, fill=(20, 20, 20), width=3)
        elif layer == "sign":
            x, foot = poles[2]
            box = [x - 20, foot - 300, x + 70, foot - 210]
            draw.ellipse(box, fill=(210, 30, 30), outline=(250, 250, 250), width=6)
        elif layer == "trunk":
            y = rng.randint(horizon + 120, height - 80)
            draw.line([(60, y - 30), (width - 150, y + 20)], fill=(100, 70, 40), width=36)
        elif layer == "house":
            draw.rectangle([40, horizon - 150, 360, horizon + 100], fill=(225, 215, 190))
            for x in range(60, 340, 70):
                window = (250, 220, 120) if dark else (80, 110, 140)
                draw.rectangle([x, horizon - 120, x + 40, horizon - 70], fill=window)
        elif layer == "crack":
            draw.line([(120, horizon - 140), (200, horizon + 90)], fill=(40, 40, 40), width=5)
        elif layer == "paddy":
            for y in range(horizon + 30, height, 50):
                draw.line([(0, y), (width, y + 30)], fill=(90, 150, 60), width=6)
    font, unicode_ok = _font(26)
    small, _unicode_ok = _font(16)
    # Without a font that has Vietnamese letters, accents would show as boxes.
    text = caption if unicode_ok else fold(caption)
    while draw.textlength(text, font=font) > width - 40:
        text = text[:-2].rstrip() + "…"
    draw.rectangle([0, height - 64, width, height], fill=(20, 25, 30))
    draw.text((20, height - 50), text, font=font, fill=(250, 250, 250))
    note = "Ảnh minh hoạ – dữ liệu thử nghiệm"
    draw.text((16, 12), note if unicode_ok else fold(note), font=small, fill=(255, 255, 255))
    return image


def jpeg(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=80, optimize=True)
    return buffer.getvalue()
