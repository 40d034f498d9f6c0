//! `content/*`: the quality of each document's text: template placeholders
//! left in, required sections missing or empty, links that lead nowhere.

pub mod links;
pub mod placeholder;
pub mod sections;

use super::Sink;
use crate::model::Model;

pub fn check(model: &Model, sink: &mut Sink) {
    placeholder::check(model, sink);
    sections::check(model, sink);
    links::check(model, sink);
}
