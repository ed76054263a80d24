/* parley dashboard: filters in the URL, four panels fed by /api/v1.
 *
 * Vanilla JS over d3 (v7), topojson-client and leaflet, all served from /static/vendor.
 * Every piece of data reaches the page through textContent / d3 .text() / attributes,
 * never through innerHTML, so article-derived strings cannot become markup.
 */
(function () {
  "use strict";

  // the API's root comes in the script tag's data-api (no inline script: the page's
  // Content-Security-Policy forbids it)
  var me = document.currentScript;
  var API = (me && me.getAttribute("data-api")) || "/api/v1";
  var FILTERS = ["actor", "country", "country2", "topic", "since", "until", "kind", "status",
    "search", "primary"];
  var PAGE = 50;
  var FORMATS = ["csv", "json", "parquet"];
  var TOP_TOPICS = 8;
  var MAX_NODES = 30;   // the busiest participants by weight of their engagements together
  var MAX_EDGES = 60;   // the heaviest ties among them
  var LABELLED = 12;    // names always shown; the others on hover or focus
  var LABEL_CHARS = 18; // a longer name is cut (its full form is in the tooltip)

  var state = {
    offset: 0,
    events: {},        // id -> event, for labels in map popups
    topicLabels: {},   // topic id -> label
    last: {},          // last data of each panel, to redraw on resize
    seq: 0             // guards against out-of-order responses
  };

  // ---------------------------------------------------------------- helpers

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (attrs[k] !== null && attrs[k] !== undefined) node.setAttribute(k, attrs[k]);
      });
    }
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function empty(node, message) {
    clear(node);
    node.appendChild(el("p", { "class": "empty" }, message));
  }

  function setStatus(text, isError) {
    var s = $("status");
    if (!s) return;
    s.textContent = text || "";
    s.classList.toggle("error", !!isError);
  }

  function currentFilters() {
    var params = new URLSearchParams(window.location.search);
    var out = {};
    FILTERS.forEach(function (k) {
      var v = params.get(k);
      if (v !== null && v.trim() !== "") out[k] = v.trim();
    });
    return out;
  }

  function currentOffset() {
    var n = parseInt(new URLSearchParams(window.location.search).get("offset") || "0", 10);
    return isFinite(n) && n > 0 ? n : 0;
  }

  function query(filters, extra) {
    var p = new URLSearchParams();
    Object.keys(filters).forEach(function (k) { p.set(k, filters[k]); });
    if (extra) Object.keys(extra).forEach(function (k) { p.set(k, extra[k]); });
    var s = p.toString();
    return s ? "?" + s : "";
  }

  function getJSON(path, filters, extra) {
    return fetch(API + path + query(filters || {}, extra), {
      headers: { "Accept": "application/json" }
    }).then(function (r) {
      if (!r.ok) {
        return r.json().catch(function () { return {}; }).then(function (body) {
          var detail = body && body.detail;
          if (Array.isArray(detail)) {
            // FastAPI validation errors: [{"loc": [..., "since"], "msg": ...}]
            detail = detail.map(function (d) {
              var where = d && d.loc ? d.loc[d.loc.length - 1] : "";
              return (where ? where + ": " : "") + (d && d.msg ? d.msg : JSON.stringify(d));
            }).join("; ");
          } else if (typeof detail !== "string") {
            detail = detail ? JSON.stringify(detail) : r.statusText;
          }
          throw new Error(r.status === 422 ? "Filter not understood — " + detail
            : path + ": " + r.status + " " + detail);
        });
      }
      return r.json();
    });
  }

  function eventUrl(id) { return "/events/" + encodeURIComponent(id); }

  function participantsText(ev) {
    var ps = ev.participants || [];
    if (!ps.length) return (ev.countries || []).join(" · ") || "?";
    return ps.map(function (p) {
      return p.country ? p.name + " (" + p.country + ")" : p.name;
    }).join(" · ");
  }

  function placeText(loc) {
    if (!loc) return "";
    return [loc.city, loc.country].filter(Boolean).join(", ");
  }

  function eventLabel(ev) {
    var parts = [ev.date || "undated", participantsText(ev)];
    return parts.join(" — ");
  }

  function width(node, fallback) {
    var w = node.clientWidth;
    return w > 50 ? w : (fallback || 600);
  }

  function monthRange(first, last) {
    // every "YYYY-MM" from first to last inclusive
    var out = [];
    var y = +first.slice(0, 4), m = +first.slice(5, 7);
    var ly = +last.slice(0, 4), lm = +last.slice(5, 7);
    var guard = 0;
    while ((y < ly || (y === ly && m <= lm)) && guard++ < 1200) {
      out.push(y + "-" + (m < 10 ? "0" : "") + m);
      m += 1;
      if (m > 12) { m = 1; y += 1; }
    }
    return out;
  }

  function lastDayOfMonth(month) {
    var y = +month.slice(0, 4), m = +month.slice(5, 7);
    var d = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return month + "-" + (d < 10 ? "0" : "") + d;
  }

  var parseMonth = d3.utcParse("%Y-%m");
  var fmtMonth = d3.utcFormat("%b %Y");

  // ---------------------------------------------------------------- filters form

  function fillForm(filters) {
    var form = $("filters");
    FILTERS.forEach(function (k) {
      var input = form.elements[k];
      if (!input) return;
      if (input.type === "checkbox") input.checked = filters[k] === "true";
      else input.value = filters[k] || "";
    });
  }

  function readForm() {
    var form = $("filters");
    var out = {};
    FILTERS.forEach(function (k) {
      var input = form.elements[k];
      if (!input) return;
      if (input.type === "checkbox") {
        if (input.checked) out[k] = "true";
      } else if (input.value && input.value.trim() !== "") {
        out[k] = input.value.trim();
      }
    });
    return out;
  }

  function navigate(filters, offset) {
    var extra = offset ? { offset: offset } : null;
    var url = window.location.pathname + query(filters, extra);
    window.history.pushState(null, "", url);
    fillForm(filters);
    refresh();
  }

  function setFilter(name, value) {
    var f = currentFilters();
    if (value) f[name] = value; else delete f[name];
    navigate(f, 0);
  }

  function initForm() {
    var form = $("filters");
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      navigate(readForm(), 0);
    });
    var reset = $("reset");
    if (reset) reset.addEventListener("click", function () { navigate({}, 0); });
    $("prev").addEventListener("click", function () {
      navigate(currentFilters(), Math.max(0, state.offset - PAGE));
    });
    $("next").addEventListener("click", function () {
      navigate(currentFilters(), state.offset + PAGE);
    });
    window.addEventListener("popstate", function () {
      fillForm(currentFilters());
      refresh();
    });
  }

  function loadChoices() {
    getJSON("/actors").then(function (actors) {
      var list = $("actor-list");
      clear(list);
      (actors || []).slice().sort(function (a, b) { return (b.events || 0) - (a.events || 0); })
        .forEach(function (a) {
          var label = a.name + (a.country ? " (" + a.country + ")" : "") +
            (a.events ? " · " + a.events : "");
          list.appendChild(el("option", { value: a.name, label: label }));
        });
    }).catch(function (err) { console.warn(err); });

    getJSON("/topics").then(function (topics) {
      var select = $("f-topic");
      var chosen = currentFilters().topic || "";
      var groups = {};
      (topics || []).forEach(function (t) {
        state.topicLabels[t.id] = t.label || t.id;
        var g = t.group || "other";
        (groups[g] = groups[g] || []).push(t);
      });
      while (select.options.length > 1) select.remove(1);
      Object.keys(groups).sort().forEach(function (g) {
        var og = el("optgroup", { label: g });
        groups[g].forEach(function (t) { og.appendChild(el("option", { value: t.id }, t.label || t.id)); });
        select.appendChild(og);
      });
      if (chosen && !state.topicLabels[chosen]) select.appendChild(el("option", { value: chosen }, chosen));
      select.value = chosen;
      if (state.last.trends) drawTrends(state.last.trends);
    }).catch(function (err) { console.warn(err); });
  }

  // ---------------------------------------------------------------- (a) timeline

  function drawTimeline(data) {
    var box = $("timeline-chart");
    var rows = (data && data.by_month) || [];
    clear(box);
    if (!rows.length) { empty(box, "No dated engagements for these filters."); return; }
    var counts = {};
    rows.forEach(function (r) { counts[r.month] = (counts[r.month] || 0) + (r.events || 0); });
    var known = Object.keys(counts).sort();
    var months = monthRange(known[0], known[known.length - 1]);
    var series = months.map(function (m) { return { month: m, events: counts[m] || 0 }; });

    var W = width(box), H = 180, M = { top: 10, right: 12, bottom: 28, left: 34 };
    var x = d3.scaleBand().domain(months).range([M.left, W - M.right]).padding(0.15);
    var y = d3.scaleLinear().domain([0, d3.max(series, function (d) { return d.events; }) || 1])
      .nice().range([H - M.bottom, M.top]);

    var svg = d3.select(box).append("svg")
      .attr("viewBox", [0, 0, W, H]).attr("width", W).attr("height", H)
      .attr("role", "img").attr("aria-label", "engagements per month");

    var every = Math.max(1, Math.ceil(months.length / Math.max(1, Math.floor(W / 70))));
    svg.append("g").attr("class", "axis x")
      .attr("transform", "translate(0," + (H - M.bottom) + ")")
      .call(d3.axisBottom(x)
        .tickValues(months.filter(function (_, i) { return i % every === 0; }))
        .tickFormat(function (m) { return fmtMonth(parseMonth(m)); })
        .tickSizeOuter(0));
    svg.append("g").attr("class", "axis y")
      .attr("transform", "translate(" + M.left + ",0)")
      .call(d3.axisLeft(y).ticks(Math.min(5, y.domain()[1])).tickFormat(d3.format("d")));

    var bars = svg.append("g").selectAll("rect").data(series).join("rect")
      .attr("class", "bar")
      .attr("x", function (d) { return x(d.month); })
      .attr("y", function (d) { return y(d.events); })
      .attr("width", x.bandwidth())
      .attr("height", function (d) { return y(0) - y(d.events); })
      .on("click", function (event, d) {
        var f = currentFilters();
        f.since = d.month + "-01";
        f.until = lastDayOfMonth(d.month);
        navigate(f, 0);
      });
    bars.append("title").text(function (d) {
      return fmtMonth(parseMonth(d.month)) + ": " + d.events + " engagement" +
        (d.events === 1 ? "" : "s") + " (click to filter)";
    });
  }

  function drawEventList(page) {
    var list = $("event-list");
    clear(list);
    var items = (page && page.items) || [];
    var total = (page && page.total) || 0;
    $("event-count").textContent = "(" + total + ")";
    items.forEach(function (ev) { state.events[ev.id] = ev; });
    if (!items.length) {
      empty(list, "No engagements match these filters.");
    }
    items.forEach(function (ev) {
      var a = el("a", { "class": "event-link", href: eventUrl(ev.id), "data-id": ev.id });
      if (ev.status && ev.status !== "occurred") a.classList.add("status-" + ev.status);
      a.appendChild(el("span", { "class": "date" }, ev.date || "—"));
      var who = el("span", { "class": "who" }, participantsText(ev));
      if (ev.kind && ev.kind !== "meeting") who.appendChild(el("span", { "class": "badge" }, ev.kind));
      if (ev.status && ev.status !== "occurred") who.appendChild(el("span", { "class": "badge" }, ev.status));
      a.appendChild(who);
      a.appendChild(el("span", { "class": "place" }, placeText(ev.location) || "—"));
      a.appendChild(el("span", {
        "class": "src",
        title: (ev.n_sources || 0) + " reports from " + (ev.n_outlets || 0) + " outlets"
      }, ev.n_sources || 0));
      list.appendChild(a);
    });
    var off = (page && page.offset) || 0;
    var shown = items.length;
    $("page-info").textContent = total ? (off + 1) + "–" + (off + shown) + " of " + total : "";
    $("prev").disabled = off <= 0;
    $("next").disabled = off + shown >= total;
  }

  // ---------------------------------------------------------------- (b) map

  var map = null, markers = null, worldLoaded = false;

  function initMap() {
    if (typeof L === "undefined") { empty($("map"), "Map library not loaded."); return; }
    map = L.map("map", {
      worldCopyJump: false,
      minZoom: 1,
      maxZoom: 10,
      zoomSnap: 0.5,
      attributionControl: true
    }).setView([25, 10], 1.5);
    map.setMaxBounds([[-70, -240], [85, 240]]);
    map.attributionControl.setPrefix(false);
    map.attributionControl.addAttribution("Borders: Natural Earth");
    markers = L.layerGroup().addTo(map);
    fetch("/static/vendor/countries-110m.json").then(function (r) {
      if (!r.ok) throw new Error("countries-110m.json: " + r.status);
      return r.json();
    }).then(function (world) {
      var countries = topojson.feature(world, world.objects.countries);
      // Antarctica would be a band along the bottom in this projection; rings that cross
      // the antimeridian (Russia, Fiji) are unwrapped so Leaflet draws no line across.
      countries.features = countries.features.filter(function (f) {
        return f.id !== "010" && (f.properties || {}).name !== "Antarctica";
      });
      countries.features.forEach(function (f) { unwrapGeometry(f.geometry); });
      L.geoJSON(countries, {
        interactive: false,
        style: { color: "#9aa5b1", weight: 0.6, fillColor: "#e9edf1", fillOpacity: 1 }
      }).addTo(map);
      worldLoaded = true;
      if (markers) markers.eachLayer(function (m) { if (m.bringToFront) m.bringToFront(); });
    }).catch(function (err) { console.warn(err); });
  }

  function unwrapRing(ring) {
    var shift = 0;
    for (var i = 1; i < ring.length; i++) {
      var prev = ring[i - 1][0];
      var lon = ring[i][0] + shift;
      if (lon - prev > 180) shift -= 360;
      else if (prev - lon > 180) shift += 360;
      ring[i] = [ring[i][0] + shift, ring[i][1]];
    }
  }

  function unwrapGeometry(g) {
    if (!g) return;
    if (g.type === "Polygon") g.coordinates.forEach(unwrapRing);
    else if (g.type === "MultiPolygon") g.coordinates.forEach(function (p) { p.forEach(unwrapRing); });
  }

  function popupContent(place) {
    var box = el("div", { "class": "popup" });
    var title = [place.city, place.country].filter(Boolean).join(", ") || "Unknown place";
    box.appendChild(el("strong", null, title));
    box.appendChild(el("div", { "class": "muted" },
      place.events + " engagement" + (place.events === 1 ? "" : "s")));
    var ul = el("ul");
    var ids = place.event_ids || [];
    ids.slice(0, 25).forEach(function (id) {
      var li = el("li");
      var ev = state.events[id];
      li.appendChild(el("a", { "class": "event-link", href: eventUrl(id) }, ev ? eventLabel(ev) : id));
      ul.appendChild(li);
    });
    box.appendChild(ul);
    if (ids.length > 25) box.appendChild(el("div", { "class": "muted" }, "… and " + (ids.length - 25) + " more"));
    return box;
  }

  function drawMap(data) {
    if (!map) return;
    markers.clearLayers();
    var places = ((data && data.places) || []).filter(function (p) {
      return typeof p.lat === "number" && typeof p.lon === "number";
    });
    if (!places.length) { map.setView([25, 10], 1.5); return; }
    var max = d3.max(places, function (p) { return p.events || 0; }) || 1;
    var r = d3.scaleSqrt().domain([0, max]).range([0, 22]);
    var bounds = [];
    places.sort(function (a, b) { return (b.events || 0) - (a.events || 0); }).forEach(function (p) {
      var m = L.circleMarker([p.lat, p.lon], {
        radius: Math.max(4, r(p.events || 0)),
        color: "#1f4e79", weight: 1, fillColor: "#2f75b5", fillOpacity: 0.55
      });
      // Leaflet renders string content as HTML: hand it a text-only element instead
      m.bindTooltip(el("span", null, ([p.city, p.country].filter(Boolean).join(", ") || "?") +
        " · " + p.events));
      m.bindPopup(function () { return popupContent(p); }, { maxWidth: 320 });
      m.addTo(markers);
      bounds.push([p.lat, p.lon]);
    });
    if (bounds.length === 1) map.setView(bounds[0], 4);
    else map.fitBounds(bounds, { padding: [30, 30], maxZoom: 5 });
  }

  // ---------------------------------------------------------------- (c) network

  var simulation = null;

  function shortName(name) {
    var s = String(name || "");
    return s.length > LABEL_CHARS ? s.slice(0, LABEL_CHARS - 1) + "\u2026" : s;
  }

  function drawNetwork(data) {
    var box = $("network");
    if (simulation) { simulation.stop(); simulation = null; }
    clear(box);
    var all = ((data && data.nodes) || []).map(function (n) { return Object.assign({}, n); });
    if (!all.length) { empty(box, "No participants for these filters."); return; }
    // weight of a participant: the engagements it shares with others (then its own count)
    var weight = {};
    ((data && data.edges) || []).forEach(function (e) {
      weight[e.source] = (weight[e.source] || 0) + (e.weight || 1);
      weight[e.target] = (weight[e.target] || 0) + (e.weight || 1);
    });
    all.forEach(function (n) { n.weight = weight[n.id] || 0; });
    all.sort(function (a, b) {
      return b.weight - a.weight || (b.events || 0) - (a.events || 0) || (a.id < b.id ? -1 : 1);
    });
    var nodes = all.slice(0, MAX_NODES);
    var byId = {};
    nodes.forEach(function (n, i) { byId[n.id] = n; n.rank = i; });
    var ties = ((data && data.edges) || []).filter(function (e) {
      return byId[e.source] && byId[e.target] && e.source !== e.target;
    });
    ties.sort(function (a, b) { return (b.weight || 1) - (a.weight || 1); });
    var links = ties.slice(0, MAX_EDGES).map(function (e) {
      return { source: e.source, target: e.target, weight: e.weight || 1 };
    });

    var W = width(box), H = 420, PAD = 14;
    var maxW = d3.max(links, function (l) { return l.weight; }) || 1;
    var maxE = d3.max(nodes, function (n) { return n.events || 0; }) || 1;
    var lw = d3.scaleLinear().domain([1, Math.max(2, maxW)]).range([1, 7]);
    var nr = d3.scaleSqrt().domain([0, maxE]).range([3, 14]);
    var countries = Array.from(new Set(nodes.map(function (n) { return n.country || "?"; }))).sort();
    var color = d3.scaleOrdinal().domain(countries)
      .range(d3.schemeTableau10.concat(d3.schemeSet2, d3.schemePastel1));
    var chosen = (currentFilters().actor || "").toLowerCase();

    var svg = d3.select(box).append("svg")
      .attr("viewBox", [0, 0, W, H]).attr("width", W).attr("height", H)
      .attr("role", "img").attr("aria-label", "who meets whom");
    var g = svg.append("g");
    var zoom = d3.zoom().scaleExtent([0.3, 6]).on("zoom", function (event) {
      g.attr("transform", event.transform);
      // names keep their size on screen whatever the zoom
      g.selectAll("text").attr("font-size", (11 / event.transform.k) + "px");
    });
    svg.call(zoom);

    var link = g.append("g").attr("class", "links").selectAll("line").data(links).join("line")
      .attr("stroke-width", function (l) { return lw(l.weight); });
    link.append("title").text(function (l) {
      return (byId[l.source].name || l.source) + " — " + (byId[l.target].name || l.target) +
        ": " + l.weight;
    });

    var node = g.append("g").attr("class", "nodes").selectAll("g").data(nodes).join("g")
      .attr("class", function (n) {
        var on = chosen && (String(n.id).toLowerCase() === chosen ||
          String(n.name || "").toLowerCase() === chosen);
        return "node" + (on ? " selected" : "");
      })
      .attr("tabindex", 0)
      .on("click", function (event, n) { setFilter("actor", n.id || n.name); })
      .on("keydown", function (event, n) {
        if (event.key === "Enter" || event.key === " ") { event.preventDefault(); setFilter("actor", n.id || n.name); }
      });
    node.append("circle")
      .attr("r", function (n) { return nr(n.events || 0); })
      .attr("fill", function (n) { return color(n.country || "?"); });
    var label = node.append("text")
      .attr("class", function (n) { return n.rank < LABELLED ? "label" : "label minor"; })
      .attr("font-size", "11px")
      .attr("dy", "0.32em")
      .text(function (n) { return shortName(n.name || n.id); });
    node.append("title").text(function (n) {
      return (n.name || n.id) + (n.country ? " (" + n.country + ")" : "") + " · " +
        (n.events || 0) + " engagement" + (n.events === 1 ? "" : "s") + " — click to filter";
    });

    node.call(d3.drag()
      .on("start", function (event, n) {
        if (!event.active) simulation.alphaTarget(0.3).restart();
        n.fx = n.x; n.fy = n.y;
      })
      .on("drag", function (event, n) { n.fx = event.x; n.fy = event.y; })
      .on("end", function (event, n) {
        if (!event.active) simulation.alphaTarget(0);
        n.fx = null; n.fy = null;
      }));

    simulation = d3.forceSimulation(nodes)
      .force("link", d3.forceLink(links).id(function (n) { return n.id; })
        .distance(function (l) { return 90 / Math.sqrt(l.weight); }))
      .force("charge", d3.forceManyBody().strength(-240))
      .force("center", d3.forceCenter(W / 2, H / 2))
      .force("x", d3.forceX(W / 2).strength(0.06))
      .force("y", d3.forceY(H / 2).strength(0.08))
      .force("collide", d3.forceCollide().radius(function (n) {
        // room for the label, so neighbours' names overlap less
        return nr(n.events || 0) + 6 + (n.rank < LABELLED ? shortName(n.name || n.id).length * 2.5 : 0);
      }))
      .on("tick", function () {
        // every node stays inside the frame, and its name points inwards: never cut
        nodes.forEach(function (n) {
          n.x = Math.max(PAD, Math.min(W - PAD, n.x));
          n.y = Math.max(PAD, Math.min(H - PAD, n.y));
        });
        link.attr("x1", function (l) { return l.source.x; }).attr("y1", function (l) { return l.source.y; })
          .attr("x2", function (l) { return l.target.x; }).attr("y2", function (l) { return l.target.y; });
        node.attr("transform", function (n) { return "translate(" + n.x + "," + n.y + ")"; });
        label
          .attr("text-anchor", function (n) { return n.x > W / 2 ? "end" : "start"; })
          .attr("x", function (n) {
            var off = nr(n.events || 0) + 3;
            return n.x > W / 2 ? -off : off;
          });
      });

    var tools = el("div", { "class": "zoom-tools" });
    [["+", "zoom in", function () { svg.transition().call(zoom.scaleBy, 1.5); }],
      ["\u2212", "zoom out", function () { svg.transition().call(zoom.scaleBy, 1 / 1.5); }],
      ["fit", "whole network", function () { svg.transition().call(zoom.transform, d3.zoomIdentity); }]
    ].forEach(function (t) {
      var b = el("button", { type: "button", "class": "secondary", title: t[1], "aria-label": t[1] }, t[0]);
      b.addEventListener("click", t[2]);
      tools.appendChild(b);
    });
    box.insertBefore(tools, box.firstChild);

    if (all.length > nodes.length || ties.length > links.length) {
      box.appendChild(el("p", { "class": "note" },
        "Showing the " + nodes.length + " participants with the most engagements together and " +
        "their " + links.length + " strongest ties (" + (all.length - nodes.length) +
        " participants, " + (ties.length - links.length) + " ties hidden); filter to see others."));
    }
  }

  // ---------------------------------------------------------------- (d) topic trends

  function drawTrends(data) {
    var box = $("trends");
    clear(box);
    var rows = (data && data.by_month) || [];
    if (!rows.length) { empty(box, "No statements with topics for these filters."); return; }
    var totals = {};
    rows.forEach(function (r) { totals[r.topic] = (totals[r.topic] || 0) + (r.statements || 0); });
    var topics = Object.keys(totals).sort(function (a, b) {
      return totals[b] - totals[a] || (a < b ? -1 : 1);
    }).slice(0, TOP_TOPICS);
    var known = Array.from(new Set(rows.map(function (r) { return r.month; }))).sort();
    var months = monthRange(known[0], known[known.length - 1]);
    var value = {};
    rows.forEach(function (r) { value[r.topic + "|" + r.month] = r.statements || 0; });
    var series = topics.map(function (t) {
      return { topic: t, values: months.map(function (m) { return { month: m, n: value[t + "|" + m] || 0 }; }) };
    });
    var label = function (t) { return state.topicLabels[t] || t; };
    var table = months.map(function (m) {
      var row = { month: m };
      topics.forEach(function (t) { row[t] = value[t + "|" + m] || 0; });
      return row;
    });
    var stacked = d3.stack().keys(topics)(table);

    var W = width(box), H = 240, M = { top: 10, right: 12, bottom: 28, left: 34 };
    var x = d3.scaleBand().domain(months).range([M.left, W - M.right]).padding(0.15);
    var y = d3.scaleLinear()
      .domain([0, d3.max(stacked[stacked.length - 1], function (d) { return d[1]; }) || 1])
      .nice().range([H - M.bottom, M.top]);
    var color = d3.scaleOrdinal().domain(topics).range(d3.schemeTableau10);

    var svg = d3.select(box).append("svg")
      .attr("viewBox", [0, 0, W, H]).attr("width", W).attr("height", H)
      .attr("role", "img").attr("aria-label", "statements per topic per month");
    var every = Math.max(1, Math.ceil(months.length / Math.max(1, Math.floor(W / 70))));
    svg.append("g").attr("class", "axis x")
      .attr("transform", "translate(0," + (H - M.bottom) + ")")
      .call(d3.axisBottom(x)
        .tickValues(months.filter(function (_, i) { return i % every === 0; }))
        .tickFormat(function (m) { return fmtMonth(parseMonth(m)); }).tickSizeOuter(0));
    svg.append("g").attr("class", "axis y")
      .attr("transform", "translate(" + M.left + ",0)")
      .call(d3.axisLeft(y).ticks(Math.min(5, y.domain()[1])).tickFormat(d3.format("d")));

    var groups = svg.append("g").selectAll("g").data(stacked).join("g")
      .attr("class", "series")
      .attr("data-topic", function (s) { return s.key; })
      .attr("fill", function (s) { return color(s.key); });
    groups.selectAll("rect")
      .data(function (s) {
        return s.filter(function (d) { return d[1] > d[0]; })
          .map(function (d) { return { topic: s.key, month: d.data.month, y0: d[0], y1: d[1] }; });
      })
      .join("rect")
      .attr("x", function (d) { return x(d.month); })
      .attr("width", x.bandwidth())
      .attr("y", function (d) { return y(d.y1); })
      .attr("height", function (d) { return y(d.y0) - y(d.y1); })
      .on("click", function (event, d) { setFilter("topic", d.topic); })
      .append("title").text(function (d) {
        var n = d.y1 - d.y0;
        return label(d.topic) + ", " + fmtMonth(parseMonth(d.month)) + ": " + n + " statement" +
          (n === 1 ? "" : "s") + " (click to filter)";
      });

    var legend = el("div", { "class": "legend" });
    topics.forEach(function (t) {
      var item = el("button", { type: "button", "class": "legend-item", title: "filter by topic " + label(t) });
      var sw = el("span", { "class": "swatch" });
      sw.style.background = color(t);
      item.appendChild(sw);
      item.appendChild(document.createTextNode(label(t) + " (" + totals[t] + ")"));
      item.addEventListener("mouseenter", function () {
        groups.classed("dim", function (s) { return s.topic !== t; });
      });
      item.addEventListener("mouseleave", function () { groups.classed("dim", false); });
      item.addEventListener("click", function () { setFilter("topic", t); });
      legend.appendChild(item);
    });
    box.appendChild(legend);
  }

  // ---------------------------------------------------------------- refresh

  function panel(promise, draw, key, box) {
    return promise.then(function (data) {
      state.last[key] = data;
      draw(data);
    }).catch(function (err) {
      console.error(err);
      state.last[key] = null;
      if (box) empty(box, "Could not load: " + err.message);
      throw err;
    });
  }

  function setDownloads(filters) {
    // the files hold every engagement the filters select, not only the page shown
    FORMATS.forEach(function (fmt) {
      var a = $("download-" + fmt);
      if (a) a.setAttribute("href", API + "/export/events" + query(filters, { format: fmt }));
    });
  }

  function refresh() {
    var seq = ++state.seq;
    var f = currentFilters();
    state.offset = currentOffset();
    setDownloads(f);
    setStatus("Loading…");
    var guard = function (draw) {
      return function (data) { if (seq === state.seq) draw(data); };
    };
    var jobs = [
      panel(getJSON("/events", f, { limit: PAGE, offset: state.offset, sort: "-date" }),
        guard(drawEventList), "events", $("event-list")),
      panel(getJSON("/timeline", f), guard(drawTimeline), "timeline", $("timeline-chart")),
      panel(getJSON("/network", f), guard(drawNetwork), "network", $("network")),
      panel(getJSON("/trends", f), guard(drawTrends), "trends", $("trends"))
    ];
    // the map's popups name events known from the list: draw it after the list
    jobs.push(jobs[0].catch(function () {}).then(function () {
      return panel(getJSON("/map", f), guard(drawMap), "map", null);
    }));
    Promise.all(jobs.map(function (j) {
      return j.then(function () { return null; }, function (e) { return e; });
    })).then(function (errors) {
      if (seq !== state.seq) return;
      var failed = errors.filter(Boolean);
      if (failed.length) setStatus(failed[0].message, true);
      else {
        var n = state.last.events ? state.last.events.total : 0;
        var active = Object.keys(f).length;
        setStatus(n + " engagement" + (n === 1 ? "" : "s") +
          (active ? " · " + active + " filter" + (active === 1 ? "" : "s") : ""));
      }
    });
  }

  function onResize() {
    if (state.last.timeline) drawTimeline(state.last.timeline);
    if (state.last.trends) drawTrends(state.last.trends);
    if (state.last.network) drawNetwork(state.last.network);
    if (map) map.invalidateSize();
  }

  function init() {
    fillForm(currentFilters());
    initForm();
    initMap();
    loadChoices();
    refresh();
    var timer = null, lastW = window.innerWidth;
    window.addEventListener("resize", function () {
      if (Math.abs(window.innerWidth - lastW) < 40) return;
      lastW = window.innerWidth;
      clearTimeout(timer);
      timer = setTimeout(onResize, 250);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
