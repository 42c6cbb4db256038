//! `--rejected FILE`: every rejected row of a lenient read, written as CSV
//! as it is found (the core's formula-safe writer,
//! [`rapport::render::csv::write_rejected_row`]), so memory does not grow
//! with the number of rejected rows while the report lists only the first
//! [`rapport::ingest::REJECTED_ROWS_LISTED`].

use crate::error::CliError;
use crate::input::Source;
use rapport::RejectedRow;
use rapport::render::csv::{write_rejected_header, write_rejected_row};
use std::cell::RefCell;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// The open file, shared between the scorer's sink and the command.
pub type Shared = Rc<RefCell<RejectedFile>>;

/// A rejected-rows CSV file being written.
pub struct RejectedFile {
    path: PathBuf,
    out: BufWriter<File>,
    /// Rows written.
    rows: u64,
    /// The first write error; later rows are not written.
    error: Option<io::Error>,
}

impl RejectedFile {
    /// Create `path` (never one of the inputs) and write the header line.
    pub fn create(path: &Path, inputs: &[Source]) -> Result<Shared, CliError> {
        if let Ok(canonical) = std::fs::canonicalize(path)
            && let Some(input) = inputs
                .iter()
                .find(|s| s.path.as_deref().and_then(|p| std::fs::canonicalize(p).ok()).is_some_and(|p| p == canonical))
        {
            return Err(CliError::Usage {
                code: "usage",
                message: format!("--rejected {} would overwrite the input {}", path.display(), input.name),
                hint: Some("name a new file for the rejected rows".into()),
            });
        }
        let file = File::create(path).map_err(|e| CliError::io("cannot create", path, e))?;
        let mut out = BufWriter::new(file);
        write_rejected_header(&mut out).map_err(|e| CliError::io("cannot write", path, e))?;
        Ok(Rc::new(RefCell::new(RejectedFile { path: path.to_path_buf(), out, rows: 0, error: None })))
    }

    /// Write one row (after a write error, nothing more is written: the
    /// error is returned by [`RejectedFile::finish`]).
    pub fn write(&mut self, row: &RejectedRow) {
        if self.error.is_none() {
            match write_rejected_row(&mut self.out, row) {
                Ok(()) => self.rows += 1,
                Err(e) => self.error = Some(e),
            }
        }
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flush the file: the number of rows written, or the first write error.
    pub fn finish(&mut self) -> Result<u64, CliError> {
        let flushed = self.out.flush();
        match self.error.take().map_or(flushed, Err) {
            Ok(()) => Ok(self.rows),
            Err(e) => Err(CliError::io("cannot write", &self.path, e)),
        }
    }
}

/// Hand every row the scorer rejects to `file`.
pub fn attach(scorer: &mut rapport::Scorer<'_>, file: &Shared) {
    let file = Rc::clone(file);
    scorer.on_rejected(move |row| file.borrow_mut().write(row));
}
