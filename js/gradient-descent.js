// Linear regression by gradient descent, in the browser: the posts' Python, line for line.
//
// The posts' interactive cells import this module; a test runs it in Chromium and compares
// its numbers with the Python code's. Every sum runs left to right, as NumPy sums five
// numbers, so both give the same floating-point results, not just close ones; the messages
// write them with Python's formatting (python-format.js).

import { formatFixed, formatG } from "./python-format.js";

// x * x, as NumPy squares: the same rounding everywhere.
const square = (value) => value * value;

function mean(values) {
  let sum = 0;
  for (const value of values) sum += value;
  return sum / values.length;
}

function checkData(X, y) {
  for (const [name, values] of [["X", X], ["y", y]]) {
    if (!Array.isArray(values) || values.length === 0) {
      throw new TypeError(`${name} must be a non-empty array of numbers`);
    }
    if (!values.every(Number.isFinite)) {
      throw new RangeError(`${name} must contain only finite numbers`);
    }
  }
  if (X.length !== y.length) {
    throw new RangeError(`X and y must have the same length, got ${X.length} and ${y.length}`);
  }
}

function checkPositive(name, value) {
  if (typeof value !== "number") throw new TypeError(`${name} must be a number, got ${typeof value}`);
  if (!(Number.isFinite(value) && value > 0)) {
    throw new RangeError(`${name} must be a positive, finite number, got ${value}`);
  }
}

/** The line's value at every x in X. */
export function predict(X, m, b) {
  return X.map((x) => m * x + b);
}

/** Mean squared error between the true values and the predictions. */
export function lossMse(y, predicted) {
  return mean(y.map((value, i) => square(value - predicted[i])));
}

/** Each point's squared error for the line y = mx + b: the areas of the squares. */
export function squaredErrors(X, y, m, b) {
  checkData(X, y);
  const predicted = predict(X, m, b);
  return y.map((value, i) => square(value - predicted[i]));
}

/** One gradient-descent step: the new slope and intercept. */
export function update(X, y, yPred, m, b, learningRate) {
  const dm = -2 * mean(X.map((x, i) => x * (y[i] - yPred[i])));
  const db = -2 * mean(y.map((value, i) => value - yPred[i]));
  return [m - learningRate * dm, b - learningRate * db];
}

/**
 * Gradient descent from m = b = 0 that stops by itself, like the Python `fit`:
 * converged (an epoch improved the loss by at least 0 and less than tol), diverged (the loss
 * is not finite, or past divergenceFactor times the starting loss: the post's
 * DIVERGENCE_FACTOR) or out of epochs.
 */
export function fit(X, y, { learningRate, maxEpochs, tol, divergenceFactor }) {
  checkData(X, y);
  checkPositive("learningRate", learningRate);
  checkPositive("tol", tol);
  checkPositive("divergenceFactor", divergenceFactor);
  if (!Number.isInteger(maxEpochs) || maxEpochs < 1) {
    throw new RangeError(`maxEpochs must be an integer of at least 1, got ${maxEpochs}`);
  }
  let m = 0;
  let b = 0;
  let loss = lossMse(y, predict(X, m, b));
  let previous = loss;
  const lossHistory = [loss];
  const path = [[m, b]];
  let epochs = 0;
  let reason = "max_epochs";
  while (epochs < maxEpochs) {
    epochs += 1;
    [m, b] = update(X, y, predict(X, m, b), m, b, learningRate);
    previous = loss;
    loss = lossMse(y, predict(X, m, b));
    lossHistory.push(loss);
    path.push([m, b]);
    if (!Number.isFinite(loss) || loss > divergenceFactor * lossHistory[0]) {
      reason = "diverged";
      break;
    }
    if (previous - loss >= 0 && previous - loss < tol) {
      reason = "converged";
      break;
    }
  }
  const message = stopMessage({ reason, epochs, loss, previous, lossHistory, learningRate,
    maxEpochs, tol });
  return { m, b, loss, epochs, reason, message, lossHistory, path };
}

/** Why `fit` stopped, in the words of the Python code's message. */
function stopMessage({ reason, epochs, loss, previous, lossHistory, learningRate, maxEpochs, tol }) {
  if (reason === "diverged") {
    const grew = Number.isFinite(loss)
      ? `rose from ${formatFixed(lossHistory[0], 2)} to ${formatG(loss, 3)}` : "overflowed";
    return `diverged after ${epochs} epochs: the loss ${grew}; ` +
      `learning_rate = ${formatG(learningRate)} is too large`;
  }
  if (reason === "converged") {
    return `converged after ${epochs} epochs: the loss improved by less than tol = ${formatG(tol)}`;
  }
  if (loss <= previous) {
    return `stopped at max_epochs = ${maxEpochs}: the last epoch still improved the loss by ` +
      formatG(previous - loss, 2);
  }
  return `stopped at max_epochs = ${maxEpochs}: the last epoch raised the loss by ` +
    formatG(loss - previous, 2);
}

/** The exact best line by the normal equations: the slope and intercept of least squares. */
export function leastSquares(X, y) {
  checkData(X, y);
  const xMean = mean(X);
  const yMean = mean(y);
  const m = (mean(X.map((x, i) => x * y[i])) - xMean * yMean) /
    (mean(X.map(square)) - square(xMean));
  return { m, b: yMean - m * xMean };
}

/** z = (x - mean) / standard deviation, with the mean and standard deviation used. */
export function standardise(X) {
  const xMean = mean(X);
  const std = Math.sqrt(mean(X.map((x) => square(x - xMean))));
  return { z: X.map((x) => (x - xMean) / std), mean: xMean, std };
}

/**
 * The Hessian of the MSE, 2 [[mean(x^2), mean(x)], [mean(x), 1]], with its eigenvalues and
 * unit eigenvectors: the curvature of the bowl across and along its valley.
 */
export function curvature(X) {
  const a = 2 * mean(X.map(square));
  const c = 2 * mean(X);
  const d = 2;
  const half = Math.sqrt(((a - d) / 2) ** 2 + c * c);
  const lambdaMax = (a + d) / 2 + half;
  const lambdaMin = (a + d) / 2 - half;
  // The steep direction solves (H - lambdaMax I) v = 0; the flat one is perpendicular to it.
  const [u, v] = c === 0 ? (a >= d ? [1, 0] : [0, 1]) : [c, lambdaMax - a];
  const norm = Math.hypot(u, v);
  const steep = [u / norm, v / norm];
  return {
    hessian: [[a, c], [c, d]], lambdaMax, lambdaMin,
    steep, flat: [steep[1], -steep[0]],
  };
}
