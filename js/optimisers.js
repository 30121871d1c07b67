// Linear regression on many features, in the browser: the third post's Python, step by step.
//
// "Many Features, One Matrix" trains with batch gradient descent, mini-batch SGD, momentum
// and Adam; this module does the same, in the same order of operations, and a test runs it
// in Chromium against the post's Python. NumPy's matrix products add in their own order, so
// the last bits of a float may differ: runs agree to the digits the post prints.

/** The "minimal standard" generator's modulus and multiplier, as in the post's `shuffled`. */
const MODULUS = 2147483647;
const MULTIPLIER = 48271;

function fail(ErrorType, message) {
  throw new ErrorType(message);
}

function checkMatrix(name, X) {
  if (!Array.isArray(X) || X.length === 0 || !Array.isArray(X[0]) || X[0].length === 0) {
    fail(TypeError, `${name} must be a non-empty array of rows of numbers`);
  }
  const d = X[0].length;
  for (const row of X) {
    if (!Array.isArray(row) || row.length !== d) {
      fail(RangeError, `${name} must have rows of the same length, ${d}`);
    }
    if (!row.every(Number.isFinite)) fail(RangeError, `${name} must contain only finite numbers`);
  }
}

function checkTargets(X, y) {
  if (!Array.isArray(y) || !y.every(Number.isFinite)) {
    fail(TypeError, "y must be an array of finite numbers");
  }
  if (y.length !== X.length) {
    fail(RangeError, `y must have one target per row of X (${X.length}), got ${y.length}`);
  }
}

function checkNumber(name, value, { low = -Infinity, high = Infinity, above = false,
  below = false } = {}) {
  if (typeof value !== "number") fail(TypeError, `${name} must be a number, got ${typeof value}`);
  const tooLow = above ? !(value > low) : !(value >= low);
  const tooHigh = below ? !(value < high) : !(value <= high);
  if (!Number.isFinite(value) || tooLow || tooHigh) {
    fail(RangeError, `${name} must be a finite number ${describe(low, high, above, below)}, ` +
      `got ${value}`);
  }
}

function describe(low, high, above, below) {
  const parts = [];
  if (low > -Infinity) parts.push(`${above ? "above" : "at least"} ${low}`);
  if (high < Infinity) parts.push(`${below ? "below" : "at most"} ${high}`);
  return parts.join(" and ");
}

function checkCount(name, value, low, high = Infinity) {
  if (!Number.isInteger(value) || value < low || value > high) {
    const range = high === Infinity ? `of at least ${low}` : `from ${low} to ${high}`;
    fail(RangeError, `${name} must be a whole number ${range}, got ${value}`);
  }
}

/**
 * A random order of n rows, and the generator's next state: Fisher-Yates with
 * state -> state * 48271 mod (2^31 - 1). Every product is below 2^53, so it is exact.
 */
export function shuffled(n, state) {
  checkCount("n", n, 1);
  checkCount("state", state, 1, MODULUS - 1);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i -= 1) {
    state = (state * MULTIPLIER) % MODULUS;
    const j = state % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return { order, state };
}

/** The columns' means and standard deviations, and a function that scales rows by them. */
export function standardiser(X) {
  checkMatrix("X", X);
  const d = X[0].length;
  const mean = new Array(d).fill(0);
  for (const row of X) for (let j = 0; j < d; j += 1) mean[j] += row[j];
  for (let j = 0; j < d; j += 1) mean[j] /= X.length;
  const std = new Array(d).fill(0);
  for (const row of X) for (let j = 0; j < d; j += 1) std[j] += (row[j] - mean[j]) ** 2;
  for (let j = 0; j < d; j += 1) std[j] = Math.sqrt(std[j] / X.length);
  const scale = (rows) => rows.map((row) => row.map((x, j) => (x - mean[j]) / std[j]));
  return { mean, std, scale };
}

function dot(a, b) {
  let sum = 0;
  for (let j = 0; j < a.length; j += 1) sum += a[j] * b[j];
  return sum;
}

/** The objective of the post: the MSE of X w + b, plus lam |w|^2; theta = (w, b). */
export function objective(X, y, theta, lam = 0) {
  const d = theta.length - 1;
  const w = theta.slice(0, d);
  let sum = 0;
  for (let i = 0; i < X.length; i += 1) {
    const residual = dot(X[i], w) + theta[d] - y[i];
    sum += residual * residual;
  }
  return sum / X.length + lam * dot(w, w);
}

/** The gradient of the objective over the rows `rows` of X: (2/n) X^T r + 2 lam w, 2 mean(r). */
function gradient(X, y, theta, rows, lam) {
  const d = theta.length - 1;
  const w = theta.slice(0, d);
  const grad = new Array(d + 1).fill(0);
  let residualSum = 0;
  for (const i of rows) {
    const residual = dot(X[i], w) + theta[d] - y[i];
    for (let j = 0; j < d; j += 1) grad[j] += X[i][j] * residual;
    residualSum += residual;
  }
  for (let j = 0; j < d; j += 1) grad[j] = (2 / rows.length) * grad[j] + 2 * lam * w[j];
  grad[d] = 2 * (residualSum / rows.length);
  return grad;
}

/** theta <- theta - rate * gradient, where rate = learningRate / (1 + decay * epoch). */
export function gradientDescent({ learningRate, decay = 0 }) {
  checkNumber("learningRate", learningRate, { low: 0, above: true });
  checkNumber("decay", decay, { low: 0 });
  return {
    start() {},
    step(theta, grad, epoch) {
      const rate = learningRate / (1 + decay * epoch);
      return theta.map((value, k) => value - rate * grad[k]);
    },
  };
}

/** The heavy ball: v <- beta v - learningRate * gradient; theta <- theta + v. */
export function momentum({ learningRate, beta }) {
  checkNumber("learningRate", learningRate, { low: 0, above: true });
  checkNumber("beta", beta, { low: 0, high: 1, below: true });
  let velocity;
  return {
    start(theta) { velocity = theta.map(() => 0); },
    step(theta, grad) {
      velocity = velocity.map((v, k) => beta * v - learningRate * grad[k]);
      return theta.map((value, k) => value + velocity[k]);
    },
  };
}

/** Adam: running averages of the gradient and its square, corrected for their start at 0. */
export function adam({ learningRate, beta1 = 0.9, beta2 = 0.999, eps = 1e-8 }) {
  checkNumber("learningRate", learningRate, { low: 0, above: true });
  checkNumber("beta1", beta1, { low: 0, high: 1, below: true });
  checkNumber("beta2", beta2, { low: 0, high: 1, below: true });
  checkNumber("eps", eps, { low: 0, above: true });
  let m;
  let v;
  let t;
  return {
    start(theta) { m = theta.map(() => 0); v = theta.map(() => 0); t = 0; },
    step(theta, grad) {
      t += 1;
      m = m.map((value, k) => beta1 * value + (1 - beta1) * grad[k]);
      v = v.map((value, k) => beta2 * value + (1 - beta2) * grad[k] * grad[k]);
      const mCorrection = 1 - beta1 ** t;
      const vCorrection = 1 - beta2 ** t;
      return theta.map((value, k) => value - learningRate * (m[k] / mCorrection) /
        (Math.sqrt(v[k] / vCorrection) + eps));
    },
  };
}

/**
 * The post's `train`: from theta = 0, one step per batch of `batchSize` rows (in the seeded
 * order of `shuffled` when batches are smaller than X), the objective on all rows after
 * each epoch. Stops once it is at or below `target` ("reached"), when it grows past
 * divergenceFactor times its start or is not a number ("diverged"), or after maxEpochs.
 */
export function train(X, y, optimiser, { maxEpochs, batchSize = X.length, lam = 0,
  target = null, seed, divergenceFactor = 1e6 }) {
  checkMatrix("X", X);
  checkTargets(X, y);
  if (!optimiser || typeof optimiser.step !== "function") {
    fail(TypeError, "optimiser must be made by gradientDescent, momentum or adam");
  }
  checkCount("maxEpochs", maxEpochs, 1);
  checkCount("batchSize", batchSize, 1, X.length);
  checkNumber("lam", lam, { low: 0 });
  if (target !== null) checkNumber("target", target, { low: 0 });
  checkCount("seed", seed, 1, MODULUS - 1);
  checkNumber("divergenceFactor", divergenceFactor, { low: 1, above: true });
  const n = X.length;
  let theta = new Array(X[0].length + 1).fill(0);
  optimiser.start(theta);
  const history = [objective(X, y, theta, lam)];
  let state = seed;
  let reason = "max_epochs";
  const everyRow = Array.from({ length: n }, (_, i) => i);
  for (let epoch = 0; epoch < maxEpochs; epoch += 1) {
    let order = everyRow;
    if (batchSize < n) ({ order, state } = shuffled(n, state));
    for (let start = 0; start < n; start += batchSize) {
      const rows = order.slice(start, start + batchSize);
      theta = optimiser.step(theta, gradient(X, y, theta, rows, lam), epoch);
    }
    history.push(objective(X, y, theta, lam));
    const loss = history.at(-1);
    if (!(loss <= divergenceFactor * history[0])) {
      reason = "diverged";
      break;
    }
    if (target !== null && loss <= target) {
      reason = "reached";
      break;
    }
  }
  const epochs = history.length - 1;
  return { theta, history, epochs, reason, steps: epochs * Math.ceil(n / batchSize) };
}

/**
 * The exact minimum of MSE + lam |w|^2 (b unpenalised): the normal equations
 * (X^T X / n + lam I') theta = X^T y / n, solved by Gaussian elimination with pivoting.
 */
export function exactMinimum(X, y, lam = 0) {
  checkMatrix("X", X);
  checkTargets(X, y);
  checkNumber("lam", lam, { low: 0 });
  const n = X.length;
  const p = X[0].length + 1;
  const rows = X.map((row) => [...row, 1]);
  const A = Array.from({ length: p }, (_, a) => Array.from({ length: p }, (_, b) => {
    let sum = 0;
    for (const row of rows) sum += row[a] * row[b];
    return sum / n + (a === b && a < p - 1 ? lam : 0);
  }));
  const rhs = Array.from({ length: p }, (_, a) => {
    let sum = 0;
    rows.forEach((row, i) => { sum += row[a] * y[i]; });
    return sum / n;
  });
  for (let col = 0; col < p; col += 1) {
    let pivot = col;
    for (let r = col + 1; r < p; r += 1) {
      if (Math.abs(A[r][col]) > Math.abs(A[pivot][col])) pivot = r;
    }
    if (A[pivot][col] === 0) fail(RangeError, "X must have independent columns");
    [A[col], A[pivot]] = [A[pivot], A[col]];
    [rhs[col], rhs[pivot]] = [rhs[pivot], rhs[col]];
    for (let r = col + 1; r < p; r += 1) {
      const factor = A[r][col] / A[col][col];
      for (let c = col; c < p; c += 1) A[r][c] -= factor * A[col][c];
      rhs[r] -= factor * rhs[col];
    }
  }
  const theta = new Array(p).fill(0);
  for (let r = p - 1; r >= 0; r -= 1) {
    let sum = rhs[r];
    for (let c = r + 1; c < p; c += 1) sum -= A[r][c] * theta[c];
    theta[r] = sum / A[r][r];
  }
  return theta;
}
