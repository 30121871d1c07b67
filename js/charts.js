// The posts' interactive charts, drawn as plain SVG: no charting library to load.
//
// Each function returns an <svg role="img"> whose aria-label says in words what it shows.

import { curvature, predict } from "./gradient-descent.js";

const SVG = "http://www.w3.org/2000/svg";
const COLORS = { data: "#1f4e79", line: "#b4450e", square: "#b4450e", path: "#b4450e",
  contour: "#8a9bb0", optimum: "#1a7f37", axis: "#333" };
let count = 0;

function svgElement(tag, attributes = {}, text = "") {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

function linear([d0, d1], [r0, r1]) {
  return (value) => r0 + ((value - d0) / (d1 - d0)) * (r1 - r0);
}

/** An SVG frame: the plot area, its clip path and its scales; `log` makes y logarithmic. */
function frame({ width, height, x, y, log = false, label }) {
  const margin = { left: 52, right: 22, top: 12, bottom: 40 };
  const svg = svgElement("svg", { viewBox: `0 0 ${width} ${height}`, class: "gd-chart",
    role: "img", "aria-label": label, "font-size": 14, "font-family": "sans-serif" });
  const clip = `gd-clip-${(count += 1)}`;
  const area = svgElement("clipPath", { id: clip });
  area.append(svgElement("rect", { x: margin.left, y: margin.top,
    width: width - margin.left - margin.right, height: height - margin.top - margin.bottom }));
  svg.append(area);
  const toY = linear(log ? y.map(Math.log10) : y, [height - margin.bottom, margin.top]);
  return {
    svg, margin, width, height, clip: `url(#${clip})`,
    px: linear(x, [margin.left, width - margin.right]),
    py: log ? (value) => toY(Math.log10(value)) : toY,
  };
}

function axes(f, { xTicks, yTicks, xLabel, yLabel, yFormat = String }) {
  const { svg, margin, width, height, px, py } = f;
  const bottom = height - margin.bottom;
  const style = { stroke: COLORS.axis, "stroke-width": 1 };
  svg.append(svgElement("line", { x1: margin.left, x2: width - margin.right, y1: bottom,
    y2: bottom, ...style }));
  svg.append(svgElement("line", { x1: margin.left, x2: margin.left, y1: margin.top,
    y2: bottom, ...style }));
  for (const tick of xTicks) {
    svg.append(svgElement("text", { x: px(tick), y: bottom + 16, "text-anchor": "middle",
      fill: COLORS.axis }, String(tick)));
  }
  for (const tick of yTicks) {
    svg.append(svgElement("text", { x: margin.left - 6, y: py(tick) + 4, "text-anchor": "end",
      fill: COLORS.axis }, yFormat(tick)));
  }
  svg.append(svgElement("text", { x: (margin.left + width - margin.right) / 2,
    y: height - 6, "text-anchor": "middle", fill: COLORS.axis }, xLabel));
  svg.append(svgElement("text", { x: 14, y: (margin.top + bottom) / 2, fill: COLORS.axis,
    "text-anchor": "middle", transform: `rotate(-90 14 ${(margin.top + bottom) / 2})` },
  yLabel));
}

function polyline(f, points, attributes) {
  return svgElement("polyline", { points: points.map(([x, y]) => `${f.px(x)},${f.py(y)}`)
    .join(" "), fill: "none", "clip-path": f.clip, ...attributes });
}

/** The points, the line y = mx + b and each residual drawn as a square: area = squared error. */
export function fitChart({ X, y, m, b, label }) {
  const f = frame({ width: 420, height: 320, x: [0, 9], y: [40, 110], label });
  axes(f, { xTicks: [0, 2, 4, 6, 8], yTicks: [40, 60, 80, 100], xLabel: "x (hours worked)",
    yLabel: "y (money earned)" });
  const side = f.py(0) - f.py(1); // pixels per unit of y: a square's side is |residual| long
  predict(X, m, b).forEach((fitted, i) => {
    const residual = y[i] - fitted;
    f.svg.append(svgElement("rect", { x: f.px(X[i]), y: f.py(Math.max(y[i], fitted)),
      width: Math.abs(residual) * side, height: Math.abs(residual) * side,
      fill: COLORS.square, "fill-opacity": 0.18, stroke: COLORS.square, "clip-path": f.clip }));
  });
  f.svg.append(polyline(f, [[0, b], [9, m * 9 + b]], { stroke: COLORS.line,
    "stroke-width": 2.5 }));
  X.forEach((x, i) => f.svg.append(svgElement("circle", { cx: f.px(x), cy: f.py(y[i]), r: 5,
    fill: COLORS.data })));
  return f.svg;
}

/**
 * The MSE as contour lines over the (m, b) plane, with the path of gradient descent and the
 * exact minimum. The MSE is a quadratic bowl, so its contours are ellipses: along the
 * Hessian's eigenvectors, the loss `rise` above the minimum lies sqrt(2 rise / lambda) away.
 */
export function landscapeChart({ X, path, optimum, view, names = ["m", "b"], square = false,
  label }) {
  // A square plot area (356 px each way) for equal ranges draws a round bowl round.
  const f = frame({ width: 420, height: square ? 408 : 360, x: view.x, y: view.y, label });
  axes(f, { xTicks: ticks(view.x), yTicks: ticks(view.y), xLabel: `slope ${names[0]}`,
    yLabel: `intercept ${names[1]}` });
  const { lambdaMax, lambdaMin, steep, flat } = curvature(X);
  for (let power = -1; power <= 4; power += 0.5) {
    const rise = 10 ** power;
    const [across, along] = [Math.sqrt(2 * rise / lambdaMax), Math.sqrt(2 * rise / lambdaMin)];
    const ring = [];
    for (let step = 0; step <= 120; step += 1) {
      const t = (2 * Math.PI * step) / 120;
      ring.push([0, 1].map((k) => optimum[k] + across * Math.cos(t) * steep[k] +
        along * Math.sin(t) * flat[k]));
    }
    f.svg.append(polyline(f, ring, { stroke: COLORS.contour, "stroke-width": 1 }));
  }
  // A diverging path leaves the chart for good: draw it until it is far outside.
  const far = ([m, b]) => !(Math.abs(m - optimum[0]) < 3 * (view.x[1] - view.x[0]) &&
    Math.abs(b - optimum[1]) < 3 * (view.y[1] - view.y[0]));
  const end = path.findIndex(far);
  const shown = end === -1 ? path : path.slice(0, Math.max(end + 1, 2));
  f.svg.append(polyline(f, shown, { stroke: COLORS.path, "stroke-width": 1.5,
    "stroke-linejoin": "round" }));
  for (const [[m, b], fill] of [[shown[0], "white"], [shown.at(-1), COLORS.path]]) {
    f.svg.append(svgElement("circle", { cx: f.px(m), cy: f.py(b), r: 4.5, fill,
      stroke: COLORS.path, "stroke-width": 2, "clip-path": f.clip }));
  }
  f.svg.append(svgElement("text", { x: f.px(optimum[0]), y: f.py(optimum[1]) + 6,
    "text-anchor": "middle", "font-size": 20, fill: COLORS.optimum }, "★"));
  return f.svg;
}

/** The loss per epoch on a logarithmic axis. */
export function lossChart({ lossHistory, maxEpochs, label }) {
  const finite = lossHistory.filter(Number.isFinite);
  const low = Math.floor(Math.log10(Math.min(...finite)));
  const high = Math.max(Math.ceil(Math.log10(Math.max(...finite))), low + 1);
  const f = frame({ width: 420, height: 280, x: [0, maxEpochs], y: [10 ** low, 10 ** high],
    log: true, label });
  const every = Math.max(1, Math.ceil((high - low) / 6));
  const yTicks = [];
  for (let power = low; power <= high; power += every) yTicks.push(10 ** power);
  axes(f, { xTicks: ticks([0, maxEpochs]), yTicks, xLabel: "epoch", yLabel: "MSE (log scale)",
    yFormat: (value) => (value >= 1000 || value < 0.01 ? `1e${Math.log10(value)}` :
      String(value)) });
  const stride = Math.max(1, Math.floor(finite.length / 400));
  const points = finite.map((loss, epoch) => [epoch, loss])
    .filter(([epoch]) => epoch % stride === 0 || epoch === finite.length - 1);
  f.svg.append(polyline(f, points, { stroke: COLORS.line, "stroke-width": 2 }));
  return f.svg;
}

/** About five round tick values across [low, high]. */
function ticks([low, high]) {
  const raw = (high - low) / 5;
  const unit = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => k * unit).find((candidate) => candidate >= raw);
  const values = [];
  for (let value = Math.ceil(low / step) * step; value <= high; value += step) {
    values.push(Number(value.toPrecision(12)));
  }
  return values;
}
