"""A chart's text alternative and caption state only what the chart shows.

The alt text of each plotly chart is composed by the post's code (`plot_utils.with_alt`). Every
number in it, and in its caption, must be found in the chart itself, to the digits shown: among
the chart's data, layout and frames, the numbers in its labels, or the lengths of its series;
where the words name a trace, in that trace, and where they place a value ("by epoch 1000",
"climbs to"), at that place. An alt text or caption whose code picks the wrong variable,
index or format states a number the chart does not have there, and the reader who cannot see
the chart is told something false. A dashed or dotted line, or a log scale, that a caption or
alt text names, of any chart, is one the chart draws.
"""

import base64
import re

import numpy as np
import plotly.graph_objects as go
import pytest
from conftest import NUMBER, rounding_interval, run_of, text_of
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure as MplFigure

from blogkit.inline import INLINE
from blogkit.notebooks import figures
from blogkit.proofreading import CLAIM


def chart_values(node, found):
    """Every number the chart holds: values, the lengths of its series, numbers in its text."""
    if isinstance(node, dict) and "bdata" in node:  # plotly's typed array: base64 of the values
        chart_values(values_of(node), found)
    elif isinstance(node, dict):
        for value in node.values():
            chart_values(value, found)
        if "y" in node and "x" not in node and "dx" in node:  # x0, x0 + dx, ...: implicit x
            found += list(node.get("x0", 0) + node["dx"] * np.arange(len(values_of(node["y"]))))
    elif isinstance(node, str):
        found += [float(m[1].replace(",", "")) for m in NUMBER.finditer(node)]
    elif isinstance(node, (list, tuple, np.ndarray)):
        items = np.asarray(node, dtype=object).ravel()
        found.append(float(len(items)))
        for item in items:
            chart_values(item, found)
    elif isinstance(node, (int, float, np.number)) and not isinstance(node, bool):
        found.append(float(node))
    return found


def values_of(data):
    if isinstance(data, dict) and "bdata" in data:
        return np.frombuffer(base64.b64decode(data["bdata"]), dtype=data["dtype"])
    return np.asarray(data)


def charts_with_alt(post):
    return [
        shown_value
        for shown_value in run_of(post)["displayed"]
        if isinstance(shown_value, go.Figure) and (shown_value.layout.meta or {}).get("alt")
    ]


def drawn(chart):
    """(index, trace) for each trace of the chart, then for each trace a frame redraws (a frame
    gives new values to the traces it names, whose x values stay)."""
    for frame in [{"data": chart["data"]}, *chart.get("frames", [])]:
        yield from zip(frame.get("traces", range(len(frame["data"]))), frame["data"], strict=True)


def lines_drawn(chart):
    """Slope and intercept of every straight line the chart draws between two points."""
    found = []
    for index, trace in drawn(chart):
        x, y = values_of(chart["data"][index].get("x", [])), values_of(trace.get("y", []))
        if len(x) == len(y) == 2 and x[1] != x[0]:
            slope = (y[1] - y[0]) / (x[1] - x[0])
            found += [slope, y[0] - slope * x[0]]
    return found


def trace_values(chart):
    """Every number each trace holds, its frames' new values included: {index: values}."""
    found = {index: [] for index in range(len(chart["data"]))}
    for index, trace in drawn(chart):
        chart_values(trace, found[index])
    return found


def points(trace):
    """The (x, y) points of a trace, x implicit (x0, dx) or given."""
    y = values_of(trace.get("y", [])).astype(float)
    x = (
        values_of(trace["x"])
        if "x" in trace
        else trace.get("x0", 0) + trace.get("dx", 1) * np.arange(len(y))
    )
    return np.asarray(x, dtype=float)[: len(y)], y[: len(x)]


def holds(values, match):
    """Whether a number of `values` rounds to the text's number."""
    low, high = sorted(rounding_interval(match))
    slack = 1e-9 * max(abs(low), abs(high), 1.0)
    values = np.asarray(values, dtype=float)
    return bool(np.any((values >= low - slack) & (values <= high + slack)))


def near(x, match):
    """Whether x values stand for the text's position: to its digits, or an epoch either side
    (the loss of "epoch N" is measured before or after that epoch's update, by convention)."""
    low, high = sorted(rounding_interval(match))
    whole = match[2] is None and match[3] is None and not match[4]
    return (x >= low) & (x <= high) | (whole & (np.abs(x - float(match[1])) <= 1))


# A value at a position: "3.80 by epoch 1000", "74 after 3000 epochs", "3300, at lambda = 0.03".
AT = re.compile(r"\s*,?\s+(?:by|at|after|within the first)\s+(?:epoch\s+|lambda\s*=\s*)?")
# Where a line ends: "climbs to 3349", "stops at epoch 150", "ends at y = 4.26x + 56.58".
LAST = re.compile(
    r"(?:ends at|climbs to|levels off just above|stops at)\s+(epoch\s+|y = (?:\S+x \+ )?)?$"
)
CLAUSE = re.compile(r"[.;:,]\s|\s(?:and|then)\s")


def sentences(text):
    return re.split(r"(?<=[a-z)])\.\s", text)


def legend_names(chart):
    return {i: str(trace.get("name") or "") for i, trace in enumerate(chart["data"])}


def named_in(text, names):
    """The traces `text` names: by legend name, or the part before a parenthesis."""
    return [
        i
        for i, name in names.items()
        if name and re.search(rf"(?<!\w){re.escape(name.split(' (')[0])}(?!\w)", text, re.I)
    ]


def scopes(sentence, names):
    """For each character of the sentence, the traces its clause is about: those the clause
    names, else those the clause before named (a ";" or ":" starts afresh), else every trace."""
    everything, found, start = list(names), [], 0
    scope = everything
    for separator in [*CLAUSE.finditer(sentence), None]:
        end = separator.end() if separator else len(sentence)
        scope = named_in(sentence[start:end], names) or scope
        found += [scope] * (end - start)
        start, scope = end, everything if separator and separator[0][0] in ";:" else scope
    return found


def unwitnessed(figure, text=None):
    """The numbers of `text` (by default the figure's alt text) that the figure does not hold.

    A number must be held by the layout or by the traces its clause is about (see `scopes`;
    traces are named by their legend names). A value at a position ("3.80 by epoch 1000") must
    be that trace's value there; where a line ends ("climbs to 3349") its last value, or the
    line the chart's last frame draws ("ends at y = 4.26x + 56.58").
    """
    chart = figure.to_dict()
    del chart["layout"]["meta"]  # the alt text itself
    traces, per_trace = chart["data"], trace_values(chart)
    layout = {key: value for key, value in chart["layout"].items() if key != "template"}
    shared = chart_values(layout, []) + lines_drawn(chart)  # the template's sizes say nothing
    last_line = lines_drawn({"data": traces, "frames": chart.get("frames", [])[-1:]})[-2:]
    names, missing = legend_names(chart), []
    for sentence in sentences(figure.layout.meta["alt"] if text is None else text):
        of, matches = scopes(sentence, names), list(NUMBER.finditer(sentence))
        for k, match in enumerate(matches):
            scope = [points(traces[i]) for i in of[match.start()]]
            before = sentence[matches[k - 1].end() if k else 0 : match.start()]
            ends = LAST.search(sentence[: match.start()])
            if not holds(shared + [v for i in of[match.start()] for v in per_trace[i]], match):
                missing.append(match[0])
            elif (
                k
                and AT.fullmatch(before)
                and not any(holds(y[near(x, match)], matches[k - 1]) for x, y in scope)
            ):
                missing.append(f"{matches[k - 1][0]}{before}{match[0]}")
            elif ends and not (
                holds(last_line, match)
                if (ends[1] or "").startswith("y = ")
                else any(holds((x if ends[1] else y)[-1:], match) for x, y in scope)
            ):
                missing.append(f"{ends[0]}{match[0]}")
    return missing


def test_every_number_in_a_charts_alt_text_is_in_the_chart(post):
    charts = charts_with_alt(post)
    assert len(charts) == text_of(post).count("with_alt("), "each with_alt chart is displayed"
    for figure in charts:
        alt = figure.layout.meta["alt"]
        assert not unwitnessed(figure), (
            f"{post.parent.name}: the alt text says {unwitnessed(figure)}, which the chart does "
            f"not show: {alt}"
        )


@pytest.mark.parametrize(
    "alt, missing",
    [
        ("It falls from 6015 to about 17.40 after 3 epochs.", []),
        ("It falls from 6016 to about 17.40 after 3 epochs.", ["6016"]),
        ("It reaches 17.4, within 2e+01 of the start.", []),
        ("It ends at 17.41.", ["17.41"]),
        ("The peak is 1.2 billion.", []),
        ("The peak is 1.2 million.", ["1.2 million"]),
        ("It crosses -0.74 on a chart of s1 and s2.", []),
    ],
)
def test_a_number_the_chart_does_not_hold_is_reported(alt, missing):
    # A chart of known values: the alt texts above say true and false things about it.
    figure = go.Figure(go.Scatter(x=[0, 1, 2, 3], y=[6015.0, 40.2, 17.404, 1.23e9]))
    figure.add_trace(go.Scatter(x=[0], y=[-0.7412]))
    figure.update_layout(meta={"alt": alt})
    assert unwitnessed(figure) == missing


def test_a_line_the_chart_draws_witnesses_its_slope_and_intercept():
    # A line from (0, 2) to (8, 18) in the data, moved by a frame to (0, 1) to (8, 41).
    figure = go.Figure(
        go.Scatter(x=[0, 8], y=[2, 18]), frames=[go.Frame(data=[go.Scatter(y=[1, 41])], traces=[0])]
    )
    figure.update_layout(meta={"alt": "It starts at y = 2.00x + 2 and ends at y = 5.00x + 1."})
    assert unwitnessed(figure) == []
    figure.update_layout(meta={"alt": "It ends at y = 5.01x + 1."})
    assert unwitnessed(figure) == ["5.01"]


@pytest.mark.parametrize(
    "alt, missing",
    [
        # a value at a position is the named trace's value there
        ("The fast run falls to 17.40 by epoch 2.", []),
        ("The fast run falls to 6015 by epoch 3.", ["6015 by epoch 3"]),
        ("The slow run is at 30.0 after 2 epochs.", []),
        ("The slow run is at 6015 after 2 epochs.", ["6015 after 2"]),
        # a number in a clause naming a trace is that trace's, also in the clauses after it
        ("The slow run ends after 3 epochs, then the fast run after 3.", []),
        ("The slow run stops first, after 4 epochs.", ["4"]),
        ("The fast run drops, then climbs to 1.23 billion.", []),
        ("The fast run drops, then climbs to 30.", ["30"]),
        # a ";" or ":" starts afresh: any trace may hold the number
        ("The slow run is shown; the other stops at epoch 3.", []),
        ("The slow run is shown; the other stops at epoch 1.", ["stops at epoch 1"]),
    ],
)
def test_an_alt_texts_number_is_held_where_its_words_place_it(alt, missing):
    figure = go.Figure(
        go.Scatter(x=[0, 1, 2, 3], y=[6015.0, 40.2, 17.404, 1.23e9], name="fast run")
    )
    figure.add_trace(go.Scatter(x=[0, 1, 2], y=[6015.0, 50.0, 30.0], name="slow run (rate 0.1)"))
    figure.update_layout(meta={"alt": alt})
    assert unwitnessed(figure) == missing


def test_where_a_line_ends_is_read_from_the_last_frame():
    figure = go.Figure(
        go.Scatter(x=[0, 8], y=[2, 18]), frames=[go.Frame(data=[go.Scatter(y=[1, 41])], traces=[0])]
    )
    figure.update_layout(meta={"alt": "It ends at y = 5.00x + 1.00."})
    assert unwitnessed(figure) == []
    figure.update_layout(meta={"alt": "It ends at y = 2.00x + 2.00."})
    assert unwitnessed(figure) == ["ends at y = 2.00", "ends at y = 2.00x + 2.00"]


def figure_texts(post):
    """(label, caption as the page shows it, alt text, the figure its cell shows) of each
    figure drawn by a cell."""
    run, found = run_of(post), []
    for label, (caption, alt, source) in figures(text_of(post)).items():
        shown = run["displayed_by_cell"].get(source.strip())
        if shown is None:
            continue  # a diagram
        caption = INLINE.sub(lambda m: str(eval(m[1], dict(run))), caption or "")
        caption = re.sub(r"10\^\{(-?\d+)\}", r"1e\1", CLAIM.sub(r"\1", caption))  # $10^{-6}$
        if isinstance(shown, go.Figure):
            alt = shown.layout.meta["alt"]
        found.append((label, caption, alt, shown))
    return found


def test_every_figure_a_cell_draws_has_its_caption_and_alt_text_here(post):
    texts = figure_texts(post)
    drawn = [v for v in run_of(post)["displayed"] if isinstance(v, (go.Figure, MplFigure))]
    assert len(texts) == len(drawn) and all(caption and alt for _, caption, alt, _ in texts)


def test_every_number_in_a_plotly_charts_caption_is_in_the_chart(post):
    for label, caption, _, shown in figure_texts(post):
        if isinstance(shown, go.Figure):
            assert not unwitnessed(shown, caption), (
                f"{post.parent.name}, {label}: the caption says {unwitnessed(shown, caption)}, "
                f"which the chart does not show: {caption}"
            )


# What a caption calls a line, and plotly's names for the same dash.
LINE_WORDS = {"dashed": {"dash", "longdash"}, "dotted": {"dot"}}


def styles_drawn(figure):
    """The line styles ("dashed", "dotted") a plotly or matplotlib figure draws."""
    if isinstance(figure, go.Figure):
        dashes = {trace.line.dash for trace in figure.data if "line" in trace}
        dashes |= {shape.line.dash for shape in figure.layout.shapes}
        return {word for word, names in LINE_WORDS.items() if dashes & names}
    found = set()
    for ax in figure.axes:
        found |= {{"--": "dashed", ":": "dotted"}.get(line.get_linestyle()) for line in ax.lines}
        for collection in ax.collections:
            if isinstance(collection, LineCollection):
                for _, pattern in collection.get_linestyle():
                    if pattern:  # on, off: a dash is longer than its gap, a dot shorter
                        found.add("dashed" if pattern[0] > pattern[1] else "dotted")
    return found - {None}


def test_a_dashed_or_dotted_line_a_caption_or_alt_text_names_is_drawn(post):
    for label, caption, alt, shown in figure_texts(post):
        named = set(re.findall(r"\b(dashed|dotted)\b", f"{caption} {alt}", re.IGNORECASE))
        assert {word.lower() for word in named} <= styles_drawn(shown), (
            f"{post.parent.name}, {label}: says {sorted(named)}, draws {styles_drawn(shown)}"
        )


def test_line_styles_are_read_from_both_kinds_of_chart():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1], linestyle="--")
    ax.vlines([0.5], 0, 1, linestyles="dotted")
    assert styles_drawn(fig) == {"dashed", "dotted"}
    ax.lines[0].set_linestyle("-")
    assert styles_drawn(fig) == {"dotted"}
    plt.close(fig)
    chart = go.Figure(go.Scatter(x=[0, 1], y=[0, 1], line={"dash": "dot"}))
    assert styles_drawn(chart) == {"dotted"}
    chart.add_hline(y=0.5, line_dash="dash")
    assert styles_drawn(chart) == {"dashed", "dotted"}


def log_axes(figure):
    """The axes ("x", "y") of a plotly or matplotlib figure on a log scale, or a button away."""
    if not isinstance(figure, go.Figure):
        return {
            axis
            for ax in figure.axes
            for axis in "xy"
            if getattr(ax, f"get_{axis}scale")() == "log"
        }
    layout = figure.to_dict()["layout"]
    settings = {key: value for key, value in layout.items() if "axis" in key}
    for menu in layout.get("updatemenus", []):
        settings |= {
            key.split(".")[0]: {"type": value}
            for button in menu.get("buttons", [])
            for key, value in (button.get("args") or [{}])[0].items()
            if key.endswith("axis.type")
        }
    return {
        key[0]
        for key, value in settings.items()
        if isinstance(value, dict) and value.get("type") == "log"
    }


LOG_WORDS = re.compile(r"\blog(?:arithmic)? (?:scale|axis)\b", re.IGNORECASE)
LINEAR_WORDS = re.compile(r"\blinear (?:scale|axis)\b", re.IGNORECASE)


def test_the_axis_scale_a_caption_or_alt_text_names_is_drawn(post):
    for label, caption, alt, shown in figure_texts(post):
        for words in (caption, alt):  # each on its own: a reader may get only one of them
            where = f"{post.parent.name}, {label}"
            if LOG_WORDS.search(words):
                assert log_axes(shown), f"{where}: says log, draws no log axis"
                for side, axis in (("vertical", "y"), ("horizontal", "x")):
                    assert f"{side} axis" not in words or axis in log_axes(shown), where
            elif LINEAR_WORDS.search(words):
                assert not log_axes(shown), f"{where}: says linear, draws log"


RISING = re.compile(r"\b(?:rises|climbs|increases|grows)\b", re.IGNORECASE)
FALLING = re.compile(r"\b(?:falls|drops|declines|decreases|shrinks)\b", re.IGNORECASE)


def trends_contradicted(figure, text):
    """The verbs of `text` that say a named trace rises (or falls) where it ends at its lowest
    (or highest) value. The trace is the one its clause names before the verb, or the clause
    before it named, or the chart's only trace; a verb about no named trace of several is not
    judged."""
    if not isinstance(figure, go.Figure):
        return []
    chart = figure.to_dict()
    traces, names, wrong = chart["data"], legend_names(chart), []
    for sentence in sentences(text):
        of = scopes(sentence, names)
        for verb in [*RISING.finditer(sentence), *FALLING.finditer(sentence)]:
            start = max([m.end() for m in CLAUSE.finditer(sentence, 0, verb.start())], default=0)
            scope = named_in(sentence[start : verb.start()], names) or of[verb.start()]
            for i in [] if scope == list(names) and len(names) > 1 else scope:
                y = points(traces[i])[1]
                rises = RISING.fullmatch(verb[0]) is not None
                if len(y) > 1 and (y[-1] <= y.min() if rises else y[-1] >= y.max()):
                    wrong.append(f"{names[i]} {verb[0]}")
    return wrong


def test_trends_are_judged_for_the_traces_their_words_name():
    figure = go.Figure(go.Scatter(y=[1, 2, 3], name="training"))
    figure.add_trace(go.Scatter(y=[3, 1, 2], name="validation"))
    assert trends_contradicted(figure, "The training MSE rises; the validation MSE climbs.") == []
    assert trends_contradicted(figure, "The training MSE falls.") == ["training falls"]
    assert trends_contradicted(figure, "The validation MSE dips, then drops.") == []
    assert trends_contradicted(figure, "Both runs fall.") == []  # no trace named
    alone = go.Figure(go.Scatter(y=[3, 2, 1]))
    assert trends_contradicted(alone, "It drops fast, then declines.") == []
    assert trends_contradicted(alone, "It climbs.") == [" climbs"]  # the only trace


# "Contour map of the MSE with m from -1 to 15 across and b from -5 to 80 up": the variable
# said to run across is the horizontal axis's, the one said to run up the vertical axis's.
ACROSS_UP = re.compile(r"\b(\w+) from \S+ to \S+ (across|up)\b")


def axes_misnamed(chart, text):
    """The variables `text` puts on an axis whose title does not name them."""
    if not isinstance(chart, go.Figure):
        return []
    layout, wrong = chart.to_dict()["layout"], []
    for name, way in ACROSS_UP.findall(text):
        title = layout.get("xaxis" if way == "across" else "yaxis", {}).get("title", {})
        if not re.search(rf"(?<!\w){re.escape(name)}(?!\w)", title.get("text", "")):
            wrong.append(f"{name} {way}")
    return wrong


def test_axis_variables_are_read_from_the_axis_titles():
    chart = go.Figure(layout={"xaxis_title": "m (slope)", "yaxis_title": "b (intercept)"})
    assert axes_misnamed(chart, "with m from -1 to 15 across and b from -5 to 80 up") == []
    assert axes_misnamed(chart, "with b from -1 to 15 across and m from -5 to 80 up") == [
        "b across",
        "m up",
    ]


def test_log_axes_are_read_from_both_kinds_of_chart():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    assert log_axes(fig) == set()
    ax.set_yscale("log")
    assert log_axes(fig) == {"y"}
    plt.close(fig)
    chart = go.Figure(go.Scatter(x=[1, 2], y=[1, 10]))
    assert log_axes(chart) == set()
    chart.update_layout(xaxis_type="log")
    assert log_axes(chart) == {"x"}
    chart.update_layout(
        xaxis_type="linear",
        updatemenus=[
            {"buttons": [{"label": "Log", "method": "relayout", "args": [{"yaxis.type": "log"}]}]}
        ],
    )
    assert log_axes(chart) == {"y"}


# What a heatmap's caption says its colours mean: "red where two features rise together".
COLOUR_MEANS = re.compile(r"\b(red|blue) where (two features rise together|one falls as the other)")
CHANNEL = {"red": 0, "blue": 2}


def test_a_heatmaps_colours_mean_what_its_caption_says(post):
    for label, caption, _, shown in figure_texts(post):
        images = [] if isinstance(shown, go.Figure) else [i for ax in shown.axes for i in ax.images]
        for colour, meaning in COLOUR_MEANS.findall(caption):
            (image,) = images
            rgba = image.cmap(image.norm(1.0 if "together" in meaning else -1.0))
            assert rgba[CHANNEL[colour]] == max(rgba[:3]), f"{post.parent.name}, {label}: {colour}"


# Where the low values of a contour map lie: "a valley running from the upper left to the
# lower right" (b falls as m grows) or "from the lower left to the upper right".
DIAGONAL = re.compile(r"from the (upper|lower) left to the (upper|lower) right", re.IGNORECASE)


def valley_falls_to_the_right(chart):
    """Whether the lowest twentieth of a contour map's grid runs downhill from left to right
    (its x and y are negatively correlated), or None for a chart without a contour map."""
    contours = [t for t in chart.to_dict()["data"] if t.get("type") == "contour"]
    if not contours:
        return None
    x, y = np.meshgrid(values_of(contours[0]["x"]), values_of(contours[0]["y"]))
    z = values_of(contours[0]["z"]).astype(float).reshape(x.shape)
    low = z <= np.quantile(z, 0.05)
    return bool(np.corrcoef(x[low], y[low])[0, 1] < 0)


def diagonal_wrong(chart, text):
    """The valley diagonals `text` gives that the chart's contour map does not draw."""
    said = [m for m in DIAGONAL.finditer(text)]
    falls = valley_falls_to_the_right(chart) if isinstance(chart, go.Figure) else None
    return [m[0] for m in said if falls is None or (m[1].lower() == "upper") != falls]


def test_a_valleys_diagonal_is_read_from_the_map():
    m, b = np.linspace(0, 1, 30), np.linspace(0, 1, 20)
    grid_m, grid_b = np.meshgrid(m, b)
    downhill = go.Figure(go.Contour(x=m, y=b, z=(grid_m + grid_b - 1) ** 2))
    uphill = go.Figure(go.Contour(x=m, y=b, z=(grid_m - grid_b) ** 2))
    assert valley_falls_to_the_right(downhill) is True
    assert valley_falls_to_the_right(uphill) is False
    assert valley_falls_to_the_right(go.Figure(go.Scatter(y=[1, 2]))) is None


# "the dotted line marks the lambda with the lowest validation MSE": a vertical line the chart
# draws stands at the lowest point of the trace the words name.
LOWEST = re.compile(
    r"line\s+marks\s+the\s.{0,40}?\swith\s+the\s+lowest\s+([\w\s]+?)(?:[.,;]|$)", re.I | re.S
)


def lowest_unmarked(chart, text):
    """The traces `text` says a line marks the lowest point of where no vertical line of the
    chart stands at that point's x."""
    if not isinstance(chart, go.Figure):
        return []
    chart = chart.to_dict()
    names, wrong = legend_names(chart), []
    lines = [s["x0"] for s in chart["layout"].get("shapes", []) if s.get("x0") == s.get("x1")]
    for match in LOWEST.finditer(text):
        for i in named_in(match[1], names):
            x, y = points(chart["data"][i])
            lowest = x[np.argmin(y)]  # stored to 4 significant digits
            if not any(np.isclose(lowest, at, rtol=1e-3) for at in lines):
                wrong.append(f"a line at the lowest {names[i]}")
    return wrong


def test_the_lowest_point_a_line_marks_is_read_per_trace():
    chart = go.Figure(go.Scatter(x=[1, 2, 3], y=[1, 2, 3], name="training"))
    chart.add_trace(go.Scatter(x=[1, 2, 3], y=[3, 1, 2], name="validation"))
    chart.add_vline(x=2)
    assert lowest_unmarked(chart, "The line marks the x with the lowest validation MSE.") == []
    assert lowest_unmarked(chart, "the dotted line\nmarks the x with the lowest training MSE") == [
        "a line at the lowest training"
    ]


# "on a log colour scale": a contour map's colour bar is labelled in powers of ten.
COLOUR_SCALE = re.compile(r"\b(log(?:arithmic)?|linear) colou?r scale\b", re.IGNORECASE)


def log_colours(chart):
    """Whether a chart's contour map colours the log of its values: its colour bar's labels
    are ten to the power of the positions they stand at."""
    for trace in chart.to_dict()["data"]:
        bar = trace.get("colorbar", {}) if trace.get("type") == "contour" else {}
        if bar.get("ticktext"):
            shown = [float(text.replace(",", "")) for text in bar["ticktext"]]
            if min(shown) <= 0:
                return False
            return bool(np.allclose(np.log10(shown), values_of(bar["tickvals"]), atol=0.01))
    return False


def colour_scale_wrong(chart, text):
    """The colour scales `text` names ("log colour scale") that the chart's colour bar is not."""
    if not isinstance(chart, go.Figure):
        return []
    return [
        f"{scale} colour scale"
        for scale in COLOUR_SCALE.findall(text)
        if log_colours(chart) != scale.lower().startswith("log")
    ]


def test_a_log_colour_scale_is_read_from_the_colour_bar():
    z = [[1, 10], [100, 1000]]
    logged = go.Contour(
        z=np.log10(z), colorbar={"tickvals": [0, 1, 2], "ticktext": ["1", "10", "100"]}
    )
    assert log_colours(go.Figure(logged)) is True
    plain = go.Contour(z=z, colorbar={"tickvals": [0, 500], "ticktext": ["0", "500"]})
    assert log_colours(go.Figure(plain)) is False


# "short dashed vertical segments join each point to the line"
SEGMENTS = re.compile(r"\b(vertical|horizontal) (?:segments|lines)\b", re.IGNORECASE)


def segment_directions(figure):
    """The directions ("vertical", "horizontal", "slanted") of a matplotlib figure's segments."""
    found = set()
    for ax in [] if isinstance(figure, go.Figure) else figure.axes:
        for collection in ax.collections:
            if isinstance(collection, LineCollection):
                for (x0, y0), (x1, y1) in (s[:2] for s in collection.get_segments()):
                    found.add("vertical" if x0 == x1 else "horizontal" if y0 == y1 else "slanted")
    return found


def segments_wrong(figure, text):
    """The segment directions `text` names that are not the only ones the figure draws."""
    drawn_ways = segment_directions(figure)
    return [f"{way} segments" for way in SEGMENTS.findall(text) if drawn_ways != {way.lower()}]


# Where the line lies against the points: "furthest below the points at x = 6 and x = 8"
# (a matplotlib figure), "At epoch 1 the line lies far below the points" (a frame of a chart).
LINE_VS_POINTS = re.compile(
    r"(?:at epoch (\d+) the line lies (?:far )?|furthest )(below|above) the points"
    r"(?: at ((?:x = -?[\d.]+(?:,? and |, )?)+))?",
    re.IGNORECASE,
)


def line_and_points(figure, epoch=None):
    """(line's y at each point's x, the points' y) of a chart of points and one straight line;
    for a plotly chart, the line as the frame of `epoch` draws it."""
    if isinstance(figure, go.Figure):
        chart = figure.to_dict()
        (points_trace,) = [t for t in chart["data"] if t.get("mode") == "markers"]
        (line_at,) = [i for i, t in enumerate(chart["data"]) if t.get("mode") == "lines"]
        line = dict(chart["data"][line_at])
        for frame in chart.get("frames", []):
            if epoch is not None and frame["name"] == str(epoch):
                line["y"] = frame["data"][0]["y"]
        px, py = points(points_trace)
        lx, ly = points(line)
    else:
        (ax,) = figure.axes
        (line,) = [line for line in ax.lines if len(line.get_xdata()) >= 2]
        lx, ly = (np.asarray(v, dtype=float) for v in line.get_data())
        px, py = ax.collections[0].get_offsets().T
    return np.interp(px, lx, ly), np.asarray(py), np.asarray(px)


def line_misplaced(figure, text):
    """What `text` says of the line against the points that the figure does not draw."""
    wrong = []
    for epoch, side, where in LINE_VS_POINTS.findall(text):
        line_y, point_y, point_x = line_and_points(figure, int(epoch) if epoch else None)
        gap = line_y - point_y if side.lower() == "above" else point_y - line_y
        xs = [float(x) for x in re.findall(r"-?[\d.]+", where)]
        at = np.isin(point_x, xs) if xs else np.ones_like(gap, dtype=bool)
        furthest = set(point_x[np.argsort(gap)[::-1][: len(xs)]]) == set(xs) if xs else True
        if not (np.all(gap[at] > 0) and furthest):
            wrong.append(f"{side} the points" + (f" at {xs}" if xs else ""))
    return wrong


def test_the_line_is_placed_against_the_points_per_frame():
    chart = go.Figure(
        [
            go.Scatter(x=[1, 2, 3], y=[5, 6, 7], mode="markers"),
            go.Scatter(x=[0, 4], y=[0, 0], mode="lines"),
        ],
        frames=[go.Frame(name="9", data=[go.Scatter(y=[10, 10])], traces=[1])],
    )
    assert line_misplaced(chart, "At epoch 1 the line lies far below the points") == []
    assert line_misplaced(chart, "At epoch 9 the line lies far below the points") != []
    assert line_misplaced(chart, "At epoch 9 the line lies above the points") == []


# A heatmap's cells as its alt text reads them: "The strongest is 0.89, between s1 and s2";
# "s3 and s4 follow at -0.74".
CELL = re.compile(
    r"(?P<v1>-?\d+\.\d+), between (?P<a1>\w+) and (?P<b1>\w+)"
    r"|(?P<a2>\w+) and (?P<b2>\w+) follow at (?P<v2>-?\d+\.\d+)"
)


def cells_misread(figure, text):
    """The cells `text` gives a value that the heatmap (a matplotlib image with its rows and
    columns named by tick labels) does not hold there, to the digits shown."""
    images = [] if isinstance(figure, go.Figure) else [ax for ax in figure.axes if ax.images]
    if not images:
        return []
    ax = images[0]
    names = [label.get_text() for label in ax.get_xticklabels()]
    values, wrong = np.asarray(ax.images[0].get_array()), []
    for cell in CELL.finditer(text):
        a, b = cell["a1"] or cell["a2"], cell["b1"] or cell["b2"]
        said = cell["v1"] or cell["v2"]
        low, high = rounding_interval(NUMBER.fullmatch(said))
        if (
            a not in names
            or b not in names
            or not low <= values[names.index(a), names.index(b)] <= high
        ):
            wrong.append(f"{said} for {a} and {b}")
    return wrong


def test_heatmap_cells_are_read_by_their_row_and_column_names():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.imshow([[1.0, 0.89], [0.89, 1.0]])
    ax.set_xticks([0, 1], ["s1", "s2"])
    assert cells_misread(fig, "The strongest is 0.89, between s1 and s2.") == []
    assert cells_misread(fig, "The strongest is 0.89, between s1 and s1.") != []
    assert cells_misread(fig, "s1 and s3 follow at 0.89.") != []  # no such feature
    plt.close(fig)


# The shape of a contour map's low ground: "the contours are circles", "a long, narrow valley".
ROUND, NARROW = re.compile(r"\bcircles\b", re.I), re.compile(r"\b(?:ellipses|narrow)\b", re.I)


def low_ground_elongation(chart):
    """How many times longer than wide the lowest twentieth of a contour map's grid is, in the
    axes' units (the square root of its spread's largest over smallest variance)."""
    (contour,) = [t for t in chart.to_dict()["data"] if t.get("type") == "contour"]
    x, y = np.meshgrid(values_of(contour["x"]), values_of(contour["y"]))
    z = values_of(contour["z"]).astype(float).reshape(x.shape)
    low = z <= np.quantile(z, 0.05)
    variances = np.linalg.eigvalsh(np.cov(x[low], y[low]))
    return float(np.sqrt(variances[-1] / variances[0]))


def shape_wrong(chart, text):
    """The shape words of `text` the low ground belies: "circles" for low ground over twice
    as long as wide, "narrow" or "ellipses" for low ground under three times as long."""
    if not isinstance(chart, go.Figure) or not (ROUND.search(text) or NARROW.search(text)):
        return []
    ratio = low_ground_elongation(chart)
    if ROUND.search(text):
        return [] if ratio < 2 else [f"circles, for low ground {ratio:.1f} times longer than wide"]
    return [] if ratio > 3 else [f"narrow, for low ground {ratio:.1f} times longer than wide"]


def test_the_low_grounds_shape_is_read_from_the_map():
    m, b = np.linspace(-1, 1, 40), np.linspace(-1, 1, 40)
    grid_m, grid_b = np.meshgrid(m, b)
    round_map = go.Figure(go.Contour(x=m, y=b, z=grid_m**2 + grid_b**2))
    narrow_map = go.Figure(go.Contour(x=m, y=b, z=grid_m**2 + 50 * grid_b**2))
    assert low_ground_elongation(round_map) < 1.5
    assert low_ground_elongation(narrow_map) > 3


# "Momentum drops below the tolerance of 1e-06 first, ... then Adam": the order in which the
# runs' curves cross the chart's tolerance line.
CROSSES = re.compile(r"([\w ]+?) (?:drops|falls) below the tolerance(?: of \S+)? (first|last)\b")


def crossing_order_wrong(chart, text):
    """The runs `text` says cross the tolerance first (or last) that do not."""
    if not isinstance(chart, go.Figure):
        return []
    chart = chart.to_dict()
    names = legend_names(chart)
    tolerance = [points(t)[1][0] for t in chart["data"] if t.get("name") == "tolerance"]
    if not tolerance:
        return []
    crossing = {}
    for i, trace in enumerate(chart["data"]):
        x, y = points(trace)
        below = np.flatnonzero(y < tolerance[0])
        if names[i] != "tolerance" and below.size:
            crossing[i] = x[below[0]]
    wrong = []
    for who, order in CROSSES.findall(text):
        for i in named_in(who, names):
            pick = min if order == "first" else max
            if i not in crossing or crossing[i] != pick(crossing.values()):
                wrong.append(f"{names[i]} {order}")
    return wrong


def test_the_crossing_order_is_read_from_the_curves():
    chart = go.Figure(go.Scatter(x=[0, 1, 2], y=[1, 1e-7, 1e-8], name="Momentum"))
    chart.add_trace(go.Scatter(x=[0, 1, 2], y=[1, 1e-3, 1e-7], name="Adam"))
    chart.add_trace(go.Scatter(x=[0, 2], y=[1e-6, 1e-6], name="tolerance"))
    assert crossing_order_wrong(chart, "Momentum drops below the tolerance first") == []
    assert crossing_order_wrong(chart, "Momentum drops below the tolerance last") == [
        "Momentum last"
    ]


# Each reader takes a figure and its words (caption and alt text) and returns what the words
# say that the figure does not draw; a reader whose words are absent, or that does not apply to
# that kind of figure, returns nothing.
WORD_READERS = [
    trends_contradicted,
    axes_misnamed,
    diagonal_wrong,
    lowest_unmarked,
    colour_scale_wrong,
    segments_wrong,
    line_misplaced,
    cells_misread,
    shape_wrong,
    crossing_order_wrong,
]


@pytest.mark.parametrize("reader", WORD_READERS, ids=lambda reader: reader.__name__)
def test_what_a_caption_or_alt_text_says_is_what_its_figure_draws(post, reader):
    for label, caption, alt, shown in figure_texts(post):
        wrong = reader(shown, f"{caption} {alt}")
        assert not wrong, f"{post.parent.name}, {label}: says {wrong}; the figure does not"
