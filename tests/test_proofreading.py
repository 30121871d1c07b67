"""The proofreading checks can fail: each catches a wrong number, and names the post.

The wrong numbers below are the source article's own mistakes, or one digit changed in a
right number; each must be reported with the value the code computed.
"""

import shutil

import proofreading as pr
import pytest
from conftest import post_named, run_of, text_of
from test_numbers_in_prose import claims_of

FIRST_POST = post_named("linear-regression-from-scratch")
SECOND_POST = post_named("knowing-when-to-stop")

# The source article's own epoch 3 and a truncated step of its epoch 2.
ORIGINAL_THIRD_EPOCH_LOSS = (
    r"\(\frac{80.92^2+ 103.03^2+ 85.54^2+ 95.95^2 + (- 9.94)^2}{5} = 673.36\)"
)
ORIGINAL_SECOND_EPOCH_STEP = (
    r"\(m_{new} = m - \text{learning rate} * dm = 7.78 - 0.01\times(-333.76) = 11.11\)"
)


@pytest.fixture(scope="module")
def first_epochs():
    return claims_of(FIRST_POST).worked_epochs(run_of(FIRST_POST))


def test_catches_the_original_third_epoch_loss(first_epochs):
    problems = pr.check_loss(ORIGINAL_THIRD_EPOCH_LOSS, first_epochs[2])
    # It squares the products X(y - y_hat), not the residuals y - y_hat.
    assert "loss: squared terms: shows 80.92, computed 40.4625" in problems
    assert not any(p.startswith("loss: shows") for p in problems)  # the result itself is right


def test_catches_a_truncated_step(first_epochs):
    text = ORIGINAL_SECOND_EPOCH_STEP.replace("*", r"\times").replace(r"\times(", r" \times (")
    assert pr.check_step(text, first_epochs[1], "m") == ["m_new: shows 11.11, computed 11.1176"]


# (post, right text, wrong text, a word of the expected problem): one edit each, in the prose,
# a table, an equation, a caption or an alt text.
WRONG_NUMBERS = [
    (FIRST_POST, "= 17.40$$", "= 17.50$$", "MSE: shows 17.50"),
    (FIRST_POST, "| $84$ | $6$  | $36$ |", "| $84$ | $6$  | $63$ |", "MSE table squared"),
    (
        FIRST_POST,
        "m_{new} = m - \\text{learning rate} \\times dm = 0 - 0.01 \\times (-778) = 7.78",
        "m_{new} = m - \\text{learning rate} \\times dm = 0 - 0.01 \\times (-778) = 7.87",
        "First Epoch: m_new: shows 7.87",
    ),
    (FIRST_POST, "to about 474", "to about 447", "interactive loss alt text: shows 447"),
    (
        FIRST_POST,
        "a learning rate of $0.01$ were",
        "a learning rate of $0.001$ were",
        "learning rate: shows 0.001",
    ),
    (FIRST_POST, "rising from (2, 65)", "rising from (2, 56)", "fig-no-fit alt text points"),
    (FIRST_POST, "more than halved the loss", "roughly halved the loss", "the halving"),
    (
        FIRST_POST,
        "the $17.40$ of the table",
        "the $17.50$ of the table",
        "fit by hand: the guess and its MSE: shows 17.50",
    ),
    (
        FIRST_POST,
        'guess={"m": m, "b": b})',
        'guess={"m": 3, "b": 60})',
        "the text does not show the guess handed to the page",
    ),
    (SECOND_POST, "after 2329 epochs", "after 2330 epochs", "stopping: shows 2330"),
    (SECOND_POST, r"\approx 4.254386$$", r"\approx 4.254387$$", "m by hand: shows 4.254387"),
    (SECOND_POST, "| 0.003594 |", "| 0.003549 |", "table distance: shows 0.003549"),
    (SECOND_POST, "| 2329   |", "| 2328   |", "table epochs: shows 2328"),
    (SECOND_POST, r"\approx 56.88$", r"\approx 56.87$", "eigenvalues: shows 56.87"),
    (SECOND_POST, "about 177 times", "about 178 times", "condition number: shows 178"),
    (SECOND_POST, r"\approx 0.0352$$", r"\approx 0.0353$$", "bound: shows 0.0353"),
    (SECOND_POST, "after 150 epochs", "after 151 epochs", "diverged after: shows 151"),
    (SECOND_POST, r"\approx 2.1354$", r"\approx 2.1355$", "standard deviation: shows 2.1355"),
    (SECOND_POST, "epochs to 51,", "epochs to 50,", "from thousands: shows 50"),
    (SECOND_POST, "m = 13.48", "m = 13.84", "landscape path: shows 13.84"),
    (
        SECOND_POST,
        "after 1189 and 1369 epochs",
        "after 1189 and 1396 epochs",
        "converged runs: shows 1396",
    ),
    (SECOND_POST, "starts at $0.001$", "starts at $0.002$", "the slider's start: shows 0.002"),
    (
        SECOND_POST,
        r"\approx 0.0352$. Your",
        r"\approx 0.0353$. Your",
        "the marked limit: shows 0.0353",
    ),
    (
        SECOND_POST,
        "tolerance of $10^{-9}$ used above",
        "tolerance of $10^{-8}$ used above",
        "live: the text says tol 10^{-8}",
    ),
    (
        SECOND_POST,
        "tol=1e-9, divergenceFactor",
        "tol=1e-8, divergenceFactor",
        "live: the text says tol 10^{-9}, the page use",
    ),
    (
        SECOND_POST,
        "maxEpochs=3000, tol",
        "maxEpochs=2000, tol",
        "live: the page runs 2000 epochs, the rates above 3000",
    ),
    (
        SECOND_POST,
        "rates=learning_rates,",
        "rates=[0.002],",
        "the text does not show the page's data",
    ),
    (
        SECOND_POST,
        "removes more than half of the error",
        "removes less than a third of the error",
        "the text does not show the steep factor",
    ),
    (
        SECOND_POST,
        "limit 2/λ_max ≈ 0.0352",
        "limit 2/λ_max ≈ 0.0325",
        "fig-learning-rates caption bound: shows 0.0325",
    ),
    (
        SECOND_POST,
        "tolerance of $10^{-6}$, that is",
        "tolerance of $10^{-7}$, that is",
        "shows 1e-07, the code uses 1e-06",
    ),
    (
        SECOND_POST,
        "(a tolerance of\n$10^{-12}$",
        "(a tolerance of\n$10^{-9}$",
        "shows 1e-09, the code uses 1e-12",
    ),
    (
        FIRST_POST,
        "hand-picked line y = 3x + 60, before",
        "hand-picked line y = 3x + 50, before",
        "y = 3x + 50 is neither",
    ),
    (
        FIRST_POST,
        "too low at x = 6 and x = 8",
        "too low at x = 5 and x = 8",
        "the guessed line's residuals",
    ),
]


@pytest.mark.parametrize(
    "source, right, wrong, problem",
    WRONG_NUMBERS,
    ids=[f"{p.parent.name}:{w}" for p, _, w, _ in WRONG_NUMBERS],
)
def test_catches_a_wrong_number(source, right, wrong, problem):
    text = text_of(source)
    assert text.count(right) == 1, right
    claims = claims_of(source)
    try:
        problems = claims.check(text.replace(right, wrong), run_of(source))
    except LookupError as missing:  # the claim's words are gone from the text
        problems = [str(missing)]
    assert any(problem in p for p in problems), problems


def test_a_copied_post_with_new_code_and_old_prose_fails(tmp_path):
    # An author copies the first post and changes the guessed line in the code only.
    copy = tmp_path / "posts" / "my-new-post"
    shutil.copytree(FIRST_POST.parent, copy, ignore=shutil.ignore_patterns("*.ipynb"))
    source = copy / "index.qmd"
    source.write_text(text_of(FIRST_POST).replace("m = 3\nb = 60\n", "m = 2\nb = 62\n"))
    problems = claims_of(source).check(text_of(source), run_of(source))
    # Independent: (1 + 4 + 9 + 121 + 144) / 5 for the line y = 2x + 62.
    assert "MSE: shows 17.40, computed 55.8" in problems, problems
