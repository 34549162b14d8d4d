/// The page's own style sheet and script: constants of the program, the only text written into
/// the page unescaped (`HTMLNode.trusted`). Neither may contain `</style` or `</script`.
enum ReportAssets {
    static let css: StaticString = """
    :root{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;color:#1a1a1a;background:#fff}
    body{margin:0 auto;max-width:1200px;padding:0 1rem 3rem;line-height:1.4}
    header h1{margin:.8rem 0 .3rem;font-size:1.5rem}
    nav ul{list-style:none;padding:0;margin:0 0 1rem;display:flex;gap:1rem;flex-wrap:wrap}
    h2{border-bottom:2px solid #ddd;margin-top:2rem;padding-bottom:.2rem}
    section.long{content-visibility:auto;contain-intrinsic-size:auto 3000px}
    code,pre{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.9em}
    pre{white-space:pre-wrap;overflow-wrap:anywhere;margin:.3rem 0;background:#f6f6f6;padding:.3rem}
    table{border-collapse:collapse;width:100%;margin:.5rem 0;font-size:.9rem}
    th,td{border-bottom:1px solid #e3e3e3;padding:.2rem .4rem;text-align:left;vertical-align:top}
    th{background:#f2f2f2;position:sticky;top:0;z-index:2}
    th.num{text-align:right}
    th[data-sort]{cursor:pointer}
    th[aria-sort=ascending]::after{content:" \\25B2"}
    th[aria-sort=descending]::after{content:" \\25BC"}
    td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
    dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem}
    dl.facts dt{font-weight:600}
    dl.facts dd{margin:0;overflow-wrap:anywhere}
    ul.counts{list-style:none;padding:0;display:flex;gap:1.5rem;font-size:1.1rem}
    .status{font-weight:600}
    .status-1{color:#b00020}
    td.sev-error,tbody.sev-error>tr>td:first-child,.count.sev-error strong{color:#b00020;font-weight:600}
    td.sev-warning,tbody.sev-warning>tr>td:first-child,.count.sev-warning strong{color:#8a5a00;font-weight:600}
    td.sev-info,tbody.sev-info>tr>td:first-child,.count.sev-info strong{color:#0b5394}
    table.findings td:nth-child(-n+3),#rules-table td:first-child{white-space:nowrap}
    table.findings i{white-space:nowrap;font-style:normal}
    table.findings details{white-space:pre-wrap;overflow-wrap:anywhere;font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.85em}
    table.findings summary{white-space:normal;word-break:normal;font-family:system-ui,-apple-system,"Segoe UI",sans-serif;font-size:1.15em}
    ul.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.3rem 1rem}
    .sw{display:inline-block;width:.9em;height:.9em;border:1px solid #555;margin-right:.3em;vertical-align:-.1em}
    .sw,meter,svg.map{print-color-adjust:exact;-webkit-print-color-adjust:exact}
    .sw.reserved{background:repeating-linear-gradient(45deg,#fff 0 2px,#555 2px 3px)}
    .sw.quarantined{background:radial-gradient(#555 30%,#fff 35%) 0 0/4px 4px}
    .sw.free{background:#fff}
    .sw.mark{border-radius:50%;background:#b00020;border-color:#fff}
    figure.map-figure{margin:1.5rem 0;break-inside:avoid}
    figure.map-figure figcaption{margin:0 0 .3rem;font-size:.9rem}
    svg.map{display:block;width:100%;max-width:640px;height:auto;border:1px solid #555;shape-rendering:crispEdges}
    svg.map.wide{max-width:1100px}
    svg.map rect{stroke:#fff;stroke-width:.5px;vector-effect:non-scaling-stroke}
    svg.map .k-agent rect{stroke:none}
    svg.map rect.free{fill:#fff;stroke:none}
    svg.map rect:not([width]){width:1px;height:1px}
    svg.map .hatch{stroke:#555;stroke-width:.35}
    svg.map .dot{fill:#555}
    svg.map .held rect{stroke:#555}
    .k-region{fill-opacity:.2}.k-zone{fill-opacity:.5}.k-rack{fill-opacity:.75}.k-role,.k-agent{fill-opacity:1}
    .z0{fill:#E69F00;background:#E69F00}.z1{fill:#56B4E9;background:#56B4E9}.z2{fill:#009E73;background:#009E73}
    .z3{fill:#F0E442;background:#F0E442}.z4{fill:#0072B2;background:#0072B2}.z5{fill:#D55E00;background:#D55E00}
    .z6{fill:#CC79A7;background:#CC79A7}.z7{fill:#444444;background:#444444}.zn{fill:#bbbbbb;background:#bbbbbb}
    .zs1{filter:brightness(.6)}.zs2{filter:brightness(1.35) saturate(.55)}
    svg.map g.mark circle{stroke:#fff;stroke-width:1.5px;paint-order:stroke;vector-effect:non-scaling-stroke;shape-rendering:geometricPrecision}
    g.mark.sev-error circle{fill:#b00020}g.mark.sev-warning circle{fill:#8a5a00}g.mark.sev-info circle{fill:#0b5394}
    svg.map g.mark text{fill:#fff;font-family:system-ui,sans-serif;font-weight:700;text-anchor:middle;dominant-baseline:central;pointer-events:none}
    .map-info{min-height:1.4em;font-size:.9rem;white-space:pre-line}
    table.tree td:first-child{white-space:nowrap}
    .tree .d1 td:first-child{padding-left:1.4rem}.tree .d2 td:first-child{padding-left:2.6rem}
    .tree .d3 td:first-child{padding-left:3.8rem}.tree .d4 td:first-child,.tree .d5 td:first-child{padding-left:5rem}
    .tree .kind{color:#666;font-size:.85em}
    meter{width:8rem}
    ul.agents{margin:.3rem 0;padding:0;list-style:none;font-size:.85rem;font-family:ui-monospace,"DejaVu Sans Mono",monospace}
    ul.agents li{display:inline}ul.agents li+li::before{content:", "}
    form#findings-filter{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;margin:.5rem 0}
    form#findings-filter[hidden]{display:none}
    tr.loses td{color:#b00020;font-weight:600}
    tr.unjudged td{color:#666}
    summary{cursor:pointer}
    @media print{
      nav,form#findings-filter,.map-info{display:none}
      section.long{content-visibility:visible}
      body{max-width:none;padding:0}
      th{position:static}
      section{break-before:auto}
      h2{break-after:avoid}
      tr{break-inside:avoid}
      svg.map,svg.map.wide{max-width:100%}
      details::details-content{content-visibility:visible}
    }
    """

    /// Sorting and filtering of the findings table, the map's hover line, and opening every
    /// expandable row for printing. Reads and writes text only (`textContent`, `dataset`):
    /// nothing taken from the page becomes markup.
    static let script: StaticString = """
    (function () {
      'use strict';
      var table = document.getElementById('findings-table');
      var form = document.getElementById('findings-filter');
      if (table && form) {
        var body = table.tBodies[0];
        // Rows arrive most severe first, one tbody per severity whose class colours the
        // severity cells without script; that order is the severity column's sort key (kept in
        // a property, not an attribute: 10,000 attribute writes would cost a layout's worth).
        var rows = [];
        Array.prototype.forEach.call(table.tBodies, function (b) { rows = rows.concat(Array.prototype.slice.call(b.rows)); });
        rows.forEach(function (r, i) { r.ipauditOrder = i; });
        // Sorting mixes the severities in one tbody: the cells then carry their own colour.
        var coloured = false;
        var colourCells = function () {
          if (coloured) return;
          coloured = true;
          rows.forEach(function (r) { r.cells[0].className = 'sev-' + r.cells[0].textContent; });
          Array.prototype.forEach.call(table.tBodies, function (b) { b.className = ''; });
        };
        var shown = document.getElementById('findings-shown');
        var apply = function () {
          var rule = form.elements.rule.value, severity = form.elements.severity.value;
          var zone = form.elements.zone.value, text = form.elements.text.value.toLowerCase();
          var n = 0;
          for (var i = 0; i < rows.length; i++) {
            var r = rows[i], c = r.cells;
            var ok = (!rule || c[1].textContent === rule) && (!severity || c[0].textContent === severity) &&
              (!zone || c[3].textContent === zone) && (!text || r.textContent.toLowerCase().indexOf(text) >= 0);
            r.hidden = !ok;
            if (ok) n++;
          }
          shown.textContent = n + ' of ' + rows.length + ' shown';
        };
        form.addEventListener('input', apply);
        form.addEventListener('change', apply);
        form.addEventListener('submit', function (e) { e.preventDefault(); });
        form.hidden = false;
        apply();
        var pad = function (s, n) { while (s.length < n) s = '0' + s; return s; };
        // An address or prefix as text that sorts in numeric order: IPv4 before IPv6, each by
        // address then prefix length (an address alone is a full-length prefix); other text after.
        var addressKey = function (text) {
          if (!text) return '';
          var slash = text.indexOf('/'), a = slash < 0 ? text : text.slice(0, slash), length = slash < 0 ? '' : text.slice(slash + 1);
          var v4 = /^(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})$/;
          var m = v4.exec(a);
          if (m) return '4 ' + m.slice(1).map(function (o) { return pad(o, 3); }).join('.') + '/' + pad(length || '32', 3);
          if (a.indexOf(':') < 0 || !/^[0-9A-Fa-f:.]+$/.test(a)) return '9 ' + text;
          var halves = a.split('::');
          var head = halves[0] ? halves[0].split(':') : [], tail = halves.length > 1 && halves[1] ? halves[1].split(':') : [];
          var groups = head.concat(tail);
          var last = groups.length ? groups[groups.length - 1] : '';
          var embedded = v4.exec(last);
          if (embedded) {
            // ::ffff:192.0.2.1 — the dotted tail is the last two groups.
            var o = embedded.slice(1).map(Number);
            var tailGroups = [(o[0] * 256 + o[1]).toString(16), (o[2] * 256 + o[3]).toString(16)];
            if (tail.length) tail.splice(tail.length - 1, 1, tailGroups[0], tailGroups[1]); else head.splice(head.length - 1, 1, tailGroups[0], tailGroups[1]);
          }
          var zeros = [];
          for (var z = head.length + tail.length; z < 8; z++) zeros.push('0');
          groups = halves.length > 1 ? head.concat(zeros, tail) : head;
          return '6 ' + groups.map(function (g) { return pad(g.toLowerCase(), 4); }).join(':') + '/' + pad(length || '128', 3);
        };
        var heads = table.tHead.rows[0].cells;
        var sortBy = function (column, th) {
          colourCells();
          var descending = th.getAttribute('aria-sort') === 'ascending';
          for (var h = 0; h < heads.length; h++) heads[h].removeAttribute('aria-sort');
          th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
          var how = th.dataset.sort;
          var key = function (r) {
            return how === 'rank' ? r.ipauditOrder : how === 'address' ? addressKey(r.cells[column].textContent) : r.cells[column].textContent;
          };
          var keyed = rows.map(function (r, i) { return [key(r), i, r]; });
          keyed.sort(function (a, b) {
            var c = a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1];
            return descending ? -c : c;
          });
          var fragment = document.createDocumentFragment();
          rows = keyed.map(function (k) { fragment.appendChild(k[2]); return k[2]; });
          body.appendChild(fragment);
        };
        Array.prototype.forEach.call(heads, function (th, column) {
          th.tabIndex = 0;
          th.addEventListener('click', function () { sortBy(column, th); });
          // Enter and Space, as for a button (Space would otherwise scroll the page).
          th.addEventListener('keydown', function (e) {
            if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sortBy(column, th); }
          });
        });
      }
      Array.prototype.forEach.call(document.querySelectorAll('svg.map'), function (svg) {
        var info = document.createElement('p');
        info.className = 'map-info';
        svg.parentNode.insertBefore(info, svg.nextSibling);
        // The hovered block's title (a mark's is on its group); an agent slice's group title
        // adds its path and size.
        svg.addEventListener('mouseover', function (e) {
          var target = (e.target.closest && e.target.closest('g.mark')) || e.target;
          var t = target.querySelector && target.querySelector(':scope > title');
          var g = target.parentNode && target.parentNode.querySelector(':scope > title');
          var parts = g ? g.textContent.split(' · ') : [];
          info.textContent = !t ? '' : !g ? t.textContent :
            parts[0] + '/' + t.textContent + ' · ' + parts.slice(1).join(' · ');
        });
      });
      var closed = [];
      window.addEventListener('beforeprint', function () {
        closed = Array.prototype.filter.call(document.querySelectorAll('details'), function (d) { return !d.open; });
        closed.forEach(function (d) { d.open = true; });
      });
      window.addEventListener('afterprint', function () { closed.forEach(function (d) { d.open = false; }); });
    })();
    """
}
