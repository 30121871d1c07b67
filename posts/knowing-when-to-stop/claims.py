"""The numbers and facts "Knowing When to Stop" writes by hand, checked against its code.

`check(text, run)` returns the problems found, where `text` is the post's source and `run`
the namespace its code leaves behind. The tests run it; a copied post copies its claims.
A number shown with k decimals agrees with the code's value rounded to k decimals.
"""

import re

import numpy as np
import proofreading as pr

NUM = pr.NUMBER

# Constants of the formulas themselves, not results: the 2/n of the gradient, sums from
# i = 1, squares and second derivatives, a minimum's zero gradient, the 2 and the 1 of the
# Hessian, the quadratic formula's 4 and /2, the stability condition |1 - eta lambda| < 1,
# i.e. 0 < eta < 2/lambda, the base of 10^{-k}, and the index of a history's first entry.
DEFINITIONS = [
    r"\\frac\{2\}\{(?:\\lambda|\d)",  # the 2 of the bound 2/lambda
    r"_\{i=1\}",
    r"\^2",
    r"\) = 0|- b = 0",
    r"= 2 \\begin\{pmatrix\}",
    r"& 1 \\end",
    r"\$2 \\times 2\$",
    r"- 4 \\times",
    r"\}\{2\}",
    r"\b1 - (?=\\eta|\d)",
    r"\| < 1\$",
    r"\$0 < \\eta < 2/",
    r"between \$1\$ and \$2\$",
    r"above \$2\$",
    r"\b2/(?=\\lambda|λ|\(|\d)",
    r"\b10\^\{",
    r"\[0\]`",
    r"between\s+\$0\$ and `tol`",
]


def code_call(code, pattern, what):
    """The literal arguments of a call in the post's code, e.g. fit(..., max_epochs=3000)."""
    match = re.search(pattern, code)
    if match is None:
        raise LookupError(f"the code does not show {what}")
    return [float(group) for group in match.groups()]


def values(run):
    """What the post's code computed, under the names the checks below use."""
    X = run["X"]
    code = run["post_code"]
    within = {
        (name, lr): run["epochs_to_reach"](r.loss_history, run["exact_loss"])
        for name, lr, r in run["comparison"]
    }
    return {
        "first_run": run["first_run"],
        "long_run": run["long_run"],
        "m_exact": run["m_exact"],
        "b_exact": run["b_exact"],
        "exact_loss": run["exact_loss"],
        "x_mean": run["x_mean"],
        "y_mean": run["y_mean"],
        "x_std": run["x_std"],
        "mean_x2": np.mean(X**2),
        "mean_xy": np.mean(X * run["y_true"]),
        "hessian": run["hessian"],
        "lambda_max": run["lambda_max"],
        "lambda_min": run["lambda_min"],
        "condition": run["lambda_max"] / run["lambda_min"],
        "bound": run["bound"],
        "learning_rates": run["learning_rates"],
        "runs_by_rate": dict(zip(run["learning_rates"], run["runs"], strict=True)),
        "hessian_z": run["hessian_z"],
        "scaled_runs": run["scaled_runs"],
        "w_exact": run["w_exact"],
        "c_exact": run["c_exact"],
        "within": within,
        "divergence_factor": run["DIVERGENCE_FACTOR"],
        "first_call": code_call(
            code,
            r"first_run = fit\(X, y_true, learning_rate=(\S+), "
            r"max_epochs=(\d+), tol=(\S+)\)",
            "the first run",
        ),
        "long_call": code_call(
            code,
            r"long_run = fit\(X, y_true, learning_rate=(\S+), "
            r"max_epochs=(\d+), tol=(\S+)\)",
            "the long run",
        ),
        "rates_call": code_call(
            code,
            r"runs = \[fit\(X, y_true, lr, max_epochs=(\d+), "
            r"tol=(\S+)\)",
            "the learning-rate runs",
        ),
        "raw_call": code_call(
            code,
            r"raw_run = fit\(X, y_true, learning_rate=(\S+), "
            r"max_epochs=(\d+), tol=(\S+)\)",
            "the raw run",
        ),
        "within_default": run["epochs_to_reach"].__defaults__[0],
        "comparison": run["comparison"],
        "Z": run["Z"],
        "code": code,
        "fit": run["fit"],
        "X": X,
        "y_true": run["y_true"],
    }


def numbers(pattern, text, what):
    """The numbers captured by the one match of `pattern` (whitespace may break lines)."""
    (match,) = pr.find(pattern.replace(" ", r"\s+"), text, what)
    return list(match.groups())


def check_stopping(text, f):
    epochs = f["first_run"].epochs
    shown = numbers(
        rf"after (\d+) epochs, (\d+) earlier than the first post, with a loss of "
        rf"\$({NUM})\$ against the first post's \$({NUM})\$",
        text,
        "the stop",
    )
    # The first post prints the loss before its 3000th update: losses[2999].
    return pr.compare(
        "stopping",
        shown,
        [epochs, 3000 - epochs, f["first_run"].loss, f["long_run"].loss_history[2999]],
    )


def check_exact_answer(text, f):
    x_mean, y_mean, mean_x2, mean_xy = f["x_mean"], f["y_mean"], f["mean_x2"], f["mean_xy"]
    problems = pr.compare(
        "means",
        numbers(
            rf"\\bar\{{x\}} = ({NUM})\$, \$\\bar\{{y\}} = ({NUM})\$, "
            rf"\$\\operatorname\{{mean\}}\(x\^2\) = ({NUM})\$ and "
            rf"\$\\operatorname\{{mean\}}\(xy\) = ({NUM})\$",
            text,
            "the means",
        ),
        [x_mean, y_mean, mean_x2, mean_xy],
    )
    problems += pr.compare(
        "m by hand",
        numbers(
            rf"m = \\frac\{{({NUM}) - ({NUM}) \\times ({NUM})\}}\{{({NUM}) - ({NUM})\^2\}} = "
            rf"\\frac\{{({NUM}) - ({NUM})\}}\{{({NUM}) - ({NUM})\}} = "
            rf"\\frac\{{({NUM})\}}\{{({NUM})\}} \\approx ({NUM})",
            text,
            "m by hand",
        ),
        [
            mean_xy,
            x_mean,
            y_mean,
            mean_x2,
            x_mean,
            mean_xy,
            x_mean * y_mean,
            mean_x2,
            x_mean**2,
            mean_xy - x_mean * y_mean,
            mean_x2 - x_mean**2,
            f["m_exact"],
        ],
    )
    problems += pr.compare(
        "b by hand",
        numbers(rf"b = ({NUM}) - ({NUM}) \\times ({NUM}) \\approx ({NUM})", text, "b by hand"),
        [y_mean, x_mean, f["m_exact"], f["b_exact"]],
    )
    problems += pr.compare(
        "minimum MSE",
        numbers(rf"has an MSE below \$({NUM})\$", text, "the minimum"),
        [f["exact_loss"]],
    )
    return problems


def check_comparison_table(text, f):
    columns = pr.table(text)
    first, long = f["first_run"], f["long_run"]
    epochs = first.epochs
    runs = [
        ((first.m, first.b), first.loss),
        ((long.m, long.b), long.loss),
        ((f["m_exact"], f["b_exact"]), f["exact_loss"]),
    ]
    exact = np.array([f["m_exact"], f["b_exact"]])
    problems = pr.compare("table epochs", columns["Epochs"][:2], [epochs, 3000])
    problems += pr.compare("table m", columns["m"], [p[0] for p, _ in runs])
    problems += pr.compare("table b", columns["b"], [p[1] for p, _ in runs])
    problems += pr.compare("table MSE", columns["MSE"], [loss for _, loss in runs])
    problems += pr.compare(
        "table distance",
        columns["Distance"],
        [np.linalg.norm(np.array(p) - exact) for p, _ in runs],
    )
    return problems


def check_table_comments(text, f):
    exact = np.array([f["m_exact"], f["b_exact"]])
    first, long = f["first_run"], f["long_run"]
    distance = np.linalg.norm(np.array([long.m, long.b]) - exact)
    shown = numbers(
        rf"end within \$({NUM})\$ of the exact line, with an MSE only "
        rf"\$({NUM}) \\times 10\^\{{(-\d+)\}}\$ above the minimum",
        text,
        "3000 epochs",
    )
    gap = long.loss - f["exact_loss"]
    problems = pr.compare("3000 epochs", shown[:2], [distance, gap / 10.0 ** int(shown[2])])
    stopped = np.linalg.norm(np.array([first.m, first.b]) - exact)
    if not 8 < stopped / distance < 9:
        problems.append(f"'more than eight times farther': the ratio is {stopped / distance:.2f}")
    pr.find(r"more than eight times farther", text, "the distance ratio")
    return problems


def check_hessian(text, f):
    h = f["hessian"]
    problems = pr.compare(
        "Hessian",
        numbers(
            rf"= 2 \\begin\{{pmatrix\}} ({NUM}) & ({NUM}) \\\\ ({NUM}) & ({NUM}) "
            rf"\\end\{{pmatrix\}} "
            rf"= \\begin\{{pmatrix\}} ({NUM}) & ({NUM}) \\\\ ({NUM}) & ({NUM}) \\end\{{pmatrix\}}",
            text,
            "the Hessian",
        ),
        [*(h / 2).ravel(), *h.ravel()],
    )
    trace, det = np.trace(h), np.linalg.det(h)
    problems += pr.compare(
        "trace and determinant",
        numbers(
            rf"trace, \$({NUM}) \+ ({NUM}) = ({NUM})\$, and the determinant, "
            rf"\$({NUM}) \\times ({NUM}) - ({NUM})\^2 = ({NUM})\$",
            text,
            "trace and determinant",
        ),
        [h[0, 0], h[1, 1], trace, h[0, 0], h[1, 1], h[0, 1], det],
    )
    problems += pr.compare(
        "eigenvalue formula",
        numbers(
            rf"\\lambda = \\frac\{{({NUM}) \\pm \\sqrt\{{({NUM})\^2 - 4 \\times ({NUM})\}}\}}"
            rf"\{{2\}} "
            rf"= \\frac\{{({NUM}) \\pm ({NUM})\}}\{{2\}}",
            text,
            "the eigenvalue formula",
        ),
        [trace, trace, det, trace, np.sqrt(trace**2 - 4 * det)],
    )
    problems += pr.compare(
        "eigenvalues",
        numbers(
            rf"\\lambda_\{{max\}} \\approx ({NUM})\$ and \$\\lambda_\{{min\}} \\approx ({NUM})\$",
            text,
            "the eigenvalues",
        ),
        [f["lambda_max"], f["lambda_min"]],
    )
    problems += pr.compare(
        "condition number",
        numbers(r"about (\d+) times more curved", text, "the condition number"),
        [f["condition"]],
    )
    factors = [
        m.groups()
        for m in pr.find(
            rf"1 - ({NUM}) \\times ({NUM}) \\approx ({NUM})", text, "the factors per epoch"
        )
    ]
    problems += pr.compare(
        "factors per epoch",
        [n for group in factors for n in group],
        [
            0.01,
            f["lambda_max"],
            1 - 0.01 * f["lambda_max"],
            0.01,
            f["lambda_min"],
            1 - 0.01 * f["lambda_min"],
        ],
    )
    return problems


def check_learning_rate(text, f):
    runs = f["runs_by_rate"]
    problems = pr.compare(
        "bound",
        numbers(rf"\\frac\{{2\}}\{{({NUM})\}} \\approx ({NUM})", text, "the bound"),
        [f["lambda_max"], f["bound"]],
    )
    if not 0.25 < 0.01 / f["bound"] < 1 / 3:
        problems.append(f"'a bit under a third of the limit': 0.01 is {0.01 / f['bound']:.2f}")
    pr.find(r"a bit under a third of the limit", text, "0.01 against the limit")
    problems += pr.compare(
        "start and end of the axis",
        numbers(rf"so that \$({NUM})\$ and \$({NUM})\$ fit", text, "the axis"),
        [f["first_run"].loss_history[0], f["exact_loss"]],
    )
    below, below_factor, above, above_factor = numbers(
        rf"At \$({NUM})\$, just below it,[^$]*\$({NUM})\$, but they do shrink it[^$]*"
        rf"At \$({NUM})\$, just above, the same factor is \$({NUM})\$",
        text,
        "both sides",
    )
    problems += pr.compare(
        "both sides",
        [below_factor, above_factor],
        [abs(1 - float(r) * f["lambda_max"]) for r in (below, above)],
    )
    if not float(below) < f["bound"] < float(above):
        problems.append(f"{below} and {above} do not straddle the bound {f['bound']:.4f}")
    growth = abs(1 - float(above) * f["lambda_max"]) - 1
    if not 0.045 < growth < 0.05:
        problems.append(f"'almost 5% more error': the factor adds {growth:.2%}")
    pr.find(r"almost 5% more error", text, "the growth per epoch")
    problems += pr.compare(
        "diverged after",
        numbers(r"until after (\d+) epochs it has passed a million", text, "the divergence epoch"),
        [runs[0.036].epochs],
    )
    slowest = numbers(rf"With \$({NUM})\$ even (\d+) epochs are not enough", text, "the slowest")
    if runs[float(slowest[0])].reason != "max_epochs" or slowest[1] != "3000":
        problems.append(f"lr {slowest[0]} does not use up 3000 epochs")
    limit = numbers(
        rf"while \$({NUM})\$ and \$({NUM})\$ converge after fewer than (\d+) epochs",
        text,
        "the fast ones",
    )
    for lr in limit[:2]:
        run = runs[float(lr)]
        if run.reason != "converged" or not run.epochs < int(limit[2]):
            problems.append(f"lr {lr}: {run.reason} after {run.epochs} epochs")
    return problems


def check_rescaling(text, f):
    problems = pr.compare(
        "standard deviation",
        numbers(rf"= \\sqrt\{{({NUM})\}} \\approx ({NUM})\$ is", text, "sigma"),
        [f["mean_x2"] - f["x_mean"] ** 2, f["x_std"]],
    )
    eigenvalue = np.linalg.eigvalsh(f["hessian_z"])
    problems += pr.compare(
        "scaled limit",
        numbers(rf"\\eta < 2/({NUM}) = ({NUM})\$", text, "the scaled limit"),
        [eigenvalue.max(), 2 / eigenvalue.max()],
    )
    problems += pr.compare(
        "one step",
        numbers(
            rf"at \$\\eta = ({NUM})\$ the factor \$1 - ({NUM}) \\times ({NUM})\$ is zero",
            text,
            "one step",
        ),
        [0.5, 0.5, eigenvalue.max()],
    )
    if abs(1 - 0.5 * eigenvalue.max()) > 1e-12:
        problems.append("1 - 0.5 x 2 is not zero")
    problems += pr.compare(
        "shared minimum",
        numbers(rf"share the minimum MSE of \$({NUM})\$", text, "the shared minimum"),
        [f["exact_loss"]],
    )
    problems += pr.compare(
        "from thousands",
        numbers(
            r"From thousands of epochs to (\d+), and with the right learning rate to a single step",
            text,
            "the epoch counts",
        ),
        [f["within"][("standardised z", 0.1)]],
    )
    if not (f["within"][("raw x", 0.01)] >= 1000 and f["within"][("standardised z", 0.5)] == 1):
        problems.append("'thousands ... to a single step' does not hold")
    return problems


def check_ranges(what, alt, source, names):
    """The axis ranges an alt text states are the ones its cell passes to the chart."""
    shown = numbers(
        rf"{names[0]} from ({NUM}) to ({NUM}) across and {names[1]} from ({NUM}) to ({NUM}) up",
        alt,
        "the ranges",
    )
    called = numbers(
        rf"m_range=\(({NUM}), ({NUM})\), b_range=\(({NUM}), ({NUM})\)",
        source,
        "the ranges in the code",
    )
    return pr.compare(what, shown, [float(c) for c in called])


def check_landscape_alt(alt, source, f):
    path = np.array(f["long_run"].path)
    turn = int(np.argmax(path[:, 0]))
    problems = check_ranges("landscape ranges", alt, source, ("m", "b"))
    problems += pr.compare(
        "landscape path",
        numbers(
            rf"to about m = ({NUM}), b = ({NUM}), on the valley floor, .* the star at "
            rf"m = ({NUM}), b = ({NUM})\.",
            alt,
            "the path",
        ),
        [*path[turn], f["m_exact"], f["b_exact"]],
    )
    if not 3 <= turn <= 10:
        problems.append(f"the turn comes after {turn} epochs, not 'a few large steps'")
    return problems


def check_learning_rate_alt(alt, f):
    runs = f["runs_by_rate"]
    problems = pr.compare(
        "rates",
        numbers(
            rf"for learning rates ({NUM}), ({NUM}), ({NUM}), ({NUM}) and ({NUM})\.",
            alt,
            "the rates",
        ),
        f["learning_rates"],
    )
    problems += pr.compare(
        "slowest",
        numbers(rf"still at about ({NUM}) after (\d+) epochs", alt, "the slowest"),
        [runs[0.001].loss, runs[0.001].epochs],
    )
    problems += pr.compare(
        "lr 0.01",
        numbers(
            rf"0\.01 falls to about ({NUM}) by epoch (\d+) and ({NUM}) by epoch (\d+)",
            alt,
            "lr 0.01",
        ),
        [runs[0.01].loss_history[1000], 1000, runs[0.01].loss_history[2000], 2000],
    )
    problems += pr.compare(
        "converged runs",
        numbers(
            rf"level off just above ({NUM}) and stop after (\d+) and (\d+) epochs",
            alt,
            "the converged runs",
        ),
        [f["exact_loss"], runs[0.03].epochs, runs[0.035].epochs],
    )
    for lr in (0.03, 0.035):
        if not runs[lr].loss - f["exact_loss"] < 1e-3:
            problems.append(f"lr {lr} does not level off at the minimum")
    diverged = runs[0.036]
    problems += pr.compare(
        "diverged run",
        numbers(
            rf"climbs steadily from ({NUM}) to about ({NUM}) billion and stops at epoch (\d+)",
            alt,
            "the diverged run",
        ),
        [diverged.loss_history[0], diverged.loss / 1e9, diverged.epochs],
    )
    if not np.all(np.diff(diverged.loss_history) > 0):
        problems.append("the loss at lr 0.036 does not climb at every epoch")
    return problems


def check_scaled_alt(alt, source, f):
    problems = check_ranges("scaled ranges", alt, source, ("w", "c"))
    problems += pr.compare(
        "scaled optimum",
        numbers(rf"around the star at w = ({NUM}), c = ({NUM})\.", alt, "the star"),
        [f["w_exact"], f["c_exact"]],
    )
    path = np.array(f["scaled_runs"][0.1].path)
    # A straight line from (0, 0): every point is a multiple of the optimum.
    cross = path[:, 0] * f["c_exact"] - path[:, 1] * f["w_exact"]
    if not np.allclose(cross, 0, atol=1e-9):
        problems.append("the standardised path is not a straight line")
    return problems


def check_words(text, f):
    """Claims the prose makes in words, each checked against the code's values."""
    problems = []
    if f["divergence_factor"] != 1e6:
        problems.append(f"'a million times': the code's factor is {f['divergence_factor']:g}")
    pr.find(r"grown past a million\s+times where it started", text, "the divergence rule")
    path, losses = np.array(f["long_run"].path), f["long_run"].loss_history
    turn = int(np.argmax(path[:, 0]))
    if not (losses[0] > 1000 and 100 < losses[turn] < 1000):
        problems.append(f"'from thousands to a few hundred': {losses[0]:.0f} to {losses[turn]:.0f}")
    pr.find(r"from thousands to a\s+few hundred", text, "the first steps")
    steep, slow = 1 - abs(1 - 0.01 * f["lambda_max"]), 0.01 * f["lambda_min"]
    if not steep > 0.5:
        problems.append(f"'removes more than half of the error': it removes {steep:.0%}")
    pr.find(r"removes more than half of the error", text, "the steep factor")
    if not 0.003 < slow < 0.0035:
        problems.append(f"'about a third of a percent': it removes {slow:.2%}")
    pr.find(r"removes about a third of a percent", text, "the slow factor")
    # The steep direction is mostly m, the flat one mostly b; so the intercept carries most of
    # the error: more than five times the slope's, after every epoch of the first post's run.
    _, directions = np.linalg.eigh(f["hessian"])
    steep, flat = np.abs(directions[:, 1]), np.abs(directions[:, 0])
    if not (steep[0] > steep[1] and flat[1] > flat[0]):
        problems.append(f"'mostly m' across, 'mostly b' along: {steep} and {flat}")
    pr.find(
        r"a direction that is mostly \$m\$,\s+than along it, a direction that is mostly "
        r"\$b\$",
        text,
        "the directions",
    )
    path = np.array(f["long_run"].path[1:])
    ratio = np.abs(path[:, 1] - f["b_exact"]) / np.abs(path[:, 0] - f["m_exact"])
    if not ratio.min() > 5:
        problems.append(
            f"'more than five times farther': the intercept's error is as little as "
            f"{ratio.min():.2f} times the slope's"
        )
    pr.find(
        r"most of what kept the first post's\s+line from the exact one lay in the intercept: "
        r"after every epoch, the intercept was more than\s+five times farther from its exact "
        r"value than the slope was",
        text,
        "the intercept's share",
    )
    # "Ten times the learning rate makes the loss explode within a few epochs"
    fast_rate = code_call(
        f["code"], r"print\(fit\(X, y_true, learning_rate=(\S+), ", "the fast run"
    )[0]
    fast = f["fit"](f["X"], f["y_true"], fast_rate, int(f["first_call"][1]), f["first_call"][2])
    if not (
        fast_rate == 10 * f["first_call"][0] and fast.reason == "diverged" and fast.epochs <= 10
    ):
        problems.append(
            f"'ten times ... explode within a few epochs': lr {fast_rate:g}, "
            f"{fast.reason} after {fast.epochs}"
        )
    pr.find(
        r"Ten times the learning rate makes the loss explode within a few\s+epochs",
        text,
        "the fast run",
    )
    # "just below it ... the run converges", and the valley runs from upper left to lower right
    if f["runs_by_rate"][f["learning_rates"][-2]].reason != "converged":
        problems.append("the run just below the limit does not converge")
    pr.find(r"but they do shrink it, and the run converges", text, "the run below the limit")
    if not directions[0, 0] * directions[1, 0] < 0:
        problems.append("the valley does not run from upper left to lower right")
    pr.find(r"running from the upper left to the lower right", text, "the valley's direction")
    # "Both give back the exact line, to the six decimals printed."
    for lr, run in f["scaled_runs"].items():
        back = (run.m / f["x_std"], run.b - run.m * f["x_mean"] / f["x_std"])
        if [f"{v:.6f}" for v in back] != [f"{v:.6f}" for v in (f["m_exact"], f["b_exact"])]:
            problems.append(f"the standardised run at {lr} does not give back the exact line")
    pr.find(r"Both give back the exact line, to the six decimals printed", text, "both runs")
    dozens = f["within"][("standardised z", 0.1)]
    if not 24 <= dozens < 100:
        problems.append(f"'a few dozen' epochs: it takes {dozens}")
    pr.find(r"from\s+thousands of epochs to a few dozen", text, "the standardised speed-up")
    return problems


def check_live(text, f):
    """The interactive learning rates: the slider's start, the limit it marks, the tolerance,
    and the data the page gets (the cell that writes them has no output a reader sees)."""
    section = pr.section(text, "Learning Rates, Live")
    start, limit, tol = numbers(
        rf"starts at \$({NUM})\$ and marks the limit "
        rf"\$2/\\lambda_\{{max\}} \\approx ({NUM})\$[\s\S]*?tolerance of "
        rf"\$(10\^\{{-\d+\}})\$ used above",
        section,
        "the controls",
    )
    # The slider starts at the smallest of the rates the page is given: the post's.
    page_epochs, page_tol = numbers(
        r'page_data\("learning-rates-live", points=\{"x": X, "y": y_true\}, '
        rf"rates=learning_rates, maxEpochs=(\d+), tol=({NUM}e-\d+), "
        r"divergenceFactor=DIVERGENCE_FACTOR\)",
        section,
        "the page's data",
    )
    problems = pr.compare("the slider's start", [start], [min(f["learning_rates"])])
    problems += pr.compare("the marked limit", [limit], [f["bound"]])
    epochs, rates_tol = f["rates_call"]
    if int(page_epochs) != epochs:
        problems.append(f"live: the page runs {page_epochs} epochs, the rates above {epochs:g}")
    for what, value in [("the rates above", rates_tol), ("the page", float(page_tol))]:
        if not np.isclose(power_of_ten(tol), value, rtol=1e-12, atol=0):
            problems.append(f"live: the text says tol {tol}, {what} use {value:g}")
    return problems


# The section each check reads, and the check.
CHECKS = [
    ("A Loop That Stops by Itself", check_stopping),
    ("The Exact Answer", check_exact_answer),
    ("The Exact Answer", check_comparison_table),
    ("The Exact Answer", check_table_comments),
    ("The Loss Landscape", check_hessian),
    ("The Learning Rate", check_learning_rate),
    ("The Learning Rate", check_live),
    ("Rescaling the Feature", check_rescaling),
]


def power_of_ten(shown):
    """The value of a `10^{-k}` in the text."""
    return 10.0 ** int(re.fullmatch(r"10\^\{(-\d+)\}", shown)[1])


def check_settings(text, f):
    """The training settings the prose states: learning rates, epochs, tolerances, starts."""
    rate, epochs, tol = f["first_call"]
    problems = []
    for where, value in [
        (r"Its training\s+loop ran for a fixed (\d+) epochs", f["long_call"][1]),
        (r"It used a learning rate of \$({NUM})\$", rate),
        (r"how close (\d+) epochs got us", f["long_call"][1]),
        (
            r"a learning rate of \$({NUM})\$ and at most (\d+) epochs, with a\s+tolerance of "
            r"\$(10\^\{-\d+\})\$",
            (rate, epochs, tol),
        ),
        (
            r"runs the first post's full (\d+) epochs \(a tolerance of\s+\$(10\^\{-\d+\})\$",
            f["long_call"][1:],
        ),
        (r"gradient descent, tol \$(10\^\{-\d+\})\$", tol),
        (r"gradient descent, (\d+) epochs \|", f["long_call"][1]),
        (r"The (\d+) epochs of the first post", f["long_call"][1]),
        (r"took over (\d+) epochs", f["long_run"].epochs),
        (r"So \$({NUM})\$ was a safe choice", rate),
        (r"With \$\\eta = ({NUM})\$ that is", rate),
        (r"with a tolerance of \$(10\^\{-\d+\})\$ so that the", f["rates_call"][1]),
        (r"within\s+\$(10\^\{-\d+\})\$ of that minimum", f["within_default"]),
        (r"The raw run at \$({NUM})\$ gets up to (\d+) epochs", f["raw_call"][:2]),
        (
            r"the runs at \$({NUM})\$ and \$({NUM})\$ come from the previous section",
            [lr for name, lr, _ in f["comparison"] if name == "raw x"][1:],
        ),
        (r"the path of the run at \$({NUM})\$", min(f["scaled_runs"])),
        (
            r"rates between\s+\$({NUM})\$ and \$({NUM})\$ and find the limit",
            f["learning_rates"][-2:],
        ),
    ]:
        (match,) = pr.find(where.replace("{NUM}", NUM), text, where)
        expected = value if isinstance(value, (list, tuple)) else [value]
        groups = [power_of_ten(g) if g.startswith("10^") else g for g in match.groups()]
        said = " ".join(match[0].split())
        for got, want in zip(groups, expected, strict=True):
            if isinstance(got, float):
                if not np.isclose(got, want, rtol=1e-12, atol=0):
                    problems.append(f"'{said}': shows {got:g}, the code uses {want:g}")
            else:
                problems += pr.compare(f"'{said}'", [got], [want])
    (start,) = pr.find(rf"It starts from\s+\$m = ({NUM})\$ and \$b = ({NUM})\$", text, "start")
    problems += pr.compare("fit's starting point", start.groups(), f["first_run"].path[0])
    return problems


def check_standardised(text, f):
    """mean(z) = 0, mean(z^2) = 1, H_z = 2I, its eigenvalues and the limit on z."""
    Z, h = f["Z"], f["hessian_z"]
    eigenvalues = np.linalg.eigvalsh(h)
    problems = pr.compare(
        "mean(z), mean(z^2)",
        pr.find(
            rf"\\operatorname\{{mean\}}\(z\) = ({NUM})\$ and \$\\operatorname\{{mean\}}\(z\^2\) "
            rf"= ({NUM})\$",
            text,
            "the standardised means",
        )[0].groups(),
        [np.mean(Z), np.mean(Z**2)],
    )
    problems += pr.compare(
        "H_z / 2, and H_z as a multiple of I",
        pr.find(
            rf"H_z = 2 \\begin\{{pmatrix\}} ({NUM}) & ({NUM}) \\\\ ({NUM}) & ({NUM}) "
            rf"\\end\{{pmatrix\}} = ({NUM})I",
            text,
            "H_z",
        )[0].groups(),
        [*(h / 2).ravel(), h[0, 0] if np.allclose(h, h[0, 0] * np.eye(2)) else np.nan],
    )
    problems += pr.compare(
        "H_z eigenvalues and condition",
        pr.find(
            rf"Both eigenvalues are \$({NUM})\$, the condition number is \$({NUM})\$",
            text,
            "H_z's eigenvalues",
        )[0].groups(),
        [eigenvalues[0], eigenvalues[1] / eigenvalues[0]],
    )
    problems += pr.compare(
        "learning rate above the limit on z",
        pr.find(rf"learning rate above \$({NUM})\$", text, "the limit on z")[0].groups(),
        [2 / eigenvalues.max()],
    )
    return problems


def check_figures(text, f):
    """What the captions state, and the alt texts' starting points and curves."""
    captions, alts = pr.figure_captions(text), pr.figure_alts(text)
    rate = f["first_call"][0]
    problems = pr.compare(
        "fig-landscape caption",
        numbers(
            rf"at learning rate ({NUM}) over (\d+) epochs",
            captions["fig-landscape"],
            "the run drawn",
        ),
        [rate, f["long_run"].epochs],
    )
    above, bound = numbers(
        rf"learning rate ({NUM}), is above the stability limit 2/λ_max "
        rf"≈ ({NUM})\.",
        captions["fig-learning-rates"],
        "the dashed curve",
    )
    problems += pr.compare("fig-learning-rates caption bound", [bound], [f["bound"]])
    dashed = [lr for lr in f["learning_rates"] if lr >= f["bound"]]
    problems += pr.compare("fig-learning-rates caption dashed curve", [above], dashed)
    problems += pr.compare(
        "fig-landscape-standardised caption",
        numbers(
            rf"at learning rate ({NUM}) and", captions["fig-landscape-standardised"], "the run"
        ),
        [min(f["scaled_runs"])],
    )
    for label, run in (
        ("fig-landscape", f["long_run"]),
        ("fig-landscape-standardised", f["scaled_runs"][0.1]),
    ):
        starts = pr.find(rf"\(({NUM}), ({NUM})\)", alts[label][0], "the start")
        problems += pr.compare(f"{label} alt text start", starts[0].groups(), run.path[0])
    slow, fast, level, level2, climbs = numbers(
        rf"The curve for ({NUM}) falls slowly.*?; ({NUM}) falls to.*?; ({NUM}) and ({NUM}) level "
        rf"off.*?The dashed curve for ({NUM}) climbs",
        alts["fig-learning-rates"][0],
        "the curves",
    )
    problems += pr.compare(
        "fig-learning-rates alt text curves",
        [slow, fast, level, level2, climbs],
        f["learning_rates"],
    )
    return problems


def check(text, run):
    """Every problem found in the post's hand-written numbers and claims."""
    f = values(run)
    problems = check_settings(text, f) + check_standardised(text, f) + check_figures(text, f)
    problems += pr.check_gradient_formulas(text, run["loss_mse"], run["X"], run["y_true"])
    for heading, check_section in CHECKS:
        problems += check_section(pr.section(text, heading), f)
    problems += check_words(text, f)
    alts = pr.figure_alts(text)
    problems += check_landscape_alt(*alts["fig-landscape"], f)
    problems += check_learning_rate_alt(alts["fig-learning-rates"][0], f)
    problems += check_scaled_alt(*alts["fig-landscape-standardised"], f)
    return problems
