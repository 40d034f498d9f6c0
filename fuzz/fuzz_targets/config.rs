//! Config loading from arbitrary bytes, with a roster file and a custom
//! catalog beside it that the config may name.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policylint::config::Config;
use policylint::repo::MemoryFiles;

fuzz_target!(|bytes: &[u8]| {
    let mut files = MemoryFiles::new();
    files.insert("isms/policylint.yaml", bytes);
    files.insert("isms/owners.yaml", "owners:\n  - id: jdoe\n");
    files.insert("isms/catalog.yaml", "id: c\ncontrols:\n  - { id: C-1, title: One }\n");
    if let Err(diagnostics) = Config::load(&files, "isms/policylint.yaml") {
        assert!(!diagnostics.is_empty());
    }
});
