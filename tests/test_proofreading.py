"""A copied post tells its own story: its numbers are its code's, and its words are checked.

A copy of the first post with other data is run as a post of its own. The numbers its page
shows are the new data's, with nothing left over from the original; its worded claims pass
while they are still true, and fail, naming the post, the line and the phrase, once they are
not.
"""

import shutil

import pytest
from conftest import post_named, run_of, text_of
from test_numbers_in_prose import proofread

from blogkit.notebooks import executed_text

FIRST_POST = post_named("linear-regression-from-scratch")
ORIGINAL_DATA = "y_true = np.array([65, 70, 75, 85, 90])"


def copy_with_data(tmp_path, y_true):
    """The first post copied to tmp_path/posts/<slug>/ with other y values."""
    folder = tmp_path / "posts" / "copied-post"
    shutil.copytree(FIRST_POST.parent, folder, ignore=shutil.ignore_patterns("*.ipynb"))
    post = folder / "index.qmd"
    text = text_of(post)
    assert ORIGINAL_DATA in text, "the first post's data line changed: update this test"
    post.write_text(text.replace(ORIGINAL_DATA, f"y_true = np.array({y_true})"), encoding="utf-8")
    return post


def test_a_copy_with_other_data_shows_its_own_numbers(tmp_path):
    post = copy_with_data(tmp_path, [61, 72, 74, 88, 93])
    problems, unchecked = proofread(post, run=run_of(post))
    assert unchecked == []
    # Its words still hold; only the numbers typed in the static figures' alt texts (cell
    # options, which Quarto does not evaluate) are reported, with the new values to type.
    assert sorted(p.split(":")[0] for p in problems) == [
        "copied-post, fig-final-fit alt text",
        "copied-post, fig-loss alt text",
        "copied-post, fig-no-fit alt text",
    ], problems
    notebook = executed_text(post)
    run = run_of(post)
    # The new data's numbers are shown; the original's are not.
    assert f"{run['initial_loss']:.2f}" in notebook and f"{run['m']:.4f}" in notebook
    original = run_of(FIRST_POST)
    for left_over in (f"{original['initial_loss']:.2f}", f"{original['m']:.4f}", "1512.97"):
        assert left_over not in notebook, f"{left_over} is left over from the original"


def test_a_copy_whose_words_became_false_fails_naming_the_sentence(tmp_path):
    # Data on the guessed line y = 3x + 60: the guess is the best line, which the text denies.
    post = copy_with_data(tmp_path, [66, 69, 75, 78, 84])
    problems, _ = proofread(post, run=run_of(post))
    line = next(
        number
        for number, text in enumerate(text_of(post).splitlines(), start=1)
        if "[clearly not the best line]" in text
    )
    assert f"copied-post, line {line}: 'clearly not the best line' is not true" in "\n".join(
        problems
    )


@pytest.mark.parametrize(
    ("phrase", "false_claim"),
    [
        (
            "more than halved",
            'claim="third.loss < second.loss / 2"',
        ),
        ("three places", 'claim="PLACES == 3"'),
    ],
)
def test_each_worded_claim_of_the_first_post_can_fail(tmp_path, phrase, false_claim):
    text = text_of(FIRST_POST)
    assert f"[{phrase}]{{{false_claim}}}" in text
    wrong = text.replace(false_claim, false_claim.replace('"', '" not (', 1)[:-1] + ')"')
    problems, _ = proofread(FIRST_POST, text=wrong)
    assert any(f"'{phrase}' is not true" in problem for problem in problems), problems
