"""The native factorizer (``rapport._rapport.factorize``) gives exactly what
``pandas.factorize`` gives for text columns: the same int32 codes (-1 for
missing) and the same labels in order of first appearance; for anything
else it declines and the package uses pandas, as before."""

from __future__ import annotations

import random
from typing import Any, List, Optional, Tuple

import numpy as np
import pandas as pd
import pytest

import rapport
from rapport import _rapport


def fresh(text: str) -> str:
    """An equal ``str`` that is a distinct object (not interned, not cached)."""
    out = "".join(list(text))
    if text and out is text:  # one-character strings are cached by CPython
        return text
    return out


def native(values: Any) -> Optional[Tuple[np.ndarray, List[str]]]:
    array = np.empty(len(values), dtype=object)
    array[:] = list(values)
    return _rapport.factorize(array, pd.NA)


def assert_as_pandas(values: Any) -> Tuple[np.ndarray, List[str]]:
    array = np.empty(len(values), dtype=object)
    array[:] = list(values)
    result = _rapport.factorize(array, pd.NA)
    assert result is not None, "the native factorizer declined a text column"
    codes, labels = result
    expected_codes, expected_uniques = pd.factorize(array)
    assert codes.dtype == np.int32 and codes.shape == (len(values),)
    np.testing.assert_array_equal(codes, expected_codes)
    assert labels == list(expected_uniques)
    assert all(type(label) is str for label in labels)
    return codes, labels


def old_categories(name: str, values: Any) -> Tuple[str, np.ndarray, List[str]]:
    """``_categories`` before the native factorizer: ``pandas.factorize`` only."""
    if isinstance(values, pd.Series) and isinstance(values.dtype, pd.CategoricalDtype):
        return (name, np.asarray(values.cat.codes, dtype=np.int32), rapport._labels(values.cat.categories))
    raw, uniques = pd.factorize(np.asarray(values, dtype=object) if not isinstance(values, pd.Series) else values)
    return (name, np.asarray(raw, dtype=np.int32), rapport._labels(uniques))


def assert_categories_unchanged(values: Any) -> None:
    name, codes, labels = rapport._categories("c", values)
    _, old_codes, old_labels = old_categories("c", values)
    assert name == "c" and codes.dtype == np.int32
    np.testing.assert_array_equal(codes, old_codes)
    assert labels == old_labels
    assert [type(v) for v in labels] == [type(v) for v in old_labels]


def test_plain_text() -> None:
    codes, labels = assert_as_pandas(["it", "business", "it", "it", "business", "other"])
    assert labels == ["it", "business", "other"]
    assert codes.tolist() == [0, 1, 0, 0, 1, 2]


def test_missing_values_are_minus_one() -> None:
    values = [None, "a", np.nan, "b", pd.NA, float("nan"), np.float64("nan"), "a", None]
    codes, labels = assert_as_pandas(values)
    assert labels == ["a", "b"]
    assert codes.tolist() == [-1, 0, -1, 1, -1, -1, -1, 0, -1]


def test_only_missing_and_empty_columns() -> None:
    codes, labels = assert_as_pandas([None, np.nan, pd.NA])
    assert (codes.tolist(), labels) == ([-1, -1, -1], [])
    codes, labels = assert_as_pandas([])
    assert (codes.tolist(), labels) == ([], [])


def test_equal_text_in_distinct_objects_is_one_label() -> None:
    base = ["Finance", "Apps", "Infra", "Sales"]
    values = [fresh(random.Random(k).choice(base)) for k in range(2000)]
    assert len({id(v) for v in values}) > len(base)  # really distinct objects
    codes, labels = assert_as_pandas(values)
    assert sorted(labels) == sorted(base)


def test_many_objects_and_labels() -> None:
    """More distinct objects than the by-address cache has slots, equal
    texts in distinct objects, shuffled: the cache must never split or merge."""
    rng = random.Random(5)
    ids = [f"r{i:06d}" for i in range(20_000)]
    values: List[Any] = [fresh(rng.choice(ids)) for _ in range(60_000)]
    values += values[:5000]  # the same objects again
    values += [None] * 10
    rng.shuffle(values)
    assert_as_pandas(values)


def test_texts_whose_hashes_share_their_low_bits() -> None:
    """Distinct texts whose Python hashes agree in the 32 bits the content
    table keys on (found by search; hashes are salted per process)."""
    seen = {}
    pair = None
    for i in range(5_000_000):
        text = f"id{i}"
        low = hash(text) & 0xFFFFFFFF
        if low in seen:
            pair = (seen[low], text)
            break
        seen[low] = text
    assert pair is not None
    a, b = pair
    codes, labels = assert_as_pandas([a, "x", b, fresh(a), fresh(b), b, "x", a])
    assert labels == [a, "x", b]
    assert codes.tolist() == [0, 1, 2, 0, 2, 2, 1, 0]


def test_non_ascii_and_empty_text() -> None:
    composed, decomposed = "caf\u00e9", "cafe\u0301"  # equal to the eye, distinct texts
    values = ["", "Überweisung", "日本", "🙂", composed, decomposed, "", fresh("日本"), " ", "🙂 ", None]
    codes, labels = assert_as_pandas(values)
    assert labels == ["", "Überweisung", "日本", "🙂", composed, decomposed, " ", "🙂 "]
    assert codes.tolist() == [0, 1, 2, 3, 4, 5, 0, 2, 6, 7, -1]


def test_strided_arrays() -> None:
    array = np.array(["a", "b", "c", "a", "d", "b"], dtype=object)[::2]
    result = _rapport.factorize(array, pd.NA)
    assert result is not None
    np.testing.assert_array_equal(result[0], [0, 1, 2])
    assert result[1] == ["a", "c", "d"]


@pytest.mark.parametrize(
    "values",
    [
        ["a", 1],
        [1, "a"],
        ["a", 2.5],
        ["a", 2.0],
        ["a", True],
        ["a", np.int64(3)],
        ["a", np.float32("nan")],
        ["a", b"bytes"],
        ["a", pd.Timestamp("2026-01-01")],
        ["a", pd.NaT],
    ],
)
def test_other_values_are_left_to_pandas(values: List[Any]) -> None:
    assert native(values) is None
    assert_categories_unchanged(values)
    assert_categories_unchanged(pd.Series(values, dtype=object))


def test_str_subclasses_are_left_to_pandas() -> None:
    class Text(str):
        pass

    assert native(["a", Text("b")]) is None
    assert_categories_unchanged(pd.Series(["a", Text("b"), "a"], dtype=object))


def test_the_na_argument_is_what_counts_as_missing() -> None:
    marker = object()
    array = np.array(["a", marker, "a"], dtype=object)
    assert _rapport.factorize(array, pd.NA) is None
    result = _rapport.factorize(array, marker)
    assert result is not None and result[0].tolist() == [0, -1, 0]


@pytest.mark.parametrize(
    "make",
    [
        lambda v: pd.Series(v, dtype=object),
        lambda v: pd.Series(v, dtype=pd.StringDtype("python")),
        lambda v: pd.Series(v, dtype="str"),
        lambda v: pd.Series(v, dtype=object).astype("category"),
        lambda v: list(v),
        lambda v: np.array(v, dtype=object),
        lambda v: pd.Index(v, dtype=object),
    ],
    ids=["object", "string[python]", "str", "category", "list", "ndarray", "index"],
)
def test_categories_are_unchanged_for_text_columns(make: Any) -> None:
    values = ["Finance", None, "Apps", fresh("Finance"), "", "Überweisung", np.nan, "Apps"]
    assert_categories_unchanged(make(values))


@pytest.mark.parametrize(
    "values",
    [
        pd.Series([3, 1, 3, 2]),
        pd.Series([1.0, np.nan, 2.5, 1.0]),
        pd.Series([True, False, True]),
        np.array([4, 4, 2]),
        [1.0, 2.0, None],
        pd.Series(pd.to_datetime(["2026-01-01", None, "2026-01-01"])),
    ],
    ids=["int", "float", "bool", "int-ndarray", "float-list", "datetime"],
)
def test_categories_are_unchanged_for_other_columns(values: Any) -> None:
    assert_categories_unchanged(values)


def test_from_pandas_is_unchanged_with_mixed_and_missing_segments() -> None:
    """Text, categorical and mixed-type (pandas-factorized) segment columns
    give the same report."""
    df = rapport.sample(waves=2, seed=3)
    df["site"] = [("North" if i % 3 else None) for i in range(len(df))]
    df["floor"] = [(i % 4 if i % 5 else "ground") for i in range(len(df))]
    as_text = rapport.score(rapport.Responses.from_pandas(df), by=["side", "site"]).to_dict()
    categorical = df.astype({"side": "category", "wave": "category", "site": "category"})
    as_category = rapport.score(rapport.Responses.from_pandas(categorical), by=["side", "site"]).to_dict()
    assert as_text == as_category
    floors = rapport.score(rapport.Responses.from_pandas(df), by=["floor"]).to_dict()
    as_strings = df.assign(floor=df["floor"].map(str))
    assert floors == rapport.score(rapport.Responses.from_pandas(as_strings), by=["floor"]).to_dict()
