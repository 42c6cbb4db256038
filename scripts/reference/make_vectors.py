#!/usr/bin/env python3
"""Compute rapport's reference vectors from tests/data/reference.csv.

Writes tests/vectors/{scores,reliability,distributions}.json. Every figure is
computed independently of rapport with numpy / scipy / pandas / pingouin, and
is written as {"value": ..., "source": "<tool> <version> <function>"}. A few
figures are re-derived by hand (exact fractions) and asserted.

Usage (from the repository root): python scripts/reference/make_vectors.py
"""

import csv
import hashlib
import json
import math
import platform
import warnings
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pingouin as pg
import scipy
from scipy import stats

ROOT = Path(__file__).resolve().parents[2]
INPUT = "tests/data/reference.csv"
OUT_DIR = ROOT / "tests" / "vectors"
DIMENSIONS = ["trust", "communication", "alignment", "openness"]
ITEMS = {d: [f"{d}_{i}" for i in range(1, 5)] for d in DIMENSIONS}
ALL_ITEMS = [it for d in DIMENSIONS for it in ITEMS[d]]
REVERSE = {"trust_3", "communication_4", "alignment_2", "openness_3"}
SIDES = ["it", "business"]
CADENCE = ["weekly", "monthly", "quarterly", "rarely", "never"]
MIN_CELL = 5  # (wave, side, department) cells need at least this many respondents

NP, SP, PD, PG = np.__version__, scipy.__version__, pd.__version__, pg.__version__
TOOLS = {"python": platform.python_version(), "numpy": NP, "scipy": SP, "pandas": PD, "pingouin": PG}
COUNT = "hand: count"
MEAN = f"numpy {NP} mean"
SD = f"numpy {NP} std (ddof=1)"
CI = f"mean -/+ scipy {SP} stats.t.ppf(0.975, n-1) * sd / sqrt(n)"
FELDT = (f"scipy {SP} stats.f.isf, pingouin {PG} cronbach_alpha Feldt formula at full precision: "
         "1 - (1 - alpha) * f.isf(a/2, n-1, (n-1)(k-1)), 1 - (1 - alpha) * f.isf(1 - a/2, ...), a = 1 - 0.95")


def clean(x):
    """Python scalars/lists for JSON; NaN and inf become null."""
    if isinstance(x, (list, tuple, np.ndarray)):
        return [clean(y) for y in x]
    if isinstance(x, (bool, np.bool_)):
        return bool(x)
    if isinstance(x, (int, np.integer)):
        return int(x)
    if x is None or not math.isfinite(float(x)):
        return None
    return float(x)


def v(value, source, **extra):
    return {"value": clean(value), "source": source, **extra}


def dump(name, payload):
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    text = json.dumps(payload, indent=1, sort_keys=True, allow_nan=False, ensure_ascii=False)
    (OUT_DIR / name).write_text(text + "\n", encoding="utf-8", newline="\n")
    print(f"wrote tests/vectors/{name}")


def header(definitions):
    digest = hashlib.sha256((ROOT / INPUT).read_bytes()).hexdigest()
    return {"generated_by": "scripts/reference/make_vectors.py", "input": INPUT,
            "input_sha256": digest, "tools": TOOLS, "definitions": definitions}


# ---------------------------------------------------------------- loading ---

def load():
    text = pd.read_csv(ROOT / INPUT, dtype=str, keep_default_na=False, na_filter=False)
    num = lambda col: np.array([np.nan if s in ("", "N/A") else float(s) for s in text[col]])
    raw = pd.DataFrame({it: num(it) for it in ALL_ITEMS}, index=text.index)
    keyed = raw.copy()
    for it in REVERSE:
        keyed[it] = 6.0 - raw[it]
    ratings = pd.DataFrame({c: num(c) for c in ("overall_rating", "mirror_rating")}, index=text.index)
    return text, raw, keyed, ratings


def groups(text):
    out = []
    for wave in sorted(text["wave"].unique()):
        w = text["wave"] == wave
        out.append((wave, None, None, w))
        for side in SIDES:
            out.append((wave, side, None, w & (text["side"] == side)))
        for side in SIDES:
            ws = w & (text["side"] == side)
            for dept in sorted(text.loc[ws, "department"].unique()):
                m = ws & (text["department"] == dept)
                if m.sum() >= MIN_CELL:
                    out.append((wave, side, dept, m))
    return out


# ----------------------------------------------------------------- scores ---

def summary(x, what):
    x = np.asarray(x, dtype=float)
    n = len(x)
    mean = np.mean(x) if n else math.nan
    sd = np.std(x, ddof=1) if n >= 2 else math.nan
    half = stats.t.ppf(0.975, n - 1) * sd / math.sqrt(n) if n >= 2 else math.nan
    return {"n": v(n, COUNT), "mean": v(mean, f"{MEAN} of {what}"), "sd": v(sd, f"{SD} of {what}"),
            "ci_low": v(mean - half, CI), "ci_high": v(mean + half, CI)}


def item_stats(col_text, raw, keyed, item):
    ans, k = raw.dropna().to_numpy(), keyed.dropna().to_numpy()
    n = len(ans)
    sd_raw, sd_keyed = np.std(ans, ddof=1), np.std(k, ddof=1)
    assert math.isclose(sd_raw, sd_keyed, rel_tol=1e-12), item
    return {
        "reverse_keyed": item in REVERSE,
        "n": v(n, COUNT),
        "missing": v(int((col_text == "").sum()), COUNT + " of empty cells"),
        "not_applicable": v(int((col_text == "N/A").sum()), COUNT + " of N/A cells"),
        "mean_raw": v(np.mean(ans), f"{MEAN} of raw answers as in the file"),
        "mean_keyed": v(np.mean(k), f"{MEAN} of keyed answers (6 - x if reverse-keyed)"),
        "sd": v(sd_raw, f"{SD} of raw answers (equal for keyed)"),
        "distribution": v([int(np.count_nonzero(ans == s)) for s in range(1, 6)],
                          COUNT + " of raw answers equal to 1, 2, 3, 4, 5"),
        "favourable_pct": v(100.0 * np.count_nonzero(k >= 4) / n, "hand: 100 * count(keyed >= 4) / n"),
        "unfavourable_pct": v(100.0 * np.count_nonzero(k <= 2) / n, "hand: 100 * count(keyed <= 2) / n"),
    }


def respondent_scores(keyed_dim):
    """0-100 score per respondent with at least half of the items answered."""
    answered = keyed_dim.notna().sum(axis=1)
    scored = 2 * answered >= keyed_dim.shape[1]
    mean15 = keyed_dim[scored].mean(axis=1)  # mean of answered keyed items, 1..5
    return (mean15 - 1.0) / 4.0 * 100.0, keyed_dim[scored].sum(axis=1), answered[scored], int((~scored).sum())


def dimension_stats(keyed_dim):
    score, sums, counts, unscored = respondent_scores(keyed_dim)
    cells = keyed_dim.to_numpy().ravel()
    cells = cells[~np.isnan(cells)]
    fav_resp = int((sums >= 4 * counts).sum())  # dimension mean >= 4, in exact integer arithmetic
    out = summary(score.to_numpy(), "per-respondent 0-100 scores ((mean - 1) / 4 * 100)")
    out["unscored"] = v(unscored, COUNT + " of respondents with fewer than half the items answered")
    out["favourable_pct_answers"] = v(100.0 * np.count_nonzero(cells >= 4) / len(cells),
                                      "hand: 100 * count(answered keyed cells >= 4) / count(answered cells)")
    out["favourable_pct_respondents"] = v(100.0 * fav_resp / len(score),
                                          "hand: 100 * count(scored respondents with keyed mean >= 4) / n")
    return out, score


def outcomes(text, ratings):
    out = {}
    for col in ("overall_rating", "mirror_rating"):
        x = ratings[col].dropna().to_numpy()
        s = summary(x, col)
        out[col] = {"n": s["n"], "mean": s["mean"], "sd": s["sd"],
                    "missing": v(int((text[col] == "").sum()), COUNT + " of empty cells"),
                    "distribution": v([int(np.count_nonzero(x == r)) for r in range(11)],
                                      COUNT + " of ratings equal to 0..10")}
    cad = text["meeting_cadence"]
    out["meeting_cadence"] = {o: v(int((cad == o).sum()), COUNT) for o in CADENCE}
    out["meeting_cadence"]["missing"] = v(int((cad == "").sum()), COUNT + " of empty cells")
    return out


def group_record(wave, side, dept, text, raw, keyed, ratings):
    rec = {"wave": wave, "side": side, "department": dept, "respondents": v(len(text), COUNT),
           "items": {it: item_stats(text[it], raw[it], keyed[it], it) for it in ALL_ITEMS},
           "dimensions": {}}
    scores = {}
    for d in DIMENSIONS:
        rec["dimensions"][d], scores[d] = dimension_stats(keyed[ITEMS[d]])
    both = pd.DataFrame(scores).dropna()  # respondents scored on all four dimensions
    index = both[DIMENSIONS].mean(axis=1)
    rec["index"] = summary(index.to_numpy(), "per-respondent index (equal-weight mean of the 4 scores)")
    rec["outcomes"] = outcomes(text, ratings)
    return rec


# ------------------------------------------------------------ reliability ---

def alpha_raw(x):
    """Raw Cronbach alpha of a complete n x k matrix: k/(k-1) * (1 - sum var_i / var_total)."""
    k = x.shape[1]
    return k / (k - 1) * (1 - x.var(axis=0, ddof=1).sum() / x.sum(axis=1).var(ddof=1))


def feldt(alpha, n, k, ci=0.95):
    """pingouin.cronbach_alpha's confidence interval, unrounded, same expressions."""
    a = 1 - ci
    df1 = n - 1
    df2 = df1 * (k - 1)
    lower = 1 - (1 - alpha) * stats.f.isf(a / 2, df1, df2)
    upper = 1 - (1 - alpha) * stats.f.isf(1 - a / 2, df1, df2)
    return [lower, upper]


def checked_pingouin(frame, policy, n):
    """pingouin's alpha and CI; assert our full-precision CI rounds to pingouin's."""
    a, ci_rounded = pg.cronbach_alpha(frame, nan_policy=policy)
    ci = feldt(a, n, frame.shape[1])
    assert np.array_equal(np.round(ci, 3), ci_rounded), (ci, ci_rounded)
    return a, ci, ci_rounded


def reliability_record(frame):
    items = list(frame.columns)
    k = len(items)
    comp = frame.dropna()
    x = comp.to_numpy()
    n = len(comp)
    a = alpha_raw(x)
    a_pg, ci, ci_pg = checked_pingouin(comp, "listwise", n)
    assert math.isclose(a, a_pg, rel_tol=1e-12, abs_tol=1e-12), (a, a_pg)
    # pingouin takes n = data.shape[0] BEFORE its listwise dropna: given the undropped frame
    # its CI uses n = all rows passed. Recorded separately so the quirk is explicit.
    a_all, ci_all, ci_all_pg = checked_pingouin(frame, "listwise", len(frame))
    assert a_all == a_pg
    r = np.corrcoef(x, rowvar=False)
    rbar = r[np.triu_indices(k, 1)].mean()
    listwise = {
        "n": v(n, COUNT + " of rows with all items answered"),
        "alpha": v(a, f"numpy {NP} var (ddof=1): k/(k-1) * (1 - sum var_i / var_total)"),
        "alpha_pingouin": v(a_pg, f"pingouin {PG} cronbach_alpha(nan_policy='listwise') on the complete rows"),
        "ci": v(ci, FELDT + ", n = complete rows", pingouin_rounded=clean(ci_pg)),
        "ci_pingouin_all_rows": v(ci_all, FELDT + ", n = all rows passed (pingouin counts n before dropna)",
                                  n=len(frame), pingouin_rounded=clean(ci_all_pg)),
        "alpha_standardized": v(k * rbar / (1 + (k - 1) * rbar),
                                f"numpy {NP} corrcoef: k*rbar/(1+(k-1)*rbar), rbar = mean off-diagonal r"),
        "alpha_if_deleted": {}, "item_rest_correlation": {}}
    for j, it in enumerate(items):
        others = np.delete(x, j, axis=1)
        listwise["alpha_if_deleted"][it] = v(alpha_raw(others), f"numpy {NP} var (ddof=1): alpha of the other items, same rows")
        rr = np.corrcoef(x[:, j], others.sum(axis=1))[0, 1]
        assert math.isclose(rr, stats.pearsonr(x[:, j], others.sum(axis=1))[0], rel_tol=1e-9)
        listwise["item_rest_correlation"][it] = v(rr, f"numpy {NP} corrcoef(item, sum of the other items)")
    cov = frame.cov()
    a_pw, ci_pw, ci_pw_pg = checked_pingouin(frame, "pairwise", len(frame))
    assert math.isclose(a_pw, k / (k - 1) * (1 - np.trace(cov) / cov.to_numpy().sum()), rel_tol=1e-12)
    m = frame.notna().to_numpy().astype(int)
    pairwise = {
        "n": v(len(frame), "hand: rows passed to pingouin (its n = data.shape[0], incomplete rows included)"),
        "alpha": v(a_pw, f"pingouin {PG} cronbach_alpha(nan_policy='pairwise')"),
        "ci": v(ci_pw, FELDT + ", n = all rows passed", pingouin_rounded=clean(ci_pw_pg)),
        "covariance": v(cov.to_numpy().tolist(), f"pandas {PD} DataFrame.cov (pairwise-complete, ddof=1)", items=items),
        "pair_counts": v((m.T @ m).tolist(), COUNT + " of rows with both items answered", items=items)}
    return {"items": items, "listwise": listwise, "pairwise": pairwise}


def edge_cases():
    def run(name, rows, note):
        frame = pd.DataFrame(rows, columns=[f"i{j + 1}" for j in range(len(rows[0]))], dtype=float)
        rec = {"data": rows, "note": note}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                a, ci = pg.cronbach_alpha(frame)
                rec["pingouin_returned"] = f"({a!r}, {ci.tolist()!r})"
            except AssertionError as e:
                a, ci = None, None
                rec["pingouin_returned"] = f"AssertionError: {e}"
            r = np.corrcoef(frame.to_numpy(), rowvar=False) if len(rows) > 1 else None
        return rec, a, r

    out = {}
    rows = [[3, 4, 5], [3, 2, 4], [3, 5, 5], [3, 3, 2], [3, 4, 4]]
    rec, a, r = run("constant_item", rows, "i1 never varies: raw alpha is still finite (its variance is 0 but the "
                    "total variance is not); correlations with i1 are undefined, so alpha_standardized is not")
    rec["alpha"] = v(a, f"pingouin {PG} cronbach_alpha")
    rec["alpha_standardized"] = v(None, f"numpy {NP} corrcoef gives nan for i1", reason="zero_variance")
    out["constant_item"] = rec
    rec, a, _ = run("all_constant", [[4, 4, 4]] * 5, "no item varies: total variance 0, alpha = 0/0")
    assert a is not None and math.isnan(a)
    rec["alpha"] = v(None, f"pingouin {PG} cronbach_alpha returned nan", reason="zero_variance")
    out["all_constant"] = rec
    rows = [[1, 2, 2], [4, 5, 4]]
    rec, a, _ = run("two_rows", rows, "the fewest rows pingouin accepts (it asserts n >= 2); CI df1 = 1, df2 = 2")
    rec["alpha"] = v(a, f"pingouin {PG} cronbach_alpha")
    rec["ci"] = v(feldt(a, 2, 3), FELDT)
    out["two_rows"] = rec
    rec, a, _ = run("one_row", [[1, 2, 2]], "too few rows: pingouin refuses")
    rec["alpha"] = v(None, f"pingouin {PG} cronbach_alpha raised", reason="too_few_responses")
    out["one_row"] = rec
    rows = [[1, 2, 2], [2, 2, 3], [3, 3, 3], [4, 4, 5], [5, 4, 4], [3, 4, 3]]
    rec, a, _ = run("clean_6x3", rows, "complete, varying data; alpha also computed exactly with fractions")
    exact = exact_alpha(rows)
    assert math.isclose(a, float(exact), rel_tol=1e-12)
    rec["alpha"] = v(a, f"pingouin {PG} cronbach_alpha", exact_fraction=str(exact))
    rec["ci"] = v(feldt(a, 6, 3), FELDT)
    out["clean_6x3"] = rec
    return out


# --------------------------------------------------------- hand checks -----

def exact_var(xs):
    m = sum(xs, Fraction(0)) / len(xs)
    return sum(((x - m) ** 2 for x in xs), Fraction(0)) / (len(xs) - 1)


def exact_alpha(rows):
    rows = [[Fraction(x) for x in r] for r in rows]
    k = len(rows[0])
    item_var = sum(exact_var([r[j] for r in rows]) for j in range(k))
    return Fraction(k, k - 1) * (1 - item_var / exact_var([sum(r) for r in rows]))


def hand_checks(records, reliability):
    """Re-derive a few figures from the CSV with the csv module and exact fractions."""
    with open(ROOT / INPUT, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    key = lambda it, s: Fraction(6 - int(s)) if it in REVERSE else Fraction(int(s))
    for wave, side, dim in [("2026-01", None, "trust"), ("2026-03", "business", "alignment")]:
        scores, fav, n_cells = [], 0, 0
        for r in rows:
            if r["wave"] != wave or (side and r["side"] != side):
                continue
            vals = [key(it, r[it]) for it in ITEMS[dim] if r[it] not in ("", "N/A")]
            fav += sum(1 for x in vals if x >= 4)
            n_cells += len(vals)
            if 2 * len(vals) >= 4:
                scores.append((sum(vals) / len(vals) - 1) / 4 * 100)
        rec = next(g for g in records if (g["wave"], g["side"], g["department"]) == (wave, side, None))
        d = rec["dimensions"][dim]
        mean = sum(scores) / len(scores)
        assert d["n"]["value"] == len(scores)
        assert math.isclose(d["mean"]["value"], float(mean), rel_tol=1e-13)
        assert math.isclose(d["sd"]["value"], math.sqrt(exact_var(scores)), rel_tol=1e-13)
        assert math.isclose(d["favourable_pct_answers"]["value"], float(Fraction(100 * fav, n_cells)), rel_tol=1e-13)
        # listwise alpha of the whole wave, exactly
        if side is None:
            comp = [[key(it, r[it]) for it in ITEMS[dim]] for r in rows if r["wave"] == wave
                    and all(r[it] not in ("", "N/A") for it in ITEMS[dim])]
            rel = next(g for g in reliability if g["wave"] == wave and g["side"] is None)
            lw = rel["dimensions"][dim]["listwise"]
            assert lw["n"]["value"] == len(comp)
            assert math.isclose(lw["alpha"]["value"], float(exact_alpha(comp)), rel_tol=1e-12)
    print("hand checks passed")


def distributions():
    dfs = [1, 2, 3, 4, 5, 7, 10, 29, 30, 100, 1000]
    pairs = [(4, 12), (9, 27), (29, 87), (59, 177), (2, 2), (1, 1), (200, 600)]
    t = [{"p": p, "df": d, "value": float(stats.t.ppf(p, d)), "source": f"scipy {SP} stats.t.ppf"}
         for p in (0.975, 0.995, 0.95) for d in dfs]
    f = [{"p": p, "df1": a, "df2": b, "value": float(stats.f.ppf(p, a, b)), "source": f"scipy {SP} stats.f.ppf"}
         for p in (0.025, 0.975) for a, b in pairs]
    # Closed forms: t(1) is Cauchy, t(2) has an explicit quantile, F(1,1) = Cauchy^2.
    # Recorded as closed_form; scipy agrees to ~1e-15 relative, so compare with a tolerance.
    for e in t:
        p = e["p"]
        if e["df"] == 1:
            e["closed_form"] = math.tan(math.pi * (p - 0.5))
        if e["df"] == 2:
            e["closed_form"] = (2 * p - 1) * math.sqrt(2 / (4 * p * (1 - p)))
    for e in f:
        p = e["p"]
        if (e["df1"], e["df2"]) == (1, 1):
            e["closed_form"] = math.tan(math.pi * p / 2) ** 2
        if (e["df1"], e["df2"]) == (2, 2):  # F(2,2) cdf = x / (1 + x)
            e["closed_form"] = p / (1 - p)
    for e in t + f:
        assert "closed_form" not in e or math.isclose(e["value"], e["closed_form"], rel_tol=1e-12), e
    return {"t_ppf": t, "f_ppf": f}


# ------------------------------------------------------------------- main ---

SCORE_DEFS = (
    "Groups: each wave whole (side null), each side, and each (wave, side, department) cell with >= 5 rows. "
    "Keyed value = 6 - x for reverse-keyed items (trust_3, communication_4, alignment_2, openness_3), x otherwise. "
    "Empty and N/A cells are not answers. Items: mean_raw on answers as in the file, mean_keyed after keying, "
    "sd ddof=1, distribution = counts of raw 1..5, favourable_pct = 100*count(keyed>=4)/n, unfavourable_pct = "
    "100*count(keyed<=2)/n. Dimension score per respondent = mean of answered keyed items if answered >= half "
    "(2 of 4), on 0-100 as (mean - 1) / 4 * 100. Group n/mean/sd(ddof=1)/95% t-interval over scored respondents. "
    "favourable_pct_answers counts all answered cells of the dimension (scored or not); favourable_pct_respondents "
    "= share of scored respondents with keyed mean >= 4. Index = equal-weight mean of the 4 scores for respondents "
    "scored on all 4. Outcomes: ratings 0..10 n/missing/mean/sd/distribution; meeting_cadence counts.")
REL_DEFS = (
    "Per dimension, for each wave whole and each side, on keyed item values (empty and N/A = NaN), the data "
    "passed being every respondent row of the group. listwise: rows with all 4 items answered; raw alpha, "
    "pingouin check, Feldt CI, standardized alpha from numpy.corrcoef, alpha if item deleted (same rows), "
    "item-rest Pearson r. pairwise: pingouin nan_policy='pairwise' (pandas pairwise-complete covariance, n = "
    "all rows passed). CIs are unrounded; pingouin_rounded is what pingouin returned.")


def main():
    text, raw, keyed, ratings = load()
    records, reliability = [], []
    for wave, side, dept, m in groups(text):
        records.append(group_record(wave, side, dept, text[m], raw[m], keyed[m], ratings[m]))
        if dept is None:
            reliability.append({"wave": wave, "side": side, "dimensions": {
                d: reliability_record(keyed.loc[m, ITEMS[d]]) for d in DIMENSIONS}})
    hand_checks(records, reliability)
    dump("scores.json", {**header(SCORE_DEFS), "groups": records})
    dump("reliability.json", {**header(REL_DEFS), "groups": reliability, "edge_cases": edge_cases()})
    dump("distributions.json", {**header("Quantiles of Student's t and Fisher's F, full float precision."),
                                **distributions()})
    print(f"{len(records)} score groups, {len(reliability)} reliability groups")


if __name__ == "__main__":
    main()
