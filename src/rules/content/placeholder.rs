//! `content/placeholder`: template text that was never filled in.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Model;
use crate::rules::{Rule, Sink};

pub static PLACEHOLDER: Rule = Rule {
    id: "content/placeholder",
    severity: Severity::Error,
    summary: "a template placeholder is still in the document",
    explanation: "\
Most ISMS documents start from a template, and an auditor rejects a policy
that still says `[Company Name]`. The rule reports template text left in a
document.

It looks in the body and in the front matter for:

- bracketed fill-ins: `[Company Name]`, `[COMPANY]` (`bracketed`)
- angle-bracket fill-ins: `<insert date>`, `<Owner Name>` (`angle`)
- template variables: `{{company}}`, `{{ .CompanyName }}`, `${ORG}`,
  `{Client Name}` (`braced`)
- the markers `TBD`, `TBC`, `TODO`, `FIXME` and `XXX` (`marker`)
- `lorem ipsum` filler text (`lorem-ipsum`)

Text in code blocks, inline code and HTML comments is not checked, nor are
link destinations and reference definitions, task list items (`- [ ] ...`,
a to-do list on purpose), citations such as `[1]`, check boxes such as `[x]`,
real HTML tags, and YAML lists in front matter.

The config's `placeholders:` chooses the built-in patterns (`builtin: false`
or a list of the names above), adds patterns of its own (`patterns`, Rust
regex syntax) and lists texts that are meant to stay (`allow`).

Example:

    ## Scope
    This policy applies to all staff of [Company Name].   # placeholder

Fix: write the real name, or add the exact text to `placeholders.allow`.
",
};

pub fn check(model: &Model, sink: &mut Sink) {
    let placeholders = &model.config.placeholders;
    for doc in &model.documents {
        let text = &doc.source.text;
        let mut found = Vec::new();
        if let Some(block) = &doc.front_matter {
            found.extend(placeholders.find_in_front_matter(text, block.yaml));
        }
        found.extend(placeholders.find_in_body(text, &doc.body));
        for placeholder in found {
            // "Lorem\nipsum" is one placeholder; a message stays on one line.
            let one_line = placeholder
                .text
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            sink.push(
                Diagnostic::new(
                    &PLACEHOLDER,
                    format!("template placeholder \"{one_line}\" is still in the document"),
                )
                .at(&doc.source, placeholder.span)
                .label("placeholder")
                .help("replace it with the real text; if the text is meant to stay, list it in `placeholders.allow` in the config")
                .document(doc.id())
                .key(one_line),
            );
        }
    }
}
