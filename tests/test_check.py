"""check.py, the learner's `check(exercise, answer)`: its verdicts, and its errors for bad input.

The verdicts are checked on an answers file written here with known answers, and on every
post's own answers.json. check prints its verdict and returns nothing, so a notebook shows
the verdict once and never the answer.
"""

import json

import numpy as np
import pytest
from conftest import assert_rejects

from blogkit.exercises import answer, answers_text
from blogkit.paths import answers_path
from check import check

# Known answers: an epoch count, a slope and intercept, and an exercise with nothing to check.
ANSWERS = {
    1: answer(1498, task="an epoch", right=0.002).as_dict(),
    2: answer([1.5, 67.5], task="a slope and an intercept").as_dict(),
    3: answer(None, task="a thought").as_dict(),
    4: answer([0.0, -2.0], task="a gradient").as_dict(),
}


@pytest.fixture
def answers(tmp_path):
    path = tmp_path / "answers.json"
    path.write_text(answers_text(ANSWERS, "a-post"), encoding="utf-8")
    return path


def verdict(capsys, exercise, given, answers):
    assert check(exercise, given, answers) is None  # nothing for the notebook to echo
    return capsys.readouterr().out


@pytest.mark.parametrize(
    ("exercise", "given", "expected"),
    [
        (1, 1498, "right\n"),
        (1, 1497, "right\n"),  # one epoch off: another way of counting
        (1, 1450, "close: within 5%\n"),
        (1, 1400, "not yet\n"),
        (1, np.int64(1498), "right\n"),
        (2, [1.5, 67.5], "right\n"),
        (2, (1.5004, 67.49), "right\n"),  # rounded to what was printed
        (2, np.array([1.5, 67.5]), "right\n"),
        (2, [1.55, 67.5], "close: within 5%\n"),  # close in each number
        (2, [1.5, 80.0], "not yet\n"),
        (2, [67.5, 1.5], "not yet\n"),  # the right numbers in the wrong order
        # each number is judged on its own: one exact number does not make up for another
        (2, [1.5, 67.6], "close: within 5%\n"),
        (2, [1.5, 72.9], "not yet\n"),
        (2, [float("nan"), 67.5], "not yet\n"),
        (4, [0.0, -2.0], "right\n"),
        (4, [0.0005, -2.0], "right\n"),  # an expected zero: compared absolutely
        (4, [0.01, -2.0], "close: within 5%\n"),
        (4, [0.5, -2.0], "not yet\n"),
        (4, [0.0, -2.05], "close: within 5%\n"),  # a negative expected value: its size counts
        (4, [0.0, 2.0], "not yet\n"),  # the sign is wrong
        (4, [0.0, -3.0], "not yet\n"),
    ],
)
def test_check_says_right_close_or_not_yet(capsys, answers, exercise, given, expected):
    assert verdict(capsys, exercise, given, answers) == expected


def test_check_never_prints_the_answer(capsys, answers):
    for exercise, given in ((1, 1450), (1, 1), (2, [1.0, 1.0]), (2, [1.55, 67.5])):
        out = verdict(capsys, exercise, given, answers)
        assert "1498" not in out and "67.5" not in out and "1.5" not in out, out


@pytest.mark.parametrize(
    ("exercise", "given", "error", "words"),
    [
        (7, 1.0, ValueError, "exercise must be the number of an exercise, one of 1, 2, 3, 4"),
        ("1", 1498, TypeError, "exercise must be the exercise's number, such as 1, got str"),
        (True, 1498, TypeError, "exercise must be the exercise's number"),
        (3, 1.0, ValueError, "exercise 3 has no numeric answer to check"),
        (1, "1498", TypeError, "answer must be a number for exercise 1, got str"),
        (1, None, TypeError, "answer must be a number for exercise 1, got NoneType"),
        (1, True, TypeError, "answer must be a number for exercise 1, got bool"),
        (1, [1498, 1], ValueError, "answer must be a number for exercise 1, got 2 numbers"),
        (2, 1.5, ValueError, "answer must be 2 numbers (a list, a tuple or an array)"),
        (2, [1.5, "67.5"], TypeError, "answer must be 2 numbers (a list, a tuple or an array)"),
        (2, [[1.5, 67.5]], TypeError, "answer must be 2 numbers"),
        (2, {"m": 1.5, "b": 67.5}, TypeError, "answer must be 2 numbers"),
    ],
)
def test_check_rejects_bad_input_naming_the_argument(answers, exercise, given, error, words):
    assert_rejects(lambda: check(exercise, given, answers), error, words)


def test_check_says_where_the_answers_file_is_missing(tmp_path):
    missing = tmp_path / "answers.json"
    assert_rejects(lambda: check(1, 1.0, missing), FileNotFoundError, "answers must be the")


def test_check_reads_answers_json_from_the_notebooks_folder(capsys, answers, monkeypatch):
    # A notebook's kernel runs in the notebook's folder, where the download puts answers.json.
    monkeypatch.chdir(answers.parent)
    check(1, 1498)
    assert capsys.readouterr().out == "right\n"


def test_each_posts_answers_pass_their_own_check(capsys, post):
    # The learner who gets the solution's numbers hears "right"; a slip of 2% "close"; a
    # wrong answer "not yet". (That the numbers are the solutions' is test_exercises.py's.)
    path = answers_path(post)
    assert path.is_file(), f"{post.parent.name} has no answers.json: every post has exercises"
    exercises = json.loads(path.read_text(encoding="utf-8"))["exercises"]
    for number, entry in exercises.items():
        if entry["value"] is None:
            continue
        value = np.asarray(entry["value"], dtype=float)
        near = np.where(value == 0, 0.02, value * 1.02)
        far = np.where(value == 0, 1.0, value * -3.0)
        for given, expected in ((value, "right"), (near, "close"), (far, "not yet")):
            check(int(number), given.tolist() if value.ndim else float(given), path)
            assert capsys.readouterr().out.startswith(expected), (post.parent.name, number)
