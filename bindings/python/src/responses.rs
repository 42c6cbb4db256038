//! `Responses`: validated answers held packed by the core (two bytes an
//! answer, integer codes for wave, side and segments) whatever they were
//! read from — a CSV file or workbook, JSON, or columnar arrays from numpy
//! (DataFrames) — ready to be scored any number of times.

use crate::error::IntoPy;
use crate::instrument::Instrument;
use numpy::{
    PyArray1, PyArray2, PyArrayDyn, PyArrayMethods, PyReadonlyArray1, PyReadonlyArray2, PyUntypedArrayMethods,
};
use pyo3::prelude::*;
use rapport::aggregate::columnar::{Categories, ColumnarResponses, OwnedCategories, OwnedColumns, PackedRows};
use rapport::aggregate::packer::{Ids, PackedResponses};
use rapport::ingest::columns::{ColumnNames, ColumnRole};
use rapport::ingest::{ColumnMapping, IngestOptions, IngestSummary, csv, json, workbook};
use rapport::{Cell, Scorer, Side};
use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

/// A categorical column as it crosses from Python: `(name, codes, labels)`.
type PyCategories<'py> = (String, PyReadonlyArray1<'py, i32>, Vec<String>);

fn own(c: PyCategories<'_>) -> OwnedCategories {
    let (name, codes, labels) = c;
    let codes = match codes.as_slice() {
        Ok(s) => s.to_vec(),
        Err(_) => codes.as_array().iter().copied().collect(),
    };
    OwnedCategories { name, codes, labels }
}

/// Responses after validation: the accepted rows packed by the core (two
/// bytes per answer), the columns that group them and the respondent ids
/// (for the data owner's respondent scores). The answers, mask and text
/// columns of columnar input are not kept. `keys` holds the 64-bit key of
/// each accepted (wave, respondent), for saved aggregates (`None` for
/// columns without respondent ids).
pub struct Data {
    pub(crate) side: OwnedCategories,
    pub(crate) wave: OwnedCategories,
    pub(crate) respondent: Option<Respondents>,
    pub(crate) segments: Vec<OwnedCategories>,
    pub(crate) rows: PackedRows,
}

/// The label of input row `r` in `c`, trimmed (`None` when the code is missing).
pub fn label(c: &OwnedCategories, r: usize) -> Option<&str> {
    usize::try_from(c.codes[r]).ok().and_then(|k| c.labels.get(k)).map(|l| l.trim())
}

/// Respondent ids: a column's categories, or one id per response as a read packed them.
pub enum Respondents {
    Categories(OwnedCategories),
    Ids(Ids),
}

impl Respondents {
    /// The id of input row `r`, trimmed (`None` when missing).
    pub fn label(&self, r: usize) -> Option<&str> {
        match self {
            Respondents::Categories(c) => label(c, r),
            Respondents::Ids(ids) => ids.get(r),
        }
    }
}

impl From<PackedResponses> for Data {
    fn from(p: PackedResponses) -> Self {
        let PackedResponses { side, wave, respondent, segments, rows } = p;
        Data { side, wave, respondent: Some(Respondents::Ids(respondent)), segments, rows }
    }
}

impl Data {
    /// The key of every accepted response (`None` for columns without
    /// respondent ids).
    pub fn keys(&self) -> Option<Vec<u64>> {
        let ids = self.respondent.as_ref()?;
        Some(
            self.rows
                .rows()
                .map(|(r, _)| {
                    rapport::RespondentKeys::hash(
                        label(&self.wave, r).unwrap_or_default(),
                        ids.label(r).unwrap_or_default(),
                    )
                })
                .collect(),
        )
    }

    /// Add every accepted response to the scorer, with the intake summary
    /// of the read that accepted them (validated when they were read).
    pub fn feed(&self, scorer: &mut Scorer<'_>, intake: IngestSummary) -> rapport::Result<()> {
        let view = ColumnarResponses {
            segments: self.segments.iter().map(OwnedCategories::view).collect(),
            ..ColumnarResponses::new(&[], &[], self.side.view(), self.wave.view())
        };
        scorer.add_packed(&view, &self.rows, intake)
    }
}

/// Accepted responses per wave and side, waves in order of first appearance.
#[derive(Default)]
struct Counts {
    waves: Vec<(String, [u64; 2])>,
    index: HashMap<String, usize>,
}

impl Counts {
    fn wave(&mut self, wave: &str) -> usize {
        match self.index.get(wave) {
            Some(&i) => i,
            None => {
                self.index.insert(wave.to_owned(), self.waves.len());
                self.waves.push((wave.to_owned(), [0; 2]));
                self.waves.len() - 1
            }
        }
    }

    /// Accepted responses of `data` per wave (a wave's label is its trimmed
    /// text, as in a record) and side.
    fn of(data: &Data) -> Vec<(String, [u64; 2])> {
        let mut counts = Counts::default();
        let mut by_code = vec![None; data.wave.labels.len()];
        for (r, side) in data.rows.rows() {
            let code = data.wave.codes[r] as usize;
            let i = *by_code[code].get_or_insert_with(|| counts.wave(data.wave.labels[code].trim()));
            counts.waves[i].1[usize::from(side == Side::Business)] += 1;
        }
        counts.waves
    }
}

/// Validated survey responses, ready to score.
#[pyclass(module = "rapport._rapport", frozen)]
pub struct Responses {
    pub instrument: Instrument,
    data: Arc<Data>,
    pub intake: IngestSummary,
    counts: Vec<(String, [u64; 2])>,
}

impl Responses {
    /// The answers, shareable with a thread that does not hold the GIL.
    pub fn shared(&self) -> Arc<Data> {
        self.data.clone()
    }

    /// Responses read by the core into packed form.
    fn from_packed(instrument: Instrument, packed: PackedResponses, intake: IngestSummary) -> Self {
        let data = Data::from(packed);
        let counts = Counts::of(&data);
        Responses { instrument, data: Arc::new(data), intake, counts }
    }
}

fn ingest_options(lenient: bool, mapping: Option<&str>, segments: Option<Vec<String>>) -> PyResult<IngestOptions> {
    let mapping = mapping.map(ColumnMapping::from_json).transpose().py_err()?;
    Ok(IngestOptions { lenient, mapping, segments, ..IngestOptions::default() })
}

/// Copy a 2-D array into row-major order, converting each element with `f`
/// (one pass; no copy of a copy). The column-major arrays pandas hands out
/// for a block of columns are read column slice by column slice, a row at a
/// time across them: each column is read in order, so this costs about as
/// much as a plain copy, where a strided walk costs several times more. A
/// large one is copied on several threads, a range of rows each (the new
/// buffer's pages are first touched there too).
fn row_major<T, U>(a: &PyReadonlyArray2<'_, T>, f: impl Fn(T) -> U + Sync) -> Vec<U>
where
    T: numpy::Element + Copy + Sync,
    U: Copy + Default + Send,
{
    if let Ok(s) = a.as_slice() {
        if a.is_c_contiguous() {
            return s.iter().map(|&v| f(v)).collect();
        }
        // Contiguous but not row-major: column-major (Fortran order).
        let rows = a.shape()[0];
        if rows > 0 {
            let columns: Vec<&[T]> = s.chunks_exact(rows).collect();
            let m = columns.len();
            let mut out = vec![U::default(); s.len()];
            let threads = rapport::aggregate::columnar::threads().min(rows / COPY_ROWS_PER_THREAD).max(1);
            let per = rows.div_ceil(threads);
            let (columns, f) = (&columns, &f);
            let fill = move |first: usize, part: &mut [U]| {
                for (i, row) in part.chunks_exact_mut(m).enumerate() {
                    for (cell, c) in row.iter_mut().zip(columns) {
                        *cell = f(c[first + i]);
                    }
                }
            };
            if threads == 1 {
                fill(0, &mut out);
            } else {
                std::thread::scope(|scope| {
                    for (t, part) in out.chunks_mut(per * m).enumerate() {
                        scope.spawn(move || fill(t * per, part));
                    }
                });
            }
            return out;
        }
    }
    a.as_array().iter().map(|&v| f(v)).collect()
}

/// A 2-D array argument (rows × item columns), or the core's
/// `invalid_argument` naming it.
fn two_d<'py, T: numpy::Element>(name: &str, a: Bound<'py, PyArrayDyn<T>>) -> PyResult<PyReadonlyArray2<'py, T>> {
    let ndim = a.ndim();
    let a = a.into_any().cast_into::<PyArray2<T>>().map_err(|_| {
        crate::error::to_py(rapport::Error::InvalidArgument {
            name: name.to_owned(),
            expected: "a 2-D array (rows × item columns)".into(),
            found: format!("{ndim}-D"),
        })
    })?;
    Ok(a.try_readonly()?)
}

/// Fewest rows per thread worth a thread of its own when copying answers.
const COPY_ROWS_PER_THREAD: usize = 1 << 16;

#[pymethods]
impl Responses {
    /// Read a wide CSV file (the command line's reader).
    #[staticmethod]
    #[pyo3(signature = (path, instrument, lenient=false, mapping=None, segments=None, from_=None, side=None, wave=None, wave_period=None, wave_column=None, day_first=false, bad_cells=None, workbook=false, sheet=None))]
    #[allow(clippy::too_many_arguments)] // mirrors the Python keyword arguments
    fn read_csv(
        py: Python<'_>,
        path: std::path::PathBuf,
        instrument: &Instrument,
        lenient: bool,
        mapping: Option<&str>,
        segments: Option<Vec<String>>,
        from_: Option<&str>,
        side: Option<&str>,
        wave: Option<String>,
        wave_period: Option<&str>,
        wave_column: Option<String>,
        day_first: bool,
        bad_cells: Option<&str>,
        workbook: bool,
        sheet: Option<String>,
    ) -> PyResult<Self> {
        let mut options = ingest_options(lenient, mapping, segments)?;
        if let Some(b) = bad_cells {
            options.bad_cells = b.parse().py_err()?;
        }
        if let Some(from) = from_ {
            options.from = from.parse().py_err()?;
        }
        let side = side
            .map(|s| {
                s.parse::<rapport::Side>().map_err(|()| rapport::Error::InvalidArgument {
                    name: "side".into(),
                    expected: "it or business".into(),
                    found: s.to_owned(),
                })
            })
            .transpose()
            .py_err()?;
        let wave_period = wave_period.map(str::parse).transpose().py_err()?;
        let flags = rapport::ingest::mapping::RoleFlags { side, wave, wave_period, wave_column, day_first };
        options.mapping = flags.apply(options.mapping.take());
        let inst = instrument.inner.clone();
        // Read straight into packed form: no record is kept per row.
        let (packed, intake) = py
            .detach(move || -> rapport::Result<_> {
                let (packed, source, rejected) = if workbook {
                    // The sheet as the CSV a spreadsheet would save, read by the CSV reader.
                    let name = path.display().to_string();
                    let kind = workbook::Kind::of_path(&path).unwrap_or(workbook::Kind::Xlsx);
                    let bytes = std::fs::read(&path)
                        .map_err(|e| rapport::Error::Io { path: name.clone(), message: e.to_string() })?;
                    let text = workbook::to_csv(bytes, kind, sheet.as_deref(), &name)?;
                    PackedResponses::read_csv_bytes(&text, Some(&name), &inst, &options)?
                } else {
                    PackedResponses::read_csv_path(Path::new(&path), &inst, &options)?
                };
                let mut intake = IngestSummary::default();
                intake.add_source(source, rejected);
                Ok((packed, intake))
            })
            .py_err()?;
        Ok(Responses::from_packed(instrument.clone(), packed, intake))
    }

    /// Read responses in their documented JSON form (an array, or JSON Lines).
    #[staticmethod]
    #[pyo3(signature = (text, instrument, lenient=false, source=None))]
    fn from_json(
        py: Python<'_>,
        text: String,
        instrument: &Instrument,
        lenient: bool,
        source: Option<String>,
    ) -> PyResult<Self> {
        let options = IngestOptions { lenient, ..IngestOptions::default() };
        let inst = instrument.inner.clone();
        let (packed, intake) = py
            .detach(move || -> rapport::Result<_> {
                let mut records = Vec::new();
                let (summary, rejected) =
                    json::read_json(&text, source.as_deref(), &inst, &options, &mut |r| records.push(r))?;
                let mut intake = IngestSummary::default();
                intake.add_source(summary, rejected);
                Ok((PackedResponses::from_records(&inst, &records)?, intake))
            })
            .py_err()?;
        Ok(Responses::from_packed(instrument.clone(), packed, intake))
    }

    /// Columnar answers (see `rapport::aggregate::columnar`): `values` an n × m float64
    /// array (NaN missing) for `columns`, `not_applicable` an optional n × m
    /// boolean mask, `text_columns` item columns as `(name, codes, labels)`,
    /// and the roles and segments as `(name, codes, labels)` with int32
    /// codes (negative = missing).
    #[staticmethod]
    #[pyo3(signature = (
        instrument, columns, values, side, wave, respondent=None, segments=Vec::new(), text_columns=Vec::new(),
        not_applicable=None, lenient=false, source=None, mapping=None, declared_segments=false, row_labels=None
    ))]
    #[allow(clippy::too_many_arguments)] // mirrors the Python keyword arguments
    fn from_columns(
        py: Python<'_>,
        instrument: &Instrument,
        columns: Vec<String>,
        values: Bound<'_, PyArrayDyn<f64>>,
        side: PyCategories<'_>,
        wave: PyCategories<'_>,
        respondent: Option<PyCategories<'_>>,
        segments: Vec<PyCategories<'_>>,
        text_columns: Vec<PyCategories<'_>>,
        not_applicable: Option<Bound<'_, PyArrayDyn<bool>>>,
        lenient: bool,
        source: Option<String>,
        mapping: Option<&str>,
        declared_segments: bool,
        row_labels: Option<Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let values = two_d("answers", values)?;
        let not_applicable = not_applicable.map(|mask| two_d("not_applicable", mask)).transpose()?;
        let shape = values.shape();
        if shape[1] != columns.len() {
            return Err(crate::error::to_py(rapport::Error::InvalidArgument {
                name: "columns".into(),
                expected: format!("one name per column of the answers ({})", shape[1]),
                found: columns.len().to_string(),
            }));
        }
        let options = ingest_options(lenient, mapping, declared_segments.then(Vec::new))?;
        let not_applicable = match not_applicable {
            Some(mask) if mask.shape() != shape => {
                return Err(crate::error::to_py(rapport::Error::InvalidArgument {
                    name: "not_applicable".into(),
                    expected: format!("a mask of the answers' shape {shape:?}"),
                    found: format!("{:?}", mask.shape()),
                }));
            }
            Some(mask) => Some(row_major(&mask, u8::from)),
            None => None,
        };
        // Row-major answers are read where they are (the array stays borrowed
        // while the core reads it); any other layout is copied into row-major
        // order first. So are the codes of text columns, which the packed
        // rows do not keep.
        let borrowed: Option<&[f64]> = if values.is_c_contiguous() { values.as_slice().ok() } else { None };
        let text_codes: Vec<Cow<'_, [i32]>> = text_columns
            .iter()
            .map(|(_, codes, _)| match codes.as_slice() {
                Ok(s) => Cow::Borrowed(s),
                Err(_) => Cow::Owned(codes.as_array().iter().copied().collect()),
            })
            .collect();
        let text_views: Vec<Categories<'_>> = text_columns
            .iter()
            .zip(&text_codes)
            .map(|((name, _, labels), codes)| Categories::new(name, codes, labels))
            .collect();
        let cols = OwnedColumns {
            source,
            columns,
            values: if borrowed.is_some() { Vec::new() } else { row_major(&values, |v| v) },
            not_applicable,
            text_columns: Vec::new(),
            side: own(side),
            wave: own(wave),
            respondent: respondent.map(own),
            segments: segments.into_iter().map(own).collect(),
        };
        let inst = instrument.inner.clone();
        let (data, intake) = py
            .detach(move || -> rapport::Result<_> {
                let view = ColumnarResponses {
                    values: borrowed.unwrap_or(&cols.values[..]),
                    text_columns: text_views,
                    ..cols.view()
                };
                let (rows, summary, rejected) = view.pack(&inst, &options)?;
                let mut intake = IngestSummary::default();
                intake.add_source(summary, rejected);
                let OwnedColumns { side, wave, segments, respondent, .. } = cols;
                let respondent = respondent.map(Respondents::Categories);
                Ok((Data { side, wave, respondent, segments, rows }, intake))
            })
            .map_err(|e| match &row_labels {
                // A row error names the row by its label in the caller's table.
                Some(labels) => e.with_row_label(|row| {
                    let position = row.saturating_sub(1) as usize;
                    labels.get_item(position).and_then(|l| l.str()).map_or_else(|_| String::new(), |l| l.to_string())
                }),
                None => e,
            })
            .py_err()?;
        let counts = Counts::of(&data);
        Ok(Responses { instrument: instrument.clone(), data: Arc::new(data), intake, counts })
    }

    /// The instrument the answers were validated against.
    #[getter]
    fn instrument(&self) -> Instrument {
        self.instrument.clone()
    }

    /// Rows read, accepted and rejected, the rejected rows counted per code
    /// and the first 100 of them, as JSON (the report's `intake`).
    fn intake_json(&self) -> String {
        serde_json::to_string(&self.intake).unwrap_or_default()
    }

    /// Accepted responses per side, by the side's name (in the core's order of sides).
    fn sides(&self) -> Vec<(&'static str, u64)> {
        Side::ALL
            .iter()
            .map(|&side| (side.as_str(), self.counts.iter().map(|(_, n)| n[usize::from(side == Side::Business)]).sum()))
            .collect()
    }

    /// Accepted responses per wave, in order of first appearance.
    fn waves(&self) -> Vec<(String, u64)> {
        self.counts.iter().map(|(w, n)| (w.clone(), n.iter().sum())).collect()
    }

    fn __len__(&self) -> usize {
        self.intake.accepted as usize
    }

    /// Each accepted response's dimension scores and overall index under
    /// the scoring options (JSON, the core's `ScoreOptions`), by the
    /// report's rules: `(dimensions, respondent ids or None, (waves, the
    /// waves in the report's order), sides, [(segment, labels)], scores)`,
    /// `scores` one row per response and one
    /// column per dimension, then the index (NaN = not scored).
    fn respondent_scores<'py>(&self, py: Python<'py>, options_json: &str) -> PyResult<crate::respondents::Parts<'py>> {
        crate::respondents::respondent_scores(py, self, options_json)
    }
}

/// The role of each column of a table, by name, as the core resolves a CSV
/// header (`rapport::ingest::columns`): `respondent`, `side`, `wave`,
/// `item`, `segment` or `ignored`, in column order. Columnar input needs no
/// respondent ids: a respondent column left at its default name may be absent.
#[pyfunction]
#[pyo3(signature = (instrument, names, side, wave, respondent, items=None, segments=None, mapping=None, source=None))]
#[allow(clippy::too_many_arguments)] // mirrors the Python keyword arguments
pub fn column_roles(
    instrument: &Instrument,
    names: Vec<String>,
    side: String,
    wave: String,
    respondent: Option<String>,
    items: Option<Vec<String>>,
    segments: Option<Vec<String>>,
    mapping: Option<&str>,
    source: Option<&str>,
) -> PyResult<Vec<&'static str>> {
    let options = ingest_options(false, mapping, segments)?;
    if let Some(mapping) = &options.mapping {
        rapport::aggregate::columnar::check_mapping(mapping).py_err()?;
    }
    let columns = ColumnNames { side, wave, respondent, respondent_required: false, items };
    let resolved = rapport::ingest::columns::resolve(&names, &instrument.inner, &columns, &options, source).py_err()?;
    Ok(resolved.roles().iter().map(ColumnRole::name).collect())
}

/// The core's sample generator, in columnar form: `(columns, values,
/// not_applicable, side, wave, respondent, segments)` — answers as an n × m
/// float64 array (choice items as option indices, NaN missing), the
/// not-applicable mask, and the roles and segments as `(codes, labels)`
/// (the sides' labels are the core's side names).
#[pyfunction]
#[allow(clippy::type_complexity)] // one tuple of arrays, typed in _rapport.pyi
pub fn sample_columns<'py>(
    py: Python<'py>,
    instrument: &Instrument,
    options_json: &str,
) -> PyResult<(
    Vec<String>,
    Bound<'py, PyArray2<f64>>,
    Bound<'py, PyArray2<bool>>,
    (Bound<'py, PyArray1<i32>>, Vec<&'static str>),
    (Bound<'py, PyArray1<i32>>, Vec<String>),
    (Bound<'py, PyArray1<i32>>, Vec<String>),
    Vec<(String, Bound<'py, PyArray1<i32>>, Vec<String>)>,
)> {
    let options = rapport::sample::SampleOptions::from_json(options_json).py_err()?;
    options.validate().py_err()?;
    let inst = instrument.inner.clone();
    let m = inst.slot_count();
    let columns: Vec<String> = (0..m).map(|s| inst.slot_id(s).to_owned()).collect();
    struct Interner {
        codes: Vec<i32>,
        labels: Vec<String>,
        index: HashMap<String, i32>,
    }
    impl Interner {
        fn new() -> Self {
            Interner { codes: Vec::new(), labels: Vec::new(), index: HashMap::new() }
        }
        fn push(&mut self, v: Option<&str>) {
            let code = match v {
                None => -1,
                Some(v) => match self.index.get(v) {
                    Some(&c) => c,
                    None => {
                        let c = self.labels.len() as i32;
                        self.labels.push(v.to_owned());
                        self.index.insert(v.to_owned(), c);
                        c
                    }
                },
            };
            self.codes.push(code);
        }
    }
    let segment_names = ["department", "role"];
    let (values, mask, sides, waves, ids, segments) = py.detach(move || {
        let (mut values, mut mask, mut sides) = (Vec::new(), Vec::new(), Vec::new());
        let (mut waves, mut ids) = (Interner::new(), Interner::new());
        let mut segments: Vec<Interner> = segment_names.iter().map(|_| Interner::new()).collect();
        for r in rapport::sample::records(&inst, &options) {
            for (slot, cell) in r.cells().iter().enumerate() {
                let (v, na) = match *cell {
                    Cell::Value(v) => (v, false),
                    Cell::Missing => (f64::NAN, false),
                    Cell::NotApplicable => (f64::NAN, true),
                };
                debug_assert!(slot < m);
                values.push(v);
                mask.push(na);
            }
            sides.push(Side::ALL.iter().position(|&s| s == r.side()).unwrap_or_default() as i32);
            waves.push(Some(r.wave()));
            ids.push(Some(r.respondent()));
            for (name, s) in segment_names.iter().zip(&mut segments) {
                s.push(r.segments().get(*name).map(String::as_str));
            }
        }
        (values, mask, sides, waves, ids, segments)
    });
    let n = sides.len();
    let shaped = |e: numpy::ndarray::ShapeError| pyo3::exceptions::PyValueError::new_err(e.to_string());
    let values = numpy::ndarray::Array2::from_shape_vec((n, m), values).map_err(shaped)?;
    let mask = numpy::ndarray::Array2::from_shape_vec((n, m), mask).map_err(shaped)?;
    Ok((
        columns,
        PyArray2::from_owned_array(py, values),
        PyArray2::from_owned_array(py, mask),
        (PyArray1::from_vec(py, sides), Side::ALL.iter().map(|s| s.as_str()).collect()),
        (PyArray1::from_vec(py, waves.codes), waves.labels),
        (PyArray1::from_vec(py, ids.codes), ids.labels),
        segment_names
            .iter()
            .zip(segments)
            .filter(|(name, _)| instrument.inner.slot_index(name).is_none())
            .map(|(name, s)| ((*name).to_owned(), PyArray1::from_vec(py, s.codes), s.labels))
            .collect(),
    ))
}

/// The starter mapping for a survey tool's export (what `rapport mapping`
/// writes), as JSON text: the export's first rows (a workbook's sheet read
/// as CSV when the extension names a workbook, as on the command line), completed by the survey's definition when its text is given
/// (a Qualtrics .qsf or a REDCap data dictionary).
#[pyfunction]
#[pyo3(signature = (path, instrument, from_=None, qsf=None, redcap_dictionary=None, sheet=None))]
pub fn starter_mapping(
    py: Python<'_>,
    path: std::path::PathBuf,
    instrument: &Instrument,
    from_: Option<&str>,
    qsf: Option<String>,
    redcap_dictionary: Option<String>,
    sheet: Option<String>,
) -> PyResult<String> {
    let from: rapport::ingest::profile::ImportFrom = from_.unwrap_or("auto").parse().py_err()?;
    let inst = instrument.inner.clone();
    py.detach(move || -> rapport::Result<String> {
        let name = path.display().to_string();
        let io = |e: std::io::Error| rapport::Error::Io { path: name.clone(), message: e.to_string() };
        let rows = if let Some(kind) = workbook::Kind::of_path(&path) {
            let text = workbook::to_csv(std::fs::read(&path).map_err(io)?, kind, sheet.as_deref(), &name)?;
            csv::head_rows(text.as_slice(), 3)
        } else {
            csv::head_rows(std::io::BufReader::new(std::fs::File::open(&path).map_err(io)?), 3)
        }
        .map_err(|e| e.in_file(&name))?;
        let survey = match (qsf, redcap_dictionary) {
            (Some(_), Some(_)) => {
                return Err(rapport::Error::InvalidArgument {
                    name: "qsf".into(),
                    expected: "one survey definition: qsf or redcap_dictionary".into(),
                    found: "both".into(),
                });
            }
            (Some(text), None) => Some(rapport::ingest::qsf::mapping(&text, &inst)?),
            (None, Some(text)) => Some(rapport::ingest::redcap::mapping(&text, &inst)?),
            (None, None) => None,
        };
        let file = rapport::ingest::definition::starter_mapping(&rows, &inst, from, survey.as_ref());
        // A mapping of strings, maps and numbers always serializes.
        Ok(serde_json::to_string(&file).unwrap_or_default())
    })
    .py_err()
}
