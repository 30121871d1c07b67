// "Race Them Yourself" (third post): the reader's optimiser and settings against the post's
// three full-batch runs, as gaps to the exact minimum per epoch.
//
// The page holds a container (#many-features-controls) with a no-JavaScript fallback and,
// from the post's Python, its data: the raw training and test rows, the tolerance, the
// shuffling seed, the post's settings and the chart colours (see controls.js `mountSection`).

import { adam, exactMinimum, gradientDescent, momentum, objective, standardiser, train }
  from "./optimisers.js";
import { liveRegion, mountSection, onColorSchemeChange, palette, slider } from "./controls.js";
import { formatG } from "./python-format.js";
import { raceChart } from "./race-chart.js";

const STYLE = `
.mf-choice select { font: inherit; padding: 0.2rem 0.4rem; max-width: 100%; }
.mf-legend { list-style: none; padding: 0; margin: 0 0 1rem; display: flex; flex-wrap: wrap;
  gap: 0.3rem 1.2rem; font-size: 0.9rem; }
.mf-swatch { display: inline-block; width: 1.6rem; margin-right: 0.4rem; vertical-align: middle; }
`;
const MAX_EPOCHS = 5000;
const NAMES = { gd: "Gradient descent", momentum: "Momentum", adam: "Adam" };

const { root, data } = mountSection("many-features");
const { scale } = standardiser(data.train.X);
const Z = scale(data.train.X);
const zTest = scale(data.test.X);
const { y } = data.train;
const n = y.length;
const post = data.post;
const rounded = (value) => Number(value.toPrecision(4));

if (!document.getElementById("mf-style")) {
  const style = document.createElement("style");
  style.id = "mf-style";
  style.textContent = STYLE;
  document.head.append(style);
}

/** A labelled <select> whose value is the chosen option's key. */
function choice({ label, options, value }) {
  const box = document.createElement("div");
  box.className = "gd-control mf-choice";
  const select = document.createElement("select");
  select.id = "mf-optimiser";
  const name = document.createElement("label");
  name.htmlFor = select.id;
  name.textContent = label;
  for (const [key, text] of Object.entries(options)) select.append(new Option(text, key));
  select.value = value;
  box.append(name, select);
  Object.defineProperty(box, "value", { get: () => select.value });
  return box;
}

const optimiser = choice({ label: "Optimiser", options: NAMES, value: "gd" });
const rate = slider({ label: "Learning rate", min: 0.0001, max: 10, step: 0.01,
  value: rounded(post.gdRate), scale: "log",
  marks: [{ value: post.bound, text: "2/λmax" }] });
const beta = slider({ label: "Momentum β", min: 0, max: 0.99, step: 0.01,
  value: rounded(post.momentumBeta) });
const batch = slider({ label: "Batch size", min: 1, max: n, step: 1, value: n,
  marks: [{ value: post.batchSize, text: String(post.batchSize) }] });
const penalty = slider({ label: "Ridge penalty λ", min: 0, max: 2, step: 0.01, value: 0,
  marks: [{ value: post.bestLam, text: "cross-validated" }] });
const epochs = slider({ label: "Epochs, at most", min: 100, max: MAX_EPOCHS, step: 100,
  value: 3000 });
const readout = liveRegion();
const chart = document.createElement("div");
root.append(optimiser, rate, beta, batch, penalty, epochs, readout, chart);

const SETTINGS = {
  gd: () => ({ rate: rounded(post.gdRate) }),
  momentum: () => ({ rate: rounded(post.momentumRate), beta: rounded(post.momentumBeta) }),
  adam: () => ({ rate: post.adamRate }),
};
const MAKE = {
  gd: (settings) => gradientDescent({ learningRate: settings.rate }),
  momentum: (settings) => momentum({ learningRate: settings.rate, beta: settings.beta }),
  adam: (settings) => adam({ learningRate: settings.rate }),
};

/** The exact minimum for a penalty, and the post's three runs towards it, computed once. */
const minima = new Map();
function minimum(lam) {
  if (!minima.has(lam)) {
    const theta = exactMinimum(Z, y, lam);
    const loss = objective(Z, y, theta, lam);
    const target = loss * (1 + data.tol);
    const reference = (key, settings) => train(Z, y, MAKE[key](settings), {
      maxEpochs: MAX_EPOCHS, lam, target, seed: data.seed,
      divergenceFactor: data.divergenceFactor });
    minima.set(lam, { loss, target, references: [
      ["batch gradient descent", reference("gd", { rate: post.gdRate }), "gd"],
      ["momentum", reference("momentum", { rate: post.momentumRate, beta: post.momentumBeta }),
        "momentum"],
      ["Adam", reference("adam", { rate: post.adamRate }), "adam"],
    ] });
  }
  return minima.get(lam);
}

/** Python's f"{value:.1e}": 3.6e-03. */
function formatE(value) {
  const [mantissa, exponent] = value.toExponential(1).split("e");
  const power = Number(exponent);
  return `${mantissa}e${power < 0 ? "-" : "+"}${String(Math.abs(power)).padStart(2, "0")}`;
}

function outcome(run, best) {
  if (run.reason === "diverged") return `diverged after ${run.epochs} epochs`;
  if (run.reason === "reached") {
    return `within ${formatG(data.tol)} of the exact minimum after ${run.epochs} epochs ` +
      `(${run.steps} steps)`;
  }
  const gap = (run.history.at(-1) - best.loss) / best.loss;
  return `not within ${formatG(data.tol)} after ${run.epochs} epochs: gap ${formatE(gap)}`;
}

function draw() {
  const key = optimiser.value;
  beta.hidden = key !== "momentum";
  const wholes = [[batch, "Batch size", 1, n], [epochs, "Epochs, at most", 100, MAX_EPOCHS]];
  for (const [view, name, low, high] of wholes) {
    if (!Number.isInteger(view.value)) {
      readout.announce(`${name} must be a whole number from ${low} to ${high}.`);
      return;
    }
  }
  const lam = penalty.value;
  const best = minimum(lam);
  const settings = { rate: rate.value, beta: beta.value };
  const run = train(Z, y, MAKE[key](settings), { maxEpochs: epochs.value,
    batchSize: batch.value, lam, target: best.target, seed: data.seed,
    divergenceFactor: data.divergenceFactor });
  const described = [`learning rate ${settings.rate}`];
  if (key === "momentum") described.push(`β ${settings.beta}`);
  described.push(`batches of ${batch.value}`);
  if (lam > 0) described.push(`λ ${lam}`);
  let text = `${NAMES[key]}, ${described.join(", ")}: ${outcome(run, best)}.`;
  if (run.reason !== "diverged") {
    const mse = objective(Z, y, run.theta, 0);
    const testMse = objective(zTest, data.test.y, run.theta, 0);
    text += ` Training MSE ${mse.toFixed(4)}, test MSE ${testMse.toFixed(2)}.`;
  }
  readout.announce(text);
  const gaps = (history) => history.map((loss) => (loss - best.loss) / best.loss);
  // The post's colours, or their dark-mode counterparts.
  const color = (key) => palette(data, data.raceColors[key]);
  const curves = best.references.map(([name, reference, key]) => ({ name,
    gaps: gaps(reference.history).slice(0, epochs.value + 1), color: color(key), width: 1.5 }));
  curves.push({ name: "your run", gaps: gaps(run.history), color: color("reader"), width: 3 });
  const done = best.references.map(([name, reference]) => (reference.reason === "reached"
    ? `${name} after ${reference.epochs}` : `${name} not within ${reference.epochs}`));
  chart.replaceChildren(raceChart({ curves, tol: data.tol, maxEpochs: epochs.value,
    colors: palette(data),
    label: `Gap to the exact minimum per epoch, log scale. Your run: ${outcome(run, best)}. ` +
      `The post's runs reach the tolerance: ${done.join(", ")} epochs.` }));
}

let pending = false;
function schedule() {
  if (!pending) {
    pending = true;
    requestAnimationFrame(() => { pending = false; draw(); });
  }
}

optimiser.addEventListener("change", () => {
  const start = SETTINGS[optimiser.value]();
  rate.value = start.rate;
  if (start.beta !== undefined) beta.value = start.beta;
  batch.value = n;
});
root.addEventListener("input", schedule);
root.addEventListener("change", schedule);
onColorSchemeChange(schedule);
draw();
