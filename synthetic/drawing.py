"""Drawing one SYNTHETIC tongue-like photo (NOT medical data): pure numpy + Pillow, deterministic.

A rounded, tapered tongue body with a median groove on a face-like or plain background, its
body colour and coating, optional cracks and tooth-marked (scalloped) edges. Lighting, pose,
size, position, background, blur, camera noise and JPEG quality vary from image to image, so
that a small network has to learn the colour, not the picture.
"""

import io

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from synthetic.classes import BODY_COLOURS, BODY_RGB, COATING_LOOK, COATINGS, SyntheticDataError

MIN_SIZE, MAX_SIZE = 16, 2048

# Layout of the canonical frame (before pose): the mouth line and the tongue's hidden root end.
_MOUTH_V = -0.4
_TONGUE_ROOT_V = _MOUTH_V - 0.1


def draw_tongue(rng, size, body, coating="none", cracks=False, tooth_marks=False, emphasis=1.0, with_mask=False):
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
        emphasis: how marked cracks and tooth marks are (1 as in the colour datasets; the
            labels table draws them twice as deep and wide, so a small network sees them at 64 px).
        with_mask: also return where the tongue is seen.

    Returns:
        A `size` x `size` RGB `PIL.Image.Image`, with camera noise and JPEG artifacts; with
        `with_mask`, (that image, a bool mask of the visible tongue: drawn at least half
        opaque and not behind the teeth). Drawing the mask takes nothing from `rng`: the photo
        is the same either way.

    Raises:
        SyntheticDataError: an unknown body colour or coating, or a size out of range.
    """
    _check_choice("body colour", body, BODY_COLOURS)
    _check_choice("coating", coating, COATINGS)
    check_size(size)
    scene = _random_scene(rng, size)
    scene["tooth_depth"] *= emphasis  # After every random draw: the same seed gives the same scene.
    scene["emphasis"] = emphasis
    grid = _canonical_grid(scene, size)
    image = _draw_background(scene, grid)
    tongue_alpha, tongue_rgb = _draw_tongue_layer(scene, grid, body, coating, cracks, tooth_marks)
    tongue_alpha = tongue_alpha * _mouth_visibility(scene, grid)
    image = _blend(image, tongue_rgb, tongue_alpha)
    teeth = np.zeros_like(tongue_alpha)
    if scene["kind"] == "face":
        image, teeth = _draw_upper_teeth(scene, grid, image)
    image = _apply_lighting(scene, grid, image)
    picture = _apply_camera(scene, image)
    if with_mask:
        return picture, (tongue_alpha * (1.0 - teeth)) >= 0.5
    return picture


def _check_choice(what, value, choices):
    if value not in choices:
        raise SyntheticDataError(f"unknown {what} {value!r}; expected one of {', '.join(choices)}")


def check_size(size):
    """Refuses an image size that is not a whole number from `MIN_SIZE` to `MAX_SIZE`."""
    if not isinstance(size, (int, np.integer)) or not MIN_SIZE <= size <= MAX_SIZE:
        raise SyntheticDataError(f"image size must be a whole number from {MIN_SIZE} to {MAX_SIZE}, got {size!r}")


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
    """Upper incisors in the top of the mouth opening, with dark gaps between teeth.

    Returns:
        (the image, the teeth's coverage in [0, 1]).
    """
    if not scene["teeth"]:
        return image, np.zeros(image.shape[:2], np.float32)
    u, v, pixel = grid["u"], grid["v"], grid["pixel"]
    width, height = scene["mouth_width"], scene["mouth_height"]
    opening = _mouth_inside(scene, grid, -0.02, -0.02)
    bottom = _MOUTH_V - height + scene["teeth_height"] + 0.03 * (u / width) ** 2
    band = _soft_inside(bottom - v, pixel) * opening
    gaps = np.abs(((u / 0.09) % 1.0) - 0.5) * 2.0  # 1 in the middle of a tooth, 0 at a gap.
    teeth = _rgb((232, 226, 208)) * (0.72 + 0.28 * np.clip(gaps * 3, 0, 1))[..., None]
    return _blend(image, teeth, band), band


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
    base = (_rgb(BODY_RGB[body]) + scene["body_jitter"]) * scene["body_brightness"]
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
    width = max(1, round(size * scene.get("emphasis", 1.0) / 150))
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
    rgb, opacity, reach = COATING_LOOK[coating]
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



def jpeg_bytes(picture, quality):
    """The picture as JPEG file bytes at `quality`."""
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()
