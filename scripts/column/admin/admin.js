// The column's web editor (Decap CMS): what the generated config.yml names but Decap lacks.
// Generated configuration: scripts/column/cms.py. Loaded by index.html after Decap's bundle,
// which waits (CMS_MANUAL_INIT) until this module has registered everything and calls init.
//
// - File formats that write files as the content contract and the loader read them:
//   units.yml/places.yml are lists (edited under "records"); so is a file that lists one record's
//   items (a duty roster: its days), written as that list alone; front matter is split where the
//   loader splits it and the body is kept byte for byte; a number is kept as written (007, 4.50
//   stay text); empty values are left out; a file that cannot be read is never overwritten.
// - Widgets: dates (a day with the browser's date picker, a month, or a span {start, end}),
//   人员构成 (groups: a name → a number per row), yes/no that reads 是/否 and yes/no too, and
//   the parts of a path a record is named by (a roster's campaign and unit): chosen for a new
//   file, which they place; fixed by the place of a file that exists.
// - The names of new files: an ASCII id from the record's date and a random part
//   (2010-06-26-k3f9), in the folder of the record's year; Chinese titles need no pinyin.
import { YAML } from "./yaml/index.js";

const CMS = window.CMS;
const h = window.h;
const createClass = window.createClass;

const RECORDS = "records";
const LISTED = "__list"; // a file read as a list of one record's items: the collection's filter asks for it
YAML.scalarOptions.str.fold.lineWidth = 0; // never fold long lines

// ---- formats ---------------------------------------------------------------------------------

// A plain number keeps its own text when that is not how the number would be written again
// (007, 4.50, 1e3): the loader reads every value as the text written.
function keepAsWritten(node, text) {
  if (!node || typeof node !== "object") return;
  if (Array.isArray(node.items)) {
    for (const item of node.items) {
      if (item && item.type === "PAIR") {
        keepAsWritten(item.key, text);
        keepAsWritten(item.value, text);
      } else {
        keepAsWritten(item, text);
      }
    }
    return;
  }
  if (typeof node.value === "number" && Array.isArray(node.range)) {
    const raw = text.slice(node.range[0], node.range[1]).trim();
    // 0 too: Decap's text box shows a value that is false as empty (people: 0 would look unwritten)
    if (String(node.value) !== raw || node.value === 0) node.value = raw;
  }
}

function parse(text) {
  const doc = YAML.parseDocument(text);
  if (doc.errors.length) throw new Error(doc.errors.map((e) => e.message).join("\n"));
  keepAsWritten(doc.contents, text);
  return doc.toJSON();
}

function isEmpty(value) {
  if (value === null || value === undefined || value === "") return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === "object" && Object.keys(value).length === 0;
}

// A number typed into a text box (people: 2, hours: 2.5) is written as a number, not as "2":
// the loader reads both as the same text, and written so it reads back as typed (007 and 4.50
// stay quoted: as numbers they would read back as 7 and 4.5).
const PLAIN_NUMBER = /^(0|[1-9][0-9]*)(\.[0-9]+)?$/;

// Values as the file holds them: helper keys (__id, __year) and empty values left out.
function clean(value) {
  if (typeof value === "string" && PLAIN_NUMBER.test(value) && String(Number(value)) === value) return Number(value);
  if (Array.isArray(value)) return value.map(clean).filter((v) => !isEmpty(v));
  if (value && typeof value === "object") {
    const out = {};
    for (const [key, v] of Object.entries(value)) {
      if (key.startsWith("__")) continue;
      const c = clean(v);
      if (!isEmpty(c)) out[key] = c;
    }
    return out;
  }
  return value;
}

// The fields in the model's order (Decap passes it), then any others as they were.
function ordered(data, order) {
  const out = {};
  for (const key of order || []) if (key in data) out[key] = data[key];
  for (const key of Object.keys(data)) if (!(key in out)) out[key] = data[key];
  return out;
}

function dump(value) {
  const doc = new YAML.Document();
  doc.contents = YAML.createNode(value);
  return doc.toString();
}

// A file's YAML, or RAW when it cannot be read: such a file is kept as it is (__raw), never rewritten.
const RAW = Symbol("raw");
function parsedOrRaw(text) {
  try {
    return parse(text);
  } catch (err) {
    console.warn("无法读取的文件，保存时不会改写：", err.message);
    return RAW;
  }
}

const yamlFormat = {
  fromFile(text) {
    const data = parsedOrRaw(text);
    if (data === RAW) return { __raw: text };
    if (Array.isArray(data)) return { [RECORDS]: data };
    if (data === null || data === undefined) return {};
    if (typeof data !== "object") return { __raw: text };
    return data;
  },
  toFile(data, order) {
    if (data.__raw !== undefined) return data.__raw; // never overwrite what could not be read
    if (RECORDS in data) {
      const records = clean(data[RECORDS] || []);
      if (!records.length) return "[]\n";
      // a blank line between records, as the registries are written by hand
      return dump(records).replace(/\n(?=- )/g, "\n\n");
    }
    const value = ordered(clean(data), order);
    return Object.keys(value).length ? dump(value) : "";
  },
};

// A file that is one record's list of items (a duty roster: campaigns/<专项活动>/duty/<编号>.yml,
// one day an item): edited under "records", written as that list and nothing else (the fields the
// path gives, helper keys and empty values are not written). A file that is not a list (a
// campaign's own file, in the same folder) is not marked, so not listed, and never rewritten.
const listFormat = {
  fromFile(text) {
    const data = parsedOrRaw(text);
    if (!Array.isArray(data)) return { __raw: text };
    return { [RECORDS]: data, [LISTED]: true };
  },
  toFile(data) {
    if (data.__raw !== undefined) return data.__raw;
    const items = clean(data[RECORDS] || []);
    return items.length ? dump(items) : "[]\n";
  },
};

const frontMatterFormat = {
  // The loader's split (yamlsafe.split_front_matter): the first line is ---, the block ends at
  // the next line that is --- or ..., the body is everything after that line.
  fromFile(text) {
    const lines = text.split("\n");
    if (lines[0].trim() !== "---") return { body: text, __plain: true };
    let end = -1;
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i].trim();
      if (line === "---" || line === "...") {
        end = i;
        break;
      }
    }
    if (end < 0) return { __raw: text };
    let meta;
    try {
      meta = parse(lines.slice(1, end).join("\n"));
    } catch (err) {
      console.warn("无法读取的信息区，保存时不会改写：", err.message);
      return { __raw: text };
    }
    if (meta === null || meta === undefined) meta = {};
    if (typeof meta !== "object" || Array.isArray(meta)) return { __raw: text };
    return { ...meta, body: lines.slice(end + 1).join("\n") };
  },
  toFile(data, order) {
    if (data.__raw !== undefined) return data.__raw;
    const { body = "", ...meta } = data;
    const value = ordered(clean(meta), (order || []).filter((k) => k !== "body"));
    if (data.__plain && !Object.keys(value).length) return body; // a page without front matter
    return "---\n" + (Object.keys(value).length ? dump(value) : "") + "---\n" + (body || "");
  },
};

// ---- new files: their ids and folders -------------------------------------------------------

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;
const LOOSE = /^\d{4}-\d{1,2}(-\d{1,2})?$/;

function get(value, key) {
  if (!value || typeof value !== "object") return undefined;
  return typeof value.get === "function" ? value.get(key) : value[key];
}

function today() {
  const now = new Date(); // the editor's own day, not UTC's
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

// The day a record is of: its date (a span's start), else a campaign's start.
function dayOf(data) {
  for (const key of ["date", "start"]) {
    let value = get(data, key);
    if (value && typeof value === "object") value = get(value, "start");
    if (typeof value === "string" && LOOSE.test(value.trim())) return value.trim();
  }
  return null;
}

function randomPart(length = 4) {
  const digits = "0123456789abcdefghijklmnopqrstuvwxyz";
  const bytes = new Uint8Array(length);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => digits[b % 36]).join("");
}

// 2010-06-26-k3f9: ASCII, matches ^[a-z0-9][a-z0-9-]*$, sorts by date, and two editors creating
// records on the same day (on different branches) do not clash.
function newId(data) {
  const day = dayOf(data) || today();
  const parts = day.split("-").map((p, i) => (i ? p.padStart(2, "0") : p));
  return `${parts.join("-")}-${randomPart()}`;
}

// A photo uploaded while a record is new goes into content/media/<年份>/ (Decap places it by the
// new file's folder when saving) but its field still says media/<file>: say where it went.
const LOOSE_PHOTO = /^media\/([^/]+\.(jpe?g|png|gif|webp))$/i;

function photosInYear(value, year) {
  if (typeof value === "string") {
    const m = LOOSE_PHOTO.exec(value);
    return m ? `media/${year}/${m[1]}` : value;
  }
  if (value && typeof value.map === "function" && typeof value.get === "function") return value.map((v) => photosInYear(v, year));
  return value;
}

CMS.registerEventListener({
  name: "preSave",
  handler: ({ entry }) => {
    let data = entry.get("data");
    const year = (dayOf(data) || today()).slice(0, 4);
    data = data.set("__year", year); // the folder: activities/<年份>/, honours/<年份>.yml
    if (entry.get("newRecord")) {
      data = data.set("__id", newId(data));
      if (entry.get("path") === undefined || !entry.get("path")) data = photosInYear(data, year);
    }
    return data;
  },
});

// ---- widgets ---------------------------------------------------------------------------------

const inputStyle = { font: "inherit", padding: "6px 8px", marginRight: "8px", border: "1px solid #dfdfe3", borderRadius: "4px" };

// A date as the contract writes it: 2010-06-26, 2010-06 (only the month is known), or for an
// activity a span {start, end}. Anything else written by hand shows as text and can be fixed.
const DateControl = createClass({
  getInitialState() {
    return { mode: null };
  },
  componentDidMount() {
    const { value, field, entry, onChange } = this.props;
    const empty = value === undefined || value === null || value === "";
    if (empty && field.get("today") && entry && entry.get("newRecord")) onChange(today());
  },
  modeOf(value) {
    if (value && typeof value === "object") return "span";
    if (typeof value === "string" && value !== "") {
      if (DAY.test(value)) return "day";
      if (MONTH.test(value)) return "month";
      return "text";
    }
    return this.state.mode || "day";
  },
  setMode(mode) {
    const { value, onChange } = this.props;
    this.setState({ mode });
    const first = typeof value === "string" ? value : get(value, "start") || "";
    if (mode === "span") onChange({ start: DAY.test(first) ? first : "", end: "" });
    else if (mode === "month") onChange(first.slice(0, 7));
    else if (mode === "day") onChange(DAY.test(first) ? first : "");
    else onChange(first);
  },
  isValid() {
    const value = this.props.value;
    if (value && typeof value === "object") {
      const start = get(value, "start");
      const end = get(value, "end");
      if (!start || !end) return { error: { message: "时间段要写开始和结束两个日期。" } };
      if (!LOOSE.test(start) || !LOOSE.test(end)) return { error: { message: "日期应写成 年-月-日，如 2010-07-15。" } };
      if (start > end) return { error: { message: "时间段的结束日期早于开始日期。" } };
      return true;
    }
    if (typeof value === "string" && value !== "" && !LOOSE.test(value.trim()))
      return { error: { message: "日期应写成 年-月-日（如 2010-06-26），只知道月份写 年-月（如 2010-06）。" } };
    return true;
  },
  part(key, kind, value, onChange, label) {
    const day = value === "" || value === undefined || DAY.test(value);
    return h("input", {
      key,
      type: kind === "month" ? "month" : day ? "date" : "text",
      value: value || "",
      "aria-label": label,
      style: inputStyle,
      onChange: (e) => onChange(e.target.value),
      onFocus: this.props.setActiveStyle,
      onBlur: this.props.setInactiveStyle,
    });
  },
  render() {
    const { value, field, forID, classNameWrapper, onChange } = this.props;
    const mode = this.modeOf(value);
    const label = field.get("label");
    const options = [
      ["day", "具体日期"],
      ["month", "只知道月份"],
    ];
    if (field.get("span")) options.push(["span", "时间段（几天）"]);
    if (mode === "text") options.push(["text", "照原样（文字）"]);
    let inputs;
    if (mode === "span") {
      const set = (key) => (v) => {
        const start = key === "start" ? v : get(value, "start") || "";
        const end = key === "end" ? v : get(value, "end") || "";
        onChange({ start, end });
      };
      inputs = [
        this.part("start", "date", get(value, "start"), set("start"), label + " 开始"),
        h("span", { key: "to", style: { marginRight: "8px" } }, "至"),
        this.part("end", "date", get(value, "end"), set("end"), label + " 结束"),
      ];
    } else if (mode === "month") {
      inputs = [this.part("month", "month", value, onChange, label)];
    } else if (mode === "text") {
      inputs = [
        h("input", { key: "t", type: "text", value: value || "", style: inputStyle, "aria-label": label, onChange: (e) => onChange(e.target.value) }),
      ];
    } else {
      inputs = [this.part("day", "date", value, onChange, label)];
    }
    return h(
      "div",
      { className: classNameWrapper, id: forID },
      h(
        "select",
        { key: "mode", value: mode, style: inputStyle, "aria-label": label + " 的写法", onChange: (e) => this.setMode(e.target.value) },
        options.map(([v, text]) => h("option", { key: v, value: v }, text)),
      ),
      ...inputs,
    );
  },
});

function showValue(value) {
  if (value && typeof value === "object") return `${get(value, "start") || ""} 至 ${get(value, "end") || ""}`;
  return value == null ? "" : String(value);
}

const TextPreview = createClass({
  render() {
    return h("span", null, showValue(this.props.value));
  },
});

// 其中各类人员人数: a name and a number per row (科级领导: 217), kept in the order written.
const GroupsControl = createClass({
  getInitialState() {
    const value = this.props.value;
    let rows = [];
    if (value && typeof value.entrySeq === "function") rows = value.entrySeq().toArray();
    else if (value && typeof value === "object") rows = Object.entries(value);
    return { rows: rows.map(([name, n]) => [String(name), n == null ? "" : String(n)]) };
  },
  emit(rows) {
    this.setState({ rows });
    const out = {};
    for (const [name, n] of rows) {
      if (!name.trim()) continue;
      out[name.trim()] = /^[0-9]+$/.test(n.trim()) ? Number(n.trim()) : n.trim();
    }
    this.props.onChange(out);
  },
  isValid() {
    for (const [name, n] of this.state.rows) {
      if (name.trim() && !/^[0-9]+(多|余)?$/.test(n.trim()))
        return { error: { message: `“${name}”的人数应写整数，或约数如 800多、40余。` } };
    }
    return true;
  },
  render() {
    const { rows } = this.state;
    const { classNameWrapper, forID } = this.props;
    const change = (i, j) => (e) => this.emit(rows.map((row, k) => (k === i ? row.map((v, m) => (m === j ? e.target.value : v)) : row)));
    return h(
      "div",
      { className: classNameWrapper, id: forID },
      ...rows.map((row, i) =>
        h(
          "div",
          { key: String(i), style: { marginBottom: "6px" } },
          h("input", { type: "text", value: row[0], placeholder: "人员类别，如 科级领导", "aria-label": "人员类别", style: inputStyle, onChange: change(i, 0) }),
          h("input", { type: "text", value: row[1], placeholder: "人数，如 217", "aria-label": "人数", style: { ...inputStyle, width: "8em" }, onChange: change(i, 1) }),
          h("button", { type: "button", onClick: () => this.emit(rows.filter((_, k) => k !== i)) }, "删除"),
        ),
      ),
      h("button", { type: "button", onClick: () => this.setState({ rows: [...rows, ["", ""]] }) }, "添加一类人员"),
    );
  },
});

const GroupsPreview = createClass({
  render() {
    const value = this.props.value;
    const rows = value && typeof value.entrySeq === "function" ? value.entrySeq().toArray() : Object.entries(value || {});
    return h("span", null, rows.map(([k, v]) => `${k} ${v}`).join("，"));
  },
});

// Yes/no: the loader also reads yes/no and 是/否; show them as what they mean.
const YES = /^(true|yes|是)$/i;
const BooleanBase = CMS.getWidget("boolean").control;
const BooleanControl = createClass({
  isValid() {
    return true;
  },
  render() {
    const value = this.props.value;
    const shown = value === true || (typeof value === "string" && YES.test(value.trim()));
    return h(BooleanBase, { ...this.props, value: shown });
  },
});

// References: Decap's relation widget, which shows and stores ids, around values as editors
// write them. The contract lets a file name a unit by its id, name, short name or an alias
// (药监局, 市药监局); the relation widget would show such a value as nothing, and drop it on the
// next change. Here every name of every record is looked up once: a value that names exactly one
// record shows as that record. The file keeps what it says until the field is changed (then the
// ids are written: the same records). A value that names no record stays and is shown below the
// field; `make check` lists the closest names.
const RelationBase = CMS.getWidget("relation").control;

function listOf(value) {
  if (value === undefined || value === null || value === "") return [];
  if (typeof value === "object" && typeof value.toArray === "function") return value.toArray();
  return Array.isArray(value) ? value : [value];
}

// The records one can choose, with every name they go by: {value (the id), label, data, names}.
function choicesOf(hits, field) {
  const valueField = field.get("value_field");
  const searchFields = listOf(field.get("search_fields"));
  const display = listOf(field.get("display_fields"))[0] || valueField;
  const out = [];
  for (const hit of hits) {
    const data = hit.data || {};
    if (valueField === "{{filename}}" || valueField === "{{slug}}") {
      const value = valueField === "{{slug}}" ? hit.slug : (hit.path || "").split("/").pop().replace(/\.[^.]+$/, "");
      const names = searchFields.flatMap((f) => listOf(data[f]));
      out.push({ value, label: String(data[display] || value), data, names: [value, ...names] });
      continue;
    }
    const [list, key] = valueField.split(".*.");
    const shown = display.split(".*.")[1];
    for (const item of data[list] || []) {
      if (!item || item[key] === undefined) continue;
      const names = searchFields.flatMap((f) => listOf(item[f.split(".*.")[1].replace(/\.\*$/, "")]));
      out.push({ value: String(item[key]), label: String(item[shown] || item[key]), data: item, names: [String(item[key]), ...names] });
    }
  }
  return out;
}

// Every record a reference field can choose (its collection read once).
function loadChoices(props) {
  const { field, query, forID } = props;
  const searchFields = listOf(field.get("search_fields"));
  return Promise.resolve(query(forID, field.get("collection"), searchFields, "", field.get("file"))).then((result) =>
    choicesOf((result && result.payload && result.payload.hits) || [], field),
  );
}

// name → the one value (id) it stands for; null when names of two records are alike.
function namesOf(choices) {
  const names = new Map();
  for (const choice of choices) {
    for (const name of choice.names) {
      if (name === undefined || name === null || name === "") continue;
      const key = String(name).trim();
      names.set(key, names.has(key) && names.get(key) !== choice.value ? null : choice.value);
    }
  }
  return names;
}

// What Decap's own search would find, without its trouble with lists inside lists (aliases of
// the units in units.yml): exact names first, then names that start with the text, then the rest.
function search(choices, term, limit) {
  const t = String(term || "").trim().toLowerCase();
  const rank = (choice) => {
    const names = choice.names.map((n) => String(n).toLowerCase());
    if (!t) return 2;
    if (names.includes(t)) return 0;
    if (names.some((n) => n.startsWith(t))) return 1;
    return names.some((n) => n.includes(t)) ? 2 : 3;
  };
  return choices
    .map((choice, i) => [rank(choice), i, choice])
    .filter(([r]) => r < 3)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1])
    .slice(0, limit)
    .map(([, , c]) => ({ value: c.value, label: c.label, data: c.data }));
}

const RelationControl = createClass({
  getInitialState() {
    return { names: null, choices: [], tick: 0 };
  },
  componentDidMount() {
    this.mounted = true;
    loadChoices(this.props)
      .then((choices) => {
        if (this.mounted) this.setState({ names: namesOf(choices), choices });
      })
      .catch((err) => console.warn("无法读取可选的记录：", err));
  },
  componentWillUnmount() {
    this.mounted = false;
  },
  resolve(raw) {
    const names = this.state.names;
    if (!names || raw === undefined || raw === null) return { value: raw, known: true };
    const found = names.get(String(raw).trim());
    return found ? { value: found, known: true } : { value: raw, known: false };
  },
  shown() {
    const { value, field } = this.props;
    if (!field.get("multiple")) return this.resolve(value).value;
    if (!value || typeof value.map !== "function") return value;
    return value.map((v) => this.resolve(v).value);
  },
  unknown() {
    return listOf(this.props.value).filter((v) => !this.resolve(v).known);
  },
  onChange(next, metadata) {
    const { field, onChange } = this.props;
    const shown = this.shown();
    if (field.get("multiple")) {
      const values = listOf(next).map(String);
      if (JSON.stringify(values) === JSON.stringify(listOf(shown).map(String))) return this.redraw(); // the same records
      const kept = this.unknown().filter((v) => !values.includes(String(v)));
      onChange(kept.length ? values.concat(kept) : next, metadata);
    } else {
      if (next === shown) return this.redraw();
      onChange(next, metadata);
    }
  },
  // Typing searches the records read once (all names, aliases too), not Decap's search.
  inner(control) {
    if (!control || control.columnSearch) return;
    control.columnSearch = true;
    const limit = this.props.field.get("options_length") || 20;
    control.loadOptions = (term, callback) => callback(search(this.state.choices, term, limit));
  },
  // Decap's control has read its options (it calls onChange with the value it was given) but
  // redraws only when its props change: the file is not changed, so give it a reason to redraw.
  redraw() {
    this.setState(({ tick }) => ({ tick: tick + 1 }));
  },
  isValid() {
    return true;
  },
  render() {
    // Decap's control picks its options once, from the value it mounts with: mount it with ids.
    if (!this.state.names) return h("div", { className: this.props.classNameWrapper }, "正在读取可选项……");
    const unknown = this.unknown();
    const redrawn = this.props.hasActiveStyle || (this.state.tick % 2 === 1 ? false : undefined);
    const control = h(RelationBase, {
      ...this.props,
      value: this.shown(),
      onChange: this.onChange,
      hasActiveStyle: redrawn,
      ref: this.inner,
    });
    if (!unknown.length) return control;
    return h(
      "div",
      null,
      control,
      h(
        "p",
        { style: { color: "#b00020", margin: "6px 0 0" }, role: "note" },
        `文件里还写着：${unknown.join("、")}——在登记表里找不到，会原样保留；请从列表里重新选择，或运行 make check 看最接近的名称。`,
      ),
    );
  },
});

// A field the file's path gives (config.yml: widget column-path-part, path_part = its place below
// the collection's folder): a roster's campaign (its folder) and unit (its file name).
// - A new file: chosen like any reference; the collection's path and slug name this field, so
//   the choice places the file. A file already there for the same choices is refused (saving
//   would otherwise make a second file with "-1" added to its name).
// - A file that exists: its place says, shown and not editable; a roster is not moved by a form.
//   A value in the data that differs from the place is refused on saving, with this message.
function pathParts(path, collection) {
  if (!path) return null;
  const folder = String(collection.get("folder") || "").replace(/\/$/, "");
  const rel = path.startsWith(folder + "/") ? path.slice(folder.length + 1) : path;
  return rel.replace(/\.[^./]+$/, "").split("/");
}

function tokenFields(collection) {
  return listOf(collection.get("fields")).filter((f) => f.get("widget") === "column-path-part");
}

const TokenControl = createClass({
  getInitialState() {
    return { choices: [], taken: [] };
  },
  componentDidMount() {
    this.mounted = true;
    loadChoices(this.props)
      .then((choices) => this.mounted && this.setState({ choices }))
      .catch((err) => console.warn("无法读取可选的记录：", err));
    if (this.fixed() === null) {
      // the files there already: their paths, to refuse a second file for the same choices
      const { query, forID, collection } = this.props;
      Promise.resolve(query(forID + "-taken", collection.get("name"), ["__list"], ""))
        .then((result) => {
          const hits = (result && result.payload && result.payload.hits) || [];
          const taken = hits.map((hit) => pathParts(hit.path, collection)).filter(Boolean);
          if (this.mounted) this.setState({ taken });
        })
        .catch((err) => console.warn("无法读取已有的文件：", err));
    }
  },
  componentWillUnmount() {
    this.mounted = false;
  },
  entry() {
    return (this.props.getEntry && this.props.getEntry()) || this.props.entry;
  },
  // The value the file's place gives; null for a new file.
  fixed() {
    const entry = this.entry();
    if (!entry || entry.get("newRecord")) return null;
    const parts = pathParts(entry.get("path"), this.props.collection);
    const part = parts && parts[this.props.field.get("path_part")];
    return part === undefined || part === null ? null : part;
  },
  // An existing file whose path is not of this collection's form (a campaign's own file opened
  // as a roster by a typed address): its path, else null. Saving it is refused.
  stranger() {
    const entry = this.entry();
    if (!entry || entry.get("newRecord") || !entry.get("path")) return null;
    const template = this.props.collection.get("path");
    const parts = pathParts(entry.get("path"), this.props.collection);
    return template && parts && parts.length !== String(template).split("/").length ? entry.get("path") : null;
  },
  labelOf(value) {
    const found = this.state.choices.find((c) => c.value === String(value));
    return found ? found.label : null;
  },
  // A new file whose choices name a file there already (shown by the last of these fields: the file name).
  clash() {
    const { collection, field } = this.props;
    const fields = tokenFields(collection);
    if (!fields.length || fields[fields.length - 1].get("name") !== field.get("name")) return null;
    const data = this.entry() && this.entry().get("data");
    const want = fields.map((f) => [f.get("path_part"), data && data.get(f.get("name"))]);
    if (want.some(([, v]) => v === undefined || v === null || v === "")) return null;
    return this.state.taken.find((parts) => want.every(([i, v]) => parts[i] === String(v))) || null;
  },
  getValidateValue() {
    return this.fixed() || this.props.value;
  },
  isValid() {
    const fixed = this.fixed();
    const value = this.props.value;
    const label = this.props.field.get("label");
    const stranger = this.stranger();
    if (stranger) return { error: { message: `${stranger} 不是${this.props.collection.get("label")}的文件，不能在这里保存。` } };
    if (fixed !== null && value !== undefined && value !== null && value !== "" && String(value) !== fixed)
      return {
        error: {
          message: `${label}由文件的位置决定（${fixed}），不能在这里改成“${value}”。要换${label}，请新建一份，再删去这一份。`,
        },
      };
    if (fixed === null && this.clash())
      return { error: { message: `这份${this.props.collection.get("label")}已经有了，不能再新建：请回到列表打开它修改。` } };
    return true;
  },
  render() {
    const { classNameWrapper, forID, field, collection } = this.props;
    const stranger = this.stranger();
    if (stranger)
      return h("p", { className: classNameWrapper, id: forID, style: { color: "#b00020" }, role: "note" }, `${stranger} 不是${collection.get("label")}的文件。请回到列表，打开列出的文件。`);
    const fixed = this.fixed();
    if (fixed === null) {
      const control = h(RelationControl, { ...this.props });
      const clash = this.clash();
      if (!clash) return control;
      return h(
        "div",
        null,
        control,
        h("p", { style: { color: "#b00020", margin: "6px 0 0" }, role: "note" }, `这份${collection.get("label")}已经有了（${clash.join("/")}），请回到列表打开它修改。`),
      );
    }
    const name = this.labelOf(fixed);
    return h(
      "div",
      { className: classNameWrapper, id: forID, "aria-readonly": "true" },
      h("strong", { "data-path-part": field.get("name") }, name ? `${name}（${fixed}）` : fixed),
      h("p", { style: { color: "#5a5a5a", margin: "6px 0 0" }, role: "note" }, `由文件的位置决定，不能在这里修改；要换成别的，请回到列表新建一份${collection.get("label_singular") || collection.get("label")}。`),
    );
  },
});

// ---- no site but ours and the git host ----------------------------------------------------------

// Decap's GitHub backend asks githubstatus.com whether GitHub is up (a fixed address, no
// setting): answer "up" here, so that /admin/ talks to no site but this one and the git host.
const realFetch = window.fetch.bind(window);
window.fetch = (input, init) => {
  const url = typeof input === "string" ? input : (input && input.url) || "";
  if (url.startsWith("https://www.githubstatus.com/"))
    return Promise.resolve(new Response('{"components": []}', { headers: { "Content-Type": "application/json" } }));
  return realFetch(input, init);
};

// ---- start -----------------------------------------------------------------------------------

CMS.registerCustomFormat("column-yaml", "yml", yamlFormat);
CMS.registerCustomFormat("column-frontmatter", "md", frontMatterFormat);
CMS.registerCustomFormat("column-yaml-list", "yml", listFormat);
CMS.registerWidget("column-date", DateControl, TextPreview);
CMS.registerWidget("column-groups", GroupsControl, GroupsPreview);
CMS.registerWidget("column-boolean", BooleanControl, TextPreview);
CMS.registerWidget("column-relation", RelationControl, TextPreview);
CMS.registerWidget("column-path-part", TokenControl, TextPreview);

// For the tests (tests/test_cms_browser.py): the formats as the editor uses them.
window.columnAdmin = { yamlFormat, listFormat, frontMatterFormat, newId, dayOf };

CMS.init();
