// The optimisers' race as plain SVG: how far each run's loss is above the exact minimum,
// epoch by epoch, on a logarithmic axis, with the tolerance as a dashed line.

const SVG = "http://www.w3.org/2000/svg";
const LOW = 1e-8; // the axis' floor: closer than this is "there"
const HIGH = 10; // and its ceiling: a run from theta = 0 starts just below it
let count = 0;

function svgElement(tag, attributes = {}, text = "") {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

/** About five round tick values from 0 to `high`. */
function ticks(high) {
  const raw = high / 5;
  const unit = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((k) => k * unit).find((candidate) => candidate >= raw);
  const values = [];
  for (let value = 0; value <= high; value += step) values.push(value);
  return values;
}

/**
 * The chart: `curves` are [{name, gaps, color, width}], where gaps[k] is the relative gap
 * after k epochs; `label` says in words what it shows (the chart is one image to a screen
 * reader); `colors` gives the axes' and the tolerance's. Returns a <div> with the SVG and its
 * legend.
 */
export function raceChart({ curves, tol, maxEpochs, colors, label }) {
  const AXIS = colors.axis;
  const width = 460;
  const height = 300;
  const margin = { left: 58, right: 16, top: 12, bottom: 40 };
  const px = (epoch) => margin.left + (epoch / maxEpochs) * (width - margin.left - margin.right);
  const logSpan = Math.log10(HIGH) - Math.log10(LOW);
  const py = (gap) => {
    const clamped = Math.min(Math.max(gap, LOW), HIGH);
    return margin.top + ((Math.log10(HIGH) - Math.log10(clamped)) / logSpan) *
      (height - margin.top - margin.bottom);
  };
  const svg = svgElement("svg", { viewBox: `0 0 ${width} ${height}`, class: "gd-chart",
    role: "img", "aria-label": label, "font-size": 14, "font-family": "sans-serif" });
  const clip = `mf-clip-${(count += 1)}`;
  const area = svgElement("clipPath", { id: clip });
  area.append(svgElement("rect", { x: margin.left, y: margin.top,
    width: width - margin.left - margin.right, height: height - margin.top - margin.bottom }));
  svg.append(area);

  const bottom = height - margin.bottom;
  const line = { stroke: AXIS, "stroke-width": 1 };
  svg.append(svgElement("line", { x1: margin.left, x2: width - margin.right, y1: bottom,
    y2: bottom, ...line }));
  svg.append(svgElement("line", { x1: margin.left, x2: margin.left, y1: margin.top,
    y2: bottom, ...line }));
  for (const tick of ticks(maxEpochs)) {
    svg.append(svgElement("text", { x: px(tick), y: bottom + 16, "text-anchor": "middle",
      fill: AXIS }, String(tick)));
  }
  for (let power = -8; power <= 0; power += 2) {
    svg.append(svgElement("text", { x: margin.left - 6, y: py(10 ** power) + 4,
      "text-anchor": "end", fill: AXIS }, `1e${power}`));
  }
  svg.append(svgElement("text", { x: (margin.left + width - margin.right) / 2, y: height - 6,
    "text-anchor": "middle", fill: AXIS }, "epoch"));
  svg.append(svgElement("text", { x: 14, y: (margin.top + bottom) / 2, fill: AXIS,
    "text-anchor": "middle", transform: `rotate(-90 14 ${(margin.top + bottom) / 2})` },
  "gap to the exact MSE"));

  svg.append(svgElement("line", { x1: margin.left, x2: width - margin.right, y1: py(tol),
    y2: py(tol), stroke: colors.tolerance, "stroke-width": 1.5, "stroke-dasharray": "6 4" }));
  for (const { gaps, color, width: stroke } of curves) {
    const finite = gaps.findIndex((gap) => !Number.isFinite(gap));
    const shown = finite === -1 ? gaps : gaps.slice(0, Math.max(finite, 1));
    const stride = Math.max(1, Math.floor(shown.length / 400));
    const points = [];
    shown.forEach((gap, epoch) => {
      if (epoch % stride === 0 || epoch === shown.length - 1) {
        points.push(`${px(epoch).toFixed(1)},${py(gap).toFixed(1)}`);
      }
    });
    svg.append(svgElement("polyline", { points: points.join(" "), fill: "none",
      stroke: color, "stroke-width": stroke, "stroke-linejoin": "round",
      "clip-path": `url(#${clip})` }));
  }

  const legend = document.createElement("ul");
  legend.className = "mf-legend";
  for (const { name, color, width: stroke } of [...curves,
    { name: "tolerance", color: colors.tolerance, width: 1.5, dashed: true }]) {
    const item = document.createElement("li");
    const swatch = document.createElement("span");
    swatch.className = "mf-swatch";
    swatch.setAttribute("aria-hidden", "true");
    swatch.style.borderTop = `${Math.max(stroke, 2)}px ${name === "tolerance" ? "dashed" :
      "solid"} ${color}`;
    item.append(swatch, name);
    legend.append(item);
  }
  const box = document.createElement("div");
  box.append(svg, legend);
  return box;
}
