"""What "Linear Regression From Scratch" types (alt texts, constants), and its claims' helpers."""

import numpy as np
from matplotlib.collections import LineCollection

from blogkit.proofreading import sides  # noqa: F401 (claims call it)

# The formulas' own constants, not results: the 1/n of the mean, the sum from i = 1, squares,
# the -1 and -2 of the chain rule.
DEFINITIONS = [r"\\frac\{1\}\{n\}", r"_\{i=1\}", r"\^2", r"\(-1\)", r"-2 \\times"]


def typed(run):
    """The numbers each matplotlib figure's alt text types, as the code computes them."""
    X, y, guess = run["X"], run["y_true"], run["no_fit_prediction"]
    m, b = np.polyfit(X, guess, 1)
    furthest_below = sorted(X[np.argsort(guess - y)[:2]])  # the two largest misses under points
    return {
        "fig-no-fit": [X[0], y[0], X[-1], y[-1], round(m), round(b), *furthest_below],
        "fig-final-fit": [f"{run['m']:.2f}", f"{run['b']:.2f}"],
        "fig-loss": [f"{run['loss_history'][-1]:.2f}"],
    }


def not_best(X, y, predicted):
    """Predictions whose MSE is above the least-squares line's."""
    slope, intercept = np.polyfit(X, y, 1)
    best = np.mean((y - (slope * X + intercept)) ** 2)
    return bool(np.mean((y - predicted) ** 2) > best + 1e-9)


def steep_start(losses):
    """The first tenth of the epochs takes more than 90% of the whole fall of the loss."""
    tenth = len(losses) // 10
    return bool(losses[0] - losses[tenth] > 0.9 * (losses[0] - losses[-1]))


def steps_shrink(path):
    """Each epoch's step in (m, b) is at least ten times longer at the start than at the end."""
    steps = np.linalg.norm(np.diff(np.asarray(path), axis=0), axis=1)
    return bool(steps[0] > 10 * steps[-1] and steps[len(steps) // 2] > steps[-1])


def by_hand_is_training(epochs, losses, path):
    """The epochs worked by hand are the training run's first epochs: same losses and steps."""
    return all(
        np.isclose(e.loss, losses[k], rtol=1e-12) and np.allclose((e.new_m, e.new_b), path[k])
        for k, e in enumerate(epochs)
    )


def through_the_middle(X, y, m, b):
    """Points on both sides of the line, and residuals that sum to about zero."""
    residual = y - (m * X + b)
    return bool((residual > 0).any() and (residual < 0).any() and abs(residual.sum()) < 0.1)


def residual_style(figure):
    """The line style and direction of a plot_fit figure's residual segments."""
    (segments,) = [c for c in figure.axes[0].collections if isinstance(c, LineCollection)]
    dash = segments.get_linestyle()[0][1]
    vertical = all(np.isclose(s[0][0], s[1][0]) for s in segments.get_segments())
    dashed = dash is not None and len(dash) == 2 and dash[0] > dash[1]  # dotted: gaps are longer
    return ("--" if dashed else "other", "vertical" if vertical else "slanted")


def progress(losses, X, y, epoch=500):
    """The fraction of the loss above the least-squares line's that an epoch far on removes."""
    floor = np.mean((y - np.polyval(np.polyfit(X, y, 1), X)) ** 2)
    return 1 - (losses[epoch + 1] - floor) / (losses[epoch] - floor)
