"""Every post against its companion notebooks.

nbval re-runs each notebook and compares every output with the stored one; these tests check
that each stored notebook is the post, cell for cell, so together they prove that rebuilding
the notebooks from the post gives the stored files. A post with exercises has two: the
exercise notebook, with a cell to work in where each solution stands, and the solutions
notebook, with the solutions in place.
"""

import copy
import re

import nbformat
from conftest import PLOTLY, POSTS, REBUILD, notebooks_of, text_of

from blogkit.exercises import split_solutions
from blogkit.inline import INLINE
from blogkit.notebooks import (
    figures,
    for_jupyter,
    has_exercises,
    is_python,
    notebook_path,
    post_sources,
    python_sources,
    read_post,
    solutions_path,
    to_notebook,
)


def figure_outputs(cell):
    return [
        o
        for o in cell.get("outputs", [])
        if "image/png" in o.get("data", {}) or PLOTLY in o.get("data", {})
    ]


def exercise_cells(notebook):
    return [c.source for c in notebook.cells if re.match(r"# Exercise \d+: ", c.source)]


def test_notebook_code_is_the_posts_code(post):
    # Read from the post with jupytext alone: the solutions notebook runs all of its Python,
    # the exercise notebook all but the solutions, each replaced by one cell to work in.
    pieces = split_solutions(read_post(post).cells)
    everything = [cell.source for _, cell in pieces if is_python(cell)]
    outside = [cell.source for number, cell in pieces if is_python(cell) and number is None]
    for name, (notebook, solved) in notebooks_of(post).items():
        code = [s for s in python_sources(notebook) if s not in exercise_cells(notebook)]
        assert code == (everything if solved else outside), (
            f"the {name} notebook of {post.parent.name} is out of date; {REBUILD}"
        )
        solutions = {number for number, _ in pieces if number is not None}
        assert len(exercise_cells(notebook)) == (0 if solved else len(solutions))


def with_values(built):
    """A pattern for the markdown the builder writes: each inline expression, some value."""
    pieces = INLINE.split(built)[::2]  # split() also returns the expressions: drop them
    return re.compile("[^`]+?".join(re.escape(piece) for piece in pieces), re.DOTALL)


def test_notebook_text_is_the_posts_text_with_values(post):
    for name, (notebook, solved) in notebooks_of(post).items():
        built = [c.source for c in to_notebook(post, solved).cells if c.cell_type == "markdown"]
        stored = [c.source for c in notebook.cells if c.cell_type == "markdown"]
        assert len(stored) == len(built), f"the {name} notebook is out of date; {REBUILD}"
        for text, source in zip(stored, built, strict=True):
            assert "{python}" not in text, f"an inline expression was not evaluated: {text[:200]}"
            for page_only in ("{claim=", "::: {#fig-", "```{=html}", "@fig-"):
                assert page_only not in text, (
                    f"the {name} notebook shows {page_only!r}: {text[:200]}"
                )
            assert with_values(source).fullmatch(text), (
                f"the {name} notebook's text is out of date with {post.name}; {REBUILD}\n"
                f"{text[:300]}"
            )


def test_the_value_pattern_needs_the_text_around_each_value():
    pattern = with_values("Loss `{python} num(x)` after `{python} n` epochs.")
    assert pattern.fullmatch("Loss 17.40 after 3000 epochs.")
    assert not pattern.fullmatch("Loss 17.40 after 3000 steps.")
    assert not pattern.fullmatch("Loss `{python} num(x)` after 3000 epochs.")


def without_outputs(notebook):
    notebook = copy.deepcopy(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        else:
            cell.source = ""  # compared with its values above
    return nbformat.writes(notebook)


def test_notebook_is_the_post_cell_for_cell(post):
    # Everything but the outputs: cell ids, sources, metadata. No timestamps, random ids or
    # machine details, so a rebuild of an unchanged post changes nothing.
    for name, (notebook, solved) in notebooks_of(post).items():
        built = for_jupyter(to_notebook(post, solved))
        assert without_outputs(notebook) == without_outputs(built), (
            f"the {name} notebook of {post.parent.name} is out of date; {REBUILD}"
        )


def test_has_exercises_reads_the_text_as_the_cells_read(tmp_path):
    # has_exercises scans the text (it runs after every render, without jupytext); the cells
    # jupytext reads are the reference: a solution callout outside code, in every post.
    for post in post_sources():
        pieces = split_solutions(read_post(post).cells)
        assert has_exercises(post) == any(number is not None for number, _ in pieces), post
    shown = tmp_path / "index.qmd"  # the callout's syntax, shown in a code block
    shown.write_text('```markdown\n::: {.callout-tip collapse="true"}\n## Solution\n:::\n```\n')
    assert not has_exercises(shown)
    shown.write_text(shown.read_text().replace("```markdown\n", "").replace("```\n", ""))
    assert has_exercises(shown)


def test_every_notebook_has_its_post():
    # A notebook left behind (a copied post's, a renamed post's) would be tested and published.
    expected = {notebook_path(post) for post in post_sources()}
    expected |= {solutions_path(post) for post in post_sources() if has_exercises(post)}
    for notebook in POSTS.rglob("*.ipynb"):
        if ".ipynb_checkpoints" not in notebook.parts:
            assert notebook in expected, (
                f"{notebook.relative_to(POSTS)} belongs to no post: a post's notebooks are "
                "posts/<slug>/<slug>.ipynb next to posts/<slug>/index.qmd and, for a post "
                "with exercises, <slug>-solutions.ipynb; delete it or rebuild"
            )


def test_notebook_is_executed_without_errors(post):
    for notebook, _ in notebooks_of(post).values():
        for cell in notebook.cells:
            if cell.cell_type == "code":
                assert cell.execution_count is not None, (
                    f"cell {cell.id} was not executed; {REBUILD}"
                )
                assert not [o for o in cell.outputs if o.output_type == "error"], cell.source


def test_every_figure_cell_shows_exactly_one_figure(post):
    sources = {s.rstrip("\n") for _, _, s in figures(text_of(post)).values()}
    for notebook, _ in notebooks_of(post).values():
        for cell in notebook.cells:
            if cell.cell_type != "code":
                continue
            shown = len(figure_outputs(cell))
            if cell.source.rstrip("\n") in sources:
                assert shown == 1, f"figure cell {cell.id} shows {shown} figures"
            else:
                assert shown == 0, f"cell {cell.id} shows a figure but has no fig- label"


def test_plotly_outputs_carry_neither_mathjax_nor_plotlyjs(post):
    outputs = [
        o.data
        for notebook, _ in notebooks_of(post).values()
        for cell in notebook.cells
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
    for label, (caption, alt, source) in figures(text_of(post)).items():
        if alt is None:
            assert "with_alt(" in source or "accTitle:" in source, (
                f"figure {label} needs a fig-alt, its code's with_alt or a diagram's accTitle"
            )
        for option, text in (("caption", caption), ("fig-alt", alt)):
            if text is not None or option == "caption":
                assert isinstance(text, str) and len(text.split()) >= 3, (
                    f"figure {label} needs a {option} of a few words"
                )
        for option in ("fig-cap", "fig-alt"):
            # Quarto versions differ on folded (>-) cell options: one line reads the same way
            # everywhere.
            assert not re.search(rf"^#\| {option}: [>|][-+]?$", source, re.MULTILINE), (
                f"figure {label}: write {option} on one line"
            )
        assert alt != caption, f"figure {label}: the alt text repeats the caption"
