"""What a post's prose refers to exists on the page: its diagrams and its figures."""

import re

from conftest import text_of

from blogkit.diagrams import DIAGRAM, diagrams_in, flow
from blogkit.notebooks import figures, read_post


def prose(post):
    """The post's markdown without its diagrams."""
    markdown = "\n".join(c.source for c in read_post(post).cells if c.cell_type == "markdown")
    return DIAGRAM.sub("", markdown)


def diagrams(post):
    """The text mermaid reads of each of the post's diagrams (without Quarto's options)."""
    return [d.body for d in diagrams_in(text_of(post))]


def flowcharts(post):
    return [d for d in diagrams_in(text_of(post)) if d.is_flowchart]


def test_a_flowchart_the_prose_mentions_is_there(post):
    mentions = len(re.findall(r"\bflowchart\b", prose(post), re.IGNORECASE))
    assert flowcharts(post) or not mentions, (
        f"{post.parent.name}: the text mentions a flowchart it lacks"
    )


def test_every_flowchart_is_a_numbered_figure_the_prose_refers_to(post):
    for chart in flowcharts(post):
        label, caption = chart.options.get("label", ""), chart.options.get("fig-cap", "")
        assert str(label).startswith("fig-"), (
            f"{post.parent.name}: a flowchart without `%%| label: fig-...`, so it has no number"
        )
        assert isinstance(caption, str) and caption.strip() and "\n" not in caption.strip(), (
            f"{post.parent.name}: {label} needs a one-line `%%| fig-cap: ...`"
        )
        assert f"@{label}" in prose(post), f"{post.parent.name}: the text never cites @{label}"


def words(text):
    return set(re.findall(r"[a-z0-9_]+", text.lower()))


def test_every_flowchart_has_a_text_alternative_that_reads_it_aloud(post):
    # Quarto drops `fig-alt` for a diagram; mermaid's accTitle becomes the SVG's <title>, its
    # accessible name. accDescr's <desc> makes pandoc 3.9 (Quarto 1.10) read the diagram's
    # <style> as text: the page shows CSS and the diagram is lost.
    for chart in flowcharts(post):
        name = f"{post.parent.name}: {chart.options.get('label', 'a flowchart')}"
        assert "fig-alt" not in chart.options, f"{name}: Quarto ignores fig-alt; use accTitle"
        assert chart.statement("accDescr") is None and "accDescr" not in chart.body, (
            f"{name}: accDescr breaks the page with Quarto 1.10; say it all in accTitle"
        )
        alternative = chart.statement("accTitle")
        assert alternative, f"{name}: no `accTitle: ...` line, so no text alternative"
        edges, _ = flow(chart.body)
        said = [text for _, _, text in chart.boxes()] + [label for _, label, _ in edges]
        for text in said:
            missing = words(re.sub(r"<br\s*/?>", " ", text)) - words(alternative)
            assert not missing, f"{name}: the text alternative leaves out {text!r} ({missing})"


def test_flowcharts_draw_no_rounded_boxes(post):
    # mermaid 11.12 (Quarto 1.10) draws a B(text) box as two strokes of random curves, about
    # 35 KB of SVG that differs on every render; a B[text] box is one <rect>.
    for chart in flowcharts(post):
        rounded = [box for box, shape, _ in chart.boxes() if shape == "rounded"]
        assert not rounded, f"{post.parent.name}: write the boxes {rounded} as X[...], not X(...)"


# An edge of a mermaid flowchart: `A[text] --> B`, `C -- no --> D[text]`, `E -- "text" --> A`.
def test_every_flowchart_decision_leads_somewhere_on_each_answer(post):
    for diagram in diagrams(post):
        edges, decisions = flow(diagram)
        for node in decisions:
            answers = [label for start, label, _ in edges if start == node]
            assert len(answers) >= 2 and len(set(answers)) == len(answers), (
                f"{post.parent.name}: the flowchart's decision {node} has the answers {answers}"
            )
        # From the first node, some path reaches an end (a node with no way out).
        starts = {start for start, _, _ in edges}
        seen, todo = set(), [edges[0][0]]
        while todo:
            node = todo.pop()
            seen.add(node)
            todo += [to for start, _, to in edges if start == node and to not in seen]
        assert seen - starts, f"{post.parent.name}: the flowchart never ends"


def test_flowchart_reading_finds_the_loop_and_its_exit():
    edges, decisions = flow(
        "flowchart TB\n  A[Get] --> B(Loss)\n  B --> C{Better?}\n  C -- no --> D[Done]\n"
        '  C -- yes --> E((Update))\n  E -- "with the<br>weights" --> A\n'
    )
    assert edges == [
        ("A", "", "B"),
        ("B", "", "C"),
        ("C", "no", "D"),
        ("C", "yes", "E"),
        ("E", "with the<br>weights", "A"),
    ]
    assert decisions == {"C"}


CALLOUTS = {"note", "tip", "warning", "caution", "important"}  # Quarto's five kinds


def test_every_callout_is_one_quarto_knows(post):
    for kind in re.findall(r"^::: *\{\.callout-([\w-]+)", text_of(post), re.MULTILINE):
        assert kind in CALLOUTS, f"{post.parent.name}: .callout-{kind} is not a Quarto callout"


def test_every_figure_reference_has_its_figure(post):
    labels = set(figures(text_of(post)))  # figure cells, figure divs and diagrams
    for reference in re.findall(r"@(fig-[\w-]+)", prose(post)):
        assert reference in labels, f"{post.parent.name}: @{reference} refers to no figure"


def test_posts_that_mention_a_flowchart_draw_one():
    # The check above reads the first post: its text mentions the flowchart and draws it.
    from conftest import post_named

    post = post_named("linear-regression-from-scratch")
    assert "flowchart" in prose(post) and diagrams(post)
