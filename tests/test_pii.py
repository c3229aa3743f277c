"""PII guard: mobile and resident ID numbers anywhere in the built output fail the build,
named by the content file and line they came from."""

import gzip
import io
import zipfile

import pytest

import trees
from column import pii
from conftest import build_site, write_tree

VALID_ID = "11010519491231002X"  # the sample number of GB 11643 (valid check digit)


def test_id_check_digit():
    assert pii.id_check_ok(VALID_ID) and pii.id_check_ok(VALID_ID.lower())
    assert not pii.id_check_ok("110105194912310021")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("电话13812345678。", [("mobile", "13812345678")]),
        ("电话 138-1234-5678 或 139 8765 4321", [("mobile", "138-1234-5678"), ("mobile", "139 8765 4321")]),
        ("身份证" + VALID_ID + "号", [("id", VALID_ID)]),
        ("<td>" + VALID_ID.lower() + "</td>", [("id", VALID_ID.lower())]),
        ("校验位错 110105194912310021", []),
        ("12812345678 不是手机号（第二位是 2）", []),
        ("bundle.a13812345678b.min.js 2138123456789 138123456789", []),  # inside longer runs: not a number
        ("热线 12345，座机 0575-82123456", []),
    ],
)
def test_find(text, expected):
    assert pii.find(text.encode(), set()) == expected


def test_allowed_numbers_pass_in_any_spelling():
    assert pii.find("办公室 138-1234-5678".encode(), {"13812345678"}) == []


def fake_site(tmp_path, files):
    site = tmp_path / "site"
    write_tree(site, files)
    return site


def test_gzip_zip_and_nested_files_are_scanned(tmp_path):
    book = io.BytesIO()
    with zipfile.ZipFile(book, "w") as archive:
        archive.writestr("xl/sharedStrings.xml", "<si><t>13912345678</t></si>")
    site = fake_site(
        tmp_path,
        {
            "sitemap.xml.gz": gzip.compress(b"<loc>13712345678</loc>"),
            "stats/downloads/a.xlsx": book.getvalue(),
            "media/a.jpg": b"13612345678",  # photos are re-encoded without text: not scanned
            "search/index.json": f'{{"t": "{VALID_ID}"}}',
        },
    )
    assert pii.scan_site(site) == {
        "search/index.json": [("id", VALID_ID)],
        "sitemap.xml.gz": [("mobile", "13712345678")],
        "stats/downloads/a.xlsx": [("mobile", "13912345678")],
    }


def test_hits_are_reported_at_their_source_line_masked(tmp_path):
    content = write_tree(
        tmp_path / "content",
        {
            "stories/2010/a.md": "---\ntitle: 稿件\n---\n第一段\n联系电话：138 1234 5678\n",
            "activities/2010/b.yml": "title: x\nsummary: 身份证 " + VALID_ID + "\n",
            "site.yml": "title: x\n",
        },
    )
    site = fake_site(
        tmp_path,
        {
            "stories/a/index.html": "<p>联系电话：138 1234 5678</p>",
            "search.json": "13812345678 " + VALID_ID,
            "activities/b/index.html": VALID_ID,
            "stats/x.csv": "13900001111",
        },
    )
    got = [(i.path, i.line, i.message, i.hint) for i in pii.check_site(site, content, ["0575-82123456"])]
    assert got == [
        (
            "activities/2010/b.yml",
            2,
            "居民身份证号码 110105********002X 会出现在网站上（生成的文件："
            "activities/b/index.html、search.json），网站未发布。",
            "身份证号码不能公开，请删去。",
        ),
        (
            "stories/2010/a.md",
            5,
            "手机号码 138****5678 会出现在网站上（生成的文件：search.json、stories/a/index.html），网站未发布。",
            "删去这个号码；如果它是可以公开的办公电话或热线，把它加进 site.yml 的 pii_allow 列表。",
        ),
        (
            "stats/x.csv",
            None,
            "手机号码 139****1111 会出现在网站上（生成的文件：stats/x.csv）"
            "，网站未发布。内容文件里找不到这个号码，它可能是几个字段拼出来的。",
            "删去这个号码；如果它是可以公开的办公电话或热线，把它加进 site.yml 的 pii_allow 列表。",
        ),
    ]
    assert pii.check_site(site, content, ["13812345678", "13900001111", VALID_ID.lower()]) == []


@pytest.mark.slow
def test_build_with_a_phone_number_fails_and_publishes_nothing(tmp_path):
    story = trees.story("稿件", "2010-06-12", "报名请联系王老师，电话13812345678。")
    content = write_tree(tmp_path / "content", trees.tree({"stories/2010/s.md": story}))
    site = tmp_path / "site"
    result = build_site(content, site)
    assert result.returncode == 1
    assert "stories/2010/s.md:5: 手机号码 138****5678 会出现在网站上（生成的文件：" in result.stderr
    assert "13812345678" not in result.stderr + result.stdout
    assert not site.exists()
    # the same number, once allowed in site.yml, is published
    (content / "site.yml").write_text(trees.SITE + 'pii_allow: ["138-1234-5678"]\n', encoding="utf-8")
    assert build_site(content, site).returncode == 0
    assert "13812345678" in (site / "stories" / "s" / "index.html").read_text(encoding="utf-8")
