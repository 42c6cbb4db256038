//! Where results go: standard output or `-o FILE`, and whether to colour them.
//!
//! A reader that goes away is not an error. When standard output is a pipe
//! whose reader has closed it (`rapport sample | head`), the results stop
//! there and the command exits 0, quietly. Not 141, the shell's code for a
//! death by SIGPIPE (Rust programs ignore that signal and get an error
//! instead): 0 is the same on every platform, and a `set -o pipefail` script
//! that only wants the head does not fail. Lines and messages (`outln!`,
//! `errln!`, `err!`; never `println!` or `eprintln!`, which panic on a closed
//! stream) are dropped when their stream is closed and the command carries
//! on, so `rapport validate … 2>&1 | head -1` still exits 1 for bad data.
//!
//! Those lines and messages carry text from the data and the command line
//! (file names, labels, cell values), so every control character in them but
//! the line feeds between lines — ESC, BEL, carriage return, DEL, C1 … — is
//! shown as a `\u{1b}` escape ([`rapport::render::text::escape_controls`]),
//! as in the text scorecard: nothing read from a file can send the terminal
//! a command. A message of one line (an error, a rejected row) escapes its
//! line feeds too.

use crate::error::CliError;
use rapport::render::text::escape_controls;
use std::fmt;
use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::Path;

/// `println!` that drops the line when standard output is closed.
macro_rules! outln {
    ($($arg:tt)*) => {
        $crate::output::write_line(&mut ::std::io::stdout().lock(), format_args!($($arg)*), true)
    };
}

/// `eprintln!` that drops the message when standard error is closed.
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::output::write_line(&mut ::std::io::stderr().lock(), format_args!($($arg)*), true)
    };
}

/// `eprint!` that drops the text when standard error is closed.
macro_rules! err {
    ($($arg:tt)*) => {
        $crate::output::write_line(&mut ::std::io::stderr().lock(), format_args!($($arg)*), false)
    };
}

/// Write `args` (and a newline) to a terminal stream with its control
/// characters escaped (but for line feeds), ignoring failure: the reader
/// went away, and there is nowhere left to say so.
pub fn write_line(w: &mut dyn Write, args: fmt::Arguments<'_>, newline: bool) {
    let mut text = terminal_text(&args.to_string());
    if newline {
        text.push('\n');
    }
    let _ = w.write_all(text.as_bytes());
}

/// `text` with every control character but the line feed escaped.
pub fn terminal_text(text: &str) -> String {
    text.split('\n').map(escape_controls).collect::<Vec<_>>().join("\n")
}

/// Colour only on a terminal, never when NO_COLOR is set (any non-empty
/// value, per no-color.org), never with `--no-color`, never into a file.
pub fn use_color(no_color_flag: bool, output: Option<&Path>) -> bool {
    let no_color_env = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    !no_color_flag && !no_color_env && output.is_none() && io::stdout().is_terminal()
}

/// The width to lay text out for: `COLUMNS` when the shell exports it, else 100.
pub fn text_width() -> usize {
    std::env::var("COLUMNS").ok().and_then(|c| c.trim().parse::<usize>().ok()).filter(|&w| w >= 40).unwrap_or(100)
}

/// Write `text` to the file, or to standard output.
pub fn write_text(output: Option<&Path>, text: &str) -> Result<(), CliError> {
    write_with(output, |w| w.write_all(text.as_bytes()))
}

/// Open the destination, let `f` write to it, and flush, mapping failures
/// to errors that name the file.
pub fn write_with(output: Option<&Path>, f: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<(), CliError> {
    match output {
        Some(path) => {
            let file = File::create(path).map_err(|e| CliError::io("cannot write", path, e))?;
            let mut w = BufWriter::new(file);
            f(&mut w).and_then(|()| w.flush()).map_err(|e| CliError::io("cannot write", path, e))
        }
        None => {
            let stdout = io::stdout();
            let mut w = PipeWatch { inner: BufWriter::new(stdout.lock()), broken: false };
            let result = f(&mut w).and_then(|()| w.flush());
            match result {
                // Writers such as the csv crate's wrap the OS error; the
                // watch sees the original, so `| head` still ends quietly.
                Err(_) if w.broken => {
                    Err(CliError::io(STDOUT, Path::new("<stdout>"), io::ErrorKind::BrokenPipe.into()))
                }
                Err(e) => Err(CliError::io(STDOUT, Path::new("<stdout>"), e)),
                Ok(()) => Ok(()),
            }
        }
    }
}

const STDOUT: &str = "cannot write";

/// A writer that remembers whether the reader of a pipe went away.
struct PipeWatch<W> {
    inner: W,
    broken: bool,
}

impl<W: Write> PipeWatch<W> {
    fn watch<T>(&mut self, r: io::Result<T>) -> io::Result<T> {
        if let Err(e) = &r {
            self.broken |= e.kind() == io::ErrorKind::BrokenPipe;
        }
        r
    }
}

impl<W: Write> Write for PipeWatch<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let r = self.inner.write(buf);
        self.watch(r)
    }
    fn flush(&mut self) -> io::Result<()> {
        let r = self.inner.flush();
        self.watch(r)
    }
}
