//! The data the document-quality rules (`content/*`) check against:
//! template placeholder patterns, the sections each document type needs,
//! and the targets of links.

pub mod links;
pub mod placeholders;
pub mod sections;
