"""What a post's prose refers to exists on the page: its diagrams and its figures."""

import re

from build_notebooks import read_post
from conftest import figure_options, text_of

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


def test_every_figure_reference_has_its_figure(post):
    labels = set(figure_options(post))
    for reference in re.findall(r"@(fig-[\w-]+)", prose(post)):
        assert reference in labels, f"{post.parent.name}: @{reference} refers to no figure"


def test_posts_that_mention_a_flowchart_draw_one():
    # The check above reads the first post: its text mentions the flowchart and draws it.
    from conftest import post_named

    post = post_named("linear-regression-from-scratch")
    assert "flowchart" in prose(post) and diagrams(post)
