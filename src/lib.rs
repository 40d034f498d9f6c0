//! policylint: a linter for Git repositories of ISO/IEC 27001 policies.
//!
//! The library builds a [`model::Model`] of one repository state (config,
//! catalog, Statement of Applicability, roster, documents), runs every rule
//! in [`rules`] on it, and returns findings as [`diagnostic::Diagnostic`]
//! values that the renderers in [`output`] turn into text. The binary in
//! `src/main.rs` only parses arguments and maps the outcome to an exit code.

pub mod app;
pub mod atomic_write;
pub mod baseline;
pub mod catalog;
pub mod check;
pub mod cli;
pub mod codeowners;
pub mod config;
pub mod content;
pub mod coverage;
pub mod dates;
pub mod diagnostic;
pub mod diff_base;
pub mod document;
pub mod fingerprint;
pub mod frameworks;
pub mod history;
pub mod init;
pub mod inventory;
pub mod model;
pub mod output;
pub mod repo;
pub mod report_html;
pub mod review;
pub mod roster;
pub mod rules;
pub mod schema;
pub mod selection;
pub mod soa;
pub mod soa_export;
pub mod source;
pub mod suggest;
pub mod suppress;
pub mod views;
pub mod yaml;
