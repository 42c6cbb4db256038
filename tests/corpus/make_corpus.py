#!/usr/bin/env python3
"""Writes the malformed-input corpus and expected.json (run from anywhere).

Each case is a small file plus its expected outcome in strict mode (error
code and location) and in lenient mode (accepted respondents and rejected
rows, or the same file-level error). Binary cases (BOM, CRLF, Latin-1) are
written byte for byte here, so the committed files can be regenerated.
"""
import json, os

HERE = os.path.dirname(os.path.abspath(__file__))
H = "respondent,side,wave,department,trust_1,trust_2,trust_3,overall_rating,meeting_cadence"

def good(i, wave="2026-01", side="business", dept="Finance"):
    return f"r{i},{side},{wave},{dept},4,3,2,7,monthly"

cases = []

def case(name, text, strict=None, lenient=None, binary=None):
    path = os.path.join(HERE, name)
    with open(path, "wb") as f:
        f.write(binary if binary is not None else text.encode("utf-8"))
    cases.append({"file": name, "strict": strict, "lenient": lenient})

def ok(ids):
    return {"ok": True, "accepted": ids}

rows = [good(1), good(2), good(3)]
case("valid.csv", "\n".join([H] + rows) + "\n", ok(["r1", "r2", "r3"]), {"accepted": ["r1", "r2", "r3"], "rejected_rows": []})
case("out_of_scale.csv", "\n".join([H, good(1), "r2,business,2026-01,Finance,4,7,2,7,monthly", good(3)]) + "\n",
     {"code": "value_out_of_scale", "row": 3, "column": "trust_2", "item": "trust_2"},
     {"accepted": ["r1", "r3"], "rejected_rows": [3]})
case("not_a_number.csv", "\n".join([H, good(1), good(2), "r3,it,2026-01,Apps,four,3,2,7,monthly"]) + "\n",
     {"code": "invalid_value", "row": 4, "column": "trust_1", "item": "trust_1"},
     {"accepted": ["r1", "r2"], "rejected_rows": [4]})
case("half_point.csv", "\n".join([H, "r1,it,2026-01,Apps,3.5,3,2,7,monthly", good(2)]) + "\n",
     {"code": "value_out_of_scale", "row": 2, "column": "trust_1", "item": "trust_1"},
     {"accepted": ["r2"], "rejected_rows": [2]})
case("unknown_side.csv", "\n".join([H, good(1), "r2,vendor,2026-01,Finance,4,3,2,7,monthly"]) + "\n",
     {"code": "unknown_side", "row": 3, "column": "side"},
     {"accepted": ["r1"], "rejected_rows": [3]})
case("unknown_item_column.csv", "\n".join([H + ",trust_9", good(1) + ",3"]) + "\n",
     {"code": "unknown_item_column", "column": "trust_9"}, {"code": "unknown_item_column", "column": "trust_9"})
case("missing_column.csv", "respondent,wave,trust_1\nr1,2026-01,4\n",
     {"code": "missing_column"}, {"code": "missing_column"})
case("duplicate_column.csv", "respondent,side,wave,trust_1,TRUST_1\nr1,it,2026-01,4,4\n",
     {"code": "duplicate_column", "column": "TRUST_1"}, {"code": "duplicate_column", "column": "TRUST_1"})
case("duplicate_respondent.csv", "\n".join([H, good(1), good(2), good(1, wave="2026-02"), good(1)]) + "\n",
     {"code": "duplicate_respondent", "row": 5, "column": "respondent"},
     {"accepted": ["r1", "r2", "r1"], "rejected_rows": [5]})
case("ragged.csv", "\n".join([H, good(1), "r2,business,2026-01,Finance,4,3", good(3) + ",extra", good(4)]) + "\n",
     {"code": "ragged_row", "row": 3}, {"accepted": ["r1", "r4"], "rejected_rows": [3, 4]})
case("bom.csv", None, ok(["r1", "r2"]), {"accepted": ["r1", "r2"], "rejected_rows": []},
     binary=b"\xef\xbb\xbf" + ("\n".join([H, good(1), good(2)]) + "\n").encode())
case("crlf.csv", None, ok(["r1", "r2"]), {"accepted": ["r1", "r2"], "rejected_rows": []},
     binary=("\r\n".join([H, good(1), good(2)]) + "\r\n").encode())
quoted = "\n".join([H,
    'r1,business,2026-01,"Sales, North",4,3,2,7,monthly',
    'r2,business,2026-01,"Operations\nand Logistics",4,3,2,7,monthly',
    'r3,business,2026-01,"Say ""hi""",4,9,2,7,monthly']) + "\n"
case("quoted.csv", quoted, {"code": "value_out_of_scale", "row": 4, "column": "trust_2", "item": "trust_2"},
     {"accepted": ["r1", "r2"], "rejected_rows": [4]})
case("latin1.csv", None, {"code": "invalid_utf8", "row": 3, "column": "department"},
     {"accepted": ["r1", "r3"], "rejected_rows": [3]},
     binary=("\n".join([H, good(1)]) + "\n").encode() + b"r2,business,2026-01,Op\xe9rations,4,3,2,7,monthly\n"
     + (good(3) + "\n").encode())
case("empty.csv", "", {"code": "empty_input"}, {"code": "empty_input"})
case("header_only.csv", H + "\n", {"code": "empty_input"}, {"code": "empty_input"})
case("unterminated_quote.csv", "\n".join([H, good(1), 'r2,business,2026-01,"Finance,4,3,2,7,monthly', good(3)]) + "\n",
     {"code": "ragged_row", "row": 3}, {"accepted": ["r1"], "rejected_rows": [3]})
case("na_not_allowed.csv", "\n".join([H, "r1,it,2026-01,Apps,4,N/A,2,N/A,monthly"]) + "\n",
     {"code": "not_applicable_not_allowed", "row": 2, "column": "overall_rating", "item": "overall_rating"},
     {"accepted": [], "rejected_rows": [2]})
case("bad_choice.csv", "\n".join([H, good(1), "r2,it,2026-01,Apps,4,3,2,7,daily"]) + "\n",
     {"code": "invalid_value", "row": 3, "column": "meeting_cadence", "item": "meeting_cadence"},
     {"accepted": ["r1"], "rejected_rows": [3]})
case("missing_respondent.csv", "\n".join([H, ",it,2026-01,Apps,4,3,2,7,monthly", good(2)]) + "\n",
     {"code": "missing_field", "row": 2, "column": "respondent"}, {"accepted": ["r2"], "rejected_rows": [2]})
export = "\n".join(["Response ID,Group,Survey,Dept,Q1,Q2,Q3,Overall",
    "1001,Business staff,2026-Q1,Finance,4,Don't know,2,8",
    "1002,IT staff,2026-Q1,Apps,5,4,1,9",
    "1003,Contractor,2026-Q1,Apps,5,4,1,9"]) + "\n"
case("export_with_mapping.csv", export, {"code": "unknown_side", "row": 4, "column": "Group"},
     {"accepted": ["1001", "1002"], "rejected_rows": [4]})
with open(os.path.join(HERE, "export_mapping.json"), "w") as f:
    json.dump({"respondent": "Response ID", "side": "Group", "wave": "Survey",
               "items": {"Q1": "trust_1", "Q2": "trust_2", "Q3": "trust_3", "Overall": "overall_rating"},
               "segments": {"Dept": "department"},
               "side_values": {"Business staff": "business", "IT staff": "it"},
               "not_applicable_values": ["N/A", "Don't know"]}, f, indent=1)
    f.write("\n")
for c in cases:
    if c["file"] == "export_with_mapping.csv":
        c["mapping"] = "export_mapping.json"
with open(os.path.join(HERE, "expected.json"), "w") as f:
    json.dump({"about": "Malformed-input corpus: per file, the strict-mode error (code and location) or ok, and the lenient-mode accepted respondents and rejected rows. Generated by make_corpus.py.",
               "cases": cases}, f, indent=1)
    f.write("\n")
print(len(cases), "cases")
