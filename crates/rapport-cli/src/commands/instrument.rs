//! `rapport instrument`: show what is asked. The text listing is for people
//! preparing a survey (dimensions with their numbered questions in one
//! side's wording, reverse-keyed items marked "(R)", scales, outcome
//! questions, health bands, playbook); the JSON form is exactly
//! `Instrument::to_json()`, the file `--instrument` reads.

use crate::args::{InstrumentArgs, InstrumentFormat};
use crate::error::{CliError, ConfigFile};
use crate::input::load_instrument;
use crate::output::{text_width, write_text};
use rapport::instrument::{OutcomeRole, Scale};
use rapport::{Instrument, Side};
use std::fmt::Write;
use std::path::Path;

/// Run `rapport instrument`.
pub fn run(args: &InstrumentArgs) -> Result<(), CliError> {
    let (instrument, built) = match (&args.from_qsf, &args.from_redcap_dictionary) {
        (Some(path), _) => (from_definition(path, rapport::ingest::qsf::instrument)?, true),
        (None, Some(path)) => (from_definition(path, rapport::ingest::redcap::instrument)?, true),
        (None, None) => (load_instrument(args.instrument.as_deref())?, false),
    };
    let format = args.format.unwrap_or(if built { InstrumentFormat::Json } else { InstrumentFormat::Text });
    if built {
        errln!("{}", starting_point(&instrument, args.output.as_deref()));
    }
    let text = match format {
        InstrumentFormat::Text => listing(&instrument, args.side.into(), text_width()),
        InstrumentFormat::Json => {
            let mut json = instrument.to_json();
            json.push('\n');
            json
        }
    };
    write_text(args.output.as_deref(), &text)
}

/// An instrument built from a survey tool's definition file.
fn from_definition(path: &Path, build: fn(&str) -> rapport::Result<Instrument>) -> Result<Instrument, CliError> {
    let text = std::fs::read_to_string(path).map_err(|e| CliError::io("cannot read survey definition", path, e))?;
    build(&text).map_err(|error| CliError::Config {
        kind: ConfigFile::SurveyDefinition,
        path: path.display().to_string(),
        error: Box::new(error),
    })
}

/// What was built, and that it is a starting point to edit.
fn starting_point(inst: &Instrument, output: Option<&Path>) -> String {
    let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    let file = output.map_or_else(|| "the instrument".to_owned(), |p| p.display().to_string());
    format!(
        "{file}: a starting point built from the survey's definition: {} (one per matrix question), {}, {} and {}. \
         Name the dimensions, regroup and reverse-key the items, check that each scale's highest point is its most \
         favourable answer (points follow the order the answers were shown in) and add a playbook before scoring \
         with it; \
         `rapport instrument --instrument FILE` checks and shows it.",
        plural(inst.dimensions().len(), "dimension"),
        plural(inst.items().len(), "item"),
        plural(inst.outcomes().len(), "outcome question"),
        plural(inst.scales().len(), "scale"),
    )
}

/// The instrument as a readable listing, worded for respondents on `side`,
/// wrapped to `width` columns.
pub fn listing(inst: &Instrument, side: Side, width: usize) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{}", inst.name());
    let _ = writeln!(o, "instrument {}, version {}", inst.id(), inst.version());
    let (label, other) = match side {
        Side::It => ("IT", "business"),
        Side::Business => ("business", "it"),
    };
    let _ = writeln!(
        o,
        "Worded for {label} respondents: {{counterpart}} reads \"{}\" (--side {other} shows the other wording).",
        inst.counterpart(side)
    );

    let scales = &inst.spec().scales;
    if !scales.is_empty() {
        let _ = writeln!(o);
        let _ = writeln!(o, "Scales");
        let name_width = scales.keys().map(|k| k.chars().count()).max().unwrap_or(0) + 2;
        for (name, scale) in scales {
            let indent = 2 + name_width;
            let first = format!("  {name:<name_width$}");
            let points = scale_points(scale);
            wrap_tokens(&mut o, &first, indent, points.iter().map(String::as_str), " · ", width);
            wrap_into(&mut o, &" ".repeat(indent), indent, &scale_cuts(scale), width);
        }
    }

    let weights_differ = inst.dimensions().windows(2).any(|w| (w[0].weight - w[1].weight).abs() > f64::EPSILON);
    let id_width = inst.items().iter().map(|i| i.id.chars().count() + if i.reverse { 4 } else { 0 }).max().unwrap_or(0);
    let mut number = 0;
    for (d, dim) in inst.dimensions().iter().enumerate() {
        let _ = writeln!(o);
        let mut head = dim.name.clone();
        if weights_differ {
            let _ = write!(head, " · weight {}", trim_number(dim.weight));
        }
        if let Some(&first) = inst.dimension_items(d).first() {
            let _ = write!(head, " · {} scale", inst.items()[first].scale);
        }
        let _ = writeln!(o, "{head}");
        if !dim.description.is_empty() {
            wrap_into(&mut o, "  ", 2, &dim.description, width);
        }
        for &i in inst.dimension_items(d) {
            number += 1;
            let item = &inst.items()[i];
            let id = if item.reverse { format!("{} (R)", item.id) } else { item.id.clone() };
            let first = format!("  {number:>2}  {id:<id_width$}  ");
            let indent = first.chars().count();
            wrap_into(&mut o, &first, indent, &inst.item_text(item, side), width);
        }
    }
    if inst.items().iter().any(|i| i.reverse) {
        let _ = writeln!(o);
        let _ = writeln!(o, "(R) reverse-keyed: agreeing is unfavourable; scored as min + max − answer.");
    }

    if !inst.outcomes().is_empty() {
        let _ = writeln!(o);
        let _ = writeln!(o, "Outcome questions");
        let out_width = inst.outcomes().iter().map(|x| x.id.chars().count()).max().unwrap_or(0);
        for (k, out) in inst.outcomes().iter().enumerate() {
            let first = format!("  {:<out_width$}  ", out.id);
            let indent = first.chars().count();
            wrap_into(&mut o, &first, indent, &inst.fill(&out.text, side), width);
            let role = match out.role {
                OutcomeRole::Overall => "overall rating",
                OutcomeRole::Mirror => "mirror: how the other side is expected to rate it",
                OutcomeRole::Cadence => "meeting cadence",
                OutcomeRole::Other => "other",
            };
            let answers = match (inst.outcome_scale(k), out.scale.as_deref()) {
                (Some(scale), Some(name)) => format!("{name} scale, {}–{}", scale.min, scale.max),
                _ => out.options.iter().map(|c| c.id.as_str()).collect::<Vec<_>>().join(" / "),
            };
            wrap_into(&mut o, &" ".repeat(indent), indent, &format!("({role}; {answers})"), width);
        }
    }

    if !inst.bands().is_empty() {
        let _ = writeln!(o);
        let _ = writeln!(o, "Health bands (overall index, 0–100)");
        for band in inst.bands() {
            let range = format!("{}–{}", trim_number(band.from), trim_number(band.to));
            let _ = writeln!(o, "  {range:<8}  {}", band.label);
        }
    }

    if !inst.playbook().is_empty() {
        let _ = writeln!(o);
        let _ = writeln!(o, "Playbook");
        for dim in inst.dimensions() {
            let actions: Vec<_> = inst.actions_for(&dim.id).collect();
            if actions.is_empty() {
                continue;
            }
            let _ = writeln!(o, "  {}", dim.name);
            for a in actions {
                wrap_into(&mut o, "    - ", 6, &inst.fill(&a.title, side), width);
            }
        }
    }
    o
}

/// "1 Strongly disagree", "2 Disagree", … (or "0–10" without labels), and "na".
fn scale_points(scale: &Scale) -> Vec<String> {
    let mut points = if scale.labels.len() == scale.points() {
        (scale.min..=scale.max).zip(&scale.labels).map(|(v, l)| format!("{v} {l}")).collect()
    } else {
        vec![format!("{}–{}", scale.min, scale.max)]
    };
    if scale.not_applicable {
        points.push("na = not applicable".into());
    }
    points
}

/// Where favourable and unfavourable begin, after reverse keying.
fn scale_cuts(scale: &Scale) -> String {
    let range = |a: i32, b: i32| if a == b { a.to_string() } else { format!("{a}–{b}") };
    format!(
        "favourable {}, unfavourable {}",
        range(scale.favourable_min(), scale.max),
        range(scale.min, scale.unfavourable_max())
    )
}

/// Append `text` word-wrapped to `width`: the first line after `first`,
/// the rest indented by `indent` spaces. A word longer than a line is kept whole.
fn wrap_into(o: &mut String, first: &str, indent: usize, text: &str, width: usize) {
    wrap_tokens(o, first, indent, text.split_whitespace(), " ", width);
}

/// Like [`wrap_into`], but breaking only between `tokens`, joined by `joiner`.
fn wrap_tokens<'a>(
    o: &mut String,
    first: &str,
    indent: usize,
    tokens: impl Iterator<Item = &'a str>,
    joiner: &str,
    width: usize,
) {
    let room = width.saturating_sub(indent).max(20);
    let mut line = String::new();
    let mut prefix = first.to_owned();
    for token in tokens {
        if !line.is_empty() && line.chars().count() + joiner.chars().count() + token.chars().count() > room {
            let _ = writeln!(o, "{prefix}{}", line.trim_end());
            prefix = " ".repeat(indent);
            line.clear();
        }
        if !line.is_empty() {
            line.push_str(joiner);
        }
        line.push_str(token);
    }
    let _ = writeln!(o, "{}", format!("{prefix}{line}").trim_end());
}

fn trim_number(v: f64) -> String {
    if v.fract() == 0.0 { format!("{v:.0}") } else { format!("{v}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listing_numbers_items_marks_reverse_keyed_and_fills_the_counterpart() {
        let inst = Instrument::default();
        let business = listing(&inst, Side::Business, 200);
        let line = |prefix: &str| business.lines().find(|l| l.starts_with(prefix)).map(str::to_owned);
        let first = line("   1  trust_1 ").unwrap_or_default();
        assert!(first.ends_with("  I can count on IT to deliver what they commit to."), "{business}");
        let reverse = line("   3  trust_3 (R) ").unwrap_or_default();
        assert!(reverse.contains("  I feel I have to double-check what IT tells us"), "{business}");
        assert!(line("  16  openness_4 ").is_some(), "{business}");
        let it = listing(&inst, Side::It, 200);
        assert!(it.contains("I can count on the business to deliver"));
        for needle in [
            "Trust · agreement scale",
            "1 Strongly disagree · 2 Disagree",
            "favourable 4–5, unfavourable 1–2",
            "Health bands",
            "85–100    Strong partnership",
            "Playbook",
            "Set goals jointly",
        ] {
            assert!(business.contains(needle), "missing {needle:?}:\n{business}");
        }
    }

    #[test]
    fn wrapping_keeps_lines_within_the_width_and_indents_continuations() {
        let mut o = String::new();
        wrap_into(&mut o, "  1  ", 5, "one two three four five six seven eight nine ten eleven twelve", 30);
        let lines: Vec<&str> = o.lines().collect();
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| l.chars().count() <= 30), "{o}");
        assert!(lines[0].starts_with("  1  one") && lines[1].starts_with("     ") && !lines[1].starts_with("      "));
    }
}
