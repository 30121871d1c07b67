"""How "Knowing When to Stop" trains: what it prints, how `fit` stops, and its bad input.

Where the expected values come from:

- GOLDEN_LINES are the post's printed lines, copied from a run of the post (golden), and
  `test_golden_lines_agree_with_independent_values` rebuilds them from independent values.
- Everything else is computed here, independently of the post's code: the exact line with
  np.linalg.lstsq, the Hessian's eigenvalues with np.linalg.eigvalsh, and gradient descent
  with the tests' own loop (`descend`), whose stopping rules (`expected_stop`) are written
  from the post's description, not copied from its `fit`.
"""

import re
import warnings

import numpy as np
import pytest
from conftest import (
    FIVE_X,
    FIVE_Y,
    assert_rejects,
    descend,
    least_squares,
    mse,
    notebook_of,
    post_named,
    printed_by,
    run_of,
)

SECOND_POST = post_named("knowing-when-to-stop")

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


X, Y = FIVE_X, FIVE_Y
LEARNING_RATES = [0.001, 0.01, 0.03, 0.035, 0.036]


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
    f["m_exact"], f["b_exact"] = least_squares(X, Y)
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
        f["runs"][lr] = {
            "reason": reason,
            "epochs": epoch,
            "losses": losses[: epoch + 1],
            "path": path[: epoch + 1],
        }

    f["x_std"] = X.std()
    z = (X - f["x_mean"]) / f["x_std"]
    f["z"] = z
    f["scaled_hessian_eigenvalues"] = np.linalg.eigvalsh(
        2 * np.array([[np.mean(z**2), np.mean(z)], [np.mean(z), 1.0]])
    )
    _, long_losses = descend(X, Y, 0.01, 4000)
    f["within"] = {("raw", 0.01): first_within(long_losses, f["mse_exact"])}
    for lr in (0.03, 0.035):
        f["within"][("raw", lr)] = first_within(f["runs"][lr]["losses"], f["mse_exact"])
    for lr in (0.1, 0.5):
        path, losses = descend(z, Y, lr, 200)
        f["within"][("scaled", lr)] = first_within(losses, f["mse_exact"])
        f[f"scaled_path_{lr}"] = path
    return f


def test_post_computes_the_independent_values(second, facts):
    # The post's exact line, Hessian and bound against numpy's lstsq and eigvalsh, here.
    assert second["m_exact"] == pytest.approx(facts["m_exact"], rel=1e-12)
    assert second["b_exact"] == pytest.approx(facts["b_exact"], rel=1e-12)
    assert second["exact_loss"] == pytest.approx(facts["mse_exact"], rel=1e-9)
    assert second["lambda_max"] == pytest.approx(facts["lambda_max"], rel=1e-12)
    assert second["lambda_min"] == pytest.approx(facts["lambda_min"], rel=1e-12)
    assert second["bound"] == pytest.approx(facts["bound"], rel=1e-12)
    np.testing.assert_allclose(
        np.linalg.eigvalsh(second["hessian_z"]), facts["scaled_hessian_eigenvalues"], rtol=1e-12
    )
    np.testing.assert_allclose(facts["scaled_hessian_eigenvalues"], [2, 2])


# ---------------------------------------------------------------- the post, run


@pytest.fixture(scope="session")
def second():
    """The post's code, run: its functions, variables and printed output."""
    return run_of(SECOND_POST)


def test_post_prints_the_golden_lines(second):
    assert second["printed"].splitlines() == GOLDEN_LINES


def test_notebook_shows_the_golden_lines():
    assert printed_by(notebook_of(SECOND_POST)).splitlines() == GOLDEN_LINES


def test_post_never_prints_nan(second):
    assert not re.search(r"\bnan\b|\binf\b", second["printed"], re.IGNORECASE)


def divergence_message(losses, epoch, learning_rate):
    return (
        f"diverged after {epoch} epochs: the loss rose from {losses[0]:.2f} to "
        f"{losses[epoch]:.3g}; learning_rate = {learning_rate:g} is too large"
    )


def test_golden_lines_agree_with_independent_values(facts):
    # Every printed line rebuilt from the tests' own computations, in order. The wording and
    # layout are the post's; every number in them is computed here.
    reason, epoch = facts["stop"]
    m, b = facts["path"][epoch]
    m_exact, b_exact, best = facts["m_exact"], facts["b_exact"], facts["mse_exact"]
    h = facts["hessian"]
    _, vectors = np.linalg.eigh(h)
    steep, flat = np.abs(vectors[:, 1]), vectors[:, 0] * np.sign(vectors[1, 0])
    _, fast_losses = descend(X, Y, 0.1, 10)
    fast_stop = expected_stop(fast_losses, 1e-6, 10)
    losses = facts["losses"]
    rebuilt = [
        f"{reason} after {epoch} epochs: the loss improved by less than tol = 1e-06",
        f"m = {m:.4f}, b = {b:.4f}, loss = {losses[epoch]:.4f}",
        divergence_message(fast_losses, fast_stop[1], 0.1),
        "ValueError: learning_rate must be a positive, finite number, got -0.01",
        f"Normal equations: m = {m_exact:.6f}, b = {b_exact:.6f}",
        f"np.linalg.lstsq:  m = {m_exact:.6f}, b = {b_exact:.6f}, loss = {best:.6f}",
        f"stopped at max_epochs = 3000: the last epoch still improved the loss by "
        f"{losses[2999] - losses[3000]:.2g}",
        f"{'':<22}{'epochs':>7}{'m':>10}{'b':>11}{'MSE':>10}{'distance':>10}",
    ]
    for (m_gd, b_gd), loss, epochs in [
        (facts["path"][epoch], losses[epoch], epoch),
        (facts["path"][3000], losses[3000], 3000),
    ]:
        distance = np.hypot(m_gd - m_exact, b_gd - b_exact)
        rebuilt.append(
            f"{'gradient descent':<22}{epochs:>7}{m_gd:>10.6f}{b_gd:>11.6f}"
            f"{loss:>10.6f}{distance:>10.6f}"
        )
    rebuilt += [
        f"{'exact':<22}{'':>7}{m_exact:>10.6f}{b_exact:>11.6f}{best:>10.6f}{0:>10.6f}",
        f"MSE above the minimum after 3000 epochs: {losses[3000] - best:.1e}",
        f"Hessian: [[{h[0, 0]:.1f}, {h[0, 1]:.1f}], [{h[1, 0]:.1f}, {h[1, 1]:.1f}]]",
        f"lambda_max = {facts['lambda_max']:.4f} along (m, b) = ({steep[0]:.3f}, {steep[1]:.3f})",
        f"lambda_min = {facts['lambda_min']:.4f} along (m, b) = ({flat[0]:.3f}, {flat[1]:.3f})",
        f"condition number = {facts['condition']:.1f}",
        f"stable learning rates: below 2 / lambda_max = {facts['bound']:.4f}",
    ]
    for lr in LEARNING_RATES:
        run = facts["runs"][lr]
        rebuilt.append(
            f"lr {lr:<5}  |1 - lr*lambda_max| = {abs(1 - lr * facts['lambda_max']):.4f}  "
            f"{run['reason']:<10} after {run['epochs']:>4} epochs, MSE {run['losses'][-1]:.4g}"
        )
    diverged = facts["runs"][0.036]
    rebuilt.append(divergence_message(diverged["losses"], diverged["epochs"], 0.036))
    z = facts["z"]
    rebuilt += [
        f"x_mean = {facts['x_mean']:.1f}, x_std = {facts['x_std']:.4f}",
        f"mean(z) = {abs(np.mean(z)):.6f}, mean(z^2) = {np.mean(z**2):.6f}",
        f"eigenvalues of H_z: {facts['scaled_hessian_eigenvalues'][0]:.4f}, "
        f"{facts['scaled_hessian_eigenvalues'][1]:.4f}",
        f"epochs until the MSE is within 1e-6 of {best:.6f}:",
    ]
    for (kind, lr), count in facts["within"].items():
        name = "raw x" if kind == "raw" else "standardised z"
        rebuilt.append(f"  {name:<15} lr {lr:<5} {count:>5}")
    for lr in (0.1, 0.5):
        path, scaled_losses = descend(z, Y, lr, 1000)
        w, c = path[expected_stop(scaled_losses, 1e-12, 1000)[1]]
        m_back, b_back = w / facts["x_std"], c - w * facts["x_mean"] / facts["x_std"]
        rebuilt.append(f"lr {lr}: w = {w:.6f}, c = {c:.6f} -> m = {m_back:.6f}, b = {b_back:.6f}")
    rebuilt.append(f"exact:                               m = {m_exact:.6f}, b = {b_exact:.6f}")
    assert rebuilt == GOLDEN_LINES


# ---------------------------------------------------------------- fit


def test_fit_with_the_first_posts_settings_stops_by_itself(second, facts):
    # Independent: this file's loop and stopping rule give the epoch; golden: 2329.
    run = second["fit"](X, Y, learning_rate=0.01, max_epochs=3000, tol=1e-6)
    assert (run.reason, run.epochs) == facts["stop"] == ("converged", 2329)
    np.testing.assert_allclose(run.loss_history, facts["losses"][: run.epochs + 1], rtol=1e-12)
    np.testing.assert_allclose(run.path, facts["path"][: run.epochs + 1], rtol=1e-12)
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


def test_a_loss_that_is_not_a_number_is_divergence(second, monkeypatch):
    # inf - inf in an exploding run gives NaN, which no comparison catches: fit must.
    losses = iter([3.0, float("nan")])
    monkeypatch.setitem(second, "loss_mse", lambda y_true, predicted: next(losses))
    run = run_quietly(second["fit"], X, Y, 0.01, 100, 1e-6)
    assert (run.reason, run.epochs) == ("diverged", 1)
    assert "nan" not in run.message.lower()


def test_only_an_improvement_smaller_than_tol_is_convergence(second, monkeypatch):
    # The post's rule: 0 <= previous - loss < tol. A loss that rises, by however little, has
    # not converged; one that falls by tol or more goes on.
    losses = iter([3.0, 3.0 + 1e-9, 3.0 - 2e-6, 3.0 - 2.5e-6, 3.0 - 2.5e-6])
    monkeypatch.setitem(second, "loss_mse", lambda y_true, predicted: next(losses))
    run = run_quietly(second["fit"], X, Y, 0.01, 100, 1e-6)
    assert (run.reason, run.epochs) == ("converged", 3)


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
        (facts["m_exact"] * facts["x_std"], facts["y_mean"]), rel=1e-12
    )


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
    ({"X": np.append(X, 9.0)}, ValueError, "X and y_true must have the same length, got 6 and 5"),
    ({"X": [], "y_true": []}, ValueError, "X must be a non-empty"),
    ({"y_true": []}, ValueError, "y_true must be a non-empty"),
    ({"X": [2, 3, np.nan, 6, 8]}, ValueError, "X must not contain NaN"),
    ({"y_true": [65, 70, np.inf, 85, 90]}, ValueError, "y_true must not contain NaN"),
    ({"X": ["a", "b", "c", "d", "e"]}, TypeError, "X must be a sequence of numbers"),
    ({"X": X.reshape(5, 1)}, ValueError, "X must be a non-empty, flat"),
]


@pytest.mark.parametrize(
    "changes, error, words",
    BAD_ARGUMENTS,
    ids=[f"{i}-{words}" for i, (_, _, words) in enumerate(BAD_ARGUMENTS)],
)
def test_fit_rejects_bad_arguments_naming_them(second, changes, error, words):
    arguments = {"X": X, "y_true": Y, "learning_rate": 0.01, "max_epochs": 10, "tol": 1e-6}
    assert_rejects(lambda: second["fit"](**(arguments | changes)), error, words)
