"""render: every value escaped for Markdown and HTML, front matter never retyped, links safe."""

import datetime as dt
import json
import re
from decimal import Decimal

import jinja2
import pytest
import yaml

import trees
from column import pipeline, site_pages
from column.load import load_tree
from column.relate import relate
from column.render import Page, Renderer, text_html
from column.validate import validate
from column.values import parse_when
from conftest import write_tree

NASTY = "*重要* [x](javascript:alert(1)) <b>粗</b> &amp; `code` _u_ {: .x} | ~~s~~ \\ #"
A = "activities/2010/yj-anquan.yml"


@pytest.mark.parametrize(
    ("char", "entity"), [("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#39;")]
)
def test_html_characters_become_entities(char, entity):
    assert text_html(f"a{char}b") == f"a{entity}b"


def test_markdown_characters_stay_as_written():
    """Pages are HTML: nothing parses a printed value as Markdown afterwards."""
    assert (
        text_html("*重要* [x](y) `c` _u_ {: .x} | ~~s~~ \\ # - 1.") == "*重要* [x](y) `c` _u_ {: .x} | ~~s~~ \\ # - 1."
    )


def test_whitespace_collapses_so_a_value_never_leaves_its_line():
    assert text_html("第一行\n\n    第二行\t结束 ") == "第一行 第二行 结束"


def test_nasty_title_shows_literally_everywhere(tmp_path):
    files = {
        A: trees.ACTIVITY.replace("药监局在金桂苑开展安全用药宣传", json.dumps(NASTY, ensure_ascii=False))
        + "services:\n  - '- 垃圾分类'\n  - '1. 第一'\n  - '<script>alert(1)</script>'\n",
        "stories/2010/s.md": trees.story(
            json.dumps(NASTY, ensure_ascii=False),
            "2010-06-13",
            summary=json.dumps(NASTY, ensure_ascii=False),
            activities="[yj-anquan]",
        ),
    }
    result = trees.run(tmp_path, files)
    assert result.catalog.get("activity", "yj-anquan")["title"] == NASTY
    texts = {p.src: p.text for p in result.pages}
    for src in ("activities/yj-anquan.md", "stories/s.md", "stories/index.md", "index.md", "chronicle/2010.md"):
        html = trees.page_html(texts[src])
        assert "javascript:" not in html.replace("javascript:alert(1))", "")  # only as text, never a link
        assert 'href="javascript' not in html and "<b>" not in html and "<em>" not in html and "<code>" not in html
        assert "<script>" not in html and "<del>" not in html and 'class="x"' not in html
        assert NASTY in trees.visible_text(texts[src]), src
    activity = trees.visible_text(texts["activities/yj-anquan.md"])
    assert "- 垃圾分类" in activity and "1. 第一" in activity and "<script>alert(1)</script>" in activity
    html = trees.page_html(texts["activities/yj-anquan.md"])
    assert "<ol>" not in html and "<li>\n<ul>" not in html and html.count("<h1 ") == 1  # no list or heading opened


def test_front_matter_is_quoted_so_yaml_never_retypes_it():
    page = Page(
        src="x.md", title="2010", body="# 2010\n", template="story.html", meta={"description": "on", "n": "yes"}
    )
    front = page.text.split("---\n")[1]
    assert yaml.safe_load(front) == {"title": "2010", "template": "story.html", "description": "on", "n": "yes"}
    assert page.text.endswith("---\n\n# 2010\n")


def test_page_text_of_a_title_with_quotes_and_newlines():
    page = Page(src="x.md", title='他说："好"\n---', body="正文")
    assert yaml.safe_load(page.text.split("\n---\n")[0].removeprefix("---\n")) == {"title": '他说："好"\n---'}


@pytest.fixture
def renderer(tmp_path):
    files = trees.tree(
        {
            "volunteers/zhang-san.md": trees.volunteer("张三", publish=True),
            "volunteers/li-si.md": trees.volunteer("李四"),
            "stories/2010/draft.md": trees.story("草稿", "2010-06-13", draft="true"),
        }
    )
    docs, issues = load_tree(write_tree(tmp_path, files))
    records, found = validate(docs)
    catalog, more = relate(records, dt.date(2011, 1, 1))
    assert issues + found + more == []
    return Renderer(catalog)


def render_link(renderer, src, rec):
    """Render ``{{ link(rec) }}`` as it would appear on the page at ``src``."""
    original = renderer.env.get_template

    def get_template(name):
        return renderer.env.from_string("{{ link(rec) }}") if name == "probe" else original(name)

    renderer.env.get_template = get_template
    try:
        return renderer.page(src, "probe", "t", rec=rec).body
    finally:
        renderer.env.get_template = original


def test_link_to_a_published_record_is_relative(renderer):
    vol = renderer.catalog.get("volunteer", "zhang-san")
    assert render_link(renderer, "stories/s.md", vol) == '<a href="../../volunteers/zhang-san/">张三</a>'
    assert render_link(renderer, "volunteers/index.md", vol) == '<a href="zhang-san/">张三</a>'


def test_link_never_names_an_unpublished_volunteer(renderer):
    assert render_link(renderer, "index.md", renderer.catalog.get("volunteer", "li-si")) == "一名未公开姓名的志愿者"


def test_records_without_a_page_are_plain_text(renderer):
    assert render_link(renderer, "index.md", renderer.catalog.get("story", "draft")) == "草稿"


def test_undefined_names_fail_loudly(renderer):
    with pytest.raises(jinja2.UndefinedError):
        renderer.env.from_string("{{ no_such_thing }}").render()


def test_values_are_finalised_for_display(renderer):
    template = renderer.env.from_string("{{ nothing }}|{{ hours }}|{{ text }}")
    assert template.render(nothing=None, hours=Decimal("2.50"), text="<b>") == "|2.5|&lt;b&gt;"
    span = renderer.env.from_string("{{ w }}").render(w=parse_when({"start": "2010-07-15", "end": "2010-07-26"}))
    assert re.sub(r"<[^>]+>", "", span) == "2010年7月15日至26日"  # dates may be wrapped in HTML for layout


def test_a_failing_page_generator_does_not_swallow_errors(tmp_path, monkeypatch):
    def broken(r, cat, ctx):
        return [r.page("broken.md", "page.html.j2", "t")]  # page.html.j2 needs ``body``

    monkeypatch.setattr(site_pages, "GENERATORS", [broken])
    with pytest.raises(jinja2.UndefinedError):
        pipeline.run(write_tree(tmp_path, trees.tree()), dt.date(2011, 1, 1))
