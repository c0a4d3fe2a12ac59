//! GitHub alerts (`> [!NOTE]`, TIP, IMPORTANT, WARNING, CAUTION) as
//! accessible asides with a title in the page's language, the same HTML as
//! the `:::` containers of those kinds.

use pulldown_cmark::{BlockQuoteKind, CowStr, Event, Tag, TagEnd};

use super::labels::Labels;
use crate::html::escape;

/// Turns an alert's opening or closing blockquote into its aside; any other
/// event stays as it is.
#[inline(never)]
pub(super) fn convert(event: &mut Event, labels: &Labels) {
    let html = match event {
        Event::Start(Tag::BlockQuote(Some(kind))) => {
            let kind = name(*kind);
            let title = escape(labels.aside(kind).unwrap_or(kind));
            format!(
                "<aside class=\"alert alert-{kind}\" role=\"note\">\n<p class=\"alert-title\">{title}</p>\n"
            )
        }
        Event::End(TagEnd::BlockQuote(Some(_))) => "</aside>\n".to_string(),
        _ => return,
    };
    *event = Event::Html(CowStr::from(html));
}

fn name(kind: BlockQuoteKind) -> &'static str {
    match kind {
        BlockQuoteKind::Note => "note",
        BlockQuoteKind::Tip => "tip",
        BlockQuoteKind::Important => "important",
        BlockQuoteKind::Warning => "warning",
        BlockQuoteKind::Caution => "caution",
    }
}
