"""A Jupyter kernel that sees the installed packages but not this repository.

The project's environment installs the repository itself (`-e .` in requirements.txt), so
its kernel imports plot_utils from any folder. A learner's environment has numpy, matplotlib,
plotly and Jupyter, and nothing of ours. This kernel runs in a fresh virtual environment whose
only link to the project's environment is one .pth line per site-packages folder. Python adds
a folder named in a .pth file to sys.path but does not process the .pth files inside it, and
the editable install of this repository is exactly such a .pth file, so it never loads.
"""

import json
import os
import site
import subprocess
import sys
import venv
from pathlib import Path

KERNEL_NAME = "learner-python"


def site_packages():
    """The folders the running Python imports installed packages from."""
    folders = list(site.getsitepackages())
    if site.ENABLE_USER_SITE:
        folders.append(site.getusersitepackages())
    return [folder for folder in folders if Path(folder).is_dir()]


def venv_python(environment):
    scripts = "Scripts" if os.name == "nt" else "bin"
    executable = "python.exe" if os.name == "nt" else "python"
    return Path(environment) / scripts / executable


def make_environment(folder):
    """A venv in `folder` that imports the running Python's packages but not the repository."""
    environment = Path(folder) / "venv"
    venv.create(environment, with_pip=False)
    python = venv_python(environment)
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    lines = "".join(f"{path}\n" for path in site_packages())
    (Path(purelib) / "project_packages.pth").write_text(lines, encoding="utf-8")
    return python


def make_kernel(folder):
    """Install the learner kernel under `folder`; return the JUPYTER_PATH that finds it.

    The kernel starts with -E and -s: PYTHONPATH and the user's site-packages (where a
    `pip install --user -e .` would live) cannot bring the repository back.
    """
    python = make_environment(folder)
    jupyter_path = Path(folder) / "jupyter"
    spec = jupyter_path / "kernels" / KERNEL_NAME
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [
                    str(python),
                    "-E",
                    "-s",
                    "-m",
                    "ipykernel_launcher",
                    "-f",
                    "{connection_file}",
                ],
                "display_name": "Python 3 (learner: no repository)",
                "language": "python",
            }
        ),
        encoding="utf-8",
    )
    return jupyter_path


def environment_with(jupyter_path):
    """os.environ for a process that must find the learner kernel and nothing else of ours."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("PYTHONPATH", "PYTEST_ADDOPTS")
    }
    env["JUPYTER_PATH"] = os.pathsep.join([str(jupyter_path), env.get("JUPYTER_PATH", "")])
    return env


if __name__ == "__main__":
    print(make_kernel(sys.argv[1]))
