//! A Markdown image without alt text (`![](shot.png)`) is a warning at its
//! line: a screen reader says nothing of it, and a reader on a slow link
//! sees nothing while it loads. (`figure` refuses a call without `alt=`,
//! and takes `alt=""` as a decorative image.)

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::markdown::{Image, Labels};
use crate::model::{Site, SourceFile, Text};

pub(super) fn check(site: &Site, findings: &mut Diagnostics) {
    let pages = site.pages.iter().map(|p| (&p.file, &p.text));
    let sections = site
        .sections
        .iter()
        .filter_map(|s| s.source.as_ref())
        .map(|s| (&s.file, &s.text));
    for (file, text) in pages.chain(sections) {
        one(file, text, findings);
    }
}

fn one(file: &SourceFile, text: &Text, findings: &mut Diagnostics) {
    let mut spans = Vec::new();
    let mut note = |image: &Image| {
        if image.alt.trim().is_empty() {
            spans.push(image.span.clone());
        }
        None
    };
    crate::markdown::render_with_images(
        text.body(),
        &Labels::default(),
        &mut |_| None,
        Some(&mut note),
    );
    let start = text.body.start;
    for span in spans {
        findings.push(
            Diagnostic::warning(&file.shown, "image without alt text")
                .at(&text.source, start + span.start..start + span.end)
                .label("no alt text")
                .code("image without alt text")
                .help("write what the image shows between the brackets, as in ![The top-up menu, step 2](shot.png): screen readers read it, and it shows while the image loads"),
        );
    }
}
