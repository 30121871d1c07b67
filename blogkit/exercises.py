"""A post's exercises: questions, their folded solutions, and the answers a learner checks.

A post ends with `## Exercises`. Each exercise is a `### ` heading and its question, then
its worked solution in a callout the reader opens (Quarto's collapsed callout):

    ::: {.callout-tip collapse="true"}
    ## Solution

    Prose, code cells and their output, more prose.

    ```{python}
    #| include: false
    answer(epochs_needed, task="the first epoch at or below the post's final loss")
    ```
    :::

The hidden `answer(...)` cell names the solution's result: the notebook builder runs it
with the solutions and writes the values into answers.json, which check.py (in the
download) compares a learner's answer with. The exercise notebook has, in place of each
solution, a cell to work in that says what to compute (`task`) and how to check it.
"""

import ast
import json
import numbers
import re
from pathlib import Path

import numpy as np

SOLUTION_OPEN = re.compile(r'^::: *\{\.callout-tip collapse="true"\} *$')
SOLUTION_TITLE = "## Solution"
DIV_OPEN = re.compile(r"^:{3,} *[{\w]")
DIV_CLOSE = re.compile(r"^:{3,}[ \t]*$")
CODE_FENCE = re.compile(r"^(```|~~~)")
ANSWER_CALL = re.compile(r"^answer\(", re.MULTILINE)
# How near a learner's answer must be, relative to the expected one: "right" forgives
# rounding to three or four significant digits, "close" a slip in a setting.
RIGHT, CLOSE = 1e-3, 0.05


class Answer:
    """The result of an exercise's solution, as the builder writes it into answers.json."""

    def __init__(self, value, task, right=RIGHT, close=CLOSE):
        self.value = _plain_numbers(value)
        if not isinstance(task, str) or not task.strip():
            raise TypeError("task must say in words what the exercise computes")
        if re.search(r"\d", task):
            raise ValueError(f"task must not type a number (the question shows it): {task!r}")
        for name, tolerance in (("right", right), ("close", close)):
            if isinstance(tolerance, bool) or not isinstance(tolerance, numbers.Real):
                raise TypeError(f"{name} must be a relative tolerance, got {tolerance!r}")
        if not 0 <= right < close < 1:
            raise ValueError(
                f"right and close must satisfy 0 <= right < close < 1, got {right} and {close}"
            )
        self.task, self.right, self.close = task.strip(), float(right), float(close)

    def as_dict(self):
        return {"task": self.task, "value": self.value, "right": self.right, "close": self.close}

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"application/json": self.as_dict(), "text/plain": repr(self.as_dict())}


def answer(value, task, right=RIGHT, close=CLOSE):
    """Declare the result of the solution it ends: a number, several numbers, or None."""
    return Answer(value, task, right, close)


# Significant digits an answer keeps: far more than any check needs, and few enough that the
# last bits of a float (which differ between NumPy builds) do not change answers.json.
ANSWER_DIGITS = 12


def _plain_numbers(value):
    """None, a finite number, or a flat list of finite numbers, as JSON writes them, each
    float rounded to ANSWER_DIGITS significant digits."""
    if value is None:
        return None
    array = np.asarray(value)
    if array.dtype.kind not in "iuf" or array.ndim > 1 or array.size == 0:
        raise TypeError(f"value must be a number or a flat sequence of numbers, got {value!r}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"value must be finite, got {value!r}")
    if array.dtype.kind == "f":
        array = np.array([float(f"{v:.{ANSWER_DIGITS}g}") for v in array.ravel()]).reshape(
            array.shape
        )
    return array.tolist()


# ---------------------------------------------------------------- the post's cells


def has_exercises(source):
    """Whether the post at `source` has exercises with solutions (and so a solutions notebook).

    Read from the text, not parsed into cells: the post-render step asks this of every post,
    and jupytext and nbformat take over a second to import. A solution callout opens outside
    code blocks; `split_solutions` reads it, and says what is wrong with it.
    """
    in_code = False
    for line in Path(source).read_text(encoding="utf-8").splitlines():
        if CODE_FENCE.match(line):
            in_code = not in_code
        elif not in_code and SOLUTION_OPEN.match(line):
            return True
    return False


def split_solutions(cells):
    """The post's cells (as jupytext reads them) as (solution number or None, cell) pairs.

    jupytext cuts a solution callout that holds code into several cells, so markdown cells
    are cut at the callout's fences: the pieces inside solution k come as (k, cell), without
    the fences and the title. Raises ValueError for a solution without its title or end.
    """
    import nbformat  # here, not at the top: see has_exercises

    pieces, state = [], {"number": None, "count": 0, "depth": 0}
    for cell in cells:
        if cell.cell_type != "markdown":
            pieces.append((state["number"], cell))
            continue
        for owner, text in _cut(cell.source, state):
            if text.strip():
                pieces.append((owner, nbformat.v4.new_markdown_cell(text.strip("\n"))))
    if state["number"] is not None:
        raise ValueError(f"solution {state['number']} has no closing ':::'")
    return pieces


def _cut(markdown, state):
    """`markdown` as (solution number or None, text) runs; `state` carries on across cells."""
    runs, kept = [], []
    lines = iter(markdown.split("\n"))
    for line in lines:
        number = state["number"]
        if number is None and SOLUTION_OPEN.match(line):
            runs.append((None, "\n".join(kept)))
            kept = []
            state.update(count=state["count"] + 1, number=state["count"] + 1, depth=0)
            if next(lines, "").strip() != SOLUTION_TITLE:
                raise ValueError(
                    f"solution {state['number']}: the callout's first line must be "
                    f"{SOLUTION_TITLE!r}"
                )
            continue
        if number is not None and DIV_CLOSE.match(line) and state["depth"] == 0:
            runs.append((number, "\n".join(kept)))
            kept = []
            state["number"] = None
            continue
        if number is not None and DIV_CLOSE.match(line):
            state["depth"] -= 1
        elif number is not None and DIV_OPEN.match(line):
            state["depth"] += 1
        kept.append(line)
    runs.append((state["number"], "\n".join(kept)))
    return runs


def code_of(source):
    """A cell's code without its `#|` option lines."""
    return "\n".join(line for line in source.splitlines() if not line.startswith("#|")).strip()


def is_answer_cell(cell):
    return cell.cell_type == "code" and bool(ANSWER_CALL.match(code_of(cell.source)))


def answer_call(cell):
    """The answer cell's one call, `answer(value, task=...)`, as an ast.Call."""
    tree = ast.parse(code_of(cell.source))
    if not (
        len(tree.body) == 1
        and isinstance(tree.body[0], ast.Expr)
        and isinstance(tree.body[0].value, ast.Call)
        and getattr(tree.body[0].value.func, "id", None) == "answer"
    ):
        raise ValueError(f"an answer cell holds one call, answer(value, task=...): {cell.source!r}")
    return tree.body[0].value


def declared(cell):
    """(task, checkable) of an answer cell: the `task` it states, a plain string (the
    exercise notebook shows it), and whether its value is a number to check (not None)."""
    call = answer_call(cell)
    given = [k.value for k in call.keywords if k.arg == "task"] or call.args[1:2]
    if not given or not isinstance(given[0], ast.Constant) or not isinstance(given[0].value, str):
        raise ValueError(f"answer(...) needs task= as a plain string: {cell.source!r}")
    value = call.args[0] if call.args else None
    checkable = not (isinstance(value, ast.Constant) and value.value is None)
    return given[0].value, checkable


def answer_cells(pieces):
    """{solution number: its answer cell}; each solution has exactly one."""
    found, numbers_seen = {}, set()
    for number, cell in pieces:
        if number is not None:
            numbers_seen.add(number)
        if not is_answer_cell(cell):
            continue
        if number is None:
            raise ValueError("answer(...) belongs inside a solution callout")
        if number in found:
            raise ValueError(f"solution {number} has more than one answer(...) cell")
        found[number] = cell
    missing = sorted(numbers_seen - set(found))
    if missing:
        raise ValueError(f"solution {missing[0]} has no answer(...) cell")
    return found


def exercise_cell_source(number, task, checkable):
    """The code cell the exercise notebook has in place of solution `number`: comments only,
    so that the notebook runs top to bottom as it comes."""
    lines = [f"# Exercise {number}: {task}.", "# Work it out here."]
    if checkable:
        lines += [
            "# Then check your answer (it says right, close or not yet, never the answer):",
            "#     from check import check",
            f"#     check({number}, your_answer)",
        ]
    else:
        lines.append("# The solutions notebook has a worked solution.")
    return "\n".join(lines)


# ---------------------------------------------------------------- the answers


def answers_text(answers, slug):
    """answers.json: {"post": slug, "exercises": {"1": {task, value, right, close}, ...}}."""
    exercises = {str(number): answers[number] for number in sorted(answers)}
    return json.dumps({"post": slug, "exercises": exercises}, indent=1) + "\n"
