#!/bin/sh
# Writes the corpus files whose exact bytes matter — byte-order marks, CRLF
# and CR line ends, Latin-1 and UTF-16 text — byte for byte with printf, so
# that no editor or git setting can "fix" them. The files are committed;
# tests/corpus/.gitattributes keeps git from converting their line ends, and
# crates/rapport/tests/corpus.rs checks the bytes are still as written here.
# Their expected outcomes are in expected.json (written by make_corpus.py,
# which runs this script first). Run from anywhere: sh make_binary_cases.sh
set -eu
cd "$(dirname "$0")"

H='respondent,side,wave,department,trust_1,trust_2,trust_3,overall_rating,meeting_cadence'
good() { # good <id> [wave]
    printf 'r%s,business,%s,Finance,4,3,2,7,monthly' "$1" "${2:-2026-01}"
}

# UTF-8 byte-order mark (EF BB BF), as Excel's "CSV UTF-8" writes it: valid.
{ printf '\357\273\277%s\n' "$H"; printf '%s\n' "$(good 1)" "$(good 2)"; } > bom.csv

# A BOM before a quoted header: the BOM must go before the CSV parser sees
# the quote, or the first header would read as "respondent" with quotes.
{
    printf '\357\273\277"respondent","side","wave","department","trust_1","trust_2","trust_3","overall_rating","meeting_cadence"\r\n'
    printf '"%s",%s\r\n' r1 "business,2026-01,Finance,4,3,2,7,monthly" r2 "it,2026-01,Apps,5,4,3,8,weekly"
} > bom_quoted_header.csv

# Windows line ends: valid.
{ printf '%s\r\n' "$H" "$(good 1)" "$(good 2)"; } > crlf.csv

# Old Mac line ends (CR only): valid.
{ printf '%s\r' "$H" "$(good 1)" "$(good 2)"; } > cr_only.csv

# CRLF, with a CRLF inside a quoted field; the bad value in the third
# response is at record row 4 although it is on line 5 of the file.
{
    printf '%s\r\n' "$H" "$(good 1)"
    printf 'r2,business,2026-01,"Operations\r\nand Logistics",4,3,2,7,monthly\r\n'
    printf 'r3,business,2026-01,Finance,4,3,2,11,monthly\r\n'
    printf '%s\r\n' "$(good 4)"
} > crlf_multiline.csv

# Latin-1 "é" (E9) in a department name at row 3: invalid_utf8 there.
{
    printf '%s\n' "$H" "$(good 1)"
    printf 'r2,business,2026-01,Op\351rations,4,3,2,7,monthly\n'
    printf '%s\n' "$(good 3)"
} > latin1.csv

# Two neighbouring fields whose bytes join into a valid character (CD BD
# is "ͽ"; found by fuzzing): each field is invalid on its own, row 3.
{
    printf '%s\n' "$H" "$(good 1)"
    printf 'r2,business,2026-01,\315,\275,3,2,7,monthly\n'
    printf '%s\n' "$(good 3)"
} > split_character.csv

# Latin-1 in the header ("Département"): a file-level invalid_utf8 at row 1.
{
    printf 'respondent,side,wave,D\351partement,trust_1\n'
    printf 'r1,business,2026-01,Finance,4\n'
} > latin1_header.csv

# UTF-16 LE with its BOM (FF FE), as "Unicode text" exports are: not UTF-8.
utf16le() { # each byte of ASCII text, then a zero byte
    printf '%s' "$1" | od -An -v -to1 | tr -s ' ' '\n' | grep -v '^$' | while read -r b; do printf "\\$b\\000"; done
}
{
    printf '\377\376'
    utf16le 'respondent,side,wave,trust_1
r1,it,2026-01,4
'
} > utf16.csv
