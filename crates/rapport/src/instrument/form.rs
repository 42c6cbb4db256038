//! The survey form: an instrument's questions as one side sees them, worded
//! for that side, ready for a form to display (`<rapport-survey>` in the
//! browser).

use super::{Instrument, Scale, Side};
use serde::Serialize;

/// The questions of an instrument as one side sees them (see `surveyForm`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SurveyForm {
    /// The instrument asked.
    pub instrument: FormInstrument,
    /// The side answering.
    pub side: Side,
    /// What this side calls the other ("the business", "IT").
    pub counterpart: String,
    /// The dimensions, each with its questions, in the instrument's order.
    pub dimensions: Vec<FormDimension>,
    /// The outcome questions (overall rating, choices).
    pub outcomes: Vec<FormQuestion>,
    /// The minimum reporting size the answers are published with (the
    /// analysis's `min_group_size`): a group of fewer respondents is hidden
    /// in every report, so a survey can tell its respondents so.
    pub min_group_size: u32,
}

/// The instrument's identity, as the form shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormInstrument {
    /// Instrument id.
    pub id: String,
    /// Instrument version.
    pub version: String,
    /// Display name.
    pub name: String,
}

/// One dimension of the form.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormDimension {
    /// Dimension id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// What it covers, worded for the side answering.
    pub description: String,
    /// Its questions.
    pub questions: Vec<FormQuestion>,
}

/// One question of the form.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormQuestion {
    /// Item id (the answer's key).
    pub id: String,
    /// The question, worded for the side answering.
    pub text: String,
    /// `scale` (whole points from min to max) or `choice` (one of `options`).
    pub kind: &'static str,
    /// Lowest scale point (scale questions).
    pub min: Option<i32>,
    /// Highest scale point (scale questions).
    pub max: Option<i32>,
    /// One label per scale point, lowest first (empty: show the numbers).
    pub labels: Vec<String>,
    /// Whether "not applicable" is an answer.
    pub not_applicable: bool,
    /// The options (choice questions).
    pub options: Vec<FormOption>,
    /// The form asks for an answer (a point, an option, or "not applicable"
    /// where the scale allows it) to every question.
    pub required: bool,
}

/// One option of a choice question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormOption {
    /// Option id (the answer's value).
    pub id: String,
    /// Display label.
    pub label: String,
}

fn scale_question(id: &str, text: String, scale: &Scale) -> FormQuestion {
    FormQuestion {
        id: id.to_owned(),
        text,
        kind: "scale",
        min: Some(scale.min),
        max: Some(scale.max),
        labels: scale.labels.clone(),
        not_applicable: scale.not_applicable,
        options: Vec::new(),
        required: true,
    }
}

impl SurveyForm {
    /// The form `side` answers; the answers are published with the
    /// minimum reporting size `min_group_size` (checked by
    /// [`crate::options::check_min_group_size`] where it comes from a user).
    ///
    /// ```
    /// use rapport::{Instrument, ScoreOptions, Side, instrument::form::SurveyForm};
    /// let min = ScoreOptions::default().min_group_size;
    /// let form = SurveyForm::new(&Instrument::default(), Side::Business, min);
    /// assert_eq!(form.dimensions.len(), 4);
    /// assert!(form.dimensions[0].questions.iter().all(|q| q.required));
    /// assert_eq!(form.min_group_size, 5);
    /// ```
    pub fn new(inst: &Instrument, side: Side, min_group_size: u32) -> Self {
        let dimensions = inst
            .dimensions()
            .iter()
            .enumerate()
            .map(|(d, dim)| FormDimension {
                id: dim.id.clone(),
                name: dim.name.clone(),
                description: inst.fill(&dim.description, side),
                questions: inst
                    .dimension_items(d)
                    .iter()
                    .map(|&i| {
                        let item = &inst.items()[i];
                        scale_question(&item.id, inst.item_text(item, side), inst.item_scale(i))
                    })
                    .collect(),
            })
            .collect();
        let outcomes = inst
            .outcomes()
            .iter()
            .enumerate()
            .map(|(o, out)| {
                let text = inst.fill(&out.text, side);
                match inst.outcome_scale(o) {
                    Some(scale) => scale_question(&out.id, text, scale),
                    None => FormQuestion {
                        id: out.id.clone(),
                        text,
                        kind: "choice",
                        min: None,
                        max: None,
                        labels: Vec::new(),
                        not_applicable: false,
                        options: out
                            .options
                            .iter()
                            .map(|o| FormOption { id: o.id.clone(), label: o.label.clone() })
                            .collect(),
                        required: true,
                    },
                }
            })
            .collect();
        SurveyForm {
            instrument: FormInstrument {
                id: inst.id().to_owned(),
                version: inst.version().to_owned(),
                name: inst.name().to_owned(),
            },
            side,
            counterpart: inst.counterpart(side).to_owned(),
            dimensions,
            outcomes,
            min_group_size,
        }
    }
}
