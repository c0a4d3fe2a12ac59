//! The build-error overlay: the errors of the failed rebuild, each with
//! file:line:column, shown over the last good page instead of a dead
//! server. Plain HTML with inline styles, so no site stylesheet can hide
//! it or be disturbed by it.

use crate::diagnostics::{
    Caps, Diagnostics, OVERLAY_LIST, Positions, escape_name, escape_text, render_volume,
};
use crate::html::escape;

/// The element's id; the reload script replaces or removes it by this.
pub(crate) const ID: &str = "mekong-error-overlay";

/// Inline, so a site's own `code` style cannot make it unreadable.
const CODE_STYLE: &str = "color:#ffd180;background:none;padding:0;font:14px ui-monospace,monospace";

/// The overlay for a failed rebuild.
pub fn html(diagnostics: &Diagnostics) -> String {
    let list = diagnostics.clone().sorted();
    let errors: Vec<_> = list.iter().filter(|d| d.is_error()).collect();
    let mut positions = Positions::default();
    let mut locations = String::new();
    // The list is for finding the first few: past a hundred, one line says
    // how many more (the details below stop at 50 and count the rest).
    for d in errors.iter().take(OVERLAY_LIST) {
        let file = escape_name(&d.file.display().to_string()).into_owned();
        let location = match positions.line_column(d) {
            (0, _) => file,
            (line, column) => format!("{file}:{line}:{column}"),
        };
        locations.push_str(&format!(
            "<li><code style=\"{CODE_STYLE}\">{}</code> {}</li>",
            escape(&location),
            escape(&escape_text(&d.message))
        ));
    }
    if errors.len() > OVERLAY_LIST {
        locations.push_str(&format!(
            "<li>… and {} more</li>",
            errors.len() - OVERLAY_LIST
        ));
    }
    // In full as the terminal shows them by default: 50 errors and 20
    // warnings, the rest counted per kind.
    let mut details = String::new();
    render_volume(&list, false, Caps::DEFAULT, |text| {
        details.push_str(text);
        details.push('\n');
    });
    let count = match errors.len() {
        1 => "1 error".to_string(),
        n => format!("{n} errors"),
    };
    format!(
        concat!(
            r#"<div id="{id}" role="alert" style="position:fixed;inset:0;z-index:2147483647;"#,
            r#"overflow:auto;background:rgba(20,20,24,.94);color:#f3f3f3;padding:24px;"#,
            r#"font:15px/1.5 system-ui,sans-serif;text-align:left">"#,
            r#"<button type="button" onclick="this.parentNode.remove()" aria-label="close" "#,
            r#"style="float:right;font-size:20px;background:none;color:inherit;border:0;cursor:pointer">×</button>"#,
            r#"<p style="margin:0 0 8px;font-size:18px;color:#ff8a80"><strong>mekong: the build failed "#,
            r#"with {count}</strong></p>"#,
            r#"<p style="margin:0 0 12px">The page below is the last good build. Save a fix and this "#,
            r#"goes away by itself.</p><ul style="margin:0 0 12px;padding-left:20px">{locations}</ul>"#,
            r#"<pre style="white-space:pre-wrap;font:13px/1.45 ui-monospace,monospace;"#,
            r#"background:#000;padding:12px;border-radius:4px">{details}</pre></div>"#,
        ),
        id = ID,
        count = count,
        locations = locations,
        details = escape(&details),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Diagnostic;
    use std::sync::Arc;

    #[test]
    fn names_each_error_by_file_and_line() {
        let text: Arc<str> = Arc::from("---\ntitle: x\ndate: <nope>\n---\n");
        let at = text.find("<nope>").unwrap();
        let mut list = Diagnostics::default();
        list.push(
            Diagnostic::error("content/guides/x.md", "`date` is not a date")
                .at(&text, at..at + 6)
                .label("here"),
        );
        let html = html(&list);
        assert!(html.contains(">content/guides/x.md:3:7</code>"), "{html}");
        assert!(html.contains("1 error"));
        assert!(
            html.contains("&lt;nope&gt;"),
            "the snippet is escaped: {html}"
        );
        assert!(!html.contains("<nope>"));
    }

    #[test]
    fn many_errors_are_listed_up_to_a_hundred_and_escaped() {
        let text: Arc<str> = Arc::from("[x](\u{1b}]0;t\u{7})\n".repeat(300));
        let mut list = Diagnostics::default();
        for i in 0..300 {
            let at = i * 12;
            list.push(
                Diagnostic::error("a\u{1b}[2J.md", "broken \u{1b}]0;t\u{7}")
                    .at(&text, at..at + 11)
                    .label("broken link"),
            );
        }
        let html = html(&list);
        assert!(html.contains("300 errors"), "{html:.300}");
        assert_eq!(html.matches("<li>").count(), 101);
        assert!(html.contains("<li>… and 200 more</li>"));
        assert!(html.contains("note: 250 more errors are not shown"));
        assert!(html.contains("250 × broken link in 1 file"), "{html}");
        assert!(
            !html.contains('\u{1b}') && !html.contains('\u{7}'),
            "raw control"
        );
    }
}
