//! Statement of Applicability parsing against the built-in catalog.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use policylint::catalog::Catalog;
use policylint::soa::Soa;
use policylint::source::SourceFile;

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::builtin("iso27001-2022").expect("built-in catalog"))
}

fuzz_target!(|text: &str| {
    let soa = Soa::parse(SourceFile::new("soa.yaml", text), catalog());
    for entry in &soa.entries {
        let _ = soa.is_applicable(entry.control.as_deref().unwrap_or(""));
    }
});
