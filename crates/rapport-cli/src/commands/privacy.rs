//! `rapport privacy`: the publication plan for the data owner — which
//! groups every report of the data hides, why, and the audit's result.

use crate::args::{PrivacyArgs, PrivacyFormat};
use crate::error::CliError;
use crate::input::{self, load_instrument};
use crate::output::write_text;
use rapport::privacy::HiddenBecause;
use rapport::privacy::owner::{PlanSummary, summary};
use std::fmt::Write;

/// Run `rapport privacy`.
pub fn run(args: &PrivacyArgs) -> Result<(), CliError> {
    let (options, by_given) = input::load_options(&args.score)?;
    options.validate()?;
    let instrument = load_instrument(args.input.instrument.as_deref())?;
    let scorer = super::report::read_all(&args.input, &instrument, &options)?.0;
    if by_given {
        scorer.check_by()?;
    }
    let (aggregates, _) = scorer.into_parts();
    let plan = summary(&aggregates)?;
    let text = match args.format {
        PrivacyFormat::Json => {
            let mut json = serde_json::to_string_pretty(&plan).unwrap_or_default();
            json.push('\n');
            json
        }
        PrivacyFormat::Text => text(&plan),
    };
    write_text(args.output.as_deref(), &text)?;
    if plan.waves.iter().any(|w| !w.audit.passed()) {
        return Err(rapport::Error::Privacy {
            message: "the plan failed its audit; no report of this data is produced".into(),
        }
        .into());
    }
    Ok(())
}

fn text(plan: &PlanSummary) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Publication plan · minimum group size {} · for the data owner only: exact counts of small groups",
        plan.min_group_size
    );
    for w in &plan.waves {
        let _ = writeln!(out, "\nWave {} · fields: {}", w.wave, w.fields.join(", "));
        let _ = writeln!(
            out,
            "  {} groups in the lattice; hidden: {} small, {} to protect them; {} figures hidden in published groups",
            w.groups, w.small, w.complementary, w.figures_hidden
        );
        for g in &w.hidden {
            let label = if g.key.is_empty() {
                "All respondents".to_owned()
            } else {
                g.key
                    .iter()
                    .map(|(f, v)| format!("{f}={}", printable(v.as_deref().unwrap_or("(none)"))))
                    .collect::<Vec<_>>()
                    .join(" · ")
            };
            let why = match g.reason {
                HiddenBecause::Small => "small",
                HiddenBecause::Complementary => "protects a small group",
                HiddenBecause::GroupHidden => "group hidden",
            };
            let _ = writeln!(out, "  {label:<48} n {:>5}  {why}", g.respondents);
        }
        let verdict = if w.audit.passed() { "passed" } else { "FAILED" };
        let _ = writeln!(
            out,
            "  audit {verdict}: {} small cells, {} certificates checked{}",
            w.audit.small_cells,
            w.audit.certificates,
            if w.audit.failures.is_empty() { String::new() } else { format!(" — {}", w.audit.failures.join("; ")) }
        );
    }
    out
}

/// Control characters shown as escapes, so a label cannot drive the terminal.
fn printable(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { c.escape_unicode().to_string() } else { c.to_string() }).collect()
}
