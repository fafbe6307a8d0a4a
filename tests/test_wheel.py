"""An installed wheel works as the source tree does: its data, entry points and resources.

The wheel is built from this checkout and installed into a folder of its own (its
dependencies come from the test environment); every check runs in a fresh interpreter that
imports tonecheck from that folder, never from the source tree.
"""

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    # built from a copy: setuptools leaves a build/ folder behind, whose stale modules a later
    # build of the checkout would pack too
    source = out / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".git", ".venv", "build", "*.egg-info",
                                                                  "__pycache__", ".pytest_cache"))
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                            "-w", str(out / "dist"), str(source)], capture_output=True, text=True)
    if built.returncode != 0:
        pytest.fail("the wheel did not build: " + built.stderr[-2000:])
    (wheel,) = (out / "dist").glob("tonecheck-*.whl")
    target = out / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    return wheel, target


def run_installed(target: Path, code: str, cwd: Path) -> subprocess.CompletedProcess:
    """Python with the installed wheel first on the path, started away from the source tree."""
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin", "NO_COLOR": "1",
           "TONECHECK_NO_CACHE": "1", "HOME": str(cwd)}
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=cwd)


def test_the_wheel_carries_every_layer_and_its_data(installed):
    wheel, _ = installed
    names = zipfile.ZipFile(wheel).namelist()
    for layer in ("runtime", "results", "nlp", "inputs", "rulebook", "team", "match", "engine", "batch",
                  "service", "cli"):
        assert f"tonecheck/{layer}/__init__.py" in names
    assert "tonecheck/service/web/index.html" in names
    assert any(n.startswith("tonecheck/builtin_rules/blame/") for n in names)
    assert any(n.startswith("tonecheck/builtin_lexicons/ru/") for n in names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "tonecheck = tonecheck.cli.main:run" in zipfile.ZipFile(wheel).read(entry_points).decode()


def test_the_installed_package_checks_serves_and_caches(installed, tmp_path):
    _, target = installed
    code = """
import json, sys
import tonecheck
from tonecheck.engine.linter import builtin_lexicons_dir, builtin_rules_dir
from tonecheck.match.phrases import _fingerprint
from importlib import resources
from uvicorn.importer import import_from_string

result = tonecheck.check("Вы опять не приложили счёт.")
page = resources.files("tonecheck.service").joinpath("web/index.html").read_text(encoding="utf-8")
factory = import_from_string("tonecheck.service.server:app_from_env")
print(json.dumps({"module": tonecheck.__file__, "rules": str(builtin_rules_dir()),
                  "lexicons": str(builtin_lexicons_dir()), "found": result.rules(),
                  "page": "<html" in page.lower(), "factory": factory.__name__,
                  "fingerprint": len(_fingerprint("ru")[-1])}))
"""
    done = run_installed(target, code, tmp_path)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen["module"].startswith(str(target))
    assert seen["rules"] == str(target / "tonecheck" / "builtin_rules")
    assert seen["lexicons"] == str(target / "tonecheck" / "builtin_lexicons")
    assert seen["found"] == ["blame.not-done", "greeting.missing"]
    assert (seen["page"], seen["factory"], seen["fingerprint"]) == (True, "app_from_env", 2)


def test_the_console_script_runs_from_the_wheel(installed, tmp_path):
    _, target = installed
    draft = tmp_path / "draft.txt"
    draft.write_text("Вы опять не приложили счёт.", encoding="utf-8")
    code = ("import sys; from importlib.metadata import entry_points; "
            "(script,) = [e for e in entry_points(group='console_scripts') if e.name == 'tonecheck']; "
            "sys.argv = ['tonecheck', '--isolated', '--format', 'json', 'draft.txt']; script.load()()")
    done = run_installed(target, code, tmp_path)
    assert done.returncode == 1, done.stderr  # findings
    findings = json.loads(done.stdout)["files"][0]["findings"]
    assert [f["rule"] for f in findings] == ["blame.not-done", "greeting.missing"]
