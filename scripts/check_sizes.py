#!/usr/bin/env python3
"""Fail when the code grows past what a new engineer can read: run by `make lint` and `.ci/run`.

- No module over MAX_MODULE_LINES lines, except migrations, tests and the data tables listed in
  DATA_TABLES (demo stories, presets, vocabularies: long because they are data, not logic).
- At most MAX_LONG_FUNCTIONS functions over MAX_FUNCTION_LINES lines in the whole code base.
- Every import inside a function of inovasi/ (migrations and tests aside) says why it is not at the
  top of its module, with an `# inline: <reason>` comment on its line or the line above: a cycle
  ("judging imports this module"), a heavy library loaded only when used ("pyHanko"), or the app
  registry not being ready at import (AppConfig.ready). An upward import (a lower layer
  importing an upper one) is no reason: lint-imports forbids it inline too.

Until the code meets those targets, the modules and functions over them today are listed in
KNOWN_BIG_MODULES and KNOWN_LONG_FUNCTIONS: the check fails on any new one, and on a listed one that
no longer needs its place (so the lists only shrink). Remove an entry when you shorten it.

Split a module by concept (see docs/architecture.md) and a long function into named steps rather
than raising a limit.
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Benchmarks are measuring scripts, outside the application; they are not counted.
CODE = ["inovasi", "config", "tests_support", "scripts"]
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 80
MAX_LONG_FUNCTIONS = 3
# The comment an import inside a function carries, followed by why it is not at the module's top.
INLINE_REASON = "# inline:"
# Data, not logic: stories of the demo, presets of competitions and the index, fixed vocabularies.
DATA_TABLES = {
    "inovasi/demo/innovations.py",
    "inovasi/competitions/presets.py",
    "inovasi/innovation_index/presets.py",
    "inovasi/search/vocabulary.py",
}

# Being split by their owners (issue #20): judging (jury, assignment, scoring) and the index.
KNOWN_BIG_MODULES: set[str] = set()
KNOWN_LONG_FUNCTIONS: set[str] = set()


def _file_line(where: str):
    path, line = where.rsplit(":", 1)
    return path, int(line)


def _skipped(rel: str) -> bool:
    parts = rel.split("/")
    return "migrations" in parts or "tests" in parts or parts[-1].startswith("test_") or rel in DATA_TABLES


def modules():
    for top in CODE:
        for path in sorted((ROOT / top).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if not _skipped(rel):
                yield rel, path


def long_functions(rel: str, source: str):
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = node.end_lineno - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                yield f"{rel} {node.name}", length


def unexplained_inline_imports(rel: str, source: str):
    """`file:line` of each import inside a function with no `# inline:` reason on its line or the one above."""
    lines = source.splitlines()
    for function in ast.walk(ast.parse(source)):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(function):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                here, above = lines[node.lineno - 1], lines[node.lineno - 2] if node.lineno > 1 else ""
                if INLINE_REASON not in here and not above.strip().startswith(INLINE_REASON):
                    yield f"{rel}:{node.lineno}"


def main() -> int:
    big, long, inline = {}, {}, set()
    for rel, path in modules():
        source = path.read_text(encoding="utf-8")
        lines = source.count("\n")
        if lines > MAX_MODULE_LINES:
            big[rel] = lines
        long.update(long_functions(rel, source))
    for path in sorted((ROOT / "inovasi").rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if not _skipped(rel) or rel in DATA_TABLES:
            inline.update(unexplained_inline_imports(rel, path.read_text(encoding="utf-8")))
    problems = [
        f"module over {MAX_MODULE_LINES} lines: {m} ({n})" for m, n in big.items() if m not in KNOWN_BIG_MODULES
    ]
    problems += [
        f"function over {MAX_FUNCTION_LINES} lines: {f} ({n})" for f, n in long.items() if f not in KNOWN_LONG_FUNCTIONS
    ]
    problems += [
        f"{where}: import inside a function without an `{INLINE_REASON} <reason>` comment (or move it to the top)"
        for where in sorted(inline, key=_file_line)
    ]
    problems += [f"listed but no longer over the limit, remove it: {m}" for m in KNOWN_BIG_MODULES - set(big)]
    problems += [f"listed but no longer over the limit, remove it: {f}" for f in KNOWN_LONG_FUNCTIONS - set(long)]
    if problems:
        print("\n".join(problems))
        print(
            "Split the module by concept or the function into named steps; give an inline import its reason "
            "(see scripts/check_sizes.py)."
        )
        return 1
    print(
        f"Sizes OK: {len(big)} known module(s) over {MAX_MODULE_LINES} lines, {len(long)} functions over "
        f"{MAX_FUNCTION_LINES} (target: none and at most {MAX_LONG_FUNCTIONS})."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
