"""Photos: only what published records use is published, re-encoded without metadata, capped,
with narrower copies for srcset; bad references are Chinese errors with file and line."""

import io

import pytest
from PIL import Image, PngImagePlugin

import trees
from column import media, pipeline
from column.issues import ContentError
from conftest import run_cli

GPS_IFD = 0x8825


def jpeg_with_gps(size=(2400, 1600), orientation=None) -> bytes:
    """A phone-like JPEG: camera make/model, GPS position, XMP and a comment."""
    image = Image.new("RGB", size, (180, 40, 40))
    for x in range(0, size[0], 97):  # some detail, so resizing has work to do
        image.paste((20, 90, 160), (x, 0, x + 9, size[1]))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0110] = "Model 13812345678"
    if orientation:
        exif[0x0112] = orientation
    exif[GPS_IFD] = {1: "N", 2: (30.0, 1.0, 2.0), 3: "E", 4: (120.0, 3.0, 4.0)}
    out = io.BytesIO()
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'
    image.save(out, "JPEG", exif=exif, comment=b"owner 13812345678", xmp=xmp)
    return out.getvalue()


def png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "13812345678")
    out = io.BytesIO()
    Image.new("RGBA", (300, 200), (0, 120, 0, 128)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def write_media(tmp_path, rel, data):
    path = tmp_path / "content" / "media" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return tmp_path / "content"


def test_jpeg_loses_exif_gps_xmp_and_comment_and_is_capped(tmp_path):
    original = jpeg_with_gps()
    with Image.open(io.BytesIO(original)) as check:  # the fixture really carries GPS
        assert check.getexif().get_ifd(GPS_IFD)
    root = write_media(tmp_path, "2010/a.jpg", original)
    image, files = media.publish(root, "2010/a.jpg", tmp_path / "cache")
    assert (image.src, image.width, image.height) == ("media/2010/a.jpg", 1600, 1067)
    assert image.srcset == (("media/2010/a-480w.jpg", 480), ("media/2010/a-960w.jpg", 960), ("media/2010/a.jpg", 1600))
    assert sorted(files) == ["media/2010/a-480w.jpg", "media/2010/a-960w.jpg", "media/2010/a.jpg"]
    for out, path in files.items():
        data = path.read_bytes()
        for marker in (b"Exif", b"PhoneMaker", b"13812345678", b"xmpmeta", b"http://ns.adobe.com/xap"):
            assert marker not in data, (out, marker)
        with Image.open(path) as published:
            assert published.format == "JPEG"
            assert not published.getexif() and "comment" not in published.info and "xmp" not in published.info
            assert published.width == dict(image.srcset)[out]
    assert (
        image.srcset_attr(lambda p: "../" + p)
        == "../media/2010/a-480w.jpg 480w, ../media/2010/a-960w.jpg 960w, ../media/2010/a.jpg 1600w"
    )


def test_exif_orientation_is_applied_before_it_is_dropped(tmp_path):
    root = write_media(tmp_path, "r.jpg", jpeg_with_gps((400, 200), orientation=6))
    image, _ = media.publish(root, "r.jpg", tmp_path / "cache")
    assert (image.width, image.height) == (200, 400)
    assert image.srcset == (("media/r.jpg", 200),)  # narrower than every srcset width: one file


def test_png_text_chunks_are_dropped(tmp_path):
    root = write_media(tmp_path, "p.png", png_with_text())
    _image, files = media.publish(root, "p.png", tmp_path / "cache")
    data = files["media/p.png"].read_bytes()
    assert b"13812345678" not in data and b"tEXt" not in data
    with Image.open(files["media/p.png"]) as published:
        assert published.format == "PNG" and published.mode == "RGBA" and published.size == (300, 200)


def test_a_photo_kept_in_the_repository_loses_its_metadata_but_not_its_size_or_quality():
    """media.without_metadata (make import): the repository may be public before any build."""
    original = jpeg_with_gps((400, 200))
    kept = media.without_metadata(original, "JPEG")
    for marker in (b"Exif", b"PhoneMaker", b"13812345678", b"xmpmeta"):
        assert marker not in kept, marker
    with Image.open(io.BytesIO(original)) as before, Image.open(io.BytesIO(kept)) as after:
        assert after.size == before.size == (400, 200) and not after.getexif() and "comment" not in after.info
        assert after.quantization == before.quantization  # its own quality: no second, coarser one
    turned = media.without_metadata(jpeg_with_gps((400, 200), orientation=6), "JPEG")
    with Image.open(io.BytesIO(turned)) as after:
        assert after.size == (200, 400) and not after.getexif()  # upright, since nothing says to turn it
    phone = io.BytesIO()  # a phone's MPO: the photo and a second picture (a preview, a gain map)
    Image.new("RGB", (400, 200), (10, 20, 30)).save(
        phone, "MPO", save_all=True, append_images=[Image.new("RGB", (40, 20))]
    )
    with (
        Image.open(io.BytesIO(phone.getvalue())) as before,
        Image.open(io.BytesIO(media.without_metadata(phone.getvalue(), "JPEG"))) as after,
    ):
        assert before.format == "MPO" and getattr(before, "n_frames", 1) == 2
        assert after.format == "JPEG" and after.size == (400, 200) and getattr(after, "n_frames", 1) == 1
        assert after.quantization == before.quantization
    png = media.without_metadata(png_with_text(), "PNG")
    assert b"13812345678" not in png and b"tEXt" not in png
    with Image.open(io.BytesIO(png)) as after:
        assert after.mode == "RGBA" and after.size == (300, 200)


def test_transparency_survives_import_and_publishing(tmp_path):
    gif = io.BytesIO()  # a palette picture with a transparent colour, as GIFs and small PNGs are
    picture = Image.new("P", (40, 20), 0)
    picture.putpalette([255, 255, 255, 200, 30, 30] + [0, 0, 0] * 254)
    picture.paste(1, (0, 0, 20, 20))
    picture.save(gif, "GIF", transparency=0)
    kept = media.without_metadata(gif.getvalue(), "PNG")
    with Image.open(io.BytesIO(kept)) as after:
        assert after.convert("RGBA").getpixel((30, 10))[3] == 0 and after.convert("RGBA").getpixel((5, 10))[3] == 255
    root = write_media(tmp_path, "t.png", kept)
    _image, files = media.publish(root, "t.png", tmp_path / "cache")
    with Image.open(files["media/t.png"]) as published:
        assert published.convert("RGBA").getpixel((30, 10))[3] == 0


def test_output_is_deterministic_and_cached(tmp_path):
    root = write_media(tmp_path, "a.jpg", jpeg_with_gps((1000, 700)))
    _, first = media.publish(root, "a.jpg", tmp_path / "cache1")
    _, second = media.publish(root, "a.jpg", tmp_path / "cache2")
    assert {k: v.read_bytes() for k, v in first.items()} == {k: v.read_bytes() for k, v in second.items()}
    again = media.publish(root, "a.jpg", tmp_path / "cache1")[1]
    assert again == first  # same cached files, not encoded again


# ---- through the pipeline ------------------------------------------------------------------


def photo_activity(file, caption="现场", alt=None):
    extra = f"\n    alt: {alt}" if alt else ""
    return trees.ACTIVITY + f"photos:\n  - file: {file}\n    caption: {caption}{extra}\n"


def errors(tmp_path, files):
    with pytest.raises(ContentError) as err:
        trees.run(tmp_path, files)
    return [(i.path, i.line, i.field, i.message) for i in err.value.issues]


A = "activities/2010/yj-anquan.yml"


@pytest.mark.parametrize(
    "file, message",
    [
        ("../secret.jpg", "图片路径“../secret.jpg”超出了 content/media 文件夹。"),
        ("media/../../site.yml.jpg", "图片路径“media/../../site.yml.jpg”超出了 content/media 文件夹。"),
        ("/etc/passwd.jpg", "图片路径“/etc/passwd.jpg”超出了 content/media 文件夹。"),
        ("C:/photos/a.jpg", "图片路径“C:/photos/a.jpg”超出了 content/media 文件夹。"),
        ("media/none.jpg", "找不到图片文件 content/media/none.jpg。"),
        ("media/logo.svg", "图片“media/logo.svg”不是 JPG 或 PNG 格式，网站只发布这两种图片。"),
    ],
)
def test_bad_photo_references(tmp_path, file, message):
    assert errors(tmp_path, {A: photo_activity(file), "media/logo.svg": "<svg onload='alert(1)'/>"}) == [
        (A, 8, "photos[1].file", message)
    ]


def test_a_symlink_out_of_media_is_refused(tmp_path):
    outside = tmp_path / "secret.jpg"
    outside.write_bytes(jpeg_with_gps((10, 10)))
    content = tmp_path / "c"
    (content / "media").mkdir(parents=True)
    (content / "media" / "link.jpg").symlink_to(outside)
    assert errors(content, {A: photo_activity("media/link.jpg")}) == [
        (A, 8, "photos[1].file", "找不到图片文件 content/media/link.jpg。"),
        (
            "media/link.jpg",
            None,
            "",
            "这是一个符号链接（快捷方式），网站不读取链接：它可能指向内容文件夹以外的文件，把它们发布出去。",
        ),
    ]


def test_a_corrupt_photo_is_an_error(tmp_path):
    assert errors(tmp_path, {A: photo_activity("media/bad.jpg"), "media/bad.jpg": b"not a jpeg"}) == [
        ("media/bad.jpg", None, "", "图片文件已损坏或不是真正的图片，无法读取。")
    ]


def test_volunteer_photo_needs_alt_text(tmp_path):
    files = {
        "volunteers/w.md": trees.volunteer("王芳", publish=True, photo="media/w.jpg"),
        "media/w.jpg": jpeg_with_gps((50, 50)),
    }
    assert errors(tmp_path, files) == [("volunteers/w.md", 4, "photo_alt", "有照片但缺少照片说明（photo_alt）。")]


def test_only_files_used_by_published_records_are_published(tmp_path):
    small = jpeg_with_gps((60, 40))
    files = {
        A: photo_activity("media/used.jpg", alt="党员讲解"),
        "media/used.jpg": small,
        "media/unused.jpg": small,
        "media/draft.jpg": small,
        "media/hidden.jpg": small,
        "media/shown.jpg": small,
        "stories/2010/d.md": trees.story("草稿", "2010-06-12", draft="true", cover="media/draft.jpg"),
        "volunteers/h.md": trees.volunteer("赵磊", photo="media/hidden.jpg", photo_alt="照片"),
        "volunteers/s.md": trees.volunteer("王芳", publish=True, photo="media/shown.jpg", photo_alt="照片"),
    }
    result = trees.run(tmp_path, files)
    assert sorted(result.assets) == ["media/shown.jpg", "media/used.jpg"]
    page = result.pages[[p.src for p in result.pages].index("activities/yj-anquan.md")].text
    assert "media/used.jpg" in page and "党员讲解" in page


def test_photos_that_keep_private_data_in_the_repository_are_warned_about_and_make_photos_strips_them(tmp_path):
    """The site never shows a photo's GPS position, but the content repository (often public, for
    GitHub Pages) holds what editors put there — photos uploaded in the web editor included."""
    clean = media.without_metadata(jpeg_with_gps((60, 40)), "JPEG")
    files = {
        A: photo_activity("media/2010/gps.jpg", alt="党员讲解"),
        "media/2010/gps.jpg": jpeg_with_gps((60, 40)),  # used by a published page
        "media/unused.png": png_with_text(),  # used by none: still in the repository
        "media/clean.jpg": clean,
    }
    result = trees.run(tmp_path / "content", files)
    root = tmp_path / "content"
    hint = "运行 make photos，去掉仓库里所有照片的这些信息（清晰度不变，竖拍的照片转正），再提交到内容仓库。"
    assert [(w.path, w.message, w.hint) for w in result.warnings] == [
        (
            "media/2010/gps.jpg",
            "照片里有拍摄地点（GPS）、相机型号、拍摄时间等（EXIF）、其他文字信息（XMP、注释）："
            "网站上的照片不含这些信息，但内容仓库里的原图有，仓库公开时别人能看到。",
            hint,
        ),
        (
            "media/unused.png",
            "照片里有其他文字信息（XMP、注释）：网站上的照片不含这些信息，但内容仓库里的原图有，仓库公开时别人能看到。",
            hint,
        ),
    ]
    (root / "media" / "2010" / "gps.jpg").chmod(0o644)
    done = run_cli("photos", content=root)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[-1] == (
        "共处理 2 张照片，清晰度不变（竖拍的照片转正）。下一步：把这些照片提交到内容仓库（git commit、git push）。"
    )
    assert lines[0].startswith("已去掉 ") and lines[0].endswith(
        "content/media/2010/gps.jpg 里的拍摄地点（GPS）、相机型号、拍摄时间等（EXIF）、其他文字信息（XMP、注释）。"
    )
    assert (root / "media" / "clean.jpg").read_bytes() == clean  # nothing to do: untouched
    assert (root / "media" / "2010" / "gps.jpg").stat().st_mode & 0o777 == 0o644
    with Image.open(root / "media" / "2010" / "gps.jpg") as cleaned:
        assert cleaned.size == (60, 40) and not cleaned.getexif()
    assert media.private_photos(root) == [] and pipeline.run(root, trees.BUILD_DATE).warnings == []
    again = run_cli("photos", content=root)
    assert again.stdout == "content/media/ 里的照片都没有拍摄地点等隐藏信息，不需要处理。\n"
