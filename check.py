"""Check your answer to an exercise, without being shown the answer.

    from check import check
    check(1, my_answer)   # prints "right", "close: within 5%" or "not yet"

The expected answers are in answers.json, next to the notebook: the worked solutions
computed them when the notebook was built. An answer is right when it is within a small
relative distance of the expected one (a rounded answer is right), close when it is within
a larger one; a pair of numbers is compared number by number.
"""

import json
import numbers
from pathlib import Path

import numpy as np

ANSWERS = "answers.json"


def check(exercise, answer, answers=ANSWERS):
    """Print how near `answer` is to the answer of exercise number `exercise`.

    `answer` is a number, or several numbers (a list, a tuple or an array) where the
    exercise asks for several. `answers` is the answers file (answers.json next to the
    notebook, by default).
    """
    expected = _expected(exercise, answers)
    given = _numbers("answer", answer, len(expected["value"]), exercise)
    error = _relative_error(given, np.asarray(expected["value"], dtype=float))
    if error <= expected["right"]:
        print("right")
    elif error <= expected["close"]:
        print(f"close: within {expected['close']:.0%}")
    else:
        print("not yet")


def _expected(exercise, answers):
    if isinstance(exercise, bool) or not isinstance(exercise, numbers.Integral):
        raise TypeError(
            f"exercise must be the exercise's number, such as 1, got {type(exercise).__name__} "
            f"{exercise!r}"
        )
    path = Path(answers)
    if not path.is_file():
        raise FileNotFoundError(
            f"answers must be the answers file, and {path} is not a file here: open the "
            "notebook from the folder of the download, which holds answers.json"
        )
    known = json.loads(path.read_text(encoding="utf-8"))["exercises"]
    if str(exercise) not in known:
        raise ValueError(
            f"exercise must be the number of an exercise, one of {', '.join(known)}; got {exercise}"
        )
    expected = dict(known[str(exercise)])
    if expected["value"] is None:
        raise ValueError(
            f"exercise {exercise} has no numeric answer to check: compare your work with the "
            "solutions notebook"
        )
    expected["value"] = np.atleast_1d(expected["value"]).tolist()
    return expected


def _numbers(name, value, count, exercise):
    """`value` as a flat float array of `count` real numbers, or a clear error."""
    wanted = "a number" if count == 1 else f"{count} numbers (a list, a tuple or an array)"
    array = np.asarray(value, dtype=object)
    items = array.ravel().tolist()
    if array.ndim > 1 or not all(
        isinstance(item, numbers.Real) and not isinstance(item, bool) for item in items
    ):
        raise TypeError(
            f"{name} must be {wanted} for exercise {exercise}, got {type(value).__name__} {value!r}"
        )
    if len(items) != count:
        raise ValueError(
            f"{name} must be {wanted} for exercise {exercise}, got {len(items)} numbers"
        )
    return np.asarray(items, dtype=float)


def _relative_error(given, expected):
    """The largest distance of a number from its expected value, relative to that value."""
    scale = np.where(expected == 0, 1.0, np.abs(expected))
    with np.errstate(invalid="ignore"):
        errors = np.abs(given - expected) / scale
    # NaN (a computation that went wrong) is not near anything.
    return float(np.inf) if np.isnan(errors).any() else float(errors.max())
