"""yamlsafe: every scalar stays the text written, lines are kept, unsafe YAML is refused."""

from column import yamlsafe
from column.issues import Issue

SYNTAX_HINT = "检查这一行及上一行：冒号后要有空格，同级字段缩进要对齐，含冒号或 # 的文字要加引号。"


def load(text):
    return yamlsafe.load(text, "x.yml")


def test_implicit_typing_never_changes_meaning():
    data, issues = load(
        "id: on\ntitle: 2010\npublish: yes\ndate: 2010-06-26\nquoted: '2010-06-26'\n"
        "float: 1.5e3\nhex: 0x1F\noctal: 010\ninf: .inf\nno: no\n"
    )
    assert issues == []
    assert data == {
        "id": "on",
        "title": "2010",
        "publish": "yes",
        "date": "2010-06-26",
        "quoted": "2010-06-26",
        "float": "1.5e3",
        "hex": "0x1F",
        "octal": "010",
        "inf": ".inf",
        "no": "no",
    }
    assert all(type(v) is str for v in data.values())


def test_plain_nulls_are_none_but_quoted_ones_are_text():
    data, _ = load("a: null\nb: ~\nc:\nd: 'null'\ne: \"~\"\nf: ''\n")
    assert data == {"a": None, "b": None, "c": None, "d": "null", "e": "~", "f": ""}


def test_keys_and_items_remember_their_lines():
    data, _ = load("# comment\ntitle: x\nitems:\n  - a\n  - b: 1\n    c: 2\n  - d\n")
    assert data.line_of("title") == 2
    assert data.line_of("items") == 3
    assert data["items"].line == 4
    assert data["items"].item_lines == [4, 5, 7]
    assert data["items"][1].line_of("c") == 6
    assert data.line_of("missing") == data.line  # unknown key → the mapping's own line


def test_line_offset_counts_front_matter_fence():
    data, _ = yamlsafe.load("title: x\ndate: 2010-01-01\n", "s.md", line_offset=1)
    assert data.line_of("date") == 3


def test_flow_collections_become_lists_and_maps_of_text():
    data, _ = load("a: [1, 2]\nb: {c: 3}\n")
    assert data == {"a": ["1", "2"], "b": {"c": "3"}}


def test_duplicate_key_is_an_issue_and_first_value_kept():
    data, issues = load("title: a\nmode: 集中服务\nmode: 长效服务\n")
    assert data["mode"] == "集中服务"
    assert issues == [
        Issue("x.yml", 3, "mode", "字段“mode”重复出现（第 2 行已有）。", "删除重复的一处，只保留正确的值。")
    ]


def test_duplicate_keys_in_nested_maps_are_found_too():
    _, issues = load("participants:\n  total: 3\n  total: 4\n")
    assert [(i.line, i.field) for i in issues] == [(3, "total")]


def test_syntax_error_gives_line_and_chinese_explanation():
    data, issues = load("title: x\ndate: [2010\n")
    assert data is None
    assert issues == [
        Issue("x.yml", 3, "", "YAML 格式错误：方括号列表 [ ] 没有闭合，或各项之间缺少英文逗号", SYNTAX_HINT)
    ]


def test_colon_inside_text_is_explained():
    _, issues = load("title: 通知: 周六服务\n")
    assert issues[0].line == 1
    assert (
        issues[0].message == "YAML 格式错误：这里不能出现“键: 值”（常见原因：文字里有英文冒号却没加引号，或缩进不对）"
    )


def test_tab_indentation_is_explained():
    _, issues = load("title: x\n\tdate: 2010\n")
    assert (issues[0].line, issues[0].message) == (2, "YAML 格式错误：用了 Tab 缩进（YAML 只能用空格缩进）")


def test_unclosed_quote_is_explained():
    _, issues = load("title: 'abc\n")
    assert issues[0].message == "YAML 格式错误：文件意外结束（引号或括号没有闭合）"


def test_aliases_are_refused_which_also_stops_billion_laughs():
    data, issues = load("a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n")
    assert data is None
    # reported at the first alias (*a on line 2), not at the anchor
    assert issues == [Issue("x.yml", 2, "", "不支持 YAML 锚点和别名（& 和 *）。", "把要重复的内容直接写出来。")]


def test_deep_nesting_is_refused():
    deep = "a:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(yamlsafe.MAX_DEPTH + 2))
    data, issues = load(deep)
    assert data is None
    assert [(i.message, i.hint) for i in issues] == [("YAML 嵌套层数太深。", "内容嵌套不要超过 12 层。")]


def test_complex_keys_are_refused():
    data, issues = load("? [a]\n: b\n")
    assert data is None
    assert issues == [Issue("x.yml", 1, "", "字段名必须是简单文字。", "检查这一行的写法。")]


def test_tags_construct_nothing():
    data, issues = load("a: !!python/object/apply:os.system [echo hi]\n")
    assert issues == [] and data == {"a": ["echo hi"]}


def test_empty_document_is_none_without_issues():
    assert load("") == (None, [])
    assert load("# only a comment\n") == (None, [])


def test_decode_strips_bom_and_reads_utf8():
    assert yamlsafe.decode("\ufefftitle: 标题\n".encode(), "x.yml") == ("title: 标题\n", [])


def test_decode_refuses_gbk_with_line_and_how_to_convert():
    text, issues = yamlsafe.decode("title: x\n标题: 测试\n".encode("gbk"), "x.yml")
    assert text is None
    assert issues == [
        Issue(
            "x.yml",
            2,
            "",
            "文件不是 UTF-8 编码（多半是 Windows 记事本或 WPS 按 GBK/ANSI 编码保存的）。",
            "用 VS Code 打开此文件，点右下角的编码名称 →“通过编码重新打开”选 GBK，"
            "再点一次 →“通过编码保存”选 UTF-8，然后重新提交。",
        )
    ]


def test_decode_refuses_files_over_one_megabyte():
    text, issues = yamlsafe.decode(b"a" * (yamlsafe.MAX_BYTES + 1), "big.md")
    assert text is None
    assert issues[0].message == "文件太大（976 KB），单个内容文件不能超过 1 MB。"
    assert yamlsafe.decode(b"a" * yamlsafe.MAX_BYTES, "ok.md")[1] == []


def test_split_front_matter():
    assert yamlsafe.split_front_matter("---\ntitle: x\n---\nbody\nmore\n") == ("title: x", "body\nmore\n", 4)
    assert yamlsafe.split_front_matter("---\ntitle: x\n...\nbody") == ("title: x", "body", 4)
    assert yamlsafe.split_front_matter("no front matter\n") == (None, "no front matter\n", 1)


def test_split_front_matter_unclosed_has_no_body():
    front, body, _ = yamlsafe.split_front_matter("---\ntitle: x\n正文\n")
    assert front == "title: x\n正文\n" and body is None
