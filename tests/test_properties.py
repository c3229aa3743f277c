"""Property: whatever text an editor puts in any text or Markdown field, no page gets an active
element or attribute, and generated data files stay well-formed.

Cheap by design: the catalog of a small tree is loaded once; each example writes its text
into every text field of every record (in memory), runs the page generators, and renders the
pages' Markdown with the site's Markdown extensions — no MkDocs build per example.
"""

import html
import json
import xml.etree.ElementTree as ET

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import trees
from column import model, pipeline, sanitize, site_pages
from column import validate as validation
from column.load import load_tree
from column.output import Output
from column.records import Obj, Record
from column.relate import relate
from column.render import Renderer
from column.validate import validate
from conftest import write_tree
from test_sanitize import active_parts, page_html

FRAGMENTS = [
    "<",
    ">",
    "</",
    "/>",
    "script",
    "img",
    "svg",
    "iframe",
    "a",
    " src=x",
    " href=",
    " onerror=alert(1)",
    " onload=",
    "javascript:",
    "data:text/html,",
    '"',
    "'",
    "`",
    "=",
    "&",
    "&#",
    "#",
    "x3C;",
    "[",
    "]",
    "(",
    ")",
    "](",
    "!",
    "{:",
    "{ ",
    "}",
    "*",
    "_",
    "|",
    "~",
    "\\",
    "\n",
    "\n\n",
    "    ",
    "- ",
    "1. ",
    "> ",
    "---",
    "```",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "\x02",
    "\x03",
    "\x00",
    "\u2028",
    "style",
    ":",
    ";",
    "expression(",
    "url(",
    'markdown="1"',
    "<div",
    "<p",
    "<style>",
    "<math>",
    "on",
    "mouseover",
    "测试",
]

texts = st.one_of(
    st.text(min_size=1, max_size=60), st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=25).map("".join)
)


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """A catalog with one record of every kind, and a renderer for it."""
    root = write_tree(
        tmp_path_factory.mktemp("props"),
        trees.tree(
            {
                "volunteers/wang.md": trees.volunteer("王芳", publish=True, title="科长", featured="true") + "简介\n",
                "volunteers/zhao.md": trees.volunteer("赵磊") + "简介\n",
                "stories/2010/s.md": trees.story(
                    "稿件",
                    "2010-06-12",
                    summary="摘要",
                    source="来源",
                    author="作者",
                    column="栏目",
                    volunteers="[王芳, 赵磊]",
                    activities="[yj-anquan]",
                ),
                "campaigns/c.yml": "title: 服务日\norganisers: [药监局]\ndescription: 说明\nflag_relay: true\n"
                "schedule:\n  - unit: 药监局\n    date: 2010-06-12\n    places: [金桂苑]\n",
                "units.yml": trees.UNITS + "  paired_places: [金桂苑]\n",
                "campaigns/d.yml": "title: 值守\nunits: [药监局]\nduty: {start: 2010-12-14, end: 2010-12-16}\n",
                "campaigns/d/duty/sy-yaojian.yml": "- date: 2010-12-14\n  who: [王芳, 赵磊]\n  note: 备注\n"
                "- date: 2010-12-16\n  people: 2多\n  note: 计划\n",
                "honours/2010.yml": "title: 表彰\ndate: 2010-12-10\nunits: [药监局]\nvolunteers: [王芳, 赵磊]\n",
                "pages/about.md": "---\ntitle: 关于\ndescription: 简介\n---\n正文\n",
                "activities/2010/yj-anquan.yml": trees.ACTIVITY
                + (
                    "campaign: c\nservices: [清理药箱]\nparticipants:\n  total: 12\n  groups: {党员: 10}\nhours: 4\n"
                    "volunteers:\n  - who: 王芳\n    role: 咨询\n  - who: 赵磊\nserved: 150多\n"
                    "outcomes:\n  - item: 回收药品\n    value: 200多\n    unit: 盒\nsummary: 小结\n"
                    "follow_ups:\n  - problem: 问题\n    owner: 责任人\n    status: open\n"
                ),
            }
        ),
    )
    docs, issues = load_tree(root)
    records, found = validate(docs)
    catalog, more = relate(records, trees.BUILD_DATE)
    assert not issues + found + more, issues + found + more
    renderer = Renderer(catalog)
    # What the templates themselves emit (table alignment styles, chart SVG ids): allowed.
    baseline = {src: set(parts) for src, parts in render_all(root, catalog, renderer, "甲")[0]}
    return root, catalog, renderer, baseline


def render_all(root, catalog, renderer, text):
    """Every page with ``text`` in every field: [(src, active parts)] and the data files."""
    for kind, recs in catalog.by_kind.items():
        spec = model.KINDS.get(kind)
        for rec in recs.values():
            fill(rec, spec.fields if spec else model.THEME, text)
    fill(catalog.site, model.SITE.fields, text)
    out = Output.merged(pipeline.generate(generator, renderer, catalog, root) for generator in site_pages.GENERATORS)
    return [(page.src, active_parts(page.body)) for page in out.pages], out.files


def fill(obj: Obj, fields, text: str):
    """Write ``text`` into every text and Markdown field of a record (and of its nested maps),
    as validation would have converted it."""
    for f in fields:
        value = obj.get(f.name)
        if (
            f.type in ("text", "markdown")
            and f.name not in ("site_url", "pii_allow")
            and not f.name.startswith(("photo", "cover"))
        ):
            converted = validation._scalar(f, text) or "甲"  # required fields are never empty
            obj[f.name] = [converted] if f.many else converted
        elif f.type == "map" and value:
            for item in value if f.many else [value]:
                if not isinstance(item, Record):
                    fill(item, f.fields, text)
    if "body" in obj:
        obj["body"] = text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=texts)
def test_any_text_in_any_field_stays_inert(world, text):
    root, catalog, renderer, baseline = world
    pages, files = render_all(root, catalog, renderer, text)
    for src, parts in pages:
        assert set(parts) <= baseline[src], (src, text, set(parts) - baseline[src])
    assert active_parts(f"<title>{sanitize.theme_text(text)}</title>") == []
    for name, data in files.items():
        raw = data.encode() if isinstance(data, str) else data
        if name.endswith(".xml"):
            ET.fromstring(raw)
        elif name.endswith(".json"):
            json.loads(raw)


@settings(max_examples=200, deadline=None)
@given(text=texts)
@example("&#X3C")  # an editor's character reference decodes to "<" once, as text
@example("&amp;lt;script&amp;gt;")  # ...and never twice
def test_sanitised_markdown_never_yields_active_markup(text):
    body, _ = sanitize.render(text)
    assert active_parts(page_html(body)) == []
    # plain text (excerpts, feeds, meta) gains a "<" only from what the editor wrote
    assert "<" not in sanitize.plain_text(text) or "<" in html.unescape(text)
