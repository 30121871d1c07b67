"""Each post's download runs on its own in an empty folder and prints what the post prints.

No Quarto needed: the tests build the zip with the same function the site's post-render step
calls (scripts/downloads.py), so what they check is what the page offers: the exercise
notebook, the solutions notebook, and check.py with the answers it checks against.
"""

import ast
import importlib.metadata
import io
import json
import re
import subprocess
import sys
import zipfile
from functools import partial
from pathlib import Path

import nbformat
import pytest
from learner_kernel import KERNEL_NAME, environment_with, make_kernel
from nbclient import NotebookClient
from packaging.requirements import Requirement

from blogkit.downloads import (
    CHECKER,
    HELPERS,
    archive_bytes,
    archive_members,
    archive_name,
    build,
    learner_packages,
    learner_requirements,
    post_folders,
)
from blogkit.notebooks import notebook_path, post_sources, python_sources
from blogkit.paths import POSTS, answers_path, solutions_path

NBVAL_TIMEOUT_SECONDS = 900


@pytest.fixture(scope="session")
def learner_jupyter_path(tmp_path_factory):
    return make_kernel(tmp_path_factory.mktemp("learner"))


def unpack(folder, target):
    """Unzip the post's download into `target`, a new empty folder; return its folder."""
    target.mkdir()
    with zipfile.ZipFile(io.BytesIO(archive_bytes(folder))) as archive:
        archive.extractall(target)
    return target / folder.name


def test_every_post_has_a_download():
    # The post-render step finds posts as build_notebooks does: a new post needs no new code.
    assert post_folders() == [source.parent for source in post_sources()]


def test_post_render_step_writes_every_posts_download_beside_its_page(tmp_path):
    written = build(tmp_path)
    expected = [tmp_path / "posts" / f.name / f"{f.name}.zip" for f in post_folders()]
    assert written == expected
    for path, folder in zip(written, post_folders(), strict=True):
        assert path.read_bytes() == archive_bytes(folder)


def test_download_holds_the_notebooks_the_helpers_the_checker_and_requirements(post):
    members = archive_members(post.parent)
    slug = post.parent.name
    names = (
        f"{slug}.ipynb",
        f"{slug}-solutions.ipynb",
        "plot_utils.py",
        "check.py",
        "answers.json",
        "requirements.txt",
    )
    assert sorted(members) == sorted(f"{slug}/{name}" for name in names)
    assert members[f"{slug}/{slug}.ipynb"] == notebook_path(post).read_bytes()
    assert members[f"{slug}/{slug}-solutions.ipynb"] == solutions_path(post).read_bytes()
    assert members[f"{slug}/answers.json"] == answers_path(post).read_bytes()
    assert members[f"{slug}/plot_utils.py"] == HELPERS.read_bytes()
    assert members[f"{slug}/check.py"] == CHECKER.read_bytes()
    requirements = members[f"{slug}/requirements.txt"].decode()
    assert f"jupyter lab {slug}.ipynb" in requirements  # says how to open it


def test_learner_requirements_pin_what_the_project_tests_with():
    # Expected lines come from requirements.txt itself, read here without downloads.py.
    project = (HELPERS.parent / "requirements.txt").read_text(encoding="utf-8").splitlines()
    packages = ("jupyter", "numpy", "scikit-learn")
    wanted = [line for line in project if line.split(">=")[0] in packages]
    assert len(wanted) == len(packages)
    assert learner_requirements("\n".join(project), packages).splitlines() == wanted


def test_learner_requirements_reject_bad_input():
    with pytest.raises(ValueError, match="requirements_text does not list plotly"):
        learner_requirements("numpy>=2\nmatplotlib>=3\njupyter>=1\n", ("numpy", "plotly"))
    with pytest.raises(TypeError, match="requirements_text"):
        learner_requirements(None, ("numpy",))
    with pytest.raises(TypeError, match="packages"):
        learner_requirements("numpy>=2\n", "numpy")


def test_learner_packages_are_what_the_code_imports_and_jupyter():
    code = [
        "import numpy as np\nfrom sklearn.linear_model import Ridge\nimport json, os.path",
        "from IPython.display import display\nfrom plot_utils import markdown_table",
    ]
    # scikit-learn's module is sklearn; IPython comes with Jupyter; json and os are the
    # standard library's and plot_utils ships in the zip.
    assert learner_packages(code, {"plot_utils"}) == ("jupyter", "numpy", "scikit-learn")
    assert learner_packages(["x = 1"]) == ("jupyter",)
    with pytest.raises(TypeError, match="sources"):
        learner_packages("import numpy")


def zipped_requirements(post):
    """The package names the post's zip lists in its requirements.txt."""
    text = archive_members(post.parent)[f"{post.parent.name}/requirements.txt"].decode()
    return [Requirement(line).name for line in text.splitlines() if not line.startswith("#")]


def test_each_download_lists_its_own_packages():
    # The first post imports no scikit-learn, the third reads its data from it.
    first = zipped_requirements(POSTS / "linear-regression-from-scratch" / "index.qmd")
    third = zipped_requirements(POSTS / "many-features-one-matrix" / "index.qmd")
    assert "scikit-learn" not in first and {"numpy", "plotly", "jupyter"} <= set(first)
    assert "scikit-learn" in third and set(first) <= set(third)


def test_archive_members_rejects_a_folder_that_is_not_a_post(tmp_path):
    with pytest.raises(ValueError, match="folder .* is not a post folder"):
        archive_members(tmp_path)
    (tmp_path / "index.qmd").write_text("---\ntitle: New\n---\n", encoding="utf-8")
    with pytest.raises(ValueError, match="build_notebooks.py"):  # the notebook is not built yet
        archive_members(tmp_path)
    folder = tmp_path / "post-with-exercises"
    folder.mkdir()
    (folder / "index.qmd").write_text(
        '---\ntitle: New\n---\n\n::: {.callout-tip collapse="true"}\n## Solution\n\n'
        "```{python}\n#| include: false\nanswer(1, task='t')\n```\n:::\n",
        encoding="utf-8",
    )
    (folder / f"{folder.name}.ipynb").write_text("{}", encoding="utf-8")
    with pytest.raises(ValueError, match="no post-with-exercises-solutions.ipynb; build"):
        archive_members(folder)


def _normalized(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def installed_closure(names):
    """The distributions `names` install, with everything they depend on (no extras)."""
    seen, todo = set(), [_normalized(n) for n in names]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for line in importlib.metadata.requires(name) or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(_normalized(requirement.name))
    return seen


def imported_modules(code):
    modules = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            modules |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            modules.add(node.module.split(".")[0])
    return modules  # written here again: the check below must not trust downloads.py's


def test_learner_requirements_install_everything_the_download_imports(post):
    # Expected: the imports in the notebook's code and in plot_utils.py, read with ast; each
    # must come from the standard library, the zip itself, or a package that
    # requirements.txt installs (directly or as a dependency, per the installed metadata).
    members = archive_members(post.parent)
    notebooks = [nbformat.reads(data, 4) for name, data in members.items() if ".ipynb" in name]
    code = [source for notebook in notebooks for source in python_sources(notebook)]
    code += [path.read_text(encoding="utf-8") for path in (HELPERS, CHECKER)]
    modules = set().union(*map(imported_modules, code))
    shipped = {Path(name).stem for name in members if name.endswith(".py")}
    third_party = modules - set(sys.stdlib_module_names) - shipped
    assert {"numpy", "plotly"} <= third_party  # the reading above found the real imports
    installed = installed_closure(zipped_requirements(post))
    providers = importlib.metadata.packages_distributions()
    for module in sorted(third_party):
        assert {_normalized(d) for d in providers[module]} & installed, (
            f"{module} is imported but the download's requirements.txt does not install it"
        )


def test_each_post_links_its_own_download_and_says_what_it_holds(post):
    text = post.read_text(encoding="utf-8")
    name = archive_name(post.parent)
    assert f']({name}){{download="{name}"}}' in text, (
        f"the post's 'Run it yourself' callout must link {name}"
    )
    callout = text.split("## Run it yourself", 1)[1].split("\n:::", 1)[0]
    for command in ("pip install -r requirements.txt", f"jupyter lab {notebook_path(post).name}"):
        assert f"\n{command}\n" in callout, f"the callout must say: {command}"
    for held in (solutions_path(post).name, CHECKER.name, "exercise"):
        assert held in callout, f"the callout must say that the zip holds {held}"


def test_learner_kernel_cannot_import_the_repository(learner_jupyter_path, tmp_path, monkeypatch):
    empty = tmp_path / "empty"
    empty.mkdir()
    # Control: the project's own Python imports plot_utils even here (the editable install);
    # without the isolation, a download missing plot_utils.py would still run.
    control = subprocess.run([sys.executable, "-c", "import plot_utils"], cwd=empty)
    assert control.returncode == 0, "the project's environment should import plot_utils anywhere"
    monkeypatch.setenv("JUPYTER_PATH", str(learner_jupyter_path))
    probe = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("import matplotlib, numpy, plotly\nprint('packages ok')"),
            nbformat.v4.new_code_cell("import plot_utils"),
        ]
    )
    NotebookClient(
        probe,
        kernel_name=KERNEL_NAME,
        allow_errors=True,
        timeout=120,
        resources={"metadata": {"path": str(empty)}},
    ).execute()
    packages, helpers = probe.cells
    assert packages.outputs[0].get("text") == "packages ok\n", packages.outputs
    errors = [o for o in helpers.outputs if o.output_type == "error"]
    assert errors and errors[0].ename == "ModuleNotFoundError", helpers.outputs


def start_nbval(notebooks, jupyter_path, workdir):
    """Start pytest --nbval on `notebooks` with the learner kernel, outside this project's
    config; its output goes to workdir/nbval.txt."""
    ini = workdir / "pytest.ini"
    ini.write_text("[pytest]\n", encoding="utf-8")  # not this repository's addopts
    with open(workdir / "nbval.txt", "w", encoding="utf-8") as output:
        return subprocess.Popen(
            [
                sys.executable,
                "-m",
                "pytest",
                "-c",
                str(ini),
                "--rootdir",
                str(workdir),
                "-p",
                "no:cacheprovider",
                "--color=no",
                "--nbval",
                "--nbval-kernel-name",
                KERNEL_NAME,
                "-q",
                *map(str, notebooks),
            ],
            cwd=workdir,
            env=environment_with(jupyter_path),
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
        )


KERNEL_NEVER_STARTED = "RuntimeError: Kernel died before replying to kernel_info"


@pytest.fixture(scope="session")
def nbval_runs(learner_jupyter_path, tmp_path_factory):
    """Every post's unpacked download under nbval, all started at once: each in its own
    process and kernels, so they share nothing but the machine's time.
    {slug: (process, its working folder, the number of code cells, a function that starts
    the same run again)}."""
    runs = {}
    for post in post_sources():
        workdir = tmp_path_factory.mktemp(f"nbval-{post.parent.name}")
        folder = unpack(post.parent, workdir / "download")
        notebooks = [folder / notebook_path(post).name, folder / solutions_path(post).name]
        cells = sum(
            cell.cell_type == "code"
            for notebook in notebooks
            for cell in nbformat.read(notebook, as_version=4).cells
        )
        again = partial(start_nbval, notebooks, learner_jupyter_path, workdir)
        runs[post.parent.name] = (again(), workdir, cells, again)
    yield runs
    for process, *_ in runs.values():
        if process.poll() is None:  # a run whose test was not selected
            process.kill()
            process.wait()


def nbval_result(process, workdir, again):
    """The return code and output of an nbval run, run once more if its kernel never started."""
    returncode = process.wait(timeout=NBVAL_TIMEOUT_SECONDS)
    output = (workdir / "nbval.txt").read_text(encoding="utf-8")
    if returncode and KERNEL_NEVER_STARTED in output:
        # jupyter_client picks a kernel's ports and ipykernel binds them once: a kernel that
        # another process's kernel beat to a port dies before it runs a cell (seen with several
        # test runs on a busy machine). Nothing of the notebooks was judged; run them again.
        returncode = again().wait(timeout=NBVAL_TIMEOUT_SECONDS)
        output = (workdir / "nbval.txt").read_text(encoding="utf-8")
    return returncode, output


def test_only_a_kernel_that_never_started_is_run_again(tmp_path):
    class Finished:  # a process that has ended with this output and return code
        def __init__(self, output, returncode):
            (tmp_path / "nbval.txt").write_text(output, encoding="utf-8")
            self.returncode = returncode

        def wait(self, timeout):
            return self.returncode

    def again():
        return Finished("44 passed", 0)

    assert nbval_result(Finished(f"E {KERNEL_NEVER_STARTED}", 1), tmp_path, again) == (
        0,
        "44 passed",
    )
    assert nbval_result(Finished("1 failed", 1), tmp_path, again) == (1, "1 failed")
    assert nbval_result(Finished("44 passed", 0), tmp_path, again) == (0, "44 passed")


def test_download_runs_alone_and_prints_what_the_post_prints(post, nbval_runs):
    # One kernel run per notebook of the unpacked download: nbval executes every cell of the
    # exercise notebook and of the solutions notebook in the zip's folder, with the learner
    # kernel, and compares each output (printed lines, tables, chart HTML) with the stored one.
    process, workdir, cells, again = nbval_runs[post.parent.name]
    returncode, output = nbval_result(process, workdir, again)
    assert returncode == 0, output[-6000:]
    assert re.search(rf"\b{cells} passed\b", output), output[-6000:]


CHECK_EVERY_ANSWER = """
import json
from check import check

for number, entry in json.load(open("answers.json"))["exercises"].items():
    if entry["value"] is not None:
        check(int(number), entry["value"])
        check(int(number), [v * 3 + 1 for v in entry["value"]]
              if isinstance(entry["value"], list) else entry["value"] * 3 + 1)
"""


def test_check_runs_in_the_download_with_its_answers(
    post, learner_jupyter_path, tmp_path, monkeypatch
):
    # In the unpacked folder, with the learner kernel: check.py imports and finds the answers
    # the solutions computed, and says right for them and not yet for others.
    folder = unpack(post.parent, tmp_path / "download")
    monkeypatch.setenv("JUPYTER_PATH", str(learner_jupyter_path))
    probe = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(CHECK_EVERY_ANSWER)])
    NotebookClient(
        probe, kernel_name=KERNEL_NAME, timeout=120, resources={"metadata": {"path": str(folder)}}
    ).execute()
    answers = json.loads(answers_path(post).read_text(encoding="utf-8"))["exercises"]
    checked = sum(entry["value"] is not None for entry in answers.values())
    assert checked >= 1
    printed = "".join(o.text for o in probe.cells[0].outputs if o.output_type == "stream")
    assert printed == "right\nnot yet\n" * checked
