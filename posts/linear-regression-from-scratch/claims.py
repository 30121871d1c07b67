"""The numbers "Linear Regression From Scratch" writes by hand, checked against its code.

`check(text, run)` returns the problems found, where `text` is the post's source and `run`
the namespace its code leaves behind. The tests run it; a copied post copies its claims.
A number shown with k decimals agrees with the code's value rounded to k decimals.
"""

import re

import numpy as np
import proofreading as pr
from matplotlib.collections import LineCollection


def guessed_line(run):
    """The hand-picked line's slope and intercept, read off the code's `no_fit_prediction`."""
    m, b = np.polyfit(run["X"], run["no_fit_prediction"], 1)
    return m, b


# Constants of the formulas themselves, not results: the 1/n and 2/n of the mean and its
# derivative, the sum from i = 1, squares, the -1 and -2 of the chain rule.
DEFINITIONS = [r"\\frac\{1\}\{n\}", r"_\{i=1\}", r"\^2", r"\(-1\)", r"-2 \\times"]


def worked_epochs(run, count=3):
    """The first `count` epochs from m = b = 0, computed with the post's own functions."""
    m, b = 0.0, 0.0
    epochs = []
    for _ in range(count):
        epoch = pr.worked_epoch(
            run["X"],
            run["y_true"],
            m,
            b,
            run["learning_rate"],
            run["predict"],
            run["loss_mse"],
            run["update"],
        )
        epochs.append(epoch)
        m, b = epoch["new_m"], epoch["new_b"]
    return epochs


def check_worked_epochs(text, run):
    epochs = worked_epochs(run)
    problems = []
    for heading, epoch in zip(["First Epoch", "Second Epoch", "Third Epoch"], epochs, strict=True):
        problems += [f"{heading}: {p}" for p in pr.check_epoch(pr.section(text, heading), epoch)]
    # The worked epochs are the training run's first epochs: same losses, same steps.
    for number, epoch in enumerate(epochs):
        trained = (run["loss_history"][number], *run["slope_history"][number])
        if not np.allclose(trained, (epoch["loss"], epoch["new_m"], epoch["new_b"]), rtol=1e-12):
            problems.append(f"epoch {number + 1} by hand is not epoch {number + 1} of training")
    # "m = 0 and b = 0", "the updated m = 7.78 and b = 1.54": where an epoch starts.
    starts = {
        shown: (e["m"], e["b"]) for shown, e in zip(["0", "7.78", "11.1176"], epochs, strict=True)
    }
    for start in pr.find(
        rf"\$m = ({pr.NUMBER})\$ and \$b = ({pr.NUMBER})\$", text, "the starting point"
    ):
        if start[1] not in starts:
            problems.append(f"m = {start[1]}, b = {start[2]} starts none of the worked epochs")
        else:
            problems += pr.compare("a starting point", start.groups(), starts[start[1]])
    (zero,) = pr.find(
        rf"every prediction of the first epoch is \$({pr.NUMBER})\$", text, "epoch 1's predictions"
    )
    problems += pr.compare("epoch 1 predictions", [zero[1]] * len(run["X"]), epochs[0]["y_hat"])
    losses = [e["loss"] for e in epochs]
    for heading, pair in [("Second Epoch", losses[0:2]), ("Third Epoch", losses[1:3])]:
        (match,) = pr.find(
            rf"({pr.NUMBER}) \\rightarrow ({pr.NUMBER})",
            pr.section(text, heading),
            "the loss transition",
        )
        problems += pr.compare(f"{heading}: loss transition", match.groups(), pair)
    if not losses[2] < losses[1] / 2:
        problems.append(f"'more than halved': {losses[1]:.2f} -> {losses[2]:.2f}")
    pr.find(r"more than halved the loss", pr.section(text, "Third Epoch"), "the halving")
    return problems


def check_data(text, run):
    columns = pr.table(pr.section(text, "The Data"))
    problems = pr.compare("data table x", columns["x"], run["X"])
    problems += pr.compare("data table y", columns["y"], run["y_true"])
    (line,) = pr.find(rf"\$\$y = ({pr.NUMBER})x \+ ({pr.NUMBER})\$\$", text, "the guessed line")
    problems += pr.compare("the guessed line", line.groups(), guessed_line(run))
    (where,) = pr.find(rf"at \$({pr.NUMBER})\$ and climbs \$({pr.NUMBER})\$", text, "its words")
    return problems + pr.compare(
        "the guessed line in words", where.groups(), guessed_line(run)[::-1]
    )


def check_hand_mse(text, run):
    section = pr.section(text, "Manually calculating it")
    X, y = run["X"], run["y_true"]
    m, b = guessed_line(run)
    y_hat = run["predict"](X, m, b)
    columns = pr.table(section)
    calc = [pr.numbers_in(c) for c in columns["calc"]]  # "(3\times2) + 60": m, x, b
    problems = pr.compare(
        "MSE table calc",
        [n for m_x_b in calc for n in m_x_b],
        np.column_stack([np.full(len(X), m), X, np.full(len(X), b)]).ravel(),
    )
    problems += pr.compare("MSE table x", columns["x"], X)
    problems += pr.compare("MSE table y", columns["y"], y)
    problems += pr.compare("MSE table y_hat", columns[r"\hat{y}"], y_hat)
    problems += pr.compare("MSE table residual", columns[r"y-\hat{y}"], y - y_hat)
    problems += pr.compare("MSE table squared", columns[r"(y-\hat{y})^2"], (y - y_hat) ** 2)
    (match,) = pr.find(rf"\\frac\{{([^}}]*)\}}\{{(\d+)\}} = ({pr.NUMBER})", section, "the MSE")
    problems += pr.compare("MSE terms", pr.numbers_in(match[1]), (y - y_hat) ** 2)
    problems += pr.compare("MSE count", [match[2]], [len(X)])
    return problems + pr.compare("MSE", [match[3]], [run["initial_loss"]])


def check_lines(text, run):
    """Every line y = mx + b the text names is the guessed line or the trained one."""
    lines = {"the guessed line": guessed_line(run), "the trained line": (run["m"], run["b"])}
    problems = []
    for shown in pr.find(rf"y = ({pr.NUMBER})x \+ ({pr.NUMBER})", text, "a line"):
        if not any(pr.compare("", shown.groups(), line) == [] for line in lines.values()):
            problems.append(
                f"y = {shown[1]}x + {shown[2]} is neither "
                + " nor ".join(f"{name} y = {m:.4g}x + {b:.4g}" for name, (m, b) in lines.items())
            )
    return problems


def check_alt_texts(text, run):
    losses = run["loss_history"]
    X, y = run["X"], run["y_true"]
    alts = {label: alt for label, (alt, _) in pr.figure_alts(text).items()}
    problems = []
    (shown,) = pr.find(
        r"from (\S+) to about (\S+) within the first (\w+) epochs.*?about (\S+) by "
        r"epoch (\d+) and (\S+) by epoch (\d+).*?just above (\S+)\.$",
        alts["fig-interactive-loss"],
        "the loss curve's values",
    )
    start, early, count, first, first_epoch, second, second_epoch, end = shown.groups()
    if count not in NUMBER_WORDS:
        return [f"interactive loss alt text: 'the first {count} epochs' is not a number I read"]
    # loss_history[k] is the loss at the start of epoch k + 1
    problems += pr.compare(
        "interactive loss alt text",
        [start, early, first, second, end],
        [
            losses[0],
            losses[NUMBER_WORDS.get(count, 0) - 1],
            losses[int(first_epoch) - 1],
            losses[int(second_epoch) - 1],
            losses[-1],
        ],
    )
    (flat,) = pr.find(
        rf"just above ({pr.NUMBER}) from about epoch (\d+)", alts["fig-loss"], "the flat tail"
    )
    problems += pr.compare("fig-loss alt text", [flat[1]], [losses[-1]])
    if not losses[int(flat[2]) - 1] - losses[-1] < 0.05:
        problems.append(f"fig-loss alt text: not flat from epoch {flat[2]}")
    (points,) = pr.find(
        r"rising from \((\d+), (\d+)\) to \((\d+), (\d+)\)",
        alts["fig-no-fit"],
        "the first and last point",
    )
    problems += pr.compare(
        "fig-no-fit alt text points", points.groups(), [X[0], y[0], X[-1], y[-1]]
    )
    (sides,) = pr.find(
        r"too high at x = (\d+) and too low at x = (\d+) and x = (\d+)\.",
        alts["fig-no-fit"],
        "where the guessed line misses",
    )
    residual = dict(zip(X, y - run["no_fit_prediction"], strict=True))
    high, *low = (float(x) for x in sides.groups())
    if not (residual.get(high, 0) < 0 and all(residual.get(x, 0) > 0 for x in low)):
        problems.append(f"fig-no-fit alt text: the guessed line's residuals are {residual}")
    # The slider chart: at epoch 1 the line is below every point; from the later epoch on it
    # barely moves (by less than 2% of the data's largest y at any data point).
    (epochs,) = pr.find(
        r"At epoch (\d+) the line lies far below the points.*?from about epoch "
        r"(\d+) on it barely moves",
        alts["fig-line-per-epoch"],
        "the slider chart",
    )
    history = np.array(run["slope_history"])
    below = history[int(epochs[1]) - 1]
    if not np.all(below[0] * X + below[1] < y):
        problems.append(f"fig-line-per-epoch: the line at epoch {epochs[1]} is not below")
    tail = history[int(epochs[2]) - 1 :]
    moves = np.abs(tail[:, :1] * X + tail[:, 1:] - (tail[-1, 0] * X + tail[-1, 1])).max()
    if not moves < 0.02 * y.max():
        problems.append(f"fig-line-per-epoch: from epoch {epochs[2]} the line moves by {moves:.2f}")
    return problems


NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}


def check_chart_words(text, run):
    """What the text says the charts show: dashed residuals, the exact value on hover."""
    X, y = run["X"], run["y_true"]
    problems = []
    pr.find(r"The dashed segments are the\s+residuals", text, "the residuals' style")
    pr.find(r"short dashed vertical segments join each point", text, "the residuals in the alt")
    figure = run["plot_fit"](X, y, run["fit_predicted"], "fit", show_error=True)
    (residuals,) = [c for c in figure.axes[0].collections if c.get_label() == "residual"]
    dashed = LineCollection([], linestyles="dashed", linewidths=residuals.get_linewidths())
    if residuals.get_linestyle() != dashed.get_linestyle():
        problems.append("'the dashed segments are the residuals': the residuals are not dashed")
    if not all(np.isclose(seg[0][0], seg[-1][0]) for seg in residuals.get_segments()):
        problems.append("'dashed vertical segments': the residuals are not vertical")
    # "on a log scale", "on a logarithmic axis": the static loss chart
    pr.find(r"The loss per epoch on a log scale", text, "the log scale")
    pr.find(r"Loss \(MSE\) per epoch on a logarithmic axis", text, "the log axis")
    if run["plot_loss"](run["loss_history"]).axes[0].get_yscale() != "log":
        problems.append("'on a logarithmic axis': the loss chart's axis is not logarithmic")
    pr.find(r"Hover for the exact value", text, "the hover")
    # "exact": the hover shows at least the decimals the post prints its losses with (3.4649)
    hover = run["plot_interactive_loss"](run["loss_history"]).data[0].hovertemplate
    decimals = re.search(r"%\{y:\.(\d+)f\}", hover)
    if not decimals or int(decimals[1]) < 4:
        problems.append(f"'Hover for the exact value': the hover shows {hover!r}")
    return problems


def check_words(text, run):
    """What the prose says in words, checked against the code's values."""
    X, y = run["X"], run["y_true"]
    problems = []
    # "we round them to three places": the third epoch's table shows that many decimals.
    (places,) = pr.find(r"we round them to (\w+) places", text, "the rounding")
    third = pr.table(pr.section(text, "Third Epoch"))
    shown = [cell for name in (r"\hat{y}", r"y-\hat{y}") for cell in third[name]]
    wanted = NUMBER_WORDS.get(places[1])
    if any(len(cell.split(".")[-1]) != wanted for cell in shown):
        problems.append(f"'round them to {places[1]} places': the table shows {shown}")
    for said in pr.find(
        r"\b(two|three|four|five|six|seven) (?:made-up )?(?:data )?points", text, "how many points"
    ):
        if NUMBER_WORDS[said[1].lower()] != len(X):
            problems.append(f"'{said[0]}': the data has {len(X)} points")
    losses = np.array(run["loss_history"])
    early, late = (losses[0] - losses[10]) / 10, (losses[1000] - losses[1100]) / 100
    if not early > 1000 * late:
        problems.append(f"'falls steeply at first': {early:.3g} per epoch, later {late:.3g}")
    pr.find(r"The loss falls steeply at first", text, "the steep start")
    # A step is the learning rate times the gradient: "far from the best line the gradients
    # are large ... near the floor of the valley the gradients shrink", and so do the steps.
    steps = np.linalg.norm(np.diff(np.array(run["slope_history"]), axis=0), axis=1)
    if not np.all(np.diff(steps[[1, 10, 100, 1000, len(steps) - 1]]) < 0):
        problems.append("'the smaller the steps become': the steps do not shrink")
    if not steps[1] > 100 * steps[1000]:
        problems.append(
            f"'the gradients are large ... shrink': steps {steps[1]:.3g}, {steps[1000]:.3g}"
        )
    pr.find(
        r"far from the best line the gradients are large, so every step\s+gains a lot\. "
        r"Near the floor of the valley the gradients shrink",
        text,
        "the gradients",
    )
    pr.find(r"the smaller the steps become", text, "the shrinking steps")
    residuals = y - (run["m"] * X + run["b"])
    if not (np.any(residuals > 0) and np.any(residuals < 0)):
        problems.append("'runs through the middle of the points': all points lie on one side")
    pr.find(r"the line runs through the\s+middle of the points", text, "the trained line")
    if not run["initial_loss"] > run["fit_loss"]:
        problems.append("'clearly not the best line': the guess fits better than training")
    pr.find(r"clearly not the best line", text, "the guess")
    return problems


def check_fit_by_hand(text, run):
    """The interactive chart starts at the guessed line, whose MSE the table computes."""
    section = pr.section(text, "Fit by Hand")
    (start,) = pr.find(
        rf"start at our guess \$y = ({pr.NUMBER})x \+ ({pr.NUMBER})\$, where the "
        rf"MSE is the\s+\$({pr.NUMBER})\$",
        section,
        "where the sliders start",
    )
    problems = pr.compare(
        "fit by hand: the guess and its MSE",
        start.groups(),
        [*guessed_line(run), run["initial_loss"]],
    )
    # The page's sliders start at what the code hands over, which must still be the guess.
    pr.find(
        r'page_data\("fit-by-hand", points=\{"x": X, "y": y_true\}, '
        r'guess=\{"m": m, "b": b\}\)',
        section,
        "the guess handed to the page",
    )
    return problems


def check_flowchart(text):
    """The loop: after updating the weights, the flowchart goes back to the predictions."""
    # re.search, not pr.find: reading the diagram's structure checks none of its numbers
    diagram = re.search(r"(?s)```\{mermaid\}\n(.*?)```", text)
    if diagram is None:
        return ["the text does not show the flowchart"]
    edges, _ = pr.flow(diagram[1])
    names = dict(re.findall(r"(\w+)[\[({]+([^\])}]*)", diagram[1]))
    back = [to for _, label, to in edges if "updated" in label]
    if len(back) != 1 or "predictions" not in names.get(back[0], ""):
        return ["the flowchart's loop does not return to the predictions after the update"]
    return []


def check(text, run):
    """Every problem found in the post's hand-written numbers and claims."""
    problems = check_data(text, run) + check_words(text, run) + check_chart_words(text, run)
    problems += pr.check_gradient_formulas(text, run["loss_mse"], run["X"], run["y_true"])
    problems += check_flowchart(text)
    problems += check_fit_by_hand(text, run)
    problems += check_hand_mse(text, run)
    problems += check_worked_epochs(text, run)
    problems += check_lines(text, run)
    problems += check_alt_texts(text, run)
    rates = pr.find(rf"learning rate of \$({pr.NUMBER})\$", text, "the learning rate")
    problems += pr.compare(
        "learning rate", [r[1] for r in rates], [run["learning_rate"]] * len(rates)
    )
    # Every length of training the text states ("3000 steps", "over 3000 epochs") is the code's.
    epochs = pr.find(r"(\d{3,}) (?:steps|epochs)", text, "the number of epochs")
    problems += pr.compare("epochs", [e[1] for e in epochs], [run["epochs"]] * len(epochs))
    return problems
