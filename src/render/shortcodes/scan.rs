//! Finding shortcode calls in Markdown: `{{ name(args) }}` and
//! `{% name(args) %}body{% end %}`, for registered names only, never inside
//! code spans or code blocks.

use std::ops::Range;

use pulldown_cmark::{Event, Parser, Tag};
use tera::Value;

use super::args::{Problem, Reader};

/// One call, its offsets in the text it was found in.
pub(super) struct Call {
    pub name: String,
    pub args: Vec<(String, Value)>,
    /// The whole call, `{% end %}` included.
    pub span: Range<usize>,
    /// Between the opening tag and `{% end %}`.
    pub body: Option<Range<usize>>,
}

/// Whether `text` could hold a call at all: one quick look, so a page
/// without `{{` or `{%` costs nothing more.
pub(super) fn may_call(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr_iter(b'{', bytes).any(|i| matches!(bytes.get(i + 1), Some(b'{' | b'%')))
}

/// The byte ranges of code spans and code blocks, in order.
fn code_ranges(text: &str) -> Vec<Range<usize>> {
    let mut ranges: Vec<Range<usize>> = Vec::new();
    for (event, span) in Parser::new_ext(text, crate::markdown::options()).into_offset_iter() {
        if matches!(event, Event::Code(_) | Event::Start(Tag::CodeBlock(_)))
            && ranges.last().is_none_or(|last| last.end <= span.start)
        {
            ranges.push(span);
        }
    }
    ranges
}

/// What starts at a `{{` or `{%`.
enum Found {
    NotOurs,
    End(usize),
    Open(Call, bool),
    Bad(Problem),
}

struct Scanner<'a> {
    text: &'a str,
    code: Vec<Range<usize>>,
    is_name: &'a dyn Fn(&str) -> bool,
}

/// Every call of a registered name in `text`, outermost only (a body's
/// calls are found when the body is expanded); malformed calls go to
/// `problems`.
pub(super) fn calls(
    text: &str,
    is_name: &dyn Fn(&str) -> bool,
    problems: &mut Vec<Problem>,
) -> Vec<Call> {
    let mut scanner = Scanner {
        text,
        code: Vec::new(),
        is_name,
    };
    // Most `{{` in documentation are not calls (`{{ count }}`): parse the
    // Markdown for its code only when some tag names a shortcode.
    if !scanner.names_any() {
        return Vec::new();
    }
    scanner.code = code_ranges(text);
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = scanner.next_tag(from) {
        from = at + 2;
        match scanner.tag(at) {
            Found::NotOurs | Found::End(_) => {}
            Found::Bad(problem) => problems.push(problem),
            Found::Open(call, false) => {
                from = call.span.end;
                found.push(call);
            }
            Found::Open(mut call, true) => match scanner.end_of(call.span.end) {
                Some((body_end, end)) => {
                    call.body = Some(call.span.end..body_end);
                    call.span.end = end;
                    from = end;
                    found.push(call);
                }
                None => problems.push(Problem {
                    at: call.span.clone(),
                    message: format!("`{}` is opened with a body that never ends", call.name),
                    label: "opened here",
                    help: "close the body with `{% end %}`; a call without a body is written `{{ name(...) }}`",
                }),
            },
        }
    }
    found
}

impl Scanner<'_> {
    /// Whether any `{{` or `{%` (code or not) starts a call or a
    /// malformed call of a shortcode.
    fn names_any(&self) -> bool {
        let mut from = 0;
        while let Some(at) = self.next_tag(from) {
            if matches!(self.tag(at), Found::Open(..) | Found::Bad(_)) {
                return true;
            }
            from = at + 2;
        }
        false
    }

    /// The next `{{` or `{%` at or after `from`, outside code.
    fn next_tag(&self, mut from: usize) -> Option<usize> {
        let bytes = self.text.as_bytes();
        loop {
            let at = from + self.text[from..].find('{')?;
            let next = bytes.get(at + 1).copied();
            if matches!(next, Some(b'{' | b'%')) && !self.in_code(at) {
                return Some(at);
            }
            from = at + 1;
        }
    }

    fn in_code(&self, at: usize) -> bool {
        let i = self.code.partition_point(|r| r.end <= at);
        self.code.get(i).is_some_and(|r| r.start <= at)
    }

    /// Where the body opened before `from` ends: (start of its
    /// `{% end %}`, end of it). Bodies nest.
    fn end_of(&self, mut from: usize) -> Option<(usize, usize)> {
        let mut depth = 1;
        while let Some(at) = self.next_tag(from) {
            from = at + 2;
            match self.tag(at) {
                Found::End(end) => {
                    depth -= 1;
                    if depth == 0 {
                        return Some((at, end));
                    }
                    from = end;
                }
                Found::Open(call, true) => {
                    depth += 1;
                    from = call.span.end;
                }
                Found::Open(call, false) => from = call.span.end,
                Found::NotOurs | Found::Bad(_) => {}
            }
        }
        None
    }

    /// Reads the tag at `at` (a `{{` or `{%`).
    fn tag(&self, at: usize) -> Found {
        let block = self.text.as_bytes()[at + 1] == b'%';
        let close = if block { "%}" } else { "}}" };
        let mut r = Reader {
            text: self.text,
            pos: at + 2,
        };
        r.skip_space();
        let Some(name) = r.name() else {
            return Found::NotOurs;
        };
        if block && name == "end" {
            r.skip_space();
            return if r.eat(close) {
                Found::End(r.pos)
            } else {
                Found::NotOurs
            };
        }
        if !(self.is_name)(name) {
            return Found::NotOurs;
        }
        let name_at = at..r.pos;
        r.skip_space();
        if !r.eat("(") {
            return Found::Bad(Problem {
                at: name_at,
                message: format!("the shortcode `{name}` is called without `(...)`"),
                label: "a shortcode call",
                help: "write the arguments in parentheses, `()` when there are none, e.g. `{{ name() }}`; to show the braces as text, put them in `code`",
            });
        }
        let args = match r.arguments() {
            Ok(args) => args,
            Err(problem) => return Found::Bad(problem),
        };
        r.skip_space();
        if !r.eat(close) {
            return Found::Bad(Problem {
                at: r.pos..r.pos,
                message: format!("expected `{close}` to close the call of `{name}`"),
                label: "expected here",
                help: "a call is `{{ name(key=value) }}`, or `{% name(key=value) %}body{% end %}`",
            });
        }
        let call = Call {
            name: name.to_string(),
            args,
            span: at..r.pos,
            body: None,
        };
        Found::Open(call, block)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> (Vec<String>, usize) {
        let mut problems = Vec::new();
        let is_name = |n: &str| n == "fig" || n == "box";
        let found = calls(text, &is_name, &mut problems);
        let shown = found
            .iter()
            .map(|c| match &c.body {
                Some(b) => format!("{}[{}]", c.name, &text[b.clone()]),
                None => c.name.clone(),
            })
            .collect();
        (shown, problems.len())
    }

    #[test]
    fn only_registered_names_outside_code() {
        let text =
            "{{ count }} {{ fig() }} `{{ fig() }}`\n\n```\n{{ fig() }}\n```\n\n    {{ fig() }}\n";
        assert_eq!(names(text), (vec!["fig".to_string()], 0));
    }

    #[test]
    fn bodies_nest_and_end() {
        let text = "{% box() %}a {% box() %}b{% end %} c{% end %} {% end %}";
        assert_eq!(
            names(text),
            (vec!["box[a {% box() %}b{% end %} c]".to_string()], 0)
        );
    }

    #[test]
    fn malformed_calls_are_problems() {
        assert_eq!(names("{{ fig }}").1, 1);
        assert_eq!(names("{{ fig(a=) }}").1, 1);
        assert_eq!(names("{{ fig() %}").1, 1);
        assert_eq!(names("{% box() %} never ends").1, 1);
    }
}
