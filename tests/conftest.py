"""Fixtures shared by the tests: the posts, their notebooks, and the first article run in-process."""

import contextlib
import io
from pathlib import Path

import nbformat
import pytest

from build_notebooks import notebook_path, post_sources, python_sources, read_post

FIRST_POST = Path(__file__).resolve().parent.parent / "posts/linear-regression-from-scratch/index.qmd"


@pytest.fixture(scope="session")
def first_post_text():
    return FIRST_POST.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def first_notebook():
    return nbformat.read(notebook_path(FIRST_POST), as_version=4)


@pytest.fixture(scope="session")
def article():
    """The first post's code cells run in one namespace, with what they printed.

    This gives the tests the article's own `predict`, `loss_mse` and `update`.
    """
    namespace = {"__name__": "article"}
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        for source in python_sources(read_post(FIRST_POST)):
            exec(compile(source, str(FIRST_POST), "exec"), namespace)
    namespace["printed"] = printed.getvalue()
    return namespace


def pytest_generate_tests(metafunc):
    # Tests that take `post` run once for every post: a new post needs no new test code.
    if "post" in metafunc.fixturenames:
        sources = post_sources()
        metafunc.parametrize("post", sources, ids=[s.parent.name for s in sources])
