"""What "Knowing When to Stop" types: its formulas' constants, and helpers its claims call."""

import nbformat
import numpy as np

from blogkit.notebooks import notebook_path
from blogkit.paths import POSTS
from blogkit.proofreading import sides  # noqa: F401 (claims call it)

# The formulas' own constants, not results: squares, a minimum's zero gradient, the 1 and the
# 2 of the Hessian's formula, the size of a 2 x 2 matrix, the quadratic formula's 4 and /2,
# the stability condition |1 - eta lambda| < 1 (so 0 < eta < 2/lambda), a history's first
# entry, and the improvement between 0 and tol.
DEFINITIONS = [
    r"\^2", r"\) = 0|- b = 0", r"= 2 \\begin\{pmatrix\}", r"& 1 \\end", r"\$2 \\times 2\$",
    r"- 4 \\times", r"\}\{2\}", r"\b1 - (?=\\eta|`)", r"\| < 1\$", r"\$0 < \\eta < 2/",
    r"between \$1\$ and \$2\$", r"above \$2\$", r"\\frac\{2\}\{", r"\b2/(?=\\lambda|λ)", r"\[0\]`",
    r"between\s+\$0\$ and `tol`",
]  # fmt: skip


def turning_epoch(path):
    """The epoch at which the path is farthest right: where it reaches the valley floor."""
    return int(np.argmax(np.asarray(path)[:, 0]))


def thousands_to_hundreds(run):
    """The loss starts in the thousands and is a few hundred once the path reaches the floor."""
    turned = run.loss_history[turning_epoch(run.path)]
    return bool(run.loss_history[0] >= 1000 and 100 <= turned < 1000)


def intercept_lag(path, m_exact, b_exact):
    """How many times farther from its exact value the intercept is than the slope, at worst."""
    errors = np.abs(np.asarray(path)[1:] - (m_exact, b_exact))
    return float((errors[:, 1] / errors[:, 0]).min())


def gives_back(run, x_mean, x_std, m_exact, b_exact, decimals):
    """A run on z, converted back to x, is the exact line to the decimals printed."""
    back = (run.m / x_std, run.b - run.m * x_mean / x_std)
    return [f"{v:.{decimals}f}" for v in back] == [f"{v:.{decimals}f}" for v in (m_exact, b_exact)]


def straight_and_slowing(path, optimum):
    """The path runs straight from its start to `optimum`, each step shorter than the last."""
    path = np.asarray(path, dtype=float)
    direction = np.asarray(optimum) - path[0]
    offsets = path - path[0]
    across = offsets[:, 0] * direction[1] - offsets[:, 1] * direction[0]
    steps = np.linalg.norm(np.diff(path, axis=0), axis=1)
    return bool(np.allclose(across, 0, atol=1e-9) and np.all(np.diff(steps) < 0))


def printed_by(slug):
    """What another post printed: the stored outputs of its notebook, which nbval checks."""
    notebook = nbformat.read(notebook_path(POSTS / slug / "index.qmd"), as_version=4)
    return "".join(o.get("text", "") for c in notebook.cells for o in c.get("outputs", []))
