// Test harness: run Mermaid gantt charts through the REAL Mermaid library and print what it draws.
//
// Usage:  node parse-gantt.mjs [--raw | --markdown] [--batch]  < input
//
//   default     Markdown: every ```mermaid / ~~~mermaid fenced block is one diagram; if the input
//               holds no such block, the whole input is treated as one raw diagram definition.
//   --raw       the whole input is one diagram, even if it contains fences.
//   --markdown  only fenced blocks; an input without them gives an empty list.
//   --batch     stdin is a JSON array of documents; prints {"documents": [{"diagrams": [...]}, ...]}.
//
// Output (one JSON document on stdout; everything Mermaid logs goes to stderr):
//   {"diagrams": [
//     {"ok": true, "line": <1-based line of the opening fence, 1 for raw input>, "type": "gantt",
//      "title": str|null, "date_format": str, "inclusive_end_dates": bool,
//      "excludes": [...], "includes": [...], "sections": [...], "axis_ticks": [the drawn
//      labels of the time axis, left to right],
//      "tasks": [{"id", "name", "source_name", "section", "start", "end", "render_end",
//                 "start_iso", "end_iso", "tags": [...], "milestone": bool, "vert": bool,
//                 "classes": [...], "order": int}]},
//     {"ok": false, "line": ..., "error": "..."}]}
//
// How it mirrors a browser: each diagram goes through `mermaid.render()` (the same path as a page
// or GitHub's viewer: front matter, %%{init}%% directives, `%%` comments, the 50 000-character
// limit, the parser, the gantt renderer and DOMPurify) inside a jsdom document.  A diagram whose
// render throws is reported as ok=false with Mermaid's own message.  The task data is what the
// renderer got from the gantt database (`db.getTasks()`, recorded at that call, in definition
// order) and the task names are read from the <text> elements of the rendered SVG.
//
// Observed behaviour of mermaid 11.17.2 (what the Python tests rely on):
//   * Entity codes: before parsing, Mermaid rewrites `#58;` to an internal placeholder
//     ("\uFB02°°58¶ß"; `#amp;` -> "\uFB02°amp¶ß"), so the gantt db stores the ENCODED text.  The
//     placeholder becomes `&#58;` only when the finished SVG is serialized, and the browser shows
//     ":".  So `name` is the decoded text as drawn ("a#58; b" -> "a: b"), while `source_name` is
//     the db string with the placeholders turned back into `#58;` (exactly what the lexer cut).
//   * `name` is the drawn text with whitespace collapsed and trimmed, as SVG displays it (the
//     lexer keeps the space before the `:`, e.g. source_name "a#58; b ").  Raw `<b>`/`&` in a
//     name are drawn literally (the renderer uses textContent).
//   * A raw `:` in a task line ends the name: `a: b: 2026-04-01, 1d` is task "a" with data
//     " b: 2026-04-01, 1d" (V8's lenient `new Date("b: 2026-04-01")` still reads the date).
//   * A `#` or `;` in task data (e.g. `T : 2026-04-01, 1d # note`) is a parse error: ok=false.
//   * A line starting with `%` (one percent sign) is dropped by the lexer; `%%` lines are comments.
//   * `after <unknown id>` (and `until <unknown id>`) silently uses today's local midnight.
//   * An end Mermaid cannot read as a date or a duration gives a zero-length task (end = start).
//   * `topAxis` breaks this Mermaid version (the parser calls a missing `yy.TopAxis`): ok=false.
//   * `end` is Mermaid's exclusive end (`endTime`) as stored; with `excludes`, duration-based ends
//     are pushed past excluded days.  `render_end` is the bar's drawn right edge
//     (`renderEndTime || endTime`), which can be earlier than `end` when the task ends on
//     excluded days.
//   * Dates: the script runs with TZ=UTC, so Mermaid's local midnights are UTC midnights; they
//     are formatted from the UTC fields (no shifting).  `*_iso` keep the full timestamp for
//     tasks with hour/minute durations.  A missing or invalid date is null.

process.env.TZ = 'UTC';

// Keep stdout for our JSON only: Mermaid's logger (and any library) writes to console.
for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace']) {
  console[level] = (...args) => process.stderr.write(args.map(String).join(' ') + '\n');
}

const { JSDOM } = await import('jsdom');

const dom = new JSDOM('<!DOCTYPE html><html><head></head><body></body></html>', {
  pretendToBeVisual: true,
});
const { window } = dom;
globalThis.window = window;
globalThis.document = window.document;
for (const name of [
  'Element', 'HTMLElement', 'SVGElement', 'Node', 'DocumentFragment', 'DOMParser',
  'XMLSerializer', 'MutationObserver', 'CSSStyleSheet', 'getComputedStyle',
]) {
  if (!(name in globalThis)) globalThis[name] = window[name];
}
// jsdom has no layout engine; the gantt renderer only uses these to place labels left/right of a
// bar, which does not change any data we report.
window.SVGElement.prototype.getBBox = function getBBox() {
  return { x: 0, y: 0, width: (this.textContent || '').length * 7, height: 14 };
};
window.SVGElement.prototype.getComputedTextLength = function getComputedTextLength() {
  return (this.textContent || '').length * 7;
};

const { default: mermaid } = await import('mermaid');

mermaid.initialize({
  startOnLoad: false,
  // Throw on a bad diagram instead of also drawing Mermaid's "Syntax error" picture.
  suppressErrorRendering: true,
  // jsdom reports offsetWidth 0; give the renderer a sane canvas (layout only).
  gantt: { useWidth: 1200 },
});

// Mermaid's placeholders for `#name;` / `#123;` (see encodeEntities in mermaid's utils).
const PH_NUM = '\uFB02\u00B0\u00B0';
const PH_NAMED = '\uFB02\u00B0';
const PH_END = '\u00B6\u00DF';

/** The db string with Mermaid's placeholders turned back into the source `#...;` form. */
function sourceText(s) {
  return String(s).split(PH_NUM).join('#').split(PH_NAMED).join('#').split(PH_END).join(';');
}

/** What the browser shows for a db string drawn with d3 `.text()` (Mermaid's decode path). */
function drawnText(s) {
  const escaped = String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const decoded = escaped.split(PH_NUM).join('&#').split(PH_NAMED).join('&').split(PH_END).join(';');
  const el = document.createElement('span');
  el.innerHTML = decoded;
  return collapse(el.textContent);
}

function collapse(s) {
  return String(s).replace(/\s+/g, ' ').trim();
}

function pad(n, width = 2) {
  return String(n).padStart(width, '0');
}

function isDate(d) {
  return d instanceof Date && !Number.isNaN(d.getTime());
}

function ymd(d) {
  if (!isDate(d)) return null;
  const y = d.getUTCFullYear();
  const year = y >= 0 && y <= 9999 ? pad(y, 4) : String(y);
  return `${year}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function iso(d) {
  return isDate(d) ? d.toISOString() : null;
}

function errorMessage(err) {
  if (err && typeof err === 'object' && 'message' in err) return String(err.message);
  if (err && typeof err === 'object' && 'str' in err) return String(err.str);
  return String(err);
}

/** ```mermaid / ~~~mermaid fenced blocks (CommonMark fence rules, top level only). */
function extractFences(text) {
  const lines = text.split(/\r\n|\r|\n/);
  const blocks = [];
  let open = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (open === null) {
      const m = /^( {0,3})(`{3,}|~{3,})(.*)$/.exec(line);
      if (!m) continue;
      const [, indent, fence, info] = m;
      if (fence[0] === '`' && info.includes('`')) continue; // not a fence per CommonMark
      const lang = info.trim().split(/\s+/)[0] || '';
      open = { indent: indent.length, fence, lang, line: i + 1, body: [] };
      continue;
    }
    const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
    if (close && close[1][0] === open.fence[0] && close[1].length >= open.fence.length) {
      if (open.lang.toLowerCase() === 'mermaid') blocks.push({ line: open.line, text: open.body.join('\n') + '\n' });
      open = null;
      continue;
    }
    // Content lines lose up to the opening fence's indentation.
    open.body.push(line.replace(new RegExp(`^ {0,${open.indent}}`), ''));
  }
  if (open !== null && open.lang.toLowerCase() === 'mermaid') {
    // An unclosed fence runs to the end of the document.
    blocks.push({ line: open.line, text: open.body.join('\n') + '\n' });
  }
  return blocks;
}

function splitDiagrams(input, mode) {
  if (mode === 'raw') return [{ line: 1, text: input }];
  const blocks = extractFences(input);
  if (blocks.length === 0 && mode === 'auto') return [{ line: 1, text: input }];
  return blocks;
}

// Mermaid's gantt database: one module-level object, shared by every gantt diagram.
const ganttDb = (await mermaid.mermaidAPI.getDiagramFromText('gantt\n')).db;
// The renderer calls db.getTasks() exactly once and then sorts that array IN PLACE (it is the
// db's own rawTasks), which leaves the db's id->index map stale: calling getTasks() again after a
// render recomputes `after`/sequential starts from the wrong tasks.  So record, in definition
// order, the very task objects the renderer received.
let drawnTasks = null;
const originalGetTasks = ganttDb.getTasks;
ganttDb.getTasks = function getTasksRecorded(...args) {
  const result = originalGetTasks.apply(this, args);
  drawnTasks = result.map((t) => ({ ...t, classes: [...(t.classes || [])] }));
  return result;
};
let renderCount = 0;
const MAX_TEXT_MSG = 'Maximum text size in diagram exceeded';

async function runDiagram({ line, text }) {
  const id = `dxroadmap${++renderCount}`;
  let result;
  drawnTasks = null;
  try {
    result = await mermaid.render(id, text);
  } catch (err) {
    return { ok: false, line, error: errorMessage(err) };
  } finally {
    document.getElementById(`d${id}`)?.remove();
  }
  if (result.svg.includes(MAX_TEXT_MSG) && !text.includes(MAX_TEXT_MSG)) {
    return { ok: false, line, error: `${MAX_TEXT_MSG} (mermaid maxTextSize)` };
  }
  const base = { ok: true, line, type: result.diagramType };
  if (result.diagramType !== 'gantt') {
    return { ...base, title: null, tasks: [] };
  }

  // The gantt db is a module singleton that render() just cleared, parsed into and drew from.
  const db = ganttDb;
  if (drawnTasks === null) throw new Error('gantt render did not call db.getTasks()');

  const svgHost = document.createElement('div');
  svgHost.innerHTML = result.svg;
  const drawn = new Map();
  for (const el of svgHost.querySelectorAll('text[id]')) drawn.set(el.getAttribute('id'), el.textContent);
  const titleEl = svgHost.querySelector('text.titleText');

  const tasks = drawnTasks.map((t) => {
    const drawnName = drawn.get(`${id}-${t.id}-text`);
    const tags = ['active', 'done', 'crit', 'milestone', 'vert'].filter((tag) => t[tag] === true);
    return {
      id: t.id,
      name: drawnName === undefined ? drawnText(t.task) : collapse(drawnName),
      source_name: sourceText(t.task),
      section: drawnText(t.section),
      start: ymd(t.startTime),
      end: ymd(t.endTime),
      render_end: ymd(t.renderEndTime || t.endTime),
      start_iso: iso(t.startTime),
      end_iso: iso(t.endTime),
      tags,
      milestone: t.milestone === true,
      vert: t.vert === true,
      classes: t.classes,
      order: t.order,
    };
  });
  const dbTitle = db.getDiagramTitle();
  return {
    ...base,
    title: titleEl ? collapse(titleEl.textContent) : dbTitle ? drawnText(dbTitle) : null,
    date_format: db.getDateFormat(),
    inclusive_end_dates: db.endDatesAreInclusive(),
    excludes: [...db.getExcludes()],
    includes: [...db.getIncludes()],
    sections: db.getSections().map(drawnText),
    axis_ticks: [...svgHost.querySelectorAll('g.grid g.tick text')].map((el) => el.textContent),
    tasks,
  };
}

async function runDocument(input, mode) {
  const diagrams = [];
  for (const d of splitDiagrams(input, mode)) {
    try {
      diagrams.push(await runDiagram(d));
    } catch (err) {
      diagrams.push({ ok: false, line: d.line, error: `harness: ${errorMessage(err)}` });
    }
  }
  return { diagrams };
}

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

const args = new Set(process.argv.slice(2));
const mode = args.has('--raw') ? 'raw' : args.has('--markdown') ? 'markdown' : 'auto';
const input = await readStdin();
let output;
if (args.has('--batch')) {
  const docs = JSON.parse(input);
  if (!Array.isArray(docs)) throw new Error('--batch expects a JSON array of strings on stdin');
  const documents = [];
  for (const doc of docs) documents.push(await runDocument(String(doc), mode));
  output = { documents };
} else {
  output = await runDocument(input, mode);
}
process.stdout.write(JSON.stringify(output) + '\n');
