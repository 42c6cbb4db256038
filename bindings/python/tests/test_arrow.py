"""Arrow tables and Parquet files: the same report as the CSV reader and as
pandas, from every table form (pyarrow Table, RecordBatch, Parquet, polars,
chunked and dictionary columns), and the same located errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, List

import numpy as np
import pandas as pd
import pytest

import rapport
from conftest import ROOT

# pyarrow is a test requirement (scripts/test-python.sh installs it); polars is optional.
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pv
import pyarrow.parquet as pq

SAMPLE_CSV = ROOT / "examples/data/responses.csv"
ITEMS = rapport.Instrument().items


def arrow_csv() -> Any:
    """The sample CSV read by pyarrow with only empty cells null ("N/A" stays
    text, so item columns holding it are text columns; the others int64)."""
    options = pv.ConvertOptions(null_values=[""], strings_can_be_null=True)
    return pv.read_csv(SAMPLE_CSV, convert_options=options)


def pandas_csv() -> pd.DataFrame:
    return pd.read_csv(SAMPLE_CSV, keep_default_na=False, na_values=[""])


@pytest.fixture(scope="module")
def csv_json() -> str:
    return rapport.score(rapport.read_csv(SAMPLE_CSV)).to_json()


def numeric_with_mask(table: Any) -> "tuple[Any, Any]":
    """Item columns as numbers (int64 with nulls; "N/A" null too) and a
    boolean table marking the "N/A" cells."""
    marks = {}
    for name in ITEMS:
        column = table[name]
        if pa.types.is_string(column.type):
            marks[name] = pc.equal(column, "N/A").fill_null(False)
            numbers = pc.cast(pc.if_else(marks[name], None, column), pa.int64())
            table = table.set_column(table.schema.get_field_index(name), name, numbers)
    return table, pa.table(marks)


def rechunked(table: Any, sizes: List[int]) -> Any:
    """The same rows in chunks of ``sizes`` rows (the rest in a last chunk)."""
    pieces, at = [], 0
    for size in sizes:
        pieces.append(table.slice(at, size))
        at += size
    pieces.append(table.slice(at))
    return pa.concat_tables(pieces)


def test_the_table_forms_give_the_csv_report_exactly(csv_json: str, tmp_path: Path) -> None:
    table = arrow_csv()
    assert table.num_rows == 1269
    # Text item columns (with "N/A") and numeric ones (int64 with nulls) both occur.
    kinds = {str(table[name].type) for name in rapport.Instrument().columns}
    assert kinds == {"string", "int64"}, kinds
    assert rapport.score(rapport.Responses.from_pandas(pandas_csv())).to_json() == csv_json
    assert rapport.score(rapport.from_arrow(table)).to_json() == csv_json
    batch = table.combine_chunks().to_batches()[0]
    assert isinstance(batch, pa.RecordBatch) and batch.num_rows == 1269
    assert rapport.score(rapport.from_arrow(batch)).to_json() == csv_json
    path = tmp_path / "responses.parquet"
    pq.write_table(table, path, row_group_size=300)
    from_parquet = rapport.read_parquet(path)
    assert rapport.score(from_parquet).to_json() == csv_json
    assert from_parquet.intake["sources"][0]["file"] == str(path)
    assert from_parquet.intake["sources"][0]["format"] == "columnar"


def test_batches_smaller_than_the_table(csv_json: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Batches of 100 rows (the codes of a column built from 13 dictionaries)
    give the report of one batch."""
    monkeypatch.setattr(rapport._arrow, "BATCH_ROWS", 100)
    table = arrow_csv()
    assert rapport.score(rapport.from_arrow(table)).to_json() == csv_json
    path = tmp_path / "responses.parquet"
    pq.write_table(table, path, row_group_size=250)
    assert rapport.score(rapport.read_parquet(path)).to_json() == csv_json


def test_chunked_and_dictionary_columns(csv_json: str) -> None:
    table = rechunked(arrow_csv(), [1, 400, 37, 500])
    assert table["side"].num_chunks == 5
    # Each chunk dictionary-encoded on its own: five different dictionaries per column.
    for name in ("side", "wave", "department", "role", "meeting_cadence", "trust_1"):
        chunks = [chunk.dictionary_encode() for chunk in table[name].chunks]
        assert len({len(c.dictionary) for c in chunks}) > 1 or name == "side"
        table = table.set_column(table.schema.get_field_index(name), name, pa.chunked_array(chunks))
    assert pa.types.is_dictionary(table["wave"].type)
    assert rapport.score(rapport.from_arrow(table)).to_json() == csv_json


def test_numeric_item_columns_with_nulls_and_a_mask(csv_json: str, tmp_path: Path) -> None:
    numeric, marks = numeric_with_mask(arrow_csv())
    assert all(pa.types.is_integer(numeric[name].type) for name in ITEMS)
    assert numeric["trust_1"].null_count > 0
    assert rapport.score(rapport.from_arrow(numeric, not_applicable=marks)).to_json() == csv_json
    # The mask as a pandas DataFrame, as from_pandas takes it.
    assert rapport.score(rapport.from_arrow(numeric, not_applicable=marks.to_pandas())).to_json() == csv_json
    # Float answers (NaN where null) and a Parquet file.
    floats = numeric.cast(pa.schema([f.with_type(pa.float64()) if f.name in ITEMS else f for f in numeric.schema]))
    path = tmp_path / "numeric.parquet"
    pq.write_table(floats, path)
    assert rapport.score(rapport.read_parquet(path, not_applicable=marks)).to_json() == csv_json
    # Without the mask, "N/A" is only missing: a different report.
    assert rapport.score(rapport.from_arrow(numeric)).to_json() != csv_json


def test_polars(csv_json: str) -> None:
    pl = pytest.importorskip("polars")
    frame = pl.read_csv(SAMPLE_CSV, null_values=[""], infer_schema_length=None)
    assert rapport.score(rapport.from_arrow(frame)).to_json() == csv_json
    categorical = frame.with_columns(pl.col("side", "wave", "department").cast(pl.Categorical))
    assert rapport.score(rapport.from_arrow(categorical)).to_json() == csv_json


def error_of(make: Callable[[], Any]) -> rapport.RapportError:
    with pytest.raises(rapport.RapportError) as info:
        make()
    return info.value


def with_cell(table: Any, column: str, row: int, value: Any) -> Any:
    values = table[column].to_pylist()
    values[row] = value
    return table.set_column(table.schema.get_field_index(column), column, pa.array(values, table[column].type))


@pytest.mark.parametrize(
    "column,row,value",
    [
        ("trust_1", 0, "7"),  # a text item column, the first row
        ("overall_rating", 1000, 11),  # an int item column, in a later chunk
        ("side", 700, "finance"),
        ("side", 5, None),
        ("wave", 1268, None),  # the last row
        ("meeting_cadence", 12, "hourly"),
    ],
)
def test_errors_name_the_positional_row_and_column_as_from_pandas(
    column: str, row: int, value: Any, tmp_path: Path
) -> None:
    table = rechunked(arrow_csv(), [300, 300, 300])
    bad = with_cell(table, column, row, value)
    ours = error_of(lambda: rapport.from_arrow(bad))
    frame = bad.to_pandas()
    theirs = error_of(lambda: rapport.Responses.from_pandas(frame))
    assert (type(ours), ours.code, ours.row, ours.column, str(ours)) == (
        type(theirs), theirs.code, theirs.row, theirs.column, str(theirs)
    )
    assert ours.row == row + 1, (ours.row, str(ours))
    assert ours.column == column
    assert str(ours).startswith(f'row {row + 1}, column "{column}"'), str(ours)
    # From a Parquet file: the same, naming the file.
    path = tmp_path / "bad.parquet"
    pq.write_table(bad, path, row_group_size=128)
    from_file = error_of(lambda: rapport.read_parquet(path))
    assert (from_file.code, from_file.row, from_file.column, from_file.file) == (ours.code, ours.row, column, str(path))
    assert str(from_file) == f"{path}, {ours}"


def test_lenient_keeps_the_good_rows_as_from_pandas() -> None:
    table = with_cell(with_cell(arrow_csv(), "trust_2", 3, "9"), "overall_rating", 900, 12)
    ours = rapport.from_arrow(table, lenient=True)
    theirs = rapport.Responses.from_pandas(table.to_pandas(), lenient=True)
    assert len(ours) == len(theirs) == 1267
    assert ours.rejected[["row", "code", "column"]].to_dict("records") == [
        {"row": 4, "code": "value_out_of_scale", "column": "trust_2"},
        {"row": 901, "code": "value_out_of_scale", "column": "overall_rating"},
    ]
    assert "index" not in ours.rejected.columns
    assert rapport.score(ours).to_json() == rapport.score(theirs).to_json()


def test_a_duplicate_across_chunks_is_found() -> None:
    table = rechunked(arrow_csv(), [100])
    first = table.slice(0, 1).to_pylist()[0]
    bad = with_cell(with_cell(table, "respondent", 1200, first["respondent"]), "wave", 1200, first["wave"])
    ours = error_of(lambda: rapport.from_arrow(bad))
    theirs = error_of(lambda: rapport.Responses.from_pandas(bad.to_pandas()))
    assert (ours.code, ours.row, str(ours)) == (theirs.code, theirs.row, str(theirs))
    assert ours.row == 1201


def test_roles_keywords_and_missing_columns() -> None:
    table = arrow_csv().rename_columns(
        ["id" if n == "respondent" else "team" if n == "department" else n for n in arrow_csv().column_names]
    )
    e = error_of(lambda: rapport.from_arrow(table, segments=["department"]))
    same_e = error_of(lambda: rapport.Responses.from_pandas(table.to_pandas(), segments=["department"]))
    assert (e.code, e.column, str(e)) == (same_e.code, same_e.column, str(same_e))
    with_keywords = rapport.from_arrow(table, respondent="id", segments=["team", "role"], items=ITEMS[:4])
    frame = table.to_pandas()
    same = rapport.Responses.from_pandas(frame, respondent="id", segments=["team", "role"], items=ITEMS[:4])
    assert rapport.score(with_keywords, by=["side", "team"]).to_json() == rapport.score(same, by=["side", "team"]).to_json()
    mapped = rapport.from_arrow(table, mapping={"segments": {"team": "department"}}, respondent="id")
    assert "department" in rapport.score(mapped).to_dict()["breakdowns"]
    e = error_of(lambda: rapport.from_arrow(table.drop_columns(["wave"])))
    assert (e.code, e.column) == ("missing_column", "wave")


def test_what_is_not_a_table() -> None:
    with pytest.raises(TypeError, match="from_arrow needs a pyarrow Table"):
        rapport.from_arrow([{"side": "it"}])


def test_a_file_that_is_not_parquet(tmp_path: Path) -> None:
    e = error_of(lambda: rapport.read_parquet(SAMPLE_CSV))
    assert isinstance(e, rapport.IoError) and e.file == str(SAMPLE_CSV)
    assert str(e).startswith(f"cannot read {SAMPLE_CSV}: not a Parquet file")
    e = error_of(lambda: rapport.read_parquet(tmp_path / "missing.parquet"))
    assert isinstance(e, rapport.IoError) and isinstance(e, OSError) and e.code == "io"


def test_an_empty_table_is_refused_as_an_empty_frame() -> None:
    ours = error_of(lambda: rapport.from_arrow(arrow_csv().slice(0, 0)))
    theirs = error_of(lambda: rapport.Responses.from_pandas(pandas_csv().iloc[:0]))
    assert (ours.code, str(ours)) == (theirs.code, str(theirs))
    assert "input is empty" in str(ours)


def test_null_answers_are_missing_not_errors() -> None:
    numeric, marks = numeric_with_mask(arrow_csv())
    nulled = with_cell(numeric, "trust_3", 10, None)
    responses = rapport.from_arrow(nulled, not_applicable=marks)
    frame = nulled.to_pandas()
    assert np.isnan(frame["trust_3"][10])
    same = rapport.Responses.from_pandas(frame, not_applicable=marks.to_pandas())
    assert rapport.score(responses).to_json() == rapport.score(same).to_json()
