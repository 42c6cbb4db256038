//! `rapport sample`: seeded, realistic sample responses for demos and
//! trials, as wide CSV (the form `report` reads by default) or as a JSON
//! array of responses. The same seed and options give the same bytes.
//! Records are streamed as they are generated, so size is not limited by
//! memory. In the CSV, a text cell a spreadsheet would run as a formula (a
//! `--first-wave` such as `=1+1`) is written as `"'=1+1"`
//! ([`rapport::render::csv::text_cell`]); answers stay plain numbers.

use crate::args::{SampleArgs, SampleFormat};
use crate::error::CliError;
use crate::input::load_instrument;
use crate::output::write_with;
use rapport::sample::{self, SampleOptions};

/// Run `rapport sample`.
pub fn run(args: &SampleArgs) -> Result<(), CliError> {
    let instrument = load_instrument(args.instrument.as_deref())?;
    let options = SampleOptions {
        seed: args.seed,
        waves: args.waves,
        respondents_per_wave: args.respondents,
        first_wave: args.first_wave.clone(),
        ..SampleOptions::default()
    };
    options.validate()?;
    let output = args.output.as_deref();
    let mut rows = 0u64;
    match args.format {
        SampleFormat::Csv => write_with(output, |w| {
            rows = sample::write_csv(&instrument, &options, w)?;
            Ok(())
        })?,
        SampleFormat::Json => write_with(output, |w| {
            // One response per line inside the array: valid JSON, easy to
            // read and diff, and written without holding every record.
            w.write_all(b"[")?;
            for record in sample::records(&instrument, &options) {
                w.write_all(if rows == 0 { b"\n" } else { b",\n" })?;
                serde_json::to_writer(&mut *w, &record.to_response(&instrument)).map_err(std::io::Error::other)?;
                rows += 1;
            }
            w.write_all(b"\n]\n")
        })?,
    }
    if let Some(path) = output {
        let waves = if options.waves == 1 {
            format!("wave {}", options.first_wave)
        } else {
            format!("{} waves, {} to {}", options.waves, options.first_wave, options.wave_label(options.waves - 1))
        };
        errln!("wrote {rows} sample responses ({waves}) to {}", path.display());
    }
    Ok(())
}
