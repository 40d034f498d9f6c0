//! Inline SVG charts for the HTML report. They are drawn as static markup
//! (no script), with text in the SVG so that a printed copy keeps the
//! numbers, and a `<title>` per chart for screen readers.

use std::fmt::Write;

use super::escape;

/// One bar of a horizontal coverage chart.
pub struct CoverageBar<'a> {
    pub label: &'a str,
    pub covered: usize,
    /// Of `covered`, the controls covered only through a mapping.
    pub via_mapping: usize,
    pub applicable: usize,
}

const TRACK_WIDTH: usize = 300;
const ROW_HEIGHT: usize = 24;

/// Draws a horizontal bar per group: the covered share of the applicable controls,
/// with the count and the percentage after the bar.
pub fn coverage_bars(title: &str, bars: &[CoverageBar]) -> String {
    // About 7 pixels per character of the 12-pixel label font, so the
    // longest label fits without clipping.
    let longest = bars
        .iter()
        .map(|b| b.label.chars().count())
        .max()
        .unwrap_or(0);
    let label_width = (longest * 7 + 12).clamp(80, 320);
    let width = label_width + TRACK_WIDTH + 110;
    let height = ROW_HEIGHT * bars.len() + 8;
    let mut svg = format!(
        "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" xmlns=\"http://www.w3.org/2000/svg\"><title>{}</title>",
        escape(title)
    );
    for (i, bar) in bars.iter().enumerate() {
        let y = i * ROW_HEIGHT + 4;
        let ratio = if bar.applicable == 0 {
            0.0
        } else {
            bar.covered as f64 / bar.applicable as f64
        };
        let direct = bar.covered - bar.via_mapping.min(bar.covered);
        let scale = |n: usize| {
            if bar.applicable == 0 {
                0.0
            } else {
                n as f64 * TRACK_WIDTH as f64 / bar.applicable as f64
            }
        };
        let direct_width = scale(direct);
        let via_width = scale(bar.via_mapping.min(bar.covered));
        let text_y = y + 15;
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{text_y}\" text-anchor=\"end\" class=\"label\">{}</text>",
            label_width - 8,
            escape(bar.label)
        );
        let _ = write!(
            svg,
            "<rect x=\"{label_width}\" y=\"{y}\" width=\"{TRACK_WIDTH}\" height=\"18\" class=\"track\"/>"
        );
        let _ = write!(
            svg,
            "<rect x=\"{label_width}\" y=\"{y}\" width=\"{direct_width:.1}\" height=\"18\" class=\"{}\"/>",
            if ratio >= 1.0 { "full" } else { "part" }
        );
        if via_width > 0.0 {
            let _ = write!(
                svg,
                "<rect x=\"{:.1}\" y=\"{y}\" width=\"{via_width:.1}\" height=\"18\" class=\"via\"/>",
                label_width as f64 + direct_width
            );
        }
        let value = if bar.applicable == 0 {
            "none applicable".to_owned()
        } else {
            format!("{}/{} ({:.0}%)", bar.covered, bar.applicable, ratio * 100.0)
        };
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{text_y}\" class=\"value\">{value}</text>",
            label_width + TRACK_WIDTH + 8
        );
    }
    svg.push_str("</svg>");
    svg
}

/// Draws a column per month with the number of reviews due in it.
pub fn month_columns(title: &str, months: &[(String, usize)]) -> String {
    let column = 48;
    let plot_height = 120;
    let width = column * months.len() + 10;
    let height = plot_height + 44;
    let max = months.iter().map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let mut svg = format!(
        "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" xmlns=\"http://www.w3.org/2000/svg\"><title>{}</title>",
        escape(title)
    );
    let _ = write!(
        svg,
        "<line x1=\"5\" y1=\"{}\" x2=\"{}\" y2=\"{}\" class=\"axis\"/>",
        plot_height + 16,
        width - 5,
        plot_height + 16
    );
    for (i, (label, count)) in months.iter().enumerate() {
        let x = 5 + i * column;
        let bar_height = count * plot_height / max;
        let top = plot_height + 16 - bar_height;
        if *count > 0 {
            let _ = write!(
                svg,
                "<rect x=\"{}\" y=\"{top}\" width=\"{}\" height=\"{bar_height}\" class=\"due\"/>",
                x + 8,
                column - 16
            );
        }
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" class=\"value\">{count}</text>",
            x + column / 2,
            top.saturating_sub(4).max(12)
        );
        let _ = write!(
            svg,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" class=\"label\">{}</text>",
            x + column / 2,
            plot_height + 34,
            escape(label)
        );
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped() {
        let svg = coverage_bars(
            "t",
            &[CoverageBar {
                label: "<b>&",
                covered: 1,
                via_mapping: 0,
                applicable: 2,
            }],
        );
        assert!(svg.contains("&lt;b&gt;&amp;"));
        assert!(svg.contains("1/2 (50%)"));
    }

    #[test]
    fn empty_group_draws_no_bar() {
        let svg = coverage_bars(
            "t",
            &[CoverageBar {
                label: "x",
                covered: 0,
                via_mapping: 0,
                applicable: 0,
            }],
        );
        assert!(svg.contains("none applicable"));
    }
}
