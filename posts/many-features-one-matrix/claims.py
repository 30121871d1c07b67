"""What "Many Features, One Matrix" says in words, and the numbers it must type.

The post's numbers are written by its code (inline expressions). Its worded claims stand next
to their phrases in index.qmd, `[phrase]{claim="..."}`, and may call the helpers below; the
tests evaluate them in the namespace the post's code leaves behind.
"""

import numpy as np

from blogkit.proofreading import sides  # noqa: F401 (claims call it)

# The formulas' own constants, not results: the 2/n and 1/n of the gradient and the normal
# equations, sums from i = 1, squares, the 2 and the 1 of the learning-rate bound and its half,
# the ones column's d + 1, the 1 - ... of a factor per epoch, of Adam's averages and of the
# decay, the +-1 and the 4 of the heavy ball, the 2 of the log of a squared error,
# ridge's 2, the 1/2 of a quadratic, an inverse's -1, and a penalty above 0.
DEFINITIONS = [
    r"\\frac\{2\}\{n\}",
    r"\\tfrac\{1\}\{n\}",
    r"_\{i=1\}",
    r"\^2",
    r"\b2/\\lambda",
    r"\b1/\\lambda",
    r"\(d \+ 1\)",
    r"\(?\b1 - \\(?:eta|beta)",
    r"\(1 \+ k t\)",
    r"\\sqrt\{\\kappa\} [-+] 1",
    r"\\frac\{4\}\{",
    r"-2 \\ln",
    r"\$2\\lambda\$",
    r"\\tfrac\{1\}\{2\}",
    r"\(2\\, ",
    r"\^\{-1\}",
    r"\\lambda > 0",
]


def typed(run):
    """The numbers each matplotlib figure's alt text types, as the code computes them."""
    corr, strongest = run["correlations"], run["strongest"]
    return {
        "fig-correlations": [len(run["FEATURES"]), f"{corr[strongest]:.2f}", f"{run['s3_s4']:.2f}"]
    }


def largest_weights(w, names, k):
    """The names of the k weights largest in size."""
    return {names[i] for i in np.argsort(-np.abs(w))[:k]}


def flattest_features(direction, names, k=3):
    """The features with the k largest entries (in size) of an eigenvector of the Hessian;
    its last entry, the intercept's, is left out."""
    weights = np.abs(np.asarray(direction)[: len(names)])
    return sorted(names[i] for i in np.argsort(-weights)[:k])


def batch_kick(optimiser, X, y, theta, rows, gradient):
    """The step `optimiser` takes from theta with the gradient of the batch `rows` alone."""
    dw, db = gradient(X[rows], y[rows], theta[:-1], theta[-1])
    return optimiser.step(theta, np.append(dw, db), 0) - theta


def polyak(beta, rate, lambda_max, lambda_min):
    """beta and rate are Polyak's heavy-ball choice for these curvatures, as the formula shows."""
    kappa = lambda_max / lambda_min
    best_beta = ((np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)) ** 2
    return bool(
        np.isclose(beta, best_beta)
        and np.isclose(rate, 4 / (lambda_max**0.5 + lambda_min**0.5) ** 2)
    )
