"""The import graph runs the way the README's architecture section says (issue 20).

Read with `ast` (every import, at module level or deferred inside a function) and the
templates' own text, by `import_graph.py`; no Django needed. The floors are
`import_graph.LAYERS`, the order of INSTALLED_APPS and of the README. The checker itself is
tested on tiny fake trees, so that a rule that stopped finding anything would fail here.
"""

from pathlib import Path

import pytest
from django.conf import settings

from . import import_graph as graph

ROOT = Path(__file__).resolve().parents[2]
TOP = sorted({app.split(".")[0] for floor in graph.LAYERS for app in floor})


@pytest.fixture(scope="module")
def house():
    return graph.read_tree(ROOT, TOP)


def test_the_floors_are_the_installed_apps_in_their_order():
    ours = [app for app in settings.INSTALLED_APPS if graph.app_of(app) == app]
    floors = [app for floor in graph.LAYERS for app in floor if app in ours]

    assert floors == ours


def test_the_readme_names_the_floors_in_their_order():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    line = next(line for line in readme.splitlines() if line.startswith("core <- messaging"))
    named = [part.strip() for part in line.replace(",", " <- ").split("<-")]
    floors = [app.replace("endorsements.", "") for floor in graph.LAYERS[:-2] for app in floor]

    assert [n for n in named if n] == floors


def test_the_graph_is_read(house):
    assert "core.navigation" in house.modules
    assert "endorsements.review.services.decisions" in house.modules
    # Deferred imports count too.
    assert "messaging.tasks" in house.edges["messaging.services.delivery"]


def test_core_imports_no_app(house):
    found = [
        f"{source} imports {target}"
        for source, targets in house.edges.items()
        if graph.app_of(source) == "core"
        for target in targets
        if graph.app_of(target) != "core"
    ]

    assert found == []


def test_no_import_runs_up_the_floors(house):
    assert graph.upward_imports(house) == []


def test_models_import_no_selectors_or_services(house):
    assert graph.models_reaching_up(house) == []


def test_no_circle_but_a_task_module_and_its_service(house):
    assert graph.forbidden_circles(house) == []


def test_no_circle_at_all_inside_competencies(house):
    assert [c for c in graph.circles(house) if graph.app_of(c[0]) == "competencies"] == []


def test_templates_load_only_their_own_apps_libraries_or_cores():
    assert graph.foreign_loads(ROOT, TOP) == []


def test_templates_include_no_template_of_an_app_above():
    assert graph.upward_includes(ROOT, TOP) == []


# The checker on fake trees: each rule finds a planted violation.


def plant(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


CLEAN = {
    "core/__init__.py": "",
    "core/models.py": "from django.db import models\n",
    "accounts/__init__.py": "",
    "accounts/models.py": "from core.models import models\n",
    "competencies/__init__.py": "",
    "competencies/models.py": "from accounts.models import models\n",
    "competencies/selectors.py": "from .models import models\n",
    "fees/__init__.py": "",
    "fees/services.py": "def invoice():\n    from .tasks import render\n",
    "fees/tasks.py": "from .services import invoice\n",
}


def read(root: Path) -> graph.Graph:
    return graph.read_tree(root, ["core", "accounts", "competencies", "fees"])


def test_a_clean_fake_tree_passes(tmp_path):
    fake = read(plant(tmp_path, CLEAN))

    assert graph.upward_imports(fake) == []
    assert graph.models_reaching_up(fake) == []
    # The task module and its service import each other: the one circle allowed.
    assert graph.circles(fake) == [["fees.services", "fees.tasks"]]
    assert graph.forbidden_circles(fake) == []


def test_a_deferred_import_of_an_app_by_core_is_found(tmp_path):
    fake = read(
        plant(tmp_path, {**CLEAN, "core/mail.py": "def send():\n    from accounts import models\n"})
    )

    assert graph.upward_imports(fake) == ["core.mail:2 imports accounts.models"]


def test_a_relative_import_up_a_floor_is_found(tmp_path):
    fake = read(
        plant(
            tmp_path,
            {**CLEAN, "accounts/views.py": "from competencies.selectors import models\n"},
        )
    )

    assert graph.upward_imports(fake) == ["accounts.views:1 imports competencies.selectors"]


def test_a_model_importing_a_selector_is_found(tmp_path):
    fake = read(
        plant(
            tmp_path,
            {**CLEAN, "competencies/models.py": "def spec():\n    from .selectors import x\n"},
        )
    )

    assert graph.models_reaching_up(fake) == [
        "competencies.models:2 imports competencies.selectors"
    ]
    assert graph.forbidden_circles(fake) == [["competencies.models", "competencies.selectors"]]


def test_a_circle_through_a_task_module_and_two_services_is_refused(tmp_path):
    fake = read(
        plant(
            tmp_path,
            {
                **CLEAN,
                "fees/tasks.py": "from .services import invoice\nfrom .reminders import nudge\n",
                "fees/reminders.py": "from .tasks import render\n",
            },
        )
    )

    assert graph.forbidden_circles(fake) == [["fees.reminders", "fees.services", "fees.tasks"]]


def test_a_template_loading_another_apps_library_is_found(tmp_path):
    plant(
        tmp_path,
        {
            **CLEAN,
            "competencies/templatetags/__init__.py": "",
            "competencies/templatetags/checklist.py": "",
            "core/templatetags/__init__.py": "",
            "core/templatetags/portal_format.py": "",
            "fees/templates/fees/page.html": "{% load i18n %}{% load x from checklist %}",
            "competencies/templates/competencies/page.html": "{% load checklist portal_format %}",
        },
    )

    assert graph.foreign_loads(tmp_path, ["core", "competencies", "fees"]) == [
        "fees/templates/fees/page.html loads checklist (competencies)"
    ]


def test_a_template_including_a_partial_of_an_app_above_is_found(tmp_path):
    plant(
        tmp_path,
        {
            **CLEAN,
            "templates/base.html": "",
            "templates/emails/invoice_body.html": '{% include "fees/_line.html" %}',
            "fees/templates/fees/_line.html": "",
            "fees/templates/fees/page.html": '{% extends "base.html" %}',
            "accounts/templates/accounts/page.html": '{% include "fees/_line.html" %}',
        },
    )

    assert graph.upward_includes(tmp_path, ["core", "accounts", "fees"]) == [
        "accounts/templates/accounts/page.html includes fees/_line.html (fees)"
    ]
