//! Calendar dates and review intervals as written in front matter and config.

use std::fmt;

use jiff::civil::Date;

/// Parse a `YYYY-MM-DD` date. The error says what is wrong and, for a date
/// with a time, which date to write instead.
pub fn parse_date(text: &str) -> Result<Date, String> {
    let text = text.trim();
    let shape_ok = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !shape_ok {
        let date_part = text.get(..10).filter(|p| {
            p.bytes().enumerate().all(|(i, b)| match i {
                4 | 7 => b == b'-',
                _ => b.is_ascii_digit(),
            })
        });
        return Err(match date_part {
            Some(part) if text.len() > 10 => {
                format!("\"{text}\" has a time or zone; write the date only, as {part}")
            }
            _ => format!("\"{text}\" is not a date in the form YYYY-MM-DD"),
        });
    }
    let year: i16 = text[0..4].parse().map_err(|_| invalid(text))?;
    let month: i8 = text[5..7].parse().map_err(|_| invalid(text))?;
    let day: i8 = text[8..10].parse().map_err(|_| invalid(text))?;
    Date::new(year, month, day).map_err(|_| {
        if (1..=12).contains(&month) {
            format!("\"{text}\" is not a valid date: month {month} of {year} has no day {day}")
        } else {
            format!("\"{text}\" is not a valid date: there is no month {month}")
        }
    })
}

fn invalid(text: &str) -> String {
    format!("\"{text}\" is not a date in the form YYYY-MM-DD")
}

/// A review interval: a number of years, months, weeks and days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Interval {
    pub years: i16,
    pub months: i32,
    pub weeks: i32,
    pub days: i32,
}

impl Interval {
    pub fn months(months: i32) -> Self {
        Interval {
            months,
            ..Interval::default()
        }
    }

    pub fn days(days: i32) -> Self {
        Interval {
            days,
            ..Interval::default()
        }
    }

    pub fn is_zero(&self) -> bool {
        *self == Interval::default()
    }

    /// Parse `N days|weeks|months|years` (singular too) or an ISO 8601
    /// duration of whole dates such as `P1Y`, `P6M`, `P2W`, `P1Y6M`.
    pub fn parse(text: &str) -> Result<Interval, String> {
        let trimmed = text.trim();
        let interval = if trimmed.starts_with(['P', 'p']) {
            parse_iso8601(trimmed)
        } else {
            parse_words(trimmed)
        }
        .ok_or_else(|| {
            format!(
                "\"{trimmed}\" is not an interval; write a number and a unit, such as \"12 months\" or \"90 days\", or an ISO 8601 duration such as \"P1Y\""
            )
        })?;
        if interval.is_zero() {
            return Err(format!(
                "\"{trimmed}\" is zero; write an interval of at least one day, such as \"12 months\""
            ));
        }
        Ok(interval)
    }

    /// The date this interval after `date`. Month and year steps clamp to the
    /// end of the month, so 2026-01-31 plus one month is 2026-02-28.
    pub fn after(&self, date: Date) -> Option<Date> {
        let span = jiff::Span::new()
            .try_years(self.years)
            .ok()?
            .try_months(self.months)
            .ok()?
            .try_weeks(self.weeks)
            .ok()?
            .try_days(self.days)
            .ok()?;
        date.checked_add(span).ok()
    }

    /// The date this interval before `date`, clamped like [`Interval::after`].
    pub fn before(&self, date: Date) -> Option<Date> {
        let span = jiff::Span::new()
            .try_years(-self.years)
            .ok()?
            .try_months(-self.months)
            .ok()?
            .try_weeks(-self.weeks)
            .ok()?
            .try_days(-self.days)
            .ok()?;
        date.checked_add(span).ok()
    }
}

fn parse_words(text: &str) -> Option<Interval> {
    let mut parts = text.split_whitespace();
    let number: i32 = parts.next()?.parse().ok()?;
    let unit = parts.next()?.to_ascii_lowercase();
    if parts.next().is_some() || !(0..=10_000).contains(&number) {
        return None;
    }
    let mut interval = Interval::default();
    match unit.trim_end_matches('s') {
        "day" => interval.days = number,
        "week" => interval.weeks = number,
        "month" => interval.months = number,
        "year" => interval.years = i16::try_from(number).ok()?,
        _ => return None,
    }
    Some(interval)
}

fn parse_iso8601(text: &str) -> Option<Interval> {
    let rest = &text[1..];
    if rest.is_empty() {
        return None;
    }
    let mut interval = Interval::default();
    let mut number = String::new();
    for c in rest.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let value: i32 = number.parse().ok()?;
        if value > 10_000 {
            return None;
        }
        number.clear();
        match c.to_ascii_uppercase() {
            'Y' => interval.years = i16::try_from(value).ok()?,
            'M' => interval.months = value,
            'W' => interval.weeks = value,
            'D' => interval.days = value,
            _ => return None,
        }
    }
    number.is_empty().then_some(interval)
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        for (value, unit) in [
            (i32::from(self.years), "year"),
            (self.months, "month"),
            (self.weeks, "week"),
            (self.days, "day"),
        ] {
            if value != 0 {
                let plural = if value == 1 { "" } else { "s" };
                parts.push(format!("{value} {unit}{plural}"));
            }
        }
        f.write_str(&parts.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn date_valid() {
        assert_eq!(parse_date("2026-03-02"), Ok(date(2026, 3, 2)));
    }

    #[test]
    fn date_impossible_day() {
        let error = parse_date("2026-02-30").unwrap_err();
        assert!(error.contains("no day 30"), "{error}");
    }

    #[test]
    fn date_with_time_names_date() {
        let error = parse_date("2026-03-02T10:00:00+02:00").unwrap_err();
        assert!(error.contains("as 2026-03-02"), "{error}");
    }

    #[test]
    fn date_wrong_shape() {
        assert!(parse_date("2 March 2026").is_err());
        assert!(parse_date("2026-3-2").is_err());
    }

    #[test]
    fn interval_words_and_iso() {
        assert_eq!(Interval::parse("12 months"), Ok(Interval::months(12)));
        assert_eq!(Interval::parse("1 month"), Ok(Interval::months(1)));
        assert_eq!(Interval::parse("90 days"), Ok(Interval::days(90)));
        assert_eq!(Interval::parse("P6M"), Ok(Interval::months(6)));
        let both = Interval::parse("P1Y6M").unwrap();
        assert_eq!((both.years, both.months), (1, 6));
        assert!(Interval::parse("soon").is_err());
        assert!(Interval::parse("P").is_err());
    }

    #[test]
    fn zero_interval_is_named() {
        for zero in ["0 days", "0 months", "P0D", "P0Y0M"] {
            let error = Interval::parse(zero).unwrap_err();
            assert!(error.contains("is zero"), "{zero}: {error}");
        }
    }

    #[test]
    fn month_addition_clamps() {
        assert_eq!(
            Interval::months(1).after(date(2026, 1, 31)),
            Some(date(2026, 2, 28))
        );
        assert_eq!(
            Interval::parse("1 year").unwrap().after(date(2024, 2, 29)),
            Some(date(2025, 2, 28))
        );
    }

    #[test]
    fn interval_display() {
        assert_eq!(Interval::months(12).to_string(), "12 months");
        assert_eq!(Interval::days(1).to_string(), "1 day");
    }
}
