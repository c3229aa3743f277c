/* Site search in the header (partials/search.html): Pagefind's JavaScript API behind a small
 * Chinese UI in Material's search look. Nothing loads until the reader opens search; then
 * pagefind.js fetches only the index chunks and result fragments a query needs, all from this
 * site. Keys: "/", "s" or "f" open search, Esc closes it, ↑/↓ move through the results.
 *
 * The index holds tokens, not words (scripts/column/search.py, "what Pagefind indexes"): every
 * pair of neighbouring letters or digits of a page, written in ASCII. A query is turned into the
 * same pairs here (queryTokens), so whatever the reader types is found where the page has it.
 * The results are ranked here: an exact title (or a registry record's name) first, then titles
 * holding the query, then the rest; equals in the order of the bundle's result ids (registry
 * pages, then the newest records). Excerpts and their highlights come from the page's text and
 * what the reader typed. */
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
  const suggest = root.querySelector(".column-search__suggest");
  const facets = root.querySelector(".column-search__facets");
  const FACETS = JSON.parse(root.dataset.filters); // facet names in display order (search.FILTERS)
  const BUNDLE = new URL(root.dataset.bundle, document.baseURI).href;
  const SITE = new URL(root.dataset.root, document.baseURI).pathname;
  const PER_PAGE = 10;
  const TEXT = {
    start: status.textContent,
    loading: "正在加载搜索……",
    failed: "搜索暂时无法使用，请稍后再搜一次；仍不行时请刷新页面。",
    none: (years) => `在${years}的内容中没有找到结果，请换个关键词或减少筛选条件。`,
    noneRecent: (years) => `在${years}的内容中没有找到结果，可以点下面的按钮搜索全部年份。`,
    suggest: "您要找的是不是：",
    count: (n) => `找到${n}个结果`,
    all: "全部",
    recent: (years) => `只搜索了${years}的活动、新闻稿和表彰（单位、地点、党员风采等不限年份）。`,
    everyYear: (years) => `搜索全部年份（${years}）`,
  };
  const OPTIONS = { baseUrl: SITE };
  const SHARD = "分区"; // the filter naming each page's bundle (pagefind/shards.json)
  const EXCERPT = 80; // characters of a result's text shown around what matched

  let engine = null; // Promise of the Pagefind module, once search was opened
  let totals = {}; // facet → {value: page count over the whole site} (pagefind/facets.json)
  // The index is split (scripts/column/search.py, pagefind/shards.json): the main bundle (the
  // registry pages and the newest years' records) first, then older years' bundles. A search
  // covers the main bundle, every bundle once the reader asks for all years, or the bundles
  // holding the chosen year; a bundle is downloaded the first time a search covers it.
  let shards = [];
  const merged = new Map(); // shard key → Promise of its bundle merged into the search
  let everyYear = false;
  let names = null; // Promise of pagefind/names.json, loaded when a search finds nothing
  // Each token searched alone (with the bundles and facets of the search: the pages holding it;
  // or whether the one bundle loaded holds it): a query typed a character at a time searches
  // its first pairs again and again.
  const probed = new Map();
  let results = [];
  let query = null; // the tokens of the search whose results are shown
  let shown = 0;
  let latest = 0; // number of the newest search: answers to older ones are dropped
  let timer = 0;

  const json = async (name) => (await fetch(BUNDLE + name)).json();

  function load() {
    if (!engine) {
      engine = import(BUNDLE + "pagefind.js").then(async (pagefind) => {
        // No worker: one file fewer to download, and a query is quick on the main thread.
        await pagefind.options({ ...OPTIONS, noWorker: true });
        // The choices come from facets.json (scripts/column/search_bundle.py): asking Pagefind
        // for them would download every facet's page lists before anything is chosen.
        const [listing, split] = await Promise.all([json("facets.json"), json("shards.json"), pagefind.init()]);
        shards = split;
        names = null;
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
      probed.clear();
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

  // ---- tokens: the same rules as scripts/column/search.py (page_tokens, query_tokens) ----
  const B26 = "abcdefghijklmnopqrstuvwxyz";
  const base26 = (n, width) => {
    let digits = "";
    for (let i = 0; i < width; i++, n = Math.floor(n / 26)) digits = B26[n % 26] + digits;
    return digits;
  };
  // A character as four letters (CJK ideographs, 0-9, a-z: "a" or "b" first), any other as "z"
  // and five: a token is a run of letters, which Pagefind never splits.
  const code = (char) => {
    const point = char.codePointAt(0);
    if (point >= 0x3400 && point <= 0x9fff) return base26(point - 0x3400, 4);
    if (point >= 0x30 && point <= 0x39) return base26(27648 + point - 0x30, 4);
    if (point >= 0x61 && point <= 0x7a) return base26(27658 + point - 0x61, 4);
    return "z" + base26(point, 5);
  };
  const letters = (text) => text.normalize("NFKC").toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
  const QUERY_PAIRS = 6; // search.py QUERY_PAIRS
  const SCRIPT_RUN = /[\u3400-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}]+|[^\u3400-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}]+/gu;
  // A whole title or name: its first two characters, "x", a 32-bit FNV-1a hash of its letters.
  const exactToken = (text) => {
    let hash = 0x811c9dc5;
    for (const char of text) hash = Math.imul(hash ^ char.codePointAt(0), 0x01000193) >>> 0;
    return [...text].slice(0, 2).map(code).join("") + "x" + base26(hash, 7);
  };
  // The query in parts searched as wholes: the pieces between spaces in letters and digits,
  // split where Chinese meets Latin letters or digits, a one-character run kept with its
  // neighbour. The parts' pairs in order, bare (a prefix of the page's "p" and the title's "t"
  // tokens; a one-character part as itself, a prefix of every token it starts), at most
  // QUERY_PAIRS of them spread over the query (each costs an index chunk to download); the same
  // pairs in a title ("t"); and the whole query as an exact title ("x").
  function queryTokens(query) {
    const parts = [];
    for (const piece of query.normalize("NFKC").split(/\s+/u)) {
      const runs = [];
      for (const run of letters(piece).match(SCRIPT_RUN) || []) {
        if (runs.length && ([...run].length === 1 || [...runs[runs.length - 1]].length === 1)) runs[runs.length - 1] += run;
        else runs.push(run);
      }
      parts.push(...runs);
    }
    let found = []; // [token, whether it is a pair]
    for (const part of parts) {
      const chars = [...part];
      const words = chars.length === 1 ? [[code(part), false]] : chars.slice(1).map((c, i) => [code(chars[i]) + code(c), true]);
      for (const word of words) if (!found.some(([token]) => token === word[0])) found.push(word);
    }
    if (found.length > QUERY_PAIRS) {
      found = Array.from({ length: QUERY_PAIRS }, (_, i) => found[Math.floor((i * (found.length - 1)) / (QUERY_PAIRS - 1))]);
    }
    const pairs = found.map(([token]) => token);
    const titled = found.filter(([, pair]) => pair).map(([token]) => token + "t");
    const whole = parts.join("");
    return { parts, pairs, titled, exact: whole ? exactToken(whole) : null };
  }

  // ---- searching ----
  // A result id is "<build>/<rank>": the build names its bundle (shards.json), the rank orders
  // the bundle's pages (registry pages first, then the newest records: search_bundle.py).
  const shardOf = (id) => shards.findIndex((s) => id.startsWith(s.build + "/"));
  const rankOf = (id) => parseInt(id.slice(id.indexOf("/") + 1), 36);

  // The results for a query (``tokens``) in the bundles ``keys``: every pair must be on the page.
  // Pagefind leaves out of its search a word a bundle does not hold at all (and would return
  // pages with the other words), so each pair is first searched alone: a bundle counts only if
  // it holds every pair. Returns the results, best first, and the facet counts.
  async function find(pagefind, tokens, filters, keys) {
    const scoped = (within) => (merged.size > within.length ? { ...filters, [SHARD]: { any: within } } : filters);
    if (!tokens) {
      const search = await pagefind.search(null, { filters: scoped(keys) });
      return { results: ordered(search.results, new Set(), new Set()), counts: search.filters };
    }
    const words = [...tokens.pairs, ...tokens.titled, tokens.exact];
    await pagefind.preload(words.join(" "), { filters: scoped(keys) }); // every index chunk at once
    const remembered = async (key, work) => {
      if (!probed.has(key)) {
        if (probed.size >= 500) probed.clear();
        probed.set(key, await work());
      }
      return probed.get(key);
    };
    // the pages holding ``word``; with only one bundle loaded, whether it holds the word at all,
    // which Pagefind counts without listing the pages (no page is in the bundle "∅")
    const alone = (word) => remembered(JSON.stringify([keys, filters, word]), async () =>
      new Set((await pagefind.search(word, { filters: scoped(keys) })).results.map((r) => r.id)));
    const held = (word) => remembered(JSON.stringify(["held", word]), async () =>
      (await pagefind.search(word, { filters: { [SHARD]: "∅" } })).unfilteredResultCount > 0);
    let within = keys;
    if (merged.size === 1) {
      for (const pair of tokens.pairs) if (!(await held(pair))) within = [];
    } else {
      const each = [];
      for (const pair of tokens.pairs) each.push(await alone(pair));
      within = keys.filter((key) => {
        const number = shards.findIndex((s) => s.key === key);
        return each.every((ids) => [...ids].some((id) => shardOf(id) === number));
      });
    }
    const search = await pagefind.search(tokens.pairs.join(" "), { filters: scoped(within.length ? within : keys) });
    if (!within.length) {
      // nothing holds every pair: no result, and every facet value it would count counts none
      const none = (values) => Object.fromEntries(Object.keys(values).map((value) => [value, 0]));
      return { results: [], counts: Object.fromEntries(Object.entries(search.filters).map(([k, v]) => [k, none(v)])) };
    }
    let titled = null;
    for (const word of tokens.titled) {
      const ids = await alone(word);
      titled = titled ? new Set([...titled].filter((id) => ids.has(id))) : ids;
    }
    const exact = await alone(tokens.exact);
    return { results: ordered(search.results, titled || new Set(), exact), counts: search.filters };
  }

  // Exact titles and names first, then titles holding every pair, then the rest; equals by
  // bundle (the newest years first) and rank.
  function ordered(found, titled, exact) {
    const tier = (r) => (exact.has(r.id) ? 0 : titled.has(r.id) ? 1 : 2);
    const keyed = found.map((r) => [tier(r), shardOf(r.id), rankOf(r.id), r]);
    keyed.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
    return keyed.map(([t, , , r]) => ({ id: r.id, exact: t === 0, data: r.data }));
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
      suggest.hidden = true;
      status.textContent = TEXT.start;
      showCounts(totals);
      root.dataset.state = "done";
      return;
    }
    status.textContent = TEXT.loading;
    more.hidden = true; // its results are about to be replaced
    const tokens = term ? queryTokens(term) : null;
    let found;
    let keys;
    try {
      const pagefind = await load();
      keys = covered(filters);
      await merge(pagefind, keys);
      found = tokens && !tokens.pairs.length ? { results: [], counts: {} } : await find(pagefind, tokens, filters, keys);
    } catch (err) {
      if (number !== latest) return;
      results = [];
      list.replaceChildren();
      scope.hidden = true;
      suggest.hidden = true;
      status.textContent = TEXT.failed;
      root.dataset.state = "done";
      return;
    }
    if (number !== latest) return;
    results = found.results;
    query = tokens;
    shown = 0;
    list.replaceChildren();
    showCounts(found.counts, keys);
    showScope(filters);
    const searched = keys.length > 1 || filters["年份"] ? shards.filter((s) => keys.includes(s.key)) : shards.slice(0, 1);
    const period = filters["年份"] ? `${filters["年份"]}年` : years(searched);
    status.textContent = results.length ? TEXT.count(results.length)
      : isNarrowed(filters) ? TEXT.noneRecent(period) : TEXT.none(period);
    suggest.hidden = true;
    if (!results.length && tokens) await suggestNames(tokens, number);
    await showMore(number);
  }

  // An empty result: the registry names (pagefind/names.json) nearest to what was typed, by the
  // pairs of characters they share (Dice's coefficient), at most five pages, each once.
  async function suggestNames(tokens, number) {
    let listing;
    try {
      names = names || json("names.json");
      listing = await names;
    } catch (err) {
      names = null;
      return;
    }
    if (number !== latest) return;
    const typed = tokens.parts.join("");
    const pairsOf = (text) => {
      const chars = [...text];
      return new Set(chars.length > 1 ? chars.slice(1).map((c, i) => chars[i] + c) : chars);
    };
    const wanted = pairsOf(typed);
    const best = new Map(); // page number → [score, name]
    for (const [name, pages] of Object.entries(listing.names)) {
      const have = pairsOf(letters(name));
      const shared = [...wanted].filter((pair) => have.has(pair)).length;
      if (!shared) continue;
      const score = (2 * shared) / (wanted.size + have.size);
      for (const page of pages) {
        const before = best.get(page);
        if (!before || score > before[0] || (score === before[0] && name.length < before[1].length)) best.set(page, [score, name]);
      }
    }
    const nearest = [...best].sort((a, b) => b[1][0] - a[1][0] || a[1][1].length - b[1][1].length || a[0] - b[0]).slice(0, 5);
    if (!nearest.length) return;
    const links = nearest.map(([page, [, name]]) => {
      const [path, title] = listing.pages[page];
      const link = document.createElement("a");
      link.href = SITE + path;
      link.textContent = name === title ? name : `${name}（${title}）`;
      return link;
    });
    suggest.replaceChildren(TEXT.suggest, ...links.flatMap((link, i) => (i ? ["、", link] : [link])));
    suggest.hidden = false;
  }

  async function showMore(number) {
    const from = results;
    const batch = from.slice(shown, shown + PER_PAGE);
    shown += batch.length;
    const pages = await Promise.all(batch.map(async (r) => ({ ...(await r.data()), exact: r.exact })));
    if (number !== latest || from !== results) return;
    list.append(...pages.map((page) => resultItem(page, query)));
    more.hidden = shown >= results.length;
    root.dataset.state = "done";
  }

  function resultItem(page, tokens) {
    const title = document.createElement("h2");
    title.append(...highlighted(page.meta.title || page.url, tokens ? tokens.parts : []));
    const meta = document.createElement("p");
    meta.className = "column-search__meta";
    meta.textContent = [page.meta.type, page.meta.date].filter(Boolean).join(" · ");
    const excerpt = document.createElement("p");
    excerpt.append(...excerptOf(page, tokens));
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

  // ---- excerpts: the page's text around what the reader typed, that marked ----
  // A registry page found by one of its names shows its names, the one typed marked. Otherwise
  // the first stretch of the text (after the title, which is shown above it) holding a match.
  function excerptOf(page, tokens) {
    const text = page.content || "";
    const parts = tokens ? tokens.parts : [];
    const typed = parts.join("");
    const named = (page.meta.names || []).find((name) => letters(name) === typed);
    if (page.exact && named) {
      return page.meta.names.flatMap((name, i) => [...(i ? ["、"] : []), name === named ? markOf(name) : name]);
    }
    const titled = page.meta.title && text.startsWith(page.meta.title) ? page.meta.title.length : 0;
    const spans = matches(text, parts);
    const after = spans.find(([from]) => from >= titled);
    let start = titled ? titled + (/^[。 ]/.test(text.slice(titled)) ? 1 : 0) : 0;
    if (after) start = Math.max(start, after[0] - Math.floor(EXCERPT / 4));
    const end = Math.min(text.length, start + EXCERPT);
    const nodes = [];
    let at = start;
    for (const [from, to] of spans) {
      if (to <= start || from >= end) continue;
      const a = Math.max(from, start);
      const b = Math.min(to, end);
      if (a > at) nodes.push(text.slice(at, a));
      nodes.push(markOf(text.slice(a, b)));
      at = b;
    }
    if (end > at) nodes.push(text.slice(at, end));
    if (start > titled + 1) nodes.unshift("…");
    if (end < text.length) nodes.push("…");
    return nodes;
  }

  function highlighted(text, parts) {
    const nodes = [];
    let at = 0;
    for (const [from, to] of matches(text, parts)) {
      if (from > at) nodes.push(text.slice(at, from));
      nodes.push(markOf(text.slice(from, to)));
      at = to;
    }
    if (at < text.length) nodes.push(text.slice(at));
    return nodes;
  }

  function markOf(text) {
    const mark = document.createElement("mark");
    mark.textContent = text;
    return mark;
  }

  // Where ``text`` holds what the reader typed: each part whole, or else its longest pieces of two
  // or more characters that the text holds, left to right (never single characters of a longer
  // part). Letters are compared as tokens are made (NFKC, lower case); punctuation and spaces in
  // the text between them are marked with them. Returns sorted, non-overlapping [from, to).
  function matches(text, parts) {
    let folded = "";
    const source = []; // for each UTF-16 unit of folded: where in text it comes from
    for (let i = 0; i < text.length; ) {
      const char = String.fromCodePoint(text.codePointAt(i));
      const one = letters(char);
      folded += one;
      for (let u = 0; u < one.length; u++) source.push([i, i + char.length]);
      i += char.length;
    }
    const spans = [];
    for (const part of parts) {
      const wanted = [...part];
      for (let i = 0; i < wanted.length; ) {
        let end = wanted.length;
        while (end - i >= Math.min(2, wanted.length) && !folded.includes(wanted.slice(i, end).join(""))) end--;
        if (end - i < Math.min(2, wanted.length)) {
          i++;
          continue;
        }
        const piece = wanted.slice(i, end).join("");
        for (let k = folded.indexOf(piece); k >= 0; k = folded.indexOf(piece, k + 1)) {
          spans.push([source[k][0], source[k + piece.length - 1][1]]);
        }
        i = end;
      }
    }
    spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    const joined = [];
    for (const span of spans) {
      const last = joined[joined.length - 1];
      if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
      else joined.push([...span]);
    }
    return joined;
  }

  // For tests and the benchmark (tests/test_search_recall.py, search.query_recall): a query's
  // tokens, and the ids of its results in the order the panel lists them (every bundle with
  // everyYear, else the main one).
  window.columnSearch = {
    tokens: queryTokens,
    async ids(term, { everyYear: all = false } = {}) {
      const pagefind = await load();
      const keys = shards.filter((s, i) => i === 0 || all).map((s) => s.key);
      await merge(pagefind, keys);
      const tokens = queryTokens(term);
      return tokens.pairs.length ? (await find(pagefind, tokens, {}, keys)).results.map((r) => r.id) : [];
    },
  };

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
