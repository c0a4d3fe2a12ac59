//! What a batch of changes asks of the kept site: a pure function from the
//! changes (with what the disk holds at each now) and what the kept site
//! knows, to a plan. `incremental` looks at the disk and carries the plan
//! out; nothing here reads a file, so every rule has a table test below.
//!
//! - A page whose front matter is byte for byte as before (and holds its
//!   title): re-render its body (and what shows it).
//! - A draft that stays a draft: nothing; it shows nowhere. A page made
//!   a draft, or a draft published: the model resolved again (one page
//!   leaves or joins it).
//! - An edited content asset: write that one file.
//! - An edited shortcode template that no section calls: re-render the
//!   bodies of the pages that call it (and what shows them).
//! - A folder the site knows whose time stamps changed: nothing.
//! - A path that came and went between two looks: nothing.
//! - A saved profile or home page (`content/_index.md`), alone in its
//!   batch: its facts (`incremental` reads it, and takes the next way
//!   when more than its facts changed).
//! - A page whose front matter changed (or that takes its title from its
//!   body), a saved section file or profile: the model resolved again
//!   (`incremental` renders the whole site when that moved a page, a
//!   section, a term or a URL).
//! - Anything else (another area, front matter, new, deleted or renamed
//!   files), or no kept site: the whole site.
//!
//! Search changes none of this: the index catches up after the rebuild,
//! on a thread of its own (`reindex`).

use super::classify::{Area, Change};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// What a batch of changes asks for. `P` is a page's text as saved now.
#[derive(Debug, PartialEq)]
pub enum Plan<P> {
    /// Load and render the whole site again.
    Full,
    Edits {
        /// (page index, its text as saved now): bodies to render again.
        pages: Vec<(usize, P)>,
        /// Output paths of edited content assets, to write again.
        assets: Vec<String>,
        /// Edited shortcode templates, by name: the pages calling them
        /// are rendered again.
        shortcodes: Vec<String>,
    },
    /// Saved files that hold facts (profiles, the home page's
    /// `_index.md`), by path under content/.
    Facts(Vec<String>),
    /// Saved pages, section files and profiles, by path under content/:
    /// the model is resolved again from them.
    Model(Vec<String>),
}

/// What is at a changed path now.
#[derive(Debug)]
pub struct Seen<P> {
    pub kind: Kind,
    /// For a path that held a page or a draft: its text as read now, or
    /// why it cannot be read. `None` for other paths.
    pub text: Option<Result<P, Vec<Diagnostic>>>,
}

/// What kind of thing is at a changed path now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Nothing there.
    Gone,
    Dir,
    File,
    /// Something else (a socket, a fifo): there, but no file.
    Other,
}

/// A page's text as saved now, as far as planning cares.
pub trait Saved {
    /// The front matter, fences included: everything before the body.
    fn front_matter(&self) -> &str;
    fn draft(&self) -> bool;
    /// Whether the page's title comes from its body (no `title:`): then an
    /// edit of the body may retitle it, and every list showing it.
    fn title_from_body(&self) -> bool {
        false
    }
}

/// What the kept site knows about the paths under content/.
pub trait Known {
    /// The page made from `rel`: its index and front matter.
    fn page(&self, rel: &str) -> Option<(usize, &str)>;
    /// Whether `rel` is a draft (read, and left out of the site).
    fn draft(&self, rel: &str) -> bool;
    /// The output path of the content asset `rel`.
    fn asset(&self, rel: &str) -> Option<&str>;
    /// Whether `rel` is a folder holding (or above) something the site has.
    fn dir(&self, rel: &str) -> bool;
    /// Whether `rel` was a section or profile file.
    fn other_source(&self, rel: &str) -> bool;
    /// Whether `name` is a shortcode the site has that only pages call.
    fn shortcode(&self, name: &str) -> bool;
    /// Whether `rel` is a file that holds facts: a profile, or the home
    /// page's `_index.md` in a language.
    fn facts_file(&self, rel: &str) -> bool {
        let _ = rel;
        false
    }
}

/// The shortcode a template change is about: `shortcodes/NAME.html` in
/// the site's templates/, `THEME/templates/shortcodes/NAME.html` in a theme.
pub fn shortcode_name(rel: &str) -> Option<&str> {
    let in_templates = match rel.split_once("/templates/") {
        Some((theme, rest)) if !theme.contains('/') => rest,
        _ => rel,
    };
    let name = in_templates
        .strip_prefix("shortcodes/")?
        .strip_suffix(".html")?;
    (!name.is_empty() && !name.contains('/')).then_some(name)
}

/// The plan for `changes`, each with what is there now (`seen`, in the
/// same order); `kept` is `None` when there is no site to build on (none
/// yet, or not trusted). Errors (a page that cannot be read) count only
/// when nothing asks for the whole site, which reads every file anyway.
pub fn plan<'a, P: Saved>(
    kept: Option<&dyn Known>,
    changes: impl IntoIterator<Item = (&'a Change, Seen<P>)>,
) -> Result<Plan<P>, Diagnostics> {
    let Some(kept) = kept else {
        return Ok(Plan::Full);
    };
    let mut pages = Vec::new();
    let mut assets = Vec::new();
    let mut shortcodes = Vec::new();
    let mut facts = Vec::new();
    let mut model = Vec::new();
    let mut page_rels = Vec::new();
    let mut errors = Diagnostics::default();
    for (change, seen) in changes {
        if change.area == Area::Template {
            // An edit of a shortcode the site has; a new or deleted one
            // changes what is a call, so every page is read again.
            match shortcode_name(&change.rel) {
                Some(name) if seen.kind == Kind::File && kept.shortcode(name) => {
                    shortcodes.push(name.to_string());
                    continue;
                }
                _ => return Ok(Plan::Full),
            }
        }
        if change.area != Area::Content {
            return Ok(Plan::Full);
        }
        match step(kept, &change.rel, seen) {
            Step::Full => return Ok(Plan::Full),
            Step::Page(index, text) => {
                pages.push((index, text));
                page_rels.push(change.rel.clone());
            }
            Step::Asset(output) => assets.push(output),
            Step::Facts(rel) => facts.push(rel),
            Step::Model(rel) => model.push(rel),
            Step::Errors(list) => errors.extend(list),
            Step::Nothing => {}
        }
    }
    if errors.has_errors() {
        return Err(errors);
    }
    if !facts.is_empty() || !model.is_empty() {
        if !assets.is_empty() || !shortcodes.is_empty() {
            return Ok(Plan::Full);
        }
        if model.is_empty() && pages.is_empty() {
            return Ok(Plan::Facts(facts));
        }
        // Body edits come along: the model path reads them again.
        model.extend(facts);
        model.extend(page_rels);
        return Ok(Plan::Model(model));
    }
    Ok(Plan::Edits {
        pages,
        assets,
        shortcodes,
    })
}

/// What one change asks for.
enum Step<P> {
    Full,
    Page(usize, P),
    Asset(String),
    Facts(String),
    Model(String),
    Errors(Vec<Diagnostic>),
    Nothing,
}

fn step<P: Saved>(kept: &dyn Known, rel: &str, seen: Seen<P>) -> Step<P> {
    let Seen { kind, text } = seen;
    if let Some((index, front_matter)) = kept.page(rel) {
        if kind != Kind::File {
            return Step::Full;
        }
        return match text {
            // Front matter the same byte for byte: every field, every span,
            // and so every list the page is in, stays as it was.
            Some(Ok(text)) if text.front_matter() == front_matter && !text.title_from_body() => {
                Step::Page(index, text)
            }
            Some(Err(list)) => Step::Errors(list),
            // Its fields resolved again; made a draft, it leaves the model.
            Some(Ok(_)) => Step::Model(rel.to_string()),
            _ => Step::Full,
        };
    }
    if kept.draft(rel) {
        // A draft that stays a draft shows nowhere. Its text is read even
        // when the file went, so an unreadable one is reported.
        return match text {
            Some(Ok(text)) if text.draft() && kind == Kind::File => Step::Nothing,
            // Published: it joins the model.
            Some(Ok(_)) if kind == Kind::File => Step::Model(rel.to_string()),
            Some(Err(list)) => Step::Errors(list),
            _ => Step::Full,
        };
    }
    if let Some(output) = kept.asset(rel) {
        return match kind {
            Kind::File => Step::Asset(output.to_string()),
            _ => Step::Full,
        };
    }
    if kept.facts_file(rel) {
        return match kind {
            Kind::File => Step::Facts(rel.to_string()),
            _ => Step::Full,
        };
    }
    match kind {
        // A section file saved: its fields resolved again.
        Kind::File if kept.other_source(rel) => Step::Model(rel.to_string()),
        // A folder's own time stamps changed; its files say more.
        Kind::Dir if kept.dir(rel) => Step::Nothing,
        // New, deleted or renamed: sections, URLs and lists move.
        Kind::Dir | Kind::File | Kind::Other => Step::Full,
        Kind::Gone if kept.dir(rel) || kept.other_source(rel) => Step::Full,
        // A file that came and went between two looks.
        Kind::Gone => Step::Nothing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// A page's text in a test: its front matter and whether it is a draft.
    #[derive(Debug, PartialEq)]
    struct Text(&'static str, bool);

    impl Saved for Text {
        fn front_matter(&self) -> &str {
            self.0
        }
        fn draft(&self) -> bool {
            self.1
        }
        /// A page without front matter takes its title from its body.
        fn title_from_body(&self) -> bool {
            self.0.is_empty()
        }
    }

    /// A kept site: a.md (page 0) and b/c.md (page 1) in folder b, f.md
    /// (page 2, without front matter), a draft d.md, an asset b/pic.png, a
    /// section file b/_index.md.
    struct Site;

    const FM: &str = "---\ntitle: A\n---\n";

    impl Known for Site {
        fn page(&self, rel: &str) -> Option<(usize, &str)> {
            match rel {
                "a.md" => Some((0, FM)),
                "b/c.md" => Some((1, FM)),
                "f.md" => Some((2, "")),
                _ => None,
            }
        }
        fn draft(&self, rel: &str) -> bool {
            rel == "d.md"
        }
        fn asset(&self, rel: &str) -> Option<&str> {
            (rel == "b/pic.png").then_some("b/pic.png")
        }
        fn dir(&self, rel: &str) -> bool {
            rel == "b"
        }
        fn other_source(&self, rel: &str) -> bool {
            rel == "b/_index.md"
        }
        fn shortcode(&self, name: &str) -> bool {
            name == "figure"
        }
        fn facts_file(&self, rel: &str) -> bool {
            rel == "operators/smart.md"
        }
    }

    fn change(area: Area, rel: &str) -> Change {
        Change {
            area,
            rel: rel.into(),
            path: PathBuf::from("/site").join(rel),
        }
    }

    fn file(text: Text) -> Seen<Text> {
        Seen {
            kind: Kind::File,
            text: Some(Ok(text)),
        }
    }

    fn bare(kind: Kind) -> Seen<Text> {
        Seen { kind, text: None }
    }

    fn unreadable(kind: Kind) -> Seen<Text> {
        Seen {
            kind,
            text: Some(Err(vec![Diagnostic::error("content/x.md", "bad")])),
        }
    }

    /// Changes saved together, each with what is there now.
    type Batch = Vec<(Change, Seen<Text>)>;

    /// The plan for one batch on the test site, as text for the table.
    fn plan_of(site: Option<&Site>, batch: Batch) -> String {
        let (changes, seen): (Vec<Change>, Vec<Seen<Text>>) = batch.into_iter().unzip();
        match plan(site.map(|s| s as &dyn Known), changes.iter().zip(seen)) {
            Ok(Plan::Full) => "full".into(),
            Ok(Plan::Facts(files)) => format!("facts {files:?}"),
            Ok(Plan::Model(files)) => format!("model {files:?}"),
            Ok(Plan::Edits {
                pages,
                assets,
                shortcodes,
            }) if shortcodes.is_empty() => format!(
                "edits pages={:?} assets={assets:?}",
                pages.iter().map(|(i, _)| *i).collect::<Vec<_>>()
            ),
            Ok(Plan::Edits {
                pages, shortcodes, ..
            }) => format!(
                "edits pages={:?} shortcodes={shortcodes:?}",
                pages.iter().map(|(i, _)| *i).collect::<Vec<_>>()
            ),
            Err(_) => "errors".into(),
        }
    }

    fn content(rel: &str) -> Change {
        change(Area::Content, rel)
    }

    const SITE: Site = Site;

    #[test]
    fn plans_each_kind_of_change() {
        let same = || file(Text(FM, false));
        let table: Vec<(&str, Batch, &str)> = vec![
            (
                "body edit",
                vec![(content("a.md"), same())],
                "edits pages=[0] assets=[]",
            ),
            (
                "two body edits",
                vec![(content("a.md"), same()), (content("b/c.md"), same())],
                "edits pages=[0, 1] assets=[]",
            ),
            (
                // Its `# heading` is its title, which lists show too.
                "body edit of a page without front matter",
                vec![(content("f.md"), file(Text("", false)))],
                "model [\"f.md\"]",
            ),
            (
                "front matter edit",
                vec![(content("a.md"), file(Text("---\ntitle: B\n---\n", false)))],
                "model [\"a.md\"]",
            ),
            (
                "front matter edit with a body edit",
                vec![
                    (content("a.md"), file(Text("---\ntitle: B\n---\n", false))),
                    (content("b/c.md"), same()),
                ],
                "model [\"a.md\", \"b/c.md\"]",
            ),
            (
                "page made a draft",
                vec![(content("a.md"), file(Text("---\ntitle: B\n---\n", true)))],
                "model [\"a.md\"]",
            ),
            (
                "section file saved",
                vec![(content("b/_index.md"), bare(Kind::File))],
                "model [\"b/_index.md\"]",
            ),
            (
                "page deleted",
                vec![(content("a.md"), bare(Kind::Gone))],
                "full",
            ),
            (
                "page now a folder",
                vec![(content("a.md"), bare(Kind::Dir))],
                "full",
            ),
            (
                "page unreadable",
                vec![(content("a.md"), unreadable(Kind::File))],
                "errors",
            ),
            (
                "draft stays draft",
                vec![(content("d.md"), file(Text(FM, true)))],
                "edits pages=[] assets=[]",
            ),
            (
                "draft published",
                vec![(content("d.md"), file(Text(FM, false)))],
                "model [\"d.md\"]",
            ),
            (
                "draft unreadable",
                vec![(content("d.md"), unreadable(Kind::Gone))],
                "errors",
            ),
            (
                "draft deleted",
                vec![(
                    content("d.md"),
                    Seen {
                        kind: Kind::Gone,
                        text: Some(Ok(Text(FM, true))),
                    },
                )],
                "full",
            ),
            (
                "asset edit",
                vec![(content("b/pic.png"), bare(Kind::File))],
                "edits pages=[] assets=[\"b/pic.png\"]",
            ),
            (
                "asset deleted",
                vec![(content("b/pic.png"), bare(Kind::Gone))],
                "full",
            ),
            (
                "known folder touched",
                vec![(content("b"), bare(Kind::Dir))],
                "edits pages=[] assets=[]",
            ),
            (
                "known folder deleted",
                vec![(content("b"), bare(Kind::Gone))],
                "full",
            ),
            ("new folder", vec![(content("e"), bare(Kind::Dir))], "full"),
            (
                "new file",
                vec![(content("e.md"), bare(Kind::File))],
                "full",
            ),
            (
                "new socket",
                vec![(content("e.sock"), bare(Kind::Other))],
                "full",
            ),
            (
                "section file deleted",
                vec![(content("b/_index.md"), bare(Kind::Gone))],
                "full",
            ),
            (
                "came and went",
                vec![(content("e.md"), bare(Kind::Gone))],
                "edits pages=[] assets=[]",
            ),
            (
                "profile saved",
                vec![(content("operators/smart.md"), bare(Kind::File))],
                "facts [\"operators/smart.md\"]",
            ),
            (
                "profile saved with a body edit",
                vec![
                    (content("operators/smart.md"), bare(Kind::File)),
                    (content("a.md"), same()),
                ],
                "model [\"operators/smart.md\", \"a.md\"]",
            ),
            (
                "profile deleted",
                vec![(content("operators/smart.md"), bare(Kind::Gone))],
                "full",
            ),
            (
                "template",
                vec![(change(Area::Template, "page.html"), bare(Kind::File))],
                "full",
            ),
            (
                "shortcode template edited, with a body edit",
                vec![
                    (
                        change(Area::Template, "shortcodes/figure.html"),
                        bare(Kind::File),
                    ),
                    (content("a.md"), same()),
                ],
                "edits pages=[0] shortcodes=[\"figure\"]",
            ),
            (
                "theme's shortcode template edited",
                vec![(
                    change(Area::Template, "default/templates/shortcodes/figure.html"),
                    bare(Kind::File),
                )],
                "edits pages=[] shortcodes=[\"figure\"]",
            ),
            (
                "new shortcode template",
                vec![(
                    change(Area::Template, "shortcodes/note.html"),
                    bare(Kind::File),
                )],
                "full",
            ),
            (
                "shortcode template deleted",
                vec![(
                    change(Area::Template, "shortcodes/figure.html"),
                    bare(Kind::Gone),
                )],
                "full",
            ),
            (
                "config",
                vec![(change(Area::Config, ""), bare(Kind::File))],
                "full",
            ),
            (
                "static",
                vec![(change(Area::Static, "a.css"), bare(Kind::File))],
                "full",
            ),
            (
                "i18n",
                vec![(change(Area::I18n, "en.yaml"), bare(Kind::File))],
                "full",
            ),
            (
                "a full rebuild wins over errors",
                vec![
                    (content("a.md"), unreadable(Kind::File)),
                    (change(Area::Config, ""), bare(Kind::File)),
                ],
                "full",
            ),
            (
                "errors win over edits",
                vec![
                    (content("a.md"), same()),
                    (content("b/c.md"), unreadable(Kind::File)),
                ],
                "errors",
            ),
        ];
        for (what, batch, expected) in table {
            assert_eq!(plan_of(Some(&SITE), batch), expected, "{what}");
        }
    }

    #[test]
    fn renders_whole_without_a_kept_site() {
        let edit = || vec![(content("a.md"), file(Text(FM, false)))];
        assert_eq!(plan_of(None, edit()), "full");
        assert_eq!(plan_of(Some(&SITE), edit()), "edits pages=[0] assets=[]");
    }
}
