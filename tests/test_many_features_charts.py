"""The third post's chart helpers draw exactly their inputs and reject bad input clearly.

Expected values are computed here: correlations with numpy from made-up columns, gaps from
made-up loss histories.
"""

import numpy as np
import pytest
from conftest import assert_rejects, assert_stored

import plot_utils as pu

COLUMNS = np.random.default_rng(1).normal(size=(50, 4)).cumsum(axis=1)  # correlated columns
NAMES = ["a", "b", "c", "d"]
CORRELATIONS = np.corrcoef(COLUMNS, rowvar=False)


# ---------------------------------------------------------------- correlations


def test_correlations_are_drawn_cell_for_cell_with_their_names():
    figure = pu.plot_correlations(CORRELATIONS, NAMES)
    ax = figure.axes[0]
    (image,) = ax.images
    np.testing.assert_allclose(image.get_array(), CORRELATIONS)
    assert image.get_clim() == (-1, 1)  # the colours mean the same in any chart
    assert [t.get_text() for t in ax.get_xticklabels()] == NAMES
    assert [t.get_text() for t in ax.get_yticklabels()] == NAMES
    shown = [t.get_text() for t in ax.texts]
    assert shown == [f"{v:.1f}" for v in np.asarray(CORRELATIONS).ravel()]
    # The caption's colours: red where two features rise together, blue where one falls.
    red, _, blue, _ = image.cmap(image.norm(1.0))
    assert red > 2 * blue
    red, _, blue, _ = image.cmap(image.norm(-1.0))
    assert blue > 2 * red


def test_correlations_reject_bad_input():
    assert_rejects(lambda: pu.plot_correlations(CORRELATIONS[:3], NAMES), ValueError, "matrix")
    assert_rejects(lambda: pu.plot_correlations(2 * CORRELATIONS, NAMES), ValueError, "matrix")
    below = CORRELATIONS.copy()
    below[0, 1] = below[1, 0] = -1.5  # below -1 is no correlation either
    assert_rejects(lambda: pu.plot_correlations(below, NAMES), ValueError, "between -1 and 1")
    assert_rejects(lambda: pu.plot_correlations(CORRELATIONS, NAMES[:3]), ValueError, "names")
    assert_rejects(lambda: pu.plot_correlations(CORRELATIONS, "abcd"), TypeError, "names")
    assert_rejects(lambda: pu.plot_correlations("matrix", NAMES), TypeError, "matrix")
    with_nan = CORRELATIONS.copy()
    with_nan[0, 1] = np.nan
    assert_rejects(lambda: pu.plot_correlations(with_nan, NAMES), ValueError, "matrix")


# ---------------------------------------------------------------- the race

EXACT = 100.0
FAST = EXACT * (1 + np.geomspace(5.0, 1e-7, 40))  # reaches the tolerance
SLOW = EXACT * (1 + np.geomspace(5.0, 1e-3, 2000))  # a long run, never there


def test_race_draws_each_runs_relative_gap_subsampled_and_the_tolerance():
    fig = pu.plot_optimiser_race({"fast": FAST, "slow": SLOW}, EXACT, tol=1e-6)
    fast, slow, tolerance = fig.data
    assert (fast.name, slow.name, tolerance.name) == ("fast", "slow", "tolerance")
    np.testing.assert_array_equal(fast.x, np.arange(40))  # short runs keep every epoch
    assert_stored(fast.y, (FAST - EXACT) / EXACT, digits=3)
    positions = pu.subsample(len(SLOW))
    assert len(slow.x) <= pu.MAX_FRAMES
    np.testing.assert_array_equal(slow.x, positions)
    assert_stored(slow.y, ((SLOW - EXACT) / EXACT)[positions], digits=3)
    assert list(tolerance.y) == [1e-6, 1e-6] and list(tolerance.x) == [0, len(SLOW) - 1]
    assert fig.layout.yaxis.type == "log"
    assert len({trace.line.color for trace in fig.data}) == 3


def test_race_keeps_a_run_that_lands_on_the_minimum_on_the_log_axis():
    (landed,) = pu.plot_optimiser_race({"exact": [2 * EXACT, EXACT]}, EXACT).data
    assert landed.y[-1] > 0


def test_race_stays_small():
    # Five long runs: a few kilobytes of JSON, not the 10,000 epochs they ran.
    runs = {f"run {k}": SLOW for k in range(5)}
    fig = pu.plot_optimiser_race(runs, EXACT, tol=1e-6)
    assert len(fig.to_json()) < 25_000


def test_race_rejects_bad_input():
    runs = {"fast": FAST}
    assert_rejects(lambda: pu.plot_optimiser_race([FAST], EXACT), TypeError, "histories")
    assert_rejects(lambda: pu.plot_optimiser_race({}, EXACT), TypeError, "histories")
    too_many = {f"run {k}": FAST for k in range(len(pu.SERIES_COLORS) + 1)}
    assert_rejects(lambda: pu.plot_optimiser_race(too_many, EXACT), ValueError, "histories")
    assert_rejects(lambda: pu.plot_optimiser_race(runs, 0.0), ValueError, "exact")
    assert_rejects(lambda: pu.plot_optimiser_race(runs, EXACT, tol=-1), ValueError, "tol")
    below = {"below": [EXACT, EXACT / 2]}
    assert_rejects(lambda: pu.plot_optimiser_race(below, EXACT), ValueError, "histories")
    assert_rejects(lambda: pu.plot_optimiser_race({"x": [1.0, np.nan]}, 0.5), ValueError, "x")


# ---------------------------------------------------------------- validation curve

LAMBDAS = np.logspace(-3, 0, 7)
TRAIN = np.linspace(10, 16, 7)
VALIDATION = np.array([20, 19.5, 19, 18.8, 19.4, 21, 25])


def test_validation_curve_draws_both_curves_and_marks_the_best_penalty():
    fig = pu.plot_validation_curve(LAMBDAS, TRAIN, VALIDATION, best=LAMBDAS[3])
    train, validation = fig.data
    assert (train.name, validation.name) == ("training", "validation")
    assert_stored(train.x, LAMBDAS, digits=4)
    assert_stored(train.y, TRAIN, digits=5)
    assert_stored(validation.y, VALIDATION, digits=5)
    assert fig.layout.xaxis.type == "log"
    (marker,) = fig.layout.shapes
    assert marker.x0 == marker.x1 == LAMBDAS[3]


def test_validation_curve_rejects_bad_input():
    assert_rejects(
        lambda: pu.plot_validation_curve(LAMBDAS - 1, TRAIN, VALIDATION), ValueError, "lambdas"
    )
    with_zero = np.concatenate([[0.0], LAMBDAS])  # a log axis has no place for 0
    assert_rejects(
        lambda: pu.plot_validation_curve(
            with_zero, TRAIN[:1].repeat(len(with_zero)), VALIDATION[:1].repeat(len(with_zero))
        ),
        ValueError,
        "lambdas",
    )
    assert_rejects(
        lambda: pu.plot_validation_curve(LAMBDAS, TRAIN[:3], VALIDATION), ValueError, "arguments"
    )
    assert_rejects(
        lambda: pu.plot_validation_curve(LAMBDAS, TRAIN, VALIDATION, best="0.1"), TypeError, "best"
    )


@pytest.mark.parametrize(
    "figure",
    [
        lambda: pu.plot_optimiser_race({"fast": FAST}, EXACT, tol=1e-6),
        lambda: pu.plot_validation_curve(LAMBDAS, TRAIN, VALIDATION),
    ],
)
def test_many_features_charts_use_the_shared_template(figure):
    assert figure().layout.template == pu.PLOTLY_TEMPLATE
