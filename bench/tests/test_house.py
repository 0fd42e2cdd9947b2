"""The benchmark stays out of what ships: no runtime module imports it, and only the bench
server mounts its baseline page."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import NoReverseMatch, reverse

from accounts.models import User

ROOT = Path(__file__).resolve().parents[2]


def _runtime_modules():
    packages = {app.split(".")[0] for app in settings.INSTALLED_APPS} | {"endorsement_portal"}
    for package in sorted(packages):
        if not (ROOT / package).is_dir():
            continue  # a third-party app
        for path in (ROOT / package).rglob("*.py"):
            if "tests" not in path.relative_to(ROOT).parts:
                yield path


def _imported(path: Path):
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def test_no_runtime_module_imports_bench():
    modules = list(_runtime_modules())
    assert any(p.parts[-2:] == ("core", "views.py") for p in modules)  # the walk sees the apps
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in modules
        for name in _imported(path)
        if name == "bench" or name.startswith("bench.")
    ]
    assert offenders == []


def test_the_portal_does_not_mount_the_baseline():
    with pytest.raises(NoReverseMatch):
        reverse("bench_baseline")


@pytest.mark.django_db
@pytest.mark.urls("bench.urls")
def test_the_bench_server_serves_the_baseline_in_one_query(client, django_assert_num_queries):
    for i in range(60):
        User.objects.create_user(email=f"p{i}@example.org", password=None, given_name=f"P{i}")

    with django_assert_num_queries(1):
        response = client.get(reverse("bench_baseline"))

    assert response.status_code == 200
    assert response.content.count(b"<tr>") == 50
    assert reverse("review:inbox")  # and every page of the portal beside it
