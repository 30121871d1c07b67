"""The third post's live section computes what the post's Python computes.

js/optimisers.js runs in Chromium and is compared with the post's own functions (`run_of`):
the same seeded order of rows, the same runs, to the digits the post prints (NumPy's matrix
products add in their own order, so the last bits of a float may differ). On the rendered
page, the section is checked for its data, its readout against Python's runs, the keyboard,
labels, the live region, a 390 px screen, typed values it cannot use, and the note shown
without JavaScript.

The module tests need only Chromium and playwright; the page tests also render the site
with Quarto (site_fixtures). Each skips, saying why, where what it needs is missing.
"""

import json

import numpy as np
import pytest
from conftest import page_values, post_named, run_of
from site_fixtures import chromium, chromium_path, first_view, rendered_site, serve  # noqa: F401

import plot_utils
from blogkit.paths import ROOT

MODULE = ROOT / "js" / "optimisers.js"
POST = post_named("many-features-one-matrix")
SECTION = "many-features"


@pytest.fixture(scope="module")
def run():
    return run_of(POST)


@pytest.fixture(scope="module")
def browser():
    pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    if chromium_path() is None:
        pytest.skip("no Chromium: install it or point QUARTO_CHROMIUM at it (see README)")
    with chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def js(browser, run):
    """A blank page with the module as `window.mf` and the training set the page hands it,
    standardised by it, as `window.Z`, `window.y`; call it with js(expression, argument)."""
    page, train = browser.new_page(), page_values(POST, SECTION)["train"]
    page.evaluate(
        """async ([source, X, y]) => {
        const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
        window.mf = await import(url);
        window.Z = mf.standardiser(X).scale(X);
        window.y = y;
    }""",
        [MODULE.read_text(encoding="utf-8"), train["X"], train["y"]],
    )
    yield lambda expression, argument=None: page.evaluate(expression, argument)
    page.close()


# ---------------------------------------------------------------- the module


@pytest.mark.parametrize("n, seed", [(354, 2026), (10, 1), (1, 5), (354, 2147483646)])
def test_shuffled_replays_pythons_order(js, run, n, seed):
    order, state = run["shuffled"](n, seed)
    shown = js("([n, seed]) => mf.shuffled(n, seed)", [n, seed])
    assert shown == {"order": order.tolist(), "state": state}


def test_standardising_gives_pythons_features(js, run):
    np.testing.assert_allclose(js("() => Z"), run["Z_train"], rtol=1e-12, atol=1e-14)


def optimiser(run, name, settings):
    return {
        "gradientDescent": lambda: run["GradientDescent"](
            settings["learningRate"], settings.get("decay", 0.0)
        ),
        "momentum": lambda: run["Momentum"](settings["learningRate"], settings["beta"]),
        "adam": lambda: run["Adam"](settings["learningRate"]),
    }[name]()


RUNS = [
    ("gradientDescent", {"learningRate": 0.1266}, {"maxEpochs": 3000}),
    ("momentum", {"learningRate": 0.4612, "beta": 0.8256}, {"maxEpochs": 3000}),
    ("adam", {"learningRate": 1}, {"maxEpochs": 3000}),
    ("adam", {"learningRate": 0.5}, {"maxEpochs": 200, "batchSize": 64}),
    ("gradientDescent", {"learningRate": 0.01}, {"maxEpochs": 40, "batchSize": 32}),
    ("gradientDescent", {"learningRate": 0.05, "decay": 0.01}, {"maxEpochs": 40, "batchSize": 32}),
    ("momentum", {"learningRate": 0.01, "beta": 0.5}, {"maxEpochs": 20, "batchSize": 1}),
    ("gradientDescent", {"learningRate": 0.1266}, {"maxEpochs": 3000, "lam": 0.15}),
    ("gradientDescent", {"learningRate": 0.3}, {"maxEpochs": 3000}),  # past the bound
]


@pytest.mark.parametrize("name, settings, options", RUNS)
def test_runs_are_pythons_to_the_printed_digits(js, run, name, settings, options):
    lam = options.get("lam", 0.0)
    theta = run["ridge_exact"](
        np.column_stack([run["Z_train"], np.ones(len(run["y_train"]))]), run["y_train"], lam
    )
    target = run["objective"](run["Z_train"], run["y_train"], theta, lam) * (1 + run["TOL"])
    python = run["train"](
        run["Z_train"],
        run["y_train"],
        optimiser(run, name, settings),
        max_epochs=options["maxEpochs"],
        batch_size=options.get("batchSize"),
        lam=lam,
        target=target,
    )
    browser = js(
        f"""([settings, options]) => mf.train(Z, y, mf.{name}(settings),
            {{ ...options, seed: {run["SHUFFLE_SEED"]} }})""",
        [settings, {**options, "target": target}],
    )
    assert (browser["reason"], browser["epochs"], browser["steps"]) == (
        python.reason,
        python.epochs,
        python.steps,
    )
    if python.reason != "diverged":
        history = np.asarray(browser["history"])
        np.testing.assert_allclose(history, python.history, rtol=1e-9)
        assert f"{history[-1]:.4f}" == f"{python.history[-1]:.4f}"
        np.testing.assert_allclose(browser["theta"], python.theta, rtol=1e-7, atol=1e-9)


def test_the_post_s_runs_are_reached_where_the_post_says(js, run):
    # The three runs the section draws for comparison, with the settings the page hands it.
    data = page_values(POST, SECTION)
    settings = data["post"]
    browser = js(
        """([rates, target, seed]) => [
            mf.train(Z, y, mf.gradientDescent({ learningRate: rates[0] }), { maxEpochs: 5000,
                target, seed }),
            mf.train(Z, y, mf.momentum({ learningRate: rates[1], beta: rates[2] }),
                { maxEpochs: 5000, target, seed }),
            mf.train(Z, y, mf.adam({ learningRate: rates[3] }), { maxEpochs: 5000, target, seed }),
        ].map((r) => r.epochs)""",
        [
            [settings[k] for k in ("gdRate", "momentumRate", "momentumBeta", "adamRate")],
            run["target"],
            data["seed"],
        ],
    )
    assert browser == [run[k].epochs for k in ("batch_run", "momentum_run", "adam_run")]


def test_the_exact_minimum_is_pythons(js, run):
    for lam, expected in [(0.0, run["theta_lstsq"]), (run["best_lam"], run["theta_ridge"])]:
        theta = js("(lam) => mf.exactMinimum(Z, y, lam)", lam)
        np.testing.assert_allclose(theta, expected, rtol=0, atol=1e-8)


ADAM = "mf.adam({ learningRate: 1 })"


@pytest.mark.parametrize(
    "call, words",
    [
        (f"mf.train(Z, y, {ADAM}, {{ maxEpochs: 5, batchSize: 2.5, seed: 1 }})", "batchSize"),
        (f"mf.train(Z, y, {ADAM}, {{ maxEpochs: 5, batchSize: 999, seed: 1 }})", "batchSize"),
        (f"mf.train(Z, y, {ADAM}, {{ maxEpochs: 0, seed: 1 }})", "maxEpochs"),
        (f"mf.train(Z, y, {ADAM}, {{ maxEpochs: 5, seed: 0 }})", "seed"),
        (f"mf.train(Z, y, {ADAM}, {{ maxEpochs: 5, seed: 1, lam: -1 }})", "lam"),
        (f"mf.train(Z, y.slice(1), {ADAM}, {{ maxEpochs: 5, seed: 1 }})", "y must have one"),
        (f"mf.train([[1, 2], [3]], [1, 2], {ADAM}, {{ maxEpochs: 5, seed: 1 }})", "X must have"),
        ("mf.train(Z, y, null, { maxEpochs: 5, seed: 1 })", "optimiser"),
        ("mf.gradientDescent({ learningRate: -0.1 })", "learningRate"),
        ("mf.gradientDescent({ learningRate: '0.1' })", "learningRate"),
        ("mf.momentum({ learningRate: 0.1, beta: 1 })", "beta"),
        ("mf.adam({ learningRate: 0.1, eps: 0 })", "eps"),
        ("mf.shuffled(10, 2147483647)", "state"),
        ("mf.standardiser([[1, NaN]])", "X"),
    ],
)
def test_bad_input_is_rejected_naming_the_argument(js, call, words):
    error = js(
        f"() => {{ try {{ {call}; return null; }} catch (e) {{ return [e.name, e.message]; }} }}"
    )
    assert error is not None and error[0] in ("TypeError", "RangeError"), error
    assert words in error[1], error


# ---------------------------------------------------------------- the rendered page


@pytest.fixture(scope="module")
def site_url(rendered_site):  # noqa: F811  (the fixture imported above)
    with serve(rendered_site) as base:
        yield base


def open_post(browser, site_url, width=1280, javascript=True):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, java_script_enabled=javascript
    )
    page = context.new_page()
    view = first_view(page, f"{site_url}posts/{POST.parent.name}/index.html")
    if javascript:
        page.locator(f"#{SECTION}-controls .gd-readout").wait_for()
    return page, view


def readout(page, after):
    """The section's live text, once it shows `after` (the page updates it asynchronously)."""
    live = page.locator(f"#{SECTION}-controls .gd-readout")
    live.filter(has_text=after).wait_for()
    return live.inner_text()


def expected_text(run, name, key, settings, batch_size=None, lam=0.0, max_epochs=3000):
    """What the readout says of a run, from the post's Python."""
    Z, y, n = run["Z_train"], run["y_train"], len(run["y_train"])
    theta = run["ridge_exact"](np.column_stack([Z, np.ones(n)]), y, lam)
    best = run["objective"](Z, y, theta, lam)
    python = run["train"](
        Z,
        y,
        optimiser(run, key, settings),
        max_epochs=max_epochs,
        batch_size=batch_size,
        lam=lam,
        target=best * (1 + run["TOL"]),
    )
    described = [f"learning rate {settings['learningRate']:g}"]
    if key == "momentum":
        described.append(f"β {settings['beta']:g}")
    described.append(f"batches of {batch_size or n}")
    if lam:
        described.append(f"λ {lam:g}")
    if python.reason == "reached":
        outcome = (
            f"within {run['TOL']:g} of the exact minimum after {python.epochs} epochs "
            f"({python.steps} steps)"
        )
    elif python.reason == "diverged":
        outcome = f"diverged after {python.epochs} epochs"
    else:
        gap = (python.history[-1] - best) / best
        outcome = f"not within {run['TOL']:g} after {python.epochs} epochs: gap {gap:.1e}"
    text = f"{name}, {', '.join(described)}: {outcome}."
    if python.reason != "diverged":
        w, b = python.theta[:-1], python.theta[-1]
        text += (
            f" Training MSE {run['loss_mse'](Z, y, w, b):.4f}, "
            f"test MSE {run['loss_mse'](run['Z_test'], run['y_test'], w, b):.2f}."
        )
    return text


def test_the_page_gets_its_data_from_the_posts_code(browser, site_url, run):
    page, _ = open_post(browser, site_url, javascript=False)
    data = json.loads(page.locator(f"script#{SECTION}-data").text_content())
    assert data["train"] == {"X": run["X_train"].tolist(), "y": run["y_train"].tolist()}
    assert data["test"] == {"X": run["X_test"].tolist(), "y": run["y_test"].tolist()}
    assert (data["tol"], data["seed"]) == (run["TOL"], run["SHUFFLE_SEED"])
    assert data["post"] == {
        "gdRate": run["gd_rate"],
        "momentumRate": run["momentum_rate"],
        "momentumBeta": run["momentum_beta"],
        "adamRate": run["adam_rate"],
        "batchSize": run["BATCH_SIZE"],
        "bound": run["bound"],
        "bestLam": run["best_lam"],
    }
    # The race chart's colours, for the same runs.
    colours = dict(zip(run["runs"], plot_utils.SERIES_COLORS, strict=False))
    assert [data["raceColors"][k] for k in ("gd", "momentum", "adam")] == [
        colours["batch gradient descent"],
        colours["momentum"],
        colours["Adam"],
    ]
    page.context.close()


def test_the_readout_is_pythons_run_and_the_keyboard_drives_it(browser, site_url, run):
    page, view = open_post(browser, site_url)
    start = expected_text(run, "Gradient descent", "gradientDescent", {"learningRate": 0.1266})
    assert readout(page, "Gradient descent") == start
    # Keyboard alone: the optimiser list, then the momentum slider.
    page.get_by_label("Optimiser").focus()
    page.keyboard.press("ArrowDown")
    settings = {"learningRate": 0.4612, "beta": 0.8256}
    assert readout(page, "Momentum") == expected_text(run, "Momentum", "momentum", settings)
    page.get_by_label("Momentum β", exact=True).focus()
    page.keyboard.press("ArrowLeft")  # one step of 0.01
    settings["beta"] = 0.82
    assert readout(page, "β 0.82,") == expected_text(run, "Momentum", "momentum", settings)
    assert view.console_errors == [] and view.page_errors == []
    page.context.close()


def test_typed_settings_give_pythons_sgd_and_ridge_runs(browser, site_url, run):
    page, view = open_post(browser, site_url)
    page.get_by_label("Learning rate, exact value").fill("0.01")
    page.get_by_label("Batch size, exact value").fill("32")
    page.get_by_label("Epochs, at most, exact value").fill("100")
    sgd = expected_text(
        run,
        "Gradient descent",
        "gradientDescent",
        {"learningRate": 0.01},
        batch_size=32,
        max_epochs=100,
    )
    assert readout(page, "after 100 epochs") == sgd
    page.get_by_label("Batch size, exact value").fill("354")
    page.get_by_label("Learning rate, exact value").fill("0.1266")
    page.get_by_label("Epochs, at most, exact value").fill("3000")
    page.get_by_label("Ridge penalty λ, exact value").fill("0.15")
    ridge = expected_text(
        run, "Gradient descent", "gradientDescent", {"learningRate": 0.1266}, lam=0.15
    )
    assert readout(page, "λ 0.15") == ridge
    assert view.console_errors == [] and view.page_errors == []
    page.context.close()


def test_no_typed_value_breaks_the_page(browser, site_url):
    page, view = open_post(browser, site_url)
    batch = page.get_by_label("Batch size, exact value")
    batch.fill("2.5")
    assert "Batch size must be a whole number" in readout(page, "whole number")
    for box, values in [
        ("Batch size", ["0", "-3", "1e9", "", "1"]),
        ("Learning rate", ["0", "-1", "50", "10", "0.0001"]),
        ("Epochs, at most", ["150.5", "0", "100"]),
        ("Ridge penalty λ", ["-1", "3", "2"]),
        ("Momentum β", ["1", "0.99"]),
    ]:
        if box == "Momentum β":
            page.get_by_label("Optimiser").select_option("momentum")  # β shows for momentum
        for value in values:
            page.get_by_label(f"{box}, exact value").fill(value)
            page.keyboard.press("Tab")
    page.get_by_label("Optimiser").select_option("adam")
    readout(page, "Adam, learning rate 1,")
    assert view.page_errors == [] and view.console_errors == []
    page.context.close()


def test_every_control_is_labelled_and_the_numbers_are_announced(browser, site_url):
    page, _ = open_post(browser, site_url)
    controls = page.locator(f"#{SECTION}-controls input, #{SECTION}-controls select")
    assert controls.count() >= 9
    for index in range(controls.count()):
        control = controls.nth(index)
        labelled = control.evaluate(
            "(e) => e.labels.length ? e.labels[0].innerText : e.getAttribute('aria-label')"
        )
        assert labelled and labelled.strip(), control.evaluate("(e) => e.outerHTML")
    live = page.locator(f"#{SECTION}-controls .gd-readout")
    assert live.count() == 1
    assert (live.get_attribute("aria-live"), live.get_attribute("role")) == ("polite", "status")
    assert page.locator(f"#{SECTION}-controls svg[role=img][aria-label]").count() == 1
    page.context.close()


def test_the_section_fits_a_390_px_screen(browser, site_url):
    page, _ = open_post(browser, site_url, width=390)
    widest = page.evaluate(f"""() => Math.max(...[...document.querySelectorAll(
        '#{SECTION}-controls *')].map((e) => e.getBoundingClientRect().right))""")
    assert widest <= 390, f"a part of the section reaches {widest} px"
    page.context.close()


def test_without_javascript_the_section_points_at_the_race_above(browser, site_url):
    page, _ = open_post(browser, site_url, javascript=False)
    shown = " ".join(page.locator(f"#{SECTION}-controls").inner_text().split())
    assert "the table and the chart of the race above show the post's runs" in shown
    assert page.locator(f"#{SECTION}-controls .gd-control").count() == 0
    page.context.close()
