"""Every static chart is readable on a phone, checked without a browser.

A matplotlib figure stands in the page as an SVG image, shown at its natural size where the
column is wide enough and scaled down to the column on a phone (plot_utils.PHONE_FIGURE_PX
on a 390 px screen; tests/test_reader_view.py measures the rendered pages themselves). Its
text is outlines whose size blogkit.svg_text reads, so the size each character is drawn at
follows from the SVG alone.
"""

import inspect
import io

import numpy as np
import pytest
from conftest import FIVE_X, FIVE_Y

import plot_utils as pu
from blogkit.svg_text import natural_width_px, smallest_text_px, text_sizes, view_box_width

# The third post's feature names; correlations of random columns, some strongly negative.
NAMES = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"]
_COLUMNS = np.random.default_rng(0).normal(size=(200, 10))
_COLUMNS[:, 7] = -_COLUMNS[:, 6] + 0.3 * _COLUMNS[:, 7]
CORRELATIONS = np.corrcoef(_COLUMNS.T)

# One call of each matplotlib helper, with data like its post's.
FIGURES = {
    "plot_fit": lambda: pu.plot_fit(FIVE_X, FIVE_Y, 3 * FIVE_X + 60, "Linear Regression - No fit"),
    "plot_fit, residuals": lambda: pu.plot_fit(
        FIVE_X, FIVE_Y, 4.26 * FIVE_X + 56.58, "Linear Regression - Fit", show_error=True
    ),
    "plot_slope": lambda: pu.plot_slope(-12.35, 104.5),
    "plot_loss": lambda: pu.plot_loss(np.geomspace(4500, 3.46, 10_000)),
    "plot_correlations": lambda: pu.plot_correlations(CORRELATIONS, NAMES),
}


def svg_of(fig):
    """The SVG a post shows: as Jupyter's inline backend saves it (a tight bounding box)."""
    out = io.StringIO()
    fig.savefig(out, format="svg", bbox_inches="tight")
    return out.getvalue()


def matplotlib_helpers():
    """The helpers in plot_utils that draw a matplotlib figure."""
    found = set()
    for name, function in vars(pu).items():
        if inspect.isfunction(function) and not name.startswith("_"):
            source = inspect.getsource(inspect.unwrap(function))
            if "plt.subplots(" in source or "_new_axes(" in source:
                found.add(name)
    return found


def test_every_matplotlib_helper_is_measured_here_and_drawn_in_the_style():
    measured = {name.split(",")[0] for name in FIGURES}
    assert matplotlib_helpers() == measured
    for name in measured:
        assert hasattr(getattr(pu, name), "__wrapped__"), f"{name} is not drawn in MPL_STYLE"


@pytest.mark.parametrize("name", FIGURES)
def test_no_text_is_smaller_than_10_px_on_a_phone(name):
    svg = svg_of(FIGURES[name]())
    assert len(text_sizes(svg)) > 20, "the figure's text is found"
    shown = min(natural_width_px(svg), pu.PHONE_FIGURE_PX)
    size = smallest_text_px(svg, shown)
    assert size >= pu.MIN_TEXT_PX, f"{name}: text drawn at {size:.1f} px, {shown:.0f} px wide"


@pytest.mark.parametrize("name", FIGURES)
def test_text_stays_the_size_of_the_pages_own_on_a_wide_screen(name):
    # No giant text at 1280 px: the image keeps its natural size, its largest text (the
    # title) is not much larger than the page's body text (16 px).
    svg = svg_of(FIGURES[name]())
    largest = max(text_sizes(svg)) * natural_width_px(svg) / view_box_width(svg)
    assert largest <= 18, f"{name}: text drawn at {largest:.1f} px on a wide screen"
    assert 400 <= natural_width_px(svg) <= 640, name


def test_the_correlations_colour_bar_fits_the_matrix():
    # As wide as the matrix, under it and clear of its names: not longer than the plot it
    # belongs to, nor so short that it reads as a legend of something else.
    fig = pu.plot_correlations(CORRELATIONS, NAMES)
    fig.draw_without_rendering()  # the matrix takes its final, square shape
    matrix = fig.axes[0]
    (bar,) = fig.axes[1:] + matrix.child_axes  # the colour bar's own axes
    plot, scale = matrix.get_window_extent(), bar.get_window_extent()
    assert plot.x0 - 1 <= scale.x0 and scale.x1 <= plot.x1 + 1, "the bar reaches past the matrix"
    assert scale.width >= 0.99 * plot.width, "the bar is shorter than the matrix"
    names = [label.get_window_extent() for label in matrix.get_xticklabels()]
    assert scale.y1 < min(name.y0 for name in names), "the bar covers the matrix or its names"


def test_a_chart_with_a_colour_bar_fits_it_to_its_plot_in_the_page():
    # The page runs FIT_COLOUR_BARS after drawing such a chart (tests/test_reader_view.py
    # checks the result); a chart without a colour bar carries no script for it.
    renderer = pu.ArticleHtmlRenderer()
    path = [(0.0, 0.0), (1.0, 1.0)]
    landscape = pu.plot_loss_landscape(FIVE_X, FIVE_Y, path, (-1, 15), (-5, 80), same_scale=True)
    with_bar = renderer.to_mimebundle(landscape.to_dict())["text/markdown"]
    without = renderer.to_mimebundle(pu.plot_interactive_loss([3.0, 2.0]).to_dict())
    assert 'getElementById("plotly-figure-1")' in with_bar
    assert 'g.on("plotly_afterplot",f)' in with_bar
    assert "colorbar.len" not in without["text/markdown"]
