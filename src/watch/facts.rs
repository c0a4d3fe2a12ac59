//! A saved profile (content/<taxonomy>/<term>.md) or home page
//! (content/_index.md): when only its `facts:` changed, which facts did.
//! The file as saved is compared with the kept text read again, field by
//! field; any other field changed (title, description, weight, body…)
//! asks for more than the facts.

use std::collections::BTreeSet;
use std::path::Path;

use super::kept::Kept;
use crate::content::facts::Fact;
use crate::content::front_matter;
use crate::content::raw::{FileKind, Loaded, RawItem, RawProfile, RawSection};
use crate::diagnostics::Diagnostics;
use crate::model::SourceFile;

/// What a facts-only edit changed.
#[derive(Debug, Default)]
pub(super) struct FactEdit {
    /// (taxonomy, term) of the profile; `None` for the site's own facts.
    pub owner: Option<(String, String)>,
    /// The keys whose fact was added, removed or changed.
    pub keys: BTreeSet<String>,
}

/// Where a facts file is in the kept site.
enum Slot {
    Profile(usize),
    Section(usize),
}

/// The facts edit of `rel` as saved now, taken into `kept.site`; `Ok(None)`
/// when more than its facts changed (the caller renders the whole site).
pub(super) fn take_in(
    root: &Path,
    kept: &mut Kept,
    rel: &str,
) -> Result<Option<FactEdit>, Diagnostics> {
    let site = &kept.site;
    let slot = if let Some(i) = site.profiles.iter().position(|p| p.file.rel == rel) {
        Slot::Profile(i)
    } else if let Some(i) = site
        .sections
        .iter()
        .position(|s| s.dir.is_empty() && s.source.as_ref().is_some_and(|r| r.file.rel == rel))
    {
        Slot::Section(i)
    } else {
        return Ok(None);
    };
    let (file, old_text, kind) = match slot {
        Slot::Profile(i) => (
            &site.profiles[i].file,
            &site.profiles[i].text,
            FileKind::Profile,
        ),
        Slot::Section(i) => {
            let Some(source) = site.sections[i].source.as_ref() else {
                return Ok(None);
            };
            (&source.file, &source.text, FileKind::Section)
        }
    };
    let mut file: SourceFile = file.clone();
    file.abs = root.join(crate::content::walk::CONTENT_DIR).join(rel);
    let old = front_matter::parse(&file, kind, old_text.source.clone(), &site.config);
    let new = front_matter::load(&file, kind, &site.config);
    if new.has_errors() {
        return Err(Diagnostics::from(new.diagnostics));
    }
    let (old, new) = (item(old), item(new));
    let edit = match (slot, old, new) {
        (Slot::Profile(i), Some(RawItem::Profile(old)), Some(RawItem::Profile(new)))
            if same_profile(&old, &new) =>
        {
            let profile = &mut kept.site.profiles[i];
            let keys = changed_keys(&profile.facts, &new.facts);
            let owner = Some((profile.taxonomy.clone(), profile.term.clone()));
            if let Some(raw) = kept.raw.profiles.iter_mut().find(|p| p.file.rel == rel) {
                raw.facts.clone_from(&new.facts);
                raw.text = new.text.clone();
            }
            profile.facts = new.facts;
            profile.text = new.text;
            FactEdit { owner, keys }
        }
        (Slot::Section(i), Some(RawItem::Section(old)), Some(RawItem::Section(new)))
            if same_section(&old, &new) =>
        {
            if let Some(raw) = kept.raw.sections.iter_mut().find(|s| s.file.rel == rel) {
                raw.facts.clone_from(&new.facts);
                raw.text = new.text.clone();
            }
            let section = &mut kept.site.sections[i];
            let keys = changed_keys(&section.facts, &new.facts);
            section.facts = new.facts;
            if let Some(source) = section.source.as_mut() {
                source.text = new.text;
            }
            FactEdit { owner: None, keys }
        }
        _ => return Ok(None),
    };
    Ok(Some(edit))
}

fn item(loaded: Loaded) -> Option<RawItem> {
    loaded.item
}

/// Every field but the facts (and the spans that moved with them).
fn same_profile(a: &RawProfile, b: &RawProfile) -> bool {
    a.text.body() == b.text.body()
        && a.taxonomy == b.taxonomy
        && a.term == b.term
        && a.title == b.title
        && a.description == b.description
        && a.weight == b.weight
        && a.extra == b.extra
        && a.reviewed == b.reviewed
}

fn same_section(a: &RawSection, b: &RawSection) -> bool {
    let aliases = |s: &RawSection| {
        s.aliases
            .iter()
            .map(|p| p.value.clone())
            .collect::<Vec<_>>()
    };
    a.text.body() == b.text.body()
        && a.title == b.title
        && a.description == b.description
        && a.sort_by == b.sort_by
        && a.paginate == b.paginate
        && a.template == b.template
        && a.weight == b.weight
        && a.extra == b.extra
        && a.draft == b.draft
        && a.kept_keys == b.kept_keys
        && aliases(a) == aliases(b)
}

/// Keys added, removed or with any field changed; every key when their
/// order changed (a profile's `facts` list follows the file).
fn changed_keys(old: &[Fact], new: &[Fact]) -> BTreeSet<String> {
    let shown = |f: &Fact| {
        (
            f.value.clone(),
            f.label.clone(),
            f.status,
            f.source.clone(),
            f.checked,
        )
    };
    let find = |list: &[Fact], key: &str| list.iter().find(|f| f.key == key).map(shown);
    let all: BTreeSet<String> = old.iter().chain(new).map(|f| f.key.clone()).collect();
    let in_both = |list: &[Fact], other: &[Fact]| {
        list.iter()
            .filter(|f| other.iter().any(|o| o.key == f.key))
            .map(|f| f.key.clone())
            .collect::<Vec<_>>()
    };
    if in_both(old, new) != in_both(new, old) {
        return all;
    }
    all.into_iter()
        .filter(|key| find(old, key) != find(new, key))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fact(key: &str, value: &str) -> Fact {
        Fact {
            key: key.into(),
            value: Some(value.into()),
            label: None,
            status: None,
            source: None,
            checked: None,
            key_span: 0..0,
            checked_span: 0..0,
        }
    }

    #[test]
    fn names_the_keys_that_changed() {
        let old = [fact("a", "1"), fact("b", "2"), fact("c", "3")];
        let keys = |new: &[Fact]| changed_keys(&old, new).into_iter().collect::<Vec<_>>();
        assert_eq!(keys(&old.clone()), Vec::<String>::new());
        assert_eq!(
            keys(&[fact("a", "1"), fact("b", "9"), fact("c", "3")]),
            ["b"]
        );
        assert_eq!(keys(&[fact("a", "1"), fact("c", "3")]), ["b"]);
        assert_eq!(
            keys(&[
                fact("a", "1"),
                fact("b", "2"),
                fact("c", "3"),
                fact("d", "4")
            ]),
            ["d"]
        );
        assert_eq!(
            keys(&[fact("b", "2"), fact("a", "1"), fact("c", "3")]),
            ["a", "b", "c"]
        );
    }
}
