"""`pip install` of the SDK works offline, and the installed package is complete and typed."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import SDK_ROOT


def test_offline_pip_install_gives_a_typed_package(tmp_path) -> None:
    if subprocess.run([sys.executable, "-m", "pip", "--version"], capture_output=True).returncode != 0:
        pytest.skip("pip is not installed for this Python (Debian: apt-get install python3-pip)")
    missing = subprocess.run([sys.executable, "-c", "import setuptools, wheel"], capture_output=True)
    if missing.returncode != 0:
        pytest.skip("an offline build needs setuptools and wheel installed for this Python "
                    "(Debian: apt-get install python3-setuptools python3-wheel)")
    target = tmp_path / "site"
    done = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-index", "--no-build-isolation",
                           "--target", str(target), str(SDK_ROOT)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (target / "feedloop" / "py.typed").is_file()
    check = subprocess.run([sys.executable, "-c", "import feedloop; print(feedloop.__version__, feedloop.__file__)"],
                           cwd=tmp_path, env={"PYTHONPATH": str(target)}, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    assert str(target) in check.stdout
