"""The convergence chart helpers draw exactly their inputs and reject bad input clearly.

Expected values are computed independently: the MSE of each grid point one point at a time,
the gradient-descent histories with the tests' own loop (conftest.py).
"""

import numpy as np
import pytest
from conftest import FIVE_X, FIVE_Y, assert_rejects, assert_stored, descend, mse

import plot_utils as pu

X, Y = FIVE_X, FIVE_Y


PATH, LOSSES = descend(X, Y, 0.01, 3000)  # the first post's run: 3001 points


def landscape(**changes):
    arguments = {"X": X, "y": Y, "path": PATH, "m_range": (-1, 15), "b_range": (-5, 80)}
    return pu.plot_loss_landscape(**(arguments | changes))


# ---------------------------------------------------------------- subsample


@pytest.mark.parametrize("n_points, max_points", [(3001, 150), (1000, 10), (151, 150)])
def test_subsample_keeps_first_and_last_within_the_budget(n_points, max_points):
    positions = pu.subsample(n_points, max_points)
    assert positions[0] == 0 and positions[-1] == n_points - 1
    assert len(positions) == max_points
    assert np.all(np.diff(positions) > 0)
    gaps = np.diff(positions)
    assert gaps[0] <= gaps[-1]  # log-spaced: dense at the start


def test_subsample_keeps_every_point_of_a_short_history():
    assert list(pu.subsample(4)) == [0, 1, 2, 3]
    assert list(pu.subsample(1)) == [0]


# ---------------------------------------------------------------- loss landscape


def test_landscape_grid_is_the_mse_at_every_grid_point():
    fig = landscape(resolution=30)
    contour = fig.data[0]
    m_values, b_values = np.asarray(contour.x), np.asarray(contour.y)
    assert_stored(m_values, np.linspace(-1, 15, 30))
    assert_stored(b_values, np.linspace(-5, 80, 30))
    z = np.asarray(contour.z)
    assert z.shape == (30, 30)  # rows follow b, columns follow m
    expected = np.array([[np.log10(mse(X, Y, m, b)) for m in m_values] for b in b_values])
    assert_stored(z, expected, digits=4)  # log10(MSE) to 4 digits, stored as float32


def test_landscape_colour_bar_labels_are_mse_values():
    contour = landscape().data[0]
    values = 10 ** np.asarray(contour.colorbar.tickvals)
    assert [float(t) for t in contour.colorbar.ticktext] == pytest.approx(values)
    z = np.asarray(contour.z)
    assert np.all((np.log10(values) >= z.min()) & (np.log10(values) <= z.max()))


def test_landscape_default_grid_stays_within_the_limit():
    z = np.asarray(landscape().data[0].z)
    assert z.shape[0] <= pu.MAX_GRID and z.shape[1] <= pu.MAX_GRID


def test_landscape_path_is_the_subsampled_path_with_epoch_and_loss():
    fig = landscape()
    path = fig.data[1]
    positions = pu.subsample(len(PATH))
    assert len(positions) <= pu.MAX_FRAMES
    assert_stored(path.x, PATH[positions, 0])
    assert_stored(path.y, PATH[positions, 1])
    customdata = np.asarray(path.customdata)
    np.testing.assert_array_equal(customdata[:, 0], positions)
    assert_stored(customdata[:, 1], LOSSES[positions])
    assert (path.x[0], path.y[0]) == (0, 0)  # the start...
    assert_stored([path.x[-1], path.y[-1]], PATH[-1])  # ...and the end are kept
    assert "epoch %{customdata[0]}" in path.hovertemplate


def test_landscape_short_path_is_drawn_whole():
    fig = landscape(path=PATH[:5])
    assert_stored(fig.data[1].x, PATH[:5, 0])


def test_landscape_marks_the_optimum_only_when_given():
    assert len(landscape().data) == 2
    fig = landscape(optimum=(4.25, 56.58))
    star = fig.data[2]
    assert (list(star.x), list(star.y)) == ([4.25], [56.58])
    assert star.marker.symbol == "star"


def test_landscape_names_its_axes_and_can_keep_one_scale():
    fig = landscape(names=("w", "c"), same_scale=True)
    assert (fig.layout.xaxis.title.text, fig.layout.yaxis.title.text) == ("w", "c")
    assert fig.layout.yaxis.scaleanchor == "x" and fig.layout.yaxis.scaleratio == 1
    assert landscape().layout.yaxis.scaleanchor is None


def test_landscape_path_legend_names_its_learning_rate_only_when_given():
    assert landscape().data[1].name == "gradient descent"
    assert landscape(learning_rate=0.01).data[1].name == "gradient descent (learning rate 0.01)"


def test_landscape_uses_the_palette():
    fig = landscape(optimum=(4.25, 56.58))
    assert fig.data[1].line.color == pu.COLORS["path"]
    assert fig.data[2].marker.color == pu.COLORS["optimum"]


@pytest.mark.parametrize("resolution", [80, pu.MAX_GRID])
def test_landscape_json_stays_small(resolution):
    # 3000 epochs of path and the grid: well under 150 kB.
    size = len(landscape(resolution=resolution, optimum=(4.25, 56.58)).to_json())
    assert size < 100_000, size


def test_landscape_of_a_perfect_fit_has_no_infinite_values():
    y = 2 * X + 1
    fig = pu.plot_loss_landscape(X, y, [(0, 0), (2, 1)], (0, 4), (0, 2), resolution=3)
    assert np.all(np.isfinite(np.asarray(fig.data[0].z)))


# ---------------------------------------------------------------- learning rates

RATES = [0.001, 0.01, 0.03, 0.035, 0.036]


@pytest.fixture(scope="module")
def histories():
    result = []
    for lr in RATES:
        _, losses = descend(X, Y, lr, 3000 if lr < 0.036 else 150)
        result.append(losses)
    return result


def test_learning_rate_chart_has_one_subsampled_curve_per_rate(histories):
    fig = pu.plot_learning_rates(RATES, histories)
    assert len(fig.data) == len(RATES)
    for trace, rate, losses in zip(fig.data, RATES, histories, strict=True):
        positions = pu.subsample(len(losses))
        np.testing.assert_array_equal(trace.x, positions)
        assert_stored(trace.y, losses[positions])
        assert trace.x[0] == 0 and trace.x[-1] == len(losses) - 1
        assert len(trace.x) <= pu.MAX_FRAMES
        assert trace.name == f"lr {rate:g}"
    assert fig.layout.yaxis.type == "log"


def test_learning_rate_chart_keeps_short_curves_whole():
    fig = pu.plot_learning_rates([0.1], [[5.0, 4.0, 3.0]])
    assert list(fig.data[0].x) == [0, 1, 2] and list(fig.data[0].y) == [5.0, 4.0, 3.0]


def test_learning_rate_chart_keeps_the_epochs_a_text_cites(histories):
    fig = pu.plot_learning_rates(RATES, histories, keep_epochs=(1000, 2000, 10**6))
    assert max(len(losses) for losses in histories) > 2000
    for trace, losses in zip(fig.data, histories, strict=True):
        reached = {epoch for epoch in (1000, 2000) if epoch < len(losses)}  # and no other
        assert set(pu.subsample(len(losses))) | reached == set(trace.x)
        assert_stored(trace.y, losses[np.asarray(trace.x)])
        assert list(trace.x) == sorted(trace.x)


def test_learning_rate_chart_dashes_the_rates_above_the_bound(histories):
    fig = pu.plot_learning_rates(RATES, histories, bound=2 / 56.8793)
    dashes = [trace.line.dash for trace in fig.data]
    assert dashes == ["solid"] * 4 + ["dash"]
    assert fig.data[-1].name == "lr 0.036 (above 0.0352)"
    assert [trace.name for trace in fig.data[:4]] == ["lr 0.001", "lr 0.01", "lr 0.03", "lr 0.035"]


def test_learning_rate_chart_colours_are_distinct_and_from_the_palette(histories):
    colors = [trace.line.color for trace in pu.plot_learning_rates(RATES, histories).data]
    assert len(set(colors)) == len(colors)
    assert set(colors) <= set(pu.COLORS.values())


def test_learning_rate_chart_json_stays_small(histories):
    size = len(pu.plot_learning_rates(RATES, histories, bound=0.0352).to_json())
    assert size < 40_000, size


# ---------------------------------------------------------------- bad input

GOOD_PATH = [(0.0, 0.0), (1.0, 2.0)]

BAD_CALLS = [
    (
        lambda: pu.plot_learning_rates([0.0], [[3.0, 2.0]]),
        ValueError,
        "learning_rates must all be positive",
    ),
    # (call, error type, words the message must contain)
    (lambda: pu.subsample(0), ValueError, "n_points must be at least 1"),
    (lambda: pu.subsample(10, 1), ValueError, "max_points must be at least 2"),
    (lambda: pu.subsample(10.0), TypeError, "n_points must be an integer"),
    (lambda: pu.subsample(True), TypeError, "n_points must be an integer"),
    (lambda: landscape(X=X[:4]), ValueError, "X has 4, y has 5"),
    (lambda: landscape(y=[65, 70, np.nan, 85, 90]), ValueError, "y must not contain NaN"),
    (lambda: landscape(X=[]), ValueError, "X must not be empty"),
    (lambda: landscape(path=[]), ValueError, "path must not be empty"),
    (lambda: landscape(path=[1, 2, 3]), ValueError, "path must be a sequence of (m, b) pairs"),
    (lambda: landscape(path=[(0, np.inf)]), ValueError, "path must not contain NaN"),
    (lambda: landscape(path="path"), TypeError, "path must be a sequence"),
    (lambda: landscape(m_range=(15, -1)), ValueError, "m_range must satisfy low < high"),
    (lambda: landscape(b_range=(0, 1, 2)), TypeError, "b_range must be a pair"),
    (lambda: landscape(optimum=(1, 2, 3)), TypeError, "optimum must be a pair (m, b)"),
    (lambda: landscape(optimum=(1, np.nan)), ValueError, "optimum must be finite"),
    (lambda: landscape(optimum="ab"), TypeError, "optimum must be a pair"),
    (lambda: landscape(resolution=101), ValueError, "resolution must be from 2 to 100"),
    (lambda: landscape(resolution=1), ValueError, "resolution must be from 2 to 100"),
    (lambda: landscape(resolution=50.0), TypeError, "resolution must be an integer"),
    (lambda: landscape(max_points=1), ValueError, "max_points must be at least 2"),
    (lambda: landscape(names=("m",)), TypeError, "names must be a pair of strings"),
    (lambda: landscape(names=("m", 2)), TypeError, "names must be a pair of strings"),
    (lambda: landscape(same_scale="yes"), TypeError, "same_scale must be True or False"),
    (
        lambda: pu.plot_learning_rates([0.01], [[3.0, 2.0], [3.0, 1.0]]),
        ValueError,
        "learning_rates has 1, loss_histories has 2",
    ),
    (
        lambda: pu.plot_learning_rates([0.01, -0.1], [[3.0], [2.0]]),
        ValueError,
        "learning_rates must all be positive",
    ),
    (lambda: pu.plot_learning_rates([], []), ValueError, "learning_rates must not be empty"),
    (lambda: pu.plot_learning_rates([0.01], [[3.0]], keep_epochs=5), TypeError, "keep_epochs must"),
    (lambda: pu.plot_learning_rates([0.01], [[3.0]], keep_epochs=[-1]), ValueError, "keep_epochs"),
    (lambda: pu.plot_learning_rates([0.01], [[3.0]], keep_epochs=[1.5]), TypeError, "keep_epochs"),
    (lambda: pu.plot_learning_rates([0.01], None), TypeError, "loss_histories must be a sequence"),
    (
        lambda: pu.plot_learning_rates([0.01], [[3.0, np.nan]]),
        ValueError,
        "loss_histories[0] must not contain NaN",
    ),
    (
        lambda: pu.plot_learning_rates([0.01, 0.1], [[3.0], [1.0, 0.0]]),
        ValueError,
        "loss_histories[1] must be positive for a log axis",
    ),
    (
        lambda: pu.plot_learning_rates([0.01], [[]]),
        ValueError,
        "loss_histories[0] must not be empty",
    ),
    (
        lambda: pu.plot_learning_rates([0.001 * i for i in range(1, 8)], [[1.0]] * 7),
        ValueError,
        "learning_rates can have at most 6 values",
    ),
    (lambda: landscape(learning_rate=0), ValueError, "learning_rate must be positive"),
    (lambda: landscape(learning_rate="0.01"), TypeError, "learning_rate must be a real number"),
    (
        lambda: pu.plot_learning_rates([0.01], [[3.0]], bound=0),
        ValueError,
        "bound must be positive",
    ),
    (
        lambda: pu.plot_learning_rates([0.01], [[3.0]], bound="0.03"),
        TypeError,
        "bound must be a real number",
    ),
    (
        lambda: pu.plot_learning_rates([0.01], [[3.0]], max_points=1),
        ValueError,
        "max_points must be at least 2",
    ),
]


@pytest.mark.parametrize(
    "call, error, words",
    BAD_CALLS,
    ids=[f"{i}-{words}" for i, (_, _, words) in enumerate(BAD_CALLS)],
)
def test_bad_input_gets_a_clear_error(call, error, words):
    assert_rejects(call, error, words)
