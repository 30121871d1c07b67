"""The first post's numbers: printed lines, the trained line, and every hand-worked step."""

import re

import numpy as np
import proofreading as pr
import pytest
from build_notebooks import cell_options, python_sources, read_post
from conftest import FIRST_POST

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


def printed_by_notebook(notebook):
    return "".join(o.text for cell in notebook.cells if cell.cell_type == "code"
                   for o in cell.outputs if o.output_type == "stream")


def test_article_prints_the_golden_lines(article):
    assert article["printed"].splitlines() == GOLDEN_LINES


def test_notebook_shows_the_golden_lines(first_notebook):
    assert printed_by_notebook(first_notebook).splitlines() == GOLDEN_LINES


def test_training_reaches_the_least_squares_line(article):
    # Independent: numpy's least-squares solution, not gradient descent.
    X, y = article["X"], article["y_true"]
    (slope, intercept), *_ = np.linalg.lstsq(np.column_stack([X, np.ones_like(X)]), y, rcond=None)
    assert slope == pytest.approx(4.254386, abs=1e-6)
    assert intercept == pytest.approx(56.578947, abs=1e-6)
    assert abs(article["m"] - slope) < SLOPE_TOLERANCE
    assert abs(article["b"] - intercept) < INTERCEPT_TOLERANCE
    exact_loss = np.mean((y - (slope * X + intercept)) ** 2)
    assert exact_loss <= article["fit_loss"] < exact_loss + 1e-5


def test_update_with_plot_draws_the_new_line(article, capsys, monkeypatch):
    drawn, shown = [], []
    plot_slope = article["plot_slope"]

    def recording_plot_slope(m, b):
        drawn.append((m, b))
        return plot_slope(m, b)

    monkeypatch.setitem(article, "plot_slope", recording_plot_slope)
    monkeypatch.setitem(article, "display", shown.append)
    new_m, new_b = article["update"](article["X"], article["y_true"], np.zeros(5), 0.0, 0.0,
                                     0.01, plot=True)
    assert (new_m, new_b) == pytest.approx((7.78, 1.54))
    assert drawn == [(new_m, new_b)]
    assert len(shown) == 1 and shown[0].axes  # the new line's figure, displayed once
    assert "new m 7.7800, new b 1.5400" in capsys.readouterr().out


def test_update_without_plot_draws_nothing(article, capsys, monkeypatch):
    monkeypatch.setitem(article, "plot_slope", lambda m, b: pytest.fail("plot_slope called"))
    article["update"](article["X"], article["y_true"], np.zeros(5), 0.0, 0.0, 0.01)
    assert capsys.readouterr().out == ""


# ---------------------------------------------------------------- proofreading


def epochs(article, count=3):
    """The first `count` epochs from m = b = 0, computed with the article's functions."""
    m, b = 0.0, 0.0
    result = []
    for _ in range(count):
        epoch = pr.worked_epoch(article["X"], article["y_true"], m, b, article["learning_rate"],
                                article["predict"], article["loss_mse"], article["update"])
        result.append(epoch)
        m, b = epoch["new_m"], epoch["new_b"]
    return result


@pytest.mark.parametrize("number, heading", [(1, "First Epoch"), (2, "Second Epoch"),
                                             (3, "Third Epoch")])
def test_worked_epoch_matches_the_code(article, first_post_text, number, heading):
    text = pr.section(first_post_text, heading)
    assert pr.check_epoch(text, epochs(article)[number - 1]) == []


def test_loss_transitions_match_the_code(article, first_post_text):
    losses = [e["loss"] for e in epochs(article)]
    for heading, (before, after) in [("Second Epoch", losses[0:2]), ("Third Epoch", losses[1:3])]:
        (match,) = pr.find(rf"({pr.NUMBER}) \\rightarrow ({pr.NUMBER})",
                           pr.section(first_post_text, heading), "the loss transition")
        assert pr.compare("loss transition", match.groups(), [before, after]) == []


def test_data_table_is_the_codes_data(article, first_post_text):
    columns = pr.table(pr.section(first_post_text, "The Data"))
    assert pr.compare("x", columns["x"], article["X"]) == []
    assert pr.compare("y", columns["y"], article["y_true"]) == []


def test_hand_calculated_mse_matches_the_code(article, first_post_text):
    text = pr.section(first_post_text, "Manually calculating it")
    X, y = article["X"], article["y_true"]
    y_hat = article["predict"](X, 3, 60)
    columns = pr.table(text)
    calc = [pr.numbers_in(c) for c in columns["calc"]]  # "(3\times2) + 60": m, x, b
    assert pr.compare("calc", [number for m_x_b in calc for number in m_x_b],
                      np.column_stack([np.full(5, 3), X, np.full(5, 60)]).ravel()) == []
    assert pr.compare("y_hat", columns[r"\hat{y}"], y_hat) == []
    assert pr.compare("residual", columns[r"y-\hat{y}"], y - y_hat) == []
    assert pr.compare("squared", columns[r"(y-\hat{y})^2"], (y - y_hat) ** 2) == []
    (match,) = pr.find(rf"\\frac\{{([^}}]*)\}}\{{5\}} = ({pr.NUMBER})", text, "the MSE")
    assert pr.compare("MSE terms", pr.numbers_in(match[1]), (y - y_hat) ** 2) == []
    assert pr.compare("MSE", [match[2]], [article["initial_loss"]]) == []


# The source article's own epoch 3, to show that the checks catch its mistakes.
ORIGINAL_THIRD_EPOCH_LOSS = (
    r"\(\frac{80.92^2+ 103.03^2+ 85.54^2+ 95.95^2 + (- 9.94)^2}{5} = 673.36\)")
ORIGINAL_SECOND_EPOCH_STEP = (
    r"\(m_{new} = m - \text{learning rate} * dm = 7.78 - 0.01\times(-333.76) = 11.11\)")


def test_proofreading_catches_the_original_third_epoch_loss(article):
    problems = pr.check_loss(ORIGINAL_THIRD_EPOCH_LOSS, epochs(article)[2])
    # It squares the products X(y - y_hat), not the residuals y - y_hat.
    assert "loss: squared terms: shows 80.92, computed 40.4625" in problems
    assert not any(p.startswith("loss: shows") for p in problems)  # the result itself is right


def test_proofreading_catches_a_truncated_step(article):
    text = ORIGINAL_SECOND_EPOCH_STEP.replace("*", r"\times").replace(r"\times(", r" \times (")
    problems = pr.check_step(text, epochs(article)[1], "m")
    assert problems == ["m_new: shows 11.11, computed 11.1176"]


def alt_text(label):
    """The fig-alt text of the first post's figure `label`."""
    for source in python_sources(read_post(FIRST_POST)):
        options = cell_options(source)
        if options.get("label") == label:
            return options["fig-alt"]
    raise LookupError(label)


def test_alt_texts_state_what_the_charts_show(article):
    losses, m, b = article["loss_history"], article["m"], article["b"]
    alt = alt_text("fig-interactive-loss")
    shown = re.search(r"from (\S+) to about (\S+) within the first six epochs.*?about (\S+) by "
                      r"epoch 500 and (\S+) by epoch 1000.*?just above (\S+)\.$", alt)
    assert shown, alt
    # loss_history[k] is the loss at the start of epoch k + 1
    assert pr.compare("interactive loss alt text", shown.groups(),
                      [losses[0], losses[5], losses[499], losses[999], losses[-1]]) == []
    for label in ("fig-line-per-epoch", "fig-final-fit"):
        line = re.search(rf"y = ({pr.NUMBER})x \+ ({pr.NUMBER})", alt_text(label))
        assert pr.compare(f"{label} line", line.groups(), [m, b]) == []
    assert "just above 3.46 from about epoch 1500" in alt_text("fig-loss")
    assert losses[1499] - losses[-1] < 0.05  # flat from there on: within 1.5% of the end
