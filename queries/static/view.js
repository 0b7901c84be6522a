/* biokg view: therapies in the middle, targets left, diseases and outcomes right.
 * Data shape: see biokg.queries.view.collect_view. No network access unless served (BIOKG_API). */
(function () {
  "use strict";

  var COLORS = {
    DRUG: "#2b6cb0", GENE: "#c53030", DISEASE: "#6b46c1", OUTCOME: "#2f855a",
    CELL_TYPE: "#dd6b20", ORGANIZATION: "#8b5e34", PERSON: "#d53f8c", TRIAL: "#718096"
  };
  var EDGE_COLORS = { TARGETS: "#e53e3e", TREATS: "#805ad5", HAS_OUTCOME: "#38a169", BRAND_OF: "#a0aec0" };
  var SHAPES = { therapy: "round-rectangle", brand: "round-rectangle", target: "diamond",
                 disease: "hexagon", outcome: "ellipse", other: "ellipse" };
  var COLUMN = { target: 0, therapy: 1, brand: 1, disease: 2, outcome: 2, other: 3 };
  var state = { data: null, cy: null, rows: [], nodes: {}, edges: {}, adjacent: {}, shown: {}, overview: false,
                sort: { column: "article_count", down: true } };
  var NUMERIC = { confidence: true, evidence_count: true, article_count: true };
  // Past these sizes the view opens on an overview (the therapies with most articles and their
  // strongest links); search and a click on a node bring in the rest, a neighbourhood at a time.
  var OVERVIEW_THERAPIES = 20, OVERVIEW_NODES = 300, NEIGHBOURS = 8;

  function $(id) { return document.getElementById(id); }
  function esc(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  // Same folding as biokg.identity.normalise_name, minus the spaces: "B-ALL" == "b all" == "ball".
  function fold(text) { return String(text || "").toLowerCase().replace(/[^0-9a-z]+/g, ""); }

  function pct(rate) {
    if (rate == null || rate === "") return "";
    var x = Number(rate);
    if (isNaN(x)) return String(rate);
    return (x <= 1 ? Math.round(x * 1000) / 10 : x) + "%";
  }
  function numbers(f) {
    var count = f.n != null && f.N != null ? f.n + "/" + f.N : (f.N != null ? "N=" + f.N : "");
    if (f.rate == null) return count;
    return pct(f.rate) + (count ? " (" + count + ")" : "");
  }
  function findingsOf(edgeId) { return (state.data.findings || {})[edgeId] || []; }
  function evidenceOf(edgeId) { return (state.data.evidence || {})[edgeId] || []; }

  // Only outcome edges carry a label (their numbers); colour tells the other predicates apart.
  function edgeLabel(e) {
    if (e.predicate !== "HAS_OUTCOME") return "";
    return findingsOf(e.id).map(numbers).filter(Boolean).join("; ");
  }

  // Column layout; rows ordered by the mean row of their neighbours to limit crossings.
  function positions(nodes, edges) {
    var col = {}, nbrs = {}, pos = {};
    nodes.forEach(function (n) { col[n.id] = COLUMN[n.role] != null ? COLUMN[n.role] : 3; nbrs[n.id] = []; });
    edges.forEach(function (e) { nbrs[e.source].push(e.target); nbrs[e.target].push(e.source); });
    var byName = function (a, b) { return a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1; };
    var middle = nodes.filter(function (n) { return col[n.id] === 1; });
    var generics = middle.filter(function (n) { return n.role === "therapy"; }).sort(byName);
    var placed = [];
    generics.forEach(function (g) {
      placed.push(g);
      middle.forEach(function (b) {
        if (b.role === "brand" && nbrs[b.id].indexOf(g.id) >= 0 && placed.indexOf(b) < 0) placed.push(b);
      });
    });
    middle.forEach(function (b) { if (placed.indexOf(b) < 0) placed.push(b); });
    var row = {};
    placed.forEach(function (n, i) { row[n.id] = i; });
    [0, 2, 3].forEach(function (c) {
      var colNodes = nodes.filter(function (n) { return col[n.id] === c; });
      colNodes.forEach(function (n) {
        var rs = nbrs[n.id].filter(function (m) { return row[m] != null; }).map(function (m) { return row[m]; });
        n._bary = rs.length ? rs.reduce(function (a, b) { return a + b; }, 0) / rs.length : 1e9;
        // Diseases above outcomes on the right-hand side.
        if (n.role === "outcome") n._bary += 0.5;
      });
      colNodes.sort(function (a, b) {
        if (a.role !== b.role && c === 2) return a.role === "disease" ? -1 : 1;
        return a._bary - b._bary || byName(a, b);
      });
      var offset = (placed.length - colNodes.length) / 2;
      colNodes.forEach(function (n, i) { row[n.id] = Math.max(0, offset) + i; });
    });
    nodes.forEach(function (n) { pos[n.id] = { x: col[n.id] * 330, y: row[n.id] * 70 }; });
    return pos;
  }

  function elements(data) {
    var pos = positions(data.nodes, data.edges), els = [];
    data.nodes.forEach(function (n) {
      var articles = (state.adjacent[n.id] || []).reduce(function (a, e) { return a + (e.article_count || 0); }, 0);
      var size = Math.min(64, 22 + 6 * Math.log2(1 + articles));
      els.push({ group: "nodes", data: { id: n.id, name: n.name, type: n.type, role: n.role, size: size,
        color: COLORS[n.type] || "#999", shape: SHAPES[n.role] || "ellipse" }, position: pos[n.id] });
    });
    data.edges.forEach(function (e) {
      var width = Math.min(12, 1.5 + 2 * Math.log2(1 + (e.evidence_count || 0)));
      els.push({ group: "edges", data: { id: e.id, source: e.source, target: e.target,
        predicate: e.predicate, confidence: e.confidence, width: width, label: edgeLabel(e),
        color: EDGE_COLORS[e.predicate] || "#a0aec0" } });
    });
    return els;
  }

  function nodeById(id) { return state.nodes[id] || null; }
  function edgeById(id) { return state.edges[id] || null; }
  function index(data) {
    state.nodes = {}; state.edges = {}; state.adjacent = {};
    data.nodes.forEach(function (n) { state.nodes[n.id] = n; state.adjacent[n.id] = []; });
    data.edges.forEach(function (e) {
      state.edges[e.id] = e;
      if (state.adjacent[e.source]) state.adjacent[e.source].push(e);
      if (state.adjacent[e.target]) state.adjacent[e.target].push(e);
    });
  }
  function byWeight(a, b) {
    return (b.article_count || 0) - (a.article_count || 0) || (b.evidence_count || 0) - (a.evidence_count || 0) ||
      (a.id < b.id ? -1 : 1);
  }
  // Bring in `id` and its `limit` strongest links' other ends.
  function reveal(id, limit) {
    state.shown[id] = true;
    (state.adjacent[id] || []).slice().sort(byWeight).slice(0, limit).forEach(function (e) {
      state.shown[e.source] = true; state.shown[e.target] = true;
    });
  }
  function initialShown(data) {
    state.shown = {};
    var therapies = data.nodes.filter(function (n) { return n.role === "therapy"; });
    state.overview = therapies.length > OVERVIEW_THERAPIES || data.nodes.length > OVERVIEW_NODES;
    if (!state.overview) { data.nodes.forEach(function (n) { state.shown[n.id] = true; }); return; }
    var weight = function (n) { return (state.adjacent[n.id] || []).reduce(function (a, e) { return a + (e.article_count || 0); }, 0); };
    therapies.map(function (n) { return { n: n, w: weight(n) }; })
      .sort(function (a, b) { return b.w - a.w || (a.n.name < b.n.name ? -1 : 1); })
      .slice(0, OVERVIEW_THERAPIES).forEach(function (t) { reveal(t.n.id, NEIGHBOURS); });
  }
  function shownData() {
    var nodes = state.data.nodes.filter(function (n) { return state.shown[n.id]; });
    var edges = state.data.edges.filter(function (e) { return state.shown[e.source] && state.shown[e.target]; });
    return { nodes: nodes, edges: edges };
  }
  // Columns read well for a selection (tens of therapies); an overview of hundreds of entities
  // in columns is a thin sliver, so there Cytoscape's force-directed layout (cose, built in)
  // spreads it, starting from the columns.
  function layoutOptions() {
    if (!state.overview) return { name: "preset", fit: true, padding: 40 };
    return { name: "cose", animate: false, randomize: false, fit: true, padding: 30,
      numIter: 600, nodeRepulsion: function () { return 60000; }, idealEdgeLength: function () { return 60; },
      nodeOverlap: 20, gravity: 1.2 };
  }
  function draw() {
    var cy = state.cy;
    cy.batch(function () { cy.elements().remove(); cy.add(elements(shownData())); });
    applyFilters();
    cy.layout(layoutOptions()).run();
  }
  // Served, with more links in the store than the page holds: a node's neighbourhood comes from
  // the store (the view around it), merged into what the page has.
  function fetchAround(id) {
    var q = "?query=neighbourhood&param.entity=" + encodeURIComponent(id) + "&param.hops=1";
    return fetch(window.BIOKG_API + "/view" + q).then(function (r) { return r.ok ? r.json() : null; })
      .then(function (more) { if (more) merge(more); });
  }
  function merge(more) {
    var data = state.data;
    more.nodes.forEach(function (n) { if (!state.nodes[n.id]) data.nodes.push(n); });
    more.edges.forEach(function (e) { if (!state.edges[e.id]) data.edges.push(e); });
    ["evidence", "findings"].forEach(function (k) {
      data[k] = data[k] || {};
      Object.keys(more[k] || {}).forEach(function (sid) { if (!data[k][sid]) data[k][sid] = more[k][sid]; });
    });
    index(data);
  }
  function fromStore() {
    return window.BIOKG_API && state.data && (state.data.selection || {}).truncated;
  }
  function expand(id) {
    if (fromStore()) {
      document.body.removeAttribute("data-ready");
      return fetchAround(id).then(function () { expandHere(id); buildFilters(); applyFilters(); })
        .finally(function () { document.body.setAttribute("data-ready", "true"); });
    }
    expandHere(id);
    return Promise.resolve();
  }
  function expandHere(id) {
    if (!state.nodes[id]) return;
    var before = Object.keys(state.shown).length;
    reveal(id, 50);
    if (Object.keys(state.shown).length !== before || !state.cy.getElementById(id).length) draw();
    state.cy.$(":selected").unselect();
    state.cy.getElementById(id).select();
  }

  // ---- evidence panel -------------------------------------------------------------------------
  function spans(sentence, names, cls) {
    var found = [];
    names.forEach(function (name) {
      if (!name || name.length < 2) return;
      var pattern = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/[\s\-‐–]+/g, "[\\s\\-‐–]*");
      var re = new RegExp("(^|[^0-9A-Za-z])(" + pattern + ")(?![0-9A-Za-z])", "gi"), m;
      while ((m = re.exec(sentence)) !== null) {
        var start = m.index + m[1].length;
        found.push({ start: start, end: start + m[2].length, cls: cls });
        if (re.lastIndex === m.index) re.lastIndex++;
      }
    });
    return found;
  }
  function highlight(sentence, subject, object) {
    var marks = spans(sentence, [subject.name].concat(subject.aliases || []), "subject")
      .concat(spans(sentence, [object.name].concat(object.aliases || []), "object"));
    // Longest first, then drop overlaps so each character is marked once.
    marks.sort(function (a, b) { return (b.end - b.start) - (a.end - a.start) || a.start - b.start; });
    var kept = [];
    marks.forEach(function (m) {
      if (!kept.some(function (k) { return m.start < k.end && k.start < m.end; })) kept.push(m);
    });
    kept.sort(function (a, b) { return a.start - b.start; });
    var html = "", at = 0;
    kept.forEach(function (m) {
      html += esc(sentence.slice(at, m.start)) + '<mark class="' + m.cls + '">' +
        esc(sentence.slice(m.start, m.end)) + "</mark>";
      at = m.end;
    });
    return html + esc(sentence.slice(at));
  }
  // Only http(s) addresses become links: a document's URL comes from its source, and a
  // "javascript:" or "data:" URL would run in this page when clicked.
  function webUrl(url) {
    var text = String(url == null ? "" : url).trim();
    return /^https?:\/\/[^\s]/i.test(text) ? text : null;
  }
  function articleLink(r) {
    var title = esc(r.title || r.article_id || "article");
    var url = webUrl(r.url);
    var link = url ? '<a href="' + esc(url) + '" target="_blank" rel="noopener noreferrer">' + title + "</a>" : title;
    var ids = r.article_id ? ' <span class="tag">' + esc(r.article_id) + "</span>" : "";
    return '<span class="source">' + link + ids + "</span>";
  }
  function edgeHtml(e) {
    var s = nodeById(e.source) || { name: e.source }, o = nodeById(e.target) || { name: e.target };
    var html = "<h3>" + esc(s.name) + " —" + esc(e.predicate) + "→ " + esc(o.name) + "</h3>";
    html += '<p class="meta">confidence ' + Number(e.confidence || 0).toFixed(2) + " · " +
      e.evidence_count + " sentence(s) · " + e.article_count + " article(s)</p>";
    var fs = findingsOf(e.id);
    if (fs.length) {
      html += '<table class="findings"><tr><th>rate</th><th>n/N</th><th>population</th><th>duration</th><th>dose</th><th>article</th></tr>';
      fs.forEach(function (f) {
        html += "<tr><td>" + esc(pct(f.rate)) + "</td><td>" + esc(f.n != null ? f.n + "/" + (f.N != null ? f.N : "?") : "") +
          "</td><td>" + esc(f.population || (f.diseases || []).join(", ")) + "</td><td>" + esc(f.duration) +
          "</td><td>" + esc(f.dose) + "</td><td>" + articleLink(f) + "</td></tr>";
      });
      html += "</table>";
    }
    evidenceOf(e.id).forEach(function (ev) {
      html += '<div class="sentence' + (ev.negated ? " negated" : "") + '">' + highlight(ev.sentence || "", s, o) +
        (ev.negated ? '<span class="tag neg">negated</span>' : "") +
        '<span class="tag">' + Number(ev.confidence || 0).toFixed(2) + "</span>" + articleLink(ev) + "</div>";
    });
    if (!evidenceOf(e.id).length) html += '<p class="meta">No evidence sentences loaded for this link.</p>';
    return html;
  }
  function showEdge(id) {
    var e = edgeById(id);
    if (!e) return;
    $("panel-body").innerHTML = edgeHtml(e);
    $("panel-body").setAttribute("data-edge", id);
    openPanel();
  }
  function showNode(id) {
    var n = nodeById(id);
    if (!n) return;
    var html = "<h3>" + esc(n.name) + ' <span class="tag">' + esc(n.type) + "</span></h3>";
    html += '<p class="meta">' + esc(n.id) + (n.aliases && n.aliases.length ? " · also: " + esc(n.aliases.join(", ")) : "") + "</p>";
    var mine = (state.adjacent[id] || []).slice().sort(byWeight);
    mine.forEach(function (e) {
      html += '<p><span class="edge-link" data-edge="' + esc(e.id) + '">' +
        esc((nodeById(e.source) || {}).name) + " —" + esc(e.predicate) + "→ " + esc((nodeById(e.target) || {}).name) +
        "</span></p>";
      var s = nodeById(e.source) || {}, o = nodeById(e.target) || {};
      evidenceOf(e.id).slice(0, 3).forEach(function (ev) {
        html += '<div class="sentence' + (ev.negated ? " negated" : "") + '">' + highlight(ev.sentence || "", s, o) + articleLink(ev) + "</div>";
      });
    });
    $("panel-body").innerHTML = html;
    $("panel-body").removeAttribute("data-edge");
    openPanel();
  }
  // The panel takes width from the graph: tell Cytoscape, and refit once when it first opens.
  function openPanel() {
    var wasHidden = $("evidence-panel").hidden;
    $("evidence-panel").hidden = false;
    if (wasHidden && state.cy) {
      state.cy.resize();
      state.cy.fit(state.cy.elements(":visible"), 40);
    }
  }

  // ---- filters, search, table -----------------------------------------------------------------
  function checked(containerId) {
    var out = {};
    Array.prototype.forEach.call($(containerId).querySelectorAll("input"), function (i) { out[i.value] = i.checked; });
    return out;
  }
  function buildFilters() {
    var types = {}, preds = {};
    state.data.nodes.forEach(function (n) { types[n.type] = true; });
    state.data.edges.forEach(function (e) { preds[e.predicate] = true; });
    $("filter-types").innerHTML = Object.keys(types).sort().map(function (t) {
      return '<label><input type="checkbox" value="' + esc(t) + '" checked><span class="swatch" style="background:' +
        (COLORS[t] || "#999") + '"></span>' + esc(t) + "</label>";
    }).join("");
    $("filter-predicates").innerHTML = Object.keys(preds).sort().map(function (p) {
      return '<label><input type="checkbox" value="' + esc(p) + '" checked><span class="swatch" style="background:' +
        (EDGE_COLORS[p] || "#a0aec0") + '"></span>' + esc(p) + "</label>";
    }).join("");
  }
  function visibleEdges() {
    var types = checked("filter-types"), preds = checked("filter-predicates");
    var minConf = Number($("filter-confidence").value), since = $("filter-since").value;
    return state.data.edges.filter(function (e) {
      if (!state.shown[e.source] || !state.shown[e.target]) return false;
      if (since && !(e.last_seen && e.last_seen >= since)) return false;
      var s = nodeById(e.source), o = nodeById(e.target);
      return preds[e.predicate] && Number(e.confidence || 0) >= minConf - 1e-9 && s && o && types[s.type] && types[o.type];
    });
  }
  function applyFilters() {
    $("confidence-value").textContent = Number($("filter-confidence").value).toFixed(2);
    var keep = visibleEdges(), edgeIds = {}, nodeIds = {};
    keep.forEach(function (e) { edgeIds[e.id] = true; nodeIds[e.source] = true; nodeIds[e.target] = true; });
    var cy = state.cy;
    cy.batch(function () {
      cy.edges().forEach(function (e) { e.style("display", edgeIds[e.id()] ? "element" : "none"); });
      cy.nodes().forEach(function (n) { n.style("display", nodeIds[n.id()] ? "element" : "none"); });
    });
    $("summary").textContent = Object.keys(nodeIds).length + " of " + state.data.nodes.length + " entities, " +
      keep.length + " of " + state.data.edges.length + " links shown" + (state.overview
        ? " — an overview: the " + OVERVIEW_THERAPIES + " therapies with most articles and their strongest links; click a node to expand it, search to find any entity"
        : "") + ((state.data.selection || {}).truncated
        ? ". The graph has more links than this view holds (" + state.data.selection.limit + ", the most stated): choose a disease or target to see the rest"
        : "");
    renderTable(keep);
  }
  function search() {
    var q = fold($("search").value), cy = state.cy, list = $("search-results");
    cy.elements().removeClass("match faded");
    list.innerHTML = "";
    if (!q) return;
    var hits = state.data.nodes.filter(function (n) {
      return [n.name, n.id].concat(n.aliases || []).some(function (s) { return fold(s).indexOf(q) >= 0; });
    });
    hits.sort(function (a, b) { return (fold(a.name) === q ? 0 : 1) - (fold(b.name) === q ? 0 : 1) || (a.name < b.name ? -1 : 1); });
    list.innerHTML = hits.slice(0, 50).map(function (n) {
      return '<li data-id="' + esc(n.id) + '">' + esc(n.name) + ' <span class="tag">' + esc(n.type) + "</span></li>";
    }).join("") || "<li>no match</li>";
    if (!hits.length && fromStore()) searchStore($("search").value);
    if (!hits.length) return;
    var matched = cy.collection();
    hits.forEach(function (n) { matched = matched.union(cy.getElementById(n.id)); });
    cy.elements().addClass("faded");
    matched.removeClass("faded").addClass("match");
    matched.connectedEdges().removeClass("faded");
    matched.neighborhood().nodes().removeClass("faded");
    // No animation: positions are final as soon as the search returns (what a click needs).
    cy.fit(matched.closedNeighborhood(), 60);
  }
  // Served, with more in the store than in the page: entities the page lacks, by name.
  function searchStore(text) {
    fetch(window.BIOKG_API + "/query/entity_search?text=" + encodeURIComponent(text))
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (rows) {
        if ($("search").value !== text || !rows.length) return;
        $("search-results").innerHTML = rows.slice(0, 50).map(function (n) {
          return '<li data-id="' + esc(n.id) + '">' + esc(n.name) + ' <span class="tag">' + esc(n.type) + "</span></li>";
        }).join("");
      });
  }
  var COLUMNS = ["source", "predicate", "target", "target_type", "confidence", "evidence_count", "article_count", "last_seen", "numbers", "articles"];
  function tableRows(edges) {
    return edges.map(function (e) {
      var titles = {};
      evidenceOf(e.id).forEach(function (ev) { titles[ev.title || ev.article_id] = true; });
      findingsOf(e.id).forEach(function (f) { titles[f.title || f.article_id] = true; });
      return { id: e.id, source: (nodeById(e.source) || {}).name, predicate: e.predicate,
        target: (nodeById(e.target) || {}).name, target_type: (nodeById(e.target) || {}).type,
        confidence: Number(e.confidence || 0).toFixed(2), evidence_count: e.evidence_count,
        article_count: e.article_count, last_seen: e.last_seen || "", numbers: findingsOf(e.id).map(numbers).filter(Boolean).join("; "),
        articles: Object.keys(titles).filter(Boolean).join("; ") };
    });
  }
  function csv(rows) {
    var cell = function (v) { v = v == null ? "" : String(v); return /[",\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v; };
    return [COLUMNS.join(",")].concat(rows.map(function (r) { return COLUMNS.map(function (c) { return cell(r[c]); }).join(","); })).join("\n") + "\n";
  }
  function sortRows(rows) {
    var c = state.sort.column, sign = state.sort.down ? -1 : 1;
    return rows.sort(function (a, b) {
      var x = a[c], y = b[c];
      if (NUMERIC[c]) { x = Number(x || 0); y = Number(y || 0); } else { x = String(x || "").toLowerCase(); y = String(y || "").toLowerCase(); }
      return (x < y ? -1 : x > y ? 1 : 0) * sign || (a.id < b.id ? -1 : 1);
    });
  }
  function renderTable(edges) {
    var rows = sortRows(tableRows(edges));
    state.rows = rows;
    $("links-table").tHead.innerHTML = "<tr>" + COLUMNS.map(function (c) {
      var mark = state.sort.column === c ? (state.sort.down ? " ▼" : " ▲") : "";
      return '<th data-column="' + c + '" title="sort">' + esc(c.replace(/_/g, " ")) + mark + "</th>";
    }).join("") + "</tr>";
    $("links-table").tBodies[0].innerHTML = rows.map(function (r) {
      return '<tr data-edge="' + esc(r.id) + '">' + COLUMNS.map(function (c) { return "<td>" + esc(r[c]) + "</td>"; }).join("") + "</tr>";
    }).join("");
    $("export-csv").href = "data:text/csv;charset=utf-8," + encodeURIComponent(csv(rows));
  }
  function showTab(which) {
    $("graph-view").hidden = which !== "graph";
    $("table-view").hidden = which !== "table";
    $("tab-graph").classList.toggle("active", which === "graph");
    $("tab-table").classList.toggle("active", which === "table");
    $("tab-graph").setAttribute("aria-selected", String(which === "graph"));
    $("tab-table").setAttribute("aria-selected", String(which === "table"));
    if (which === "graph" && state.cy) { state.cy.resize(); }
  }

  // ---- start ----------------------------------------------------------------------------------
  function init(data) {
    state.data = data;
    index(data);
    initialShown(data);
    if (state.cy) state.cy.destroy();
    $("empty").hidden = data.edges.length > 0;
    state.cy = cytoscape({
      container: $("cy"),
      elements: elements(shownData()),
      layout: layoutOptions(),
      style: [
        { selector: "node", style: { "background-color": "data(color)", shape: "data(shape)", label: "data(name)",
          "font-size": 12, "text-valign": "bottom", "text-margin-y": 4, width: 28, height: 28,
          "text-wrap": "wrap", "text-max-width": 160, "border-width": 1, "border-color": "#fff" } },
        { selector: "node[size]", style: { width: "data(size)", height: "data(size)" } },
        { selector: "node[role = 'therapy'], node[role = 'brand']", style: { width: "mapData(size, 22, 64, 46, 90)", height: 30, "font-weight": "bold" } },
        { selector: "edge", style: { width: "data(width)", "curve-style": "bezier", "target-arrow-shape": "triangle",
          "line-color": "#a0aec0", "target-arrow-color": "#a0aec0", label: "data(label)", "font-size": 10,
          "text-rotation": "autorotate", "text-background-color": "#fff", "text-background-opacity": 0.8,
          "text-background-padding": 2, color: "#4a5568" } },
        { selector: "edge[color]", style: { "line-color": "data(color)", "target-arrow-color": "data(color)" } },
        { selector: "edge[predicate = 'BRAND_OF']", style: { "line-style": "dashed" } },
        { selector: ".match", style: { "border-width": 4, "border-color": "#d69e2e" } },
        { selector: ".faded", style: { opacity: 0.2 } },
        { selector: ":selected", style: { "border-width": 4, "border-color": "#1a202c", "line-color": "#1a202c", "target-arrow-color": "#1a202c" } }
      ]
    });
    state.cy.on("tap", "node", function (ev) {
      var id = ev.target.id();
      if (state.overview || fromStore()) expand(id).then(function () { showNode(id); });
      else showNode(id);
    });
    state.cy.on("tap", "edge", function (ev) { showEdge(ev.target.id()); });
    buildFilters();
    if (state.overview) {
      $("legend").textContent = "Overview: therapies as rectangles, targets as diamonds, diseases as hexagons, " +
        "outcomes as circles; edge width grows with the evidence count. Click a node to bring in its links, " +
        "an edge for its evidence.";
    }
    applyFilters();
    if ($("search").value) search();
    window.biokg = { cy: state.cy, data: data, showEdge: showEdge, showNode: showNode, expand: expand,
      overview: state.overview, csv: function () { return csv(state.rows); } };
    document.body.setAttribute("data-ready", "true");
    window.biokgReadyAt = performance.now();  // bench/view.py reads the first paint from it
  }

  function load(query) {
    document.body.removeAttribute("data-ready");
    return fetch(window.BIOKG_API + "/view" + query).then(function (r) {
      if (!r.ok) return r.json().then(function (j) { throw new Error(j.error || r.statusText); });
      return r.json();
    }).then(init).catch(function (err) {
      $("empty").hidden = false;
      $("empty").textContent = "Could not load the graph: " + err.message;
    });
  }

  function wire() {
    $("search").addEventListener("input", search);
    $("filter-types").addEventListener("change", applyFilters);
    $("filter-predicates").addEventListener("change", applyFilters);
    $("filter-confidence").addEventListener("input", applyFilters);
    $("filter-since").addEventListener("change", applyFilters);

    $("tab-graph").addEventListener("click", function () { showTab("graph"); });
    $("tab-table").addEventListener("click", function () { showTab("table"); });
    $("close-panel").addEventListener("click", function () {
      $("evidence-panel").hidden = true;
      if (state.cy) state.cy.resize();
    });
    $("search-results").addEventListener("click", function (ev) {
      var li = ev.target.closest("li[data-id]");
      if (!li) return;
      var id = li.getAttribute("data-id");
      expand(id).then(function () { showNode(id); });
    });
    $("links-table").addEventListener("click", function (ev) {
      var th = ev.target.closest("th[data-column]");
      if (th) {  // sort by this column; again: the other way
        var column = th.getAttribute("data-column");
        state.sort = { column: column, down: state.sort.column === column ? !state.sort.down : true };
        renderTable(visibleEdges());
        return;
      }
      var tr = ev.target.closest("tr[data-edge]");
      if (tr) showEdge(tr.getAttribute("data-edge"));
    });
    $("panel-body").addEventListener("click", function (ev) {
      var link = ev.target.closest(".edge-link");
      if (link) showEdge(link.getAttribute("data-edge"));
    });
    if (window.BIOKG_API) {
      var form = $("load-form");
      form.hidden = false;
      var params = new URLSearchParams(location.search);
      form.elements.disease.value = params.get("disease") || "";
      form.elements.target.value = params.get("target") || "";
      form.addEventListener("submit", function (ev) {
        ev.preventDefault();
        var q = new URLSearchParams();
        if (form.elements.disease.value) q.set("disease", form.elements.disease.value);
        if (form.elements.target.value) q.set("target", form.elements.target.value);
        var qs = q.toString() ? "?" + q.toString() : "";
        history.replaceState(null, "", location.pathname + qs);
        load(qs);
      });
    }
  }

  window.biokgView = { articleLink: articleLink, webUrl: webUrl };  // pure helpers, for tests
  wire();
  if (window.BIOKG_DATA) init(window.BIOKG_DATA);
  else if (window.BIOKG_API) load(location.search);
})();
