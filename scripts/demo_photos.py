"""The demo content's photos: simple illustrative drawings (示意图) made here with Pillow.

The demo column has no real photos (its people and scenes are samples, see the README's
示例数据说明), yet every page type should show its photo layout: story covers, activity
galleries, the home page's photo strip and the volunteers' portraits. This script draws each
picture from a few flat shapes (sky, buildings, trees, people in service vests, the service
flag, a consultation booth...) and writes small JPEGs (~20–60 KB) under content/media/. It is
deterministic: no randomness, no fonts, no clock; the same Pillow writes the same bytes.

    .venv/bin/python scripts/demo_photos.py            # (re)write every picture
    .venv/bin/python scripts/demo_photos.py --check    # exit 1 if a committed picture differs

Captions and alt texts live in the content records (each caption ends with （示意图）).
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from PIL import Image, ImageDraw

ROOT = Path(__file__).resolve().parents[1]
MEDIA = ROOT / "content" / "media"

SCENE = (1200, 800)  # activity photos and story covers: published as 480, 960 and 1200 px wide
PORTRAIT = (600, 750)
SUPERSAMPLE = 2  # drawn at twice the size, then scaled down: smooth edges without anti-aliasing support
QUALITY = 76

# Colours (RGB).
SKY = ((166, 206, 236), (226, 240, 250))
SKY_WARM = ((250, 214, 170), (253, 240, 222))
GRASS = (148, 190, 120)
PAVEMENT = (205, 200, 190)
ROAD = (150, 150, 155)
FIELD = (168, 132, 92)
FURROW = (140, 104, 70)
CROP = (92, 150, 70)
WALL = (238, 232, 218)
WALL_2 = (226, 214, 196)
ROOF = (88, 92, 104)
WINDOW = (150, 182, 206)
DOOR = (128, 92, 62)
TRUNK = (110, 80, 52)
LEAVES = ((64, 140, 72), (86, 160, 86), (52, 120, 64))
SKIN = ((240, 204, 170), (226, 184, 146), (232, 194, 160))
HAIR = ((40, 36, 34), (70, 52, 40), (120, 120, 120))
TROUSERS = ((52, 60, 78), (70, 70, 70), (40, 48, 64))
VEST_RED = (204, 32, 36)
VEST_ORANGE = (232, 108, 36)
VEST_BLUE = (40, 96, 170)
WHITE_COAT = (246, 246, 246)
SHIRT = ((250, 250, 250), (180, 200, 220), (214, 196, 160))
FLAG = (196, 18, 24)
GOLD = (250, 204, 40)
BANNER = (190, 22, 28)
TABLE = (196, 30, 34)
TABLE_TOP = (232, 226, 214)
OUTLINE = (60, 50, 44)


class Canvas:
    """A picture drawn in its final pixel coordinates, at SUPERSAMPLE times the size."""

    def __init__(self, size: tuple[int, int], background=(255, 255, 255)):
        self.size = size
        self.k = SUPERSAMPLE
        self.image = Image.new("RGB", (size[0] * self.k, size[1] * self.k), background)
        self.draw = ImageDraw.Draw(self.image)

    def _xy(self, *coords):
        return [round(c * self.k) for c in coords]

    def rect(self, x0, y0, x1, y1, fill, radius=0):
        if radius:
            self.draw.rounded_rectangle(self._xy(x0, y0, x1, y1), radius=round(radius * self.k), fill=fill)
        else:
            self.draw.rectangle(self._xy(x0, y0, x1, y1), fill=fill)

    def ellipse(self, x0, y0, x1, y1, fill):
        self.draw.ellipse(self._xy(x0, y0, x1, y1), fill=fill)

    def circle(self, cx, cy, r, fill):
        self.ellipse(cx - r, cy - r, cx + r, cy + r, fill)

    def polygon(self, points, fill):
        self.draw.polygon(self._xy(*[c for p in points for c in p]), fill=fill)

    def line(self, points, fill, width):
        self.draw.line(self._xy(*[c for p in points for c in p]), fill=fill, width=round(width * self.k))

    def gradient(self, y0, y1, top, bottom):
        """A vertical gradient band (the sky)."""
        k = self.k
        span = max(1, (y1 - y0) * k)
        for i in range(span):
            t = i / span
            colour = tuple(round(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
            self.draw.line([(0, y0 * k + i), (self.size[0] * k, y0 * k + i)], fill=colour)

    def jpeg(self) -> bytes:
        small = self.image.resize(self.size, Image.Resampling.LANCZOS)
        out = io.BytesIO()
        small.save(out, "JPEG", quality=QUALITY, optimize=True, progressive=False, subsampling="4:2:0")
        return out.getvalue()


# ---- elements ---------------------------------------------------------------------------------


def sky(c: Canvas, horizon: int, warm=False, sun=True):
    top, bottom = SKY_WARM if warm else SKY
    c.gradient(0, horizon, top, bottom)
    if sun:
        c.circle(c.size[0] * 0.82, horizon * 0.28, 46, (255, 236, 170))
    for x, y, w in ((170, 110, 150), (560, 70, 190), (900, 150, 120)):
        c.ellipse(x, y, x + w, y + w * 0.32, (250, 252, 255))
        c.ellipse(x + w * 0.25, y - w * 0.12, x + w * 0.75, y + w * 0.22, (250, 252, 255))


def ground(c: Canvas, horizon: int, colour=PAVEMENT, road=True):
    c.rect(0, horizon, c.size[0], c.size[1], colour)
    if road:
        c.rect(0, c.size[1] - 120, c.size[0], c.size[1], ROAD)
        for x in range(30, c.size[0], 180):
            c.rect(x, c.size[1] - 64, x + 90, c.size[1] - 56, (240, 240, 240))


def skyline(c: Canvas, horizon: int, colour=(196, 206, 218)):
    """Distant apartment blocks."""
    x = 0
    for w, h in ((120, 210), (90, 280), (150, 190), (110, 250), (140, 300), (100, 220), (160, 260), (130, 200)):
        c.rect(x, horizon - h, x + w, horizon, colour)
        for wy in range(horizon - h + 20, horizon - 20, 34):
            for wx in range(x + 14, x + w - 20, 28):
                c.rect(wx, wy, wx + 12, wy + 16, (214, 222, 232))
        x += w + 20
        if x > c.size[0]:
            break


def house(c: Canvas, x, base, w=170, h=120, wall=WALL):
    c.rect(x, base - h, x + w, base, wall)
    c.polygon([(x - 14, base - h), (x + w / 2, base - h - 70), (x + w + 14, base - h)], ROOF)
    c.rect(x + 20, base - h + 24, x + 60, base - h + 60, WINDOW)
    c.rect(x + w - 60, base - h + 24, x + w - 20, base - h + 60, WINDOW)
    c.rect(x + w / 2 - 18, base - 64, x + w / 2 + 18, base, DOOR)


def block(c: Canvas, x, base, w=220, h=330, wall=WALL_2):
    """A nearby apartment block."""
    c.rect(x, base - h, x + w, base, wall)
    c.rect(x - 6, base - h - 12, x + w + 6, base - h, ROOF)
    for wy in range(base - h + 24, base - 70, 52):
        for wx in range(x + 22, x + w - 40, 50):
            c.rect(wx, wy, wx + 30, wy + 30, WINDOW)
    c.rect(x + w / 2 - 24, base - 62, x + w / 2 + 24, base, DOOR)


def tree(c: Canvas, x, base, size=1.0, shade=0):
    c.rect(x - 8 * size, base - 90 * size, x + 8 * size, base, TRUNK)
    leaves = LEAVES[shade % len(LEAVES)]
    c.ellipse(x - 55 * size, base - 200 * size, x + 55 * size, base - 70 * size, leaves)
    c.ellipse(x - 38 * size, base - 235 * size, x + 38 * size, base - 150 * size, leaves)


def flag(c: Canvas, x, base, height=300, wave=0):
    """The service flag (服务旗帜): a red flag with a golden emblem on a pole."""
    top = base - height
    c.rect(x - 4, top, x + 4, base, (90, 70, 50))
    c.circle(x, top, 7, GOLD)
    w, h = 150, 96
    c.polygon([(x + 4, top + 6), (x + w, top + 6 + wave), (x + w, top + h + wave), (x + 4, top + h)], FLAG)
    cx, cy = x + 4 + w * 0.3, top + 6 + h * 0.45
    c.circle(cx, cy, 22, GOLD)
    c.circle(cx, cy, 15, FLAG)
    for i in range(3):
        c.rect(x + 70, top + 26 + i * 20 + wave * 0.4, x + w - 16, top + 34 + i * 20 + wave * 0.4, GOLD)


def person(c: Canvas, x, base, scale=1.0, vest=VEST_RED, look=0, tool=None, arms="down", coat=False):
    """A standing person (front view) whose feet are at (x, base); ``scale`` 1 is ~190 px tall."""
    s = scale
    skin, hair, trousers = SKIN[look % 3], HAIR[look % 3], TROUSERS[look % 3]
    shirt = SHIRT[look % 3]
    # legs
    c.rect(x - 22 * s, base - 78 * s, x - 4 * s, base, trousers, radius=4 * s)
    c.rect(x + 4 * s, base - 78 * s, x + 22 * s, base, trousers, radius=4 * s)
    c.ellipse(x - 28 * s, base - 8 * s, x - 2 * s, base + 4 * s, (40, 40, 40))
    c.ellipse(x + 2 * s, base - 8 * s, x + 28 * s, base + 4 * s, (40, 40, 40))
    # body: a shirt with a vest (or a doctor's white coat) over it
    body = WHITE_COAT if coat else shirt
    c.rect(x - 32 * s, base - 150 * s, x + 32 * s, base - 70 * s, body, radius=12 * s)
    if not coat:
        c.rect(x - 30 * s, base - 146 * s, x - 6 * s, base - 72 * s, vest, radius=8 * s)
        c.rect(x + 6 * s, base - 146 * s, x + 30 * s, base - 72 * s, vest, radius=8 * s)
        c.rect(x - 24 * s, base - 118 * s, x - 10 * s, base - 112 * s, (250, 230, 120))  # reflective stripe
        c.rect(x + 10 * s, base - 118 * s, x + 24 * s, base - 112 * s, (250, 230, 120))
    else:
        c.line([(x, base - 148 * s), (x, base - 72 * s)], (200, 200, 200), 2 * s)
        c.rect(x + 10 * s, base - 136 * s, x + 22 * s, base - 124 * s, (200, 30, 40))  # red cross badge
    # arms
    if arms == "up":
        c.line([(x - 30 * s, base - 140 * s), (x - 56 * s, base - 190 * s)], body, 14 * s)
        c.circle(x - 57 * s, base - 194 * s, 8 * s, skin)
        c.line([(x + 30 * s, base - 140 * s), (x + 44 * s, base - 96 * s)], body, 14 * s)
    elif arms == "front":
        c.line([(x - 30 * s, base - 140 * s), (x - 38 * s, base - 104 * s), (x - 10 * s, base - 100 * s)], body, 14 * s)
        c.line([(x + 30 * s, base - 140 * s), (x + 38 * s, base - 104 * s), (x + 10 * s, base - 100 * s)], body, 14 * s)
        c.circle(x, base - 100 * s, 9 * s, skin)
    else:  # "down": both arms; "left" / "right": only that one (the other is drawn by the scene)
        if arms != "right":
            c.line([(x - 30 * s, base - 140 * s), (x - 40 * s, base - 86 * s)], body, 14 * s)
            c.circle(x - 41 * s, base - 82 * s, 8 * s, skin)
        if arms != "left":
            c.line([(x + 30 * s, base - 140 * s), (x + 40 * s, base - 86 * s)], body, 14 * s)
            c.circle(x + 41 * s, base - 82 * s, 8 * s, skin)
    # head
    c.rect(x - 7 * s, base - 162 * s, x + 7 * s, base - 148 * s, skin)
    c.circle(x, base - 180 * s, 21 * s, skin)
    c.ellipse(x - 22 * s, base - 204 * s, x + 22 * s, base - 178 * s, hair)
    # what they hold
    if tool == "broom":
        c.line([(x + 44 * s, base - 150 * s), (x + 60 * s, base - 6 * s)], (150, 110, 60), 5 * s)
        c.polygon(
            [(x + 46 * s, base - 20 * s), (x + 76 * s, base - 24 * s), (x + 84 * s, base), (x + 44 * s, base)], GOLD
        )
    elif tool == "hoe":
        c.line([(x + 44 * s, base - 170 * s), (x + 52 * s, base - 10 * s)], (150, 110, 60), 5 * s)
        c.polygon(
            [(x + 42 * s, base - 14 * s), (x + 80 * s, base - 20 * s), (x + 80 * s, base - 4 * s)], (120, 120, 130)
        )
    elif tool == "clipboard":
        c.rect(x - 18 * s, base - 122 * s, x + 18 * s, base - 92 * s, (240, 236, 220))
        for i in range(3):
            c.rect(x - 12 * s, base - 116 * s + i * 8 * s, x + 12 * s, base - 113 * s + i * 8 * s, (120, 120, 120))
    elif tool == "bag":
        c.ellipse(x + 30 * s, base - 96 * s, x + 70 * s, base - 40 * s, (50, 50, 56))


def seated(c: Canvas, x, base, scale=1.0, look=0, vest=None):
    """Someone seen from behind, seated (an audience)."""
    s = scale
    shirt = vest or SHIRT[look % 3]
    c.rect(x - 34 * s, base - 70 * s, x + 34 * s, base, shirt, radius=14 * s)
    c.circle(x, base - 92 * s, 22 * s, HAIR[look % 3])


def booth(c: Canvas, x0, x1, base, canopy=(196, 30, 34), cloth=TABLE):
    """A consultation booth: a canopy tent with a banner and a table with a cloth."""
    top = base - 330
    c.rect(x0 + 6, top + 40, x0 + 14, base, (120, 120, 120))
    c.rect(x1 - 14, top + 40, x1 - 6, base, (120, 120, 120))
    c.polygon([(x0 - 20, top + 50), ((x0 + x1) / 2, top - 10), (x1 + 20, top + 50)], canopy)
    for i in range(6):  # scalloped valance
        w = (x1 - x0 + 40) / 6
        c.ellipse(x0 - 20 + i * w, top + 34, x0 - 20 + (i + 1) * w, top + 70, canopy)
    c.rect(x0 + 30, top + 86, x1 - 30, top + 136, BANNER)
    for i in range(7):  # the banner's words, as golden marks
        bx = x0 + 52 + i * (x1 - x0 - 100) / 7
        c.rect(bx, top + 100, bx + (x1 - x0 - 100) / 7 - 16, top + 122, GOLD)


def table(c: Canvas, x0, x1, top, base, cloth=TABLE):
    c.rect(x0, top, x1, top + 14, TABLE_TOP)
    c.rect(x0 + 6, top + 14, x1 - 6, base, cloth)
    c.rect(x0 + 6, top + 14, x1 - 6, top + 30, (230, 200, 60))


def boxes(c: Canvas, x, top, n=4):
    """Medicine boxes with a red cross on the table."""
    for i in range(n):
        bx = x + i * 46
        h = 36 + (i % 2) * 14
        c.rect(bx, top - h, bx + 40, top, (250, 250, 250))
        c.rect(bx + 16, top - h + 8, bx + 24, top - h + 26, (210, 40, 50))
        c.rect(bx + 11, top - h + 13, bx + 29, top - h + 21, (210, 40, 50))


def field(c: Canvas, horizon: int):
    c.rect(0, horizon, c.size[0], c.size[1], FIELD)
    for i, y in enumerate(range(horizon + 20, c.size[1], 38)):
        c.rect(0, y, c.size[0], y + 10 + i, FURROW)
        for x in range(20 + (i % 2) * 60, c.size[0], 120):
            c.ellipse(x, y - 18 - i, x + 30 + i, y + 4, CROP)


# ---- scenes -----------------------------------------------------------------------------------


def street_team(c: Canvas):
    """建设局义工小分队在街头服务: five volunteers in red vests under street trees, the flag."""
    sky(c, 470)
    skyline(c, 470)
    ground(c, 470)
    for i, x in enumerate(range(80, 1200, 230)):
        tree(c, x, 560, 1.1, i)
    for i, x in enumerate((250, 390, 530, 670, 810)):
        person(c, x, 640 + (i % 2) * 10, 1.15, VEST_RED, i, tool="clipboard" if i == 2 else None)
    flag(c, 960, 660, 330, wave=10)


def manhole_repair(c: Canvas):
    """市政抢修小分队排查窨井盖: two volunteers kneeling by a manhole, cones and tools."""
    sky(c, 360, sun=False)
    skyline(c, 360)
    ground(c, 360, road=False)
    c.rect(0, 560, 1200, 800, ROAD)
    c.ellipse(430, 600, 770, 700, (90, 90, 96))
    c.ellipse(450, 610, 750, 690, (120, 120, 126))
    for x in (300, 880):
        c.polygon([(x - 40, 690), (x, 540), (x + 40, 690)], (240, 120, 30))
        c.rect(x - 26, 600, x + 26, 616, (250, 250, 250))
        c.rect(x - 50, 688, x + 50, 704, (60, 60, 60))
    person(c, 600, 590, 1.5, VEST_RED, 0, arms="front")
    person(c, 1040, 620, 1.3, VEST_RED, 1, tool="clipboard")
    c.rect(140, 610, 230, 660, (70, 110, 170))  # toolbox
    c.rect(160, 596, 210, 612, (50, 50, 50))


def village_cleanup(c: Canvas):
    """舜水新村环境整治: volunteers with brooms in front of a row of houses, the flag."""
    sky(c, 420)
    ground(c, 420, colour=GRASS, road=False)
    c.rect(0, 600, 1200, 800, PAVEMENT)
    for i, x in enumerate((40, 300, 560, 820)):
        house(c, x, 470, wall=WALL if i % 2 else WALL_2)
    tree(c, 1110, 520, 1.0, 2)
    for i, x in enumerate((170, 350, 530, 710, 890)):
        person(c, x, 700 + (i % 2) * 12, 1.05, VEST_ORANGE, i, tool="broom")
    flag(c, 1030, 700, 320, wave=-8)


def carrying_rubbish(c: Canvas):
    """清理卫生死角: volunteers carrying rubbish bags to the bins."""
    sky(c, 380, sun=False)
    ground(c, 380, colour=GRASS, road=False)
    c.rect(0, 560, 1200, 800, PAVEMENT)
    block(c, 60, 560)
    block(c, 900, 560, w=240)
    for x, colour in ((620, (40, 130, 70)), (720, (70, 90, 160)), (820, (150, 60, 50))):
        c.rect(x, 520, x + 86, 640, colour, radius=8)
        c.rect(x - 6, 506, x + 92, 524, (60, 60, 60))
    for i, x in enumerate((300, 460)):
        person(c, x, 690 + i * 10, 1.2, VEST_ORANGE, i + 1, tool="bag")


def medicine_booth(c: Canvas):
    """药监局在银杏社区讲解安全用药: a booth, medicine boxes, volunteers and residents."""
    sky(c, 430)
    skyline(c, 430)
    ground(c, 430, road=False)
    tree(c, 90, 560, 1.0, 0)
    tree(c, 1120, 560, 1.1, 1)
    booth(c, 250, 950, 600)
    for i, x in enumerate((380, 560, 760)):
        person(c, x, 560, 0.95, VEST_RED, i, arms="front" if i == 1 else "down")
    table(c, 280, 920, 500, 640)
    boxes(c, 320, 500, 4)
    boxes(c, 700, 500, 4)
    for i, x in enumerate((330, 600, 860)):
        seated(c, x, 800, 1.5, i + 1)


def medicine_sorting(c: Canvas):
    """清理家庭小药箱: a table of medicine boxes, a collection box, a volunteer checking dates."""
    c.rect(0, 0, 1200, 800, (236, 230, 220))
    c.rect(0, 0, 1200, 90, (214, 204, 190))
    c.rect(760, 120, 1120, 380, (250, 250, 250))  # a notice board
    c.rect(780, 140, 1100, 180, BANNER)
    for i in range(5):
        c.rect(790, 200 + i * 34, 1080 - (i % 2) * 90, 216 + i * 34, (160, 160, 160))
    person(c, 300, 720, 1.9, VEST_RED, 2, arms="front")
    table(c, 80, 1140, 560, 800, cloth=(214, 60, 60))
    boxes(c, 480, 560, 6)
    c.rect(860, 420, 1060, 560, (40, 120, 200))  # collection box
    c.rect(900, 436, 1020, 448, (20, 60, 110))
    c.rect(948, 470, 972, 540, (250, 250, 250))
    c.rect(925, 493, 995, 517, (250, 250, 250))


def clinic(c: Canvas):
    """卫生局在金桂苑义诊: a doctor in a white coat at a table with a resident, blocks behind."""
    sky(c, 420, sun=False)
    ground(c, 420, road=False)
    block(c, 40, 470, w=260, h=360)
    block(c, 880, 470, w=280, h=330)
    booth(c, 330, 870, 620, canopy=(40, 110, 180))
    person(c, 480, 590, 1.0, coat=True, look=0)
    person(c, 720, 590, 1.0, coat=True, look=2, arms="front")
    table(c, 360, 840, 520, 660, cloth=(40, 110, 180))
    c.rect(560, 470, 640, 520, (240, 240, 240))  # blood pressure monitor
    c.rect(572, 480, 628, 500, (120, 200, 160))
    seated(c, 520, 800, 1.6, 1)
    seated(c, 760, 800, 1.6, 2)


def autumn_sowing(c: Canvas):
    """供销总社在南穴村帮助秋冬种: volunteers with hoes in a field, village houses behind."""
    sky(c, 380, warm=True)
    for i, x in enumerate((40, 260, 900)):
        house(c, x, 400, w=150, h=100, wall=WALL if i % 2 else WALL_2)
    for i, x in enumerate((520, 640, 760)):
        tree(c, x, 410, 0.7, i)
    field(c, 400)
    for i, x in enumerate((230, 470, 720, 960)):
        person(c, x, 640 + (i % 2) * 30, 1.15, VEST_RED, i, tool="hoe")
    flag(c, 1100, 600, 300, wave=6)


def briefing(c: Canvas):
    """科技局向企业介绍科技政策: a screen with a bar chart, a speaker, an audience."""
    c.rect(0, 0, 1200, 800, (232, 228, 220))
    c.rect(0, 560, 1200, 800, (180, 160, 140))
    c.rect(300, 80, 900, 420, (250, 250, 250))
    c.rect(300, 80, 900, 130, BANNER)
    for i, h in enumerate((120, 180, 150, 230, 260)):
        c.rect(380 + i * 100, 390 - h, 440 + i * 100, 390, (40, 110, 180) if i % 2 else (220, 130, 40))
    person(c, 1000, 560, 1.2, VEST_RED, 0, arms="up")
    for row, y in enumerate((700, 800)):
        for i, x in enumerate(range(160 + row * 60, 1100, 160)):
            seated(c, x, y, 1.15, i + row, vest=(70, 80, 100) if (i + row) % 2 else None)


def legal_booth(c: Canvas):
    """司法局在舜水新村解答法律问题: a booth with a blue canopy, volunteers and residents."""
    sky(c, 420)
    ground(c, 420, colour=GRASS, road=False)
    c.rect(0, 560, 1200, 800, PAVEMENT)
    house(c, 40, 470)
    house(c, 980, 470, wall=WALL_2)
    booth(c, 300, 900, 610, canopy=(40, 96, 170))
    for i, x in enumerate((440, 600, 760)):
        person(c, x, 570, 0.95, VEST_BLUE, i, tool="clipboard" if i == 1 else None)
    table(c, 330, 870, 510, 650, cloth=(40, 96, 170))
    for i in range(5):  # leaflets
        c.rect(380 + i * 90, 490, 440 + i * 90, 512, (250, 250, 250))
    for i, x in enumerate((420, 720)):
        seated(c, x, 800, 1.6, i)


def street_crowd(c: Canvas):
    """党员奉献日上街服务: many volunteers in red vests along a street, flags."""
    sky(c, 400, sun=False)
    skyline(c, 400)
    ground(c, 400)
    for i, x in enumerate(range(60, 1200, 220)):
        tree(c, x, 470, 0.8, i)
    for row, (base, scale) in enumerate(((580, 0.8), (690, 1.0))):
        for i, x in enumerate(range(110 + row * 60, 1150, 150 + row * 30)):
            person(c, x, base, scale, VEST_RED, i + row, tool="broom" if (i + row) % 3 == 0 else None)
    flag(c, 160, 560, 330, wave=8)
    flag(c, 1010, 560, 330, wave=-6)


def green_publicity(c: Canvas):
    """环保局宣传环境保护知识: display boards with leaf signs, trees, volunteers handing out leaflets."""
    sky(c, 430)
    ground(c, 430, colour=GRASS, road=False)
    c.rect(0, 580, 1200, 800, PAVEMENT)
    for i, x in enumerate((60, 1120)):
        tree(c, x, 590, 1.2, i)
    for x in (180, 440, 700):
        c.rect(x, 250, x + 220, 480, (250, 250, 250))
        c.rect(x, 250, x + 220, 290, (40, 140, 80))
        c.ellipse(x + 60, 320, x + 160, 420, (86, 170, 96))
        c.line([(x + 70, 410), (x + 150, 330)], (250, 250, 250), 5)
        c.rect(x + 20, 486, x + 30, 600, (110, 110, 110))
        c.rect(x + 190, 486, x + 200, 600, (110, 110, 110))
    for i, x in enumerate((330, 590, 960)):
        person(c, x, 720, 1.1, (40, 140, 80), i, arms="front" if i != 2 else "down")
    flag(c, 1040, 700, 300, wave=8)


def flag_handover(c: Canvas):
    """服务旗帜接传: two people pass the service flag between them in an office hall."""
    c.rect(0, 0, 1200, 800, (236, 228, 214))
    c.rect(0, 600, 1200, 800, (176, 150, 120))
    c.rect(180, 80, 1020, 170, BANNER)
    for i in range(10):
        c.rect(220 + i * 78, 106, 276 + i * 78, 144, GOLD)
    person(c, 330, 690, 1.9, VEST_RED, 0, arms="left")
    person(c, 890, 690, 1.9, VEST_RED, 1, arms="right")
    # their hands meet on the flag's pole
    c.line([(330 + 57, 690 - 266), (470, 420), (590, 470)], SHIRT[0], 26)
    c.circle(594, 470, 15, SKIN[0])
    c.line([(890 - 57, 690 - 266), (740, 440), (610, 510)], SHIRT[1], 26)
    c.circle(606, 510, 15, SKIN[1])
    # the flag held between them
    c.rect(596, 250, 604, 560, (90, 70, 50))
    c.circle(600, 250, 9, GOLD)
    c.polygon([(604, 256), (800, 270), (800, 400), (604, 386)], FLAG)
    c.circle(660, 318, 28, GOLD)
    c.circle(660, 318, 19, FLAG)
    for i in range(3):
        c.rect(710, 290 + i * 26, 780, 300 + i * 26, GOLD)


def portrait(c: Canvas, background, vest, look=0, long_hair=False, glasses=False):
    """A head-and-shoulders drawing (a silhouette, not anyone's likeness)."""
    w, h = c.size
    c.gradient(0, h, background[0], background[1])
    skin, hair = SKIN[look % 3], HAIR[look % 3]
    cx = w / 2
    if long_hair:
        c.ellipse(cx - 124, 150, cx + 124, 560, hair)
    # shoulders: a shirt with a vest
    c.rect(cx - 230, 530, cx + 230, h + 40, SHIRT[look % 3], radius=120)
    c.rect(cx - 226, 540, cx - 40, h + 40, vest, radius=100)
    c.rect(cx + 40, 540, cx + 226, h + 40, vest, radius=100)
    c.rect(cx - 190, 650, cx - 70, 672, (250, 230, 120))
    c.rect(cx + 70, 650, cx + 190, 672, (250, 230, 120))
    c.rect(cx - 42, 400, cx + 42, 545, skin)
    c.polygon([(cx - 58, 530), (cx, 612), (cx + 58, 530)], skin)
    # head: ears, hair, then the face over the hair's lower part
    c.ellipse(cx - 118, 280, cx - 88, 350, skin)
    c.ellipse(cx + 88, 280, cx + 118, 350, skin)
    c.ellipse(cx - 110, 150, cx + 110, 330, hair)
    c.ellipse(cx - 98, 205, cx + 98, 430, skin)
    c.polygon([(cx - 100, 250), (cx - 20, 196), (cx + 60, 206), (cx + 100, 250), (cx + 96, 215), (cx - 96, 215)], hair)
    if glasses:
        for dx in (-42, 42):
            c.ellipse(cx + dx - 30, 290, cx + dx + 30, 334, (60, 60, 60))
            c.ellipse(cx + dx - 24, 296, cx + dx + 24, 328, skin)
        c.rect(cx - 14, 306, cx + 14, 312, (60, 60, 60))
    # the volunteer badge
    c.circle(cx + 140, 610, 26, GOLD)
    c.circle(cx + 140, 610, 18, FLAG)


PICTURES = {
    "2010/jianshe-xiaofendui.jpg": (SCENE, street_team),
    "2010/jianshe-shizheng.jpg": (SCENE, manhole_repair),
    "2010/shunshui-huanjing.jpg": (SCENE, village_cleanup),
    "2010/shunshui-qingli.jpg": (SCENE, carrying_rubbish),
    "2010/yaojian-anquan-1.jpg": (SCENE, medicine_booth),
    "2010/yaojian-anquan-2.jpg": (SCENE, medicine_sorting),
    "2010/weisheng-yizhen.jpg": (SCENE, clinic),
    "2010/gongxiao-qiudong.jpg": (SCENE, autumn_sowing),
    "2010/keji-zhuanxing.jpg": (SCENE, briefing),
    "2010/sifa-falv.jpg": (SCENE, legal_booth),
    "2010/fengxianri.jpg": (SCENE, street_crowd),
    "2010/huanbao-xuanchuan.jpg": (SCENE, green_publicity),
    "2010/qizhi-jiechuan.jpg": (SCENE, flag_handover),
    "volunteers/chen-liqun.jpg": (PORTRAIT, lambda c: portrait(c, ((206, 224, 240), (170, 196, 222)), VEST_RED, 0)),
    "volunteers/li-wenjing.jpg": (
        PORTRAIT,
        lambda c: portrait(c, ((236, 222, 206), (214, 192, 170)), VEST_RED, 1, long_hair=True),
    ),
    "volunteers/yang-guoqing.jpg": (
        PORTRAIT,
        lambda c: portrait(c, ((214, 232, 214), (176, 206, 180)), VEST_RED, 2, glasses=True),
    ),
    "volunteers/zhou-hong.jpg": (
        PORTRAIT,
        lambda c: portrait(c, ((238, 214, 214), (214, 180, 182)), VEST_RED, 0, long_hair=True, glasses=True),
    ),
}


def render(name: str) -> bytes:
    size, draw = PICTURES[name]
    canvas = Canvas(size)
    draw(canvas)
    return canvas.jpeg()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="compare with the committed pictures, write nothing")
    parser.add_argument("--media", type=Path, default=MEDIA, help="where to write (default content/media)")
    args = parser.parse_args(argv)
    differ = []
    for name in PICTURES:
        data, path = render(name), args.media / name
        if args.check:
            if not path.is_file() or path.read_bytes() != data:
                differ.append(name)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        print(f"{len(data) / 1024:5.1f} KB  {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    if differ:
        print("differ from the script's output: " + ", ".join(differ), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
