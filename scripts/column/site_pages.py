"""Which pages the site has: each generator turns the catalog into pages.

A generator takes the renderer, the catalog and a ``pipeline.Context`` and returns one
``Output`` (pages, data files, problems). The navigation is declared here too, once, so a new
section is one edit in one place.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from . import (
    accountability_pages,
    cms,
    consent,
    downloads,
    feeds,
    figures,
    media,
    model,
    reading,
    sanitize,
    search,
    share,
    urls,
    wechat,
)
from .output import Output
from .render import Page, Renderer, numbered, paginate

STORIES_PER_PAGE = 20
CHRONICLE_PER_PAGE = 100  # activities on one page of a year's chronicle
VOLUNTEERS_PER_PAGE = 50
FEATURED_SHOWN = 12  # featured volunteers (most hours first) on the first page of 党员风采
RECORD_SHOWN = 30  # a volunteer's latest services on their page; a longer record is paginated
RECORD_PER_PAGE = 50
STORIES_SHOWN = 10  # latest stories about a volunteer on their page
HOME_STORIES = 5  # stories listed on the home page after the lead story
HOME_STRIP = 6  # recent activity photos in the home page's strip, one per activity
HOME_PEOPLE = 4  # 党员风采 cards on the home page (featured, most hours first)
GALLERY_SHOWN = 12  # photos of the activities a story reports, on the story's page

# Pages whose photos link to other pages instead of opening large: no lightbox script there.
NO_LIGHTBOX = {"glightbox": False}

NAV = [
    ("首页", "index.md"),
    ("新闻动态", "stories/index.md"),
    ("大事记", "chronicle/index.md"),
    ("党员风采", "volunteers/index.md"),
    ("服务单位", "units/index.md"),
    ("服务阵地", "places/index.md"),
    ("服务主题", "themes/index.md"),
    ("专项活动", "campaigns/index.md"),
    ("长效服务", "follow-ups.md"),
    ("表彰", "honours/index.md"),
    ("数据", "stats/index.md"),
]
NAV_TAIL = [("关于本栏目", "about.md"), ("投稿指南", "guide.md")]

# The function that renders one published record's page by itself, by kind (the generators
# below use it, and the live preview re-renders an edited record with it). Kinds with a
# ``template`` and no function here get ``kind_page``.
ALONE: dict[str, Callable] = {}


def _alone(kind: str):
    def register(func):
        ALONE[kind] = func
        return func

    return register


def home(r: Renderer, cat, ctx) -> Output:
    """The home page, a portal that leads with people and pictures: the newest story with its
    photo, recent activity photos, 党员风采 cards, the flag relay, the key figures."""
    vols = cat.all("volunteer")
    stories = cat.newest_stories
    lead = stories[0] if stories else None
    lead_photo = (cover_photo(ctx, lead) or next(iter(activity_photos(ctx, lead, 1)), None)) if lead else None
    levels = figures.star_levels(cat.site)
    people = _featured(cat, HOME_PEOPLE)
    hours = {v["id"]: figures.volunteer_hours(v, cat) for v in people}
    statuses = figures.all_statuses(cat)
    relays = figures.relays(cat, statuses)
    in_relay = {id(rel.campaign) for rel in relays}
    return Output(
        [
            r.page(
                "index.md",
                "home.html.j2",
                cat.site["title"],
                # a portal, not a document: no navigation or contents sidebars on wide screens (the
                # page links every section itself; the phone menu keeps the navigation)
                meta={"hide": ["navigation", "toc"], **NO_LIGHTBOX},
                totals=figures.totals(figures.counted(cat)),
                volunteer_count=len(vols),
                relays=relays,
                next_up=figures.next_scheduled([s for s in statuses if id(s.campaign) not in in_relay]),
                lead=lead,
                lead_photo=lead_photo,
                latest=stories[1 : HOME_STORIES + 1],
                thumbs={s["id"]: ctx.image(s.get("cover")) for s in stories[1 : HOME_STORIES + 1]},
                strip=recent_photos(cat, ctx, HOME_STRIP, skip={lead_photo["file"]} if lead_photo else set()),
                people=people,
                hours=hours,
                stars={v["id"]: figures.star_level(hours[v["id"]], levels) for v in people},
                photo_of={v["id"]: ctx.image(v.get("photo")) for v in people},
                sections=NAV[1:],
                as_of=_zh(cat.as_of),
            )
        ]
    )


def _featured(cat, limit: int) -> list:
    """Published volunteers shown in 党员风采 (``featured``), most hours first."""
    public = [v for v in cat.published("volunteer") if v.get("featured")]
    hours = {v["id"]: figures.volunteer_hours(v, cat) for v in public}
    return sorted(public, key=lambda v: (-hours[v["id"]], v["id"]))[:limit]


def _photo(ctx, photo, activity=None) -> dict | None:
    """One photo of an activity record, published, with its caption and alt text."""
    image = ctx.image(photo["file"])
    if image is None:
        return None
    return {
        "image": image,
        "file": media.normalise(photo["file"]),
        "caption": photo["caption"],
        "alt": photo.get("alt") or photo["caption"],
        "activity": activity,
    }


def cover_photo(ctx, s) -> dict | None:
    """A story's cover; its caption and alt text are those of the same photo in one of the
    activities it reports, if any (else the alt text is the story's title, without caption)."""
    image = ctx.image(s.get("cover"))
    if image is None:
        return None
    file = media.normalise(s["cover"])
    for a in s.get("activities") or []:
        for photo in a.get("photos") or []:
            if media.normalise(photo["file"]) == file:
                return {**_photo(ctx, photo, a), "image": image}
    return {"image": image, "file": file, "caption": "", "alt": s["title"], "activity": None}


def activity_photos(ctx, s, limit: int, skip=frozenset()) -> list[dict]:
    """The photos of the activities a story reports (in the story's order), ``skip`` aside."""
    out = []
    for a in s.get("activities") or []:
        for photo in a.get("photos") or []:
            if len(out) >= limit:
                return out
            if media.normalise(photo["file"]) in skip:
                continue
            found = _photo(ctx, photo, a)
            if found:
                out.append(found)
    return out


def recent_photos(cat, ctx, limit: int, skip=frozenset()) -> list[dict]:
    """One photo of each of the newest activities that have photos (``skip``: files shown already)."""
    out = []
    for a in reversed(figures.chronological(cat.published("activity"))):
        for photo in a.get("photos") or []:
            if media.normalise(photo["file"]) in skip:
                continue
            found = _photo(ctx, photo, a)
            if found:
                out.append(found)
                break
        if len(out) >= limit:
            break
    return out


def stories(r: Renderer, cat, ctx) -> Output:
    ordered = cat.newest_stories
    chunks = paginate(ordered, STORIES_PER_PAGE)
    paths = [urls.listing_path("stories", n) for n in range(1, len(chunks) + 1)]
    out = [
        r.page(
            path,
            "stories.html.j2",
            numbered("新闻动态", n),
            items=chunk,
            pages=paths,
            number=n,
        )
        for n, (path, chunk) in enumerate(zip(paths, chunks, strict=True), start=1)
    ]
    out += [story_page(r, cat, ctx, s, (_at(ordered, i + 1), _at(ordered, i - 1))) for i, s in enumerate(ordered)]
    return Output(out)


def _at(items: list, i: int):
    return items[i] if 0 <= i < len(items) else None


def neighbours(cat, s) -> tuple:
    """(the story before it, the story after it) by date: 上一篇 and 下一篇."""
    ordered = cat.newest_stories  # newest first
    for i, other in enumerate(ordered):
        if other is s:
            return _at(ordered, i + 1), _at(ordered, i - 1)
    return None, None


@_alone("story")
def story_page(r: Renderer, cat, ctx, s, around: tuple | None = None) -> Page:
    src = urls.detail_path("story", s["id"])
    text, cover = sanitize.plain_text(s.get("body") or ""), cover_photo(ctx, s)
    social = {"date": s["date"].iso, **({"image": cover["image"].src} if cover else {})}  # Open Graph (main.html)
    people, hidden = consent.split_volunteers(cat, s.get("volunteers") or [])  # unpublished: a count only
    older, newer = neighbours(cat, s) if around is None else around
    return r.page(
        src,
        "story.html.j2",
        s["title"],
        meta={
            **_description(s.get("summary") or reading.excerpt(text)),
            **social,
            "share": True,
            "search": search.page_meta(s),
        },
        s=s,
        body=ctx.markdown(s, "body"),
        cover=cover,
        gallery=activity_photos(ctx, s, GALLERY_SHOWN, skip={cover["file"]} if cover else set()),
        minutes=reading.reading_minutes(text),
        people=people,
        hidden_count=hidden,
        wechat=wechat.page_of(cat, s),
        older=older,
        newer=newer,
        share=share.block(cat.site.get("site_url"), src),
    )


def chronicle(r: Renderer, cat, ctx) -> Output:
    by_year = defaultdict(list)
    for a in figures.chronological(figures.counted(cat)):  # a duty campaign once, where it starts
        by_year[a["date"].year].append(a)
    years = sorted(by_year)
    out = [
        r.page(
            urls.chronicle_path(),
            "chronicle-index.html.j2",
            "大事记",
            years=[(y, len(by_year[y])) for y in reversed(years)],
        )
    ]
    for i, year in enumerate(years):
        chunks = paginate(by_year[year], CHRONICLE_PER_PAGE)  # ~2,000 a year in a big city: pages stay small
        paths = [urls.chronicle_path(year, n) for n in range(1, len(chunks) + 1)]
        for n, (path, chunk) in enumerate(zip(paths, chunks, strict=True), start=1):
            months = defaultdict(list)
            for a in chunk:
                months[a["date"].month].append(a)
            out.append(
                r.page(
                    path,
                    "chronicle-year.html.j2",
                    numbered(f"{year}年大事记", n),
                    months=sorted(months.items()),
                    pages=paths,
                    number=n,
                    prev_year=years[i - 1] if i > 0 else None,
                    next_year=years[i + 1] if i + 1 < len(years) else None,
                )
            )
    return Output(out)


def activities(r: Renderer, cat, ctx) -> Output:
    return Output([activity_page(r, cat, ctx, a) for a in cat.published("activity")])


@_alone("activity")
def activity_page(r: Renderer, cat, ctx, a) -> Page:
    src = urls.detail_path("activity", a["id"])
    people = [e for e in figures.named(a) if cat.is_public(e["who"])]
    photos = [found for found in (_photo(ctx, p, a) for p in a.get("photos") or []) if found]
    return r.page(
        src,
        "activity.html.j2",
        a["title"],
        meta={
            **_excerpt_of(a.get("summary"), f"{a['date'].zh}，{_names(a['units'])}：{a['title']}"),
            **({"image": photos[0]["image"].src} if photos else {}),  # Open Graph (main.html)
            "share": True,
            "search": search.page_meta(a),
        },
        a=a,
        fig=figures,
        people=people,
        unnamed_count=len(figures.named(a)) - len(people),
        summary=ctx.markdown(a, "summary"),
        photos=photos,
        stories=cat.stories_of.get(("activity", a["id"]), []),
        share=share.block(cat.site.get("site_url"), src),
    )


def volunteers(r: Renderer, cat, ctx) -> Output:
    levels = figures.star_levels(cat.site)
    every = cat.all("volunteer")
    public = cat.published("volunteer")
    hours = {v["id"]: figures.volunteer_hours(v, cat) for v in public}
    stars = {v["id"]: figures.star_level(hours[v["id"]], levels) for v in public}
    photo_of = {v["id"]: ctx.image(v.get("photo")) for v in public}
    ordered = sorted(public, key=lambda v: (-hours[v["id"]], v["id"]))
    featured = [v for v in ordered if v.get("featured")][:FEATURED_SHOWN]
    chunks = paginate(ordered, VOLUNTEERS_PER_PAGE)
    paths = [urls.listing_path("volunteers", n) for n in range(1, len(chunks) + 1)]
    out = [
        r.page(
            path,
            "volunteers.html.j2",
            numbered("党员风采", n),
            meta=NO_LIGHTBOX,  # the portrait wall links to each volunteer's page
            featured=featured,
            items=chunk,
            pages=paths,
            number=n,
            hours=hours,
            stars=stars,
            photo_of=photo_of,
            total_count=len(every),
            unpublished_count=len(every) - len(public),
        )
        for n, (path, chunk) in enumerate(zip(paths, chunks, strict=True), start=1)
    ]
    for v in public:
        record = figures.service_record(v, cat)
        out.append(volunteer_page(r, cat, ctx, v, hours[v["id"]], levels, photo_of[v["id"]], record))
        out += record_pages(r, v, record, hours[v["id"]])
    return Output(out)


def record_paths(v, record: list) -> list[str]:
    """The pages of a volunteer's whole service record, when it is too long for their page."""
    if len(record) <= RECORD_SHOWN:
        return []
    return [
        urls.record_activities_path("volunteer", v["id"], n)
        for n in range(1, len(paginate(record, RECORD_PER_PAGE)) + 1)
    ]


def record_pages(r: Renderer, v, record: list, hours) -> list[Page]:
    paths = record_paths(v, record)
    if not paths:  # the whole record is on the volunteer's page
        return []
    return [
        r.page(
            path,
            "volunteer-record.html.j2",
            numbered(v["name"] + "的全部服务记录", n),
            v=v,
            items=chunk,
            pages=paths,
            number=n,
            count=len(record),
            hours=hours,
        )
        for n, (path, chunk) in enumerate(zip(paths, paginate(record, RECORD_PER_PAGE), strict=True), start=1)
    ]


def volunteer_page(r: Renderer, cat, ctx, v, hours, levels, photo, record=None) -> Page:
    src = urls.detail_path("volunteer", v["id"])
    record = figures.service_record(v, cat) if record is None else record
    more = record_paths(v, record)
    return r.page(
        src,
        "volunteer.html.j2",
        v["name"],
        meta={
            **_excerpt_of(v.get("body"), f"{v['name']}的党员义工服务记录"),
            **({"image": photo.src} if photo else {}),  # Open Graph (main.html)
            "share": True,
            "search": search.page_meta(v, years=[e.activity["date"].year for e in record]),
        },
        v=v,
        hours=hours,
        stars=figures.star_level(hours, levels),
        levels=levels,
        photo=photo,
        bio=ctx.markdown(v, "body"),
        record=record[-RECORD_SHOWN:],
        count=len(record),
        more=more[0] if more else None,
        stories=cat.stories_of.get(("volunteer", v["id"]), [])[:STORIES_SHOWN],
        share=share.block(cat.site.get("site_url"), src),
    )


def kind_pages(r: Renderer, cat, ctx) -> Output:
    """The pages of kinds that declare a ``template`` (hand-written pages, a new kind): one per
    published record, its template given the record as ``rec`` (and its Markdown body, made
    safe, as ``body``)."""
    return Output(
        [
            ALONE.get(kind.name, kind_page)(r, cat, ctx, rec)
            for kind in model.kinds_with("template")
            for rec in cat.published(kind.name)
        ]
    )


def kind_page(r: Renderer, cat, ctx, rec) -> Page:
    kind = model.of(rec)
    body = ctx.markdown(rec, "body") if kind.body else None
    title = rec.get("title") or rec.get("name") or rec["id"]
    return r.page(
        urls.detail_path(kind.name, rec["id"]),
        kind.template,
        title,
        meta={**_description(rec.get("description")), **_search(rec)},
        rec=rec,
        body=body,
    )


@_alone("volunteer")
def one_volunteer_page(r: Renderer, cat, ctx, v) -> Page:
    hours = figures.volunteer_hours(v, cat)
    return volunteer_page(r, cat, ctx, v, hours, figures.star_levels(cat.site), ctx.image(v.get("photo")))


def detail_page(r: Renderer, cat, ctx, rec) -> Page | None:
    """The page of one published record, exactly as the generators render it (the live preview
    re-renders an edited record with this); None when it has none, or it is not published."""
    if not renders_alone(model.of(rec)) or not cat.is_public(rec):
        return None
    return ALONE.get(rec["kind"], kind_page)(r, cat, ctx, rec)


def renders_alone(kind: model.Kind) -> bool:
    """Whether a record's page can be rendered by itself (:func:`detail_page`)."""
    return kind.name in ALONE or bool(kind.template)


def _search(rec) -> dict:
    """The ``search`` entry of a record's page meta: for kinds whose pages are indexed."""
    return {"search": search.page_meta(rec)} if model.of(rec).search_type else {}


GENERATORS = [home, stories, chronicle, activities, volunteers, kind_pages]
GENERATORS += accountability_pages.GENERATORS
GENERATORS += [downloads.generate, downloads.generate_duty, feeds.generate, wechat.generate, cms.admin]


def nav(pages: list[Page]) -> list[tuple[str, str]]:
    present = {p.src for p in pages}
    return [(title, src) for title, src in NAV + NAV_TAIL if src in present]


def _description(text) -> dict:
    return {"description": " ".join(text.split())} if text else {}


def _excerpt_of(markdown_text, fallback: str) -> dict:
    """Meta description: the start of an editor's text as plain text, else a line about the record."""
    return _description(reading.excerpt(sanitize.plain_text(markdown_text or "")) or fallback)


def _names(records) -> str:
    return "、".join(r.get("name") or r["id"] for r in records)


def _zh(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
