"""Build each post's download: one zip a learner runs in an empty folder.

    python scripts/downloads.py [OUTPUT_DIR]   # default: $QUARTO_PROJECT_OUTPUT_DIR or _site/

Quarto runs this after every render (`post-render` in _quarto.yml), so the rendered site
carries posts/<slug>/<slug>.zip beside each post. The zip holds a folder <slug>/ with the
post's executed notebook (its exercises with cells to work in), the chart helpers it imports
(plot_utils.py) and a requirements.txt naming only what the notebook needs (the packages its
code imports, found by reading it); for a post with exercises, also the notebook with their
worked solutions, check.py and the answers it checks against (answers.json). The tests
unpack exactly what `archive_members` returns and run it with a kernel that cannot import
the repository.
"""

import ast
import io
import json
import os
import re
import sys
import zipfile
from pathlib import Path

from blogkit.exercises import has_exercises
from blogkit.paths import POSTS, ROOT, answers_path, solutions_path

HELPERS = ROOT / "plot_utils.py"
CHECKER = ROOT / "check.py"
REQUIREMENTS = ROOT / "requirements.txt"
# Every download needs Jupyter to open its notebook; the other packages are what its code
# imports. The version bounds come from requirements.txt, so the learner gets the versions
# the tests ran.
ALWAYS = ("jupyter",)
# Where an imported module's package has another name. IPython comes with Jupyter.
PACKAGE_OF = {"sklearn": "scikit-learn", "IPython": "jupyter"}
# A fixed timestamp: rebuilding an unchanged post gives the same bytes.
ZIP_DATE = (2026, 1, 1, 0, 0, 0)
REQUIREMENT_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def post_folders(posts=POSTS):
    """Every post's folder, posts/<slug>/ holding an index.qmd, in a stable order."""
    return sorted(source.parent for source in Path(posts).glob("*/index.qmd"))


def archive_name(folder):
    return f"{Path(folder).name}.zip"


def imported_modules(code):
    """The top-level modules that Python `code` imports (relative imports aside)."""
    modules = set()
    for node in ast.walk(ast.parse(code)):
        if isinstance(node, ast.Import):
            modules |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            modules.add(node.module.split(".")[0])
    return modules


def code_cells(notebook):
    """The source of each code cell of a built notebook (all Python: the builder leaves no other).

    Read as JSON: this runs after every render, and nbformat takes over a second to import.
    """
    cells = json.loads(Path(notebook).read_text(encoding="utf-8")).get("cells", [])
    return ["".join(cell["source"]) for cell in cells if cell["cell_type"] == "code"]


def learner_packages(sources, shipped=()):
    """The packages a learner installs to run `sources` (Python code), and Jupyter.

    Modules of the standard library and those in `shipped` (the zip's own .py files) need
    nothing; the others are named by their package (PACKAGE_OF), sorted.
    """
    if isinstance(sources, str) or not all(isinstance(code, str) for code in sources):
        raise TypeError("sources must be a sequence of code strings")
    modules = set().union(set(), *map(imported_modules, sources))
    modules -= set(sys.stdlib_module_names) | set(shipped)
    return tuple(sorted({PACKAGE_OF.get(m, m).lower() for m in modules} | set(ALWAYS)))


def learner_requirements(requirements_text, packages):
    """The lines of requirements.txt that pin `packages`, in that file's order."""
    if not isinstance(requirements_text, str):
        raise TypeError(f"requirements_text must be str, not {type(requirements_text).__name__}")
    if isinstance(packages, str):
        raise TypeError("packages must be a sequence of package names, not one string")
    lines = {}
    for line in requirements_text.splitlines():
        match = REQUIREMENT_NAME.match(line)
        if match and not line.lstrip().startswith("#"):
            lines[match[1].lower()] = line.strip()
    missing = [name for name in packages if name not in lines]
    if missing:
        raise ValueError(f"requirements_text does not list {', '.join(missing)}")
    return "".join(f"{line}\n" for name, line in lines.items() if name in packages)


def archive_members(folder):
    """What a post's zip holds: {path inside the zip: bytes}, all under <slug>/."""
    folder = Path(folder)
    source = folder / "index.qmd"
    if not source.is_file():
        raise ValueError(f"folder {folder} is not a post folder (no index.qmd)")
    notebook = folder / f"{folder.name}.ipynb"
    built = [notebook]
    if has_exercises(source):
        built += [solutions_path(source), answers_path(source)]
    for path in built:
        if not path.is_file():
            raise ValueError(
                f"folder {folder} has no {path.name}; "
                "build it with: python scripts/build_notebooks.py"
            )
    slug = folder.name
    header = (
        f"# Install with: pip install -r requirements.txt\n"
        f"# Then open the notebook with: jupyter lab {slug}.ipynb\n"
    )
    code = code_cells(notebook)
    packages = learner_packages([*code, HELPERS.read_text(encoding="utf-8")], {HELPERS.stem})
    requirements = header + learner_requirements(REQUIREMENTS.read_text(encoding="utf-8"), packages)
    members = {
        f"{slug}/{notebook.name}": notebook.read_bytes(),
        f"{slug}/{HELPERS.name}": HELPERS.read_bytes(),
        f"{slug}/requirements.txt": requirements.encode("utf-8"),
    }
    if len(built) > 1:
        members |= {f"{slug}/{path.name}": path.read_bytes() for path in built[1:]}
        members[f"{slug}/{CHECKER.name}"] = CHECKER.read_bytes()
    return members


def archive_bytes(folder):
    """The post's zip file, byte for byte."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in archive_members(folder).items():
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16  # rw-r--r-- once unpacked
            archive.writestr(info, data)
    return buffer.getvalue()


def build(output_dir, posts=POSTS):
    """Write every post's zip into the rendered site; return the paths written."""
    written = []
    for folder in post_folders(posts):
        target = Path(output_dir) / "posts" / folder.name / archive_name(folder)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(archive_bytes(folder))
        written.append(target)
    return written


def main(arguments):
    default = os.environ.get("QUARTO_PROJECT_OUTPUT_DIR", ROOT / "_site")
    for path in build(Path(arguments[0] if arguments else default)):
        print(f"wrote {path}")
