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
