// plotly.js on demand. Each chart's own script waits, inert, beside its chart
// (<script type="text/plain" class="plotly-deferred">, see plotly-js.lua); plotly.js is
// downloaded, and a chart drawn, only when the reader is about to see that chart:
// * it comes within one and a half screens of the viewport (scrolling, a jump to #fig-...);
// * the keyboard focuses something inside it, or a link targets it or something inside it;
// * the page is printed (every chart).
// Nothing starts before the page's load event: plotly.js stays out of the page's first
// load, and Quarto's diagram script, which runs on load, never meets a chart's SVG.
(function () {
  "use strict";
  var NEAR = "150% 0px";
  var bundle = new URL(document.currentScript.dataset.bundle, document.currentScript.src).href;
  var pending = new Map(); // chart area -> its inert scripts
  var loading = null;
  var observer = null;

  function loadPlotly() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = bundle;
        script.onload = resolve;
        script.onerror = function () {
          reject(new Error("plotly.js did not load from " + bundle));
        };
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function draw(area) {
    var scripts = pending.get(area);
    if (!scripts) return;
    pending.delete(area);
    if (observer) observer.unobserve(area);
    loadPlotly().then(function () {
      scripts.forEach(function (inert) {
        var script = document.createElement("script");
        script.text = inert.text;
        inert.replaceWith(script); // runs now: Plotly.newPlot(...)
      });
      area.querySelectorAll(".plotly-graph-div[data-dark]").forEach(function (chart) {
        if (chart.on) chart.on("plotly_afterplot", function () { paint(chart); });
        setTimeout(function () { paint(chart); }, 0);
      });
    });
  }

  // Dark mode: a chart takes the colours its data-dark names (plot_utils.PAGE_COLORS_DARK and
  // PLOTLY_DARK_LAYOUT) while the page is dark (Quarto's body.quarto-dark), and its own again
  // when the page turns light.
  function scheme() {
    return document.body.classList.contains("quarto-dark") ? "dark" : "light";
  }

  function valueAt(object, path) {
    return path.split(".").reduce(function (node, key) {
      return node == null ? undefined : node[key];
    }, object);
  }

  function paint(chart) {
    var wanted = scheme();
    if (!chart._fullLayout || (chart.dataset.scheme || "light") === wanted) return;
    chart.dataset.scheme = wanted;
    var dark = JSON.parse(chart.dataset.dark);
    var swap = {};
    Object.keys(dark.colors).forEach(function (light) {
      if (wanted === "dark") swap[light.toLowerCase()] = dark.colors[light];
      else swap[dark.colors[light].toLowerCase()] = light;
    });
    var swapped = function (color) {
      return typeof color === "string" ? swap[color.toLowerCase()] : undefined;
    };
    var traces = {};
    ["line.color", "marker.color", "marker.line.color"].forEach(function (path) {
      traces[path] = chart.data.map(function (trace) { return swapped(valueAt(trace, path)); });
    });
    var layout = {};
    if (wanted === "dark") {
      chart._lightLayout = {};
      Object.keys(dark.layout).forEach(function (key) {
        var parts = key.split("[].");
        var keys = parts.length === 1 ? [key] : (chart.layout[parts[0]] || []).map(
          function (_, i) { return parts[0] + "[" + i + "]." + parts[1]; });
        keys.forEach(function (each) {
          var own = valueAt(chart.layout, each.replace(/\[(\d+)\]/g, ".$1"));
          chart._lightLayout[each] = own === undefined ? null : own;
          layout[each] = dark.layout[key];
        });
      });
    } else {
      Object.assign(layout, chart._lightLayout);
    }
    (chart.layout.shapes || []).forEach(function (shape, i) {
      var color = swapped(valueAt(shape, "line.color"));
      if (color) layout["shapes[" + i + "].line.color"] = color;
    });
    Plotly.update(chart, traces, layout);
  }

  function repaint() {
    document.querySelectorAll(".plotly-graph-div[data-dark]").forEach(function (chart) {
      if (chart.data) paint(chart);
    });
  }

  // The areas that hold `node` and, with `inside`, those that lie inside it.
  function drawAt(node, inside) {
    pending.forEach(function (_, area) {
      if (node && (area.contains(node) || (inside && node.contains(area)))) draw(area);
    });
  }

  function drawTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (id) drawAt(document.getElementById(id), true);
  }

  function start() {
    new MutationObserver(repaint).observe(document.body, { attributeFilter: ["class"] });
    document.querySelectorAll(".plotly-graph-div").forEach(function (chart) {
      // The whole figure (its caption and anchor link too), else the cell's output.
      var area = chart.closest("[id^='fig-']") || chart.closest(".cell-output-display") ||
        chart.parentElement;
      var inert = area.querySelectorAll("script.plotly-deferred");
      if (inert.length) pending.set(area, Array.prototype.slice.call(inert));
    });
    if (!("IntersectionObserver" in window)) {
      pending.forEach(function (_, area) { draw(area); });
      return;
    }
    observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) draw(entry.target);
      });
    }, { rootMargin: NEAR });
    pending.forEach(function (_, area) { observer.observe(area); });
    document.addEventListener("focusin", function (event) { drawAt(event.target, false); });
    window.addEventListener("hashchange", drawTarget);
    window.addEventListener("beforeprint", function () {
      pending.forEach(function (_, area) { draw(area); });
    });
    drawTarget();
  }

  if (document.readyState === "complete") {
    start();
  } else {
    window.addEventListener("load", start);
  }
})();
