"""What the tests share: the project's paths, every post run once, and independent references.

Tests that take a `post` argument run once for every post in posts/: a new post is checked
by the same tests the day it is added. `run_of(post)` is the post's code run in-process,
once per test session, so tests can use its functions and values.
"""

import ast
import contextlib
import importlib.util
import io
import json
import re
from functools import cache
from pathlib import Path

import nbformat
import numpy as np
import pytest
from site_fixtures import rendered_site  # noqa: F401  (the site rendered once per session)

from blogkit.exercises import answer, code_of, is_answer_cell, split_solutions
from blogkit.notebooks import (
    has_exercises,
    is_python,
    notebook_path,
    post_sources,
    read_post,
)
from blogkit.page import PageData
from blogkit.paths import POSTS, solutions_path

PLOTLY = "application/vnd.plotly.v1+json"
REBUILD = "rebuild it with: python scripts/build_notebooks.py"

# The five data points of every post so far (hours worked, money earned), from the source
# article: a definitional constant of the text, checked to be what the posts' code uses.
FIVE_X = np.array([2.0, 3.0, 5.0, 6.0, 8.0])
FIVE_Y = np.array([65.0, 70.0, 75.0, 85.0, 90.0])


# A number as a reader sees it in an alt text, a caption, a table or printed output: 6015,
# -0.74, 1,234, 2.5e-03, "1.2 billion".
NUMBER = re.compile(
    r"(?<![\w.])(-?\d+(?:,\d{3})*(?:\.(\d+))?(?:e([-+]?\d+))?)(?![\d_]|[A-Za-z]{2})"
    r"(\s+(?:thousand|million|billion))?"
)
SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9}


def rounding_interval(match):
    """(low, high): the values a NUMBER match stands for, once rounded to its digits."""
    value = float(match[1].replace(",", ""))
    decimals, exponent = len(match[2] or ""), int(match[3] or 0)
    half = 0.5 * 10.0 ** (exponent - decimals)
    scale = SCALE[match[4].strip()] if match[4] else 1.0
    return (value - half) * scale, (value + half) * scale


def tables_shown(run):
    """The rows of each markdown table the post's cells display, as lists of cell texts."""
    tables = [v.data for v in run["displayed"] if type(v).__name__ == "Markdown"]
    return [
        [[cell.strip() for cell in line.strip().strip("|").split("|")] for line in rows[2:]]
        for rows in (table.splitlines() for table in tables)
    ]


def pytest_generate_tests(metafunc):
    if "post" in metafunc.fixturenames:
        sources = post_sources()
        metafunc.parametrize("post", sources, ids=[s.parent.name for s in sources])


# ---------------------------------------------------------------- the posts


@cache
def run_of(post):
    """The post's Python cells, its exercises' solutions included, run in order in one
    namespace, as the page runs them.

    The cells only the page needs (its inline helpers, its page data) run too, so a failing
    one fails here. `printed` holds what the post's cells printed, `printed_in_solutions` what
    the solutions printed, `post_code` the learner's code, for the post's claims, and
    `solution_answers` {exercise number: Answer} what each solution's answer(...) declares,
    `displayed` the value each cell shows (its last expression, as Jupyter shows it) and
    `displayed_by_cell` the same by the cell's source.
    """
    namespace = {"__name__": "post"}
    printed, in_solutions = io.StringIO(), io.StringIO()
    sources, answers, displayed, by_cell = [], {}, [], {}
    for number, cell in split_solutions(read_post(post).cells):
        if is_answer_cell(cell):  # hidden on the page; evaluated where it stands
            answers[number] = eval(code_of(cell.source), {**namespace, "answer": answer})
            continue
        if cell.cell_type != "code" or cell.metadata.get("language", "python") != "python":
            continue
        if is_python(cell):
            sources.append(cell.source)
        with contextlib.redirect_stdout(printed if number is None else in_solutions):
            displayed.append(run_cell(cell.source, namespace, str(post)))
        by_cell[cell.source.strip()] = displayed[-1]
    namespace["displayed"] = [value for value in displayed if value is not None]
    namespace["displayed_by_cell"] = by_cell
    namespace["printed"] = printed.getvalue()
    namespace["printed_in_solutions"] = in_solutions.getvalue()
    namespace["post_code"] = "\n\n".join(sources)
    namespace["solution_answers"] = answers
    return namespace


def run_cell(source, namespace, filename):
    """Run a cell's code in `namespace`; return the value of its last line if that is an
    expression (what Jupyter displays), else None."""
    tree = ast.parse(source, filename)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, filename, "exec"), namespace)
    return eval(compile(ast.Expression(last.value), filename, "eval"), namespace) if last else None


def page_values(post, name):
    """What the post's page-data cell hands its interactive section `name`, as the page gets it."""
    (data,) = [v for v in run_of(post)["displayed"] if isinstance(v, PageData) and v.name == name]
    return json.loads(data.json)


def text_of(post):
    return Path(post).read_text(encoding="utf-8")


def notebook_of(post):
    path = notebook_path(post)
    assert path.exists(), f"{path.name} is missing; {REBUILD}"
    return nbformat.read(path, as_version=4)


def solutions_of(post):
    """The post's notebook with the exercises' worked solutions."""
    path = solutions_path(post)
    assert path.exists(), f"{path.name} is missing; {REBUILD}"
    return nbformat.read(path, as_version=4)


def notebooks_of(post):
    """{"exercises": ..., "solutions": ...}: the stored notebooks of the post (the second only
    for a post with exercises), each with whether it has the solutions."""
    stored = {"exercises": (notebook_of(post), False)}
    if has_exercises(post):
        stored["solutions"] = (solutions_of(post), True)
    return stored


def printed_by(notebook):
    return "".join(
        o.text
        for cell in notebook.cells
        if cell.cell_type == "code"
        for o in cell.outputs
        if o.output_type == "stream"
    )


def load_module(path, name):
    """A Python file of the project (a post's claims) as a module."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def post_named(slug):
    return POSTS / slug / "index.qmd"


# ---------------------------------------------------------------- independent references
# Written here without the posts' code: numpy's least squares and a plain loop.


def mse(x, y, m, b):
    return float(np.mean((y - (m * x + b)) ** 2))


def least_squares(x, y):
    """The exact best line (slope, intercept), by np.linalg.lstsq."""
    (slope, intercept), *_ = np.linalg.lstsq(np.column_stack([x, np.ones_like(x)]), y, rcond=None)
    return slope, intercept


def descend(x, y, learning_rate, epochs):
    """Plain gradient descent from m = b = 0: the (m, b) pairs and the MSE after 0, 1, ...,
    `epochs` epochs."""
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


# ---------------------------------------------------------------- charts


def assert_stored(actual, expected, digits=6):
    """A chart stores `expected` rounded to `digits` significant digits (plot_utils)."""
    np.testing.assert_allclose(
        np.asarray(actual, dtype=float), expected, rtol=5 * 10.0**-digits, atol=0
    )


# ---------------------------------------------------------------- bad input


def assert_rejects(call, error, words):
    """`call()` raises `error` whose message contains `words` (the argument's name first)."""
    with pytest.raises(error) as raised:
        call()
    assert words in str(raised.value), f"{raised.value!r} does not say {words!r}"
    name = re.match(r"\w+", words)[0]
    assert name in str(raised.value), f"{raised.value!r} does not name {name}"
