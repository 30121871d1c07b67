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

  // A colour bar as tall as its plot, and beside it. plotly.js draws a bar the height of the
  // whole plotting area, but a chart drawn to equal scale on both axes may use only part of
  // it (on a phone, a square a third of the area's height): the bar would reach far above
  // and below the plot. After each drawing (a resize too), each bar takes its plot's
  // vertical extent and stands just right of it; when nothing changes, nothing is redrawn.
  function fitColorbars(chart) {
    var layout = chart._fullLayout;
    if (!layout) return;
    (chart._fullData || []).forEach(function (trace, index) {
      if (!trace.showscale || !trace.colorbar || trace.colorbar.lenmode !== "fraction") return;
      var y = layout[trace.yaxis.replace("y", "yaxis")].domain;
      var x = layout[trace.xaxis.replace("x", "xaxis")].domain;
      var fit = { "colorbar.len": y[1] - y[0], "colorbar.y": (y[0] + y[1]) / 2,
                  "colorbar.yanchor": "middle", "colorbar.x": x[1] + 0.02,
                  "colorbar.xanchor": "left" };
      var now = { "colorbar.len": trace.colorbar.len, "colorbar.y": trace.colorbar.y,
                  "colorbar.yanchor": trace.colorbar.yanchor, "colorbar.x": trace.colorbar.x,
                  "colorbar.xanchor": trace.colorbar.xanchor };
      var changed = Object.keys(fit).some(function (key) {
        return typeof fit[key] === "number" ? Math.abs(fit[key] - now[key]) > 1e-3
                                             : fit[key] !== now[key];
      });
      if (changed) window.Plotly.restyle(chart, fit, [index]);
    });
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
      area.querySelectorAll(".plotly-graph-div").forEach(function (chart) {
        if (!chart.on) return;
        chart.on("plotly_afterplot", function () { fitColorbars(chart); });
        fitColorbars(chart); // if the first drawing is already done
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
