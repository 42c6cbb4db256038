//! Write a CSV file as an .xlsx workbook, numbers as number cells and
//! everything else as text, for the workbook benchmark
//! (`scripts/bench/xlsx.sh`).
//!
//! ```sh
//! cargo run --release -p rapport-cli --example csv_to_xlsx -- responses.csv responses.xlsx
//! ```

use rust_xlsxwriter::Workbook;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let [_, from, to] = args.as_slice() else {
        return Err("usage: csv_to_xlsx IN.csv OUT.xlsx".into());
    };
    let mut reader = csv::ReaderBuilder::new().has_headers(false).from_path(from)?;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (r, record) in reader.records().enumerate() {
        let r = u32::try_from(r)?;
        for (c, field) in record?.iter().enumerate() {
            let c = u16::try_from(c)?;
            match field.parse::<f64>() {
                _ if field.is_empty() => {}
                Ok(n) if n.is_finite() => {
                    sheet.write_number(r, c, n)?;
                }
                _ => {
                    sheet.write_string(r, c, field)?;
                }
            }
        }
    }
    book.save(to)?;
    Ok(())
}
