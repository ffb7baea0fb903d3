"""The classes of the SYNTHETIC tongue images (NOT medical data) and how often other attributes appear.

Four body colours (pale 淡白舌, light red 淡红舌, red 红舌, purple 紫舌) and four coatings (none
无苔, thin white 薄白苔, thick white 厚白苔, yellow 黄苔); a task names which of them label the
class folders: "color", "coating" or "color+coating".
"""


class SyntheticDataError(ValueError):
    """A request the generator refuses (bad argument or a destination it must not write)."""


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
BODY_RGB = {key: rgb for key, _, rgb in _BODIES}
COATING_LOOK = {key: (rgb, opacity, reach) for key, _, rgb, opacity, reach in _COATINGS}
# Folder name of each body colour class.
BODY_FOLDERS = {key: name for key, name, _ in _BODIES}


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


CLASS_TABLE = _class_table()

# Task -> class folder names, in the order they are generated.
CLASS_SETS = {task: [name for name, _, _ in rows] for task, rows in CLASS_TABLE.items()}

# How often the attributes that are not the task's label appear.
_COATING_WEIGHTS = (0.25, 0.35, 0.2, 0.2)
_CRACK_PROBABILITY = 0.25
_TOOTH_MARK_PROBABILITY = 0.3


def draw_attributes(rng):
    """The attributes an image gets when they are not its label: (coating, cracks, tooth marks)."""
    coating = COATINGS[int(rng.choice(len(COATINGS), p=_COATING_WEIGHTS))]
    return coating, bool(rng.random() < _CRACK_PROBABILITY), bool(rng.random() < _TOOTH_MARK_PROBABILITY)

