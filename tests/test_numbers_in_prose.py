"""Every number a post shows a reader agrees with what its code computes, and none goes unchecked.

Each post declares its claims next to it, in posts/<slug>/claims.py: `check(text, run)`
returns the problems it finds in the post's text given the namespace the post's code leaves
behind, and `DEFINITIONS` lists the patterns of the text's own constants (the 2 of a squared
error). A number in the prose, a table, an equation, a caption or an alt text that no claim
reads and no definition covers is a failure: a post without claims cannot pass.
"""

import proofreading as pr
from conftest import load_module, run_of, text_of


def claims_of(post):
    path = post.parent / "claims.py"
    assert path.exists(), (
        f"{post.parent.name}: declare the numbers the post shows in "
        f"{path.name} next to it (see the README: Add a post)"
    )
    return load_module(path, f"claims_{post.parent.name.replace('-', '_')}")


def audit(post, text=None):
    """(problems, unchecked numbers) of the post, or of `text` in its place."""
    claims = claims_of(post)
    text = text_of(post) if text is None else text
    with pr.recording() as read:
        problems = claims.check(pr.Text(text), run_of(post))
    return problems, pr.unaccounted(text, read, getattr(claims, "DEFINITIONS", ()))


def test_hand_written_numbers_agree_with_the_code(post):
    problems, _ = audit(post)
    assert problems == [], f"{post.parent.name}: " + "\n".join(problems)


def test_every_number_a_reader_sees_is_checked(post):
    _, unchecked = audit(post)
    assert unchecked == [], f"{post.parent.name}: no claim checks " + ", ".join(
        f"{number} (line {line})" for line, number in unchecked
    )


def test_a_new_number_in_the_prose_is_unchecked(post):
    text = text_of(post) + "\nWe trained 42 models in 7.5 hours.\n"
    _, unchecked = audit(post, text)
    last = text.count("\n")
    assert unchecked == [(last, "42"), (last, "7.5")]


def test_what_a_reader_does_not_see_is_not_inventoried():
    text = (
        '---\ntitle: "Post 2"\ndate: 2026-01-02\n---\n\nSee [part 3](../p3/index.qmd).\n\n'
        '```{python}\n#| label: fig-a\n#| fig-alt: "A line through 4 points."\nx = 17\n```\n'
    )
    seen = [m[0] for m in pr.SEEN_NUMBER.finditer(pr.visible(text))]
    assert seen == ["2", "3", "4"]  # the title, the link's words, the alt text


def test_raw_html_shows_its_text_not_its_tags():
    # A raw HTML block's words are on the page (without JavaScript, too); its tags, attribute
    # values and scripts are not.
    text = (
        'Text with 1 number.\n\n```{=html}\n<div id="a-2" data-n="3">Only 4 here.</div>\n'
        '<script type="module">const rate = 0.5;</script>\n<p style="width: 6px">7</p>\n```\n'
    )
    seen = [m[0] for m in pr.SEEN_NUMBER.finditer(pr.visible(text))]
    assert seen == ["1", "4", "7"]
