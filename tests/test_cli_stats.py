"""``python -m column stats --year N``: the year's figures in Chinese, all taken from figures.py."""

from __future__ import annotations

import pytest

import trees
from column import figures, pipeline
from column.__main__ import main
from column.values import format_hours
from conftest import CONTENT, write_tree


def stats(capsys, content, year) -> tuple[int, str, str]:
    code = main(["--content", str(content), "stats", "--year", str(year)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_demo_year_figures_match_figures_py(capsys):
    code, out, err = stats(capsys, CONTENT, 2010)
    assert code == 0, err
    catalog = pipeline.checked_catalog(CONTENT)
    acts = figures.in_year(figures.counted(catalog), 2010)  # the duty campaign counts once
    t = figures.totals(acts)
    lines = out.splitlines()
    assert lines[0] == "2010年党员义工服务统计（统计截止日 2010年12月15日）"
    assert f"  活动        {t.activities} 次" in lines
    assert f"  参加        {t.participants} 人次" in lines
    assert f"  服务时长    {format_hours(t.person_hours)} 小时" in lines
    assert f"  服务群众    {t.served} 人" in lines
    # every theme with activities is listed with its own figures
    for theme_id, theme_totals in figures.breakdown(acts, "theme").items():
        name = catalog.get("theme", theme_id)["name"]
        (row,) = [ln for ln in lines if ln.startswith(f"  {name} ")]
        assert row.split()[1:3] == [str(theme_totals.activities), "次"]
    counts = figures.status_counts([s for s in figures.all_statuses(catalog) if s.date.year == 2010])
    assert f"逾期未开展 {counts['overdue']}" in out and f"已完成 {counts['done']}" in out
    cov = figures.duty_coverage(catalog.get("campaign", "yc-shihe-zhishou"), catalog)
    assert (
        f"值守“{cov.campaign['title']}”：5 个单位，12 天，覆盖率 {cov.coverage}，缺岗 2 天次，"
        f"{cov.person_days} 人次，{format_hours(cov.person_hours)} 小时"
    ) in lines
    # names of volunteers never appear, published or not
    for v in catalog.all("volunteer"):
        assert v["name"] not in out


def test_small_tree_exact_report(tmp_path, capsys):
    root = write_tree(
        tmp_path,
        trees.tree(
            {
                "activities/2010/yj-anquan.yml": trees.ACTIVITY
                + "participants: {total: 12}\nhours: 3\nserved: 150多\n",
                "activities/2010/ny-nongji.yml": "title: 农业局农技服务\ndate: 2010-09\nunits: [sy-nongye]\n"
                "places: [上虞市]\nthemes: [城市提质, 和谐社会建设]\nmode: 长效服务\n"
                "participants: {total: 20多}\n",
                "activities/2011/later.yml": trees.ACTIVITY.replace("2010-06-12", "2011-03-05"),
            }
        ),
    )
    code, out, err = stats(capsys, root, 2010)
    assert code == 0, err
    assert out.splitlines() == [
        "2010年党员义工服务统计（统计截止日 2010年12月15日）",
        "",
        "  活动        2 次",
        "  参加        32多 人次",
        "  服务时长    36 小时",
        "  服务群众    150多 人",
        "",
        "按服务主题：",
        "  城市提质         1 次       20多 人次         0 小时  服务群众 0 人",
        "  和谐社会建设     2 次       32多 人次        36 小时  服务群众 150多 人",
        "",
        "按服务方式：",
        "  长效服务     1 次       20多 人次         0 小时  服务群众 0 人",
        "  集中服务     1 次        12 人次        36 小时  服务群众 150多 人",
        "",
        "按组织单位：",
        "  市农业局     1 次       20多 人次         0 小时  服务群众 0 人",
        "  药监局       1 次        12 人次        36 小时  服务群众 150多 人",
        "",
        "长效服务（2010年登记）：跟踪中 0 项，已解决 0 项",
    ]


def test_year_without_records_lists_the_years_that_have_some(capsys):
    code, out, _ = stats(capsys, CONTENT, 1999)
    assert code == 0
    assert out.strip() == "1999年没有活动记录。有记录的年份：2010年"


def test_content_errors_are_reported_instead(tmp_path, capsys):
    root = write_tree(
        tmp_path, trees.tree({"activities/2010/yj-anquan.yml": trees.ACTIVITY.replace("药监局", "无此单位")})
    )
    code, out, err = stats(capsys, root, 2010)
    assert code == 1 and out == ""
    assert "activities/2010/yj-anquan.yml:3: [units] 找不到单位“无此单位”。" in err


def test_year_must_be_four_digits(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--content", str(CONTENT), "stats", "--year", "10年"])
    assert exit_info.value.code == 2
    assert "年份应写成四位数字，如 2010，而不是“10年”" in capsys.readouterr().err
