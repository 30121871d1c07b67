"""The .qmd -> notebook conversion: what Quarto understands becomes what Jupyter shows."""

import nbformat

from blogkit.notebooks import (
    ON_THE_PAGE,
    cell_options,
    execute,
    for_jupyter,
    is_figure,
    to_notebook,
)

POST = """---
title: "A post"
description: "What it is about."
author: "Miguel R."
date: 2026-04-22
---

Some text.

::: {.callout-note}
## Remember
Stop when the loss stops improving.
:::

```{mermaid}
flowchart TB
  A --> B
```

```{python}
#| label: fig-demo
#| fig-cap: >-
#|   A caption
#|   on two lines.
x = 1
```

```{mermaid}
flowchart LR
  C --> D
```

See [the notebook](post.ipynb){download="post.ipynb"}.
"""


def convert(tmp_path, text=POST):
    source = tmp_path / "post" / "index.qmd"
    source.parent.mkdir()
    source.write_text(text)
    return for_jupyter(to_notebook(source))


def test_front_matter_becomes_a_title_cell(tmp_path):
    first = convert(tmp_path).cells[0]
    assert first.cell_type == "markdown"
    assert first.source.splitlines()[0] == "# A post"
    assert "*What it is about.*" in first.source and "Miguel R. · 2026-04-22" in first.source


def test_diagrams_become_markdown_mermaid_blocks_wherever_they_stand(tmp_path):
    markdown = "\n".join(c.source for c in convert(tmp_path).cells if c.cell_type == "markdown")
    assert "```mermaid\nflowchart TB\n  A --> B\n```" in markdown  # after text
    assert "```mermaid\nflowchart LR\n  C --> D\n```" in markdown  # after a code cell
    assert "{mermaid}" not in markdown


def test_only_python_is_code(tmp_path):
    code = [c.source for c in convert(tmp_path).cells if c.cell_type == "code"]
    assert len(code) == 1 and code[0].endswith("x = 1")


def test_callouts_become_quotes_and_link_attributes_go(tmp_path):
    markdown = "\n".join(c.source for c in convert(tmp_path).cells if c.cell_type == "markdown")
    assert "> **Remember**\n>\n> Stop when the loss stops improving." in markdown
    assert ":::" not in markdown
    assert "[the notebook](post.ipynb)." in markdown


def test_cells_get_stable_ids(tmp_path):
    assert [c.id for c in convert(tmp_path).cells][:3] == ["cell-1", "cell-2", "cell-3"]


def test_cell_options_are_read_as_yaml():
    source = "#| label: fig-demo\n#| fig-cap: >-\n#|   A caption\n#|   on two lines.\nx = 1"
    assert cell_options(source) == {"label": "fig-demo", "fig-cap": "A caption on two lines."}
    assert is_figure(source)
    assert not is_figure("#| label: tbl-demo\nx = 1")
    assert not is_figure("x = 1")


def test_execution_merges_streams_split_by_a_busy_machine(tmp_path, capfd):
    # A cell that prints, keeps computing and prints again: the pause makes the kernel flush
    # in between, as a busy machine does, yet the notebook stores one stream.
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "import sys, time\nprint('first')\nsys.stdout.flush()\n"
                "time.sleep(0.3)\nprint('second')"
            )
        ]
    )
    execute(notebook, tmp_path)
    assert notebook.cells[0].outputs == [
        nbformat.v4.new_output("stream", name="stdout", text="first\nsecond\n")
    ]
    # and the kernel runs without its warning about unencrypted TCP ports
    assert "Kernel is running over TCP" not in capfd.readouterr().err
    assert list(tmp_path.iterdir()) == []  # its sockets are not left in the post's folder


INTERACTIVE_POST = """---
title: "A post"
---

```{=html}
<div id="first-controls"><p>Without JavaScript: the table.</p></div>
```

```{python}
x = [1, 2]
```

Drag the slider.

```{python}
#| echo: false
page_data("a-section", points=x)
```

```{=html}
<div id="a-section-controls"><p>Without JavaScript: the table above.</p></div>
<script type="module" src="../../js/a-section.js"></script>
```

Text between.

```{=html}
<div id="b-controls"></div>
```

The end.
"""


def test_interactive_sections_become_one_note_each_where_they_stand(tmp_path):
    # The page's raw HTML (containers, module scripts) means nothing in Jupyter, and page_data
    # only writes data for it: the notebook keeps the Python and says where the page has its
    # controls, whether jupytext left the block in the markdown (first) or made it a cell.
    cells = convert(tmp_path, INTERACTIVE_POST).cells
    code = [c.source for c in cells if c.cell_type == "code"]
    assert code == ["x = [1, 2]"]
    markdown = "\n".join(c.source for c in cells if c.cell_type == "markdown")
    assert markdown.count(ON_THE_PAGE) == 3
    rest = markdown.replace(ON_THE_PAGE, "")
    assert "<" not in rest and "=html" not in rest and "page_data" not in rest
    notes = [i for i in range(len(markdown)) if markdown.startswith(ON_THE_PAGE, i)]
    assert notes[0] < markdown.index("Drag the slider.") < notes[1]
    assert notes[1] < markdown.index("Text between.") < notes[2] < markdown.index("The end.")
