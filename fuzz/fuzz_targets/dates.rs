//! Dates and review intervals as written in front matter and config, and the
//! date arithmetic on them. The first line is read as a date, the rest as an
//! interval.
#![no_main]

use libfuzzer_sys::fuzz_target;
use policylint::dates::{Interval, parse_date};

fuzz_target!(|text: &str| {
    let (date_text, interval_text) = text.split_once('\n').unwrap_or((text, text));
    let date = parse_date(date_text);
    let interval = Interval::parse(interval_text);
    if let Ok(interval) = &interval {
        let _ = interval.to_string();
    }
    if let (Ok(date), Ok(interval)) = (date, interval) {
        if let Some(later) = interval.after(date) {
            assert!(later >= date);
        }
        if let Some(earlier) = interval.before(date) {
            assert!(earlier <= date);
        }
    }
});
