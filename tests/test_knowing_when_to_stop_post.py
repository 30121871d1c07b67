"""The second post, "Knowing When to Stop": what it prints, how `fit` stops, and its numbers.

Where the expected values come from:

- GOLDEN_LINES are the post's printed lines, copied from a run of the post (golden).
- Everything else is computed here, independently of the post's code: the exact line with
  np.linalg.lstsq, the Hessian's eigenvalues with np.linalg.eigvalsh, and gradient descent
  with a loop of this file's own (`descend`), whose stopping rules (`expected_stop`) are
  written from the post's description, not copied from its `fit`.
"""

import re
import warnings

import nbformat
import numpy as np
import proofreading as pr
import pytest
from build_notebooks import cell_options, notebook_path, python_sources, read_post
from conftest import POSTS, run_post_code

SECOND_POST = POSTS / "knowing-when-to-stop/index.qmd"
NUM = pr.NUMBER

# Golden: the post's printed output, as its code produces it.
GOLDEN_LINES = [
    "converged after 2329 epochs: the loss improved by less than tol = 1e-06",
    "m = 4.2597, b = 56.5484, loss = 3.4651",
    "diverged after 5 epochs: the loss rose from 6015.00 to 2.83e+10; "
    "learning_rate = 0.1 is too large",
    "ValueError: learning_rate must be a positive, finite number, got -0.01",
    "Normal equations: m = 4.254386, b = 56.578947",
    "np.linalg.lstsq:  m = 4.254386, b = 56.578947, loss = 3.464912",
    "stopped at max_epochs = 3000: the last epoch still improved the loss by 1.3e-08",
    "                       epochs         m          b       MSE  distance",
    "gradient descent         2329  4.259730  56.548396  3.465067  0.031015",
    "gradient descent         3000  4.255005  56.575407  3.464914  0.003594",
    "exact                          4.254386  56.578947  3.464912  0.000000",
    "MSE above the minimum after 3000 epochs: 2.1e-06",
    "Hessian: [[55.2, 9.6], [9.6, 2.0]]",
    "lambda_max = 56.8793 along (m, b) = (0.985, 0.172)",
    "lambda_min = 0.3207 along (m, b) = (-0.172, 0.985)",
    "condition number = 177.4",
    "stable learning rates: below 2 / lambda_max = 0.0352",
    "lr 0.001  |1 - lr*lambda_max| = 0.9431  max_epochs after 3000 epochs, MSE 74.26",
    "lr 0.01   |1 - lr*lambda_max| = 0.4312  max_epochs after 3000 epochs, MSE 3.465",
    "lr 0.03   |1 - lr*lambda_max| = 0.7064  converged  after 1189 epochs, MSE 3.465",
    "lr 0.035  |1 - lr*lambda_max| = 0.9908  converged  after 1369 epochs, MSE 3.465",
    "lr 0.036  |1 - lr*lambda_max| = 1.0477  diverged   after  150 epochs, MSE 6.427e+09",
    "diverged after 150 epochs: the loss rose from 6015.00 to 6.43e+09; "
    "learning_rate = 0.036 is too large",
    "x_mean = 4.8, x_std = 2.1354",
    "mean(z) = 0.000000, mean(z^2) = 1.000000",
    "eigenvalues of H_z: 2.0000, 2.0000",
    "epochs until the MSE is within 1e-6 of 3.464912:",
    "  raw x           lr 0.01   3114",
    "  raw x           lr 0.03   1035",
    "  raw x           lr 0.035  1211",
    "  standardised z  lr 0.1      51",
    "  standardised z  lr 0.5       1",
    "lr 0.1: w = 9.084882, c = 76.999999 -> m = 4.254386, b = 56.578947",
    "lr 0.5: w = 9.084882, c = 77.000000 -> m = 4.254386, b = 56.578947",
    "exact:                               m = 4.254386, b = 56.578947",
]


# ---------------------------------------------------------------- independent values


X = np.array([2.0, 3.0, 5.0, 6.0, 8.0])
Y = np.array([65.0, 70.0, 75.0, 85.0, 90.0])
LEARNING_RATES = [0.001, 0.01, 0.03, 0.035, 0.036]


def mse(x, y, m, b):
    return float(np.mean((y - (m * x + b)) ** 2))


def descend(x, y, learning_rate, epochs):
    """Plain gradient descent from m = b = 0, written here without the post's code.

    Returns the (m, b) pairs and the MSE after 0, 1, ..., `epochs` epochs.
    """
    m = b = 0.0
    path, losses = [(m, b)], [mse(x, y, m, b)]
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(epochs):
            residual = y - (m * x + b)
            step = 2 * learning_rate
            m, b = m + step * np.mean(x * residual), b + step * np.mean(residual)
            path.append((m, b))
            losses.append(mse(x, y, m, b))
    return np.array(path), np.array(losses)


def expected_stop(losses, tol, max_epochs, factor=1e6):
    """The post's rules, applied to a loss history: (reason, epoch) of the first stop."""
    for epoch in range(1, max_epochs + 1):
        if not np.isfinite(losses[epoch]) or losses[epoch] > factor * losses[0]:
            return "diverged", epoch
        if 0 <= losses[epoch - 1] - losses[epoch] < tol:
            return "converged", epoch
    return "max_epochs", max_epochs


def first_within(losses, best, within=1e-6):
    return int(np.flatnonzero(losses - best < within)[0])


@pytest.fixture(scope="session")
def facts():
    """Every number the post states, computed here with numpy alone."""
    f = {}
    (f["m_exact"], f["b_exact"]), *_ = np.linalg.lstsq(
        np.column_stack([X, np.ones_like(X)]), Y, rcond=None)
    f["mse_exact"] = mse(X, Y, f["m_exact"], f["b_exact"])
    f["x_mean"], f["y_mean"] = X.mean(), Y.mean()
    f["mean_x2"], f["mean_xy"] = np.mean(X**2), np.mean(X * Y)
    f["hessian"] = 2 * np.array([[np.mean(X**2), np.mean(X)], [np.mean(X), 1.0]])
    f["lambda_min"], f["lambda_max"] = np.linalg.eigvalsh(f["hessian"])
    f["condition"] = f["lambda_max"] / f["lambda_min"]
    f["bound"] = 2 / f["lambda_max"]

    # The first post's settings: learning rate 0.01, 3000 epochs.
    f["path"], f["losses"] = descend(X, Y, 0.01, 3000)
    f["stop"] = expected_stop(f["losses"], 1e-6, 3000)
    f["runs"] = {}
    for lr in LEARNING_RATES:
        path, losses = descend(X, Y, lr, 3000)
        reason, epoch = expected_stop(losses, 1e-9, 3000)
        f["runs"][lr] = {"reason": reason, "epochs": epoch, "losses": losses[:epoch + 1],
                         "path": path[:epoch + 1]}

    f["x_std"] = X.std()
    z = (X - f["x_mean"]) / f["x_std"]
    f["z"] = z
    f["scaled_hessian_eigenvalues"] = np.linalg.eigvalsh(
        2 * np.array([[np.mean(z**2), np.mean(z)], [np.mean(z), 1.0]]))
    _, long_losses = descend(X, Y, 0.01, 4000)
    f["within"] = {("raw", 0.01): first_within(long_losses, f["mse_exact"])}
    for lr in (0.03, 0.035):
        f["within"][("raw", lr)] = first_within(f["runs"][lr]["losses"], f["mse_exact"])
    for lr in (0.1, 0.5):
        path, losses = descend(z, Y, lr, 200)
        f["within"][("scaled", lr)] = first_within(losses, f["mse_exact"])
        f[f"scaled_path_{lr}"] = path
    return f


def test_independent_values_are_the_ones_the_issue_states(facts):
    # The task's reference values, to 6 decimals and to the precision it states.
    assert facts["m_exact"] == pytest.approx(4.254386, abs=5e-7)
    assert facts["b_exact"] == pytest.approx(56.578947, abs=5e-7)
    assert facts["mse_exact"] == pytest.approx(3.464912, abs=5e-7)
    assert facts["lambda_max"] == pytest.approx(56.88, abs=5e-3)
    assert facts["lambda_min"] == pytest.approx(0.32, abs=5e-3)
    assert facts["condition"] == pytest.approx(177, abs=0.5)
    assert facts["bound"] == pytest.approx(0.0352, abs=5e-5)
    np.testing.assert_allclose(facts["scaled_hessian_eigenvalues"], [2, 2])


# ---------------------------------------------------------------- the post, run


@pytest.fixture(scope="session")
def second():
    """The post's code, run: its functions, variables and printed output."""
    return run_post_code(SECOND_POST)


@pytest.fixture(scope="session")
def text():
    return SECOND_POST.read_text(encoding="utf-8")


def test_post_prints_the_golden_lines(second):
    assert second["printed"].splitlines() == GOLDEN_LINES


def test_notebook_shows_the_golden_lines():
    notebook = nbformat.read(notebook_path(SECOND_POST), as_version=4)
    printed = "".join(o.text for cell in notebook.cells if cell.cell_type == "code"
                      for o in cell.outputs if o.output_type == "stream")
    assert printed.splitlines() == GOLDEN_LINES


def test_post_never_prints_nan(second):
    assert not re.search(r"\bnan\b|\binf\b", second["printed"], re.IGNORECASE)


def test_golden_lines_agree_with_independent_values(facts):
    # Each line rebuilt from this file's own computations must be the golden line.
    reason, epoch = facts["stop"]
    m, b = facts["path"][epoch]
    m_exact, b_exact, best = facts["m_exact"], facts["b_exact"], facts["mse_exact"]
    rebuilt = [
        f"{reason} after {epoch} epochs: the loss improved by less than tol = 1e-06",
        f"m = {m:.4f}, b = {b:.4f}, loss = {facts['losses'][epoch]:.4f}",
        f"Normal equations: m = {m_exact:.6f}, b = {b_exact:.6f}",
        f"np.linalg.lstsq:  m = {m_exact:.6f}, b = {b_exact:.6f}, loss = {best:.6f}",
        f"MSE above the minimum after 3000 epochs: {facts['losses'][3000] - best:.1e}",
        f"lambda_max = {facts['lambda_max']:.4f} along (m, b) = (0.985, 0.172)",
        f"lambda_min = {facts['lambda_min']:.4f} along (m, b) = (-0.172, 0.985)",
        f"condition number = {facts['condition']:.1f}",
        f"stable learning rates: below 2 / lambda_max = {facts['bound']:.4f}",
        f"x_mean = {facts['x_mean']:.1f}, x_std = {facts['x_std']:.4f}",
        f"eigenvalues of H_z: {facts['scaled_hessian_eigenvalues'][0]:.4f}, "
        f"{facts['scaled_hessian_eigenvalues'][1]:.4f}",
        f"epochs until the MSE is within 1e-6 of {best:.6f}:",
    ]
    for lr in LEARNING_RATES:
        run = facts["runs"][lr]
        rebuilt.append(
            f"lr {lr:<5}  |1 - lr*lambda_max| = {abs(1 - lr * facts['lambda_max']):.4f}  "
            f"{run['reason']:<10} after {run['epochs']:>4} epochs, MSE {run['losses'][-1]:.4g}")
    for (kind, lr), count in facts["within"].items():
        name = "raw x" if kind == "raw" else "standardised z"
        rebuilt.append(f"  {name:<15} lr {lr:<5} {count:>5}")
    for (m_gd, b_gd), loss, epochs in [(facts["path"][epoch], facts["losses"][epoch], epoch),
                                       (facts["path"][3000], facts["losses"][3000], 3000)]:
        distance = np.hypot(m_gd - m_exact, b_gd - b_exact)
        rebuilt.append(f"{'gradient descent':<22}{epochs:>7}{m_gd:>10.6f}{b_gd:>11.6f}"
                       f"{loss:>10.6f}{distance:>10.6f}")
    for line in rebuilt:
        assert line in GOLDEN_LINES, line
    # The eigenvector lines: the steep direction is mostly m, the flat one mostly b.
    _, vectors = np.linalg.eigh(facts["hessian"])
    assert np.abs(vectors[:, 1]) == pytest.approx([0.985, 0.172], abs=5e-4)


# ---------------------------------------------------------------- fit


def test_fit_with_the_first_posts_settings_stops_by_itself(second, facts):
    # Independent: this file's loop and stopping rule give the epoch; golden: 2329.
    run = second["fit"](X, Y, learning_rate=0.01, max_epochs=3000, tol=1e-6)
    assert (run.reason, run.epochs) == facts["stop"] == ("converged", 2329)
    np.testing.assert_allclose(run.loss_history, facts["losses"][:run.epochs + 1], rtol=1e-12)
    np.testing.assert_allclose(run.path, facts["path"][:run.epochs + 1], rtol=1e-12)
    assert (run.m, run.b) == pytest.approx(tuple(facts["path"][run.epochs]), rel=1e-12)
    assert run.loss == pytest.approx(facts["losses"][run.epochs], rel=1e-12)
    assert run.path[0] == (0.0, 0.0)


def test_fit_without_a_reachable_tol_runs_the_first_posts_3000_epochs(second, facts):
    run = second["fit"](X, Y, learning_rate=0.01, max_epochs=3000, tol=1e-12)
    assert (run.reason, run.epochs, len(run.loss_history)) == ("max_epochs", 3000, 3001)
    # The first post's golden line "Final Slope: 4.2550, Final Intercept: 56.5754".
    assert f"{run.m:.4f}, {run.b:.4f}" == "4.2550, 56.5754"
    assert (run.m, run.b) == pytest.approx(tuple(facts["path"][3000]), rel=1e-12)


def run_quietly(fit, *args, **kwargs):
    """Call fit with every warning turned into an error: an exploding run must stay silent."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return fit(*args, **kwargs)


def test_a_learning_rate_just_above_the_bound_diverges_with_a_clear_message(second, facts):
    assert 0.036 > facts["bound"]  # independent bound: 2 / largest eigenvalue
    run = run_quietly(second["fit"], X, Y, learning_rate=0.036, max_epochs=3000, tol=1e-9)
    assert (run.reason, run.epochs) == ("diverged", facts["runs"][0.036]["epochs"])
    assert run.message.startswith(f"diverged after {run.epochs} epochs")
    assert "learning_rate = 0.036 is too large" in run.message
    assert "nan" not in run.message.lower()


@pytest.mark.parametrize("scale", [1.01, 1.1])
def test_just_above_the_independent_bound_diverges(second, facts, scale):
    run = run_quietly(second["fit"], X, Y, facts["bound"] * scale, 3000, 1e-9)
    assert run.reason == "diverged"


@pytest.mark.parametrize("scale", [0.99, 0.9])
def test_just_below_the_independent_bound_converges(second, facts, scale):
    run = run_quietly(second["fit"], X, Y, facts["bound"] * scale, 3000, 1e-9)
    assert run.reason == "converged"
    assert run.loss == pytest.approx(facts["mse_exact"], abs=1e-6)


@pytest.mark.parametrize("learning_rate", [1e6, 1e300])
def test_an_overflowing_run_stops_without_nan_or_warnings(second, learning_rate):
    run = run_quietly(second["fit"], X, Y, learning_rate, 3000, 1e-6)
    assert run.reason == "diverged" and run.epochs == 1
    assert "nan" not in run.message.lower() and "inf" not in run.message.lower()


def test_learning_rate_comparison_matches_the_independent_runs(second, facts):
    for lr, run in zip(second["learning_rates"], second["runs"], strict=True):
        expected = facts["runs"][lr]
        assert (run.reason, run.epochs) == (expected["reason"], expected["epochs"]), lr
        np.testing.assert_allclose(run.loss_history, expected["losses"], rtol=1e-9)
    assert second["learning_rates"] == LEARNING_RATES
    assert second["bound"] == pytest.approx(facts["bound"], rel=1e-12)


def test_standardised_feature_needs_few_epochs_and_converts_back_exactly(second, facts):
    # Independent counts from this file's loop on z: under 100 at lr 0.1, one step at lr 0.5.
    assert facts["within"][("scaled", 0.1)] < 100
    assert facts["within"][("scaled", 0.5)] == 1
    assert facts["within"][("raw", 0.01)] > 1000  # thousands on the raw feature
    reach = second["epochs_to_reach"]
    for lr, run in second["scaled_runs"].items():
        assert reach(run.loss_history, facts["mse_exact"]) == facts["within"][("scaled", lr)]
        w, c = run.m, run.b
        m_back = w / facts["x_std"]
        b_back = c - w * facts["x_mean"] / facts["x_std"]
        assert m_back == pytest.approx(facts["m_exact"], abs=1e-6)
        assert b_back == pytest.approx(facts["b_exact"], abs=1e-6)
    one_step = second["scaled_runs"][0.5]
    assert one_step.path[1] == pytest.approx(
        (facts["m_exact"] * facts["x_std"], facts["y_mean"]), rel=1e-12)


BAD_ARGUMENTS = [
    # (keyword arguments that replace good ones, error type, words the message must contain)
    ({"learning_rate": 0}, ValueError, "learning_rate must be a positive"),
    ({"learning_rate": -0.01}, ValueError, "learning_rate must be a positive"),
    ({"learning_rate": float("nan")}, ValueError, "learning_rate"),
    ({"learning_rate": float("inf")}, ValueError, "learning_rate"),
    ({"learning_rate": "0.01"}, TypeError, "learning_rate must be a number"),
    ({"learning_rate": True}, TypeError, "learning_rate must be a number"),
    ({"tol": 0}, ValueError, "tol must be a positive"),
    ({"tol": -1e-6}, ValueError, "tol must be a positive"),
    ({"tol": float("nan")}, ValueError, "tol"),
    ({"tol": None}, TypeError, "tol must be a number"),
    ({"max_epochs": 0}, ValueError, "max_epochs must be at least 1"),
    ({"max_epochs": -5}, ValueError, "max_epochs must be at least 1"),
    ({"max_epochs": 3000.0}, TypeError, "max_epochs must be an integer"),
    ({"max_epochs": True}, TypeError, "max_epochs must be an integer"),
    ({"X": X[:4]}, ValueError, "X and y_true must have the same length, got 4 and 5"),
    ({"X": [], "y_true": []}, ValueError, "X must be a non-empty"),
    ({"y_true": []}, ValueError, "y_true must be a non-empty"),
    ({"X": [2, 3, np.nan, 6, 8]}, ValueError, "X must not contain NaN"),
    ({"y_true": [65, 70, np.inf, 85, 90]}, ValueError, "y_true must not contain NaN"),
    ({"X": ["a", "b", "c", "d", "e"]}, TypeError, "X must be a sequence of numbers"),
    ({"X": X.reshape(5, 1)}, ValueError, "X must be a non-empty, flat"),
]


@pytest.mark.parametrize("changes, error, words", BAD_ARGUMENTS,
                         ids=[f"{i}-{words}" for i, (_, _, words) in enumerate(BAD_ARGUMENTS)])
def test_fit_rejects_bad_arguments_naming_them(second, changes, error, words):
    arguments = {"X": X, "y_true": Y, "learning_rate": 0.01, "max_epochs": 10, "tol": 1e-6}
    with pytest.raises(error, match=re.escape(words)):
        second["fit"](**(arguments | changes))


# ---------------------------------------------------------------- proofreading


def numbers(pattern, text, what):
    """The numbers captured by the one match of `pattern` (whitespace may break lines)."""
    (match,) = pr.find(pattern.replace(" ", r"\s+"), text, what)
    return list(match.groups())


def check_stopping(text, f):
    epochs = f["stop"][1]
    shown = numbers(rf"after (\d+) epochs, (\d+) earlier than the first post, with a loss of "
                    rf"\$({NUM})\$ against the first post's \$({NUM})\$", text, "the stop")
    # The first post prints the loss before its 3000th update: losses[2999].
    return pr.compare("stopping", shown, [epochs, 3000 - epochs, f["losses"][epochs],
                                          f["losses"][2999]])


def check_exact_answer(text, f):
    x_mean, y_mean, mean_x2, mean_xy = f["x_mean"], f["y_mean"], f["mean_x2"], f["mean_xy"]
    problems = pr.compare("means", numbers(
        rf"\\bar\{{x\}} = ({NUM})\$, \$\\bar\{{y\}} = ({NUM})\$, "
        rf"\$\\operatorname\{{mean\}}\(x\^2\) = ({NUM})\$ and "
        rf"\$\\operatorname\{{mean\}}\(xy\) = ({NUM})\$", text, "the means"),
        [x_mean, y_mean, mean_x2, mean_xy])
    problems += pr.compare("m by hand", numbers(
        rf"m = \\frac\{{({NUM}) - ({NUM}) \\times ({NUM})\}}\{{({NUM}) - ({NUM})\^2\}} = "
        rf"\\frac\{{({NUM}) - ({NUM})\}}\{{({NUM}) - ({NUM})\}} = "
        rf"\\frac\{{({NUM})\}}\{{({NUM})\}} \\approx ({NUM})", text, "m by hand"),
        [mean_xy, x_mean, y_mean, mean_x2, x_mean, mean_xy, x_mean * y_mean, mean_x2,
         x_mean**2, mean_xy - x_mean * y_mean, mean_x2 - x_mean**2, f["m_exact"]])
    problems += pr.compare("b by hand", numbers(
        rf"b = ({NUM}) - ({NUM}) \\times ({NUM}) \\approx ({NUM})", text, "b by hand"),
        [y_mean, x_mean, f["m_exact"], f["b_exact"]])
    problems += pr.compare("minimum MSE", numbers(
        rf"has an MSE below \$({NUM})\$", text, "the minimum"), [f["mse_exact"]])
    return problems


def check_comparison_table(text, f):
    columns = pr.table(text)
    epochs = f["stop"][1]
    runs = [(f["path"][epochs], f["losses"][epochs]), (f["path"][3000], f["losses"][3000]),
            ((f["m_exact"], f["b_exact"]), f["mse_exact"])]
    exact = np.array([f["m_exact"], f["b_exact"]])
    problems = pr.compare("table epochs", columns["Epochs"][:2], [epochs, 3000])
    problems += pr.compare("table m", columns["m"], [p[0] for p, _ in runs])
    problems += pr.compare("table b", columns["b"], [p[1] for p, _ in runs])
    problems += pr.compare("table MSE", columns["MSE"], [loss for _, loss in runs])
    problems += pr.compare("table distance", columns["Distance"],
                           [np.linalg.norm(np.array(p) - exact) for p, _ in runs])
    return problems


def check_table_comments(text, f):
    distance = np.linalg.norm(f["path"][3000] - [f["m_exact"], f["b_exact"]])
    shown = numbers(rf"end within \$({NUM})\$ of the exact line, with an MSE only "
                    rf"\$({NUM}) \\times 10\^\{{(-\d+)\}}\$ above the minimum", text, "3000 epochs")
    gap = f["losses"][3000] - f["mse_exact"]
    problems = pr.compare("3000 epochs", shown[:2], [distance, gap / 10.0 ** int(shown[2])])
    stopped = np.linalg.norm(f["path"][f["stop"][1]] - [f["m_exact"], f["b_exact"]])
    if not 8 < stopped / distance < 9:
        problems.append(f"'more than eight times farther': the ratio is {stopped / distance:.2f}")
    pr.find(r"more than eight times farther", text, "the distance ratio")
    return problems


def check_hessian(text, f):
    h = f["hessian"]
    problems = pr.compare("Hessian", numbers(
        rf"= 2 \\begin\{{pmatrix\}} ({NUM}) & ({NUM}) \\\\ ({NUM}) & ({NUM}) \\end\{{pmatrix\}} "
        rf"= \\begin\{{pmatrix\}} ({NUM}) & ({NUM}) \\\\ ({NUM}) & ({NUM}) \\end\{{pmatrix\}}",
        text, "the Hessian"), [*(h / 2).ravel(), *h.ravel()])
    trace, det = np.trace(h), np.linalg.det(h)
    problems += pr.compare("trace and determinant", numbers(
        rf"trace, \$({NUM}) \+ ({NUM}) = ({NUM})\$, and the determinant, "
        rf"\$({NUM}) \\times ({NUM}) - ({NUM})\^2 = ({NUM})\$", text, "trace and determinant"),
        [h[0, 0], h[1, 1], trace, h[0, 0], h[1, 1], h[0, 1], det])
    problems += pr.compare("eigenvalue formula", numbers(
        rf"\\lambda = \\frac\{{({NUM}) \\pm \\sqrt\{{({NUM})\^2 - 4 \\times ({NUM})\}}\}}\{{2\}} "
        rf"= \\frac\{{({NUM}) \\pm ({NUM})\}}\{{2\}}", text, "the eigenvalue formula"),
        [trace, trace, det, trace, np.sqrt(trace**2 - 4 * det)])
    problems += pr.compare("eigenvalues", numbers(
        rf"\\lambda_\{{max\}} \\approx ({NUM})\$ and \$\\lambda_\{{min\}} \\approx ({NUM})\$",
        text, "the eigenvalues"), [f["lambda_max"], f["lambda_min"]])
    problems += pr.compare("condition number", numbers(
        r"about (\d+) times more curved", text, "the condition number"), [f["condition"]])
    factors = [m.groups() for m in pr.find(
        rf"1 - ({NUM}) \\times ({NUM}) \\approx ({NUM})", text, "the factors per epoch")]
    problems += pr.compare("factors per epoch", [n for group in factors for n in group],
                           [0.01, f["lambda_max"], 1 - 0.01 * f["lambda_max"],
                            0.01, f["lambda_min"], 1 - 0.01 * f["lambda_min"]])
    return problems


def check_learning_rate(text, f):
    runs = f["runs"]
    problems = pr.compare("bound", numbers(
        rf"\\frac\{{2\}}\{{({NUM})\}} \\approx ({NUM})", text, "the bound"),
        [f["lambda_max"], f["bound"]])
    if not 0.25 < 0.01 / f["bound"] < 1 / 3:
        problems.append(f"'a bit under a third of the limit': 0.01 is {0.01 / f['bound']:.2f}")
    pr.find(r"a bit under a third of the limit", text, "0.01 against the limit")
    problems += pr.compare("start and end of the axis", numbers(
        rf"so that \$({NUM})\$ and \$({NUM})\$ fit", text, "the axis"),
        [f["losses"][0], f["mse_exact"]])
    below, below_factor, above, above_factor = numbers(
        rf"At \$({NUM})\$, just below it,[^$]*\$({NUM})\$, but they do shrink it[^$]*"
        rf"At \$({NUM})\$, just above, the same factor is \$({NUM})\$", text, "both sides")
    problems += pr.compare("both sides", [below_factor, above_factor],
                           [abs(1 - float(r) * f["lambda_max"]) for r in (below, above)])
    if not float(below) < f["bound"] < float(above):
        problems.append(f"{below} and {above} do not straddle the bound {f['bound']:.4f}")
    growth = abs(1 - float(above) * f["lambda_max"]) - 1
    if not 0.045 < growth < 0.05:
        problems.append(f"'almost 5% more error': the factor adds {growth:.2%}")
    pr.find(r"almost 5% more error", text, "the growth per epoch")
    problems += pr.compare("diverged after", numbers(
        r"until after (\d+) epochs it has passed a million", text, "the divergence epoch"),
        [runs[0.036]["epochs"]])
    slowest = numbers(rf"With \$({NUM})\$ even (\d+) epochs are not enough", text, "the slowest")
    if runs[float(slowest[0])]["reason"] != "max_epochs" or slowest[1] != "3000":
        problems.append(f"lr {slowest[0]} does not use up 3000 epochs")
    limit = numbers(rf"while \$({NUM})\$ and \$({NUM})\$ converge after fewer than (\d+) epochs",
                    text, "the fast ones")
    for lr in limit[:2]:
        run = runs[float(lr)]
        if run["reason"] != "converged" or not run["epochs"] < int(limit[2]):
            problems.append(f"lr {lr}: {run['reason']} after {run['epochs']} epochs")
    return problems


def check_rescaling(text, f):
    problems = pr.compare("standard deviation", numbers(
        rf"= \\sqrt\{{({NUM})\}} \\approx ({NUM})\$ is", text, "sigma"),
        [f["mean_x2"] - f["x_mean"] ** 2, f["x_std"]])
    eigenvalue = f["scaled_hessian_eigenvalues"]
    problems += pr.compare("scaled limit", numbers(
        rf"\\eta < 2/({NUM}) = ({NUM})\$", text, "the scaled limit"),
        [eigenvalue.max(), 2 / eigenvalue.max()])
    problems += pr.compare("one step", numbers(
        rf"at \$\\eta = ({NUM})\$ the factor \$1 - ({NUM}) \\times ({NUM})\$ is zero", text,
        "one step"), [0.5, 0.5, eigenvalue.max()])
    if abs(1 - 0.5 * eigenvalue.max()) > 1e-12:
        problems.append("1 - 0.5 x 2 is not zero")
    problems += pr.compare("shared minimum", numbers(
        rf"share the minimum MSE of \$({NUM})\$", text, "the shared minimum"), [f["mse_exact"]])
    problems += pr.compare("from thousands", numbers(
        r"From thousands of epochs to (\d+), and with the right learning rate to a single step",
        text, "the epoch counts"), [f["within"][("scaled", 0.1)]])
    if not (f["within"][("raw", 0.01)] >= 1000 and f["within"][("scaled", 0.5)] == 1):
        problems.append("'thousands ... to a single step' does not hold")
    return problems


def figure_alt(label):
    """A figure's alt text and its cell's code, read as the post's cell options."""
    for source in python_sources(read_post(SECOND_POST)):
        options = cell_options(source)
        if options.get("label") == label:
            return options["fig-alt"], source
    raise LookupError(label)


def check_landscape_alt(alt, source, f):
    turn = int(np.argmax(f["path"][:, 0]))
    shown = numbers(rf"m from ({NUM}) to ({NUM}) across and b from ({NUM}) to ({NUM}) up", alt,
                    "the ranges")
    called = numbers(rf"m_range=\(({NUM}), ({NUM})\), b_range=\(({NUM}), ({NUM})\)", source,
                     "the ranges in the code")
    problems = pr.compare("landscape ranges", shown, [float(c) for c in called])
    problems += pr.compare("landscape path", numbers(
        rf"to about m = ({NUM}), b = ({NUM}), on the valley floor, .* the star at "
        rf"m = ({NUM}), b = ({NUM})\.", alt, "the path"),
        [*f["path"][turn], f["m_exact"], f["b_exact"]])
    if not 3 <= turn <= 10:
        problems.append(f"the turn comes after {turn} epochs, not 'a few large steps'")
    return problems


def check_learning_rate_alt(alt, f):
    runs = f["runs"]
    problems = pr.compare("rates", numbers(
        rf"for learning rates ({NUM}), ({NUM}), ({NUM}), ({NUM}) and ({NUM})\.", alt, "the rates"),
        LEARNING_RATES)
    problems += pr.compare("slowest", numbers(
        rf"still at about ({NUM}) after (\d+) epochs", alt, "the slowest"),
        [runs[0.001]["losses"][-1], runs[0.001]["epochs"]])
    problems += pr.compare("lr 0.01", numbers(
        rf"0\.01 falls to about ({NUM}) by epoch (\d+) and ({NUM}) by epoch (\d+)", alt,
        "lr 0.01"), [f["losses"][1000], 1000, f["losses"][2000], 2000])
    problems += pr.compare("converged runs", numbers(
        rf"level off just above ({NUM}) and stop after (\d+) and (\d+) epochs", alt,
        "the converged runs"), [f["mse_exact"], runs[0.03]["epochs"], runs[0.035]["epochs"]])
    for lr in (0.03, 0.035):
        if not runs[lr]["losses"][-1] - f["mse_exact"] < 1e-3:
            problems.append(f"lr {lr} does not level off at the minimum")
    diverged = runs[0.036]
    problems += pr.compare("diverged run", numbers(
        rf"climbs steadily from ({NUM}) to about ({NUM}) billion and stops at epoch (\d+)", alt,
        "the diverged run"), [diverged["losses"][0], diverged["losses"][-1] / 1e9,
                              diverged["epochs"]])
    if not np.all(np.diff(diverged["losses"]) > 0):
        problems.append("the loss at lr 0.036 does not climb at every epoch")
    return problems


def check_scaled_alt(alt, source, f):
    shown = numbers(rf"w from ({NUM}) to ({NUM}) across and c from ({NUM}) to ({NUM}) up", alt,
                    "the ranges")
    called = numbers(rf"m_range=\(({NUM}), ({NUM})\), b_range=\(({NUM}), ({NUM})\)", source,
                     "the ranges in the code")
    problems = pr.compare("scaled ranges", shown, [float(c) for c in called])
    problems += pr.compare("scaled optimum", numbers(
        rf"around the star at w = ({NUM}), c = ({NUM})\.", alt, "the star"),
        [f["m_exact"] * f["x_std"], f["y_mean"]])
    path = f["scaled_path_0.1"]
    # A straight line from (0, 0): every point is a multiple of the optimum.
    cross = path[:, 0] * f["y_mean"] - path[:, 1] * f["m_exact"] * f["x_std"]
    if not np.allclose(cross, 0, atol=1e-9):
        problems.append("the standardised path is not a straight line")
    return problems


def test_stopping_numbers(text, facts):
    assert check_stopping(pr.section(text, "A Loop That Stops by Itself"), facts) == []


def test_exact_answer_numbers(text, facts):
    assert check_exact_answer(pr.section(text, "The Exact Answer"), facts) == []


def test_gradient_descent_against_exact_table(text, facts):
    section = pr.section(text, "The Exact Answer")
    assert check_comparison_table(section, facts) == []
    assert check_table_comments(section, facts) == []


def test_hessian_and_eigenvalue_numbers(text, facts):
    assert check_hessian(pr.section(text, "The Loss Landscape"), facts) == []


def test_learning_rate_numbers(text, facts):
    assert check_learning_rate(pr.section(text, "The Learning Rate"), facts) == []


def test_rescaling_numbers(text, facts):
    assert check_rescaling(pr.section(text, "Rescaling the Feature"), facts) == []


def test_figure_alt_texts(facts):
    alt, source = figure_alt("fig-landscape")
    assert check_landscape_alt(alt, source, facts) == []
    alt, _ = figure_alt("fig-learning-rates")
    assert check_learning_rate_alt(alt, facts) == []
    alt, source = figure_alt("fig-landscape-standardised")
    assert check_scaled_alt(alt, source, facts) == []


def test_claims_in_words_hold(second, text, facts):
    """Claims the prose makes in words, each next to the number that backs it."""
    # "grown past a million times where it started": the post's divergence factor.
    assert second["DIVERGENCE_FACTOR"] == 1e6
    pr.find(r"grown past a million\s+times where it started", text, "the divergence rule")
    # "drop the loss from thousands to a few hundred": epoch 0 against the turn of the path.
    turn = int(np.argmax(facts["path"][:, 0]))
    assert facts["losses"][0] > 1000 and 100 < facts["losses"][turn] < 1000
    pr.find(r"from thousands to a\s+few hundred", text, "the first steps")
    # "removes more than half ... about a third of a percent": 1 - 0.43 and 1 - 0.9968.
    assert 1 - abs(1 - 0.01 * facts["lambda_max"]) > 0.5
    assert 0.003 < 0.01 * facts["lambda_min"] < 0.0035
    pr.find(r"removes about a third of a percent", text, "the slow factor")
    # "Ten times the learning rate makes the loss explode within a few epochs".
    lines = [line for line in GOLDEN_LINES if "learning_rate = 0.1 is too large" in line]
    assert len(lines) == 1 and int(re.search(r"after (\d+) epochs", lines[0])[1]) <= 10


# A check must be able to fail: each wrong number below is caught.
WRONG_NUMBERS = [
    # (heading, right text, wrong text, check, a word of the expected problem)
    ("A Loop That Stops by Itself", "after 2329 epochs", "after 2330 epochs", check_stopping,
     "stopping: shows 2330"),
    ("The Exact Answer", r"\approx 4.254386$$", r"\approx 4.254387$$", check_exact_answer,
     "m by hand: shows 4.254387"),
    ("The Exact Answer", "| 0.003594 |", "| 0.003549 |", check_comparison_table,
     "table distance: shows 0.003549"),
    ("The Exact Answer", "| 2329   |", "| 2328   |", check_comparison_table,
     "table epochs: shows 2328"),
    ("The Loss Landscape", r"\approx 56.88$", r"\approx 56.87$", check_hessian,
     "eigenvalues: shows 56.87"),
    ("The Loss Landscape", "about 177 times", "about 178 times", check_hessian,
     "condition number: shows 178"),
    ("The Learning Rate", r"\approx 0.0352$$", r"\approx 0.0353$$", check_learning_rate,
     "bound: shows 0.0353"),
    ("The Learning Rate", "after 150 epochs", "after 151 epochs", check_learning_rate,
     "diverged after: shows 151"),
    ("Rescaling the Feature", r"\approx 2.1354$", r"\approx 2.1355$", check_rescaling,
     "standard deviation: shows 2.1355"),
    ("Rescaling the Feature", "epochs to 51,", "epochs to 50,", check_rescaling,
     "from thousands: shows 50"),
]


@pytest.mark.parametrize("heading, right, wrong, check, problem", WRONG_NUMBERS,
                         ids=[w[2] for w in WRONG_NUMBERS])
def test_proofreading_catches_a_wrong_number(text, facts, heading, right, wrong, check, problem):
    section = pr.section(text, heading)
    assert section.count(right) == 1, right
    problems = check(section.replace(right, wrong), facts)
    assert any(p.startswith(problem) for p in problems), problems


def test_proofreading_catches_wrong_alt_text_numbers(facts):
    alt, source = figure_alt("fig-landscape")
    assert check_landscape_alt(alt.replace("13.48", "13.84"), source, facts) == [
        "landscape path: shows 13.84, computed 13.4827"]
    alt, _ = figure_alt("fig-learning-rates")
    assert check_learning_rate_alt(alt.replace("1369", "1396"), facts) == [
        "converged runs: shows 1396, computed 1369"]
