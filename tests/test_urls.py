"""urls: where each page lives, and the relative-link rule every generated link follows."""

import itertools
import posixpath

import pytest

from column import urls

SOURCES = [
    "index.md",
    "about.md",
    "stories/index.md",
    "stories/page/2.md",
    "stories/yc-0626.md",
    "activities/sy-yaojian.md",
    "chronicle/2010.md",
    "volunteers/zhou-hong.md",
    "media/2010/yaojian.jpg",
]


def test_detail_paths():
    assert urls.detail_path("story", "yc-0626") == "stories/yc-0626.md"
    assert urls.detail_path("activity", "sy-yaojian") == "activities/sy-yaojian.md"
    assert urls.detail_path("volunteer", "zhou-hong") == "volunteers/zhou-hong.md"
    assert urls.detail_path("page", "about") == "about.md"  # hand-written pages sit at the top


def test_listing_pages_number_from_one():
    assert urls.listing_path("stories") == "stories/index.md"
    assert urls.listing_path("stories", 1) == "stories/index.md"
    assert urls.listing_path("stories", 3) == "stories/page/3.md"


def test_chronicle_and_media_paths():
    assert urls.chronicle_path() == "chronicle/index.md"
    assert urls.chronicle_path(2010) == "chronicle/2010.md"
    assert urls.media_path("2010/yaojian.jpg") == "media/2010/yaojian.jpg"


@pytest.mark.parametrize(
    "src, target, link",
    [
        ("index.md", "stories/index.md", "stories/"),
        ("index.md", "index.md", "./"),
        ("stories/index.md", "index.md", "../"),
        ("stories/index.md", "stories/yc-0626.md", "yc-0626/"),
        ("stories/page/2.md", "stories/index.md", "../../"),
        ("stories/page/2.md", "stories/page/3.md", "../3/"),
        ("stories/yc-0626.md", "activities/sy-yaojian.md", "../../activities/sy-yaojian/"),
        ("activities/sy-yaojian.md", "media/2010/yaojian.jpg", "../../media/2010/yaojian.jpg"),
        ("index.md", "media/2010/yaojian.jpg", "media/2010/yaojian.jpg"),
        ("volunteers/zhou-hong.md", "about.md", "../../about/"),
        ("chronicle/2010.md", "chronicle/2009.md", "../2009/"),
        ("follow-ups.md", "follow-ups/open/index.md", "open/"),
    ],
)
def test_links_are_published_urls_relative_to_the_page(src, target, link):
    """A link is the target's published URL relative to the linking page's URL (pages are
    published as folders: stories/yc-0626/), never an absolute URL or a site-root path."""
    assert urls.published_relative(src, target) == link


def test_relative_link_resolves_back_to_its_target():
    for src, target in itertools.product(SOURCES, SOURCES):
        link = urls.published_relative(src, target)
        assert not link.startswith("/") and "://" not in link
        resolved = posixpath.normpath(posixpath.join(urls.public_url(src) or ".", link))
        published = (urls.public_url(target) or ".") if target.endswith(".md") else target
        assert resolved == posixpath.normpath(published), (src, target)


def test_public_urls_with_directory_urls():
    assert urls.public_url("index.md") == ""
    assert urls.public_url("stories/index.md") == "stories/"
    assert urls.public_url("stories/page/2.md") == "stories/page/2/"
    assert urls.public_url("stories/yc-0626.md") == "stories/yc-0626/"
    assert urls.public_url("about.md") == "about/"
