"""SYNTHETIC tongue-like photos for trying TongueLens without a dataset. NOT medical data.

The images are drawn from a handful of shapes and colours: a rounded, tapered tongue body
with a median groove on a face-like or plain background, one of four body colours (pale
淡白舌, light red 淡红舌, red 红舌, purple 紫舌), one of four coatings (none 无苔, thin white
薄白苔, thick white 厚白苔, yellow 黄苔), optional cracks and tooth-marked (scalloped) edges.
Lighting, pose, size, position, background, blur, camera noise and JPEG quality vary from
image to image, so that a small network has to learn the colour, not the picture.

They exist to show the workflow (train, classify, inspect) and its visualisations. They say
nothing about real tongues, and a model trained on them must not be used on patients.

Everything is pure numpy + Pillow (no TensorFlow) and deterministic: the same seed gives
byte-identical files on the same numpy and Pillow versions.
"""

import io
import json
import re
import zlib
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from core.atomic import atomic_path, write_bytes, write_text

# --- Classes -------------------------------------------------------------------------------

# Body colour classes: key, folder name (Chinese + English), base RGB before shading.
_BODIES = (
    ("pale", "淡白舌 pale", (236, 184, 178)),
    ("light-red", "淡红舌 light-red", (226, 126, 126)),
    ("red", "红舌 red", (204, 50, 48)),
    ("purple", "紫舌 purple", (136, 66, 122)),
)
# Coating classes: key, folder name, RGB, how opaque at its densest, how far towards the edge it reaches.
_COATINGS = (
    ("none", "无苔 no-coating", (0, 0, 0), 0.0, 0.0),
    ("thin-white", "薄白苔 thin-white", (236, 231, 222), 0.55, 0.45),
    ("thick-white", "厚白苔 thick-white", (242, 238, 230), 0.95, 0.72),
    ("yellow", "黄苔 yellow", (222, 182, 70), 0.85, 0.6),
)

BODY_COLOURS = tuple(key for key, _, _ in _BODIES)
COATINGS = tuple(key for key, *_ in _COATINGS)
_BODY_RGB = {key: rgb for key, _, rgb in _BODIES}
_COATING_LOOK = {key: (rgb, opacity, reach) for key, _, rgb, opacity, reach in _COATINGS}


def _class_table():
    """Returns {task: [(folder name, body key or None, coating key or None), ...]}."""
    bodies = [(name, key, None) for key, name, _ in _BODIES]
    coatings = [(name, None, key) for key, name, *_ in _COATINGS]
    combined = []
    for body_key, body_name, _ in _BODIES:
        for coating_key, coating_name, *_ in _COATINGS:
            (body_chinese, body_english), (coating_chinese, coating_english) = body_name.split(), coating_name.split()
            name = f"{body_chinese} {coating_chinese} {body_english} {coating_english}"
            combined.append((name, body_key, coating_key))
    return {"color": bodies, "coating": coatings, "color+coating": combined}


_CLASS_TABLE = _class_table()

# Task -> class folder names, in the order they are generated.
CLASS_SETS = {task: [name for name, _, _ in rows] for task, rows in _CLASS_TABLE.items()}

# How often the attributes that are not the task's label appear.
_COATING_WEIGHTS = (0.25, 0.35, 0.2, 0.2)
_CRACK_PROBABILITY = 0.25
_TOOTH_MARK_PROBABILITY = 0.3

MARKER_NAME = ".tonguelens-synthetic.json"
README_NAME = "README.txt"
_GENERATOR_ID = "tonguelens-synthetic"
_FILE_PATTERN = re.compile(r"^[a-z+-]+_[0-9]{4,}\.jpg$")
_MIN_SIZE, _MAX_SIZE = 16, 2048

# Seed of the images in the repository's samples/ folder; the demo model is trained on others.
SAMPLES_SEED = 20250606


class SyntheticDataError(ValueError):
    """A request the generator refuses (bad argument or a destination it must not write)."""


# --- Drawing one image ---------------------------------------------------------------------

# Layout of the canonical frame (before pose): the mouth line and the tongue's hidden root end.
_MOUTH_V = -0.4
_TONGUE_ROOT_V = _MOUTH_V - 0.1

def draw_tongue(rng, size, body, coating="none", cracks=False, tooth_marks=False):
    """Draws one SYNTHETIC tongue-like photo (not medical data).

    Every random choice that is not an argument (pose, lighting, background, noise, ...) is
    drawn from `rng` in a fixed order, so two calls with equally seeded generators and
    different `body` differ only in the tongue's colour.

    Args:
        rng: a `numpy.random.Generator`.
        size: width and height in pixels (16 to 2048).
        body: body colour, one of `BODY_COLOURS` ("pale", "light-red", "red", "purple").
        coating: one of `COATINGS` ("none", "thin-white", "thick-white", "yellow").
        cracks: draw fissures on the tongue surface.
        tooth_marks: scallop the tongue's sides as teeth imprint them.

    Returns:
        A `size` x `size` RGB `PIL.Image.Image`, with camera noise and JPEG artifacts.

    Raises:
        SyntheticDataError: an unknown body colour or coating, or a size out of range.
    """
    _check_choice("body colour", body, BODY_COLOURS)
    _check_choice("coating", coating, COATINGS)
    _check_size(size)
    scene = _random_scene(rng, size)
    grid = _canonical_grid(scene, size)
    image = _draw_background(scene, grid)
    tongue_alpha, tongue_rgb = _draw_tongue_layer(scene, grid, body, coating, cracks, tooth_marks)
    tongue_alpha = tongue_alpha * _mouth_visibility(scene, grid)
    image = _blend(image, tongue_rgb, tongue_alpha)
    if scene["kind"] == "face":
        image = _draw_upper_teeth(scene, grid, image)
    image = _apply_lighting(scene, grid, image)
    return _apply_camera(scene, image)


def _check_choice(what, value, choices):
    if value not in choices:
        raise SyntheticDataError(f"unknown {what} {value!r}; expected one of {', '.join(choices)}")


def _check_size(size):
    if not isinstance(size, (int, np.integer)) or not _MIN_SIZE <= size <= _MAX_SIZE:
        raise SyntheticDataError(f"image size must be a whole number from {_MIN_SIZE} to {_MAX_SIZE}, got {size!r}")


def _random_scene(rng, size):
    """Draws every nuisance parameter and noise field, always in the same order."""
    uniform, normal = rng.uniform, rng.normal
    scene = {
        "kind": "face" if rng.random() < 0.7 else "plain",
        "angle": float(np.clip(normal(0.0, 12.0), -30.0, 30.0)),
        "scale": uniform(0.7, 1.2),
        "shift": (uniform(-0.14, 0.14), uniform(-0.08, 0.16)),
        # Tongue shape, in the canonical frame (mouth at the top, tip pointing down).
        "half_width": uniform(0.32, 0.42),
        "half_length": uniform(0.52, 0.64),
        "taper": uniform(0.1, 0.35),
        "roundness": uniform(2.0, 2.8),
        "bend": uniform(-0.08, 0.08),
        "body_jitter": _rgb(normal(0.0, 5.0, 3)),
        "body_brightness": uniform(0.93, 1.06),
        "tip_redness": uniform(0.0, 0.1),
        "groove_depth": uniform(0.08, 0.3),
        "groove_width": uniform(0.02, 0.045),
        "coat_amount": uniform(0.85, 1.15),
        "coat_jitter": _rgb(normal(0.0, 5.0, 3)),
        "coat_tip_reach": uniform(0.7, 0.92),
        "tooth_period": uniform(0.11, 0.16),
        "tooth_depth": uniform(0.02, 0.035),
        "tooth_phase": uniform(0.0, 1.0, 2).tolist(),
        "crack_walks": uniform(0.0, 1.0, (9, 6, 2)),
        "crack_count": int(rng.integers(4, 10)),
        "highlights": uniform(0.0, 1.0, (3, 4)).tolist(),
        "highlight_strength": uniform(0.12, 0.4),
        # Background.
        "skin": _rgb(_lerp(_rgb((238, 204, 180)), _rgb((140, 94, 70)), rng.random()) + normal(0, 6, 3)),
        "lips": _rgb(_rgb((196, 84, 92)) * uniform(0.82, 1.08) + normal(0, 6, 3)),
        "plain": _rgb(np.clip(uniform(0.12, 0.88) * 255 + normal(0, 18, 3), 0, 255)),
        "mouth_width": uniform(0.7, 0.84),
        "mouth_height": uniform(0.3, 0.4),
        "lip_thickness": uniform(0.09, 0.14),
        "teeth": rng.random() < 0.75,
        "teeth_height": uniform(0.05, 0.09),
        # Light and camera.
        "gain": uniform(0.74, 1.12),
        "white_balance": uniform(-0.06, 0.06),
        "green_tint": uniform(-0.03, 0.03),
        "gradient": uniform(0.0, 0.3),
        "gradient_angle": uniform(0.0, 2 * np.pi),
        "vignette": uniform(0.0, 0.35),
        "blur": uniform(0.0, 0.006) * size,
        "noise_sigma": uniform(1.5, 7.0),
        "jpeg_quality": int(rng.integers(45, 96)),
    }
    # Noise fields: low-frequency blotches are drawn small and enlarged, so their look
    # does not depend on the image size.
    scene["coat_blotches"] = _smooth_noise(rng, 7, size)
    scene["background_blotches"] = _smooth_noise(rng, 4, size)
    scene["grain"] = _smooth_noise(rng, max(8, size // 2), size)
    scene["papillae"] = rng.random((size, size), dtype=np.float32)
    scene["camera_noise"] = rng.standard_normal((size, size, 3), dtype=np.float32)
    return scene


def _rgb(values):
    """A colour (or per-channel factors) as float32, the type every layer is computed in."""
    return np.asarray(values, dtype=np.float32)


def _lerp(a, b, t):
    return a + (b - a) * t


def _smooth_noise(rng, cells, size):
    """Returns a size x size field in [0, 1] that varies smoothly over about `cells` cells."""
    coarse = rng.random((cells, cells), dtype=np.float32)
    return np.asarray(Image.fromarray(coarse, "F").resize((size, size), Image.BILINEAR))


def _canonical_grid(scene, size):
    """Maps every pixel into the scene's canonical frame (undoing shift, rotation and scale).

    Image coordinates run from -1 to 1 across the picture, y pointing down. In the canonical
    frame (u, v) the mouth is centred at (0, _MOUTH_V) and the tongue hangs down from it.
    """
    coords = (np.arange(size, dtype=np.float32) + 0.5) / size * 2.0 - 1.0
    x, y = np.meshgrid(coords, coords)
    shift_x, shift_y = scene["shift"]
    angle = np.deg2rad(scene["angle"])
    cos, sin = np.float32(np.cos(angle)), np.float32(np.sin(angle))
    scale = np.float32(scene["scale"])
    dx, dy = x - shift_x, y - shift_y
    u = (cos * dx + sin * dy) / scale
    v = (-sin * dx + cos * dy) / scale
    return {"x": x, "y": y, "u": u, "v": v, "pixel": 2.0 / (size * scale), "size": size}


def _soft_inside(distance_inside, pixel):
    """Anti-aliased coverage from an approximate distance to an edge (positive inside)."""
    return np.clip(distance_inside / pixel + 0.5, 0.0, 1.0)


def _mouth_inside(scene, grid, grow_side=0.0, grow_above=0.0, grow_below=0.0, softness=0.0):
    """Coverage of the mouth outline, grown by the given margins (the lips' outer edge).

    The outline is lens-shaped, pointed at the corners: a tall arch above the mouth line
    and a flatter one below it, since the protruding tongue presses the lower lip down.
    """
    u, v = grid["u"], grid["v"]
    half_width = scene["mouth_width"] + grow_side
    across = np.clip(1.0 - (u / half_width) ** 2, 0.0, 1.0) ** 0.75
    top = _MOUTH_V - (scene["mouth_height"] + grow_above) * across
    bottom = _MOUTH_V + (0.55 * scene["mouth_height"] + grow_below) * across
    distance = np.minimum(np.minimum(v - top, bottom - v), half_width - np.abs(u))
    return _soft_inside(distance, grid["pixel"] + softness)


def _draw_background(scene, grid):
    """Skin, lips and the dark mouth opening (face), or a plain cloth with a mouth shadow."""
    v = grid["v"]
    blotches = scene["background_blotches"]
    height = scene["mouth_height"]
    if scene["kind"] == "face":
        radial = np.sqrt(grid["x"] ** 2 + grid["y"] ** 2)
        image = scene["skin"] * ((0.82 + 0.3 * blotches) * (1.0 - 0.25 * radial))[..., None]
        thickness = scene["lip_thickness"]
        lips = _mouth_inside(scene, grid, 0.4 * thickness, 1.3 * thickness, 1.9 * thickness)
        # The upper lip is in its own shadow, the fuller lower lip catches the light.
        lip_shade = np.where(v < _MOUTH_V, 0.82, 1.0 + 0.12 * np.clip((v - _MOUTH_V) / height, 0, 1))
        image = _blend(image, scene["lips"] * lip_shade[..., None], lips)
    else:
        image = scene["plain"] * ((0.8 + 0.4 * blotches) * (1.0 - 0.15 * grid["y"]))[..., None]
    # Without a face around it, the mouth is only a soft shadow the tongue comes out of.
    opening = _mouth_inside(scene, grid, softness=0.0 if scene["kind"] == "face" else 0.12)
    depth = np.clip((v - (_MOUTH_V - height)) / (1.5 * height), 0.0, 1.0)[..., None]
    inside = _rgb((40, 10, 14)) + _rgb((70, 26, 30)) * depth
    return _blend(image, inside, opening)


def _mouth_visibility(scene, grid):
    """Where the tongue can be seen: inside the mouth opening, or below it where it lies on the lower lip."""
    below = _soft_inside(grid["v"] - _MOUTH_V, grid["pixel"])
    return np.maximum(_mouth_inside(scene, grid), below)


def _blend(image, colour, alpha):
    """Paints `colour` (a colour or an image) over `image` with coverage `alpha` (HxW)."""
    return image + (colour - image) * alpha[..., None]


def _draw_upper_teeth(scene, grid, image):
    """Upper incisors in the top of the mouth opening, with dark gaps between teeth."""
    if not scene["teeth"]:
        return image
    u, v, pixel = grid["u"], grid["v"], grid["pixel"]
    width, height = scene["mouth_width"], scene["mouth_height"]
    opening = _mouth_inside(scene, grid, -0.02, -0.02)
    bottom = _MOUTH_V - height + scene["teeth_height"] + 0.03 * (u / width) ** 2
    band = _soft_inside(bottom - v, pixel) * opening
    gaps = np.abs(((u / 0.09) % 1.0) - 0.5) * 2.0  # 1 in the middle of a tooth, 0 at a gap.
    teeth = _rgb((232, 226, 208)) * (0.72 + 0.28 * np.clip(gaps * 3, 0, 1))[..., None]
    return _blend(image, teeth, band)


# --- The tongue ----------------------------------------------------------------------------

def _draw_tongue_layer(scene, grid, body, coating, cracks, tooth_marks):
    """Returns (coverage HxW in [0, 1], colour HxWx3 in 0-255) of the tongue."""
    shape = _tongue_shape(scene, grid, tooth_marks)
    colour = _body_colour(scene, shape, body)
    if cracks:
        colour = _draw_cracks(scene, grid, shape, colour)
    colour = _draw_coating(scene, shape, colour, coating)
    colour = _draw_highlights(scene, shape, colour)
    return shape["alpha"], colour


def _tongue_shape(scene, grid, tooth_marks):
    """The tongue outline as an implicit superellipse, tapered towards the tip.

    Returns a dict with `alpha` (coverage), `edge` (0 in the middle, 1 at the rim and
    beyond), `along` (0 at the root, 1 at the tip) and the tongue's own coordinates `u`
    (across, straightened if the tongue bends) and `v` (along).
    """
    u, v, pixel = grid["u"], grid["v"], grid["pixel"]
    half_length = scene["half_length"]
    centre_v = _TONGUE_ROOT_V + half_length
    along = np.clip((v - (centre_v - half_length)) / (2 * half_length), 0.0, 1.0)
    lateral = u - scene["bend"] * along ** 2
    half_width = scene["half_width"] * (1.0 + scene["taper"] * (0.5 - along))
    if tooth_marks:
        half_width = half_width - _tooth_notches(scene, lateral, v, along)
    power = scene["roundness"]
    across = np.abs(lateral) / half_width
    lengthwise = ((v - centre_v) / half_length) ** 2
    # The root end is squarer (it disappears into the mouth), the tip end round.
    lengthwise = np.where(v < centre_v, lengthwise ** 2, lengthwise)
    implicit = across ** power + lengthwise
    alpha = _soft_inside((1.0 - implicit) * half_width / power, pixel)
    return {"alpha": alpha, "edge": np.clip(implicit, 0.0, 1.0), "along": along, "u": lateral, "v": v}


def _tooth_notches(scene, lateral, v, along):
    """How far the sides are pushed in by a row of tooth imprints (arched notches)."""
    right, left = np.float32(scene["tooth_phase"][0]), np.float32(scene["tooth_phase"][1])
    phase = np.where(lateral > 0, right, left)
    position = (v / scene["tooth_period"] + phase) % 1.0
    notch = np.sin(np.float32(np.pi) * position) ** 2
    window = np.clip((along - 0.15) / 0.1, 0, 1) * np.clip((0.8 - along) / 0.1, 0, 1)
    return scene["tooth_depth"] * notch * window


def _body_colour(scene, shape, body):
    """Body colour with dome shading, a redder tip, the median groove and papillae."""
    base = (_rgb(_BODY_RGB[body]) + scene["body_jitter"]) * scene["body_brightness"]
    edge, along = shape["edge"], shape["along"]
    shade = 1.0 - 0.28 * edge * np.sqrt(edge)
    # Deep in the mouth the root lies in shadow.
    shade = shade * np.clip((shape["v"] - _MOUTH_V + 0.05) / 0.3, 0.35, 1.0)
    groove_envelope = np.clip(along / 0.25, 0, 1) * np.clip((0.85 - along) / 0.3, 0, 1)
    groove_profile = np.clip(1.0 - (shape["u"] / (1.6 * scene["groove_width"])) ** 2, 0.0, 1.0) ** 2
    groove = scene["groove_depth"] * groove_envelope * groove_profile
    shade = shade * (1.0 - groove)
    papillae = 1.0 + 0.1 * (scene["papillae"] - 0.5)
    colour = base * (shade * papillae)[..., None]
    tip = scene["tip_redness"] * np.clip((along - 0.65) / 0.3, 0, 1)
    colour = colour * (1.0 + tip[..., None] * _rgb((0.1, -0.25, -0.2)))
    # Scattered red points (fungiform papillae) show where there is no coating.
    dots = (scene["papillae"] > 0.985) * (1.0 - edge)
    return _blend(colour, base * _rgb((0.9, 0.45, 0.5)), 0.5 * dots)


def _draw_cracks(scene, grid, shape, colour):
    """Dark fissures: a wavy crack along the groove and branches wandering off sideways."""
    size = grid["size"]
    half_length = scene["half_length"]
    centre_v = _TONGUE_ROOT_V + half_length
    walks = scene["crack_walks"]
    top, bottom = centre_v - 0.55 * half_length, centre_v + 0.4 * half_length
    spine = [(0.05 * (walks[0, k, 0] - 0.5), _lerp(top, bottom, k / (len(walks[0]) - 1)))
             for k in range(len(walks[0]))]
    lines = [spine]
    for walk in walks[1:scene["crack_count"]]:
        start_u, start_v = spine[1 + int(walk[0, 0] * (len(spine) - 2))]
        side = 1.0 if walk[0, 1] > 0.5 else -1.0
        heading = np.deg2rad(_lerp(-55.0, 55.0, walk[1, 0]))  # From straight across.
        points = [(start_u, start_v)]
        for step_length, turn in walk[1:]:
            heading += np.deg2rad(50.0 * (turn - 0.5))
            last_u, last_v = points[-1]
            length = 0.03 + 0.05 * step_length
            points.append((last_u + side * length * np.cos(heading), last_v + length * np.sin(heading)))
        lines.append(points)
    mask = Image.new("L", (size, size), 0)
    draw = ImageDraw.Draw(mask)
    width = max(1, round(size / 150))
    for number, points in enumerate(lines):
        pixels = [_canonical_to_pixel(scene, size, point) for point in points]
        # Branches narrow towards their ends.
        draw.line(pixels[:3], fill=255 if number == 0 else 220, width=width + (number == 0))
        draw.line(pixels[2:], fill=170, width=width)
    mask = mask.filter(ImageFilter.GaussianBlur(max(0.5, size / 300)))
    strength = np.asarray(mask, dtype=np.float32) / 255.0 * np.clip((0.8 - shape["edge"]) / 0.3, 0, 1)
    return colour * (1.0 - 0.5 * np.clip(strength * 1.6, 0, 1))[..., None]


def _canonical_to_pixel(scene, size, point):
    """Maps a canonical-frame point to pixel coordinates (inverse of `_canonical_grid`)."""
    u, v = point
    angle = np.deg2rad(scene["angle"])
    cos, sin = np.cos(angle), np.sin(angle)
    x = (cos * u - sin * v) * scene["scale"] + scene["shift"][0]
    y = (sin * u + cos * v) * scene["scale"] + scene["shift"][1]
    return float((x + 1.0) / 2.0 * size - 0.5), float((y + 1.0) / 2.0 * size - 0.5)


def _draw_coating(scene, shape, colour, coating):
    """A patchy, grainy film over the middle and back of the tongue, thinning towards the rim and tip."""
    rgb, opacity, reach = _COATING_LOOK[coating]
    if opacity == 0.0:
        return colour
    centre = np.clip((1.0 - shape["edge"] - (1.0 - reach)) / 0.25 + 0.5, 0.0, 1.0)
    towards_root = np.clip((scene["coat_tip_reach"] * (0.6 + 0.4 * reach) - shape["along"]) / 0.25, 0.0, 1.0)
    patches = 0.55 + 0.9 * scene["coat_blotches"]
    grain = 0.6 + 0.8 * scene["grain"]
    density = np.clip(opacity * scene["coat_amount"] * centre * towards_root * patches * grain, 0.0, 1.0)
    film = (_rgb(rgb) + scene["coat_jitter"]) * scene["body_brightness"]
    film = film * (1.0 - 0.15 * shape["edge"])[..., None]
    return _blend(colour, film, density)


def _draw_highlights(scene, shape, colour):
    """Soft specular spots where the wet surface reflects the light."""
    total = np.zeros_like(shape["u"])
    for spot_u, spot_along, radius, stretch in scene["highlights"]:
        centre_u = (spot_u - 0.5) * 0.5 * scene["half_width"]
        centre_v = _TONGUE_ROOT_V + 2 * scene["half_length"] * (0.3 + 0.5 * spot_along)
        radius = 0.02 + 0.05 * radius
        distance = ((shape["u"] - centre_u) / (radius * (1 + stretch))) ** 2 + ((shape["v"] - centre_v) / radius) ** 2
        total = total + np.exp(-distance)
    strength = scene["highlight_strength"] * np.clip(total, 0, 1) * (1.0 - shape["edge"])
    return _blend(colour, np.float32(255.0), strength)


# --- Light and camera ----------------------------------------------------------------------

def _apply_lighting(scene, grid, image):
    """Exposure, white balance, a light gradient across the picture and lens vignetting."""
    direction = np.cos(scene["gradient_angle"]) * grid["x"] + np.sin(scene["gradient_angle"]) * grid["y"]
    light = scene["gain"] * (1.0 + scene["gradient"] * 0.5 * direction)
    light = light * (1.0 - scene["vignette"] * 0.5 * (grid["x"] ** 2 + grid["y"] ** 2))
    balance = _rgb((1.0 + scene["white_balance"], 1.0 + scene["green_tint"], 1.0 - scene["white_balance"]))
    return image * (light[..., None] * balance)


def _apply_camera(scene, image):
    """Focus blur, sensor noise and a JPEG round trip at a random quality."""
    picture = Image.fromarray(np.clip(image, 0, 255).astype(np.uint8), "RGB")
    if scene["blur"] > 0.3:
        picture = picture.filter(ImageFilter.GaussianBlur(scene["blur"]))
    noisy = np.asarray(picture, dtype=np.float32) + scene["noise_sigma"] * scene["camera_noise"]
    picture = Image.fromarray(np.clip(noisy + 0.5, 0, 255).astype(np.uint8), "RGB")
    return _jpeg_round_trip(picture, scene["jpeg_quality"])


def _jpeg_round_trip(picture, quality):
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=quality)
    buffer.seek(0)
    with Image.open(buffer) as decoded:
        return decoded.convert("RGB")


# --- A labeled folder ------------------------------------------------------------------------

def generate_dataset(out_dir, per_class=50, size=128, seed=0, task="color", on_progress=None, force=False):
    """Writes a labeled folder of SYNTHETIC tongue-like JPEGs (not medical data) for `train`.

    The layout is `out_dir/<class>/<key>_<nnnn>.jpg`, one sub-folder per class of
    `CLASS_SETS[task]`, plus `README.txt` (what these images are) and a hidden manifest
    `.tonguelens-synthetic.json` that marks the folder as generated. The attributes that are
    not the task's label (the coating when the task is body colour, cracks, tooth marks) are
    drawn at random. Each image has its own random stream derived from (seed, task, class,
    index), so the same arguments give byte-identical files.

    Only files inside `out_dir` are written. A folder that is not empty and holds no earlier
    synthetic output is refused unless `force` is set, and even then no existing file is
    overwritten or deleted. Re-running into an earlier output replaces it: its own images
    that the new run does not make are removed (files listed in its manifest only).

    Args:
        out_dir: the folder to write (created if missing).
        per_class: images per class (at least 1).
        size: width and height in pixels (16 to 2048).
        seed: a whole number >= 0.
        task: a key of `CLASS_SETS`: "color" (body colour, 4 classes), "coating" (4) or
            "color+coating" (16).
        on_progress: optional callable `(done, total)` called after every image.
        force: allow writing into a non-empty folder that is not an earlier output.

    Returns:
        A dict {class folder name: number of images}, in class order.

    Raises:
        SyntheticDataError: a bad argument or a destination that must not be written.
        OSError: the disk refused a write.
    """
    _check_dataset_arguments(per_class, size, seed, task)
    out_dir = Path(out_dir)
    plan = _plan_files(per_class, seed, task)
    previous_files = _check_destination(out_dir, plan, force)
    settings = {"task": task, "seed": seed, "size": size, "per_class": per_class}
    # The manifest goes first, so that an interrupted run is still known as ours.
    _write_manifest(out_dir, settings, sorted(set(previous_files) | set(plan)), plan, complete=False)
    counts = {name: 0 for name in CLASS_SETS[task]}
    write_text(out_dir / README_NAME, _readme_text(settings, per_class))
    for done, (relative, item) in enumerate(plan.items(), start=1):
        rng = np.random.default_rng(item["stream"])
        _draw_attributes(rng)  # Keeps every stream's layout the same whatever the label.
        picture = draw_tongue(rng, size, item["body"], item["coating"], item["cracks"], item["tooth_marks"])
        _write_image(out_dir / relative, picture)
        counts[item["class"]] += 1
        if on_progress is not None:
            on_progress(done, len(plan))
    _remove_stale_outputs(out_dir, previous_files, plan)
    _write_manifest(out_dir, settings, sorted(plan), plan, complete=True)
    return counts


def _check_dataset_arguments(per_class, size, seed, task):
    if task not in CLASS_SETS:
        raise SyntheticDataError(f"unknown task {task!r}; expected one of {', '.join(CLASS_SETS)}")
    if not isinstance(per_class, (int, np.integer)) or per_class < 1:
        raise SyntheticDataError(f"images per class must be a whole number >= 1, got {per_class!r}")
    _check_size(size)
    if not isinstance(seed, (int, np.integer)) or seed < 0:
        raise SyntheticDataError(f"seed must be a whole number >= 0, got {seed!r}")


def _draw_attributes(rng):
    """The attributes an image gets when they are not its label: (coating, cracks, tooth marks)."""
    coating = COATINGS[int(rng.choice(len(COATINGS), p=_COATING_WEIGHTS))]
    return coating, bool(rng.random() < _CRACK_PROBABILITY), bool(rng.random() < _TOOTH_MARK_PROBABILITY)


def _plan_files(per_class, seed, task):
    """Returns {"<class>/<file>.jpg": what to draw} for every image of the dataset, in order."""
    task_code = zlib.crc32(task.encode("utf-8"))
    plan = {}
    for class_index, (name, body, coating) in enumerate(_CLASS_TABLE[task]):
        key = "+".join(part for part in (body, coating) if part)
        for index in range(per_class):
            stream = [seed, task_code, class_index, index]
            rng = np.random.default_rng(stream)
            random_coating, cracks, tooth_marks = _draw_attributes(rng)
            random_body = BODY_COLOURS[int(rng.integers(len(BODY_COLOURS)))]
            plan[f"{name}/{key}_{index:04d}.jpg"] = {
                "class": name, "stream": stream,
                "body": body or random_body, "coating": coating or random_coating,
                "cracks": cracks, "tooth_marks": tooth_marks}
    return plan


def _check_destination(out_dir, plan, force):
    """Refuses destinations that must not be written; returns the files an earlier run made there."""
    if out_dir.exists() and not out_dir.is_dir():
        raise SyntheticDataError(f"{out_dir}: exists and is not a folder")
    previous = _read_manifest(out_dir)
    if previous is None:
        if out_dir.is_dir() and any(out_dir.iterdir()) and not force:
            raise SyntheticDataError(
                f"{out_dir}: the folder is not empty and holds no earlier synthetic output; "
                "choose a new or empty folder, or allow it with --force (no file is overwritten or deleted)")
        ours = set()
    else:
        ours = {*previous, README_NAME}
    for folder in sorted({relative.split("/")[0] for relative in plan}):
        path = out_dir / folder
        if path.is_symlink() or (path.exists() and not path.is_dir()):
            raise SyntheticDataError(f"{path}: exists and is not a plain folder; refusing to write into it")
    for relative in [README_NAME, *plan]:
        path = out_dir / relative
        if (path.exists() or path.is_symlink()) and relative not in ours:
            raise SyntheticDataError(f"{path}: already exists and was not made by synth; refusing to overwrite it")
    return previous or []


def _read_manifest(out_dir):
    """The file list of an earlier run in `out_dir`, or None when there is no valid manifest."""
    try:
        manifest = json.loads((out_dir / MARKER_NAME).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(manifest, dict) or manifest.get("generator") != _GENERATOR_ID:
        return None
    files = manifest.get("files")
    if not isinstance(files, list):
        return None
    # The manifest is a file on disk like any other: only names of our own form are trusted.
    return [relative for relative in files if isinstance(relative, str) and _is_own_image_name(relative)]


def _is_own_image_name(relative):
    parts = relative.split("/")
    return (len(parts) == 2 and parts[0] not in ("", ".", "..") and not parts[0].startswith(".")
            and "\\" not in relative and _FILE_PATTERN.match(parts[1]) is not None)


def _write_manifest(out_dir, settings, files, plan, complete):
    manifest = {
        "generator": _GENERATOR_ID,
        "note": "SYNTHETIC images drawn by TongueLens (training/synthetic.py); not medical data.",
        **settings,
        "classes": CLASS_SETS[settings["task"]],
        "complete": complete,
        "files": files,
        "attributes": {relative: {key: item[key] for key in ("body", "coating", "cracks", "tooth_marks")}
                       for relative, item in plan.items()},
    }
    write_text(out_dir / MARKER_NAME, json.dumps(manifest, ensure_ascii=False, indent=1) + "\n")


def _remove_stale_outputs(out_dir, previous_files, plan):
    """Deletes the earlier run's images this run did not remake, and its class folders left empty."""
    for relative in sorted(set(previous_files) - set(plan)):
        path = out_dir / relative
        if path.is_file() and not path.is_symlink() and not path.parent.is_symlink():
            path.unlink()
    for folder in sorted({relative.split("/")[0] for relative in previous_files}):
        path = out_dir / folder
        if path.is_dir() and not path.is_symlink() and not any(path.iterdir()):
            path.rmdir()


def _write_image(path, picture):
    # Atomic but not fsync'ed: a dataset that can be made again needs no flush per image,
    # which would cost more than drawing it.
    with atomic_path(path, durable=False) as temporary:
        temporary.write_bytes(_jpeg_bytes(picture, quality=92))


def _jpeg_bytes(picture, quality):
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def _readme_text(settings, per_class):
    task = settings["task"]
    lines = [
        "SYNTHETIC IMAGES - NOT MEDICAL DATA",
        "合成图像 —— 不是医学数据",
        "",
        "These tongue-like pictures were drawn by a program (TongueLens `synth`, training/synthetic.py)",
        "from simple shapes and colours. They are not photographs of anyone and say nothing about real",
        "tongues. They exist to try out training, classifying and the visualisations. Do not use them,",
        "or a model trained on them, to judge a real tongue.",
        "",
        "这些舌象图片由程序（TongueLens 的 synth 命令，training/synthetic.py）用简单的形状和颜色绘制而成，",
        "不是任何人的照片，也不反映真实舌象，仅用于演示训练、分类和可视化流程。",
        "请勿用这些图片或用它们训练的模型判断真实的舌象。",
        "",
        f"Task: {task}; seed {settings['seed']}; {settings['size']}x{settings['size']} px; "
        f"{per_class} images per class.",
        "Classes (one sub-folder each):",
        *[f"  {name}" for name in CLASS_SETS[task]],
        "",
        "Made with:",
        f"  python main.py synth OUT_DIR --per-class {per_class} --size {settings['size']} "
        f"--seed {settings['seed']} --task {task}",
        "The same command gives byte-identical images (with the same numpy and Pillow versions).",
        f"{MARKER_NAME} lists every generated file with its drawn attributes.",
    ]
    return "\n".join(lines) + "\n"


# --- The sample images in the repository -------------------------------------------------

# (file stem, body, coating, cracks, tooth marks, variant): two clear pictures per body colour;
# the variants were picked by eye among the first six.
_SAMPLE_SPECS = (
    ("pale_01", "pale", "thin-white", False, True, 0),
    ("pale_02", "pale", "none", False, False, 3),
    ("light-red_01", "light-red", "thin-white", False, False, 1),
    ("light-red_02", "light-red", "yellow", True, False, 0),
    ("red_01", "red", "yellow", False, False, 1),
    ("red_02", "red", "none", True, False, 1),
    ("purple_01", "purple", "thin-white", False, False, 1),
    ("purple_02", "purple", "thick-white", False, True, 0),
)


def write_samples(folder, seed=SAMPLES_SEED, size=256):
    """Writes the handful of SYNTHETIC sample images shipped in `samples/`, with a README.

    Args:
        folder: where to write (created if missing); existing samples of the same names are replaced.
        seed: the seed; keep it apart from any seed a model is trained on.
        size: width and height in pixels.

    Returns:
        A list of (file name, class folder name) pairs.
    """
    folder = Path(folder)
    class_names = dict((key, name) for key, name, _ in _BODIES)
    written = []
    for index, (stem, body, coating, cracks, tooth_marks, variant) in enumerate(_SAMPLE_SPECS):
        rng = np.random.default_rng([seed, index, variant])
        picture = draw_tongue(rng, size, body, coating, cracks, tooth_marks)
        write_bytes(folder / f"{stem}.jpg", _jpeg_bytes(picture, quality=94))
        details = ", ".join([f"coating {coating}"] + ["cracks"] * cracks + ["tooth marks"] * tooth_marks)
        written.append((f"{stem}.jpg", class_names[body], details))
    lines = [
        "SYNTHETIC SAMPLE IMAGES - NOT MEDICAL DATA / 合成示例图像 —— 不是医学数据",
        "",
        "Drawn by training/synthetic.py (write_samples), not photographs of anyone. They show the app",
        "at work; do not use them, or the demo model, to judge a real tongue.",
        f"Seed {seed}, {size}x{size} px; the demo model is trained on other seeds.",
        "",
        "file\tclass (body colour)\tother drawn features",
        *[f"{name}\t{label}\t{details}" for name, label, details in written],
    ]
    write_text(folder / "README.txt", "\n".join(lines) + "\n")
    return [(name, label) for name, label, _ in written]
