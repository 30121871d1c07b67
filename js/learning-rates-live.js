// "Learning Rates, Live" (second post): the reader's learning rate, epochs and scaling; the
// path on the loss landscape, the loss curve and why the run stopped.
//
// The page holds a container (#learning-rates-live) with a no-JavaScript fallback and, from
// the post's Python, its data: the points, the post's learning rates, tol, max_epochs, the
// divergence factor, the sliders' ranges, the two landscapes' views and the palette (see
// controls.js `mountSection`).

import { curvature, fit, leastSquares, standardise } from "./gradient-descent.js";
import { checkbox, liveRegion, mountSection, onColorSchemeChange, palette, slider }
  from "./controls.js";
import { landscapeChart, lossChart } from "./charts.js";
import { formatFixed } from "./python-format.js";

const { root, data } = mountSection("learning-rates-live");
const { x: X, y } = data.points;
const Z = standardise(X).z;
const limitX = 2 / curvature(X).lambdaMax;
const limitZ = 2 / curvature(Z).lambdaMax;
const STOPPED = { converged: "Converged", max_epochs: "Out of epochs", diverged: "Diverged" };

// A log slider's step: 0.005 of a decade, about 1.2% of the rate.
const rate = slider({ label: "Learning rate", min: Math.min(...data.rates), max: data.rate.max,
  step: 0.005, value: data.rate.start, scale: "log",
  marks: [{ value: limitX, text: "2/λmax, x" }, { value: limitZ, text: "2/λmax, z" }] });
const epochs = slider({ label: "Epochs, at most", ...data.epochs, value: data.maxEpochs,
  integer: true });
const standardised = checkbox({
  label: "Standardise x into z = (x − mean) / standard deviation" });
const readout = liveRegion();
const charts = document.createElement("div");
charts.className = "gd-charts";
const legend = document.createElement("p");
legend.className = "gd-legend";
legend.textContent = "○ start · ● end, or an arrowhead at the edge pointing to it when it " +
  "lies off the chart · ★ exact minimum";
root.append(rate, epochs, standardised, readout, charts);

function draw() {
  const feature = standardised.value ? Z : X;
  const view = standardised.value ? data.landscapes.z : data.landscapes.x;
  const { names } = view;
  const run = fit(feature, y, { learningRate: rate.value, maxEpochs: epochs.value,
    tol: data.tol, divergenceFactor: data.divergenceFactor });
  const where = Number.isFinite(run.loss)
    ? `: ${names[0]} = ${formatFixed(run.m, 4)}, ${names[1]} = ${formatFixed(run.b, 4)}, ` +
      `MSE = ${formatFixed(run.loss, 4)}`
    : "";
  const limit = standardised.value ? limitZ : limitX;
  const shownLimit = rate.value === limit ? `the limit ${formatFixed(limit, 4)} itself`
    : `limit ${formatFixed(limit, 4)}`;
  readout.announce(`${STOPPED[run.reason]}. Learning rate ${rate.value} (${shownLimit}), ` +
    `${run.message}${where}.`);
  const best = leastSquares(feature, y);
  charts.replaceChildren(
    landscapeChart({ X: feature, path: run.path, optimum: [best.m, best.b], view,
      colors: palette(data), label: describeLandscape(run, best, view) }),
    legend,
    lossChart({ lossHistory: run.lossHistory, colors: palette(data),
      label: describeLoss(run) }));
}

// What each chart shows of the run, in words, with the readout's numbers.
const stopped = (run) => run.message.split(":")[0]; // "diverged after 150 epochs"
const finalLoss = (run) => (Number.isFinite(run.loss) ? `MSE = ${formatFixed(run.loss, 4)}`
  : "the MSE overflowed");

function describeLandscape(run, best, { mRange, bRange, names }) {
  const at = (m, b) => `${names[0]} = ${formatFixed(m, 4)}, ${names[1]} = ${formatFixed(b, 4)}`;
  const off = run.m < mRange[0] || run.m > mRange[1] || run.b < bRange[0] || run.b > bRange[1]
    || !Number.isFinite(run.m) || !Number.isFinite(run.b);
  return `Contours of the MSE over (${names.join(", ")}), with the exact minimum as a star ` +
    `at ${at(best.m, best.b)}. Gradient descent starts at ${at(...run.path[0])} and ` +
    `${stopped(run)}, ending at ${at(run.m, run.b)}${off ? ", off the chart" : ""}, ` +
    `${finalLoss(run)}.`;
}

function describeLoss(run) {
  return `The MSE per epoch on a log scale, over the ${run.epochs} epochs of the run: from ` +
    `${formatFixed(run.lossHistory[0], 2)} at the start to ${finalLoss(run)} at the end; ` +
    `${stopped(run)}.`;
}

root.addEventListener("input", draw);
onColorSchemeChange(draw);
draw();
