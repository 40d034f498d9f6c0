//! Baselines: `--write-baseline FILE` records the current findings and
//! `--baseline FILE` hides them in later runs, so a team can adopt the linter
//! on an existing repository and see only new problems.
//!
//! Findings are matched by [`fingerprint`], which contains no line numbers, so
//! edits elsewhere in a file keep a recorded finding hidden. Matching counts
//! occurrences: two recorded findings with the same fingerprint hide at most
//! two current ones. A recorded entry that matches no current finding is
//! stale (the problem was fixed) and is counted in the summary.

use std::collections::HashMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::atomic_write;
use crate::check::Report;
use crate::diagnostic::Diagnostic;
use crate::fingerprint;

/// The version of the baseline file format.
const VERSION: u32 = 1;

/// The largest baseline file read, in bytes.
const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// The baseline file: a JSON document.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    pub version: u32,
    pub findings: Vec<Entry>,
}

/// One recorded finding. Only `fingerprint` is used for matching; the other
/// fields let a reviewer see what the entry stands for.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub fingerprint: String,
    pub rule: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub document: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub control: Option<String>,
    pub message: String,
}

/// The effect of a baseline on a report, for the summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BaselineOutcome {
    /// Current findings hidden because the baseline records them.
    pub hidden: usize,
    /// Baseline entries that match no current finding.
    pub stale: usize,
}

impl Baseline {
    /// Records the findings of a report.
    pub fn from_diagnostics(diagnostics: &[Diagnostic]) -> Baseline {
        let findings = diagnostics
            .iter()
            .map(|d| Entry {
                fingerprint: fingerprint::of(d),
                rule: d.rule.id.to_owned(),
                path: d.path().map(str::to_owned),
                document: d.document.clone(),
                control: d.control.clone(),
                message: d.message.clone(),
            })
            .collect();
        Baseline {
            version: VERSION,
            findings,
        }
    }

    /// Reads a baseline file.
    pub fn load(path: &Path) -> Result<Baseline, String> {
        let shown = path.display();
        let size = std::fs::metadata(path)
            .map_err(|e| format!("cannot read baseline file `{shown}`: {e}"))?
            .len();
        if size > MAX_BYTES {
            return Err(format!(
                "baseline file `{shown}` is {size} bytes, more than the limit of {MAX_BYTES} bytes"
            ));
        }
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read baseline file `{shown}`: {e}"))?;
        let baseline: Baseline = serde_json::from_str(&text).map_err(|e| {
            format!("invalid baseline file `{shown}`: {e}; write a new one with `--write-baseline`")
        })?;
        if baseline.version != VERSION {
            return Err(format!(
                "baseline file `{shown}` has version {}, but this policylint reads version {VERSION}; write a new one with `--write-baseline`",
                baseline.version
            ));
        }
        Ok(baseline)
    }

    /// Writes the baseline atomically, replacing the file at `path`.
    pub fn write(&self, path: &Path) -> Result<(), String> {
        let shown = path.display();
        let mut text = serde_json::to_string_pretty(self)
            .map_err(|e| format!("cannot write baseline file `{shown}`: {e}"))?;
        text.push('\n');
        atomic_write::replace(path, text.as_bytes()).map_err(|e| {
            let reason = atomic_write::describe_error(path, &e);
            format!("cannot write baseline file `{shown}`: {reason}")
        })
    }

    /// Removes the findings the baseline records from the report and
    /// stores what was hidden and what is stale in `report.baseline`.
    pub fn apply(&self, report: &mut Report) {
        let mut remaining: HashMap<&str, usize> = HashMap::new();
        for entry in &self.findings {
            *remaining.entry(entry.fingerprint.as_str()).or_default() += 1;
        }
        let before = report.diagnostics.len();
        report.diagnostics.retain(|d| {
            let fingerprint = fingerprint::of(d);
            match remaining.get_mut(fingerprint.as_str()) {
                Some(count) if *count > 0 => {
                    *count -= 1;
                    false
                }
                _ => true,
            }
        });
        report.baseline = Some(BaselineOutcome {
            hidden: before - report.diagnostics.len(),
            stale: remaining.values().sum(),
        });
    }
}
