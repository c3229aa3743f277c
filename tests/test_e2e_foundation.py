"""End to end: the demo site built with mkdocs --strict, looked at in headless Chromium."""

import pytest

pytestmark = pytest.mark.browser


def visit(page, url):
    response = page.goto(url)
    assert response.status == 200, url
    return page


def test_home_page_shows_figures_and_latest_stories(page, site_url):
    visit(page, site_url)
    assert page.title().startswith("党员义工服务宣传专栏")
    figures = page.locator(".column-figures").inner_text()
    assert "次服务活动" in figures
    assert "越城区开展“庆七一、迎世合”活动" in page.locator("article").inner_text()
    assert page.console_errors == [] and page.external_requests == []


def test_story_page_shows_full_text_and_related_records(page, site_url):
    visit(page, site_url + "stories/yuecheng-qingqiyi-yingshihe/")
    text = page.locator("article").inner_text()
    assert "12456名党员干部参加了环境卫生整治" in text
    assert "相关活动" in text
    page.get_by_role("link", name="越城区党员奉献日：万名党员干部上街服务").click()
    assert "217名" in page.locator("article").inner_text()
    assert page.console_errors == [] and page.external_requests == []


def test_volunteer_profile_shows_hours_and_star(page, site_url):
    visit(page, site_url + "volunteers/zhou-hong/")
    text = page.locator("article").inner_text()
    assert "累计服务时长：100小时" in text
    assert "1星级志愿者" in text
    assert page.console_errors == [] and page.external_requests == []


def test_chronicle_groups_by_month_with_month_precise_and_spans(page, site_url):
    visit(page, site_url + "chronicle/2010/")
    text = page.locator("article").inner_text().split("更新于", 1)[1].split("\n", 1)[1]  # after the 更新于 line
    assert "6月（日期不详）" in text  # the 1402/10299 record is month-precise
    assert "2010年7月15日至26日" in text  # the 世合赛 duty is a span
    assert text.index("3月") < text.index("6月") < text.index("12月")
    assert page.console_errors == [] and page.external_requests == []
