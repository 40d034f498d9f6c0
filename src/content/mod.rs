//! What the document-quality rules (`content/*`) check against: template
//! placeholder patterns, the sections each document type needs, and where
//! links lead.

pub mod links;
pub mod placeholders;
pub mod sections;
