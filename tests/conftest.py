"""Fixtures shared by the tests: the posts, their notebooks, the first post run in-process."""

import contextlib
import io
from pathlib import Path

import nbformat
import pytest
from build_notebooks import notebook_path, post_sources, python_sources, read_post

POSTS = Path(__file__).resolve().parent.parent / "posts"
FIRST_POST = POSTS / "linear-regression-from-scratch/index.qmd"


@pytest.fixture(scope="session")
def first_post_text():
    return FIRST_POST.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def first_notebook():
    return nbformat.read(notebook_path(FIRST_POST), as_version=4)


def run_post_code(source):
    """A post's Python cells run in order in one namespace; what they printed is in `printed`.

    This gives a test the post's own functions and variables.
    """
    namespace = {"__name__": "post"}
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        for code in python_sources(read_post(source)):
            exec(compile(code, str(source), "exec"), namespace)
    namespace["printed"] = printed.getvalue()
    return namespace


@pytest.fixture(scope="session")
def article():
    """The first post, run: its `predict`, `loss_mse`, `update`, data and results."""
    return run_post_code(FIRST_POST)


def pytest_generate_tests(metafunc):
    # Tests that take `post` run once for every post: a new post needs no new test code.
    if "post" in metafunc.fixturenames:
        sources = post_sources()
        metafunc.parametrize("post", sources, ids=[s.parent.name for s in sources])
