"""Demo code stays out of what ships: no runtime module imports the `demo` package."""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def test_no_runtime_module_imports_demo():
    packages = {app.split(".")[0] for app in settings.INSTALLED_APPS} - {"demo"}
    modules = [
        path
        for package in sorted(packages | {"endorsement_portal"})
        if (ROOT / package).is_dir()
        for path in (ROOT / package).rglob("*.py")
        if "tests" not in path.relative_to(ROOT).parts
    ]
    assert any("endorsements" in p.parts for p in modules)  # the walk sees the apps
    offenders = []
    for path in modules:
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module]
                if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module
                else []
            )
            offenders += [
                f"{path.relative_to(ROOT)}: {n}"
                for n in names
                if n == "demo" or n.startswith("demo.")
            ]
    assert offenders == []
