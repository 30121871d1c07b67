"""How "Linear Regression From Scratch" trains: its printed lines, the line it reaches, `update`."""

import numpy as np
import pytest
from conftest import FIVE_X, FIVE_Y, least_squares, notebook_of, post_named, printed_by, run_of

FIRST_POST = post_named("linear-regression-from-scratch")

# Golden values: the printed lines of the source article, which are correct.
GOLDEN_LINES = [
    "Initial Loss: 17.40",
    "Final Loss: 3.4649",
    "Final Slope: 4.2550, Final Intercept: 56.5754",
    "Fit (final) Loss: 3.46",
]

# What 3000 epochs at learning rate 0.01 reach: the slope within 1e-3 and the intercept
# within 5e-3 of the exact least-squares line (measured: 6.2e-4 and 3.5e-3; the intercept
# moves along the loss surface's flat valley floor, so it converges last).
SLOPE_TOLERANCE = 1e-3
INTERCEPT_TOLERANCE = 5e-3


@pytest.fixture(scope="module")
def article():
    return run_of(FIRST_POST)


def test_article_prints_the_golden_lines(article):
    assert article["printed"].splitlines() == GOLDEN_LINES


def test_notebook_shows_the_golden_lines():
    assert printed_by(notebook_of(FIRST_POST)).splitlines() == GOLDEN_LINES


def test_article_uses_the_five_points_of_the_source_article(article):
    np.testing.assert_array_equal(article["X"], FIVE_X)
    np.testing.assert_array_equal(article["y_true"], FIVE_Y)


def test_training_reaches_the_least_squares_line(article):
    # Independent: numpy's least-squares solution, not gradient descent.
    slope, intercept = least_squares(FIVE_X, FIVE_Y)
    assert abs(article["m"] - slope) < SLOPE_TOLERANCE
    assert abs(article["b"] - intercept) < INTERCEPT_TOLERANCE
    exact_loss = np.mean((FIVE_Y - (slope * FIVE_X + intercept)) ** 2)
    assert exact_loss <= article["fit_loss"] < exact_loss + 1e-5


def test_update_with_plot_draws_the_new_line(article, capsys, monkeypatch):
    drawn, shown = [], []
    plot_slope = article["plot_slope"]

    def recording_plot_slope(m, b):
        drawn.append((m, b))
        return plot_slope(m, b)

    monkeypatch.setitem(article, "plot_slope", recording_plot_slope)
    monkeypatch.setitem(article, "display", shown.append)
    new_m, new_b = article["update"](FIVE_X, FIVE_Y, np.zeros(5), 0.0, 0.0, 0.01, plot=True)
    # Independent: the source article's first epoch by hand, 0 - 0.01 * (-778) and (-154).
    assert (new_m, new_b) == pytest.approx((7.78, 1.54))
    assert drawn == [(new_m, new_b)]
    assert len(shown) == 1 and shown[0].axes  # the new line's figure, displayed once
    assert "new m 7.7800, new b 1.5400" in capsys.readouterr().out


def test_update_without_plot_draws_nothing(article, capsys, monkeypatch):
    monkeypatch.setitem(article, "plot_slope", lambda m, b: pytest.fail("plot_slope called"))
    article["update"](FIVE_X, FIVE_Y, np.zeros(5), 0.0, 0.0, 0.01)
    assert capsys.readouterr().out == ""
