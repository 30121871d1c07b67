"""Every post's exercises, and their solutions tested like code.

Each post ends with three to five exercises, each a question with a worked solution folded
into a callout. The solutions run (in-process here, in a kernel when the notebooks are built
and again under nbval on the download), and what they answer follows from the post's code:
answers.json is what they compute now, and every post's answers agree with the tests' own
computations (numpy's least squares, scikit-learn, a plain gradient-descent loop, finite
differences), which share nothing with the solutions' code but the post's settings and data.
"""

import json
import re

import numpy as np
import pytest
from conftest import (
    FIVE_X,
    FIVE_Y,
    NUMBER,
    REBUILD,
    descend,
    least_squares,
    mse,
    notebook_of,
    post_named,
    rounding_interval,
    run_of,
    solutions_of,
    text_of,
)

from blogkit.exercises import SOLUTION_OPEN, answer, split_solutions
from blogkit.notebooks import is_python, read_post
from blogkit.paths import answers_path

FIRST_POST = post_named("linear-regression-from-scratch")
FEWEST, MOST = 3, 5


def exercises_section(post):
    """The text from the post's `## Exercises` heading to its end."""
    text = text_of(post)
    start = re.search(r"^## Exercises$", text, re.MULTILINE)
    assert start, f"{post.parent.name} has no '## Exercises' section"
    return text[start.start() :]


def exercises(post):
    """Each exercise's text: its `### ` heading, question and solution."""
    return re.split(r"^(?=### )", exercises_section(post), flags=re.MULTILINE)[1:]


def test_every_post_ends_with_three_to_five_exercises(post):
    section = exercises_section(post)
    last = not re.search(r"^## (?!Solution$)", section[3:], re.MULTILINE)
    assert last, "Exercises is the last section"
    assert "What to try next" not in text_of(post), "the exercises replace 'What to try next'"
    found = exercises(post)
    assert FEWEST <= len(found) <= MOST, f"{post.parent.name} has {len(found)} exercises"
    solutions = {n for n, _ in split_solutions(read_post(post).cells) if n is not None}
    assert len(solutions) == len(found)
    for exercise in found:
        heading, body = exercise.split("\n", 1)
        question = body.split('::: {.callout-tip collapse="true"}')[0]
        assert len(question.split()) >= 10, f"{heading}: the question is a few words at least"
        assert "```{python}" not in question, f"{heading}: code belongs in the solution"
        callouts = [line for line in body.splitlines() if SOLUTION_OPEN.match(line)]
        assert len(callouts) == 1, f"{heading}: one folded solution per exercise"


def test_every_solution_shows_code_and_what_it_computes(post):
    pieces = split_solutions(read_post(post).cells)
    for number in {n for n, _ in pieces if n is not None}:
        cells = [cell for n, cell in pieces if n == number]
        code = [cell for cell in cells if is_python(cell)]
        assert code, f"solution {number} runs code"
        assert all("#| code-fold: show" in cell.source for cell in code), (
            f"solution {number}: its code is shown once the solution is opened"
        )
        prose = " ".join(cell.source for cell in cells if cell.cell_type == "markdown")
        assert len(prose.split()) >= 20, f"solution {number} is worked out in words too"


def test_answers_json_is_what_the_solutions_compute(post):
    # In-process, each answer(...) evaluated where it stands: a changed constant or function
    # in the post or a solution, without a rebuild, leaves answers.json behind.
    # Values agree to 1e-9 relative: the last digits kept may round either way where the
    # last bits of a float differ between NumPy builds.
    stored = json.loads(answers_path(post).read_text(encoding="utf-8"))
    computed = {str(k): a.as_dict() for k, a in run_of(post)["solution_answers"].items()}
    out_of_date = f"answers.json of {post.parent.name} is out of date; {REBUILD}"
    assert stored["post"] == post.parent.name and stored["exercises"].keys() == computed.keys()
    for number, now in computed.items():
        entry = stored["exercises"][number]
        assert {k: v for k, v in entry.items() if k != "value"} == {
            k: v for k, v in now.items() if k != "value"
        }, out_of_date
        assert (entry["value"] is None) == (now["value"] is None), out_of_date
        if now["value"] is not None:
            np.testing.assert_allclose(entry["value"], now["value"], rtol=1e-9, err_msg=out_of_date)


def solution_prose(post):
    """{exercise number: the words of its worked solution}, as the solutions notebook shows
    them (inline code written as its value): the markdown from its title to the next heading."""
    found, number = {}, None
    for cell in solutions_of(post).cells:
        if cell.cell_type == "markdown" and cell.source.startswith("#"):
            number = len(found) + 1 if cell.source.startswith("#### Solution") else None
            found.update({number: ""} if number else {})
        elif cell.cell_type == "markdown" and number:
            found[number] += cell.source + "\n"
    return found


def test_every_solution_states_its_answer_in_words(post):
    # The numbers a learner checks are the ones the solution's words give: an inline
    # expression there that picks another run's value, or flips a sign, says something else.
    prose = solution_prose(post)
    for number, declared in run_of(post)["solution_answers"].items():
        text = re.sub(r"\{,\}|\\,", ",", prose[number]).replace("\u2212", "-")
        shown_there = list(NUMBER.finditer(text))
        for value in np.atleast_1d(declared.value if declared.value is not None else []):
            assert any(low <= value <= high for low, high in map(rounding_interval, shown_there)), (
                f"{post.parent.name}, exercise {number}: its solution never states its answer "
                f"{value:g} ({declared.task})"
            )


def test_each_question_reads_the_same_with_and_without_the_solutions(post):
    # The exercise notebook runs no solution; if a solution changed a value that a later
    # question shows, the two notebooks (and the page) would disagree about the question.
    with_solutions = [c.source for c in solutions_of(post).cells if c.cell_type == "markdown"]
    position = 0
    for cell in notebook_of(post).cells[1:]:
        if cell.cell_type != "markdown":
            continue
        assert cell.source in with_solutions[position:], (
            f"{post.parent.name}: a solution changes what this text shows:\n{cell.source[:300]}"
        )
        position = with_solutions.index(cell.source, position) + 1


def test_solutions_print_only_in_the_solutions(post):
    run = run_of(post)
    assert run["printed_in_solutions"], "the solutions print their results"
    assert run["printed_in_solutions"] not in run["printed"]


# ---------------------------------------------------------------- the first post's answers


@pytest.fixture(scope="module")
def first():
    run = run_of(FIRST_POST)
    np.testing.assert_array_equal(run["X"], FIVE_X)  # the references below use the data
    np.testing.assert_array_equal(run["y_true"], FIVE_Y)
    return run, {k: a.value for k, a in run["solution_answers"].items()}


def test_first_post_doubled_rate_answer_is_the_first_epoch_at_the_final_loss(first):
    run, answers = first
    epochs, rate = run["epochs"], run["learning_rate"]
    _, losses = descend(FIVE_X, FIVE_Y, rate, epochs)
    _, doubled = descend(FIVE_X, FIVE_Y, run["doubled_rate"], epochs)
    final = losses[epochs - 1]  # the loss of the post's last epoch, counted from zero
    assert final == pytest.approx(run["final_loss"], rel=1e-12)
    assert answers[1] == np.flatnonzero(doubled <= final)[0]
    assert run["doubled_rate"] == 2 * rate


def test_first_post_sixth_point_answer_is_training_on_six_points(first):
    run, answers = first
    x6, y6 = np.append(FIVE_X, run["sixth_x"]), np.append(FIVE_Y, run["sixth_y"])
    path, _ = descend(x6, y6, run["learning_rate"], run["epochs"])
    np.testing.assert_allclose(answers[2], path[-1], rtol=1e-9)
    # and, trained long enough, the six points' least-squares line
    np.testing.assert_allclose(answers[2], least_squares(x6, y6), atol=1e-2)


def test_first_post_stopping_answer_is_the_first_small_improvement(first):
    run, answers = first
    _, losses = descend(FIVE_X, FIVE_Y, run["learning_rate"], run["epochs"])
    improvements = losses[:-1] - losses[1:]  # improvements[k - 1]: what update k gained
    assert answers[3] == np.flatnonzero(improvements < run["tol"])[0] + 1


def test_first_post_mae_answer_is_the_gradient_measured_at_the_trained_line(first):
    run, answers = first
    m, b, h = run["m"], run["b"], 1e-7

    def mae(m, b):
        return float(np.mean(np.abs(FIVE_Y - (m * FIVE_X + b))))

    measured = [
        (mae(m + h, b) - mae(m - h, b)) / (2 * h),
        (mae(m, b + h) - mae(m, b - h)) / (2 * h),
    ]
    np.testing.assert_allclose(answers[4], measured, atol=1e-6)
    assert mse(FIVE_X, FIVE_Y, m, b) == pytest.approx(run["final_loss"], rel=1e-3)


# ---------------------------------------------------------------- the second post's answers

SECOND_POST = post_named("knowing-when-to-stop")


@pytest.fixture(scope="module")
def second():
    run = run_of(SECOND_POST)
    np.testing.assert_array_equal(run["X"], FIVE_X)
    np.testing.assert_array_equal(run["y_true"], FIVE_Y)
    return run, {k: a.value for k, a in run["solution_answers"].items()}


def test_second_post_smaller_tolerance_answer_is_the_first_small_improvement(second):
    run, answers = second
    _, losses = descend(FIVE_X, FIVE_Y, run["learning_rate"], 10 * run["max_epochs"])
    improvements = losses[:-1] - losses[1:]  # improvements[k - 1]: what epoch k gained
    small = (improvements >= 0) & (improvements < run["tol"] / 10)
    assert answers[1] == np.flatnonzero(small)[0] + 1
    assert run["smaller_tol"] == pytest.approx(run["tol"] / 10, rel=1e-12)


def test_second_post_limit_found_by_experiment_is_two_over_the_largest_curvature(second):
    _, answers = second
    hessian = 2 * np.array([[np.mean(FIVE_X**2), np.mean(FIVE_X)], [np.mean(FIVE_X), 1.0]])
    limit = 2 / np.linalg.eigvalsh(hessian).max()
    assert answers[2] == pytest.approx(limit, abs=1e-6)
    # and a rate just past it makes the tests' own descent grow, one just before it not
    for rate, grows in ((limit * 0.999, False), (limit * 1.001, True)):
        _, losses = descend(FIVE_X, FIVE_Y, rate, 10_000)
        assert (losses[-1] > losses[-2]) == grows


def test_second_post_two_cycle_answer_is_the_mirror_image_through_the_minimum(second):
    run, answers = second
    z = (FIVE_X - FIVE_X.mean()) / FIVE_X.std()
    w, c = least_squares(z, FIVE_Y)
    jump, loss = answers[3]
    assert jump == pytest.approx(2 * np.hypot(w, c), rel=1e-9)
    assert loss == pytest.approx(mse(z, FIVE_Y, 0, 0), rel=1e-12)
    assert loss == pytest.approx(mse(z, FIVE_Y, 2 * w, 2 * c), rel=1e-9)
    # and the tests' own descent at that rate goes there and back
    path, _ = descend(z, FIVE_Y, run["rate_at_limit"], 2)
    np.testing.assert_allclose(path[1], (2 * w, 2 * c), rtol=1e-9)
    np.testing.assert_allclose(path[2], (0, 0), atol=1e-9)


# ---------------------------------------------------------------- the third post's answers

THIRD_POST = post_named("many-features-one-matrix")


@pytest.fixture(scope="module")
def third():
    from sklearn.datasets import load_diabetes

    run = run_of(THIRD_POST)
    X, y = load_diabetes(return_X_y=True, scaled=False)
    np.testing.assert_array_equal(run["X_all"], X)  # the references below load the data anew
    return run, X, y, {k: a.value for k, a in run["solution_answers"].items()}


def split(X, y, seed):
    """The post's split, by its stated rule: a seeded permutation, the first fifth for testing."""
    rows = np.random.default_rng(seed).permutation(len(y))
    test, train = rows[: len(y) // 5], rows[len(y) // 5 :]
    return X[train], y[train], X[test], y[test]


def test_third_post_patient_answer_is_scikit_learns_prediction(third):
    # Independent: scikit-learn fitted on the raw features (an affine rescaling of the
    # columns changes no prediction of a model with an intercept).
    from sklearn.linear_model import LinearRegression

    run, X, y, answers = third
    X_train, y_train, X_test, _ = split(X, y, run["SEED"])
    model = LinearRegression().fit(X_train, y_train)
    assert answers[1] == pytest.approx(model.predict(X_test[[run["patient"]]])[0], rel=1e-9)


def test_third_post_split_answer_is_scikit_learns_test_mse_for_the_other_seed(third):
    from sklearn.linear_model import LinearRegression
    from sklearn.metrics import mean_squared_error

    run, X, y, answers = third
    X_train, y_train, X_test, y_test = split(X, y, run["other_seed"])
    model = LinearRegression().fit(X_train, y_train)
    assert answers[2] == pytest.approx(mean_squared_error(y_test, model.predict(X_test)), rel=1e-9)
    assert run["other_seed"] != run["SEED"]


def test_third_post_dropped_feature_answer_is_a_plain_descent_without_its_column(third):
    # Independent: scikit-learn's scaler, numpy's condition number of the Hessian, and a
    # plain full-batch loop counting epochs until the MSE is within the post's tolerance.
    from sklearn.preprocessing import StandardScaler

    run, X, y, answers = third
    X_train, y_train, _, _ = split(X, y, run["SEED"])
    keep = [k for k, name in enumerate(run["FEATURES"]) if name != run["dropped"]]
    assert len(keep) == X.shape[1] - 1
    B = np.column_stack([StandardScaler().fit_transform(X_train[:, keep]), np.ones(len(y_train))])
    hessian = 2 / len(y_train) * B.T @ B
    condition, epochs = answers[3]
    assert condition == pytest.approx(np.linalg.cond(hessian), rel=1e-9)
    best = np.linalg.lstsq(B, y_train, rcond=None)[0]
    target = np.mean((B @ best - y_train) ** 2) * (1 + run["TOL"])
    rate, theta, counted = 1 / np.linalg.eigvalsh(hessian).max(), np.zeros(B.shape[1]), 0
    while np.mean((B @ theta - y_train) ** 2) > target and counted < 10_000:
        theta -= rate * 2 / len(y_train) * B.T @ (B @ theta - y_train)
        counted += 1
    assert epochs == counted


def test_an_answer_keeps_twelve_significant_digits_and_whole_numbers_whole():
    # answers.json must not change with the last bits of a float (NumPy builds differ there).
    value = answer([198.34400402848743, 234, 1 / 3], task="three numbers").value
    assert value == [198.344004028, 234.0, 0.333333333333]
    assert answer(2687, task="a count").value == 2687
    assert answer(198.34400402848703, task="x").value == answer(198.34400402848743, task="x").value
