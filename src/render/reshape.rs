//! Taking in a page that left the site or joined it (`watch`, a draft
//! toggled): every value and record held by page index is moved to the
//! new indices, so that `model_edited` can then diff the rest as usual.

use std::collections::BTreeMap;
use std::sync::Arc;

use tera::Value;

use super::{Renderer, Unit, functions};

pub(crate) use crate::model::moved::Moved;

impl Moved {
    /// A unit with its page index moved; `None` for the page that left.
    pub(crate) fn unit(self, unit: Unit) -> Option<Unit> {
        match unit {
            Unit::Page(i) => self.index(i).map(Unit::Page),
            other => Some(other),
        }
    }
}

impl Renderer {
    /// Moves every page index by `moved`. `gone` is the source path of the
    /// page that left (its lookup entry goes). `whole`: pages (new indices)
    /// to be made whole again, with their HTML taken from their values.
    /// Returns the output paths of the page that left, and that HTML.
    pub(crate) fn page_moved(
        &mut self,
        moved: Moved,
        gone: Option<&str>,
        whole: &[usize],
    ) -> (Vec<String>, BTreeMap<usize, String>) {
        let codes = &mut self.shortcodes;
        match moved {
            Moved::Left(d) => {
                self.values.pages.remove(d);
                codes.uses.remove(d);
                codes.facts.remove(d);
            }
            Moved::Joined(n) => {
                self.values.pages.insert(n, Value::none());
                codes.uses.insert(n, Default::default());
                codes.facts.insert(n, Vec::new());
            }
        }
        let mut removed = Vec::new();
        self.manifest
            .made
            .retain_mut(|made| match moved.unit(made.unit) {
                Some(unit) => {
                    made.unit = unit;
                    true
                }
                None => {
                    removed.push(made.output.clone());
                    false
                }
            });
        self.manifest.shows.moved(|unit| moved.unit(unit));
        if let Some(rel) = gone {
            functions::register(&mut self.tera, Arc::new(self.lookup.emptied()));
            Arc::make_mut(&mut self.lookup).pages.remove(rel);
            functions::register(&mut self.tera, Arc::clone(&self.lookup));
        }
        let html = whole
            .iter()
            .map(|&i| {
                let content = self.values.pages[i]
                    .as_map()
                    .and_then(|m| m.get(&"content".into()))
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string();
                (i, content)
            })
            .collect();
        (removed, html)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_move_past_the_page() {
        let left = Moved::Left(2);
        assert_eq!(left.unit(Unit::Section(2)), Some(Unit::Section(2)));
        assert_eq!(left.unit(Unit::Page(3)), Some(Unit::Page(2)));
    }
}
