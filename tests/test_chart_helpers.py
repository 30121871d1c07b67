"""The chart helpers draw exactly their inputs and reject bad input with a clear error."""

import io
import json
import re
from html import unescape

import matplotlib.pyplot as plt
import numpy as np
import plotly.io as pio
import pytest
from conftest import FIVE_X, FIVE_Y, assert_rejects, assert_stored
from matplotlib.collections import LineCollection, PathCollection

import plot_utils as pu
from blogkit.page import page_data

X, Y = FIVE_X, FIVE_Y
PREDICTED = 3 * X + 60


def line_points(ax):
    (line,) = ax.get_lines()
    return np.column_stack(line.get_data())


# ---------------------------------------------------------------- matplotlib


def test_a_figure_is_the_same_svg_every_time():
    # No clock and no random ids in the file: re-rendering an unchanged post changes nothing.
    def svg():
        figure = pu.plot_fit(X, Y, 3 * X + 60, "same")
        out = io.BytesIO()
        figure.savefig(out, format="svg")
        plt.close(figure)
        return out.getvalue()

    first = svg()
    assert b"<dc:date>1970-01-01" in first
    assert svg() == first


def test_plot_fit_draws_the_points_and_the_prediction_line():
    fig = pu.plot_fit(X, Y, PREDICTED, "No fit")
    (ax,) = fig.axes
    (points,) = [c for c in ax.collections if isinstance(c, PathCollection)]
    np.testing.assert_array_equal(points.get_offsets(), np.column_stack([X, Y]))
    np.testing.assert_array_equal(line_points(ax), np.column_stack([X, PREDICTED]))
    assert ax.get_title() == "No fit"
    assert not [c for c in ax.collections if isinstance(c, LineCollection)]


def test_plot_fit_sorts_the_line_by_x():
    order = [3, 0, 4, 1, 2]
    fig = pu.plot_fit(X[order], Y[order], PREDICTED[order], "shuffled")
    np.testing.assert_array_equal(line_points(fig.axes[0]), np.column_stack([X, PREDICTED]))


def test_plot_fit_shows_each_residual_as_a_segment():
    fig = pu.plot_fit(X, Y, PREDICTED, "errors", show_error=True)
    (residuals,) = [c for c in fig.axes[0].collections if isinstance(c, LineCollection)]
    segments = [np.asarray(s) for s in residuals.get_segments()]
    expected = [np.array([[x, p], [x, y]]) for x, y, p in zip(X, Y, PREDICTED, strict=True)]
    assert len(segments) == len(expected)
    for got, want in zip(segments, expected, strict=True):
        np.testing.assert_array_equal(got, want)


def test_plot_slope_draws_the_line_over_x_range():
    fig = pu.plot_slope(2.5, 10, x_range=(0, 8))
    np.testing.assert_array_equal(line_points(fig.axes[0]), [[0, 10], [8, 30]])
    # The title names the line as the post's worked epochs do, to two decimals.
    assert pu.plot_slope(7.78, 1.54).axes[0].get_title() == "y = 7.78x + 1.54"


def test_plot_loss_draws_every_epoch_on_a_log_scale():
    losses = [100.0, 10.0, 5.0, 4.0]
    ax = pu.plot_loss(losses).axes[0]
    np.testing.assert_array_equal(line_points(ax), [[1, 100], [2, 10], [3, 5], [4, 4]])
    assert ax.get_yscale() == "log"
    assert pu.plot_loss([1.0, 0.0]).axes[0].get_yscale() == "linear"  # a zero cannot be logged


def test_helpers_leave_no_figure_for_pyplot_to_show_again():
    import matplotlib.pyplot as plt

    before = plt.get_fignums()
    pu.plot_fit(X, Y, PREDICTED, "t")
    pu.plot_slope(1, 2)
    pu.plot_loss([3.0, 2.0])
    assert plt.get_fignums() == before


# ---------------------------------------------------------------- plotly


def test_interactive_loss_has_one_point_per_epoch_and_a_scale_toggle():
    losses = np.array([9.0, 4.0, 2.0, 1.5])
    fig = pu.plot_interactive_loss(losses)
    (trace,) = fig.data
    np.testing.assert_array_equal(trace.y, losses)
    assert (trace.x0, trace.dx) == (1, 1)  # epochs 1, 2, 3, ...
    assert "epoch %{x}" in trace.hovertemplate and "%{y" in trace.hovertemplate
    (menu,) = fig.layout.updatemenus
    assert [b.args[0]["yaxis.type"] for b in menu.buttons] == ["linear", "log"]
    # the log axis labels powers of ten only
    assert [b.args[0].get("yaxis.dtick") for b in menu.buttons] == [None, 1]


# The slider's budget: 150 frames keep the chart's JSON small (see test_line_chart_stays_small).
FRAME_BUDGET = 150


@pytest.mark.parametrize("n_epochs", [151, 3000, 10**6])
def test_frame_epochs_fill_the_budget_log_spaced_with_first_and_last(n_epochs):
    epochs = pu.frame_epochs(n_epochs)
    assert epochs[0] == 1 and epochs[-1] == n_epochs
    assert len(epochs) == FRAME_BUDGET
    assert np.all(np.diff(epochs) > 0)
    assert list(epochs[:10]) == list(range(1, 11))  # every early epoch, where the line moves most
    gaps = np.diff(epochs)
    assert gaps[-1] >= gaps[0]  # denser at the start than at the end


def test_frame_epochs_keep_every_epoch_of_a_short_run():
    assert list(pu.frame_epochs(5)) == [1, 2, 3, 4, 5]


def slope_history(epochs=3000):
    m = b = 0.0
    history = []
    for _ in range(epochs):
        residual = Y - (m * X + b)
        m, b = m + 0.02 * np.mean(X * residual), b + 0.02 * np.mean(residual)
        history.append((m, b))
    return history


def test_line_chart_frames_are_the_lines_of_their_epochs():
    history = slope_history()
    fig = pu.create_interactive_line_chart(history, X, Y, x_range=(0, 8))
    points, line = fig.data
    np.testing.assert_array_equal(points.x, X)
    np.testing.assert_array_equal(points.y, Y)
    epochs = pu.frame_epochs(len(history))
    assert [int(f.name) for f in fig.frames] == list(epochs)
    for frame in fig.frames:
        m, b = history[int(frame.name) - 1]
        assert_stored(frame.data[0].y, [b, m * 8 + b])
        assert list(frame.traces) == [1]
    m, b = history[0]
    np.testing.assert_allclose(line.y, [b, 8 * m + b])
    np.testing.assert_array_equal(line.x, [0, 8])
    steps = fig.layout.sliders[0].steps
    assert [s.label for s in steps] == [str(e) for e in epochs]
    assert [list(s.args[0]) for s in steps] == [[str(e)] for e in epochs]


def test_line_chart_stays_small():
    fig = pu.create_interactive_line_chart(slope_history(), X, Y, x_range=(0, 8))
    assert len(fig.frames) == FRAME_BUDGET
    assert len(fig.to_json()) <= 150_000


def test_line_chart_labels_name_the_loss_when_given():
    history = slope_history(3)
    losses = [np.mean((Y - (m * X + b)) ** 2) for m, b in history]
    fig = pu.create_interactive_line_chart(history, X, Y, (0, 8), losses=losses)
    assert [s.label for s in fig.layout.sliders[0].steps] == [
        f"{e} (MSE {loss:.2f})" for e, loss in zip([1, 2, 3], losses, strict=True)
    ]


def test_plotly_figures_render_without_mathjax_and_with_stable_ids():
    renderer = pu.ArticleHtmlRenderer()
    fig = pu.plot_interactive_loss([3.0, 2.0]).to_dict()
    first, second = (renderer.to_mimebundle(fig)["text/markdown"] for _ in range(2))
    for html in (first, second):
        assert "mathjax" not in html.lower().replace("mathjaxconfig", "")
    assert 'id="plotly-figure-1"' in first and 'id="plotly-figure-2"' in second
    # plotly.js comes from the site (_filters/plotly-js.lua), never from a CDN.
    assert "<script src" not in first + second and "cdn.plot.ly" not in first + second
    assert pio.renderers.default == "plotly_mimetype+article"


def test_plotly_template_is_small():
    # The template travels with every figure's JSON.
    assert len(json.dumps(pu.PLOTLY_TEMPLATE.to_plotly_json())) < 1000


# ---------------------------------------------------------------- bad input


def pairs(n=3):
    return [(1.0, 2.0)] * n


BAD_CALLS = [
    # (call, error type, words the message must contain)
    (
        lambda: pu.plot_slope(1.0, 2.0, x_range=(3, 3)),
        ValueError,
        "x_range must satisfy low < high",
    ),
    (lambda: pu.plot_slope(True, 2.0), TypeError, "m must be a real number, got bool"),
    (
        lambda: pu.plot_fit(X, Y, PREDICTED, "t", show_error=1),
        TypeError,
        "show_error must be True or False",
    ),
    (lambda: pu.plot_fit(X, Y[:4], PREDICTED, "t"), ValueError, "same length"),
    (lambda: pu.plot_fit([], [], [], "t"), ValueError, "X must not be empty"),
    (lambda: pu.plot_fit(X, [65, np.nan, 75, 85, 90], PREDICTED, "t"), ValueError, "y_true"),
    (lambda: pu.plot_fit(X, Y, [np.inf] * 5, "t"), ValueError, "y_pred"),
    (
        lambda: pu.plot_fit(["a", "b"], [1, 2], [1, 2], "t"),
        TypeError,
        "X must contain only numbers",
    ),
    (lambda: pu.plot_fit("12345", Y, PREDICTED, "t"), TypeError, "X must be a sequence"),
    (lambda: pu.plot_fit(X.reshape(5, 1), Y, PREDICTED, "t"), ValueError, "one-dimensional"),
    (lambda: pu.plot_fit([[1, 2], [3]], Y, PREDICTED, "t"), ValueError, "X must be a flat"),
    (lambda: pu.plot_fit(X, Y, PREDICTED, 42), TypeError, "title must be a string"),
    (lambda: pu.plot_fit(X, Y, PREDICTED, "t", show_error="yes"), TypeError, "show_error"),
    (lambda: pu.plot_slope("3", 60), TypeError, "m must be a real number"),
    (lambda: pu.plot_slope(3, np.nan), ValueError, "b must be finite"),
    (lambda: pu.plot_slope(3, 60, x_range=(8, 0)), ValueError, "x_range must satisfy low < high"),
    (lambda: pu.plot_loss([]), ValueError, "loss_history must not be empty"),
    (lambda: pu.plot_loss([1.0, -2.0]), ValueError, "loss_history must not contain negative"),
    (
        lambda: pu.plot_interactive_loss([1.0, -2.0]),
        ValueError,
        "loss_history must not contain negative",
    ),
    (lambda: pu.plot_interactive_loss([1.0, np.nan]), ValueError, "loss_history"),
    (lambda: pu.plot_interactive_loss(None), TypeError, "loss_history"),
    (
        lambda: pu.create_interactive_line_chart([1, 2, 3], X, Y, (0, 8)),
        ValueError,
        "dataset must be a sequence of (m, b) pairs",
    ),
    (
        lambda: pu.create_interactive_line_chart([(1, 2, 3)], X, Y, (0, 8)),
        ValueError,
        "dataset must be a sequence of (m, b) pairs",
    ),
    (
        lambda: pu.create_interactive_line_chart([], X, Y, (0, 8)),
        ValueError,
        "dataset must not be empty",
    ),
    (
        lambda: pu.create_interactive_line_chart([(1, np.nan)], X, Y, (0, 8)),
        ValueError,
        "dataset must not contain NaN",
    ),
    (
        lambda: pu.create_interactive_line_chart(pairs(), X, Y[:2], (0, 8)),
        ValueError,
        "scatter_x has 5, scatter_y has 2",
    ),
    (
        lambda: pu.create_interactive_line_chart(pairs(), X, Y, (8, 0)),
        ValueError,
        "x_range must satisfy low < high",
    ),
    (
        lambda: pu.create_interactive_line_chart(pairs(), X, Y, (0, 4, 8)),
        TypeError,
        "x_range must be a pair",
    ),
    (
        lambda: pu.create_interactive_line_chart(pairs(), X, Y, (0, 8), losses=[1.0]),
        ValueError,
        "dataset has 3, losses has 1",
    ),
    (lambda: pu.frame_epochs(0), ValueError, "n_epochs must be at least 1"),
    (lambda: pu.frame_epochs(3.5), TypeError, "n_epochs must be an integer"),
]


@pytest.mark.parametrize(
    "call, error, words", BAD_CALLS, ids=[f"{words}" for _, _, words in BAD_CALLS]
)
def test_bad_input_gets_a_clear_error(call, error, words):
    assert_rejects(call, error, words)


def test_charts_store_what_a_reader_can_see_not_the_last_bit():
    # Two losses one float apart (as two numpy versions may compute them) store the same chart.
    loss = 4.254385964912277
    assert (
        pu.plot_interactive_loss([6015.0, loss]).to_json()
        == pu.plot_interactive_loss([6015.0, np.nextafter(loss, 5.0)]).to_json()
    )
    assert_stored(pu.plot_interactive_loss([6015.0, loss]).data[0].y, [6015.0, 4.25439])


def test_animated_chart_waits_for_play():
    # An animation that starts by itself moves the page under the reader (and plotly's HTML
    # starts one by default): the slider chart starts at its first epoch.
    fig = pu.create_interactive_line_chart(slope_history(3), X, Y, (0, 8))
    html = pu.ArticleHtmlRenderer().to_mimebundle(fig.to_dict())["text/markdown"]
    assert "Plotly.animate" not in html
    assert fig.layout.sliders[0].active == 0


# ---------------------------------------------------------------- page data


def page_json(bundle, name):
    """The JSON inside the raw HTML block that page_data writes."""
    block = bundle["text/markdown"]
    prefix = f'```{{=html}}\n<script type="application/json" id="{name}-data">'
    assert block.startswith(prefix) and block.endswith("</script>\n```\n"), block
    return block[len(prefix) : -len("</script>\n```\n")]


def test_page_data_is_a_raw_html_block_in_markdown_not_text_html():
    # text/html would make Quarto add require.js and jQuery from a CDN to the page.
    bundle = page_data(
        "fit-by-hand", points={"x": FIVE_X, "y": FIVE_Y}, guess={"m": np.int64(3), "b": 60.0}
    )._repr_mimebundle_()
    assert list(bundle) == ["text/markdown"]
    # NumPy values arrive as the plain numbers they hold (FIVE_X: the source article's data).
    assert json.loads(page_json(bundle, "fit-by-hand")) == {
        "points": {"x": [2.0, 3.0, 5.0, 6.0, 8.0], "y": [65.0, 70.0, 75.0, 85.0, 90.0]},
        "guess": {"m": 3, "b": 60.0},
        "colors": pu.PAGE_COLORS,  # the palette, always: the live charts draw with it
        "darkColors": pu.PAGE_COLORS_DARK,  # and its counterpart in dark mode
    }


def test_page_data_plus_adds_values():
    bundle = page_data("a", m=3).plus(b=np.float64(60.0))._repr_mimebundle_()
    assert json.loads(page_json(bundle, "a")) == {
        "m": 3,
        "b": 60.0,
        "colors": pu.PAGE_COLORS,
        "darkColors": pu.PAGE_COLORS_DARK,
    }


def test_page_data_cannot_close_its_script_element():
    text = page_data("a", note="</script><b>")._repr_mimebundle_()["text/markdown"]
    assert text.count("</script>") == 1
    assert json.loads(page_json({"text/markdown": text}, "a"))["note"] == "</script><b>"


@pytest.mark.parametrize(
    "call, error, words",
    [
        (lambda: page_data("Fit by hand", m=3), ValueError, "name must be a lowercase slug"),
        (lambda: page_data("a"), ValueError, "values must name at least one value"),
        (lambda: page_data("a", m=float("nan")), ValueError, "values must be finite"),
        (lambda: page_data("a", m={1, 2}), TypeError, "values must hold numbers"),
        (lambda: page_data("a", colors={}), ValueError, "values must not set colors"),
        (lambda: page_data("a", darkColors={}), ValueError, "values must not set colors"),
        (lambda: page_data("a", m=3).plus(m=4), ValueError, "values must be new, got m"),
    ],
)
def test_page_data_rejects_bad_input(call, error, words):
    assert_rejects(call, error, words)


# ---------------------------------------------------------------- dark mode


def contrast(first, second):
    """WCAG 2's contrast ratio of two #rrggbb colours."""

    def luminance(color):
        channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_dark_palette_has_a_counterpart_for_every_colour_readable_on_the_dark_page():
    assert set(pu.PAGE_COLORS_DARK) == set(pu.PAGE_COLORS)
    background = pu.PLOTLY_DARK_LAYOUT["paper_bgcolor"]
    for key, color in pu.PAGE_COLORS_DARK.items():
        # 3:1 for lines and marks (WCAG 1.4.11); the axes' text 4.5:1 (1.4.3)
        assert contrast(color, background) >= (4.5 if key == "axis" else 3), key
    assert contrast(pu.PLOTLY_DARK_LAYOUT["font.color"], background) >= 4.5
    # a light colour and a dark one are never the same pair twice: the swap goes both ways
    assert len(set(pu.PAGE_COLORS.values())) == len(pu.PAGE_COLORS)
    assert len(set(pu.PAGE_COLORS_DARK.values())) == len(pu.PAGE_COLORS_DARK)


def test_a_plotly_chart_carries_its_dark_mode_colours():
    fig = pu.plot_interactive_loss([3.0, 2.0, 1.0])
    html = pu.ArticleHtmlRenderer().to_mimebundle(fig.to_dict())["text/markdown"]
    dark = json.loads(unescape(re.search(r'data-dark="([^"]*)"', html)[1]))
    assert dark["colors"] == {pu.PAGE_COLORS[k]: pu.PAGE_COLORS_DARK[k] for k in pu.PAGE_COLORS}
    assert dark["layout"] == pu.PLOTLY_DARK_LAYOUT


def test_theme_stylesheets_are_switched_off_and_the_light_ones_kept_for_noscript():
    from blogkit.color_scheme import defer_theme_styles

    light = '<link href="a.css" rel="stylesheet" class="quarto-color-scheme" id="quarto-bootstrap">'
    dark = (
        '<link href="a-dark.css" rel="stylesheet" class="quarto-color-scheme '
        'quarto-color-alternate" id="quarto-bootstrap" data-mode="dark">'
    )
    extra = '<link href="a.css" rel="stylesheet" class="quarto-color-scheme-extra">'
    other = '<link href="icons.css" rel="stylesheet">'
    head = "\n".join([light, dark, extra, other])
    off = [link.replace('rel="stylesheet"', 'rel="disabled-stylesheet"') for link in (light, dark)]
    assert defer_theme_styles(head).splitlines() == [
        f"{off[0]}<noscript>{light}</noscript>",
        off[1],
        extra.replace('rel="stylesheet"', 'rel="disabled-stylesheet"'),
        other,
    ]
    assert defer_theme_styles(defer_theme_styles(head)) == defer_theme_styles(head)


def test_a_rule_is_restated_only_by_the_same_selector_property_context_and_importance():
    from blogkit.color_scheme import rules_not_restated

    under = "a,b{color:red;top:0} @media (x){p{margin:0}} i{top:0!important} @font-face{src:url(f)}"
    over = "a,b{color:blue} a{top:1px} @media (y){p{margin:1px}} i{top:1px} @font-face{src:url(g)}"
    assert rules_not_restated(under, over) == {
        ((), "a,b", "top", False),
        (("@media (x)",), "p", "margin", False),
        ((), "i", "top", True),
        ((), "@font-face ", "src:url(f)", None),
    }
    restating = "a,b{top:2px;color:green}@media (x){p{margin:2px}}i{top:2px!important}"
    assert rules_not_restated(under, restating + "@font-face{src:url(f)}") == set()


# ---------------------------------------------------------------- markdown_table


def test_markdown_table_writes_each_column_with_its_alignment():
    table = pu.markdown_table({"Run": ["a", "b"], "$m$": [1.5, 2]}, align=["left", "right"])
    assert table.data.splitlines() == ["| Run | $m$ |", "|:---|---:|", "| a | 1.5 |", "| b | 2 |"]
    assert pu.markdown_table({"x": [1]}).data.splitlines()[1] == "|:---:|"
    assert pu.markdown_table({"x": [1]}, align="left").data.splitlines()[1] == "|:---|"
    # pandoc draws a wide table's columns as wide as their dashes: as wide as their text
    wide = pu.markdown_table({"Run": ["gradient descent, 3000 epochs"], "m": [4.25]}).data
    assert wide.splitlines()[1] == "|:" + "-" * 29 + ":|:----:|"


@pytest.mark.parametrize(
    "columns, align, error",
    [
        ({}, "center", TypeError),
        ({"x": [1], "y": [1, 2]}, "center", ValueError),
        ({"x": [1]}, "middle", ValueError),
        ({"x": [1], "y": [2]}, ["left"], TypeError),
    ],
)
def test_markdown_table_rejects_what_it_cannot_draw(columns, align, error):
    with pytest.raises(error, match="columns|align"):
        pu.markdown_table(columns, align=align)
