// The posts' interactive charts, drawn as plain SVG: no charting library to load.
//
// Each function returns an <svg role="img"> whose aria-label says in words what it shows.
// Ranges, names and `colors` (the static charts' palette, plot_utils.PAGE_COLORS) come from
// the post's page data.

import { curvature, predict } from "./gradient-descent.js";
import { formatFixed } from "./python-format.js";

const SVG = "http://www.w3.org/2000/svg";
const WIDTH = 420;
const MARGIN = { left: 52, right: 22, top: 12, bottom: 40 };
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

/**
 * An SVG frame: the plot area, its clip path and its scales; `log` makes y logarithmic.
 * Without a height, the plot area's height makes a unit of y as long as a unit of x.
 */
function frame({ x, y, height, log = false, colors, label }) {
  const width = WIDTH;
  const margin = MARGIN;
  if (height === undefined) {
    const across = width - margin.left - margin.right;
    height = Math.round(across * (y[1] - y[0]) / (x[1] - x[0])) + margin.top + margin.bottom;
  }
  const svg = svgElement("svg", { viewBox: `0 0 ${width} ${height}`, class: "gd-chart",
    role: "img", "aria-label": label, "font-size": 14, "font-family": "sans-serif" });
  const clip = `gd-clip-${(count += 1)}`;
  const area = svgElement("clipPath", { id: clip });
  area.append(svgElement("rect", { x: margin.left, y: margin.top,
    width: width - margin.left - margin.right, height: height - margin.top - margin.bottom }));
  svg.append(area);
  const toY = linear(log ? y.map(Math.log10) : y, [height - margin.bottom, margin.top]);
  const box = { left: margin.left, right: width - margin.right, top: margin.top,
    bottom: height - margin.bottom };
  return {
    svg, margin, width, height, colors, box, clip: `url(#${clip})`,
    px: linear(x, [margin.left, width - margin.right]),
    py: log ? (value) => toY(Math.log10(value)) : toY,
  };
}

function axes(f, { xTicks, yTicks, xLabel, yLabel, yFormat = String }) {
  const { svg, margin, width, height, px, py, colors } = f;
  const bottom = height - margin.bottom;
  const style = { stroke: colors.axis, "stroke-width": 1 };
  svg.append(svgElement("line", { x1: margin.left, x2: width - margin.right, y1: bottom,
    y2: bottom, ...style }));
  svg.append(svgElement("line", { x1: margin.left, x2: margin.left, y1: margin.top,
    y2: bottom, ...style }));
  for (const tick of xTicks) {
    svg.append(svgElement("text", { x: px(tick), y: bottom + 16, "text-anchor": "middle",
      fill: colors.axis, class: "gd-x-tick" }, String(tick)));
  }
  for (const tick of yTicks) {
    svg.append(svgElement("text", { x: margin.left - 6, y: py(tick) + 4, "text-anchor": "end",
      fill: colors.axis, class: "gd-y-tick" }, yFormat(tick)));
  }
  svg.append(svgElement("text", { x: (margin.left + width - margin.right) / 2,
    y: height - 6, "text-anchor": "middle", fill: colors.axis }, xLabel));
  svg.append(svgElement("text", { x: 14, y: (margin.top + bottom) / 2, fill: colors.axis,
    "text-anchor": "middle", transform: `rotate(-90 14 ${(margin.top + bottom) / 2})` },
  yLabel));
}

function polyline(f, points, attributes) {
  return svgElement("polyline", { points: points.map(([x, y]) => `${f.px(x)},${f.py(y)}`)
    .join(" "), fill: "none", "clip-path": f.clip, ...attributes });
}

/**
 * The points, the line y = mx + b and each residual drawn as a square: area = squared error.
 * `view` is the plotted {x, y} ranges, `labels` the two axes' titles.
 */
export function fitChart({ X, y, m, b, view, labels, colors, label }) {
  const f = frame({ x: view.x, y: view.y, height: 320, colors, label });
  axes(f, { xTicks: ticks(view.x), yTicks: ticks(view.y), xLabel: labels[0],
    yLabel: labels[1] });
  const side = f.py(0) - f.py(1); // pixels per unit of y: a square's side is |residual| long
  predict(X, m, b).forEach((fitted, i) => {
    const residual = y[i] - fitted;
    f.svg.append(svgElement("rect", { x: f.px(X[i]), y: f.py(Math.max(y[i], fitted)),
      width: Math.abs(residual) * side, height: Math.abs(residual) * side,
      fill: colors.residual, "fill-opacity": 0.18, stroke: colors.residual,
      "clip-path": f.clip }));
  });
  const [left, right] = view.x;
  f.svg.append(polyline(f, [[left, m * left + b], [right, m * right + b]],
    { stroke: colors.line, "stroke-width": 2.5 }));
  X.forEach((x, i) => f.svg.append(svgElement("circle", { cx: f.px(x), cy: f.py(y[i]), r: 5,
    fill: colors.data })));
  return f.svg;
}

/**
 * The MSE as contour lines over the (m, b) plane, with the path of gradient descent and the
 * exact minimum. The MSE is a quadratic bowl, so its contours are ellipses: along the
 * Hessian's eigenvectors, the loss `rise` above the minimum lies sqrt(2 rise / lambda) away.
 * `view` holds the post's ranges and names (mRange, bRange, names, sameScale).
 */
export function landscapeChart({ X, path, optimum, view, colors, label }) {
  const { mRange, bRange, names } = view;
  const f = frame({ x: mRange, y: bRange, height: view.sameScale ? undefined : 360, colors,
    label });
  axes(f, { xTicks: ticks(mRange), yTicks: ticks(bRange), xLabel: `slope ${names[0]}`,
    yLabel: `intercept ${names[1]}` });
  const { hessian, lambdaMax, lambdaMin, steep, flat } = curvature(X);
  // Contours every half decade of the rise above the minimum, up to the chart's corners.
  const rise = ([m, b]) => {
    const [dm, db] = [m - optimum[0], b - optimum[1]];
    return (hessian[0][0] * dm * dm + 2 * hessian[0][1] * dm * db + hessian[1][1] * db * db) / 2;
  };
  const corners = mRange.flatMap((m) => bRange.map((b) => rise([m, b])));
  for (let power = -1; power <= Math.log10(Math.max(...corners)); power += 0.5) {
    const [across, along] = [2 * 10 ** power / lambdaMax, 2 * 10 ** power / lambdaMin]
      .map(Math.sqrt);
    const ring = [];
    for (let step = 0; step <= 120; step += 1) {
      const t = (2 * Math.PI * step) / 120;
      ring.push([0, 1].map((k) => optimum[k] + across * Math.cos(t) * steep[k] +
        along * Math.sin(t) * flat[k]));
    }
    f.svg.append(polyline(f, ring, { stroke: colors.contour, "stroke-width": 1 }));
  }
  // A diverging path swings ever wider: drawn until it is far outside, as every later swing
  // would cross the chart again.
  const far = ([m, b]) => !(Math.abs(m - optimum[0]) < 3 * (mRange[1] - mRange[0]) &&
    Math.abs(b - optimum[1]) < 3 * (bRange[1] - bRange[0]));
  const end = path.findIndex(far);
  const shown = end === -1 ? path : path.slice(0, Math.max(end + 1, 2));
  f.svg.append(polyline(f, shown, { stroke: colors.path, "stroke-width": 1.5,
    "stroke-linejoin": "round" }));
  f.svg.append(svgElement("circle", { cx: f.px(path[0][0]), cy: f.py(path[0][1]), r: 4.5,
    fill: "white", stroke: colors.path, "stroke-width": 2, "clip-path": f.clip }));
  const centre = [(f.box.left + f.box.right) / 2, (f.box.top + f.box.bottom) / 2];
  const minimum = [f.px(optimum[0]), f.py(optimum[1])];
  const onChart = minimum[0] >= f.box.left && minimum[0] <= f.box.right &&
    minimum[1] >= f.box.top && minimum[1] <= f.box.bottom;
  f.svg.append(endMark(f, path.at(-1), onChart ? minimum : centre, names));
  f.svg.append(star(f.px(optimum[0]), f.py(optimum[1]), { fill: colors.optimum,
    stroke: colors.path, "stroke-width": 1 }));
  return f.svg;
}

/**
 * The path's last point: a dot on the chart; off the chart, an arrowhead just inside its edge,
 * on the line from the exact minimum (`from`, in pixels) to the point, pointing to the point.
 */
function endMark(f, [m, b], from, names) {
  const { left, right, top, bottom } = f.box;
  const [x, y] = [f.px(m), f.py(b)];
  let mark;
  if (x >= left && x <= right && y >= top && y <= bottom) {
    mark = svgElement("circle", { cx: x, cy: y, r: 4.5, fill: f.colors.path, class: "gd-end" });
  } else {
    const inset = 9; // the whole arrowhead inside the chart, where nothing clips it
    const [dx, dy] = towards(from, [x, y]);
    const reach = Math.min(...[[dx, from[0], left, right], [dy, from[1], top, bottom]]
      .filter(([d]) => d !== 0)
      .map(([d, start, low, high]) => ((d > 0 ? high - inset : low + inset) - start) / d));
    const along = Math.max(reach, 0);
    mark = arrowhead([from[0] + along * dx, from[1] + along * dy], [dx, dy], f.colors.path);
  }
  const where = `${names[0]} = ${formatFixed(m, 4)}, ${names[1]} = ${formatFixed(b, 4)}`;
  mark.append(svgElement("title", {}, `The last point: ${where}` +
    (mark.tagName === "polygon" ? ", off the chart" : "")));
  return mark;
}

/** The unit vector from `from` to `to`; past the largest double, its signs still say where. */
function towards(from, to) {
  let d = [to[0] - from[0], to[1] - from[1]];
  if (!d.every(Number.isFinite)) d = d.map((v) => (Number.isFinite(v) ? 0 : Math.sign(v) || 0));
  const length = Math.hypot(...d);
  return d.map((v) => v / length);
}

/** An arrowhead with its tip at `at`, pointing along the unit vector [ux, uy]. */
function arrowhead(at, [ux, uy], color) {
  const point = (back, side) => [at[0] - back * ux - side * uy, at[1] - back * uy + side * ux];
  return svgElement("polygon", { points: [at, point(14, 7), point(14, -7)].join(" "),
    fill: color, class: "gd-end gd-end-outside" });
}

/** A five-pointed star centred on (x, y), as the static charts mark the exact minimum. */
function star(x, y, attributes) {
  const points = [];
  for (let corner = 0; corner < 10; corner += 1) {
    const [radius, angle] = [corner % 2 ? 4 : 10, (Math.PI * corner) / 5];
    points.push(`${x + radius * Math.sin(angle)},${y - radius * Math.cos(angle)}`);
  }
  return svgElement("polygon", { points: points.join(" "), ...attributes });
}

/** The loss per epoch on a logarithmic axis, over the epochs the run took. */
export function lossChart({ lossHistory, colors, label }) {
  const finite = lossHistory.filter(Number.isFinite);
  const low = Math.floor(Math.log10(Math.min(...finite)));
  const high = Math.max(Math.ceil(Math.log10(Math.max(...finite))), low + 1);
  const epochs = Math.max(lossHistory.length - 1, 1);
  const f = frame({ x: [0, epochs], y: [10 ** low, 10 ** high], height: 280, log: true,
    colors, label });
  const every = Math.max(1, Math.ceil((high - low) / 6));
  const yTicks = [];
  for (let power = low; power <= high; power += every) yTicks.push(10 ** power);
  axes(f, { xTicks: ticks([0, epochs], 1), yTicks, xLabel: "epoch", yLabel: "MSE (log scale)",
    yFormat: (value) => (value >= 1000 || value < 0.01 ? `1e${Math.log10(value)}` :
      String(value)) });
  const stride = Math.max(1, Math.floor(finite.length / 400));
  const points = finite.map((loss, epoch) => [epoch, loss])
    .filter(([epoch]) => epoch % stride === 0 || epoch === finite.length - 1);
  f.svg.append(polyline(f, points, { stroke: colors.loss, "stroke-width": 2 }));
  if (finite.length < lossHistory.length) { // the loss overflowed: an arrow off the top
    const x = f.px(lossHistory.length - 1);
    f.svg.append(svgElement("polygon", { class: "gd-end gd-end-outside", fill: colors.loss,
      points: `${x},${f.box.top} ${x - 7},${f.box.top + 14} ${x + 7},${f.box.top + 14}` }));
  }
  return f.svg;
}

/** About five round tick values across [low, high], `least` apart at least. */
function ticks([low, high], least = 0) {
  const raw = Math.max((high - low) / 5, least);
  const unit = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => k * unit).find((candidate) => candidate >= raw);
  const values = [];
  for (let value = Math.ceil(low / step) * step; value <= high; value += step) {
    values.push(Number(value.toPrecision(12)));
  }
  return values;
}
