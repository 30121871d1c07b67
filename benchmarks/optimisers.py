"""The third post's optimisers and exact answers, timed against scikit-learn on the same data.

    python benchmarks/optimisers.py [--repeat N]

Runs the code of "Many Features, One Matrix" (posts/many-features-one-matrix/index.qmd) to
get its data, its functions and its settings, then times, on the same standardised training
set: the exact answer by lstsq, by the normal equations and by scikit-learn's
LinearRegression; each optimiser of the post's race run to the post's tolerance (the SGD
runs for their fixed epochs); scikit-learn's SGDRegressor as shipped and as the post makes
it agree; ridge's exact answer against scikit-learn's Ridge. Each time is the best of N
repeats (the least disturbed by other work). Absolute times belong to this machine; the
ratios in the last column are what the post may state.
"""

import argparse
import contextlib
import io
import timeit
import warnings

import numpy as np
from sklearn.linear_model import LinearRegression, Ridge, SGDRegressor

from blogkit.notebooks import python_sources, read_post
from blogkit.paths import POSTS

POST = POSTS / "many-features-one-matrix" / "index.qmd"


def post_namespace():
    """The namespace the post's code leaves behind (its printing swallowed)."""
    namespace = {"__name__": "post"}
    with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for code in python_sources(read_post(POST)):
            exec(compile(code, str(POST), "exec"), namespace)
    return namespace


def candidates(post):
    """{name: function} of everything timed, each doing the whole job once."""
    Z, y, B = post["Z_train"], post["y_train"], post["B_train"]
    train, target = post["train"], post["target"]
    n = len(y)

    def race(make, **options):
        return lambda: train(Z, y, make(), target=target, **options)

    return {
        "lstsq": lambda: np.linalg.lstsq(B, y, rcond=None),
        "normal equations (solve)": lambda: np.linalg.solve(B.T @ B, B.T @ y),
        "scikit-learn LinearRegression": lambda: LinearRegression().fit(Z, y),
        "batch gradient descent, to tolerance": race(
            lambda: post["GradientDescent"](post["gd_rate"]), max_epochs=10_000
        ),
        "momentum, to tolerance": race(
            lambda: post["Momentum"](post["momentum_rate"], post["momentum_beta"]),
            max_epochs=10_000,
        ),
        "Adam, to tolerance": race(lambda: post["Adam"](post["adam_rate"]), max_epochs=10_000),
        "SGD, 1000 epochs": race(
            lambda: post["GradientDescent"](post["sgd_rate"]),
            max_epochs=1000,
            batch_size=post["BATCH_SIZE"],
        ),
        "scikit-learn SGDRegressor, as shipped": lambda: SGDRegressor(random_state=0).fit(Z, y),
        "scikit-learn SGDRegressor, agreeing": lambda: SGDRegressor(
            penalty=None, tol=None, max_iter=10_000, random_state=0
        ).fit(Z, y),
        "ridge, exact (ours)": lambda: post["ridge_exact"](B, y, post["best_lam"]),
        "scikit-learn Ridge": lambda: Ridge(alpha=post["best_lam"] * n).fit(Z, y),
    }


def best_seconds(function, repeat):
    """The fastest of `repeat` timings of `function`, each of enough calls to last 0.05 s."""
    timer = timeit.Timer(function)
    number, _ = timer.autorange()
    number = max(1, number // 4)
    return min(timer.repeat(repeat=repeat, number=number)) / number


def shown(seconds):
    for unit, scale in (("s", 1), ("ms", 1e-3), ("µs", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    if repeat < 1:
        parser.error(f"--repeat must be at least 1, got {repeat}")

    post = post_namespace()
    times = {}
    for name, function in candidates(post).items():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SGDRegressor as shipped may warn
            times[name] = best_seconds(function, repeat)
    epoch = times["batch gradient descent, to tolerance"] / post["batch_run"].epochs
    lstsq = times["lstsq"]

    print(f"{POST.parent.name}: best of {repeat} repeats on this machine\n")
    print(f"{'':40} {'time':>10} {'÷ lstsq':>10}")
    for name, seconds in times.items():
        print(f"{name:40} {shown(seconds):>10} {seconds / lstsq:>10.3g}")
    print("\nRatios (what carries from machine to machine):")
    ratios = {
        "one epoch of batch gradient descent / lstsq": epoch / lstsq,
        "batch gradient descent to tolerance / lstsq": times["batch gradient descent, to tolerance"]
        / lstsq,
        "batch gradient descent / momentum (to tolerance)": times[
            "batch gradient descent, to tolerance"
        ]
        / times["momentum, to tolerance"],
        "scikit-learn LinearRegression / lstsq": times["scikit-learn LinearRegression"] / lstsq,
        "scikit-learn Ridge / ours (exact)": times["scikit-learn Ridge"]
        / times["ridge, exact (ours)"],
        "SGDRegressor agreeing / as shipped": times["scikit-learn SGDRegressor, agreeing"]
        / times["scikit-learn SGDRegressor, as shipped"],
    }
    for name, ratio in ratios.items():
        print(f"  {name:52} {ratio:10.3g}")


if __name__ == "__main__":
    main()
