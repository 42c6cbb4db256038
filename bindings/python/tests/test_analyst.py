"""What an analyst meets in a notebook: a clean namespace, errors that name
the DataFrame's own row labels and the file that is missing, the sample
generator's options from the core, and each respondent's own scores by the
report's rules."""

from __future__ import annotations

import inspect
import math
import pickle
import types
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import rapport

# ---- namespace --------------------------------------------------------------------------


def test_dir_lists_only_the_api_and_submodules() -> None:
    submodules = {n for n, v in vars(rapport).items() if isinstance(v, types.ModuleType) and v.__name__.startswith("rapport.")}
    public = {n for n in dir(rapport) if not n.startswith("_")}
    assert public - set(rapport.__all__) - submodules == set()
    for leaked in ("np", "pd", "json", "os", "Dict", "List", "Optional", "Union", "Any", "TYPE_CHECKING", "PathLike"):
        assert leaked not in dir(rapport), leaked
    # Every name of __all__ is there, and the submodules are rapport's own.
    assert set(rapport.__all__) <= set(dir(rapport))
    assert {"errors", "privacy"} <= submodules


def test_score_options_type_hints_still_resolve() -> None:
    import typing

    hints = typing.get_type_hints(rapport.ScoreOptions)
    assert set(hints) == set(rapport.SCORE_OPTIONS) | set(rapport._rapport.SCORE_OPTION_ALIASES)


# ---- from_pandas errors name the index label --------------------------------------------


def test_row_errors_name_the_index_label_and_position() -> None:
    df = rapport.sample(waves=1, seed=3, not_applicable=None)
    df.index = [f"r-{i + 1}" for i in range(len(df))]
    df.iloc[16, df.columns.get_loc("trust_2")] = 9.0
    with pytest.raises(rapport.InputError) as e:
        rapport.Responses.from_pandas(df)
    assert e.value.code == "value_out_of_scale"
    assert (e.value.row, e.value.column) == (17, "trust_2")
    assert str(e.value).startswith('row with index label "r-17" (position 16), column "trust_2"'), str(e.value)
    # An integer index that is not 0, 1, 2 …: its label, not the position, leads.
    shuffled = df.reset_index(drop=True)
    shuffled.index = shuffled.index + 1000
    with pytest.raises(rapport.InputError) as e:
        rapport.Responses.from_pandas(shuffled)
    assert str(e.value).startswith('row with index label "1016" (position 16)'), str(e.value)
    # The default index: the 1-based row, as before.
    with pytest.raises(rapport.InputError) as e:
        rapport.Responses.from_pandas(df.reset_index(drop=True))
    assert str(e.value).startswith('row 17, column "trust_2"'), str(e.value)
    assert e.value.row == 17


# ---- a missing file is the package's error ------------------------------------------------


def test_a_missing_action_log_is_an_io_error_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-log.json"
    with pytest.raises(rapport.IoError) as e:
        rapport.score(rapport.sample(waves=2), action_log=missing)
    assert e.value.file == str(missing) and str(missing) in str(e.value)
    assert isinstance(e.value, rapport.RapportError) and isinstance(e.value, OSError)
    assert e.value.filename == str(missing)
    # `except OSError` catches it, as it catches any file that cannot be read.
    try:
        rapport.score(rapport.sample(waves=2), action_log=str(missing))
    except OSError as caught:
        assert caught.__class__ is rapport.IoError
    again = pickle.loads(pickle.dumps(e.value))
    assert (type(again), again.file, str(again)) == (rapport.IoError, str(missing), str(e.value))


# ---- sample() takes its options from the core --------------------------------------------


def test_sample_keywords_are_the_core_generator_options() -> None:
    core = rapport._rapport.SAMPLE_OPTION_NAMES
    assert {"seed", "waves", "respondents_per_wave", "first_wave", "missing_rate", "not_applicable_rate"} <= set(core)
    params = inspect.signature(rapport.sample).parameters
    assert set(core) <= set(params)
    assert all(params[n].kind is inspect.Parameter.KEYWORD_ONLY and params[n].default is None for n in core)
    # Each option reaches the generator.
    df = rapport.sample(waves=2, first_wave="2030-01", respondents_per_wave=40, missing_rate=0.5, seed=1, not_applicable_rate=0.0)
    assert list(df["wave"].cat.categories) == ["2030-01", "2030-02"]
    assert 30 <= (df["wave"] == "2030-01").sum() <= 50
    items = df[[c for c in df.columns if c.startswith("trust_")]]
    assert 0.4 < items.isna().to_numpy().mean() < 0.6
    assert not rapport.sample(waves=1, seed=1).equals(rapport.sample(waves=1, seed=2))


# ---- respondent scores ------------------------------------------------------------------

ITEMS = [f"{d}_{k}" for d in ("trust", "communication", "alignment", "openness") for k in (1, 2, 3, 4)]
REVERSED = {"trust_3", "communication_4", "alignment_2", "openness_3"}


def _tiny() -> pd.DataFrame:
    nan = math.nan
    r1 = dict.fromkeys(ITEMS, nan)
    r1.update(trust_1=5, trust_2=4, trust_3=2)  # keyed 5, 4, 4 (trust_4 missing)
    r1.update({f"communication_{k}": 3 for k in (1, 2, 3, 4)})
    r1.update(alignment_1=5)  # one of four answered: fewer than half
    r1.update(openness_1=4, openness_2=4, openness_3=4, openness_4=4)  # keyed 4, 4, 2, 4
    r2 = {i: (1 if i in REVERSED else 5) for i in ITEMS}  # every answer at the top once keyed
    r3 = {i: (5 if i in REVERSED else 1) for i in ITEMS}  # every answer at the bottom once keyed
    r3.update(trust_2=nan, trust_3=nan)  # two of four: still scored
    rows = [
        {"respondent": "a", "side": "it", "wave": "2025-02", "department": "Ops", **r3},
        {"respondent": "a", "side": "it", "wave": "2025-01", "department": "Ops", **r1},
        {"respondent": "b", "side": "business", "wave": "2025-01", "department": None, **r2},
    ]
    return pd.DataFrame(rows)


def test_respondent_scores_by_hand() -> None:
    scores = rapport.Responses.from_pandas(_tiny()).respondent_scores()
    dims = ["trust", "communication", "alignment", "openness"]
    assert list(scores.columns) == ["respondent", "wave", "side", "department", *dims, "index"]
    assert list(scores["respondent"]) == ["a", "a", "b"]
    assert list(scores["wave"]) == ["2025-02", "2025-01", "2025-01"]
    # Waves in time order, not the order rows came in.
    assert scores["wave"].cat.ordered and list(scores["wave"].cat.categories) == ["2025-01", "2025-02"]
    assert list(scores["side"]) == ["it", "it", "business"]
    assert scores["department"].isna().tolist() == [False, False, True]
    # 1–5 mapped to 0–100 by (x − 1) / 4 · 100.
    expected = [
        [0.0, 0.0, 0.0, 0.0, 0.0],
        [(13 / 3 - 1) / 4 * 100, 50.0, math.nan, (3.5 - 1) / 4 * 100, math.nan],
        [100.0, 100.0, 100.0, 100.0, 100.0],
    ]
    np.testing.assert_allclose(scores[[*dims, "index"]].to_numpy(), np.array(expected), rtol=0, atol=1e-12)
    # Every item of a dimension required: the respondent who skipped trust_4 has no trust score.
    strict = rapport.Responses.from_pandas(_tiny()).respondent_scores(min_answered_fraction=1.0)
    assert math.isnan(strict["trust"].iloc[1]) and math.isnan(strict["trust"].iloc[0])
    assert strict["communication"].iloc[1] == 50.0
    # Ratio to the maximum: 3 of 5 is 60.
    ratio = rapport.Responses.from_pandas(_tiny()).respondent_scores(hundred_scale="ratio_to_max")
    assert ratio["communication"].iloc[1] == pytest.approx(60.0) and ratio["trust"].iloc[0] == pytest.approx(20.0)
    with pytest.raises(rapport.OptionsError):
        rapport.Responses.from_pandas(_tiny()).respondent_scores(min_answered_fraction=0.0)


def test_group_scores_in_the_report_are_means_of_respondent_scores(in_root: Path) -> None:
    """The report defines a group's dimension score (and index) as the mean
    of its respondents' scores: checked for every wave, side and dimension of
    the sample, for CSV and DataFrame input alike."""
    frames = [rapport.Responses.from_pandas(rapport.sample(waves=3, seed=11)), rapport.read_csv("examples/data/responses.csv")]
    for responses in frames:
        scores = responses.respondent_scores()
        report = rapport.score(responses, by=["side"], min_group_size=5)
        table = report.dimensions()
        sides = table[(table["level"] == "side") & (table["kind"] != "item")].dropna(subset=["score"])
        checked = 0
        for row in sides.itertuples():
            mine = scores[(scores["wave"] == row.wave) & (scores["side"] == row.side)][row.measure]
            assert mine.count() == row.n
            assert mine.mean() == pytest.approx(row.score, abs=1e-9), (row.wave, row.side, row.measure)
            checked += 1
        assert checked >= 3 * 2 * 5


def test_respondent_scores_from_csv_and_dataframe_agree(in_root: Path) -> None:
    csv = rapport.read_csv("examples/data/responses.csv")
    df = pd.read_csv("examples/data/responses.csv")
    a = csv.respondent_scores()
    b = rapport.Responses.from_pandas(df).respondent_scores()
    dims = ["trust", "communication", "alignment", "openness", "index"]
    np.testing.assert_allclose(a[dims].to_numpy(), b[dims].to_numpy(), rtol=0, atol=1e-12)
    assert list(a["respondent"]) == [str(r) for r in df["respondent"]]
    assert "respondent_scores" not in rapport.score(csv).to_json()


# ---- notebook display -------------------------------------------------------------------


class _Ids(HTMLParser):
    """Every element id of an HTML text, and every id its aria-labelledby refers to."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.refs: list[str] = []
        self.titles: list[str] = []
        self._in_h3 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value is not None:
                self.ids.append(value)
            if name == "aria-labelledby" and value is not None:
                self.refs.extend(value.split())
        self._in_h3 = tag == "h3"

    def handle_data(self, data: str) -> None:
        if self._in_h3:
            self.titles.append(data)
            self._in_h3 = False


def test_display_title_counts_the_latest_wave_and_two_displays_share_no_id(in_root: Path) -> None:
    responses = rapport.read_csv("examples/data/responses.csv")
    report = rapport.score(responses)
    latest = report.latest_wave
    assert latest is not None
    in_latest = responses.waves[latest]
    assert in_latest < len(responses)
    page = _Ids()
    page.feed(report._repr_html_())
    assert page.titles[0].endswith(f"wave {latest} · {in_latest} responses"), page.titles[0]
    one = len(page.ids)
    assert one >= 4 and len(set(page.ids)) == one
    # The same report again, and another one, in the same notebook page.
    page.feed(report._repr_html_())
    page.feed(rapport.score(rapport.sample(waves=2))._repr_html_())
    assert len(page.ids) >= 3 * one - 4
    duplicates = {i for i in page.ids if page.ids.count(i) > 1}
    assert duplicates == set(), duplicates
    # Every reference points at an id of the page.
    assert page.refs and set(page.refs) <= set(page.ids)
