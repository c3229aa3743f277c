"""Invalid content: every case in tests/fixtures/invalid/ gives exactly its expected.txt.

Each case folder is laid over the minimal valid tree (tests/trees.py); ``make check`` must print
``expected.txt`` to stderr, exit 1 and publish nothing. To rewrite the expected files after an
intentional change of wording: ``UPDATE_EXPECTED=1 .venv/bin/python -m pytest
tests/test_invalid_content.py``, then review the diff.
"""

import os
from pathlib import Path

import pytest

import trees
from column import __main__ as cli
from column import pipeline
from column.issues import ContentError
from conftest import write_tree

CASES = Path(__file__).parent / "fixtures" / "invalid"
EXPECTED = "expected.txt"
NAMES = sorted(p.name for p in CASES.iterdir() if p.is_dir())


def case_files(case: Path) -> dict:
    return {
        p.relative_to(case).as_posix(): p.read_bytes()
        for p in sorted(case.rglob("*"))
        if p.is_file() and p.name != EXPECTED
    }


def content_of(case: Path, root: Path) -> Path:
    files = trees.tree()
    files.update(case_files(case))
    return write_tree(root, files)


@pytest.mark.parametrize("name", NAMES)
def test_check_prints_exactly_the_expected_messages(name, tmp_path, capsys):
    case = CASES / name
    code = cli.main(["--content", str(content_of(case, tmp_path / "content")), "check"])
    out, err = capsys.readouterr()
    if os.environ.get("UPDATE_EXPECTED"):
        (case / EXPECTED).write_text(err, encoding="utf-8")
    expected = (case / EXPECTED).read_text(encoding="utf-8")
    assert (code, out) == (1, "")
    assert err == expected, f"tests/fixtures/invalid/{name}/{EXPECTED} differs (see the module docstring)"


@pytest.mark.parametrize("name", NAMES)
def test_nothing_is_rendered(name, tmp_path, monkeypatch):
    rendered = []
    monkeypatch.setattr(pipeline.Renderer, "page", lambda *a, **k: rendered.append(a) or pytest.fail("rendered"))
    with pytest.raises(ContentError) as err:
        pipeline.run(content_of(CASES / name, tmp_path / "content"), trees.BUILD_DATE)
    assert err.value.issues and rendered == []


def test_every_case_has_expected_messages():
    assert NAMES, "no cases found"
    missing = [name for name in NAMES if not (CASES / name / EXPECTED).is_file()]
    assert missing == []


def test_cases_cover_the_required_kinds_of_problem():
    """The foundation promises these are errors; each needs a case with its exact message."""
    text = {name: (CASES / name / EXPECTED).read_text(encoding="utf-8") for name in NAMES}
    everything = "".join(text.values())
    for promise in (
        "字段“mode”重复出现",
        "日期不存在：“2010-02-30”",
        "数量格式不对：“800多人”",
        "不认识的字段“particpants”",
        "是不是想写“participants”",
        "编号“YJ_anquan”不符合规则",
        "编号“sy_nongye”不符合规则",
        "YAML 格式错误",
        "各类人员合计 736 人，超过了总人数 700 人",
        "最接近的有：市农业局",
        "同时对应多个单位",
        # duty rosters (campaigns/<id>/duty/<unit>.yml)
        "2010年7月14日不在值守期间（2010年7月15日至26日）内",
        "“银杏社区”不是上虞市食品药品监督管理局的结对社区（金桂苑）",
        "单位“上虞市农业局”不是专项活动“世合赛结对社区值守”的参加单位",
        "文件名“sy-jiaoyu”不是已有单位的编号",
        "找不到志愿者“李四”",
        "2010年7月16日写了两次（第 7 行已有）",
        "专项活动“普通专项活动”没有值守安排（duty）",
    ):
        assert promise in everything, promise
