"""Mutation run: how many realistic single edits does the test suite catch?

    python scripts/mutation_run.py                    # every edit in scripts/mutations.yml
    python scripts/mutation_run.py --only ID [ID ...] # some of them
    python scripts/mutation_run.py --list             # list the edits, run nothing
    python scripts/mutation_run.py --jobs 2 --timeout 900
    python scripts/mutation_run.py --data PATH        # another data file, same format

Each edit in the list (see scripts/mutations.yml) replaces one `find` text, which must
occur exactly once in its file, with its `replace` text. For every edit the run:

1. copies the repository to a temporary folder (without .git, .venv, _site, _freeze and
   caches) and applies the edit there;
2. rebuilds the edited post's notebook in the copy, as an author would
   (`python scripts/build_notebooks.py posts/<slug>`); an edit outside posts/, such as
   one to plot_utils.py, rebuilds every post; an edit to a file the builder writes (a
   post's notebooks, its answers.json) rebuilds nothing, as it stands for a hand edit
   committed without a rebuild;
3. runs the suite in the copy: `python -m pytest -x -q -p no:cacheprovider`.

The edit is *killed* if the rebuild or the suite fails, and *survived* if both pass. The
copy's own files are used: requirements.txt installs this repository editable, so
`plot_utils` would otherwise be imported from the original tree; PYTHONPATH puts the copy
first (the notebook kernels inherit it), and a control run checks that and that the
unedited copy passes before any edit is tried. Directories named after quarto are left
out of PATH, so the tests that render with Quarto skip, as they do where it is missing.

Tests listed under `deselect` in the data file are left out of every suite run there,
each with the reason written next to it.

With --render, an edit to a file only the rendered page uses (js/, _filters/, _includes/,
_quarto.yml, theme.scss, the home and About pages) keeps Quarto on PATH and _freeze/ in the
copy, so the tests that render the site and open it in Chromium run too, as the publish
workflow runs them; the control then runs that suite as well.

An edit whose `find` text does not occur exactly once is *stale*: reported, not counted.
Edits marked `equivalent: true` change nothing a reader or the code could see; they are
run and listed apart, and left out of the kill rate.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

from blogkit.paths import ROOT

MUTATIONS = Path(__file__).resolve().parent / "mutations.yml"
NOT_COPIED_NAMES = [
    ".git",
    ".venv",
    "venv",
    "_site",
    "_freeze",
    ".quarto",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    ".ipynb_checkpoints",
    "*.egg-info",
]
NOT_COPIED = shutil.ignore_patterns(*NOT_COPIED_NAMES)
# Files only the rendered page uses: without Quarto no test reaches them (see --render).
PAGE_ONLY = (
    "js/",
    "_filters/",
    "_includes/",
    "_quarto.yml",
    "theme.scss",
    "index.qmd",
    "about.qmd",
)
IGNORED_TO_RENDER = [pattern for pattern in NOT_COPIED_NAMES if pattern != "_freeze"]
PYTEST = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider"]
FIELDS = ("id", "file", "find", "replace", "category", "why")
ANSI_COLOUR = re.compile(r"\x1b\[[0-9;]*m")


def load_data(path=MUTATIONS):
    """The data file: its list of edits and the test ids to deselect."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return check_mutations(data["mutations"]), list(data.get("deselect") or [])


def load_mutations(path=MUTATIONS):
    return load_data(path)[0]


def check_mutations(entries):
    """The edits, each a dict with FIELDS (and optionally `equivalent`), checked."""
    ids = Counter(entry.get("id") for entry in entries)
    for entry in entries:
        missing = [field for field in FIELDS if field not in entry]
        if missing:
            raise ValueError(f"mutation {entry.get('id')!r} lacks {', '.join(missing)}")
        if ids[entry["id"]] > 1:
            raise ValueError(f"mutation id {entry['id']!r} is used more than once")
    return entries


def pytest_command(deselect):
    return PYTEST + [argument for test in deselect for argument in ("--deselect", test)]


def occurrences(mutation, root=ROOT):
    return (root / mutation["file"]).read_text(encoding="utf-8").count(mutation["find"])


def page_only(mutation):
    """Whether the edited file is one only the rendered page uses (see --render)."""
    return mutation["file"].startswith(PAGE_ONLY)


def environment(copy, render=False):
    """The environment for commands in `copy`: its files first; Quarto on PATH only to render."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(copy)] + [p for p in [env.get("PYTHONPATH")] if p])
    if not render:
        env["PATH"] = os.pathsep.join(
            p for p in env.get("PATH", "").split(os.pathsep) if "quarto" not in p.lower()
        )
    env.pop("QUARTO_PYTHON", None)
    return env


def make_copy(folder, render=False):
    """A copy of the repository; one to render keeps _freeze, so the posts are not re-run."""
    copy = Path(folder) / "repo"
    ignore = NOT_COPIED if not render else shutil.ignore_patterns(*IGNORED_TO_RENDER)
    shutil.copytree(ROOT, copy, ignore=ignore)
    return copy


def run(command, copy, timeout, render=False):
    """(passed, output tail) of `command` run in `copy`; a timeout counts as a failure."""
    try:
        done = subprocess.run(
            command,
            cwd=copy,
            env=environment(copy, render),
            timeout=timeout,
            capture_output=True,
            text=True,
        )
    except subprocess.TimeoutExpired:
        return False, f"timed out after {timeout} s"
    return done.returncode == 0, done.stdout + done.stderr


def build_command(mutation):
    parts = Path(mutation["file"]).parts
    post = [str(Path(*parts[:2]))] if parts[0] == "posts" and len(parts) > 2 else []
    return [sys.executable, "scripts/build_notebooks.py", *post]


def generated(mutation):
    """Whether the edit is to a file the notebook builder writes (a post's notebooks and
    answers.json): an author rebuilds from the post, and a rebuild would undo the edit."""
    path = Path(mutation["file"])
    return path.parts[0] == "posts" and (path.suffix == ".ipynb" or path.name == "answers.json")


def first_failure(output):
    """The line that best says what failed: pytest's first FAILED/ERROR line, or the last."""
    lines = [line for line in ANSI_COLOUR.sub("", output).splitlines() if line.strip()]
    for line in lines:
        if re.match(r"(FAILED|ERROR) ", line):
            return line[:160]
    return lines[-1][:160] if lines else ""


def try_mutation(mutation, timeout, deselect=(), render=False):
    """(status, seconds, detail) for one edit: killed, survived or stale."""
    count = occurrences(mutation)
    if count != 1:
        return "stale", 0.0, f"find text occurs {count} times"
    start = time.perf_counter()
    render = render and page_only(mutation)
    with tempfile.TemporaryDirectory(prefix="mutant-") as folder:
        copy = make_copy(folder, render)
        target = copy / mutation["file"]
        text = target.read_text(encoding="utf-8")
        target.write_text(text.replace(mutation["find"], mutation["replace"]), encoding="utf-8")
        built, output = True, ""
        if not generated(mutation):  # a hand edit to a built file is what the suite must see
            built, output = run(build_command(mutation), copy, timeout)
        if not built:
            return "killed", time.perf_counter() - start, "rebuild: " + first_failure(output)
        passed, output = run(pytest_command(deselect), copy, timeout, render)
    seconds = time.perf_counter() - start
    return ("survived", seconds, "") if passed else ("killed", seconds, first_failure(output))


def control(timeout, deselect=(), render=False):
    """Check the unedited copy: plot_utils comes from the copy, and the rebuilt suite passes
    (with `render`, also the suite that renders the site)."""
    with tempfile.TemporaryDirectory(prefix="mutant-control-") as folder:
        copy = make_copy(folder, render)
        ok, output = run(
            [sys.executable, "-c", "import plot_utils; print(plot_utils.__file__)"], copy, timeout
        )
        imported = output.strip().splitlines()[-1] if output.strip() else ""
        if not ok or Path(imported).resolve() != (copy / "plot_utils.py").resolve():
            sys.exit(f"control: plot_utils is imported from {imported!r}, not from the copy")
        for command in ([sys.executable, "scripts/build_notebooks.py"], pytest_command(deselect)):
            ok, output = run(command, copy, timeout, render and command[1] == "-m")
            if not ok:
                sys.exit(
                    f"control: the unedited copy fails {' '.join(command[1:3])}: "
                    f"{first_failure(output)}"
                )


def rate(results):
    killed = sum(status == "killed" for status, *_ in results)
    counted = sum(status in ("killed", "survived") for status, *_ in results)
    return f"{killed}/{counted} = {100 * killed / counted:.1f}%" if counted else "n/a"


def report(mutations, results):
    pairs = list(zip(mutations, results, strict=True))
    scored = [(m, r) for m, r in pairs if not m.get("equivalent")]
    print(f"\nkill rate, equivalent edits excluded: {rate([r for _, r in scored])}")
    for field in ("category", "file"):
        print(f"by {field}:")
        for value in sorted({m[field] for m, _ in scored}):
            print(f"  {value:<46} {rate([r for m, r in scored if m[field] == value])}")
    equivalents = [(m, r) for m, r in pairs if m.get("equivalent")]
    if equivalents:
        print("equivalent edits (not counted):")
        for m, (status, *_) in equivalents:
            print(f"  {m['id']:<34} {status:<9} {m['why']}")
    stale = [m for m, (status, *_) in pairs if status == "stale"]
    if stale:
        print("stale edits (not counted): " + ", ".join(m["id"] for m in stale))
    survivors = [m for m, (status, *_) in scored if status == "survived"]
    print(f"survivors ({len(survivors)}):")
    for m in survivors:
        print(f"  {m['id']:<34} {m['why']}")


def main(arguments=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", metavar="ID", help="run only these edits")
    parser.add_argument("--list", action="store_true", help="list the edits and stop")
    parser.add_argument("--jobs", type=int, default=1, help="edits tried at once (default 1)")
    parser.add_argument(
        "--timeout",
        type=int,
        default=900,
        help="seconds for one rebuild or one suite run (default 900)",
    )
    parser.add_argument(
        "--data",
        "--file",
        dest="data",
        type=Path,
        default=MUTATIONS,
        metavar="PATH",
        help="the data file: its edits and deselected tests (default scripts/mutations.yml)",
    )
    parser.add_argument(
        "--no-control", action="store_true", help="skip the control run of the unedited copy"
    )
    parser.add_argument(
        "--render",
        action="store_true",
        help="run an edit to a file only the page uses (js/, _filters/, ...) with Quarto on "
        "PATH, so that the tests which render the site run too",
    )
    options = parser.parse_args(arguments)

    mutations, deselect = load_data(options.data)
    if options.only:
        unknown = set(options.only) - {m["id"] for m in mutations}
        if unknown:
            parser.error(f"unknown ids: {', '.join(sorted(unknown))}")
        mutations = [m for m in mutations if m["id"] in options.only]
    if options.list:
        for m in mutations:
            mark = " (equivalent)" if m.get("equivalent") else ""
            print(f"{m['id']:<34} {m['category']:<22} {m['file']}: {m['why']}{mark}")
        print(
            f"{len(mutations)} edits: "
            + ", ".join(
                f"{c} {n}" for c, n in sorted(Counter(m["category"] for m in mutations).items())
            )
        )
        return

    start = time.perf_counter()
    for test in deselect:
        print(f"deselected: {test}")
    if not options.no_control:
        control(options.timeout, deselect, options.render)
        print(
            f"control: the unedited copy passes ({time.perf_counter() - start:.0f} s)", flush=True
        )

    def one(mutation):
        status, seconds, detail = try_mutation(mutation, options.timeout, deselect, options.render)
        print(f"{mutation['id']:<34} {status:<9} {seconds:6.1f} s  {detail}", flush=True)
        return status, seconds, detail

    with ThreadPoolExecutor(max_workers=max(1, options.jobs)) as pool:
        results = list(pool.map(one, mutations))
    report(mutations, results)
    print(f"wall time: {(time.perf_counter() - start) / 60:.1f} min")


if __name__ == "__main__":
    main()
