"""The HTML pages: the query page at ``/`` and a resource's description at ``/resource?iri=...``.

Everything is inline (CSS, JavaScript) and the pages only talk to the
endpoint that served them; the app also sends a Content-Security-Policy
that forbids loading anything from elsewhere, so the pages work offline.
"""

from __future__ import annotations

import json
from html import escape
from urllib.parse import quote

from .. import __version__
from ..graph.results import short_iri
from ..vocabulary import PREFIXES

__all__ = ["index_page", "resource_page"]

_STYLE = """
body{font-family:"WenQuanYi Micro Hei","Noto Sans CJK SC",sans-serif;margin:1.2em 2em;color:#222;font-size:14px}
h1{font-size:1.4em;margin:.2em 0}h2{font-size:1.1em;margin-top:1.4em}
a{color:#0645ad;text-decoration:none}a:hover{text-decoration:underline}
textarea{width:100%;height:14em;font-family:monospace;font-size:13px}
table{border-collapse:collapse;margin-top:.6em}th,td{border:1px solid #ccc;padding:3px 6px;vertical-align:top;
text-align:left;max-width:38em}th{background:#f0f0f0}tr:nth-child(even) td{background:#fafafa}
.row{margin:.5em 0}.muted{color:#666}.error{color:#b00020;white-space:pre-wrap}
label{margin-right:1em}input[type=text]{width:16em}button{font-size:1em;padding:2px 14px}
pre{background:#f6f6f6;padding:.6em;overflow:auto}
"""

_SCRIPT = r"""
const PREFIXES = __PREFIXES__;
const $ = id => document.getElementById(id);
let queries = {};
function short(iri) {
  let best = null;
  for (const [p, ns] of Object.entries(PREFIXES))
    if (iri.startsWith(ns) && iri.length > ns.length && (!best || ns.length > best[1].length)) best = [p, ns];
  return best ? best[0] + ':' + iri.slice(best[1].length) : iri;
}
function exampleValues(q) {
  const out = {};
  for (const m of (q.example || '').matchAll(/--param\s+([A-Za-z_]\w*)=(\S+)/g)) out[m[1]] = m[2];
  return out;
}
function choose(values) {
  const q = queries[$('example').value];
  const box = $('params');
  box.textContent = '';
  $('description').textContent = q ? q.description
    : 'Any SPARQL 1.1 query; prefixes such as fz:, fzj:, skos: are predeclared.';
  if (!q) return;
  $('query').value = q.sparql;
  const examples = values || exampleValues(q);
  for (const p of q.params) {
    const label = document.createElement('label');
    label.textContent = p.name + (p.required ? ' *' : '') + ' ';
    const input = document.createElement('input');
    input.type = 'text'; input.id = 'param-' + p.name; input.name = p.name; input.title = p.help;
    input.placeholder = p.kind; input.value = examples[p.name] || '';
    label.appendChild(input); box.appendChild(label);
  }
}
function request() {
  const q = queries[$('example').value];
  const text = $('query').value;
  const accept = 'application/sparql-results+json, text/turtle;q=0.9';
  if (q && text === q.sparql) {
    const params = new URLSearchParams();
    for (const p of q.params) { const v = $('param-' + p.name).value.trim(); if (v) params.set(p.name, v); }
    const path = 'queries/' + encodeURIComponent(q.name) + '?' + params;
    return {url: path, init: {headers: {Accept: accept}}, csv: path + (params.toString() ? '&' : '') + 'format=csv'};
  }
  const headers = {Accept: accept, 'Content-Type': 'application/x-www-form-urlencoded'};
  return {url: 'sparql', init: {method: 'POST', headers: headers, body: new URLSearchParams({query: text})},
          csv: 'sparql?' + new URLSearchParams({query: text, format: 'csv'})};
}
function cell(term) {
  const td = document.createElement('td');
  if (!term) return td;
  if (term.type === 'uri') {
    const a = document.createElement('a');
    a.href = 'resource?iri=' + encodeURIComponent(term.value); a.textContent = short(term.value); a.title = term.value;
    td.appendChild(a);
  } else if (term.type === 'bnode') {
    td.textContent = '_:' + term.value;
  } else {
    td.textContent = term.value;
    if (term['xml:lang']) td.title = '@' + term['xml:lang']; else if (term.datatype) td.title = short(term.datatype);
  }
  return td;
}
async function run() {
  const out = $('results'); const status = $('status');
  out.textContent = ''; status.className = 'muted'; status.textContent = 'running…';
  $('csv').hidden = true; document.body.dataset.state = 'running';
  const req = request(); const started = performance.now();
  let response;
  try { response = await fetch(req.url, req.init); } catch (e) {
    status.className = 'error'; status.textContent = String(e); document.body.dataset.state = 'error'; return;
  }
  const ms = Math.round(performance.now() - started);
  const type = response.headers.get('content-type') || '';
  if (!response.ok) {
    status.className = 'error'; status.textContent = response.status + ': ' + await response.text();
    document.body.dataset.state = 'error'; return;
  }
  if (type.startsWith('application/sparql-results+json')) {
    const data = await response.json();
    if ('boolean' in data) { status.textContent = 'answer: ' + data.boolean + ' (' + ms + ' ms)'; }
    else {
      const table = document.createElement('table'); table.id = 'result-table';
      const head = table.createTHead().insertRow();
      for (const v of data.head.vars) {
        const th = document.createElement('th'); th.textContent = v; head.appendChild(th);
      }
      const body = table.createTBody();
      for (const b of data.results.bindings) {
        const tr = body.insertRow();
        for (const v of data.head.vars) tr.appendChild(cell(b[v]));
      }
      out.appendChild(table);
      const n = data.results.bindings.length;
      status.textContent = n + ' row' + (n === 1 ? '' : 's') + ' (' + ms + ' ms)';
      $('csv').href = req.csv; $('csv').hidden = false;
    }
  } else {
    const pre = document.createElement('pre'); pre.textContent = await response.text(); out.appendChild(pre);
    status.textContent = 'graph (' + ms + ' ms)';
  }
  document.body.dataset.state = 'done';
}
async function load() {
  const list = await (await fetch('queries')).json();
  const select = $('example');
  for (const q of list) {
    queries[q.name] = q;
    const option = document.createElement('option');
    option.value = q.name; option.textContent = q.name + ': ' + q.title;
    select.appendChild(option);
  }
  const url = new URLSearchParams(location.search);
  const name = url.get('query');
  if (name && queries[name]) {
    select.value = name;
    const values = {};
    for (const p of queries[name].params) if (url.has(p.name)) values[p.name] = url.get(p.name);
    choose(Object.keys(values).length ? values : null);
  } else if (url.get('sparql')) { select.value = ''; choose(); $('query').value = url.get('sparql'); }
  else choose();
  document.body.dataset.state = 'ready';
  if (url.get('run')) run();
}
document.addEventListener('DOMContentLoaded', () => {
  $('example').addEventListener('change', () => choose());
  $('run').addEventListener('click', run);
  $('query').addEventListener('keydown', e => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) run(); });
  load();
});
"""

_INDEX = """<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8"><title>fzgraph SPARQL</title>
<link rel="icon" href="data:,"><style>{style}</style></head>
<body data-state="loading">
<h1>fzgraph: 法治政府建设年度报告 knowledge graph</h1>
<p class="muted">SPARQL 1.1 endpoint at <a href="sparql">sparql</a> (service description without a query) ·
named queries at <a href="queries">queries</a> · fzgraph {version}</p>
<div class="row"><label>Example <select id="example"><option value="">(ad-hoc SPARQL)</option></select></label></div>
<div class="row muted" id="description"></div>
<div class="row" id="params"></div>
<textarea id="query" spellcheck="false">
SELECT ?report ?year WHERE {{ ?report a fz:Report ; fz:reportYear ?year }}</textarea>
<div class="row"><button id="run">Run</button> <a id="csv" hidden download="results.csv">Download CSV</a>
<span id="status" class="muted"></span></div>
<div id="results"></div>
<script>{script}</script>
</body></html>
"""


def index_page() -> str:
    script = _SCRIPT.replace("__PREFIXES__", json.dumps(PREFIXES))
    return _INDEX.format(style=_STYLE, script=script, version=__version__)


def _term(binding: dict | None) -> str:
    if not binding:
        return ""
    if binding["type"] == "uri":
        iri = binding["value"]
        return f'<a href="resource?iri={quote(iri, safe="")}" title="{escape(iri)}">{escape(short_iri(iri))}</a>'
    if binding["type"] == "bnode":
        return f"_:{escape(binding['value'])}"
    note = (binding.get("xml:lang") and f"@{binding['xml:lang']}") or (
        binding.get("datatype") and short_iri(binding["datatype"]))
    suffix = f' <span class="muted">{escape(note)}</span>' if note else ""
    return escape(binding["value"]) + suffix


def _table(header: list[str], rows: list[dict], keys: list[str]) -> str:
    if not rows:
        return '<p class="muted">none</p>'
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{_term(r.get(k))}</td>" for k in keys) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def resource_page(iri: str, outgoing: list[dict], incoming: list[dict], evidence: list[dict]) -> str:
    """A resource's triples (both directions) and the evidence sentences behind it (``evidence`` query)."""
    title = escape(short_iri(iri))
    return f"""<!DOCTYPE html>
<html lang="zh"><head><meta charset="utf-8"><title>{title} · fzgraph</title>
<link rel="icon" href="data:,"><style>{_STYLE}</style></head>
<body>
<p><a href="./">← query page</a></p>
<h1>{title}</h1>
<p class="muted">{escape(iri)}</p>
<h2>Evidence ({len(evidence)})</h2>
{_table(["report", "year", "section", "surface", "sentence"], evidence,
        ["report", "year", "section", "surface", "sentence"])}
<h2>Properties ({len(outgoing)})</h2>
{_table(["predicate", "object"], outgoing, ["p", "o"])}
<h2>Referenced by ({len(incoming)})</h2>
{_table(["subject", "predicate"], incoming, ["s", "p"])}
</body></html>
"""
