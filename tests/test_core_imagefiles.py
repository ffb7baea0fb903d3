"""Listing image files (core.imagefiles): one listing and one "folder named like an image" rule for all."""

from pathlib import Path

from PIL import Image

from core import imagefiles


def test_a_folder_named_like_an_image_is_reported_inside_a_folder_and_classified_when_given(tmp_path):
    data = tmp_path / "data"
    (data / "photo.jpg").mkdir(parents=True)
    (data / "photo.jpg" / ".DS_Store").write_bytes(b"")  # Hidden: the folder still holds nothing visible.
    Image.new("RGB", (4, 4)).save(data / "real.png")

    images, skipped = imagefiles.list_image_files(data)

    assert images == [str(data / "real.png")]
    assert skipped == [{"path": str(data / "photo.jpg"),
                        "reason": "is a folder named like an image, not an image file"}]
    assert imagefiles.images_to_classify(data / "photo.jpg") == ([str(data / "photo.jpg")], [])
    assert imagefiles.images_to_classify(data) == (images, skipped)


def test_a_folder_named_like_an_image_that_holds_files_is_searched(tmp_path):
    album = tmp_path / "album.png"
    album.mkdir()
    Image.new("RGB", (4, 4)).save(album / "a.png")
    (album / "notes.txt").write_text("x")

    images, skipped = imagefiles.images_to_classify(album)

    assert images == [str(album / "a.png")]
    assert [entry["path"] for entry in skipped] == [str(album / "notes.txt")]
    assert not imagefiles.is_folder_named_like_an_image(album)
    assert not imagefiles.is_folder_named_like_an_image(tmp_path)  # Empty, but not named like an image.


def test_has_images_counts_visible_image_files_of_the_folder_itself(tmp_path):
    for name in ("a.jpg", "b.PNG", ".hidden.jpg", "notes.txt"):
        (tmp_path / name).write_bytes(b"x")
    (tmp_path / "c.jpg").mkdir()  # A folder named like an image is not one.
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d.jpg").write_bytes(b"x")  # Sub-folders are not searched.

    assert imagefiles.has_images(tmp_path, 2)
    assert not imagefiles.has_images(tmp_path, 3)
    assert not imagefiles.has_images(tmp_path / "missing", 1)


def test_links_back_to_the_folder_or_its_ancestors_and_loops_are_skipped_links_elsewhere_followed(tmp_path):
    data, elsewhere = tmp_path / "data", tmp_path / "disk2" / "pale"
    red = data / "red"
    for path in (red / "r.png", data / "purple" / "p.png", elsewhere / "e.png"):
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.new("RGB", (4, 4)).save(path)
    links = {"root": "/", "up": "..", "self": ".", "sibling": "../purple", "other_disk": str(elsewhere)}
    for name, target in links.items():
        (red / name).symlink_to(target)
    (elsewhere / "back").symlink_to(tmp_path)  # An ancestor of the chosen folder, seen through a followed link.
    (elsewhere / "loop").symlink_to(elsewhere)
    back = "the chosen folder itself or a folder that contains it; not followed"

    def reasons(skipped):
        return [(Path(entry["path"]).relative_to(data).as_posix(), str(entry["reason"])) for entry in skipped]

    images, skipped = imagefiles.list_image_files(red)

    assert images == [str(red / "r.png"), str(red / "other_disk" / "e.png"), str(red / "sibling" / "p.png")]
    assert reasons(skipped) == [
        ("red/root", f"symbolic link to /, {back}"), ("red/self", f"symbolic link to {red}, {back}"),
        ("red/up", f"symbolic link to {data}, {back}"),
        ("red/other_disk/back", f"symbolic link to {tmp_path}, {back}"),
        ("red/other_disk/loop", f"symbolic link to {elsewhere}, {back}")]

    images, skipped = imagefiles.images_to_classify(data)  # Now purple is listed without the link to it.

    assert images == [str(data / "purple" / "p.png"), str(red / "r.png"), str(red / "other_disk" / "e.png")]
    assert reasons(skipped)[:4] == [
        ("red/root", f"symbolic link to /, {back}"), ("red/self", f"symbolic link to {red}, {back}"),
        ("red/sibling", f"symbolic link to {data / 'purple'}, a folder listed without it; not followed, so its "
                        "images count once"),
        ("red/up", f"symbolic link to {data}, {back}")]


def _wide_and_deep_tree(root, folders=12, files=5, depth=4):
    """`folders` class-like folders, each `depth` levels deep with `files` PNG names per level."""
    for index in range(folders):
        current = root / f"class {index}"
        for level in range(depth):
            current.mkdir(parents=True)
            for number in range(files):
                (current / f"{number}.png").write_bytes(b"")  # Listed, never decoded here.
            current = current / f"level {level}"
    return folders * depth * (files + 1)  # Every file and folder a listing reads.


def test_a_listing_past_its_budget_stops_with_one_line_naming_the_chosen_folder(tmp_path):
    entries = _wide_and_deep_tree(tmp_path / "data")

    images, _ = imagefiles.list_image_files(tmp_path / "data", budget=imagefiles.ListingBudget(tmp_path, entries + 12))
    assert len(images) == 12 * 4 * 5  # Within the budget, everything is listed.
    budget = imagefiles.ListingBudget(tmp_path / "data", limit=40)
    try:
        imagefiles.list_image_files(tmp_path / "data" / "class 0", chosen=tmp_path / "data", budget=budget)
        imagefiles.list_image_files(tmp_path / "data" / "class 1", chosen=tmp_path / "data", budget=budget)
    except imagefiles.TooManyEntries as error:
        message = str(error)
    else:
        raise AssertionError("two classes of 24 entries fit in a budget of 40")

    assert message == (f"{tmp_path / 'data'}: holds more than 40 files and folders, far more than a folder of "
                       "photos; not read (choose the folder of your photos)")
    assert budget.left > -6  # Stopped at the folder that went past it, not at the end of the walk.


def test_the_default_bound_is_a_million_photos_and_their_files(tmp_path, monkeypatch):
    assert imagefiles.MAX_LISTED_ENTRIES == 2_000_000  # A class of a million photos, with room to spare.
    _wide_and_deep_tree(tmp_path / "data", folders=2)
    monkeypatch.setattr(imagefiles, "MAX_LISTED_ENTRIES", 30)

    try:
        imagefiles.images_to_classify(tmp_path / "data")
    except imagefiles.TooManyEntries as error:
        assert str(error).startswith(f"{tmp_path / 'data'}: holds more than 30 files and folders")
    else:
        raise AssertionError("48 entries listed with a bound of 30")


def test_a_listing_asked_to_stop_ends_at_the_next_folder(tmp_path):
    _wide_and_deep_tree(tmp_path / "data")
    asked = []

    def should_stop():
        asked.append(True)
        return len(asked) > 3

    images, _ = imagefiles.list_image_files(tmp_path / "data", should_stop=should_stop)

    assert len(asked) == 4 and len(images) < 12 * 4 * 5  # Three folders read, of 49.
