"""Read the numbers a post writes out by hand, and compare them with computed values.

A number shown with k decimals agrees with a computed value when it is that value
rounded to k decimals.

While `recording()`, every piece of a post that a check reads (a captured number, a table
cell, a phrase) is noted by its position in the post, so `unaccounted` can list the numbers
a reader sees that no check reads.
"""

import contextlib
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
    return [
        f"{what}: shows {s}, computed {v:.6g}"
        for s, v in zip(shown, values, strict=True)
        if not agrees(s, v)
    ]


# ---------------------------------------------------------------- where a check reads

_read = None  # while recording: the (start, end) spans of the post that checks read


class Text(str):
    """A piece of a post that knows where it starts in the post."""

    def __new__(cls, text, offset=0):
        piece = super().__new__(cls, text)
        piece.offset = offset
        return piece


def _note(text, start, end):
    if _read is not None and isinstance(text, Text):
        _read.append((text.offset + start, text.offset + end))


@contextlib.contextmanager
def recording():
    """Collect the spans of the post that the checks read, as a list of (start, end)."""
    global _read
    _read = spans = []
    try:
        yield spans
    finally:
        _read = None


def section(text, heading):
    """The text under a markdown heading, up to the next heading of the same or higher level."""
    match = re.search(rf"^(#+) {re.escape(heading)}\s*$", text, re.MULTILINE)
    if not match:
        raise LookupError(f"no heading {heading!r}")
    level = len(match[1])
    end = re.compile(rf"^#{{1,{level}}} ", re.MULTILINE).search(text, match.end())
    stop = end.start() if end else len(text)
    return Text(text[match.end() : stop], getattr(text, "offset", 0) + match.end())


class Columns(dict):
    """A table's {column header: [cells]}; reading a column notes where its cells are."""

    def __init__(self, columns, spans, text):
        super().__init__(columns)
        self._spans, self._text = spans, text

    def __getitem__(self, name):
        for start, end in self._spans[name]:
            _note(self._text, start, end)
        return super().__getitem__(name)


def table(text):
    """The first markdown table in `text`, as {column header: [cells]}."""
    rows = [m for m in re.finditer(r"^\|.*$", text, re.MULTILINE)]
    if len(rows) < 3:
        raise LookupError("no table")
    cells = [
        [
            (c.start() + row.start(), c.end() + row.start())
            for c in re.finditer(r"(?<=\|)[^|]*(?=\|)", row[0])
        ]
        for row in rows
    ]
    header, body = cells[0], cells[2:]

    def content(span):
        return text[span[0] : span[1]].strip().strip("$")

    columns = {content(h): [content(row[i]) for row in body] for i, h in enumerate(header)}
    spans = {content(h): [row[i] for row in body] for i, h in enumerate(header)}
    return Columns(columns, spans, text)


def figure_option(text, option):
    """{label: (the option's text, cell source)} of every figure cell in a post's source."""
    figures = {}
    for source in python_sources(jupytext.reads(text, fmt="Rmd")):
        options = cell_options(source)
        if str(options.get("label", "")).startswith("fig-"):
            value = options.get(option, "")
            where = text.find(value)  # a one-line option stands in the source as it reads
            figures[options["label"]] = (Text(value, where) if where >= 0 else value, source)
    return figures


def figure_alts(text):
    return figure_option(text, "fig-alt")


def figure_captions(text):
    return {label: caption for label, (caption, _) in figure_option(text, "fig-cap").items()}


# An edge of a mermaid flowchart: `A[text] --> B`, `C -- no --> D[text]`, `E -- "text" --> A`.
EDGE = re.compile(
    r'^[ \t]*(\w+)[^-\n]*?[ \t]*(?:--[ \t]*("[^"\n]*"|[^->\n]+?)[ \t]*)?-->[ \t]*(\w+)', re.M
)


def flow(diagram):
    """The flowchart's edges as (from, label, to), and its decision nodes (`X{...}`)."""
    edges = [(m[1], (m[2] or "").strip('"'), m[3]) for m in EDGE.finditer(diagram)]
    decisions = set(re.findall(r"(\w+)\{", diagram))
    return edges, decisions


def find(pattern, text, what):
    """All matches of `pattern`; a claim the section should make but does not is a problem.

    What the pattern captures (or, without groups, the whole match) counts as read.
    """
    matches = list(re.finditer(pattern, text))
    if not matches:
        raise LookupError(f"the text does not show {what}")
    for match in matches:
        groups = range(1, len(match.groups()) + 1) if match.groups() else [0]
        for group in groups:
            if match.start(group) >= 0:
                _note(text, match.start(group), match.end(group))
    return matches


# ---------------------------------------------------------------- what no check reads

# A number as a reader sees it, also as a coefficient (3x, 2I); not a digit inside a name
# such as x_1, H_z or log10.
SEEN_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?(?:e-?\d+)?(?![\d_]|[A-Za-z]{2})")


def visible(text):
    """The post's source with everything a reader does not see blanked out, positions kept.

    Kept: the front matter's title and description, the markdown, diagrams, the text of raw
    HTML blocks, and the figure captions and alt texts of the code cells. Blanked: code, HTML
    tags and scripts, link targets, cell options other than fig-cap and fig-alt, LaTeX command
    names.
    """
    shown = list(text)

    def blank(start, end):
        shown[start:end] = re.sub(r"[^\n]", " ", text[start:end])

    front = re.match(r"---\n.*?\n---\n", text, re.DOTALL)
    if front:
        for line in re.finditer(r"^.*$", front[0], re.MULTILINE):
            if not re.match(r"(title|description):", line[0]):
                blank(line.start(), line.end())
    for cell in re.finditer(r"^```\{python\}\n(.*?)^```$", text, re.DOTALL | re.MULTILINE):
        for line in re.finditer(r"^.*$", cell[1], re.MULTILINE):
            if not re.match(r"#\| fig-(cap|alt):", line[0]):
                blank(cell.start(1) + line.start(), cell.start(1) + line.end())
    # A raw HTML block shows the text between its tags (the words shown without JavaScript).
    for block in re.finditer(r"^```\{=html\}\n(.*?)^```$", text, re.DOTALL | re.MULTILINE):
        for tag in re.finditer(r"<script\b.*?</script>|<[^>]*>", block[1], re.DOTALL):
            blank(block.start(1) + tag.start(), block.start(1) + tag.end())
    for pattern in (r"\]\([^)]*\)(\{[^}]*\})?", r"\\[A-Za-z]+", r"<!--.*?-->", r"\{[.#][^}]*\}"):
        for match in re.finditer(pattern, text, re.DOTALL):
            blank(match.start() + (1 if match[0].startswith("]") else 0), match.end())
    return "".join(shown)


def unaccounted(text, read, definitions=()):
    """(line, number) of every number a reader sees that no check read and no definition covers.

    `definitions` are patterns of the text's own constants, such as the 2 of a squared error.
    """
    covered = list(read)
    for pattern in definitions:
        covered += [m.span() for m in re.finditer(pattern, text)]
    missing = []
    for number in SEEN_NUMBER.finditer(visible(text)):
        if not any(start <= number.start() and number.end() <= end for start, end in covered):
            missing.append((text.count("\n", 0, number.start()) + 1, number[0]))
    return missing


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
    pattern = (
        rf"X \\times \(y - \\hat\{{y\}}\) = \[([^]]*)\] \\times \[([^]]*)\]"
        rf"{EQUALS}\[([^]]*)\]"
    )
    (match,) = find(pattern, text, "X × (y − ŷ)")
    return (
        compare("X", numbers_in(match[1]), epoch["x"])
        + compare("y − ŷ", numbers_in(match[2]), epoch["residual"])
        + compare("X × (y − ŷ)", numbers_in(match[3]), epoch["product"])
    )


def check_mean(text, epoch, of, key, terms):
    pattern = (
        rf"\\operatorname\{{mean\}}\({re.escape(of)}\) = "
        rf"\\frac\{{([^}}]*)\}}\{{(\d+)\}}{EQUALS}({NUMBER})"
    )
    (match,) = find(pattern, text, f"mean({of})")
    return (
        compare(f"mean({of}) terms", numbers_in(match[1]), epoch[terms])
        + compare(f"mean({of}) count", [match[2]], [len(epoch["x"])])
        + compare(f"mean({of})", [match[3]], [epoch[key]])
    )


def check_gradient(text, epoch, name, mean):
    pattern = rf"(?<![\w{{]){name} = -2 \\times ({NUMBER}){EQUALS}({NUMBER})"
    (match,) = find(pattern, text, name)
    return compare(f"{name} = -2 × mean", [match[1], match[2]], [epoch[mean], epoch[name]])


def check_step(text, epoch, name):
    pattern = (
        rf"{name}_\{{new\}} = .*?= ({NUMBER}) - ({NUMBER}) \\times \(({NUMBER})\)"
        rf"{EQUALS}({NUMBER})"
    )
    (match,) = find(pattern, text, f"{name}_new")
    gradient = "dm" if name == "m" else "db"
    return compare(
        f"{name}_new",
        match.groups(),
        [epoch[name], epoch["learning_rate"], epoch[gradient], epoch[f"new_{name}"]],
    )


def check_loss(text, epoch):
    """The loss line: the mean of the squared residuals."""
    pattern = rf"\\frac\{{([^}}]*\^2[^}}]*)\}}\{{(\d+)\}}{EQUALS}({NUMBER})"
    (match,) = find(pattern, text, "the loss")
    return (
        compare("loss: squared terms", numbers_in(match[1]), epoch["residual"])
        + compare("loss count", [match[2]], [len(epoch["x"])])
        + compare("loss", [match[3]], [epoch["loss"]])
    )


def gradient_factors(loss_mse, X, y, m=1.0, b=1.0, h=1e-6):
    """The k of dMSE/dm = -(k/n) sum x(y - y_hat) and of dMSE/db, by finite differences."""
    residual = y - (m * X + b)
    d_m = (loss_mse(y, (m + h) * X + b) - loss_mse(y, (m - h) * X + b)) / (2 * h)
    d_b = (loss_mse(y, m * X + b + h) - loss_mse(y, m * X + b - h)) / (2 * h)
    return {"m": -d_m / (X * residual).mean(), "b": -d_b / residual.mean()}


def check_gradient_formulas(text, loss_mse, X, y):
    """Every k/n in the displayed derivatives of the MSE is the derivative's own factor."""
    factors = gradient_factors(loss_mse, X, y)
    problems = []
    for name in ("m", "b"):
        (formula,) = find(
            rf"\\frac\{{\\partial \\text\{{MSE\}}\}}\{{\\partial {name}\}} = "
            rf"([^$]*?)(?:\$\$|\n\\frac)",
            text,
            f"the derivative by {name}",
        )
        shown = re.findall(r"\\frac\{(\d+)\}\{n\}", formula[1])
        problems += compare(
            f"dMSE/d{name}: the factor k of k/n", shown, [factors[name]] * len(shown)
        )
    return problems


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
        "x": X,
        "y": y,
        "m": m,
        "b": b,
        "learning_rate": learning_rate,
        "y_hat": y_hat,
        "residual": y - y_hat,
        "product": X * (y - y_hat),
        "mean_product": (X * (y - y_hat)).mean(),
        "mean_residual": (y - y_hat).mean(),
        "dm": -2 * (X * (y - y_hat)).mean(),
        "db": -2 * (y - y_hat).mean(),
        "new_m": new_m,
        "new_b": new_b,
        "loss": loss_mse(y, y_hat),
    }
