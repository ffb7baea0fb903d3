"""Listing image files (core.imagefiles): one listing and one "folder named like an image" rule for all."""

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
