"""Read the numbers a post writes out by hand, and compare them with computed values.

A number shown with k decimals agrees with a computed value when it is that value
rounded to k decimals.
"""

import re

import jupytext
from build_notebooks import cell_options, python_sources

NUMBER = r"-?\d+(?:\.\d+)?"
EQUALS = r"\s*(?:=|\\approx)\s*"


def agrees(shown, value):
    decimals = len(shown.split(".")[1]) if "." in shown else 0
    return abs(float(shown) - value) <= 0.5 * 10**-decimals + 1e-9


def numbers_in(latex):
    """The numbers in a sum or list, signed: `+ -1.2`, `- 1.2` and `(-1.2)^2` all give -1.2."""
    cleaned = re.sub(r"\^2|[()]", "", latex)
    cleaned = re.sub(r"-\s+(?=\d)", "-", cleaned)
    return re.findall(NUMBER, cleaned)


def compare(what, shown, values):
    """Problems found comparing shown numbers (strings) with computed values."""
    shown, values = list(shown), list(values)
    if len(shown) != len(values):
        return [f"{what}: shows {len(shown)} numbers, expected {len(values)}"]
    return [f"{what}: shows {s}, computed {v:.6g}"
            for s, v in zip(shown, values, strict=True) if not agrees(s, v)]


def section(text, heading):
    """The text under a markdown heading, up to the next heading of the same or higher level."""
    match = re.search(rf"^(#+) {re.escape(heading)}\s*$", text, re.MULTILINE)
    if not match:
        raise LookupError(f"no heading {heading!r}")
    level = len(match[1])
    end = re.compile(rf"^#{{1,{level}}} ", re.MULTILINE).search(text, match.end())
    return text[match.end():end.start() if end else len(text)]


def table(text):
    """The first markdown table in `text`, as {column header: [cells]}."""
    rows = [line for line in text.splitlines() if line.startswith("|")]
    if len(rows) < 3:
        raise LookupError("no table")
    cells = [[c.strip().strip("$") for c in row.strip("|").split("|")] for row in rows]
    header, body = cells[0], cells[2:]
    return {name: [row[i] for row in body] for i, name in enumerate(header)}


def figure_alts(text):
    """{label: (fig-alt text, cell source)} of every figure cell in a post's source."""
    figures = {}
    for source in python_sources(jupytext.reads(text, fmt="Rmd")):
        options = cell_options(source)
        if str(options.get("label", "")).startswith("fig-"):
            figures[options["label"]] = (options.get("fig-alt", ""), source)
    return figures


def find(pattern, text, what):
    """All matches of `pattern`; a claim the section should make but does not is a problem."""
    matches = list(re.finditer(pattern, text))
    if not matches:
        raise LookupError(f"the text does not show {what}")
    return matches


# Each check takes a snippet of the post and the computed values of one epoch
# (see `worked_epoch`), and returns a list of problems.

def check_table(text, epoch):
    columns = table(text)
    names = {"x": "x", r"\hat{y}": "y_hat", "y": "y", r"y-\hat{y}": "residual"}
    problems = []
    for header, key in names.items():
        if header in columns:
            problems += compare(f"table column {header}", columns[header], epoch[key])
    return problems


def check_predictions(text, epoch):
    pattern = rf"\\hat\{{y\}} = ({NUMBER}) \\times ({NUMBER}) \+ ({NUMBER}){EQUALS}({NUMBER})"
    matches = find(pattern, text, "the predictions")
    problems = compare("predictions: m", [m[1] for m in matches], [epoch["m"]] * len(matches))
    problems += compare("predictions: x", [m[2] for m in matches], epoch["x"])
    problems += compare("predictions: b", [m[3] for m in matches], [epoch["b"]] * len(matches))
    return problems + compare("predictions", [m[4] for m in matches], epoch["y_hat"])


def check_products(text, epoch):
    pattern = (rf"X \\times \(y - \\hat\{{y\}}\) = \[([^]]*)\] \\times \[([^]]*)\]"
               rf"{EQUALS}\[([^]]*)\]")
    (match,) = find(pattern, text, "X × (y − ŷ)")
    return (compare("X", numbers_in(match[1]), epoch["x"])
            + compare("y − ŷ", numbers_in(match[2]), epoch["residual"])
            + compare("X × (y − ŷ)", numbers_in(match[3]), epoch["product"]))


def check_mean(text, epoch, of, key, terms):
    pattern = (rf"\\operatorname\{{mean\}}\({re.escape(of)}\) = "
               rf"\\frac\{{([^}}]*)\}}\{{(\d+)\}}{EQUALS}({NUMBER})")
    (match,) = find(pattern, text, f"mean({of})")
    return (compare(f"mean({of}) terms", numbers_in(match[1]), epoch[terms])
            + compare(f"mean({of}) count", [match[2]], [len(epoch["x"])])
            + compare(f"mean({of})", [match[3]], [epoch[key]]))


def check_gradient(text, epoch, name, mean):
    pattern = rf"(?<![\w{{]){name} = -2 \\times ({NUMBER}){EQUALS}({NUMBER})"
    (match,) = find(pattern, text, name)
    return compare(f"{name} = -2 × mean", [match[1], match[2]], [epoch[mean], epoch[name]])


def check_step(text, epoch, name):
    pattern = (rf"{name}_\{{new\}} = .*?= ({NUMBER}) - ({NUMBER}) \\times \(({NUMBER})\)"
               rf"{EQUALS}({NUMBER})")
    (match,) = find(pattern, text, f"{name}_new")
    gradient = "dm" if name == "m" else "db"
    return compare(f"{name}_new", match.groups(),
                   [epoch[name], epoch["learning_rate"], epoch[gradient], epoch[f"new_{name}"]])


def check_loss(text, epoch):
    """The loss line: the mean of the squared residuals."""
    pattern = rf"\\frac\{{([^}}]*\^2[^}}]*)\}}\{{(\d+)\}}{EQUALS}({NUMBER})"
    (match,) = find(pattern, text, "the loss")
    return (compare("loss: squared terms", numbers_in(match[1]), epoch["residual"])
            + compare("loss count", [match[2]], [len(epoch["x"])])
            + compare("loss", [match[3]], [epoch["loss"]]))


def check_epoch(text, epoch):
    """Every hand-worked step of one epoch."""
    problems = check_table(text, epoch)
    if epoch["m"] != 0 or epoch["b"] != 0:  # epoch 1 predicts 0 everywhere, no formula shown
        problems += check_predictions(text, epoch)
    problems += check_products(text, epoch)
    problems += check_mean(text, epoch, r"X \times (y - \hat{y})", "mean_product", "product")
    problems += check_mean(text, epoch, r"y - \hat{y}", "mean_residual", "residual")
    problems += check_gradient(text, epoch, "dm", "mean_product")
    problems += check_gradient(text, epoch, "db", "mean_residual")
    problems += check_step(text, epoch, "m")
    problems += check_step(text, epoch, "b")
    return problems + check_loss(text, epoch)


def worked_epoch(X, y, m, b, learning_rate, predict, loss_mse, update):
    """The values of one epoch, computed with the article's own functions."""
    y_hat = predict(X, m, b)
    new_m, new_b = update(X, y, y_hat, m, b, learning_rate)
    return {
        "x": X, "y": y, "m": m, "b": b, "learning_rate": learning_rate,
        "y_hat": y_hat, "residual": y - y_hat, "product": X * (y - y_hat),
        "mean_product": (X * (y - y_hat)).mean(), "mean_residual": (y - y_hat).mean(),
        "dm": -2 * (X * (y - y_hat)).mean(), "db": -2 * (y - y_hat).mean(),
        "new_m": new_m, "new_b": new_b, "loss": loss_mse(y, y_hat),
    }
