//! Random organisations for the property test, from a seed (SplitMix64, so
//! a failing case replays from its seed alone on any machine).
//!
//! An organisation has IT and business departments of skewed sizes (many
//! of a few people, a few large ones), people with a role and a location
//! that depend on their department (so many crosses of fields never occur),
//! and answers a few items of the default instrument in 1–3 waves, each
//! person taking part in a wave with some probability and leaving some
//! answers blank or "N/A". The data comes as one CSV file, or one per side,
//! or one per wave, as exports often do.

use crate::produce::InputFile;

/// SplitMix64.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next_u64() % (hi - lo + 1)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    /// An index drawn with the given weights.
    pub fn weighted(&mut self, weights: &[u64]) -> usize {
        let total: u64 = weights.iter().sum();
        let mut x = self.next_u64() % total;
        for (i, &w) in weights.iter().enumerate() {
            if x < w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }

    /// `k` distinct elements of `items`, in their order.
    pub fn subset<'a, T>(&mut self, items: &'a [T], k: usize) -> Vec<&'a T> {
        let mut idx: Vec<usize> = (0..items.len()).collect();
        for i in (1..idx.len()).rev() {
            let j = self.next_u64() as usize % (i + 1);
            idx.swap(i, j);
        }
        let mut chosen: Vec<usize> = idx.into_iter().take(k).collect();
        chosen.sort_unstable();
        chosen.into_iter().map(|i| &items[i]).collect()
    }
}

/// One generated organisation and its survey data.
pub struct Org {
    pub seed: u64,
    pub min_group_size: u32,
    /// Segment columns (after `side`).
    pub segments: Vec<String>,
    pub files: Vec<InputFile>,
    /// Rows over all files.
    pub rows: usize,
    /// The item and outcome columns answered.
    pub answers: Vec<String>,
}

impl Org {
    /// The data's fields: `side` and every segment column.
    pub fn fields(&self) -> Vec<String> {
        std::iter::once("side".to_owned()).chain(self.segments.iter().cloned()).collect()
    }
}

const IT_DEPARTMENTS: &[&str] = &["Infrastructure", "Applications", "Service Desk", "Security", "Data"];
const BUSINESS_DEPARTMENTS: &[&str] = &["Sales", "Finance", "HR", "Legal", "Operations", "Marketing"];
const ROLES: &[&str] = &["staff", "manager", "director", "contractor"];
const ROLE_WEIGHTS: &[u64] = &[10, 4, 1, 2];
const LOCATIONS: &[&str] = &["HQ", "North", "South", "Remote"];
const WAVES: &[&str] = &["2025-01", "2025-04", "2025-07"];
const ITEMS: &[&str] =
    &["trust_1", "trust_2", "trust_3", "trust_4", "communication_1", "communication_2", "alignment_1"];

struct Person {
    side: &'static str,
    department: &'static str,
    role: &'static str,
    location: &'static str,
    /// Leaning of the answers: 0 negative … 4 positive.
    mood: u64,
}

/// A department size: mostly tiny, sometimes medium, rarely large.
fn department_size(rng: &mut Rng) -> u64 {
    match rng.weighted(&[5, 3, 2]) {
        0 => rng.range(1, 4),
        1 => rng.range(5, 12),
        _ => rng.range(13, 35),
    }
}

fn answer(rng: &mut Rng, mood: u64, points: u64, na: bool) -> String {
    if rng.chance(0.08) {
        return String::new();
    }
    if na && rng.chance(0.05) {
        return "N/A".into();
    }
    let centre = mood * (points - 1) / 4;
    let spread = rng.range(0, 2) as i64 - 1 + rng.range(0, 2) as i64 - 1;
    let v = (centre as i64 + spread).clamp(0, points as i64 - 1);
    // Agreement items run 1–5; the overall rating 0–10.
    if na { (v + 1).to_string() } else { v.to_string() }
}

/// The organisation of `seed`.
pub fn generate(seed: u64) -> Org {
    let mut rng = Rng::new(seed);
    let min_group_size = rng.range(3, 7) as u32;
    // Department always; role and location sometimes.
    let mut segments = vec!["department".to_owned()];
    if rng.chance(0.6) {
        segments.push("role".to_owned());
    }
    if rng.chance(0.4) {
        segments.push("location".to_owned());
    }
    // Departments per side, and whether both sides use one set of names
    // (then side × department is a full cross more often).
    let shared = rng.chance(0.2);
    let mut people = Vec::new();
    for side in ["it", "business"] {
        let names = if shared || side == "business" { BUSINESS_DEPARTMENTS } else { IT_DEPARTMENTS };
        let count = rng.range(1, if side == "it" { 3 } else { 5 }) as usize;
        for department in rng.subset(names, count) {
            let size = department_size(&mut rng);
            let role_count = rng.range(1, 3) as usize;
            let roles = rng.subset(ROLES, role_count);
            let location_count = rng.range(1, 2) as usize;
            let locations = rng.subset(LOCATIONS, location_count);
            let weights: Vec<u64> =
                roles.iter().map(|r| ROLE_WEIGHTS[ROLES.iter().position(|x| x == *r).expect("a role")]).collect();
            let mood = rng.range(0, 4);
            for _ in 0..size {
                people.push(Person {
                    side,
                    department,
                    role: roles[rng.weighted(&weights)],
                    location: locations[rng.weighted(&vec![3; locations.len()][..])],
                    mood: (mood + rng.range(0, 2)).saturating_sub(1).min(4),
                });
            }
        }
    }
    let waves = &WAVES[..rng.range(1, 3) as usize];
    let item_count = rng.range(2, 4) as usize;
    let items: Vec<&str> = rng.subset(ITEMS, item_count).into_iter().copied().collect();
    let overall = rng.chance(0.5);
    let turnout = 0.4 + 0.6 * (rng.range(0, 100) as f64 / 100.0);
    let layout = rng.weighted(&[6, 3, 2]);

    let mut header: Vec<String> = vec!["respondent".into(), "side".into(), "wave".into()];
    header.extend(segments.iter().cloned());
    header.extend(items.iter().map(|s| (*s).to_owned()));
    if overall {
        header.push("overall_rating".into());
    }
    let header = header.join(",");
    let mut files: Vec<InputFile> = Vec::new();
    let file_for = |name: String, files: &mut Vec<InputFile>| -> usize {
        if let Some(i) = files.iter().position(|f| f.name == name) {
            return i;
        }
        files.push(InputFile { name, csv: format!("{header}\n") });
        files.len() - 1
    };
    let mut rows = 0;
    for wave in waves {
        for (p, person) in people.iter().enumerate() {
            if !rng.chance(turnout) {
                continue;
            }
            let mut row = vec![format!("p{p}"), person.side.to_owned(), (*wave).to_owned()];
            for s in &segments {
                row.push(
                    match s.as_str() {
                        "department" => person.department,
                        "role" => person.role,
                        _ => person.location,
                    }
                    .to_owned(),
                );
            }
            for _ in &items {
                row.push(answer(&mut rng, person.mood, 5, true));
            }
            if overall {
                row.push(answer(&mut rng, person.mood, 11, false));
            }
            let name = match layout {
                0 => "responses.csv".to_owned(),
                1 => format!("{}.csv", person.side),
                _ => format!("{wave}.csv"),
            };
            let f = file_for(name, &mut files);
            files[f].csv.push_str(&row.join(","));
            files[f].csv.push('\n');
            rows += 1;
        }
    }
    if files.is_empty() {
        files.push(InputFile { name: "responses.csv".into(), csv: format!("{header}\n") });
    }
    let mut answers: Vec<String> = items.iter().map(|s| (*s).to_owned()).collect();
    if overall {
        answers.push("overall_rating".into());
    }
    Org { seed, min_group_size, segments, files, rows, answers }
}
