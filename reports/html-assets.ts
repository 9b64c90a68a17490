// The HTML report's one stylesheet and one script. Both are constants: no data ever goes into
// them, so the Content-Security-Policy can allow exactly these two by their hashes and nothing else.
// The script only reads the data- attributes and form controls the renderer wrote; without it the
// page is complete, only unfiltered and in rank order.

export const STYLE = `
:root {
  --ink: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa; --accent: #0b5cad;
  --critical: #8e1b1b; --high: #cf222e; --medium: #b35900; --low: #0969da; --info: #6e7781;
  --unknown: #6f42c1; --ok: #1a7f37;
  color-scheme: light;
}
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", Roboto, sans-serif; color: var(--ink); background: #fff; }
main, header.page, footer { max-width: 1320px; margin: 0 auto; padding: 0 24px; }
header.page { padding-top: 20px; padding-bottom: 8px; border-bottom: 1px solid var(--line); }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 16px; margin: 0 0 6px; }
h4 { font-size: 13px; margin: 14px 0 4px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
p { margin: 6px 0; }
code, pre, .mono { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px; }
pre { background: var(--soft); border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; overflow-x: auto; white-space: pre-wrap; overflow-wrap: anywhere; margin: 6px 0; }
a { color: var(--accent); }
.meta { color: var(--muted); margin: 2px 0; }
.meta strong { color: var(--ink); font-weight: 600; }
nav.toc { margin: 10px 0 0; display: flex; gap: 16px; flex-wrap: wrap; font-size: 14px; }
.banner { border-left: 4px solid var(--unknown); background: #f5f0ff; padding: 8px 12px; margin: 12px 0; border-radius: 0 6px 6px 0; }
.overview { display: flex; gap: 28px; flex-wrap: wrap; align-items: flex-start; }
.numbers { display: grid; grid-template-columns: repeat(2, minmax(140px, auto)); gap: 8px 20px; margin: 0; }
.numbers div { border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; }
.numbers dt { color: var(--muted); font-size: 13px; }
.numbers dd { margin: 0; font-size: 22px; font-weight: 600; }
.chart text { font-size: 13px; fill: var(--ink); }
.chart .count { font-weight: 600; }
.chart .track { fill: var(--soft); }
.bar-critical { fill: var(--critical); } .bar-high { fill: var(--high); } .bar-medium { fill: var(--medium); } .bar-low { fill: var(--low); } .bar-info { fill: var(--info); }
.accounts { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 14px; }
.account { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; break-inside: avoid; }
.account .sub { color: var(--muted); font-size: 13px; margin: 0 0 6px; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--line); overflow-wrap: break-word; }
th { font-size: 13px; color: var(--muted); font-weight: 600; background: var(--soft); }
.posture-item { margin: 8px 0 0; padding-top: 6px; border-top: 1px solid var(--line); }
.posture-item h4 { margin: 0 0 2px; display: flex; gap: 8px; align-items: center; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 600; color: #fff; white-space: nowrap; }
.sev-critical { background: var(--critical); } .sev-high { background: var(--high); } .sev-medium { background: var(--medium); } .sev-low { background: var(--low); } .sev-info { background: var(--info); }
.st-unknown, .posture-unknown { background: #fff; color: var(--unknown); border: 1px solid var(--unknown); }
.st-suppressed { background: #fff; color: var(--muted); border: 1px solid var(--muted); }
.st-new { background: #fff; color: var(--text, #111); border: 1px solid currentColor; font-weight: 600; }
.posture-ok { background: var(--ok); } .posture-gaps { background: var(--high); } .posture-not-assessed { background: #fff; color: var(--muted); border: 1px solid var(--muted); }
.next { color: var(--muted); }
.filters { display: flex; flex-wrap: wrap; gap: 10px 18px; align-items: center; padding: 10px 12px; border: 1px solid var(--line); border-radius: 8px; background: var(--soft); margin: 8px 0; }
.filters[hidden] { display: none; }
.filters fieldset { border: 0; padding: 0; margin: 0; display: flex; gap: 10px; align-items: center; }
.filters legend { float: left; font-weight: 600; margin-right: 6px; }
.filters select, .filters input[type=search], .filters button { font: inherit; font-size: 14px; padding: 3px 6px; }
.filters input[type=search] { min-width: 240px; }
#shown { color: var(--muted); margin: 4px 0 8px; }
table.findings { table-layout: fixed; }
table.findings col.c-rank { width: 44px; } table.findings col.c-score { width: 64px; } table.findings col.c-sev { width: 108px; }
table.findings col.c-check { width: 21%; } table.findings col.c-resource { width: 20%; } table.findings col.c-where { width: 13%; }
table.findings > thead th { position: sticky; top: 0; z-index: 1; }
table.findings td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.findings td.score { font-weight: 700; }
tbody.finding > tr.row > td { border-bottom: 0; }
tbody.finding > tr.detail > td { padding-top: 0; }
tbody.finding:nth-of-type(even) { background: #fbfcfd; }
th button.sort { font: inherit; color: inherit; background: none; border: 0; padding: 0; cursor: pointer; }
th button.sort::after { content: " \\2195"; color: var(--line); }
th[aria-sort=ascending] button.sort::after { content: " \\2191"; color: var(--ink); }
th[aria-sort=descending] button.sort::after { content: " \\2193"; color: var(--ink); }
details > summary { cursor: pointer; color: var(--accent); font-size: 14px; }
.detail-body { border-left: 3px solid var(--line); margin: 6px 0 10px 4px; padding: 2px 0 2px 14px; }
.detail-body section { break-inside: avoid; }
table.reasons { width: auto; min-width: 60%; table-layout: auto; }
table.reasons td.mono { white-space: nowrap; }
table.reasons td.points { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; font-weight: 600; }
table.reasons tfoot td { border-top: 2px solid var(--ink); font-weight: 700; }
ol.timeline { list-style: none; margin: 6px 0; padding: 0 0 0 14px; border-left: 2px solid var(--high); }
ol.timeline li { position: relative; margin: 0 0 8px; padding-left: 8px; }
ol.timeline li::before { content: ""; position: absolute; left: -21px; top: 7px; width: 10px; height: 10px; border-radius: 50%; background: var(--high); }
ol.timeline .when { color: var(--muted); font-size: 13px; display: block; }
ul.plain { margin: 4px 0; padding-left: 18px; }
svg.path { display: block; max-width: 100%; height: auto; margin: 6px 0; }
svg.path .node rect { fill: #fff; stroke: var(--muted); stroke-width: 1.2; }
svg.path .node-snapshot rect, svg.path .node-image rect { fill: #eef5ff; stroke: var(--low); }
svg.path .node-disk rect { fill: #f3f4f6; }
svg.path .node-resource rect { fill: #fff8e6; stroke: var(--medium); stroke-width: 2; }
svg.path .node-port rect { fill: #fff0f0; stroke: var(--high); }
svg.path .node-internet rect, svg.path .node-audience rect { fill: #ffe9e9; stroke: var(--critical); stroke-width: 2; }
svg.path .caption { font-size: 11px; fill: var(--muted); text-transform: uppercase; letter-spacing: .05em; }
svg.path .value { font-size: 13px; fill: var(--ink); font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
svg.path .edge { fill: none; stroke: var(--muted); stroke-width: 1.6; }
svg.path .arrowhead { fill: var(--muted); }
.gaps td.status { white-space: nowrap; font-weight: 600; color: var(--unknown); }
footer { color: var(--muted); font-size: 13px; padding-top: 24px; padding-bottom: 24px; }
@media print {
  body { font-size: 11pt; background: #fff; color: #000; }
  main, header.page, footer { max-width: none; padding: 0; }
  nav.toc, .filters, #shown, details > summary { display: none !important; }
  tbody.finding[hidden] { display: table-row-group !important; }
  details::details-content { content-visibility: visible; display: block; }
  tbody.finding, .account, .detail-body section, tr { break-inside: avoid; page-break-inside: avoid; }
  h2, h3 { break-after: avoid; }
  table.findings > thead th { position: static; }
  th button.sort::after { content: none; }
  .screen-only { display: none; }
  th, pre, .numbers div, .banner, tbody.finding:nth-of-type(even) { background: #fff !important; }
  .badge { color: #000 !important; background: #fff !important; border: 1px solid #000; }
  a { color: #000; }
}
`;

/** Filters, sorting and opening every finding for print. Reads only data- attributes and controls. */
export const SCRIPT = `
(function () {
  'use strict';
  var filters = document.getElementById('filters');
  var table = document.getElementById('findings-table');
  var shown = document.getElementById('shown');
  if (!filters || !table || !shown) return;
  var rows = Array.prototype.slice.call(table.tBodies);
  var controls = Array.prototype.slice.call(filters.querySelectorAll('[data-filter]'));
  function apply() {
    var severities = [];
    var want = {};
    var text = '';
    controls.forEach(function (control) {
      var name = control.getAttribute('data-filter');
      if (name === 'severity') {
        if (control.checked) severities.push(control.value);
      } else if (name === 'text') {
        text = control.value.trim().toLowerCase();
      } else if (control.value) {
        want[name] = control.value;
      }
    });
    var count = 0;
    rows.forEach(function (row) {
      var d = row.dataset;
      var visible = severities.indexOf(d.severity) !== -1 &&
        (!want.provider || d.provider === want.provider) &&
        (!want.account || d.account === want.account) &&
        (!want.status || d.status === want.status) &&
        (!text || (d.text || '').indexOf(text) !== -1);
      row.hidden = !visible;
      if (visible) count += 1;
    });
    shown.textContent = count === rows.length ? 'Showing all ' + rows.length + ' findings.' : 'Showing ' + count + ' of ' + rows.length + ' findings.';
  }
  controls.forEach(function (control) {
    control.addEventListener(control.getAttribute('data-filter') === 'text' ? 'input' : 'change', apply);
  });
  var reset = filters.querySelector('[data-action=reset]');
  if (reset) {
    reset.addEventListener('click', function () {
      controls.forEach(function (control) {
        if (control.type === 'checkbox') control.checked = true;
        else control.value = '';
      });
      apply();
    });
  }
  var headers = Array.prototype.slice.call(table.tHead.querySelectorAll('th[data-sort]'));
  headers.forEach(function (th) {
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'sort';
    while (th.firstChild) button.appendChild(th.firstChild);
    th.appendChild(button);
    button.addEventListener('click', function () {
      var key = th.getAttribute('data-sort');
      var numeric = th.getAttribute('data-type') === 'number';
      var now = th.getAttribute('aria-sort');
      var direction = now === 'ascending' ? 'descending' : now === 'descending' ? 'ascending' : (th.getAttribute('data-first') || 'ascending');
      headers.forEach(function (other) { other.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', direction);
      var sign = direction === 'ascending' ? 1 : -1;
      rows.slice().sort(function (a, b) {
        var x = a.dataset[key] || '';
        var y = b.dataset[key] || '';
        var order = numeric ? Number(x) - Number(y) : x.localeCompare(y);
        return sign * order || Number(a.dataset.rank) - Number(b.dataset.rank);
      }).forEach(function (row) { table.appendChild(row); });
    });
  });
  var opened = [];
  window.addEventListener('beforeprint', function () {
    Array.prototype.slice.call(document.querySelectorAll('details:not([open])')).forEach(function (d) {
      d.open = true;
      opened.push(d);
    });
  });
  window.addEventListener('afterprint', function () {
    opened.forEach(function (d) { d.open = false; });
    opened = [];
  });
  filters.hidden = false;
  apply();
})();
`;
