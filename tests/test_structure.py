"""What a post's prose refers to exists on the page: its diagrams and its figures."""

import re

from conftest import text_of

from blogkit.notebooks import figures, read_post
from blogkit.proofreading import flow

DIAGRAM = re.compile(r"^```\{mermaid\}\n(.*?)^```$", re.DOTALL | re.MULTILINE)


def prose(post):
    """The post's markdown without its diagrams."""
    markdown = "\n".join(c.source for c in read_post(post).cells if c.cell_type == "markdown")
    return DIAGRAM.sub("", markdown)


def diagrams(post):
    return DIAGRAM.findall(text_of(post))


def test_a_flowchart_the_prose_mentions_is_there(post):
    mentions = len(re.findall(r"\bflowchart\b", prose(post), re.IGNORECASE))
    drawn = [d for d in diagrams(post) if d.lstrip().startswith("flowchart")]
    assert drawn or not mentions, f"{post.parent.name}: the text mentions a flowchart it lacks"


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
    labels = set(figures(text_of(post)))  # figure cells and figure divs
    for reference in re.findall(r"@(fig-[\w-]+)", prose(post)):
        assert reference in labels, f"{post.parent.name}: @{reference} refers to no figure"


def test_posts_that_mention_a_flowchart_draw_one():
    # The check above reads the first post: its text mentions the flowchart and draws it.
    from conftest import post_named

    post = post_named("linear-regression-from-scratch")
    assert "flowchart" in prose(post) and diagrams(post)
