//! Whether a page's `content`, `toc` and `translations` may be left out of
//! the page values every template shares, and given to the page's own job
//! only (issue 21: held for every page, they were most of a build's peak
//! memory). True when, in every template, those fields are read only
//! from `page`, the page being rendered, or from a name that holds no page
//! (`section.content`, and `profile` after `set profile = term.profile`):
//!
//! - a list's page (`p.content`, `get_page(…).toc`, `p["content"]`, a
//!   filter's `attribute="content"`) needs them in the shared values;
//! - so does `page` passed on or compared (`card(page)`, `x == page`,
//!   `set me = page`): the value the page's job sees is then not the one
//!   in the lists;
//! - a name bound again (a `for` loop, a `set`, a parameter) holds what
//!   it was bound to in that template, and in every template if that one
//!   pulls in others (`include`, `import`, `extends`, a component): the
//!   built-in feed template loops `for page in feed.pages`, and reads no
//!   own field.
//!
//! The text is read as tokens, inside `{{ }}` and `{% %}` only. A field
//! read by a computed name (`p[key]`) could be any field, so a template
//! that indexes anything by a name keeps the full values.

/// The fields a page's own job gets, kept out of the shared values.
pub(crate) const FIELDS: [&str; 3] = ["content", "toc", "translations"];

use std::collections::BTreeSet;

/// Whether no template of `texts` may read an own field of a page other
/// than the one it renders.
pub(crate) fn own_only<'a>(texts: impl Iterator<Item = &'a str>) -> bool {
    let Some(all) = texts.map(Template::read).collect::<Option<Vec<_>>>() else {
        return false;
    };
    // A name bound in a template that pulls in others may be seen there.
    let bound_for_all: BTreeSet<&str> = all
        .iter()
        .filter(|t| t.calls)
        .flat_map(|t| t.bound.iter().copied())
        .collect();
    let set_safely: BTreeSet<&str> = all
        .iter()
        .flat_map(|t| t.set_safely.iter().copied())
        .collect();
    all.iter().all(|t| {
        t.reads.iter().all(|holder| {
            !t.bound.contains(holder)
                && !bound_for_all.contains(holder)
                && (HOLDERS.contains(holder) || set_safely.contains(holder))
        })
    })
}

/// The names a template's context holds that are no page's value (but
/// `page`, the page rendered), unless a template binds them again.
const HOLDERS: [&str; 7] = [
    "page",
    "section",
    "term",
    "taxonomy",
    "site",
    "feed",
    "paginator",
];

#[derive(Debug, Clone, PartialEq)]
enum Token<'a> {
    Word(&'a str),
    Text(&'a str),
    Mark(&'a str),
}

/// What one template does with names: which it reads an own field of,
/// which it binds (a loop, a `set` of anything but a path from a holder,
/// a parameter, an argument), which it sets to such a path, and whether
/// it pulls in other templates.
#[derive(Default)]
struct Template<'a> {
    reads: BTreeSet<&'a str>,
    bound: BTreeSet<&'a str>,
    set_safely: BTreeSet<&'a str>,
    calls: bool,
}

impl<'a> Template<'a> {
    /// `None` when the template surely reads an own field of another page.
    fn read(text: &'a str) -> Option<Template<'a>> {
        let mut t = Template::default();
        for tag in tags(text) {
            let tokens = tokens(tag);
            t.bindings(&tokens);
            for (i, token) in tokens.iter().enumerate() {
                let before = |k: usize| i.checked_sub(k).and_then(|j| tokens.get(j));
                let after = tokens.get(i + 1);
                match token {
                    Token::Text(s) if FIELDS.contains(s) => return None,
                    Token::Word("__tera_context") => return None,
                    Token::Mark("[") if subscript(before(1)) && by_name(&tokens[i + 1..]) => {
                        return None;
                    }
                    Token::Word("include" | "import" | "extends") | Token::Mark("::") => {
                        t.calls = true
                    }
                    Token::Mark("<") if matches!(after, Some(Token::Word(_))) => t.calls = true,
                    Token::Word(w) if FIELDS.contains(w) && is_dot(before(1)) => {
                        match (before(2), is_dot(before(3))) {
                            (Some(Token::Word(holder)), false) => t.reads.insert(holder),
                            _ => return None,
                        };
                    }
                    Token::Word("page")
                        if !is_dot(before(1)) && after != Some(&Token::Mark("=")) =>
                    {
                        let member = is_dot(after) || after == Some(&Token::Mark("["));
                        let tested = plain_before(before(1)) && plain_after(after);
                        let looped = tokens.first() == Some(&Token::Word("for"));
                        if !member && !tested && !looped {
                            return None;
                        }
                    }
                    _ => {}
                }
            }
        }
        Some(t)
    }

    fn bindings(&mut self, tokens: &[Token<'a>]) {
        if let [
            Token::Word("set" | "set_global"),
            Token::Word(name),
            Token::Mark("="),
            path @ ..,
        ] = tokens
            && safe_path(path)
        {
            self.set_safely.insert(name);
            return;
        }
        match tokens {
            [Token::Word("for"), rest @ ..] => {
                for token in rest.iter().take_while(|t| **t != Token::Word("in")) {
                    if let Token::Word(name) = token {
                        self.bound.insert(name);
                    }
                }
            }
            [Token::Word("macro" | "component"), _, rest @ ..] => {
                for token in rest {
                    if let Token::Word(name) = token {
                        self.bound.insert(name);
                    }
                }
            }
            _ => {}
        }
        for pair in tokens.windows(2) {
            if let [Token::Word(name), Token::Mark("=")] = pair {
                self.bound.insert(name);
            }
        }
    }
}

/// A path from a holder to a field that is no page (`term.profile`).
fn safe_path(tokens: &[Token]) -> bool {
    let [Token::Word(holder), rest @ ..] = tokens else {
        return false;
    };
    HOLDERS.contains(holder)
        && *holder != "page"
        && rest.len() % 2 == 0
        && rest.chunks(2).all(|pair| {
            is_dot(pair.first())
                && matches!(pair.get(1), Some(Token::Word(w)) if !w.contains("page"))
        })
}

/// Whether a `[` after `token` indexes a value (`p[key]`) rather than
/// opening a list (`in [..]`, `= [..]`).
fn subscript(token: Option<&Token>) -> bool {
    match token {
        Some(Token::Word(w)) => !matches!(
            *w,
            "in" | "and" | "or" | "not" | "if" | "elif" | "is" | "set" | "set_global"
        ),
        Some(Token::Mark(m)) => matches!(*m, "]" | ")"),
        _ => false,
    }
}

/// Whether the index after a `[` is a name or an expression (`p[key]`),
/// not a string, a number or a slice (`pages[:6]`).
fn by_name(index: &[Token]) -> bool {
    let mut depth = 0;
    let mut inside = Vec::new();
    for token in index {
        match token {
            Token::Mark("[" | "(") => depth += 1,
            Token::Mark("]") if depth == 0 => break,
            Token::Mark("]" | ")") => depth -= 1,
            Token::Mark(":") if depth == 0 => return false,
            _ => {}
        }
        inside.push(token);
    }
    match inside.as_slice() {
        [Token::Text(_)] => false,
        [Token::Word(w)] => !w.bytes().all(|b| b.is_ascii_digit()),
        _ => true,
    }
}

fn is_dot(token: Option<&Token>) -> bool {
    matches!(token, Some(Token::Mark("." | "?.")))
}

/// What may come before a `page` that is only tested or printed.
fn plain_before(token: Option<&Token>) -> bool {
    matches!(
        token,
        None | Some(Token::Word("if" | "elif" | "not" | "and" | "or"))
    )
}

/// What may come after a `page` that is only tested or printed.
fn plain_after(token: Option<&Token>) -> bool {
    matches!(
        token,
        None | Some(Token::Mark("|")) | Some(Token::Word("and" | "or" | "is"))
    )
}

/// The code inside each `{{ }}` and `{% %}`, comments `{# #}` left out.
fn tags(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find('{') {
        let after = &rest[at + 1..];
        let close = match after.as_bytes().first() {
            Some(b'{') => "}}",
            Some(b'%') => "%}",
            Some(b'#') => "#}",
            _ => {
                rest = after;
                continue;
            }
        };
        let body = &after[1..];
        let end = body.find(close).unwrap_or(body.len());
        if close != "#}" {
            out.push(body[..end].trim_matches(|c: char| c == '-' || c == '~'));
        }
        rest = body.get(end + 2..).unwrap_or("");
    }
    out
}

fn tokens(code: &str) -> Vec<Token<'_>> {
    let bytes = code.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        let start = i;
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c.is_ascii_alphanumeric() || c == b'_' {
            while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                i += 1;
            }
            out.push(Token::Word(&code[start..i]));
        } else if matches!(c, b'"' | b'\'' | b'`') {
            let end = code[i + 1..]
                .find(c as char)
                .map_or(code.len(), |e| i + 1 + e);
            out.push(Token::Text(&code[i + 1..end]));
            i = (end + 1).min(code.len());
        } else {
            let two = code.get(i..i + 2);
            let len = match two {
                Some("==" | "!=" | "?." | "::" | "<=" | ">=") => 2,
                _ => code[i..].chars().next().map_or(1, char::len_utf8),
            };
            i += len;
            out.push(Token::Mark(&code[start..i]));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(text: &str) -> bool {
        own_only([text].into_iter())
    }

    #[test]
    fn own_reads_and_tests_of_page_are_fine() {
        assert!(ok(
            "{{ section.content }}{% set profile = term?.profile %}{{ profile?.content }}"
        ));
        assert!(!ok(
            "{% set profile = section.pages %}{{ profile.content }}"
        ));
        assert!(!ok(
            "{% macro m(section) %}{{ section.content }}{% endmacro %}"
        ));
        assert!(ok(
            "{% block content %}{{ page.content }}{% endblock content %}"
        ));
        assert!(ok(
            "{% if page and page?.toc %}{% for h in page.toc %}{{ h.title }}{% endfor %}{% endif %}"
        ));
        assert!(ok(
            "{{ page | json_encode }}{% if page is defined %}{{ page[\"title\"] }}{% endif %}"
        ));
        assert!(ok(
            "<meta name=\"x\" content=\"{{ page.title }}\">{# p.content #}{{ trans(key=\"contents\") }}"
        ));
        assert!(ok(
            "{%- for page in feed.pages %}{{ page.summary }}{% endfor -%}"
        ));
    }

    #[test]
    fn other_pages_fields_need_the_shared_values() {
        assert!(!ok(
            "{% for p in section.pages %}{{ p.content }}{% endfor %}"
        ));
        assert!(!ok("{{ get_page(path=\"a.md\").toc }}"));
        assert!(!ok("{{ p[\"content\"] }}"));
        assert!(!ok("{{ pages | map(attribute='toc') | length }}"));
        assert!(!ok("{{ page.parent.content }}"));
        assert!(!ok("{{ __tera_context }}"));
    }

    #[test]
    fn a_field_named_at_render_time_could_be_any_field() {
        assert!(!ok(
            "{% set key = 'content' %}{% for p in section.pages %}{{ p[key] }}{% endfor %}"
        ));
        assert!(!ok("{{ section.pages[n].title }}"));
        assert!(ok("{{ section.pages[0].title }}{{ page.extra['tip'] }}"));
        assert!(ok(
            "{{ section.pages[:6] | length }}{{ section.pages[n:] | length }}"
        ));
        assert!(ok(
            "{% for x in [1, 2] %}{{ x }}{% endfor %}{% set l = [page.title] %}"
        ));
    }

    #[test]
    fn page_passed_on_compared_or_bound_again_needs_them() {
        assert!(!ok("{{ macros::card(page) }}"));
        assert!(!ok("{% if p == page %}x{% endif %}"));
        assert!(!ok("{% set me = page %}"));
        assert!(!ok("{{ <Card item={page} /> }}"));
        assert!(!ok(
            "{% for page in section.pages %}{{ page.content }}{% endfor %}"
        ));
        let card = "{{ page.content }}";
        let list = "{% for page in section.pages %}{% include \"card.html\" %}{% endfor %}";
        assert!(!own_only([list, card].into_iter()));
        assert!(own_only(
            [
                "{% for page in feed.pages %}{{ page.title }}{% endfor %}",
                card
            ]
            .into_iter()
        ));
        assert!(!ok(
            "{% set page = get_page(path=\"a.md\") %}{{ page.toc }}"
        ));
    }

    #[test]
    fn the_default_theme_and_built_in_templates_read_only_their_own_page() {
        use crate::render::templates::{Theme, sources};
        let dir = tempfile::tempdir().unwrap();
        let theme = sources(dir.path(), &Theme::Embedded).ok().unwrap();
        assert!(theme.len() > 10);
        assert!(own_only(theme.values().map(|s| &*s.text)));
    }
}
