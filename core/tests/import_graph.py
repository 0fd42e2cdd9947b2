"""Read the project's import graph with `ast` and say where it runs against the layers.

Used by `test_import_graph.py`; kept apart so that the checker itself can be tested on a tiny fake
tree. Every `import` and `from ... import` counts, at module level or deferred inside a function
(a deferred import is still a dependency, only a later one). Tests and migrations are not read;
the top-level `demo/` and `bench/` packages are read as the top floor, beside the wiring.
"""

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

# The floors of the house, lowest first: an app may import only its own floor's modules and the
# floors below. Apps on one floor (siblings) do not import each other. The order is the one of
# INSTALLED_APPS and of the README's architecture section.
LAYERS: list[tuple[str, ...]] = [
    ("core",),
    ("messaging",),
    ("accounts",),
    ("memberships",),
    ("competencies",),
    ("applicants",),
    ("reflective_supervision",),
    ("endorsements",),
    # The credentials' decisions (renewals, reinstatements, suspensions) use the review's
    # separation-of-duties guard (declared conflicts are review rows); the review reaches the
    # credentials only through a follower (`endorsements/credentials/followers.py`).
    ("endorsements.review",),
    ("endorsements.credentials",),
    ("endorsements.reports",),
    ("organisations",),
    ("portable",),
    ("trainings",),
    ("fees",),
    # The wiring, then the top floor: demo builders and the benchmark (whose settings and URLs
    # extend the wiring's) may use everything.
    ("endorsement_portal",),
    ("demo", "bench"),
]

# Modules of an app that are the lowest room inside it: they may not import its selectors or
# services (nor those of any other app).
MODEL_MODULE = re.compile(r"(^|\.)models(\.|$)")
SERVICE_MODULE = re.compile(r"(^|\.)(selectors|services)(\.|$)")
TASK_MODULE = re.compile(r"(^|\.)tasks(\.|$)")


def _skipped(rel: Path) -> bool:
    parts = rel.parts
    if any(p in ("tests", "migrations", "__pycache__", "node_modules", "static") for p in parts):
        return True
    if parts[0].startswith("."):
        return True
    name = rel.name
    return name.startswith("test_") or name == "conftest.py"


def module_name(rel: Path) -> str:
    parts = list(rel.with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@dataclass
class Graph:
    modules: dict[str, Path] = field(default_factory=dict)
    packages: set[str] = field(default_factory=set)
    # module -> {imported module: first line}
    edges: dict[str, dict[str, int]] = field(default_factory=dict)


def _resolve(graph: Graph, name: str) -> str | None:
    """The project module `name` stands for (a name imported from a module is the module)."""
    while name:
        if name in graph.modules:
            return name
        name = name.rpartition(".")[0]
    return None


def read_tree(root: Path, top: list[str]) -> Graph:
    graph = Graph()
    for package in top:
        base = root / package
        if not base.exists():
            continue
        paths = [base] if base.is_file() else sorted(base.rglob("*.py"))
        for path in paths:
            rel = path.relative_to(root)
            if _skipped(rel):
                continue
            name = module_name(rel)
            graph.modules[name] = path
            if path.name == "__init__.py":
                graph.packages.add(name)
    for name, path in graph.modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        package = name if name in graph.packages else name.rpartition(".")[0]
        found: dict[str, int] = {}
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - (node.level - 1)]
                    origin = ".".join(anchor + ([node.module] if node.module else []))
                else:
                    origin = node.module or ""
                # `from pkg import sub` imports the submodule; `from mod import name`, the module.
                targets = [
                    f"{origin}.{alias.name}"
                    if f"{origin}.{alias.name}" in graph.modules
                    else origin
                    for alias in node.names
                ]
            for target in targets:
                resolved = _resolve(graph, target)
                if resolved and resolved != name:
                    found.setdefault(resolved, node.lineno)
        graph.edges[name] = found
    return graph


def app_of(module: str) -> str | None:
    best = None
    for floor in LAYERS:
        for app in floor:
            if (module == app or module.startswith(app + ".")) and (
                best is None or len(app) > len(best)
            ):
                best = app
    return best


def floor_of(app: str) -> int:
    for index, floor in enumerate(LAYERS):
        if app in floor:
            return index
    raise KeyError(app)


def upward_imports(graph: Graph) -> list[str]:
    """Imports of an app on a floor that is not below its own (siblings included)."""
    found = []
    for source, targets in sorted(graph.edges.items()):
        source_app = app_of(source)
        for target, line in targets.items():
            target_app = app_of(target)
            if source_app is None or target_app is None or source_app == target_app:
                continue
            if floor_of(target_app) >= floor_of(source_app):
                found.append(f"{source}:{line} imports {target}")
    return found


def models_reaching_up(graph: Graph) -> list[str]:
    found = []
    for source, targets in sorted(graph.edges.items()):
        if not MODEL_MODULE.search(source):
            continue
        for target, line in targets.items():
            if SERVICE_MODULE.search(target):
                found.append(f"{source}:{line} imports {target}")
    return found


def circles(graph: Graph) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    result: list[list[str]] = []
    counter = 0
    for start in sorted(graph.edges):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.edges.get(start, {}))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in graph.edges:
                    continue
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.edges.get(child, {})))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    result.append(sorted(component))
    return sorted(result)


def task_and_service(component: list[str]) -> bool:
    """The one circle allowed: a Celery task module and one service module of the same app."""
    if len(component) != 2:
        return False
    tasks = [m for m in component if TASK_MODULE.search(m)]
    services = [m for m in component if SERVICE_MODULE.search(m)]
    if len(tasks) != 1 or len(services) != 1:
        return False
    return app_of(tasks[0]) == app_of(services[0])


def forbidden_circles(graph: Graph) -> list[list[str]]:
    return [c for c in circles(graph) if not task_and_service(c)]


LOAD = re.compile(r"{%\s*load\s+(.*?)\s*%}")


def template_libraries(root: Path, top: list[str]) -> dict[str, str]:
    """Each project template tag library's name and the app that owns it."""
    owners = {}
    for package in top:
        for path in (root / package).rglob("templatetags/*.py"):
            rel = path.relative_to(root)
            if path.name == "__init__.py" or _skipped(rel):
                continue
            owners[path.stem] = app_of(module_name(rel.parent.parent)) or ""
    return owners


def template_owner(root: Path, path: Path) -> str:
    """The app a template belongs to: the app whose templates/ folder holds it; the project's
    own templates/ folder (base, shared partials, emails, PDFs) belongs to core."""
    rel = path.relative_to(root)
    parts = rel.parts
    cut = parts.index("templates")
    if cut == 0:
        return "core"
    return app_of(".".join(parts[:cut])) or ""


def foreign_loads(root: Path, top: list[str]) -> list[str]:
    """`{% load %}` of a project library that belongs to another app than the template's."""
    owners = template_libraries(root, top)
    found = []
    for folder in [root / "templates"] + [root / p for p in top]:
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(root)
            if "templates" not in rel.parts or not path.is_file() or _skipped(rel):
                continue
            owner = template_owner(root, path)
            text = path.read_text(encoding="utf-8")
            for match in LOAD.finditer(text):
                words = match.group(1).split()
                libraries = words[words.index("from") + 1 :] if "from" in words else words
                for library in libraries:
                    if library in owners and owners[library] not in (owner, "core"):
                        rel = path.relative_to(root).as_posix()
                        found.append(f"{rel} loads {library} ({owners[library]})")
    return found


# The project's emails and PDFs live together in templates/ (each named after what it is about)
# and may include any app's partial; they belong to the project, not to core.
SHARED_FOLDERS = {("templates", "emails"), ("templates", "pdf")}
USES = re.compile(r"""{%\s*(?:include|extends)\s+["']([^"']+)["']""")


def _templates(root: Path, top: list[str]):
    for folder in [root / "templates"] + [root / p for p in top]:
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(root)
            if "templates" in rel.parts and path.is_file() and not _skipped(rel):
                yield path


def template_names(root: Path, top: list[str]) -> dict[str, str]:
    """Each template's name (as `{% include %}` writes it) and the app that owns it."""
    names = {}
    for path in _templates(root, top):
        rel = path.relative_to(root)
        cut = rel.parts.index("templates")
        names.setdefault("/".join(rel.parts[cut + 1 :]), template_owner(root, path))
    return names


def upward_includes(root: Path, top: list[str]) -> list[str]:
    """`{% include %}` / `{% extends %}` of a template owned by an app on a floor not below the
    including template's own (another app's partial shown inside a lower app's page)."""
    names = template_names(root, top)
    found = []
    for path in _templates(root, top):
        if path.relative_to(root).parts[:2] in SHARED_FOLDERS:
            continue
        owner = template_owner(root, path)
        for match in USES.finditer(path.read_text(encoding="utf-8")):
            used = names.get(match.group(1))
            if used and used != owner and floor_of(used) >= floor_of(owner):
                rel = path.relative_to(root).as_posix()
                found.append(f"{rel} includes {match.group(1)} ({used})")
    return found
