// "Fit by Hand" (first post): sliders for m and b, the squared residuals, the live MSE.
//
// The page holds a container (#fit-by-hand) with a no-JavaScript fallback and, from the post's
// Python, its data: the five points, the guessed line, the chart's view and axis labels, the
// sliders' ranges and the palette (see controls.js `mountSection`).

import { leastSquares, lossMse, predict, squaredErrors } from "./gradient-descent.js";
import { button, liveRegion, mountSection, onColorSchemeChange, palette, setValue, slider }
  from "./controls.js";
import { fitChart } from "./charts.js";
import { formatFixed } from "./python-format.js";

const { root, data } = mountSection("fit-by-hand");
const { x: X, y } = data.points;
const exact = leastSquares(X, y);

const slope = slider({ label: "Slope m", ...data.sliders.m, value: data.guess.m });
const intercept = slider({ label: "Intercept b", ...data.sliders.b, value: data.guess.b });
const jump = button("Jump to the least-squares line", () => {
  // Six decimals, as the sequel prints them.
  setValue(slope, Number(formatFixed(exact.m, 6)));
  setValue(intercept, Number(formatFixed(exact.b, 6)));
});
const readout = liveRegion();
const chart = document.createElement("div");
root.append(slope, intercept, jump, readout, chart);

function draw() {
  const [m, b] = [slope.value, intercept.value];
  const mse = formatFixed(lossMse(y, predict(X, m, b)), 2);
  const areas = squaredErrors(X, y, m, b).map((area) => formatFixed(area, 2));
  readout.announce(`MSE = ${mse} for the line y = ${m}x + ${b} (squared errors ${areas.join(", ")})`);
  chart.replaceChildren(fitChart({ X, y, m, b, view: data.view, labels: data.labels,
    colors: palette(data),
    label: `The ${X.length} points, the line y = ${m}x + ${b}, and each residual drawn as a ` +
      `square whose area is its squared error: ${areas.join(", ")}; MSE = ${mse}.` }));
}

root.addEventListener("input", draw);
onColorSchemeChange(draw);
draw();
