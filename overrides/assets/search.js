/* Site search in the header (partials/search.html): Pagefind's JavaScript API behind a small
 * Chinese UI in Material's search look. Nothing loads until the reader opens search; then
 * pagefind.js fetches only the index chunks and result fragments a query needs, all from this
 * site. Keys: "/", "s" or "f" open search, Esc closes it, ↑/↓ move through the results. */
(() => {
  "use strict";
  const root = document.querySelector("[data-column-search]");
  const toggle = document.getElementById("__search");
  if (!root || !toggle) return;

  const form = root.querySelector("form");
  const input = root.querySelector(".md-search__input");
  const status = root.querySelector(".md-search-result__meta");
  const list = root.querySelector(".md-search-result__list");
  const more = root.querySelector(".column-search__more");
  const scope = root.querySelector(".column-search__scope");
  const facets = root.querySelector(".column-search__facets");
  const FACETS = JSON.parse(root.dataset.filters); // facet names in display order (search.FILTERS)
  const BUNDLE = new URL(root.dataset.bundle, document.baseURI).href;
  const SITE = new URL(root.dataset.root, document.baseURI).pathname;
  const PER_PAGE = 10;
  const TEXT = {
    start: status.textContent,
    loading: "正在加载搜索……",
    failed: "搜索暂时无法使用，请稍后再搜一次；仍不行时请刷新页面。",
    none: "没有找到符合条件的结果，请换个关键词或减少筛选条件。",
    noneRecent: (years) => `在${years}的内容中没有找到结果，可以点下面的按钮搜索全部年份。`,
    count: (n) => `找到${n}个结果`,
    all: "全部",
    recent: (years) => `只搜索了${years}的活动、新闻稿和表彰（单位、地点、党员风采等不限年份）。`,
    everyYear: (years) => `搜索全部年份（${years}）`,
  };
  // Ranking: a record's own names ("keywords" meta, partials/search-index.html) count twice a
  // title, so 市药监局 leads to the unit's page; a milder page-length penalty than Pagefind's
  // default keeps long reports level with short records. Every bundle is searched alike.
  const OPTIONS = {
    baseUrl: SITE,
    excerptLength: 30,
    ranking: { metaWeights: { title: 5, keywords: 10 }, pageLength: 0.05 },
  };
  const SHARD = "分区"; // the filter naming each page's bundle (pagefind/shards.json)

  let engine = null; // Promise of the Pagefind module, once search was opened
  let totals = {}; // facet → {value: page count over the whole site} (pagefind/facets.json)
  // The index is split (scripts/column/search.py, pagefind/shards.json): the main bundle (the
  // registry pages and the newest years' records) first, then older years' bundles. A search
  // covers the main bundle, every bundle once the reader asks for all years, or the bundles
  // holding the chosen year; a bundle is downloaded the first time a search covers it.
  let shards = [];
  const merged = new Map(); // shard key → Promise of its bundle merged into the search
  let everyYear = false;
  // Best bets (pagefind/names.json): a query that is exactly the name, short name or alias of a
  // unit, place, theme, mode or campaign shows that record's page first, found or not by
  // Pagefind (which may split an unknown name like 市药监局 into characters the page lacks).
  let bets = { pages: [], names: {} };
  let results = [];
  let shown = 0;
  let latest = 0; // number of the newest search: answers to older ones are dropped
  let timer = 0;

  function load() {
    if (!engine) {
      engine = import(BUNDLE + "pagefind.js").then(async (pagefind) => {
        // No worker: one file fewer to download, and a query is quick on the main thread.
        await pagefind.options({ ...OPTIONS, noWorker: true });
        // The choices come from facets.json (scripts/column/search_bundle.py): asking Pagefind
        // for them would download every facet's page lists before anything is chosen.
        const json = async (name) => (await fetch(BUNDLE + name)).json();
        const [listing, split, named] = await Promise.all([
          json("facets.json"), json("shards.json"), json("names.json"), pagefind.init(),
        ]);
        shards = split;
        bets = named;
        await pagefind.options({ mergeFilter: { [SHARD]: shards[0].key } });
        merged.set(shards[0].key, Promise.resolve());
        totals = Object.fromEntries(Object.entries(listing).map(([name, pairs]) => [name, Object.fromEntries(pairs)]));
        buildFacets();
        return pagefind;
      });
      engine.catch(() => {
        status.textContent = TEXT.failed;
      });
    }
    return engine;
  }

  function buildFacets() {
    for (const name of FACETS) {
      const values = Object.keys(totals[name] || {});
      if (!values.length) continue;
      values.sort(name === "年份" ? (a, b) => b.localeCompare(a) : (a, b) => a.localeCompare(b, "zh-Hans-CN"));
      const select = document.createElement("select");
      select.name = name;
      select.append(new Option(TEXT.all, ""), ...values.map((v) => new Option(v, v)));
      select.addEventListener("change", () => run());
      const label = document.createElement("label");
      label.className = "column-search__facet";
      label.append(name, select);
      facets.append(label);
    }
    facets.hidden = !facets.querySelector("select");
    showCounts(totals);
  }

  function chosen() {
    const filters = {};
    for (const select of facets.querySelectorAll("select")) {
      if (select.value) filters[select.name] = select.value;
    }
    return filters;
  }

  // Counts are known for the whole site, and during a search for the facets Pagefind has
  // loaded (those in use) over the bundles searched; the others show their values only, and
  // so do years no searched bundle holds (choosing one brings its bundle in).
  function showCounts(counts, keys = null) {
    const held = keys && new Set(shards.filter((s) => keys.includes(s.key)).flatMap((s) => s.years));
    for (const select of facets.querySelectorAll("select")) {
      const known = counts[select.name];
      for (const option of select.options) {
        if (!option.value) continue;
        const unknown = !known || (held && select.name === "年份" && !held.has(option.value));
        const n = unknown ? null : known[option.value] || 0;
        option.textContent = n === null ? option.value : `${option.value}（${n}）`;
        option.disabled = n === 0 && !option.selected;
      }
    }
  }

  // The shards a search covers: with a year chosen, the main one and those holding that year;
  // else the main one, or all of them once the reader asked for every year.
  function covered(filters) {
    const year = filters["年份"];
    return shards.filter((s, i) => i === 0 || (year ? s.years.includes(year) : everyYear)).map((s) => s.key);
  }

  async function merge(pagefind, keys) {
    for (const key of keys) {
      if (!merged.has(key)) {
        const shard = shards.find((s) => s.key === key);
        merged.set(key, pagefind.mergeIndex(BUNDLE + shard.path, { ...OPTIONS, mergeFilter: { [SHARD]: key } }));
      }
    }
    try {
      await Promise.all(keys.map((key) => merged.get(key)));
    } catch (err) {
      // Pagefind keeps a bundle that failed to load and fails every later search on it:
      // start again from nothing, so the next search can succeed.
      await pagefind.destroy();
      engine = null;
      merged.clear();
      throw err;
    }
  }

  // Below the count while older years are left out: which years were searched, and a button
  // for all of them.
  function years(list) {
    const all = list.flatMap((s) => s.dated).sort();
    return all[0] === all[all.length - 1] ? `${all[0]}年` : `${all[0]}—${all[all.length - 1]}年`;
  }

  function isNarrowed(filters) {
    return !filters["年份"] && !everyYear && shards.length > 1;
  }

  function showScope(filters) {
    const narrowed = isNarrowed(filters);
    scope.hidden = !narrowed;
    if (!narrowed) return;
    scope.querySelector("span").textContent = TEXT.recent(years(shards.slice(0, 1)));
    scope.querySelector("button").textContent = TEXT.everyYear(years(shards));
  }

  // data-state on the panel: "busy" while a search runs, "done" once its results are shown.
  async function run() {
    const number = ++latest;
    clearTimeout(timer);
    root.dataset.state = "busy";
    const term = input.value.trim();
    const filters = chosen();
    if (!term && !Object.keys(filters).length) {
      results = [];
      list.replaceChildren();
      more.hidden = true;
      scope.hidden = true;
      status.textContent = TEXT.start;
      showCounts(totals);
      root.dataset.state = "done";
      return;
    }
    status.textContent = TEXT.loading;
    more.hidden = true; // its results are about to be replaced
    let search;
    let keys;
    try {
      const pagefind = await load();
      keys = covered(filters);
      await merge(pagefind, keys);
      // Bundles merged for an earlier search stay merged: the shard filter keeps this one to its own.
      const narrowed = merged.size > keys.length ? { ...filters, [SHARD]: { any: keys } } : filters;
      search = await pagefind.search(term || null, { filters: narrowed });
    } catch (err) {
      if (number !== latest) return;
      results = [];
      list.replaceChildren();
      scope.hidden = true;
      status.textContent = TEXT.failed;
      root.dataset.state = "done";
      return;
    }
    if (number !== latest) return;
    const pinned = Object.keys(filters).length ? [] : (bets.names[term.replace(/\s+/g, "")] || []).map((i) => bets.pages[i]);
    const ids = new Set(pinned.map(([id]) => id));
    results = [...pinned.map((page) => bestBet(page, term)), ...search.results.filter((r) => !ids.has(r.id))];
    shown = 0;
    list.replaceChildren();
    showCounts(search.filters, keys);
    showScope(filters);
    const none = isNarrowed(filters) ? TEXT.noneRecent(years(shards.slice(0, 1))) : TEXT.none;
    status.textContent = results.length ? TEXT.count(results.length) : none;
    await showMore(number);
  }

  async function showMore(number) {
    const from = results;
    const batch = from.slice(shown, shown + PER_PAGE);
    shown += batch.length;
    const pages = await Promise.all(batch.map((r) => r.data()));
    if (number !== latest || from !== results) return;
    list.append(...pages.map(resultItem));
    more.hidden = shown >= results.length;
    root.dataset.state = "done";
  }

  // A best bet as a result: its title and type, and the names that lead to it as the excerpt,
  // the one typed highlighted.
  function bestBet([id, path, title, type], term) {
    const names = Object.keys(bets.names).filter((name) => bets.names[name].some((i) => bets.pages[i][0] === id));
    const html = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    const label = (name) => (name === term ? `<mark>${html(name)}</mark>` : html(name));
    const excerpt = names.map(label).join("、");
    return { id, data: async () => ({ url: SITE + path, meta: { title, type }, excerpt }) };
  }

  function resultItem(page) {
    const title = document.createElement("h2");
    title.textContent = page.meta.title || page.url;
    const meta = document.createElement("p");
    meta.className = "column-search__meta";
    meta.textContent = [page.meta.type, page.meta.date].filter(Boolean).join(" · ");
    const excerpt = document.createElement("p");
    excerpt.append(...marked(page.excerpt));
    const icon = document.createElement("div");
    icon.className = "md-search-result__icon md-icon";
    const article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    article.append(icon, title, meta, excerpt);
    const link = document.createElement("a");
    link.className = "md-search-result__link";
    link.href = page.url;
    link.append(article);
    const item = document.createElement("li");
    item.className = "md-search-result__item";
    item.append(link);
    return item;
  }

  // Pagefind's excerpt is text with <mark> around the matched words: keep exactly that,
  // rebuilt as DOM nodes, so nothing in an excerpt can ever become markup.
  // Pagefind joins the blocks of a page with ". ": after Chinese text that reads "。".
  function marked(html) {
    const parsed = document.createElement("template");
    parsed.innerHTML = html.replace(/([\p{Script=Han}）”」』])(<\/mark>)?\. /gu, "$1$2。").replace(/^\. /, "");
    return [...parsed.content.childNodes].map((node) => {
      if (node.nodeName !== "MARK") return document.createTextNode(node.textContent);
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      return mark;
    });
  }

  function open() {
    if (!toggle.checked) {
      toggle.checked = true;
      opened();
    }
  }

  function opened() {
    if (toggle.checked) {
      load();
      input.focus();
    } else {
      input.blur();
    }
  }

  function links() {
    return [...list.querySelectorAll(".md-search-result__link")];
  }

  toggle.addEventListener("change", opened);
  input.addEventListener("focus", open);
  // While a Chinese input method is composing, the box holds pinyin: wait for the characters.
  input.addEventListener("input", (ev) => {
    clearTimeout(timer);
    if (!ev.isComposing) timer = setTimeout(run, 150);
  });
  input.addEventListener("compositionend", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 150);
  });
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    await run();
    const first = links()[0];
    if (first) first.focus(); // on phones this also closes the on-screen keyboard
  });
  form.addEventListener("reset", () => {
    for (const select of facets.querySelectorAll("select")) select.value = "";
    everyYear = false; // a fresh start: the newest years again
    setTimeout(() => {
      run();
      input.focus();
    });
  });
  scope.querySelector("button").addEventListener("click", () => {
    everyYear = true;
    run();
    input.focus();
  });
  more.addEventListener("click", () => {
    root.dataset.state = "busy";
    showMore(latest);
  });

  document.addEventListener("keydown", (ev) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.isComposing) return;
    const target = ev.target instanceof Element ? ev.target : null;
    if (!toggle.checked) {
      if (target && target.closest("input, textarea, select, [contenteditable]")) return;
      if (ev.key === "/" || ev.key === "s" || ev.key === "S" || ev.key === "f" || ev.key === "F") {
        ev.preventDefault();
        open();
      }
      return;
    }
    if (ev.key === "Escape") {
      ev.preventDefault();
      toggle.checked = false;
      opened();
    } else if ((ev.key === "ArrowDown" || ev.key === "ArrowUp") && (target === input || links().includes(target))) {
      ev.preventDefault();
      const all = [input, ...links()];
      const next = all.indexOf(target) + (ev.key === "ArrowDown" ? 1 : -1);
      all[Math.max(0, Math.min(all.length - 1, next))].focus();
    }
  });
})();
