"""Every post against its companion notebook.

nbval re-runs each notebook and compares every output with the stored one; these tests check
that the stored notebook is the post, cell for cell, so together they prove that rebuilding
the notebook from the post gives the stored file.
"""

import copy
import re

import nbformat
from build_notebooks import (
    cell_options,
    is_figure,
    notebook_path,
    post_sources,
    python_sources,
    read_post,
    to_notebook,
)
from conftest import PLOTLY, POSTS, REBUILD
from conftest import notebook_of as load


def figure_outputs(cell):
    return [
        o
        for o in cell.get("outputs", [])
        if "image/png" in o.get("data", {}) or PLOTLY in o.get("data", {})
    ]


def test_notebook_code_is_the_posts_code(post):
    notebook = load(post)
    assert python_sources(notebook) == python_sources(read_post(post)), (
        f"{notebook_path(post).name} is out of date with {post.name}; {REBUILD}"
    )


def test_notebook_text_is_the_posts_text(post):
    built = [c.source for c in to_notebook(post).cells if c.cell_type == "markdown"]
    stored = [c.source for c in load(post).cells if c.cell_type == "markdown"]
    assert stored == built, f"the notebook's text is out of date with {post.name}; {REBUILD}"


def without_outputs(notebook):
    notebook = copy.deepcopy(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return nbformat.writes(notebook)


def test_notebook_is_the_post_cell_for_cell(post):
    # Everything but the outputs: cell ids, sources, metadata. No timestamps, random ids or
    # machine details, so a rebuild of an unchanged post changes nothing.
    assert without_outputs(load(post)) == without_outputs(to_notebook(post)), (
        f"{notebook_path(post).name} is out of date with {post.name}; {REBUILD}"
    )


def test_every_notebook_has_its_post():
    # A notebook left behind (a copied post's, a renamed post's) would be tested and published.
    expected = {notebook_path(post) for post in post_sources()}
    for notebook in POSTS.rglob("*.ipynb"):
        if ".ipynb_checkpoints" not in notebook.parts:
            assert notebook in expected, (
                f"{notebook.relative_to(POSTS)} belongs to no post: a post's notebook is "
                "posts/<slug>/<slug>.ipynb next to posts/<slug>/index.qmd; delete it or rebuild"
            )


def test_notebook_is_executed_without_errors(post):
    for cell in load(post).cells:
        if cell.cell_type == "code":
            assert cell.execution_count is not None, f"cell {cell.id} was not executed; {REBUILD}"
            assert not [o for o in cell.outputs if o.output_type == "error"], cell.source


def test_every_figure_cell_shows_exactly_one_figure(post):
    for cell in load(post).cells:
        if cell.cell_type != "code":
            continue
        shown = len(figure_outputs(cell))
        if is_figure(cell.source):
            assert shown == 1, f"figure cell {cell.id} shows {shown} figures"
        else:
            assert shown == 0, f"cell {cell.id} shows a figure but has no fig- label"


def test_plotly_outputs_carry_neither_mathjax_nor_plotlyjs(post):
    outputs = [
        o.data
        for cell in load(post).cells
        if cell.cell_type == "code"
        for o in figure_outputs(cell)
        if PLOTLY in o.data
    ]
    for data in outputs:
        # Markdown holding a raw HTML block: for any text/html output Quarto adds require.js
        # and jQuery from a CDN to the page.
        assert "text/html" not in data
        page = data["text/markdown"]
        assert page.startswith("```{=html}\n") and 'class="plotly-graph-div"' in page
        # plotly's own notebook renderers add a MathJax <script> that breaks the page's math.
        assert not re.search(r"<script[^>]*mathjax", page, re.IGNORECASE), page[:300]
        assert "MathJax.Hub" not in page
        # The site serves one pinned plotly.js itself (_filters/plotly-js.lua).
        assert not re.search(r"<script[^>]*src=", page), page[:300]


def test_every_figure_has_a_caption_and_alt_text(post):
    for source in python_sources(read_post(post)):
        if is_figure(source):
            options = cell_options(source)
            caption, alt = options.get("fig-cap"), options.get("fig-alt")
            for option, text in (("fig-cap", caption), ("fig-alt", alt)):
                assert isinstance(text, str) and len(text.split()) >= 3, (
                    f"figure {options['label']} needs a {option} of a few words"
                )
                # Quarto versions differ on folded (>-) cell options: one line reads the same
                # way everywhere.
                assert re.search(rf"^#\| {option}: (?![>|][-+]?$)\S", source, re.MULTILINE), (
                    f"figure {options['label']}: write {option} on one line"
                )
            assert alt != caption, f"figure {options['label']}: the alt text repeats the caption"
