"""sanitize: editors' Markdown and HTML become safe HTML; theme text is escaped Markup.

Checks parse the output as a browser would (selectolax/lexbor, after Python-Markdown with
the site's extensions where the output is page Markdown) and look for anything active.
"""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

import trees
from column import render, sanitize
from column.issues import ContentError

ACTIVE_TAGS = {
    "script",
    "iframe",
    "object",
    "embed",
    "frame",
    "frameset",
    "base",
    "meta",
    "link",
    "style",
    "form",
    "input",
    "button",
    "svg",
    "math",
    "template",
    "textarea",
    "select",
    "applet",
    "audio",
    "video",
}


def page_html(body: str) -> str:
    """A rendered fragment in a page, as the page holds it (headings with their ids): pages are
    finished HTML, nothing parses them again."""
    return render.anchor_headings(f"<h1>标题</h1>\n{body}\n")[0]


def active_parts(html: str) -> list[str]:
    """Everything in ``html`` that could run script, load something or restyle the page."""
    found = []
    for node in LexborHTMLParser(f"<body>{html}</body>").body.traverse(include_text=False):
        if node.tag in ACTIVE_TAGS:
            found.append(f"<{node.tag}>")
        for name, value in (node.attributes or {}).items():
            value = value or ""
            if name.lower().startswith("on") or name.lower() in ("style", "srcdoc", "formaction"):
                found.append(f"{node.tag}[{name}]")
            if name in ("id", "name") and not re.match(r"^h[1-6]$", node.tag):  # DOM clobbering
                found.append(f"{node.tag}[{name}]")
            if name in ("href", "src", "action", "data", "xlink:href") and re.match(
                r"^\s*(?!https?:|mailto:|tel:)[a-z][a-z0-9+.-]*:", value, re.I
            ):
                found.append(f"{node.tag}[{name}={value[:30]}]")
    return found


PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '"><img src=x onerror=alert(2)>',
    "<img src=media/a.jpg alt=a onerror=alert(3)>",
    "<iframe src=javascript:alert(4)></iframe>",
    "<svg onload=alert(5)><circle r=1 /></svg>",
    "<svg><script>alert(6)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(7)></style></mglyph></table></mtext></math>",
    "[x](javascript:alert(8))",
    "[x](JaVaScRiPt:alert(9))",
    "[x](java&#x09;script:alert(10))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxMSk8L3NjcmlwdD4=)",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMTIpPg==)",
    '<a href="javascript&colon;alert(13)">x</a>',
    '<a href="  javascript:alert(14)">x</a>',
    '<p style="background:url(javascript:alert(15))">x</p>',
    "<style>body{display:none}</style>",
    '<div style="position:fixed;top:0">x</div>',
    "<details open ontoggle=alert(16)>x</details>",
    '段落{: onclick="alert(17)" }',
    "<p>x</p>{: onclick=alert(18) }",
    "<form action=https://evil.example/><input name=q><button formaction=javascript:alert(19)>go</button></form>",
    "<base href=https://evil.example/>",
    '<meta http-equiv=refresh content="0;url=javascript:alert(20)">',
    "<link rel=stylesheet href=https://evil.example/x.css>",
    "<object data=x.swf></object><embed src=x.swf>",
    "<!--<img src=x onerror=alert(21)>-->",
    '<noscript><p title="</noscript><img src=x onerror=alert(22)>"></noscript>',
    "<a id=__search name=config>clobber</a>",
    '<div markdown="1">*x*{: onclick=alert(23) }</div>',
    "<textarea><img src=x onerror=alert(24)></textarea>",
    "<template><img src=x onerror=alert(25)></template>",
    "```\n<script>alert(26)</script>\n```",
    "    <script>alert(27)</script>",
    "\x02wzxhzdk:0\x03<script>alert(28)</script>",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payload_is_inert_in_the_page(payload):
    body, _ = sanitize.render(f"前文\n\n{payload}\n\n后文")
    html = page_html(body)
    assert active_parts(html) == [], html
    assert "前文" in html and "后文" in html


def test_allowed_markup_survives():
    text = (
        "**粗体** *斜体* [链接](https://example.com/) `代码`\n\n> 引用\n\n- 一\n- 二\n\n"
        '| 甲 | 乙 |\n|:--|--:|\n| 1 | 2 |\n\n<b>加粗</b> <sup>上标</sup>\n\n!!! note "提示"\n    内容'
    )
    html = sanitize.markdown_html(text)
    for fragment in (
        "<strong>粗体</strong>",
        "<em>斜体</em>",
        '<a href="https://example.com/" rel="noopener noreferrer">链接</a>',
        "<code>代码</code>",
        "<blockquote>",
        "<li>二</li>",
        '<td align="right">2</td>',
        "<b>加粗</b>",
        "<sup>上标</sup>",
        '<div class="admonition note">',
        '<p class="admonition-title">提示</p>',
    ):
        assert fragment in html, fragment


def test_script_style_and_iframe_lose_their_content_too():
    html = sanitize.clean_html("<p>a</p><script>var x=1</script><style>p{}</style><iframe>f</iframe><p>b</p>")
    assert html == "<p>a</p><p>b</p>"


def test_headings_become_plain_headings_so_they_get_ids_and_a_toc_entry():
    body, _ = sanitize.render("# 一、概况\n\n正文\n\n### 二、<em>做法</em><img src=x onerror=alert(1)>\n\n## C#入门")
    assert body.splitlines()[0] == "<h2>一、概况</h2>"  # the page title is the only h1
    html, toc = render.anchor_headings(f"<h1>标题</h1>\n{body}")
    headings = LexborHTMLParser(html).css("h2, h3")
    assert [(h.tag, h.text(), bool(h.attributes.get("id"))) for h in headings] == [
        ("h2", "一、概况", True),
        ("h3", "二、做法", True),
        ("h2", "C#入门", True),
    ]
    assert len(toc[0]["children"]) == 2  # both h2 (the h3 under the first) are in the TOC
    assert active_parts(html) == []


def test_images_and_links_are_reported_and_rewritten_by_the_callbacks():
    seen = []
    body, found = sanitize.render(
        "![照片](media/a.jpg) [关于](../../pages/about.md#x) [外部](https://example.com/)",
        image_url=lambda src, alt: seen.append((src, alt)) or "../../media/a.jpg",
        link_url=lambda href: "../../about/#x" if href.endswith("#x") else href,
    )
    assert seen == [("media/a.jpg", "照片")] and found.images == [("media/a.jpg", "照片")]
    assert found.links == ["../../pages/about.md#x", "https://example.com/"]
    doc = LexborHTMLParser(body)
    assert doc.css_first("img").attributes == {"alt": "照片", "src": "../../media/a.jpg", "loading": "lazy"}
    assert [a.attributes["href"] for a in doc.css("a")] == ["../../about/#x", "https://example.com/"]


def test_plain_text_drops_markup_and_keeps_words():
    assert sanitize.plain_text("**活动**<script>alert(1)</script>小结\n\n[详情](https://a.example/)") == "活动小结 详情"


@pytest.mark.parametrize(
    "title",
    ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "</title><script>alert(1)</script>", "a & b"],
)
def test_theme_text_is_escaped_markup_that_e_does_not_escape_twice(title):
    import jinja2

    value = sanitize.theme_text(title)
    env = jinja2.Environment(autoescape=False)  # as MkDocs renders theme templates
    raw = env.from_string('<title>{{ t }}</title><meta content="{{ t }}"><b>{{ t | e }}</b>').render(t=value)
    doc = LexborHTMLParser(raw)
    assert doc.css_first("title").text() == title
    assert doc.css_first("meta").attributes["content"] == title
    assert doc.css_first("b").text() == title
    assert doc.css("script, img") == []


# ---- through the pipeline: messages for references in Markdown ---------------------------


def test_story_image_without_alt_and_outside_media_are_errors(tmp_path):
    body = "第一行\n\n![](media/x.jpg)\n\n![图](../../../etc/passwd.jpg)\n\n![外链](https://evil.example/a.jpg)"
    with pytest.raises(ContentError) as err:
        trees.run(tmp_path, {"stories/2010/s.md": trees.story("稿件", "2010-06-12", body)})
    got = [(i.path, i.line, i.field, i.message) for i in err.value.issues]
    assert got == [
        ("stories/2010/s.md", 7, "正文", "图片“media/x.jpg”缺少替代文字。"),
        ("stories/2010/s.md", 7, "正文", "找不到图片文件 content/media/x.jpg。"),
        ("stories/2010/s.md", 9, "正文", "图片路径“../../../etc/passwd.jpg”超出了 content/media 文件夹。"),
        (
            "stories/2010/s.md",
            11,
            "正文",
            "图片“https://evil.example/a.jpg”在外部网站上，网站只能显示 content/media/ 里的图片。",
        ),
    ]


def test_links_to_content_files_are_resolved_and_checked(tmp_path):
    files = {
        "pages/about.md": "---\ntitle: 关于\n---\n见[这篇](../stories/2010/a.md#jie)和[草稿](../stories/2010/d.md)。\n",
        "stories/2010/a.md": trees.story("稿件", "2010-06-12"),
        "stories/2010/d.md": trees.story("草稿", "2010-06-12", draft="true"),
    }
    with pytest.raises(ContentError) as err:
        trees.run(tmp_path, files)
    assert [(i.path, i.line, i.message) for i in err.value.issues] == [
        ("pages/about.md", 4, "链接指向的内容文件不存在，或它不公开（草稿、未同意公开的志愿者）。")
    ]
    files["pages/about.md"] = files["pages/about.md"].replace("和[草稿](../stories/2010/d.md)", "")
    pages = {p.src: p.text for p in trees.run(tmp_path / "ok", files).pages}
    assert '<a href="../stories/a/#jie" rel="noopener noreferrer">这篇</a>' in pages["about.md"]


# Plain prose takes a shortcut past Python-Markdown and nh3 (sanitize._prose); it must give
# exactly what the full conversion gives. Text drawn mostly from characters that matter to
# Markdown or HTML at the start or end of a line, or anywhere.
PROSE_ALPHABET = "中文，。“”：1 \n\n.)(:;\"'/%@?ab-*#>+=|!&<`_[]{}~\\\t\r\xa0\u3000\u200b\ufeff\x1f"
PROSE_EXAMPLES = [
    "",
    "\n",
    "活动很好。",
    "第一段。\n\n第二段，\n第二行。\n",
    "\n\n\n开头空行\n\n\n\n结尾空行\n\n",
    "2010年6月。\n1. 不是列表",
    "10) 也不是",
    "1.5 小时",
    "行末两个空格  \n下一行",
    " 开头空格",
    "“引号”和'单引号'、\"双引号\"：http://example.com/a?b=1;c%20",
    "a\u3000b",
    "a\xa0b",
    "---",
    "标题\n===",
]

# Half of the draws from characters the shortcut accepts, so both ways are compared often.
PROSE_TEXT = st.one_of(
    st.text(alphabet="中文，。：1 \n.)(:;\"'/%a", max_size=40), st.text(alphabet=PROSE_ALPHABET, max_size=40)
)


def _three_ways(text):
    sanitize.markdown_html.cache_clear()
    return sanitize.markdown_html(text), sanitize.render(text), sanitize.plain_text(text)


def _shortcut_agrees(text, monkeypatch):
    fast = _three_ways(text)
    with monkeypatch.context() as patched:
        patched.setattr(sanitize, "_prose", lambda text: None)
        full = _three_ways(text)
    assert fast == full, repr(text)
    return sanitize._prose(text) is not None


def test_prose_shortcut_gives_what_markdown_and_nh3_give(monkeypatch):
    taken = [_shortcut_agrees(text, monkeypatch) for text in PROSE_EXAMPLES]
    assert taken[:5] == [True] * 5 and not all(taken)  # both ways are exercised


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(PROSE_TEXT)
def test_prose_shortcut_agrees_on_any_text(monkeypatch, text):
    _shortcut_agrees(text, monkeypatch)


def test_a_line_break_inside_a_chinese_sentence_is_not_a_space():
    """Browsers show a line break in HTML text as a space, which is wrong between two Chinese
    characters: the editor's wrapped line reads as one line; Latin words and code keep theirs."""
    assert (
        sanitize.markdown_html("简报原文收录在栏目中。\n简报没有给出的，\n  均以示例值补充。")
        == "<p>简报原文收录在栏目中。简报没有给出的，均以示例值补充。</p>"
    )
    assert (
        sanitize.markdown_html("## 联系\n主办单位的\n宣传干事\n\n- 一项\n  续写\n\nQQ\ngroup 和\n12345")
        == "<h2>联系</h2>\n<p>主办单位的宣传干事</p>\n<ul>\n<li>一项续写</li>\n</ul>\n<p>QQ\ngroup 和\n12345</p>"
    )
    assert sanitize.markdown_html("    代码一\n    代码二") == "<pre><code>代码一\n代码二\n</code></pre>"
    # around bold text or a link, too
    assert (
        sanitize.markdown_html("全区**1万名党员**\n参加了整治。\n[详见](a.md)\n通报。")
        == '<p>全区<strong>1万名党员</strong>参加了整治。<a href="a.md" rel="noopener noreferrer">详见</a>通报。</p>'
    )
