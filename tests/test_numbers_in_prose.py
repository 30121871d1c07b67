"""Every number a post writes by hand agrees with what its code computes.

Each post declares its claims next to it, in posts/<slug>/claims.py, whose `check(text, run)`
returns the problems it finds in the post's text given the namespace the post's code leaves
behind. A post without claims fails: its hand-written numbers would go unchecked.
"""

from conftest import load_module, run_of, text_of


def claims_of(post):
    path = post.parent / "claims.py"
    assert path.exists(), (f"{post.parent.name}: declare the numbers the post writes by hand "
                           f"in {path.name} next to it (see the README: Add a post)")
    return load_module(path, f"claims_{post.parent.name.replace('-', '_')}")


def test_hand_written_numbers_agree_with_the_code(post):
    problems = claims_of(post).check(text_of(post), run_of(post))
    assert problems == [], f"{post.parent.name}: " + "\n".join(problems)
