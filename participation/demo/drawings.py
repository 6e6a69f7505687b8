"""Small invented children's drawings, made with Pillow so demo data needs no image files."""

import io
import random

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 360, 270
SKY = (225, 240, 252)
GRASS = (150, 205, 120)
CRAYONS = (
    (220, 60, 60),
    (240, 150, 40),
    (245, 205, 50),
    (70, 160, 80),
    (60, 120, 210),
    (140, 80, 180),
    (120, 80, 50),
)


def _wobbly_line(draw: ImageDraw.ImageDraw, points, colour, rng: random.Random, width=4) -> None:
    """A crayon line: each point nudged a little, as a child's hand draws it."""
    nudged = [(x + rng.randint(-3, 3), y + rng.randint(-3, 3)) for x, y in points]
    draw.line(nudged, fill=colour, width=width, joint="curve")


def _house(draw, rng, left: int, base: int, size: int, colour) -> None:
    top = base - size
    _wobbly_line(draw, [(left, base), (left, top), (left + size, top), (left + size, base),
                        (left, base)], colour, rng)  # fmt: skip
    _wobbly_line(draw, [(left - 8, top), (left + size // 2, top - size // 2),
                        (left + size + 8, top)], colour, rng)  # fmt: skip
    door = left + size // 2 - 10
    _wobbly_line(draw, [(door, base), (door, base - 30), (door + 20, base - 30),
                        (door + 20, base)], colour, rng, width=3)  # fmt: skip


def _person(draw, rng, x: int, base: int, colour, tall: int = 60) -> None:
    head = base - tall
    draw.ellipse((x - 10, head - 20, x + 10, head), outline=colour, width=3)
    _wobbly_line(draw, [(x, head), (x, base - 20)], colour, rng, width=3)
    _wobbly_line(draw, [(x - 15, head + 15), (x, head + 8), (x + 15, head + 15)], colour, rng, 3)
    _wobbly_line(draw, [(x - 10, base), (x, base - 20), (x + 10, base)], colour, rng, width=3)


def _sun(draw, rng, x: int, y: int) -> None:
    draw.ellipse((x - 22, y - 22, x + 22, y + 22), fill=(250, 215, 60))
    for i in range(8):
        dx, dy = [(1, 0), (1, 1), (0, 1), (-1, 1), (-1, 0), (-1, -1), (0, -1), (1, -1)][i]
        _wobbly_line(draw, [(x + dx * 28, y + dy * 28), (x + dx * 40, y + dy * 40)],
                     (250, 190, 40), rng, width=3)  # fmt: skip


def _cloud(draw, x: int, y: int, colour=(150, 150, 165)) -> None:
    for dx, r in ((0, 18), (20, 24), (44, 18)):
        draw.ellipse((x + dx - r, y - r, x + dx + r, y + r), fill=colour)


def drawing(area: str, seed: str) -> bytes:
    """A PNG for one area of an activity; `seed` keeps each child's drawing their own."""
    rng = random.Random(f"{seed}:{area}")  # noqa: S311  (crayon wobble, not a secret)
    image = Image.new("RGB", (WIDTH, HEIGHT), SKY)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, HEIGHT - 50, WIDTH, HEIGHT), fill=GRASS)
    base = HEIGHT - 40
    colour = rng.choice(CRAYONS)
    if area == "worries":
        _cloud(draw, 60, 50)
        _cloud(draw, 230, 70)
        for x in range(40, 320, 25):  # rain
            _wobbly_line(draw, [(x, 100), (x - 6, 120)], (60, 120, 210), rng, width=2)
        _house(draw, rng, 120, base, 100, colour)
        _person(draw, rng, 290, base, (60, 60, 60), tall=50)
    elif area == "dreams":
        for _ in range(9):  # stars
            x, y = rng.randint(20, WIDTH - 20), rng.randint(15, 110)
            draw.regular_polygon((x, y, 9), 5, fill=(245, 205, 50))
        _house(draw, rng, 70, base, 110, colour)
        _person(draw, rng, 250, base, rng.choice(CRAYONS))
        _person(draw, rng, 300, base, rng.choice(CRAYONS), tall=45)
    elif area in ("green_circle", "red_circle"):
        ring = (70, 160, 80) if area == "green_circle" else (220, 60, 60)
        draw.ellipse((30, 20, WIDTH - 30, HEIGHT - 20), outline=ring, width=8)
        for x in (120, 180, 240):
            _person(draw, rng, x, base - 20, rng.choice(CRAYONS), tall=50)
    elif area == "path":
        _house(draw, rng, 230, base - 60, 90, colour)
        _wobbly_line(draw, [(20, base + 10), (120, base - 10), (200, base - 40), (250, base - 60)],
                     (120, 80, 50), rng, width=10)  # fmt: skip
        _person(draw, rng, 130, base - 10, rng.choice(CRAYONS), tall=45)
    else:  # good things, and inside the safety house and its roof
        _sun(draw, rng, 300, 55)
        _house(draw, rng, 60, base, 120, colour)
        if area == "roof":
            draw.polygon([(45, base - 120), (120, base - 185), (195, base - 120)], fill=colour)
        _person(draw, rng, 230, base, rng.choice(CRAYONS))
        _person(draw, rng, 265, base, rng.choice(CRAYONS), tall=40)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
