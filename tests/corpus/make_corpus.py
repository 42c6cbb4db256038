#!/usr/bin/env python3
"""Writes the malformed-input corpus and expected.json (run from anywhere).

Each case is a small CSV file plus its expected outcome:

  strict   the error (code, and row / column / item where they apply, and
           optionally text the message must contain), or
           {"ok": true, "accepted": [respondent ids in order]};
  lenient  {"accepted": [ids of exactly the good rows], "rejected_rows": [rows]},
           or, for problems with the file as a whole, the same error as strict.

Rows are CSV record numbers: the header is row 1, the first response row 2;
a line break inside quotes and blank lines do not count.

Optional keys: "mapping" (a column-mapping file in this folder),
"segments" (declared segment columns), "format": "json" (read by the JSON
reader instead of the CSV readers) and "wave_check" (the error code of
checking the accepted rows' wave labels together; none when absent). Text cases are written here; the
cases whose exact bytes matter (BOM, CRLF, CR, Latin-1, UTF-16) are written
by make_binary_cases.sh, which this script runs first. Both kinds of file
are committed. crates/rapport/tests/corpus.rs checks every case through every
CSV reader, in both modes.
"""
import json, os, subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
H = "respondent,side,wave,department,trust_1,trust_2,trust_3,overall_rating,meeting_cadence"

def good(i, wave="2026-01", side="business", dept="Finance"):
    return f"r{i},{side},{wave},{dept},4,3,2,7,monthly"

cases = []

def case(name, text, strict, lenient, **extra):
    """A case; text=None for files written by make_binary_cases.sh."""
    if text is not None:
        with open(os.path.join(HERE, name), "wb") as f:
            f.write(text.encode("utf-8"))
    cases.append({"file": name, **extra, "strict": strict, "lenient": lenient})

def ok(ids):
    return {"ok": True, "accepted": ids}

def kept(ids, rows):
    return {"accepted": ids, "rejected_rows": rows}

def lines(*rows):
    return "\n".join(rows) + "\n"

subprocess.run(["sh", os.path.join(HERE, "make_binary_cases.sh")], check=True)

# ---- valid files ---------------------------------------------------------------
case("valid.csv", lines(H, good(1), good(2), good(3)), ok(["r1", "r2", "r3"]), kept(["r1", "r2", "r3"], []))
case("whitespace_and_case.csv", lines(
    " Respondent , SIDE ,Wave,Department,TRUST_1,Trust_2,trust_3,Overall_Rating,meeting_cadence",
    "r1, IT ,2026-01,Apps, 4 ,4.0,n/a,10,Weekly",
    "r2,Business,2026-01,, ,NOT APPLICABLE,,0,About monthly",
    "r3,business,2026-01,Finance,Strongly agree,agree,NA,7,NEVER"),
    ok(["r1", "r2", "r3"]), kept(["r1", "r2", "r3"], []))
case("trailing_comma.csv", lines(H + ",", good(1) + ",", good(2) + ","),
     ok(["r1", "r2"]), kept(["r1", "r2"], []))
case("split_wave_a.csv", lines(H, good(1), good(2)), ok(["r1", "r2"]), kept(["r1", "r2"], []))
case("split_wave_b.csv", lines(H, good(3), good(2), good(1, wave="2026-02")),
     ok(["r3", "r2", "r1"]), kept(["r3", "r2", "r1"], []))

# ---- one bad row ---------------------------------------------------------------------
case("out_of_scale.csv", lines(H, good(1), "r2,business,2026-01,Finance,4,7,2,7,monthly", good(3)),
     {"code": "value_out_of_scale", "row": 3, "column": "trust_2", "item": "trust_2"}, kept(["r1", "r3"], [3]))
case("not_a_number.csv", lines(H, good(1), good(2), "r3,it,2026-01,Apps,four,3,2,7,monthly"),
     {"code": "invalid_value", "row": 4, "column": "trust_1", "item": "trust_1",
      "message_contains": "expected a whole number from 1 to 5, N/A or empty, found \"four\""},
     kept(["r1", "r2"], [4]))
case("half_point.csv", lines(H, "r1,it,2026-01,Apps,3.5,3,2,7,monthly", good(2)),
     {"code": "value_out_of_scale", "row": 2, "column": "trust_1", "item": "trust_1"}, kept(["r2"], [2]))
case("unknown_side.csv", lines(H, good(1), "r2,vendor,2026-01,Finance,4,3,2,7,monthly"),
     {"code": "unknown_side", "row": 3, "column": "side"}, kept(["r1"], [3]))
case("na_not_allowed.csv", lines(H, "r1,it,2026-01,Apps,4,N/A,2,N/A,monthly", good(2)),
     {"code": "not_applicable_not_allowed", "row": 2, "column": "overall_rating", "item": "overall_rating"},
     kept(["r2"], [2]))
case("bad_choice.csv", lines(H, good(1), "r2,it,2026-01,Apps,4,3,2,7,daily"),
     {"code": "invalid_value", "row": 3, "column": "meeting_cadence", "item": "meeting_cadence",
      "message_contains": "one of weekly, monthly, quarterly, rarely, never"},
     kept(["r1"], [3]))
case("missing_respondent.csv", lines(H, ",it,2026-01,Apps,4,3,2,7,monthly", good(2)),
     {"code": "missing_field", "row": 2, "column": "respondent"}, kept(["r2"], [2]))
case("missing_wave.csv", lines(H, good(1), "r2,it,  ,Apps,4,3,2,7,monthly"),
     {"code": "missing_field", "row": 3, "column": "wave"}, kept(["r1"], [3]))
# A wave label shaped like a date that is not one: a bad row, not a bad file.
case("bad_wave.csv", lines(H, good(1), good(2, wave="2026-13"), good(3)),
     {"code": "invalid_wave", "row": 3, "column": "wave", "message_contains": "a month from 01 to 12"},
     kept(["r1", "r3"], [3]))
# r1 again in another wave is fine; r1 and " r2 " again in the same wave are not.
case("duplicate_respondent.csv",
     lines(H, good(1), good(2), good(1, wave="2026-02"), good(1), " r2 ,business,2026-01,Finance,4,3,2,7,monthly"),
     {"code": "duplicate_respondent", "row": 5, "column": "respondent", "message_contains": "(first at row 2)"},
     kept(["r1", "r2", "r1"], [5, 6]))
case("ragged.csv", lines(H, good(1), "r2,business,2026-01,Finance,4,3", good(3) + ",extra", good(4)),
     {"code": "ragged_row", "row": 3, "message_contains": "expected 9 fields as in the header, found 6"},
     kept(["r1", "r4"], [3, 4]))
# Commas, a line break and doubled quotes inside quotes; the bad row after
# them is record 4 although it starts on line 5.
case("quoted.csv", lines(H,
    'r1,business,2026-01,"Sales, North",4,3,2,7,monthly',
    'r2,business,2026-01,"Operations\nand Logistics",4,3,2,7,monthly',
    'r3,business,2026-01,"Say ""hi""",4,9,2,7,monthly'),
    {"code": "value_out_of_scale", "row": 4, "column": "trust_2", "item": "trust_2"}, kept(["r1", "r2"], [4]))
case("blank_lines.csv", H + "\n" + good(1) + "\n\n\n" + good(2) + "\nr3,it,2026-01,Apps,4,3,2,77,monthly\n",
     {"code": "value_out_of_scale", "row": 4, "column": "overall_rating", "item": "overall_rating"},
     kept(["r1", "r2"], [4]))

# JSON Lines (read by the JSON reader): a duplicate whose wave differs from the
# first answer's only by spaces is rejected, and its label is no wave of the
# data (found by fuzzing: it was counted in the check of the waves together).
case("duplicate_padded_wave.jsonl", lines(
    '{"respondent":"a","side":"it","wave":"Wave 1","answers":{"trust_1":3}}',
    '{"respondent":"b","side":"it","wave":"Wave 2","answers":{"trust_1":3}}',
    '{"respondent":"b","side":"it","wave":"   Wave 2","answers":{"trust_1":4}}',
    '{"respondent":"c","side":"business","wave":"Wave 2","answers":{"trust_1":9}}'),
    {"code": "duplicate_respondent", "row": 3, "message_contains": "(first at row 2)"},
    kept(["a", "b"], [3, 4]), format="json")

# ---- the file as a whole -----------------------------------------------------------------
def both(err):
    return {"strict": err, "lenient": err}

case("empty.csv", "", **both({"code": "empty_input"}))
case("header_only.csv", H + "\n", **both({"code": "empty_input"}))
case("missing_column.csv", "respondent,wave,trust_1\nr1,2026-01,4\n",
     **both({"code": "missing_column", "message_contains": "required column \"side\" is missing"}))
case("duplicate_column.csv", "respondent,side,wave,trust_1,TRUST_1\nr1,it,2026-01,4,4\n",
     **both({"code": "duplicate_column", "column": "TRUST_1"}))
case("unknown_item_column.csv", lines(H + ",trust_9", good(1) + ",3"),
     **both({"code": "unknown_item_column", "column": "trust_9", "message_contains": "(did you mean \"trust_1\"?)"}))
case("item_like_column.csv", lines(H + ",overall_rating2", good(1) + ",3"),
     **both({"code": "unknown_item_column", "column": "overall_rating2",
             "message_contains": "(did you mean \"overall_rating\"?)"}))
case("undeclared_column.csv", lines(H + ",Location", good(1) + ",Oslo"), segments=["department"],
     **both({"code": "unknown_item_column", "column": "Location",
             "message_contains": "not a declared segment (department)"}))
# A duplicate before a quote that is never closed: strict mode stops at the
# duplicate (the first bad row), lenient mode at the file error. (Found by
# fuzzing: readers that hold back a possible duplicate returned the file error.)
case("duplicate_then_unclosed_quote.csv",
     lines(H, good(1), good(1), good(2), 'r3,business,2026-01,"Finance,4,3,2,7,monthly'),
     {"code": "duplicate_respondent", "row": 3, "column": "respondent"},
     {"code": "csv", "row": 5, "column": "department", "message_contains": "never closed"})
# The quote opened in row 3 swallows r3: a file error, not a short row 3.
case("unterminated_quote.csv", lines(H, good(1), 'r2,business,2026-01,"Finance,4,3,2,7,monthly', good(3)),
     **both({"code": "csv", "row": 3, "column": "department", "message_contains": "never closed"}))

# ---- binary cases (make_binary_cases.sh) -------------------------------------------------
case("bom.csv", None, ok(["r1", "r2"]), kept(["r1", "r2"], []))
case("bom_quoted_header.csv", None, ok(["r1", "r2"]), kept(["r1", "r2"], []))
case("crlf.csv", None, ok(["r1", "r2"]), kept(["r1", "r2"], []))
case("cr_only.csv", None, ok(["r1", "r2"]), kept(["r1", "r2"], []))
case("crlf_multiline.csv", None,
     {"code": "value_out_of_scale", "row": 4, "column": "overall_rating", "item": "overall_rating"},
     kept(["r1", "r2", "r4"], [4]))
case("latin1.csv", None, {"code": "invalid_utf8", "row": 3, "column": "department"}, kept(["r1", "r3"], [3]))
case("split_character.csv", None, {"code": "invalid_utf8", "row": 3, "column": "department"}, kept(["r1", "r3"], [3]))
case("latin1_header.csv", None, **both({"code": "invalid_utf8", "row": 1, "column": "#4"}))
case("utf16.csv", None, **both({"code": "invalid_utf8", "row": 1, "column": "#1",
                                 "message_contains": "re-export the file as UTF-8"}))

# ---- a survey-tool export read through a column mapping ----------------------------------
export = lines("Response ID,Group,Survey,Dept,Q1,Q2,Q3,Overall",
               "1001,Business staff,2026-Q1,Finance,4,Don't know,2,8",
               "1002,IT staff,2026-Q1,Apps,5,4,-,9",
               "1003,Contractor,2026-Q1,Apps,5,4,1,9")
case("export_with_mapping.csv", export, {"code": "unknown_side", "row": 4, "column": "Group"},
     kept(["1001", "1002"], [4]), mapping="export_mapping.json")
mapping = {"respondent": "Response ID", "side": "Group", "wave": "Survey",
           "items": {"Q1": "trust_1", "Q2": "trust_2", "Q3": "trust_3", "Overall": "overall_rating"},
           "segments": {"Dept": "department"},
           "side_values": {"Business staff": "business", "IT staff": "it"},
           "missing_values": ["", "-"],
           "not_applicable_values": ["N/A", "Don't know"]}
with open(os.path.join(HERE, "export_mapping.json"), "w") as f:
    json.dump(mapping, f, indent=1)
    f.write("\n")
# The same export with a mapping that names an item the instrument lacks.
case("export_with_mapping.csv", None, mapping="bad_mapping.json",
     **both({"code": "invalid_mapping", "message_contains": "did you mean \"trust_3\""}))
with open(os.path.join(HERE, "bad_mapping.json"), "w") as f:
    json.dump({**mapping, "items": {**mapping["items"], "Q3": "trust3"}}, f, indent=1)
    f.write("\n")

with open(os.path.join(HERE, "expected.json"), "w") as f:
    json.dump({"about": "Malformed-input corpus: per case, the strict-mode error (code and location) or ok, and "
                        "the lenient-mode accepted respondents and rejected rows. Rows are CSV record numbers "
                        "(header = row 1). Generated by make_corpus.py; see its docstring.",
               "cases": cases}, f, indent=1)
    f.write("\n")
print(len(cases), "cases")
