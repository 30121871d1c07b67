"""Each post's download runs on its own in an empty folder and prints what the post prints.

No Quarto needed: the tests build the zip with the same function the site's post-render step
calls (scripts/downloads.py), so what they check is what the page offers.
"""

import ast
import importlib.metadata
import io
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest
from learner_kernel import KERNEL_NAME, environment_with, make_kernel
from nbclient import NotebookClient
from packaging.requirements import Requirement

from blogkit.downloads import (
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
from blogkit.paths import POSTS

NBVAL_TIMEOUT_SECONDS = 900


@pytest.fixture(scope="session")
def learner_jupyter_path(tmp_path_factory):
    return make_kernel(tmp_path_factory.mktemp("learner"))


def unpack(folder, target):
    """Unzip the post's download into `target`, a new empty folder; return the notebook."""
    target.mkdir()
    with zipfile.ZipFile(io.BytesIO(archive_bytes(folder))) as archive:
        archive.extractall(target)
    return target / folder.name / notebook_path(folder / "index.qmd").name


def test_every_post_has_a_download():
    # The post-render step finds posts as build_notebooks does: a new post needs no new code.
    assert post_folders() == [source.parent for source in post_sources()]


def test_post_render_step_writes_every_posts_download_beside_its_page(tmp_path):
    written = build(tmp_path)
    expected = [tmp_path / "posts" / f.name / f"{f.name}.zip" for f in post_folders()]
    assert written == expected
    for path, folder in zip(written, post_folders(), strict=True):
        assert path.read_bytes() == archive_bytes(folder)


def test_download_holds_the_posts_notebook_the_helpers_and_requirements(post):
    members = archive_members(post.parent)
    slug = post.parent.name
    assert sorted(members) == sorted(
        f"{slug}/{name}" for name in (f"{slug}.ipynb", "plot_utils.py", "requirements.txt")
    )
    assert members[f"{slug}/{slug}.ipynb"] == notebook_path(post).read_bytes()
    assert members[f"{slug}/plot_utils.py"] == HELPERS.read_bytes()
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
    notebook = nbformat.reads(members[f"{post.parent.name}/{notebook_path(post).name}"], 4)
    code = python_sources(notebook) + [HELPERS.read_text(encoding="utf-8")]
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


def test_each_post_links_its_own_download_and_says_how_to_open_it(post):
    text = post.read_text(encoding="utf-8")
    name = archive_name(post.parent)
    assert f']({name}){{download="{name}"}}' in text, (
        f"the post's 'Run it yourself' callout must link {name}"
    )
    for command in ("pip install -r requirements.txt", f"jupyter lab {notebook_path(post).name}"):
        assert f"\n{command}\n" in text, f"the callout must say: {command}"


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


def run_nbval(notebook, jupyter_path, workdir):
    """pytest --nbval on `notebook` with the learner kernel, outside this project's config."""
    ini = workdir / "pytest.ini"
    ini.write_text("[pytest]\n", encoding="utf-8")  # not this repository's addopts
    return subprocess.run(
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
            str(notebook),
        ],
        cwd=workdir,
        env=environment_with(jupyter_path),
        capture_output=True,
        text=True,
        timeout=NBVAL_TIMEOUT_SECONDS,
    )


def test_download_runs_alone_and_prints_what_the_post_prints(post, learner_jupyter_path, tmp_path):
    # One kernel run of the unpacked download: nbval executes every cell in the zip's folder
    # with the learner kernel and compares each output (printed lines, tables, chart HTML)
    # with the one stored in the post's notebook.
    notebook = unpack(post.parent, tmp_path / "download")
    cells = sum(cell.cell_type == "code" for cell in nbformat.read(notebook, as_version=4).cells)
    result = run_nbval(notebook, learner_jupyter_path, tmp_path)
    report = result.stdout[-4000:] + result.stderr[-2000:]
    assert result.returncode == 0, report
    assert re.search(rf"\b{cells} passed\b", result.stdout), report
