"""Search tokens: what Pagefind indexes for a page (search.page_tokens) and what search.js
searches for a query (search.query_tokens, and the same rules in overrides/assets/search.js,
compared in Chromium)."""

from __future__ import annotations

import itertools

import pytest

from column import search
from conftest import open_page

TITLE = "越城区党员奉献日：万名党员干部上街服务"


def found(query: str, tokens: list[str]) -> bool:
    """Whether a page with ``tokens`` holds every pair of ``query`` (Pagefind matches prefixes)."""
    return all(any(token.startswith(pair) for token in tokens) for pair in search.query_tokens(query)["pairs"])


def test_every_piece_of_a_block_finds_it_however_jieba_would_cut_it():
    tokens = search.page_tokens([TITLE, "供销总社党员再赴南穴村帮助秋冬种"], [TITLE])
    for text in (TITLE, "供销总社党员再赴南穴村帮助秋冬种"):
        run = search.letters(text)
        for start, end in itertools.combinations(range(len(run) + 1), 2):
            if end - start >= 2:
                assert found(run[start:end], tokens), run[start:end]
    for missing in ("助秋冬收", "万名群众", "党员再赴北"):
        assert not found(missing, tokens), missing


def test_punctuation_and_spaces_do_not_matter_but_blocks_do():
    tokens = search.page_tokens(["建设局5个小分队", "助力文明示范城市创建"], ["建设局5个小分队助力文明示范城市创建"])
    assert found("小分队，助力", tokens)  # across the title's words
    assert not found("队助", search.page_tokens(["建设局5个小分队", "助力文明示范城市创建"], []))  # two blocks
    whole = search.query_tokens(TITLE)["exact"]
    for typed in (
        TITLE,
        "越城区党员奉献日 万名党员干部上街服务",
        "越城区党员奉献日万名党员干部上街服务",
        "越城区党员奉献日:万名党员干部上街服务",
        " 越城区党员奉献日：万名党员干部上街服务。",
    ):
        assert search.query_tokens(typed)["exact"] == whole, typed
    assert whole in search.page_tokens([TITLE], [TITLE])
    assert search.query_tokens("越城区党员奉献日")["exact"] not in search.page_tokens([TITLE], [TITLE])


def test_a_query_is_split_where_chinese_meets_latin_letters_or_digits():
    assert search.query_parts("12345热线") == ["12345", "热线"]  # found in 热线12345 too
    assert search.query_parts("QQ群") == ["qq群"]  # one character stays with its neighbour
    assert search.query_parts("2010年6月26日") == ["2010年6月", "26日"]
    assert search.query_parts("ＡＢＣ１２３ 党员，义工") == ["abc123", "党员义工"]  # NFKC, lower case, no punctuation
    assert search.query_parts("药") == ["药"]
    assert search.query_parts("，。 ") == []
    assert search.query_tokens("，。")["pairs"] == [] and search.query_tokens("，。")["exact"] is None
    page = search.page_tokens(["也可以拨打政务服务便民热线12345。"], [])
    assert found("12345热线", page) and found("热线12345", page)


def test_tokens_are_ascii_and_none_starts_another():
    tokens = search.page_tokens([TITLE, "市药监局回收过期失效药品200多盒(瓶)", "Ｑｑ群𠀀字"], [TITLE, "药监局", "金"])
    assert all(token.isascii() and token.isalpha() and token == token.lower() for token in tokens)
    for one, other in itertools.permutations(tokens, 2):
        assert not other.startswith(one), (one, other)
    assert {search.query_tokens(name)["exact"] for name in (TITLE, "药监局", "金")} < set(tokens)
    assert set(search.query_tokens("药监局")["titled"]) < set(tokens)
    assert {pair + "p" for pair in search.query_tokens("回收过期")["pairs"]} < set(tokens)
    # a query's pair is never longer than the tokens it must find, so Pagefind's fallback (the
    # longest word that starts a query word) can never stand in for a missing pair
    query = search.query_tokens("药监局 越城区党员 qq群")
    assert all(
        not pair.startswith(token) for pair in query["pairs"] + query["titled"] for token in tokens if token != pair
    )
    assert all(len(pair) == 8 for pair in query["pairs"])
    # every token is longer than a query's pair but a lone character's ("e"), which starts none
    assert all(len(token) > 8 or (token[-1] == search.END_MARK and len(token) in (5, 7)) for token in tokens)


def test_a_character_typed_alone_finds_every_page_that_shows_it():
    blocks = ["供销总社党员再赴南穴村帮助秋冬种", "日期：2010年", "是"]
    tokens = search.page_tokens(blocks, [blocks[0]])
    for char in set("".join(map(search.letters, blocks))):
        assert found(char, tokens), char
    assert not found("秋冬收", tokens) and not found("收", tokens)
    # only a character that starts no pair of the page (it ends a block) has a token of its own
    alone = {token for token in tokens if len(token) == 5}
    assert alone == {search.query_tokens(char)["pairs"][0] + search.END_MARK for char in "种年是"}


def test_title_pairs_and_exact_tokens_mark_titles_and_names():
    tokens = search.page_tokens(
        ["简称：药监局。所在地区：上虞市。"], ["上虞市食品药品监督管理局", "药监局", "市药监局"]
    )
    query = search.query_tokens("药监")
    assert set(query["titled"]) <= set(tokens)  # a name holds it
    assert search.query_tokens("市药监局")["exact"] in tokens
    assert search.query_tokens("上虞市食品药品监督管理局")["exact"] in tokens
    assert search.query_tokens("所在地区")["titled"][0] not in tokens  # the text, not a title
    assert found("所在地区", tokens)


def test_a_title_pair_is_a_title_token_only():
    blocks = [TITLE, "日期：2010年6月26日", "组织单位：中共绍兴市越城区委员会", "党员干部"]
    tokens = search.page_tokens(blocks, [TITLE])
    pair = search.query_tokens("党员")["pairs"][0]
    assert pair + "t" in tokens and pair + "p" not in tokens  # in the title and the text: once, as the title's
    assert search.query_tokens("日期")["pairs"][0] + "p" in tokens
    assert search.query_tokens("日期")["titled"][0] not in tokens


def test_stand_in_pages_put_the_commonest_tokens_first(tmp_path):
    pages = {
        "a/index.html": ("甲页", "党员义工服务"),
        "b/index.html": ("乙篇", "党员义工帮扶"),
        "c/index.html": ("丙文", "党员"),
    }
    sources = [
        search.Source(path, title, f"<p>{text}</p>", {"type": "栏目说明", "filters": {}})
        for path, (title, text) in pages.items()
    ]
    texts = search._write_token_pages(tmp_path / "stand-ins", sources)
    assert [shown.url for shown in texts] == ["/a/", "/b/", "/c/"]  # registry pages: by URL
    written = [(tmp_path / "stand-ins" / f"{n}.html").read_text(encoding="utf-8") for n in range(3)]
    first = search.query_tokens("党员")["pairs"][0] + "p"  # on every page
    second = search.query_tokens("义工")["pairs"][0] + "p"  # on two
    tokens = [html.split("<p>")[1].split("</p>")[0].split() for html in written]
    assert tokens[0][:2] == tokens[1][:2] == [first, second] and tokens[2][0] == first
    assert 'data-pagefind-sort="rank:0"' in written[0] and 'data-pagefind-sort="rank:2"' in written[2]


QUERIES = [
    "法律援助",
    "市药监局",
    "12345热线",
    "QQ群",
    "ＱＱ群",
    "qq群",
    "越城区党员奉献日：万名党员干部上街服务",
    "  义工  ",
    "力文明",
    "药",
    "2010年6月26日",
    "Ⅻ期",
    "𠀀𠀁字",
    "İstanbul 党员",
    "café",
    "①号楼",
    "党员、义工；服务",
    "a",
    "，。",
    "",
    "上虞市食品药品监督管理局（示例）",
    "周虹",
    "市政抢修小分队里的“老娘舅”",
]


@pytest.mark.browser
def test_search_js_makes_the_same_tokens_as_python(browser, site_url):
    page = open_page(browser, site_url)
    try:
        page.goto(site_url)
        page.wait_for_function("window.columnSearch !== undefined")
        made = page.evaluate("(queries) => queries.map((q) => window.columnSearch.tokens(q))", QUERIES)
        for query, tokens in zip(QUERIES, made, strict=True):
            assert tokens == search.query_tokens(query), query
        assert page.console_errors == []
    finally:
        page.context.close()
