"""Every docstring example of the installed package runs (doctest), and every
public name has a docstring with an example."""

from __future__ import annotations

import doctest
import inspect
import pathlib
from typing import Any

import pytest

import rapport
import rapport.errors
import rapport._aggregates
import rapport._options
import rapport.privacy

MODULES = [rapport, rapport.errors, rapport.privacy, rapport._aggregates, rapport._options]
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _doctests() -> list[doctest.DocTest]:
    finder = doctest.DocTestFinder(exclude_empty=True)
    tests: list[doctest.DocTest] = []
    for module in MODULES:
        for test in finder.find(module, module.__name__, globs={**vars(module), "rapport": rapport}):
            if test.examples:
                tests.append(test)
    return sorted(tests, key=lambda t: t.name)


DOCTESTS = _doctests()


@pytest.mark.parametrize("test", DOCTESTS, ids=[t.name for t in DOCTESTS])
def test_docstring_example(test: doctest.DocTest, in_root: pathlib.Path) -> None:
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    result = runner.run(test, out=lambda s: print(s, end=""))
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {test.name}"


def _public() -> list[tuple[str, Any]]:
    names: list[tuple[str, Any]] = []
    for name in rapport.__all__:
        obj = getattr(rapport, name)
        if name.startswith("__") or not (inspect.isclass(obj) or inspect.isfunction(obj)):
            continue
        names.append((f"rapport.{name}", obj))
        if inspect.isclass(obj) and obj.__module__.startswith("rapport"):
            for attr, member in vars(obj).items():
                if attr.startswith("_"):
                    continue
                if isinstance(member, (classmethod, staticmethod)):
                    member = member.__func__
                if inspect.isfunction(member) or isinstance(member, property):
                    names.append((f"rapport.{name}.{attr}", member))
    return names


@pytest.mark.parametrize("name,obj", _public(), ids=[n for n, _ in _public()])
def test_public_name_has_an_example(name: str, obj: Any) -> None:
    doc = inspect.getdoc(obj) or ""
    assert doc.strip(), f"{name} has no docstring"
    assert ">>>" in doc, f"{name}: docstring has no example"


def test_doctests_were_found() -> None:
    assert len(DOCTESTS) >= 40, len(DOCTESTS)


def _takes_parameters(fn: Any) -> bool:
    params = list(inspect.signature(fn).parameters.values())
    return any(p.name not in ("self", "cls") for p in params)


def _section(doc: str, name: str) -> bool:
    """Whether a numpydoc section heading (the name, underlined) is in ``doc``."""
    lines = [line.strip() for line in inspect.cleandoc(doc).splitlines()]
    return any(a == name and b == "-" * len(name) for a, b in zip(lines, lines[1:]))


@pytest.mark.parametrize("name", [n for n, o in _public() if inspect.isfunction(o)])
def test_public_functions_have_numpydoc_sections(name: str) -> None:
    """Every public function and method of the names in ``__all__`` documents
    its parameters (when it takes any) and what it returns, in numpydoc
    sections; examples, when present, are under ``Examples``."""
    fn = dict(_public())[name]
    doc = inspect.getdoc(fn) or ""
    if _takes_parameters(fn):
        assert _section(doc, "Parameters"), f"{name}: no Parameters section"
        documented = {
            part.strip().lstrip("*")
            for line in inspect.cleandoc(doc).splitlines()
            if " : " in line and not line.startswith(" ")
            for part in line.split(" : ")[0].split(",")
        } | {line.strip().lstrip("*") for line in inspect.cleandoc(doc).splitlines() if line.startswith("**") or line.startswith("*")}
        for p in inspect.signature(fn).parameters.values():
            if p.name not in ("self", "cls"):
                assert p.name in documented, f"{name}: parameter {p.name} is not documented"
    assert _section(doc, "Returns"), f"{name}: no Returns section"
    if ">>>" in doc:
        assert _section(doc, "Examples"), f"{name}: examples without an Examples heading"
