"""Charts for the blog's posts.

Every helper checks its arguments, builds one figure from them and returns it;
the article displays the returned figure. Static charts are matplotlib figures,
interactive ones are plotly figures, and both share one colour-blind-safe palette.
"""

import functools
import itertools
import json
import numbers
import os
from html import escape

import matplotlib
import matplotlib.pyplot as plt
import matplotlib.ticker
import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
from IPython.display import Markdown
from plotly.io.base_renderers import MimetypeRenderer

# Matplotlib writes the time and random clip-path ids into every SVG. Fixed, a re-render writes
# the same file, and _freeze/ changes only where a chart does.
matplotlib.rcParams["svg.hashsalt"] = "plot_utils"
os.environ.setdefault("SOURCE_DATE_EPOCH", "0")

# Okabe-Ito colours: distinguishable with every common kind of colour blindness.
COLORS = {
    "data": "#0072B2",  # blue: the observed points
    "line": "#D55E00",  # vermillion: the model's line
    "residual": "#CC79A7",  # reddish purple: the error of each point
    "loss": "#009E73",  # bluish green: loss curves
    "optimum": "#E69F00",  # orange: the exact least-squares solution
    "path": "#000000",  # black: the path gradient descent takes over the loss landscape
}

# The browser's live charts (js/charts.js) take the palette with their page data, plus three
# neutrals of their own: the axes with their text, the lines of equal loss and a tolerance.
PAGE_COLORS = {**COLORS, "axis": "#333333", "contour": "#8A9BB0", "tolerance": "#555555"}

# Dark mode: each colour's counterpart on the dark page (theme-dark.scss, background #1b1e22),
# the same hue at 3:1 contrast or more (text colours 4.5:1). The browser swaps them for
# PAGE_COLORS when the reader switches mode: the live charts and the plotly charts alike.
PAGE_COLORS_DARK = {
    "data": "#56B4E9",
    "line": "#FF7043",
    "residual": "#E08BC0",
    "loss": "#2FC08F",
    "optimum": "#E69F00",
    "path": "#F0F0F0",
    "axis": "#D0D4D8",
    "contour": "#7D8DA0",
    "tolerance": "#AAAAAA",
}

# What a plotly chart changes in dark mode, besides its traces' colours (plotly.relayout keys).
PLOTLY_DARK_LAYOUT = {
    "paper_bgcolor": "#1b1e22",
    "plot_bgcolor": "#1b1e22",
    "font.color": "#dee2e6",
    "xaxis.gridcolor": "#3a3f45",
    "yaxis.gridcolor": "#3a3f45",
    "xaxis.linecolor": "#aab4be",
    "yaxis.linecolor": "#aab4be",
    # "[]": every button group and slider the chart has. Light buttons, dark text: plotly
    # draws the pressed button light whatever the mode.
    "updatemenus[].bgcolor": "#dee2e6",
    "updatemenus[].bordercolor": "#aab4be",
    "updatemenus[].font.color": "#1b1e22",
    "sliders[].bgcolor": "#3a3f45",
    "sliders[].bordercolor": "#aab4be",
    "sliders[].tickcolor": "#aab4be",
}

# The static charts are SVG images that the page scales down to its column: on a 390 px phone,
# 339 px wide. Their size and their fonts are chosen together, so that no text (tick
# labels, legend, the heatmap's values) is drawn smaller than 10 CSS px there, while on a wide
# screen the image keeps its natural size and its text that of the page's own.
# tests/test_phone_figures.py measures it.
PHONE_FIGURE_PX = 339  # the width a post's figure is shown at on a 390 px phone (measured)
MIN_TEXT_PX = 10  # the smallest text any chart may draw, in CSS px, on that phone
MPL_STYLE = {
    "figure.figsize": (5.2, 3.5),
    "figure.dpi": 110,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#e5e5e5",
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "legend.fontsize": 11,
}

PLOTLY_TEMPLATE = go.layout.Template(
    layout={
        "font": {"family": "sans-serif", "size": 13},
        "plot_bgcolor": "white",
        "paper_bgcolor": "white",
        "xaxis": {"gridcolor": "#e5e5e5", "zeroline": False, "showline": True},
        "yaxis": {"gridcolor": "#e5e5e5", "zeroline": False, "showline": True},
        "margin": {"l": 60, "r": 20, "t": 60, "b": 50},
        "height": 440,
    }
)

MAX_FRAMES = 150

# Significant digits of every number a plotly chart stores: more than a reader can see, and
# few enough that the last bit of a float (which may change with the numpy version) does not
# change the chart a notebook stores.
STORED_DIGITS = 6


def _stored(values, digits=STORED_DIGITS):
    """`values` as a float array rounded to `digits` significant digits."""
    array = np.asarray(values, dtype=float)
    with np.errstate(divide="ignore"):
        magnitude = np.floor(np.log10(np.abs(np.where(array == 0, 1.0, array))))
    scale = 10.0 ** (digits - 1 - magnitude)
    return np.round(array * scale) / scale


# ---------------------------------------------------------------- validation


def _as_vector(name, values):
    """Return `values` as a non-empty, finite, 1-D float array, or raise naming `name`."""
    if isinstance(values, (str, bytes)) or values is None:
        raise TypeError(f"{name} must be a sequence of numbers, got {type(values).__name__}")
    try:
        array = np.asarray(values)
    except ValueError as error:  # ragged nested sequences
        raise ValueError(f"{name} must be a flat sequence of numbers ({error})") from None
    if array.dtype.kind not in "iuf":
        raise TypeError(f"{name} must contain only numbers, got dtype {array.dtype}")
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {array.shape}")
    if array.size == 0:
        raise ValueError(f"{name} must not be empty")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must not contain NaN or infinite values")
    return array.astype(float)


def _same_length(**arrays):
    lengths = {name: len(array) for name, array in arrays.items()}
    if len(set(lengths.values())) > 1:
        described = ", ".join(f"{name} has {n}" for name, n in lengths.items())
        raise ValueError(f"arguments must have the same length: {described}")


def _as_number(name, value):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    return float(value)


def _as_positive(name, value):
    value = _as_number(name, value)
    if value <= 0:
        raise ValueError(f"{name} must be positive, got {value}")
    return value


def _as_range(name, value):
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__") or len(value) != 2:
        raise TypeError(f"{name} must be a pair (low, high), got {value!r}")
    low, high = (_as_number(name, v) for v in value)
    if not low < high:
        raise ValueError(f"{name} must satisfy low < high, got ({low}, {high})")
    return low, high


def _as_pairs(name, values):
    """Return a sequence of (m, b) pairs as an (n, 2) float array."""
    if isinstance(values, (str, bytes)) or values is None or not hasattr(values, "__len__"):
        raise TypeError(f"{name} must be a sequence of (m, b) pairs, got {type(values).__name__}")
    if len(values) == 0:
        raise ValueError(f"{name} must not be empty")
    try:
        array = np.asarray(values)
    except ValueError:
        raise ValueError(f"{name} must be a sequence of (m, b) pairs") from None
    if array.ndim != 2 or array.shape[1] != 2:
        raise ValueError(f"{name} must be a sequence of (m, b) pairs, got shape {array.shape}")
    if array.dtype.kind not in "iuf":
        raise TypeError(f"{name} must contain only numbers, got dtype {array.dtype}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must not contain NaN or infinite values")
    return array.astype(float)


def _as_count(name, value, low, high=None):
    """An integer from `low` to `high` (no upper limit if None), or raise naming `name`."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    if value < low or (high is not None and value > high):
        limits = f"at least {low}" if high is None else f"from {low} to {high}"
        raise ValueError(f"{name} must be {limits}, got {value}")
    return int(value)


def _check_flag(name, value):
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, got {value!r}")


def _check_text(name, value):
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, got {type(value).__name__}")


# ---------------------------------------------------------------- matplotlib


def _styled(helper):
    """`helper` drawing its whole figure in MPL_STYLE: the legend, the texts and the tick labels
    too, which matplotlib sizes when it makes them, after the figure itself was made."""

    @functools.wraps(helper)
    def styled(*args, **kwargs):
        with matplotlib.rc_context(MPL_STYLE):
            fig = helper(*args, **kwargs)
            fig.draw_without_rendering()  # makes the ticks and their labels in the style
        return fig

    return styled


def _new_axes(title, xlabel, ylabel):
    fig, ax = plt.subplots()
    # The article shows the returned figure; closed, pyplot will not show it a second time.
    plt.close(fig)
    ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
    return fig, ax


@_styled
def plot_fit(X, y_true, y_pred, title, show_error=False, xlabel="x", ylabel="y"):
    """Data points and the model's line; with `show_error`, each residual as a segment."""
    X = _as_vector("X", X)
    y_true = _as_vector("y_true", y_true)
    y_pred = _as_vector("y_pred", y_pred)
    _same_length(X=X, y_true=y_true, y_pred=y_pred)
    _check_text("title", title)
    _check_flag("show_error", show_error)

    fig, ax = _new_axes(title, xlabel, ylabel)
    order = np.argsort(X)
    if show_error:
        ax.vlines(
            X,
            y_pred,
            y_true,
            colors=COLORS["residual"],
            linestyles="dashed",
            linewidth=2,
            label="residual",
            zorder=1,
        )
    ax.plot(
        X[order], y_pred[order], color=COLORS["line"], linewidth=2, label="prediction", zorder=2
    )
    ax.scatter(X, y_true, color=COLORS["data"], s=45, label="data", zorder=3)
    ax.legend(loc="best")
    return fig


@_styled
def plot_slope(m, b, x_range=(0, 8)):
    """The line y = m*x + b over `x_range`."""
    m = _as_number("m", m)
    b = _as_number("b", b)
    low, high = _as_range("x_range", x_range)

    fig, ax = _new_axes(f"y = {m:.2f}x + {b:.2f}", "x", "y")
    ax.plot([low, high], [m * low + b, m * high + b], color=COLORS["line"], linewidth=2)
    return fig


@_styled
def plot_loss(loss_history):
    """Loss per epoch, on a log scale so the long flat tail stays readable."""
    losses = _as_vector("loss_history", loss_history)
    if np.any(losses < 0):
        raise ValueError("loss_history must not contain negative values")

    fig, ax = _new_axes("Training loss per epoch", "epoch", "MSE (log scale)")
    ax.plot(np.arange(1, losses.size + 1), losses, color=COLORS["loss"], linewidth=2)
    if np.all(losses > 0):
        ax.set_yscale("log")
        # 10, 100, 1000: plain numbers, not 10 with a superscript too small to read on a phone
        for axis_formatter in (ax.yaxis.set_major_formatter, ax.yaxis.set_minor_formatter):
            axis_formatter(matplotlib.ticker.LogFormatter())
    return fig


# ---------------------------------------------------------------- plotly


def plot_interactive_loss(loss_history):
    """Interactive loss per epoch: hover for the values, buttons for a linear or log axis."""
    losses = _as_vector("loss_history", loss_history)
    if np.any(losses < 0):
        raise ValueError("loss_history must not contain negative values")

    fig = go.Figure(
        go.Scatter(
            x0=1,
            dx=1,
            y=_stored(losses),
            mode="lines",
            line={"color": COLORS["loss"], "width": 2},
            hovertemplate="epoch %{x}<br>MSE %{y:.4f}<extra></extra>",
        )
    )
    # On the log axis, a label at every power of ten only (minor labels such as "5" read as
    # 5, not 5000); on the linear axis, plotly's own choice (None).
    scale_buttons = [
        {"label": label, "method": "relayout", "args": [{"yaxis.type": kind, "yaxis.dtick": dtick}]}
        for label, kind, dtick in (("Linear", "linear", None), ("Log", "log", 1))
    ]
    fig.update_layout(
        template=PLOTLY_TEMPLATE,
        title="Training loss per epoch",
        xaxis_title="epoch",
        yaxis_title="MSE",
        updatemenus=[
            {
                "type": "buttons",
                "direction": "right",
                "buttons": scale_buttons,
                # under the plot: above it they would cover the title on a phone
                "x": 0,
                "xanchor": "left",
                "y": -0.22,
                "yanchor": "top",
            }
        ],
        margin={"b": 110},
    )
    return fig


def frame_epochs(n_epochs, max_frames=MAX_FRAMES):
    """Epoch numbers (1-based) to animate: log-spaced, so early steps and the tail both show.

    The first and the last epoch are always included.
    """
    n_epochs = _as_count("n_epochs", n_epochs, 1)
    max_frames = _as_count("max_frames", max_frames, 2)
    if n_epochs <= max_frames:
        return np.arange(1, n_epochs + 1)

    def spaced(num):
        return np.unique(np.round(np.geomspace(1, n_epochs, num=num)).astype(int))

    # Rounding merges neighbouring early epochs: search for the number of log-spaced
    # points whose distinct epochs fill the budget without exceeding it.
    low, high = max_frames, 100 * max_frames
    while low < high:
        middle = (low + high + 1) // 2
        low, high = (middle, high) if len(spaced(middle)) <= max_frames else (low, middle - 1)
    return spaced(low)


def create_interactive_line_chart(dataset, scatter_x, scatter_y, x_range, losses=None):
    """The data points and the fitted line at a chosen epoch, chosen with a slider.

    `dataset` holds the (m, b) pair reached after each epoch; `losses`, if given, the
    loss of each of those lines, shown in the slider's labels.
    """
    params = _as_pairs("dataset", dataset)
    xs = _as_vector("scatter_x", scatter_x)
    ys = _as_vector("scatter_y", scatter_y)
    _same_length(scatter_x=xs, scatter_y=ys)
    low, high = _as_range("x_range", x_range)
    if losses is not None:
        losses = _as_vector("losses", losses)
        _same_length(dataset=params, losses=losses)

    epochs = frame_epochs(len(params))

    def line_y(epoch):
        m, b = params[epoch - 1]
        return _stored([m * low + b, m * high + b])

    def label(epoch):
        return f"{epoch}" if losses is None else f"{epoch} (MSE {losses[epoch - 1]:.2f})"

    first = epochs[0]
    fig = go.Figure(
        data=[
            go.Scatter(
                x=_stored(xs),
                y=_stored(ys),
                mode="markers",
                name="data",
                marker={"color": COLORS["data"], "size": 10},
            ),
            go.Scatter(
                x=[low, high],
                y=line_y(first),
                mode="lines",
                name="fitted line",
                line={"color": COLORS["line"], "width": 3},
            ),
        ],
        # Frames carry only the line's y values: x and the data points never change.
        frames=[go.Frame(name=str(e), data=[go.Scatter(y=line_y(e))], traces=[1]) for e in epochs],
    )
    still = {
        "frame": {"duration": 0, "redraw": False},
        "mode": "immediate",
        "transition": {"duration": 0},
    }
    steps = [{"label": label(e), "method": "animate", "args": [[str(e)], still]} for e in epochs]
    play = {
        "frame": {"duration": 60, "redraw": False},
        "fromcurrent": True,
        "transition": {"duration": 0},
    }
    all_y = np.concatenate([ys, *(line_y(e) for e in epochs)])
    margin = 0.05 * (all_y.max() - all_y.min() or 1.0)
    y_range = _stored([all_y.min() - margin, all_y.max() + margin])
    fig.update_layout(
        template=PLOTLY_TEMPLATE,
        title="The fitted line, epoch by epoch",
        xaxis={"title": "x", "range": [low - 0.04 * (high - low), high + 0.04 * (high - low)]},
        yaxis={"title": "y", "range": y_range},
        # The legend above the plot, the buttons and then the slider below it, each across the
        # full width: side by side they would not fit a phone's screen.
        legend={"orientation": "h", "x": 1, "xanchor": "right", "y": 1, "yanchor": "bottom"},
        sliders=[
            {
                "steps": steps,
                "active": 0,
                "currentvalue": {"prefix": "epoch "},
                "x": 0,
                "len": 1,
                "y": 0,
                "yanchor": "top",
                "pad": {"t": 100},
            }
        ],
        updatemenus=[
            {
                "type": "buttons",
                "showactive": False,
                "x": 0,
                "xanchor": "left",
                "y": 0,
                "yanchor": "top",
                "pad": {"t": 50},
                "direction": "right",
                "buttons": [
                    {"label": "Play", "method": "animate", "args": [None, play]},
                    {"label": "Pause", "method": "animate", "args": [[None], still]},
                ],
            }
        ],
        height=580,
        margin={"b": 190},
    )
    return fig


# ---------------------------------------------------------------- convergence

MAX_GRID = 100  # grid points per axis of a landscape: 100 x 100 values at most

# Colours for several curves in one chart, in the order they are used.
SERIES_COLORS = tuple(
    COLORS[key] for key in ("data", "loss", "optimum", "residual", "line", "path")
)


def _as_point(name, value):
    if isinstance(value, (str, bytes)) or not hasattr(value, "__len__") or len(value) != 2:
        raise TypeError(f"{name} must be a pair (m, b), got {value!r}")
    return tuple(_as_number(name, v) for v in value)


def _as_names(name, value):
    if (
        isinstance(value, (str, bytes))
        or not hasattr(value, "__len__")
        or len(value) != 2
        or not all(isinstance(v, str) for v in value)
    ):
        raise TypeError(f"{name} must be a pair of strings, got {value!r}")
    return tuple(value)


def subsample(n_points, max_points=MAX_FRAMES):
    """Positions (0-based) of at most `max_points` of `n_points` points, log-spaced.

    Every early point is kept, later ones ever more sparsely; the first and the last
    point are always kept. Position k of a training history is the state after k epochs.
    """
    n_points = _as_count("n_points", n_points, 1)
    max_points = _as_count("max_points", max_points, 2)
    return frame_epochs(n_points, max_points) - 1


def _mse_grid(X, y, m_values, b_values):
    """The MSE of the line y = m*x + b at every grid point: row j is b_values[j], column i
    is m_values[i] (the layout plotly's contour expects)."""
    predictions = m_values[None, :, None] * X + b_values[:, None, None]
    return np.mean((y - predictions) ** 2, axis=2)


def _log_ticks(low, high):
    """Tick values between 10**low and 10**high, as log10 values: 1, 2, 5, 10, 20, 50, ...
    over at most two powers of ten, else the powers of ten alone, so that the labels stay
    apart on a colour bar as short as a phone's plot."""
    mantissas = (1, 2, 5) if high - low <= 2 else (1,)
    ticks = [
        mantissa * 10.0**power
        for power in range(int(np.floor(low)), int(np.ceil(high)) + 1)
        for mantissa in mantissas
    ]
    shown = [t for t in ticks if low <= np.log10(t) <= high]
    return np.log10(shown), [f"{t:g}" for t in shown]


def plot_loss_landscape(
    X,
    y,
    path,
    m_range,
    b_range,
    optimum=None,
    resolution=80,
    max_points=MAX_FRAMES,
    names=("m", "b"),
    same_scale=False,
    learning_rate=None,
):
    """The MSE over a grid of (m, b) as a contour map, with the path gradient descent took.

    `path` holds the (m, b) pairs of a run, the starting point first, so position k is the
    point after k epochs. The contour levels are evenly spaced in log10(MSE): the narrow
    valley around the minimum stays visible next to the steep walls. The path is subsampled
    log-spaced to at most `max_points` points (the first and the last are kept); `optimum`,
    if given, is marked with a star. `names` label the two axes. With `same_scale`, a unit
    is as long on the vertical axis as on the horizontal one, so round contours look round.
    The path's legend names its `learning_rate`, if given.
    """
    X = _as_vector("X", X)
    y = _as_vector("y", y)
    _same_length(X=X, y=y)
    points = _as_pairs("path", path)
    m_low, m_high = _as_range("m_range", m_range)
    b_low, b_high = _as_range("b_range", b_range)
    if optimum is not None:
        optimum = _as_point("optimum", optimum)
    resolution = _as_count("resolution", resolution, 2, MAX_GRID)
    shown = subsample(len(points), _as_count("max_points", max_points, 2))
    m_name, b_name = _as_names("names", names)
    _check_flag("same_scale", same_scale)
    path_name = "gradient descent"
    if learning_rate is not None:
        path_name += f" (learning rate {_as_positive('learning_rate', learning_rate):g})"

    m_values = np.linspace(m_low, m_high, resolution)
    b_values = np.linspace(b_low, b_high, resolution)
    # log10 of 0 (a perfect fit) is -inf: floor the MSE at a tiny positive value.
    log_mse = np.log10(np.maximum(_mse_grid(X, y, m_values, b_values), 1e-12))
    tick_values, tick_text = _log_ticks(log_mse.min(), log_mse.max())
    path_loss = np.mean((y - (points[shown, :1] * X + points[shown, 1:])) ** 2, axis=1)

    fig = go.Figure(
        [
            go.Contour(
                x=_stored(m_values),
                y=_stored(b_values),
                z=_stored(log_mse, 4).astype(np.float32),  # half the bytes, ample for contours
                colorscale="Viridis",
                reversescale=True,
                ncontours=24,
                colorbar={
                    "title": {"text": "MSE", "side": "top"},
                    "thickness": 16,  # thin: on a phone the plot keeps the width
                    "tickvals": _stored(tick_values),
                    "ticktext": tick_text,
                },
                hoverinfo="skip",
                name="MSE",
            ),
            go.Scatter(
                x=_stored(points[shown, 0]),
                y=_stored(points[shown, 1]),
                mode="lines+markers",
                name=path_name,
                customdata=np.column_stack([shown, _stored(path_loss)]),
                line={"color": COLORS["path"], "width": 2},
                # a white rim keeps the markers visible on the dark, high-loss colours
                marker={"color": COLORS["path"], "size": 6, "line": {"color": "white", "width": 1}},
                hovertemplate=(
                    f"epoch %{{customdata[0]}}<br>{m_name} %{{x:.4f}}"
                    f"<br>{b_name} %{{y:.4f}}<br>MSE %{{customdata[1]:.4f}}<extra></extra>"
                ),
            ),
        ]
    )
    if optimum is not None:
        fig.add_trace(
            go.Scatter(
                x=_stored([optimum[0]]),
                y=_stored([optimum[1]]),
                mode="markers",
                name="exact minimum",
                marker={
                    "symbol": "star",
                    "size": 16,
                    "color": COLORS["optimum"],
                    "line": {"color": COLORS["path"], "width": 1},
                },
                hovertemplate=(
                    f"exact minimum<br>{m_name} %{{x:.4f}}<br>{b_name} %{{y:.4f}}<extra></extra>"
                ),
            )
        )
    fig.update_layout(
        template=PLOTLY_TEMPLATE,
        title="Loss landscape and descent path",  # short enough for a phone
        xaxis={"title": m_name, "range": [m_low, m_high]},
        yaxis={"title": b_name, "range": [b_low, b_high]},
        legend={"orientation": "h", "x": 0, "y": -0.15, "yanchor": "top"},
        height=560,
        margin={"b": 110},
    )
    if same_scale:
        fig.update_layout(
            xaxis_constrain="domain",
            yaxis={"scaleanchor": "x", "scaleratio": 1, "constrain": "domain"},
        )
    return fig


def plot_learning_rates(
    learning_rates, loss_histories, bound=None, max_points=MAX_FRAMES, keep_epochs=()
):
    """The loss of several training runs, one curve per learning rate, on a log axis.

    `loss_histories[i]` is the run with `learning_rates[i]`: its loss before the first
    step and after every epoch (position k is the loss after k epochs). Long curves are
    subsampled log-spaced to at most `max_points` points, the first and the last kept,
    and so is every epoch of `keep_epochs` a curve reaches (those a text cites).
    With `bound`, the runs whose learning rate is at or above it are drawn dashed.
    """
    rates = _as_vector("learning_rates", learning_rates)
    if np.any(rates <= 0):
        raise ValueError("learning_rates must all be positive")
    if (
        isinstance(loss_histories, (str, bytes))
        or loss_histories is None
        or not hasattr(loss_histories, "__len__")
    ):
        raise TypeError(
            "loss_histories must be a sequence of loss histories, got "
            f"{type(loss_histories).__name__}"
        )
    curves = [_as_vector(f"loss_histories[{i}]", h) for i, h in enumerate(loss_histories)]
    _same_length(learning_rates=rates, loss_histories=curves)
    for i, curve in enumerate(curves):
        if np.any(curve <= 0):
            raise ValueError(f"loss_histories[{i}] must be positive for a log axis")
    if len(rates) > len(SERIES_COLORS):
        raise ValueError(
            f"learning_rates can have at most {len(SERIES_COLORS)} values, one "
            f"colour each; got {len(rates)}"
        )
    if bound is not None:
        bound = _as_positive("bound", bound)
    max_points = _as_count("max_points", max_points, 2)
    if isinstance(keep_epochs, (str, bytes)) or not hasattr(keep_epochs, "__iter__"):
        raise TypeError(f"keep_epochs must be a sequence of epochs, got {keep_epochs!r}")
    keep = [_as_count(f"keep_epochs[{i}]", epoch, 0) for i, epoch in enumerate(keep_epochs)]

    fig = go.Figure()
    for rate, curve, color in zip(rates, curves, SERIES_COLORS[: len(rates)], strict=True):
        above = bound is not None and rate >= bound
        reached = [epoch for epoch in keep if epoch < len(curve)]
        shown = np.union1d(subsample(len(curve), max_points), reached).astype(int)
        fig.add_trace(
            go.Scatter(
                x=shown,
                y=_stored(curve[shown]),
                mode="lines",
                name=f"lr {rate:g}" + (f" (above {bound:.3g})" if above else ""),
                line={"color": color, "width": 2, "dash": "dash" if above else "solid"},
                hovertemplate=f"lr {rate:g}<br>epoch %{{x}}<br>MSE %{{y:.4g}}<extra></extra>",
            )
        )
    fig.update_layout(
        template=PLOTLY_TEMPLATE,
        title="Loss per epoch, by learning rate",  # short enough for a phone
        xaxis_title="epoch",
        yaxis={
            "title": "MSE (log scale)",
            "type": "log",
            "exponentformat": "power",
            "dtick": 1,
        },  # a label at every power of ten
        # below the plot: beside it, the legend would take half a phone's width
        legend={"orientation": "h", "x": 0, "y": -0.2, "yanchor": "top"},
        height=520,
        margin={"b": 130},
    )
    return fig


# ---------------------------------------------------------------- many features


def _as_matrix(name, values):
    """A square, finite float matrix, or raise naming `name`."""
    if isinstance(values, (str, bytes)) or values is None:
        raise TypeError(f"{name} must be a square matrix of numbers, got {type(values).__name__}")
    array = np.asarray(values)
    if array.dtype.kind not in "iuf":
        raise TypeError(f"{name} must contain only numbers, got dtype {array.dtype}")
    if array.ndim != 2 or array.shape[0] != array.shape[1] or array.size == 0:
        raise ValueError(f"{name} must be a square matrix, got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must not contain NaN or infinite values")
    return array.astype(float)


@_styled
def plot_correlations(matrix, names):
    """A correlation matrix as a heatmap, one decimal in each cell (a matplotlib figure)."""
    corr = _as_matrix("matrix", matrix)
    if np.any(np.abs(corr) > 1 + 1e-12):
        raise ValueError("matrix must hold correlations, between -1 and 1")
    if isinstance(names, (str, bytes)) or not all(isinstance(n, str) for n in names):
        raise TypeError(f"names must be a sequence of strings, got {names!r}")
    names = list(names)
    if len(names) != len(corr):
        raise ValueError(f"names must name each of the {len(corr)} rows, got {len(names)}")

    # Static: the chart stands near the top of its post, where plotly.js would cost the first
    # view its weight budget.
    with matplotlib.rc_context({"axes.grid": False}):
        fig, ax = plt.subplots(figsize=(5.0, 5.0))
    plt.close(fig)
    image = ax.imshow(corr, cmap="RdBu_r", vmin=-1, vmax=1)  # red: rise together
    for (row, column), value in np.ndenumerate(corr):
        shade = "white" if abs(value) > 0.6 else "black"
        ax.text(column, row, f"{value:.1f}", ha="center", va="center", color=shade)
    ax.set_xticks(range(len(names)), names, rotation=90)
    ax.set_yticks(range(len(names)), names)
    ax.spines[:].set_visible(False)
    ax.set_title("Correlation between the features")
    # The colour bar under the matrix, below its names, and exactly as wide as it (its place
    # is a fraction of the matrix's own box): beside it, the bar would narrow the cells.
    bar = ax.inset_axes([0, -0.18, 1, 0.035])
    fig.colorbar(image, cax=bar, orientation="horizontal", ticks=[-1, -0.5, 0, 0.5, 1])
    bar.set_xlabel("correlation r")
    return fig


def plot_optimiser_race(histories, exact, tol=None, max_points=MAX_FRAMES):
    """How far each run's loss is above the exact minimum, epoch by epoch, on a log axis.

    `histories` maps a run's name to its loss before the first epoch and after each one;
    the vertical axis is (loss - exact) / exact. `tol`, if given, is drawn as a dashed line.
    Long runs are subsampled log-spaced to at most `max_points` points (first and last kept).
    """
    if not isinstance(histories, dict) or not histories:
        raise TypeError("histories must be a non-empty dict of {name: loss history}")
    if len(histories) > len(SERIES_COLORS):
        raise ValueError(
            f"histories can hold at most {len(SERIES_COLORS)} runs, one colour each; "
            f"got {len(histories)}"
        )
    exact = _as_positive("exact", exact)
    if tol is not None:
        tol = _as_positive("tol", tol)
    max_points = _as_count("max_points", max_points, 2)

    fig = go.Figure()
    longest = 0
    for (name, history), color in zip(histories.items(), SERIES_COLORS, strict=False):
        _check_text("histories' names", name)
        losses = _as_vector(f"histories[{name!r}]", history)
        gaps = (losses - exact) / exact
        if np.any(gaps < -1e-9):
            raise ValueError(f"histories[{name!r}] goes below exact: exact is not the minimum")
        shown = subsample(len(gaps), max_points)
        longest = max(longest, len(gaps) - 1)
        fig.add_trace(
            go.Scatter(
                x=shown,
                # a run that lands on the minimum to the last digit would leave the log axis
                y=_stored(np.maximum(gaps[shown], 1e-12), 3),
                mode="lines",
                name=name,
                line={"color": color, "width": 2},
                hovertemplate=f"{escape(name)}<br>epoch %{{x}}<br>gap %{{y:.2e}}<extra></extra>",
            )
        )
    if tol is not None:
        fig.add_trace(
            go.Scatter(
                x=[0, longest],
                y=[tol, tol],
                mode="lines",
                name="tolerance",
                line={"color": PAGE_COLORS["tolerance"], "width": 1.5, "dash": "dash"},
                hovertemplate=f"tolerance {tol:g}<extra></extra>",
            )
        )
    fig.update_layout(
        template=PLOTLY_TEMPLATE,
        title="Distance to the exact MSE, per epoch",  # short enough for a phone
        xaxis_title="epoch",
        yaxis={
            "title": "(MSE − exact) / exact",
            "type": "log",
            "exponentformat": "power",
            "dtick": 2,
        },
        legend={"orientation": "h", "x": 0, "y": -0.2, "yanchor": "top"},
        height=540,
        margin={"b": 150},
    )
    return fig


def plot_validation_curve(lambdas, train_mse, validation_mse, best=None):
    """Training and validation MSE against the ridge penalty, on a log axis for the penalty."""
    lambdas = _as_vector("lambdas", lambdas)
    if np.any(lambdas <= 0):
        raise ValueError("lambdas must all be positive for a log axis")
    train_mse = _as_vector("train_mse", train_mse)
    validation_mse = _as_vector("validation_mse", validation_mse)
    _same_length(lambdas=lambdas, train_mse=train_mse, validation_mse=validation_mse)
    if best is not None:
        best = _as_number("best", best)

    fig = go.Figure()
    for name, values, color in (
        ("training", train_mse, COLORS["data"]),
        ("validation", validation_mse, COLORS["line"]),
    ):
        fig.add_trace(
            go.Scatter(
                x=_stored(lambdas, 4),
                y=_stored(values, 5),
                mode="lines+markers",
                name=name,
                line={"color": color, "width": 2},
                marker={"size": 5},
                hovertemplate=f"{name}<br>λ %{{x:.3g}}<br>MSE %{{y:.1f}}<extra></extra>",
            )
        )
    if best is not None:
        fig.add_vline(x=best, line={"color": COLORS["optimum"], "width": 2, "dash": "dot"})
    fig.update_layout(
        template=PLOTLY_TEMPLATE,
        title="MSE against the penalty λ",
        xaxis={"title": "λ (log scale)", "type": "log", "exponentformat": "power", "dtick": 1},
        yaxis_title="MSE",
        legend={"orientation": "h", "x": 0, "y": -0.2, "yanchor": "top"},
        height=480,
        margin={"b": 130},
    )
    return fig


# ---------------------------------------------------------------- display


# Run in the page after a chart with a colour bar is drawn, and after each drawing again (a
# resize too): each bar takes its plot's height and stands beside it. plotly.js draws a bar
# the height of the whole plotting area, but a plot drawn to equal scale on both axes may
# fill a third of it (on a phone), and the bar would reach far above and below the plot.
# When nothing changes, nothing is redrawn. Written compactly: it stands in the page once per
# such chart. For each trace t with a bar: len and y from its y axis' domain (the part of the
# plotting area its plot fills), x just right of its x axis' domain.
FIT_COLOUR_BARS = (
    'var g=document.getElementById("{plot_id}");function f(){g._fullData.forEach(function(t,i){'
    'if(!t.showscale)return;var L=g._fullLayout,y=L[t.yaxis.replace("y","yaxis")].domain,'
    'x=L[t.xaxis.replace("x","xaxis")].domain,c=t.colorbar,b={"colorbar.len":y[1]-y[0],'
    '"colorbar.y":(y[0]+y[1])/2,"colorbar.x":x[1]+.02};if(Math.abs(b["colorbar.len"]-c.len)'
    '+Math.abs(b["colorbar.y"]-c.y)+Math.abs(b["colorbar.x"]-c.x)>1e-3)Plotly.restyle(g,b,[i])})}'
    'g.on("plotly_afterplot",f);f()'
)
COLOUR_BAR_TRACES = ("contour", "heatmap")


class ArticleHtmlRenderer(MimetypeRenderer):
    """Plotly's HTML for Quarto's page, as a raw HTML block in a markdown output.

    Markdown, not text/html: any text/html output makes Quarto add require.js and jQuery
    from a CDN to the page, which the charts do not need. The HTML leaves out MathJax (the
    page typesets its own equations) and plotly.js: the site serves one pinned copy of
    plotly.js (see _filters/plotly-js.lua). Div ids are numbered so that re-running the
    article gives the same output.
    """

    def __init__(self):
        self._numbers = itertools.count(1)  # shared by the copies plotly makes per figure

    def to_mimebundle(self, fig_dict):
        number = next(self._numbers)
        div_id = f"plotly-figure-{number}"
        html = pio.to_html(
            fig_dict,
            full_html=False,
            include_plotlyjs=False,
            include_mathjax=False,
            div_id=div_id,
            default_width="100%",
            validate=False,
            auto_play=False,  # an animation starts when the reader presses Play
            post_script=FIT_COLOUR_BARS
            if any(t.get("type") in COLOUR_BAR_TRACES for t in fig_dict.get("data", []))
            else None,
        ).strip()
        # Its dark-mode colours, which _filters/plotly-on-demand.js applies when the page is dark.
        dark = {
            "colors": {PAGE_COLORS[key]: PAGE_COLORS_DARK[key] for key in PAGE_COLORS_DARK},
            "layout": PLOTLY_DARK_LAYOUT,
        }
        html = html.replace(
            f'<div id="{div_id}"',
            f'<div data-dark="{escape(json.dumps(dark, sort_keys=True))}" id="{div_id}"',
            1,
        )
        alt = (fig_dict.get("layout", {}).get("meta") or {}).get("alt")
        if alt:
            # The chart's text alternative: a screen reader reads it with the chart.
            html = html.replace(
                "<div data-dark=", f'<div aria-describedby="{div_id}-alt" data-dark=', 1
            )
            html = f'<p id="{div_id}-alt" class="visually-hidden">{escape(alt)}</p>\n{html}'
        return {"text/markdown": f"```{{=html}}\n{html}\n```\n"}


def with_alt(fig, alt):
    """`fig` with `alt` as its text alternative: what a reader who cannot see it is told."""
    if not isinstance(fig, go.Figure):
        raise TypeError(f"fig must be a plotly Figure, got {type(fig).__name__}")
    _check_text("alt", alt)
    fig.update_layout(meta={"alt": alt})
    return fig


def markdown_table(columns, align="center"):
    """A markdown table of `columns` ({header: cells}), which Jupyter and Quarto both draw.

    `align` is "left", "center" or "right" for every column, or a list of one per column.
    """
    if not isinstance(columns, dict) or not columns:
        raise TypeError("columns must be a non-empty dict of {header: list of cells}")
    aligns = [align] * len(columns) if isinstance(align, str) else align
    if not isinstance(aligns, (list, tuple)) or len(aligns) != len(columns):
        raise TypeError(f"align must be one alignment or a list of {len(columns)}, got {align!r}")
    rules = {"left": ":---", "center": ":---:", "right": "---:"}
    for each in aligns:
        if each not in rules:
            raise ValueError(f"align must be 'left', 'center' or 'right', got {each!r}")
    cells = [[str(c) for c in column] for column in columns.values()]
    if len({len(column) for column in cells}) != 1:
        raise ValueError("columns must all have the same number of cells")
    # A wide table is drawn with columns as wide, relatively, as their rules' dashes: each
    # column's dashes are as many as its longest text has characters.
    widths = [
        max(len(text) for text in [header, *column])
        for header, column in zip(columns, cells, strict=True)
    ]
    rule = [rules[a].replace("---", "-" * max(3, w)) for a, w in zip(aligns, widths, strict=True)]
    lines = ["| " + " | ".join(columns) + " |", "|" + "|".join(rule) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in zip(*cells, strict=True)]
    return Markdown("\n".join(lines))


# The plotly mimetype serves JupyterLab and VS Code; the HTML serves Quarto's page.
pio.renderers["article"] = ArticleHtmlRenderer()
pio.renderers.default = "plotly_mimetype+article"
