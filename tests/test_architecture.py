"""The imports of inventory/ follow docs/architecture.md: no cycle between its top-level parts,
no import the architecture forbids, nothing installed by importing a module.

Read from the source with ast (every import counts, also one inside a function or under
TYPE_CHECKING: a lazy import is still a dependency). A failure names the file, the line and the
import, and says what to do instead.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# The parts of inventory/ by layer (docs/architecture.md). Domains are the business; the roots
# assemble them; a part named nowhere here is still checked for cycles.
DOMAINS = {"accounts", "sites", "devices", "loans", "schools", "operations", "reporting", "setup"}
ROOTS = {"app", "asgi", "cli", "scheduler", "hooks", "serving", "check"}
ADAPTERS = {"web"}
FOUNDATION = {
    "settings",
    "text",
    "numbers",
    "errors",
    "context",
    "i18n",
    "logs",
    "offload",
    "engines",
    "piccolo_conf",
    "db",
    "documents",
    "http",
    "contributions",
    "rows",
    "health",
    "metrics",
}

WHY_DOMAIN_BELOW_ROOTS = (
    "a domain never imports the parts that assemble it: export what it contributes "
    "(controllers.ROUTE_HANDLERS, commands.COMMANDS, jobs.JOBS, hooks.install) and let "
    "inventory/app.py or inventory/cli.py collect it; Job and Commands are in inventory/contributions.py"
)
WHY_DEVICES_BELOW = (
    "loans, schools and the pages build on devices: when devices must reach them, devices "
    "exposes a hook (like when_found) that the other domain installs from its hooks.py"
)
WHY_PEERS = (
    "loans and schools are peers on top of devices: share through devices, or move the rule down into devices"
)
WHY_FOUNDATION = (
    "the shared foundation (settings, db, http, errors, ...) serves every domain and knows none: "
    "pass what it needs as an argument, or move the code into the domain"
)

# (importing part, imported part) -> why it is forbidden. Checked on top of the cycle rule.
FORBIDDEN: dict[tuple[str, str], str] = {
    ("devices", "loans"): WHY_DEVICES_BELOW,
    ("devices", "schools"): WHY_DEVICES_BELOW,
    ("devices", "web"): WHY_DEVICES_BELOW,
    ("loans", "schools"): WHY_PEERS,
    ("schools", "loans"): WHY_PEERS,
    **{(domain, part): WHY_DOMAIN_BELOW_ROOTS for domain in DOMAINS for part in {*ROOTS, *ADAPTERS}},
    **{(base, part): WHY_FOUNDATION for base in FOUNDATION for part in {*DOMAINS, *ROOTS, *ADAPTERS}},
}


@dataclass(frozen=True)
class Import:
    """One import statement's target, where it is written."""

    path: str  # relative to the repository, e.g. inventory/devices/service.py
    line: int
    statement: str  # the import as written
    source: str  # the importing top-level part, e.g. devices
    target: str  # the imported module, e.g. inventory.loans.service

    @property
    def target_part(self) -> str:
        return self.target.split(".")[1]

    def where(self) -> str:
        return f"{self.path}:{self.line}: {self.statement}"


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    """The modules an import statement may load: `from a import b` counts a.b as well as a,
    since b may be a submodule (`from inventory import db`)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        package = module.split(".") if is_package else module.split(".")[:-1]
        base = package[: len(package) - (node.level - 1)]
        target = ".".join([*base, node.module] if node.module else base)
    else:
        target = node.module or ""
    return [target, *(f"{target}.{alias.name}" for alias in node.names if alias.name != "*")]


def imports_of(root: Path, package: str) -> Iterator[Import]:
    """Every import of `package`'s own modules found in the files of `package` under root."""
    for path in sorted((root / package).rglob("*.py")):
        module = module_name(path, root)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        relative = path.relative_to(root).as_posix()
        source = module.split(".")[1] if "." in module else ""
        for node in ast.walk(tree):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            statement = ast.unparse(node)
            seen = set()
            for target in imported_modules(node, module, path.name == "__init__.py"):
                if target.startswith("inventory.") and target.split(".")[1] not in seen:
                    seen.add(target.split(".")[1])
                    yield Import(relative, node.lineno, statement, source, target)


def part_edges(imports: Iterable[Import]) -> dict[tuple[str, str], list[Import]]:
    """Imports between different top-level parts, grouped by (importing part, imported part)."""
    edges: dict[tuple[str, str], list[Import]] = {}
    for item in imports:
        if item.source and item.source != item.target_part:
            edges.setdefault((item.source, item.target_part), []).append(item)
    return edges


def cycles(edges: dict[tuple[str, str], list[Import]]) -> list[list[str]]:
    """One cycle per strongly connected group of parts, as a path that comes back to its start."""
    graph: dict[str, set[str]] = {}
    for source, target in edges:
        graph.setdefault(source, set()).add(target)
        graph.setdefault(target, set())
    found = []
    for group in _strongly_connected(graph):
        if len(group) > 1:
            found.append(_cycle_through(min(group), graph, group))
    return found


def _strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for successor in sorted(graph[node]):
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                group.add(member)
                if member == node:
                    break
            groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return groups


def _cycle_through(start: str, graph: dict[str, set[str]], group: set[str]) -> list[str]:
    """The shortest path from start back to start within the group (breadth first)."""
    paths = [[start]]
    while paths:
        path = paths.pop(0)
        for successor in sorted(graph[path[-1]] & group):
            if successor == start:
                return [*path, start]
            if successor not in path:
                paths.append([*path, successor])
    raise AssertionError(f"no cycle through {start}")


def cycle_report(cycle: list[str], edges: dict[tuple[str, str], list[Import]]) -> str:
    lines = [f"import cycle between top-level parts: {' -> '.join(cycle)}"]
    for source, target in zip(cycle, cycle[1:], strict=False):
        for item in edges[(source, target)]:
            lines.append(f"  {source} -> {target}  {item.where()}")
    return "\n".join(lines)


def forbidden_imports(imports: Iterable[Import]) -> list[str]:
    problems = []
    for item in imports:
        why = FORBIDDEN.get((item.source, item.target_part))
        if why:
            problems.append(f"{item.where()}\n  {item.source} must not import {item.target_part}: {why}")
    return problems


def labels_imports_of_inventory(root: Path) -> list[str]:
    problems = []
    for path in sorted((root / "labels").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                module = module_name(path, root)
                targets = imported_modules(node, module, path.name == "__init__.py")
                if any(target == "inventory" or target.startswith("inventory.") for target in targets):
                    problems.append(
                        f"{path.relative_to(root).as_posix()}:{node.lineno}: {ast.unparse(node)}\n"
                        "  labels/ imports nothing of inventory/: it takes plain data and returns a PDF"
                    )
    return problems


def installs_at_import(root: Path, package: str) -> list[str]:
    """Module-level calls into another module of the package: something installed, or
    registered, by merely importing the module."""
    problems = []
    for path in sorted((root / package).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module = module_name(path, root)
        own_names = set()
        for node in tree.body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                targets = imported_modules(node, module, path.name == "__init__.py")
                if any(target.startswith(f"{package}.") for target in targets):
                    own_names |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
        for node in tree.body:
            if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)):
                continue
            called = node.value.func
            while isinstance(called, ast.Attribute | ast.Call):
                called = called.func if isinstance(called, ast.Call) else called.value
            if isinstance(called, ast.Name) and called.id in own_names:
                problems.append(
                    f"{path.relative_to(root).as_posix()}:{node.lineno}: {ast.unparse(node)}\n"
                    "  installed as a side effect of importing the module: put it in the domain's "
                    "hooks.py install(), which inventory/hooks.py calls"
                )
    return problems


# The repository -------------------------------------------------------------------------------


def test_no_import_cycle_between_the_parts_of_inventory() -> None:
    edges = part_edges(imports_of(ROOT, "inventory"))
    reports = [cycle_report(cycle, edges) for cycle in cycles(edges)]
    assert not reports, "\n\n" + "\n\n".join(reports)


def test_no_import_the_architecture_forbids() -> None:
    problems = forbidden_imports(imports_of(ROOT, "inventory"))
    assert not problems, "\n\n" + "\n\n".join(problems)


def test_labels_imports_nothing_of_inventory() -> None:
    problems = labels_imports_of_inventory(ROOT)
    assert not problems, "\n\n" + "\n\n".join(problems)


def test_nothing_is_installed_by_importing_a_module() -> None:
    problems = installs_at_import(ROOT, "inventory")
    assert not problems, "\n\n" + "\n\n".join(problems)


def test_every_domain_and_root_named_here_exists() -> None:
    """The lists above name real parts (a renamed package would silently escape its rules)."""
    present = {path.stem if path.is_file() else path.name for path in (ROOT / "inventory").iterdir()}
    missing = {part for part in DOMAINS | ROOTS | ADAPTERS | FOUNDATION if part not in present}
    assert not missing, f"named in tests/test_architecture.py but not in inventory/: {missing}"


def test_the_hooks_are_installed_by_the_app_not_by_importing_it() -> None:
    """Importing the whole app installs no hook; create_app installs them all."""
    script = textwrap.dedent(
        """
        import os, tempfile
        os.environ["PICCOLO_CONF"] = "inventory.piccolo_conf"
        os.environ["RELAIS_DATABASE_URL"] = "sqlite:///" + tempfile.mkdtemp() + "/hooks.sqlite3"
        from inventory.accounts import service as accounts
        from inventory.app import create_app
        from inventory.devices import service as devices
        before = (len(devices._school_intake), len(devices._found_handlers), len(accounts._school_exists))
        create_app(manage_engine=False)
        after = (len(devices._school_intake), len(devices._found_handlers), len(accounts._school_exists))
        print(before, after)
        """
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True, timeout=120
    )
    assert result.stdout.split() == ["(0,", "0,", "0)", "(1,", "1,", "1)"]


# The checker itself, on small made-up trees -------------------------------------------------------


def _tree(root: Path, files: dict[str, str]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(content))
    return root


def test_a_cycle_is_reported_with_each_import_that_makes_it(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "inventory/__init__.py": "",
            "inventory/cli.py": "from inventory.loans.commands import COMMANDS\n",
            "inventory/loans/__init__.py": "",
            "inventory/loans/commands.py": "import argparse\n\nfrom inventory.cli import command\n",
        },
    )
    edges = part_edges(imports_of(root, "inventory"))
    found = cycles(edges)
    assert found == [["cli", "loans", "cli"]]
    assert cycle_report(found[0], edges) == (
        "import cycle between top-level parts: cli -> loans -> cli\n"
        "  cli -> loans  inventory/cli.py:1: from inventory.loans.commands import COMMANDS\n"
        "  loans -> cli  inventory/loans/commands.py:3: from inventory.cli import command"
    )


def test_a_forbidden_import_is_reported_even_inside_a_function_or_relative(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "inventory/__init__.py": "",
            "inventory/devices/__init__.py": "",
            "inventory/devices/service.py": "def found():\n    from inventory.loans import service\n",
            "inventory/schools/__init__.py": "",
            "inventory/schools/service.py": "from ..loans.tables import Loan\n",
        },
    )
    problems = forbidden_imports(imports_of(root, "inventory"))
    assert [problem.splitlines()[0] for problem in problems] == [
        "inventory/devices/service.py:2: from inventory.loans import service",
        "inventory/schools/service.py:1: from ..loans.tables import Loan",
    ]
    assert "devices must not import loans" in problems[0]
    assert "schools must not import loans" in problems[1]


def test_an_import_of_the_package_root_counts_its_submodules(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {"inventory/__init__.py": "", "inventory/db.py": "from inventory import devices\n"},
    )
    problems = forbidden_imports(imports_of(root, "inventory"))
    assert [problem.splitlines()[0] for problem in problems] == [
        "inventory/db.py:1: from inventory import devices"
    ]


def test_labels_importing_inventory_is_reported(tmp_path: Path) -> None:
    root = _tree(tmp_path, {"labels/__init__.py": "", "labels/render.py": "\nimport inventory.settings\n"})
    problems = labels_imports_of_inventory(root)
    assert [problem.splitlines()[0] for problem in problems] == [
        "labels/render.py:2: import inventory.settings"
    ]


def test_a_registration_at_import_is_reported(tmp_path: Path) -> None:
    root = _tree(
        tmp_path,
        {
            "inventory/__init__.py": "",
            "inventory/loans/__init__.py": "",
            "inventory/loans/service.py": (
                "import logging\n"
                "from inventory.devices import service as devices\n"
                "logging.getLogger('x').setLevel(10)\n"
                "devices.when_found(print)\n"
            ),
        },
    )
    problems = installs_at_import(root, "inventory")
    assert [problem.splitlines()[0] for problem in problems] == [
        "inventory/loans/service.py:4: devices.when_found(print)"
    ]
