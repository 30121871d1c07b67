"""How "Many Features, One Matrix" computes: its shapes, its exact answers, its optimisers.

The post's functions (`run_of`) are checked against references written here without them:
finite differences for the gradient, numpy's lstsq and scikit-learn for the exact answers,
plain loops for each optimiser, a closed form for the shuffling generator, scikit-learn's
pipeline for the cross-validation.
"""

import re

import numpy as np
import pytest
from conftest import assert_rejects, post_named, run_of, tables_shown
from sklearn.linear_model import Ridge
from sklearn.model_selection import PredefinedSplit, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

POST = post_named("many-features-one-matrix")
MODULUS = 2**31 - 1


@pytest.fixture(scope="module")
def run():
    return run_of(POST)


def design(Z):
    return np.column_stack([Z, np.ones(len(Z))])


def gap_reached(losses, target):
    """The first epoch whose loss is at or below target, by the tests' own reading."""
    return next(k for k, loss in enumerate(losses) if loss <= target)


# ---------------------------------------------------------------- data and shapes


def test_each_feature_means_what_the_datasets_own_description_says(run):
    # scikit-learn's description of the data, "- s3  hdl, high-density lipoproteins", is the
    # reference: every word of the post's meaning (but its own asides) is in that line.
    from sklearn.datasets import load_diabetes

    lines = dict(re.findall(r"^[ \t]+- (\w+)[ \t]*(.*)$", load_diabetes().DESCR, re.MULTILINE))
    for feature, meaning in run["MEANINGS"].items():
        words = re.sub(r"\((?:two values|probably)\)|[()]", "", meaning).lower().split()
        reference = f"{feature} {lines[feature]}".lower()
        assert all(word in reference for word in words), f"{feature}: {meaning!r} vs {reference!r}"


def test_the_split_keeps_every_patient_once_and_a_fifth_for_testing(run):
    rows = np.concatenate([run["train_rows"], run["test_rows"]])
    assert sorted(rows) == list(range(442))
    assert len(run["test_rows"]) == 442 // 5
    np.testing.assert_array_equal(run["X_test"], run["X_all"][run["test_rows"]])


def test_features_are_scaled_with_the_training_sets_mean_and_deviation(run):
    X_train, Z_test = run["X_train"], run["Z_test"]
    np.testing.assert_allclose(run["Z_train"].mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(run["Z_train"].std(axis=0), 1, rtol=1e-12)
    expected = (run["X_test"] - X_train.mean(axis=0)) / X_train.std(axis=0)
    np.testing.assert_allclose(Z_test, expected, rtol=1e-12, atol=1e-12)
    assert abs(Z_test.mean(axis=0)).max() > 1e-3  # scaled by the training rows, not its own


def test_the_gradient_is_the_mse_s_slope(run):
    # Independent: central finite differences of the post's loss, one weight at a time.
    Z, y, loss = run["Z_train"], run["y_train"], run["loss_mse"]
    w, b, h = run["w_try"], run["b_try"], 1e-5
    dw, db = run["gradient"](Z, y, w, b)
    for j in range(len(w)):
        step = np.zeros_like(w)
        step[j] = h
        slope = (loss(Z, y, w + step, b) - loss(Z, y, w - step, b)) / (2 * h)
        assert dw[j] == pytest.approx(slope, rel=1e-6)
    assert db == pytest.approx((loss(Z, y, w, b + h) - loss(Z, y, w, b - h)) / (2 * h), rel=1e-6)
    loop_dw, loop_db = run["gradient_loop"](Z, y, w, b)
    np.testing.assert_allclose(loop_dw, dw, rtol=1e-10)
    assert loop_db == pytest.approx(db, rel=1e-10)


def test_the_broadcast_trap_gives_a_wrong_loss_without_an_error(run):
    assert run["wrong"] != pytest.approx(run["right"], rel=1e-3)
    p = run["predict"](run["Z_train"], run["w_try"], run["b_try"])
    # The mean over every (prediction, target) pair: what broadcasting computed.
    every_pair = np.mean([(p - target) ** 2 for target in run["y_train"]])
    assert run["wrong"] == pytest.approx(every_pair, rel=1e-12)


@pytest.mark.parametrize(
    "change, error, words",
    [
        (lambda X, y, w: (X[:, 0], y, w[:1]), ValueError, "X must be a 2-D array"),
        (lambda X, y, w: (X, y.reshape(-1, 1), w), ValueError, "y must have shape"),
        (lambda X, y, w: (X, y[:-1], w), ValueError, "y must have shape"),
        (lambda X, y, w: (X, y, w[:-1]), ValueError, "w must have shape"),
        (lambda X, y, w: (X, y, w.reshape(-1, 1)), ValueError, "w must have shape"),
    ],
)
def test_loss_and_gradient_reject_shapes_that_would_broadcast(run, change, error, words):
    X, y, w = change(run["Z_train"], run["y_train"], run["w_try"])
    for function in (run["loss_mse"], run["gradient"]):
        assert_rejects(lambda f=function: f(X, y, w, 0.0), error, words)


# ---------------------------------------------------------------- exact answers


def test_the_three_exact_answers_are_least_squares(run):
    B, y = design(run["Z_train"]), run["y_train"]
    expected, *_ = np.linalg.lstsq(B, y, rcond=None)  # the tests' own
    for name in ("theta_lstsq", "theta_normal", "theta_sklearn"):
        np.testing.assert_allclose(run[name], expected, rtol=0, atol=1e-8, err_msg=name)
    # A minimum: the gradient vanishes there.
    dw, db = run["gradient"](run["Z_train"], y, run["w_exact"], run["b_exact"])
    assert np.abs(np.append(dw, db)).max() < 1e-9


def test_curvature_is_the_hessian_of_the_mse(run):
    B = design(run["Z_train"])
    expected = np.linalg.eigvalsh(2 / len(B) * B.T @ B)
    np.testing.assert_allclose(run["eigenvalues"], expected, rtol=1e-12)
    assert run["bound"] == pytest.approx(2 / expected[-1], rel=1e-12)
    assert 100 < run["condition"] < 1000  # "in the hundreds"


# ---------------------------------------------------------------- optimisers


def plain_descent(B, y, learning_rate, target, beta=0.0, max_epochs=10_000):
    """Gradient descent (with heavy-ball momentum if beta > 0): the epochs to reach target."""
    theta, velocity = np.zeros(B.shape[1]), np.zeros(B.shape[1])
    losses = [np.mean((B @ theta - y) ** 2)]
    while losses[-1] > target and len(losses) <= max_epochs:
        velocity = beta * velocity - learning_rate * 2 / len(y) * B.T @ (B @ theta - y)
        theta = theta + velocity
        losses.append(np.mean((B @ theta - y) ** 2))
    return gap_reached(losses, target), theta


def test_batch_gradient_descent_and_momentum_take_the_epochs_plain_loops_take(run):
    B, y, target = design(run["Z_train"]), run["y_train"], run["target"]
    epochs, theta = plain_descent(B, y, run["gd_rate"], target)
    assert run["batch_run"].epochs == epochs and run["batch_run"].reason == "reached"
    np.testing.assert_allclose(run["batch_run"].theta, theta, rtol=1e-9)
    epochs, _ = plain_descent(B, y, run["momentum_rate"], target, beta=run["momentum_beta"])
    assert run["momentum_run"].epochs == epochs
    assert run["momentum_run"].epochs < run["batch_run"].epochs / 10


def test_adam_takes_the_epochs_a_plain_loop_takes(run):
    B, y, target, rate = design(run["Z_train"]), run["y_train"], run["target"], run["adam_rate"]
    theta, m, v = np.zeros(B.shape[1]), np.zeros(B.shape[1]), np.zeros(B.shape[1])
    losses = [np.mean(y**2)]
    for t in range(1, 10_001):
        g = 2 / len(y) * B.T @ (B @ theta - y)
        m, v = 0.9 * m + 0.1 * g, 0.999 * v + 0.001 * g**2
        theta = theta - rate * (m / (1 - 0.9**t)) / (np.sqrt(v / (1 - 0.999**t)) + 1e-8)
        losses.append(np.mean((B @ theta - y) ** 2))
        if losses[-1] <= target:
            break
    assert run["adam_run"].epochs == gap_reached(losses, target)


def test_shuffled_is_a_permutation_drawn_from_the_minimal_standard_generator(run):
    for n, seed in [(354, run["SHUFFLE_SEED"]), (10, 1), (1, 5)]:
        order, state = run["shuffled"](n, seed)
        assert sorted(order) == list(range(n))
        # Independent: n - 1 draws advance the state by the multiplier's (n-1)th power.
        assert state == seed * pow(48271, n - 1, MODULUS) % MODULUS
    first, state = run["shuffled"](354, run["SHUFFLE_SEED"])
    second, _ = run["shuffled"](354, state)
    assert list(first) != list(second) != list(range(354))  # a new order every epoch


def test_sgd_takes_one_step_per_batch_and_stays_above_its_noise_floor(run):
    n, batch = len(run["y_train"]), run["BATCH_SIZE"]
    for sgd in (run["sgd_run"], run["sgd_decay_run"]):
        assert sgd.steps == sgd.epochs * -(-n // batch)
        assert sgd.reason == "max_epochs"
    # Repeating a run gives the same numbers: the order is seeded.
    again = run["train"](
        run["Z_train"],
        run["y_train"],
        run["GradientDescent"](run["sgd_rate"]),
        max_epochs=3,
        batch_size=batch,
    )
    np.testing.assert_array_equal(again.history, run["sgd_run"].history[:4])


def test_a_learning_rate_past_the_bound_diverges(run):
    too_large = run["train"](
        run["Z_train"], run["y_train"], run["GradientDescent"](1.1 * run["bound"]), max_epochs=500
    )
    assert too_large.reason == "diverged" and too_large.epochs < 500


# ---------------------------------------------------------------- ridge


def test_ridge_exact_is_scikit_learns_ridge_with_alpha_n_lambda(run):
    Z, y, n = run["Z_train"], run["y_train"], len(run["y_train"])
    for lam in (0.01, run["best_lam"], 1.0):
        model = Ridge(alpha=lam * n).fit(Z, y)
        theta = run["ridge_exact"](design(Z), y, lam)
        np.testing.assert_allclose(theta, np.append(model.coef_, model.intercept_), atol=1e-8)


def test_gradient_descent_on_ridge_reaches_its_minimum(run):
    theta, lam = run["theta_ridge"], run["best_lam"]
    assert run["ridge_run"].reason == "reached"
    assert run["ridge_run"].history[-1] <= run["ridge_loss"] * (1 + run["TOL"])
    # The ridge Hessian: 2/n B^T B plus 2 lam on every weight but b's.
    B = design(run["Z_train"])
    penalty = 2 * lam * np.diag([1.0] * (B.shape[1] - 1) + [0.0])
    values = np.linalg.eigvalsh(2 / len(B) * B.T @ B + penalty)
    assert run["ridge_condition"] == pytest.approx(values[-1] / values[0], rel=1e-10)
    assert np.abs(run["ridge_run"].theta - theta).max() < 1.0


def test_cross_validation_is_scikit_learns_with_the_same_folds(run):
    X, y, folds = run["X_train"], run["y_train"], run["folds"]
    fold_of = np.empty(len(y), dtype=int)
    for k, fold in enumerate(folds):
        fold_of[fold] = k
    assert sorted(np.concatenate(folds)) == list(range(len(y)))
    for lam in (0.001, run["best_lam"], 1.0):
        # Our lambda is alpha / n, n the rows each fold fits on.
        scores = [
            -cross_val_score(
                make_pipeline(StandardScaler(), Ridge(alpha=lam * (len(y) - len(fold)))),
                X,
                y,
                cv=PredefinedSplit(np.where(fold_of == k, 0, -1)),
                scoring="neg_mean_squared_error",
            )[0]
            for k, fold in enumerate(folds)
        ]
        ours = run["cross_validated_mse"](X, y, lam, folds)
        assert ours == pytest.approx(np.mean(scores), rel=1e-10)


def test_the_race_table_shows_each_runs_own_distance_and_gap(run):
    # Independent: scikit-learn's least squares on the standardised training set gives the
    # exact weights, intercept and MSE; each row's distance and gap are measured from them.
    from sklearn.linear_model import LinearRegression

    exact = LinearRegression().fit(run["Z_train"], run["y_train"])
    theta = np.append(exact.coef_, exact.intercept_)
    best = np.mean((run["y_train"] - exact.predict(run["Z_train"])) ** 2)
    (rows,) = [t for t in tables_shown(run) if len(t) == len(run["runs"])]
    for row, (name, (race_run, _)) in zip(rows, run["runs"].items(), strict=True):
        assert row[0] == name
        assert row[-1] == f"{np.linalg.norm(race_run.theta - theta):.4f}", name
        assert row[-2] == f"{(race_run.history[-1] - best) / best:.1e}", name
        batches = -(-len(run["y_train"]) // run["BATCH_SIZE"]) if "SGD" in name else 1
        assert row[-3] == f"{race_run.epochs * batches:,}", name  # a step per batch


def test_the_race_table_shows_the_settings_each_run_was_trained_with(run):
    # Each "symbol = value" of a Settings cell is, to its digits, the setting of the optimiser
    # that row's run trained with; a decay is shown where there is one; and 1/λmax is the
    # largest eigenvalue of the Hessian 2/n BᵀB, computed here with B = [Z, 1].
    fields = {"η": "learning_rate", "η₀": "learning_rate", "k": "decay", "β": "beta"}
    B = design(run["Z_train"])
    lambda_max = np.linalg.eigvalsh(2 / len(B) * B.T @ B).max()
    (rows,) = [t for t in tables_shown(run) if len(t) == len(run["runs"])]
    for row, (race_run, _) in zip(rows, run["runs"].values(), strict=True):
        optimiser = race_run.optimiser
        shown = re.findall(r"(η₀|η|k|β) = (1/λmax = )?([\d.]+)", row[1])
        assert [symbol for symbol, *_ in shown][:1] in (["η"], ["η₀"]), row
        assert ("k" in [symbol for symbol, *_ in shown]) == bool(getattr(optimiser, "decay", 0))
        for symbol, inverse, value in shown:
            if inverse:
                assert optimiser.learning_rate == pytest.approx(1 / lambda_max), row
            half = 0.5 * 10.0 ** -len(value.split(".")[-1]) if "." in value else 0.5
            assert abs(float(value) - getattr(optimiser, fields[symbol])) <= half, row
