"""Every post against its companion notebook (nbval re-runs the notebooks themselves)."""

import re

import nbformat
from build_notebooks import (
    cell_options,
    executed_text,
    is_figure,
    notebook_path,
    python_sources,
    read_post,
    to_notebook,
)

REBUILD = "rebuild it with: python scripts/build_notebooks.py"
PLOTLY = "application/vnd.plotly.v1+json"


def load(post):
    path = notebook_path(post)
    assert path.exists(), f"{path.name} is missing; {REBUILD}"
    return nbformat.read(path, as_version=4)


def figure_outputs(cell):
    return [o for o in cell.get("outputs", [])
            if "image/png" in o.get("data", {}) or PLOTLY in o.get("data", {})]


def test_notebook_code_is_the_posts_code(post):
    notebook = load(post)
    assert python_sources(notebook) == python_sources(read_post(post)), (
        f"{notebook_path(post).name} is out of date with {post.name}; {REBUILD}")


def test_notebook_text_is_the_posts_text(post):
    built = [c.source for c in to_notebook(post).cells if c.cell_type == "markdown"]
    stored = [c.source for c in load(post).cells if c.cell_type == "markdown"]
    assert stored == built, f"the notebook's text is out of date with {post.name}; {REBUILD}"


def test_notebook_rebuilds_byte_for_byte(post):
    # Regenerating an unchanged post must change nothing: no timestamps, random ids or
    # machine details in the file, so the history shows only real changes.
    stored = notebook_path(post).read_text(encoding="utf-8")
    assert executed_text(post) == stored, f"{notebook_path(post).name} differs; {REBUILD}"


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
    outputs = [o.data for cell in load(post).cells if cell.cell_type == "code"
               for o in figure_outputs(cell) if PLOTLY in o.data]
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
            for option in ("fig-cap", "fig-alt"):
                text = options.get(option)
                assert isinstance(text, str) and len(text.split()) >= 3, (
                    f"figure {options['label']} needs a {option} of a few words")
