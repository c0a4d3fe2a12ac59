//! libyaml's event stream, read directly. serde_yaml parses with the same
//! libyaml (unsafe-libyaml) but keeps only the start of each event and
//! expands aliases without limit; reading the events ourselves gives every
//! node its exact byte range and lets the tree builder refuse hostile input
//! as it goes. This is the only module with `unsafe`: a parser handle that
//! owns libyaml's state and hands out owned, safe events.

use std::marker::PhantomData;
use std::mem::MaybeUninit;
use std::ops::Range;

use unsafe_libyaml as unsafe_sys;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

#[derive(Debug)]
pub(crate) enum Event {
    StreamStart,
    StreamEnd,
    DocumentStart,
    DocumentEnd,
    Alias {
        anchor: String,
    },
    Scalar {
        anchor: Option<String>,
        tag: Option<String>,
        value: String,
        style: ScalarStyle,
    },
    SequenceStart {
        anchor: Option<String>,
        tag: Option<String>,
        flow: bool,
    },
    SequenceEnd,
    MappingStart {
        anchor: Option<String>,
        tag: Option<String>,
        flow: bool,
    },
    MappingEnd,
}

/// An event and the bytes of the input it covers.
#[derive(Debug)]
pub(crate) struct Located {
    pub event: Event,
    pub span: Range<usize>,
}

/// A libyaml error: what went wrong, the byte where, and what was being read
/// (with its 0-based line and column) when there is such a context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    pub problem: String,
    pub at: usize,
    pub context: Option<String>,
    pub context_at: Option<(usize, usize)>,
}

pub(crate) struct Parser<'input> {
    /// Boxed because libyaml keeps a pointer to the parser inside itself
    /// (the string reader's handler data): it must never move.
    sys: Box<MaybeUninit<unsafe_sys::yaml_parser_t>>,
    input: PhantomData<&'input [u8]>,
    initialized: bool,
}

impl<'input> Parser<'input> {
    pub fn new(input: &'input str) -> Parser<'input> {
        let mut parser = Parser {
            sys: Box::new(MaybeUninit::uninit()),
            input: PhantomData,
            initialized: false,
        };
        let raw = parser.sys.as_mut_ptr();
        // SAFETY: `raw` points to boxed, writable memory that outlives the
        // parser; libyaml initialises it here. The input outlives `Parser`
        // ('input), and libyaml only reads it.
        unsafe {
            if unsafe_sys::yaml_parser_initialize(raw).fail {
                return parser;
            }
            parser.initialized = true;
            unsafe_sys::yaml_parser_set_encoding(raw, unsafe_sys::YAML_UTF8_ENCODING);
            unsafe_sys::yaml_parser_set_input_string(raw, input.as_ptr(), input.len() as _);
        }
        parser
    }

    /// The next event, or the error that stopped the parser. After an error
    /// every call returns the same error.
    pub(crate) fn next_event(&mut self) -> Result<Located, SyntaxError> {
        if !self.initialized {
            return Err(SyntaxError {
                problem: "out of memory".into(),
                at: 0,
                context: None,
                context_at: None,
            });
        }
        let raw = self.sys.as_mut_ptr();
        let mut event = MaybeUninit::<unsafe_sys::yaml_event_t>::uninit();
        // SAFETY: the parser was initialised (checked above) and is only
        // used through `&mut self`. A successful `yaml_parser_parse` fills
        // `event`; every pointer read from it is either null or a
        // NUL-terminated string / a buffer of `length` bytes owned by the
        // event, copied out before `yaml_event_delete` frees them.
        unsafe {
            if (&(*raw)).error != unsafe_sys::YAML_NO_ERROR
                || unsafe_sys::yaml_parser_parse(raw, event.as_mut_ptr()).fail
            {
                return Err(error_of(&*raw));
            }
            let event = event.as_mut_ptr();
            let located = Located {
                event: convert(&*event),
                span: (*event).start_mark.index as usize..(*event).end_mark.index as usize,
            };
            unsafe_sys::yaml_event_delete(event);
            Ok(located)
        }
    }
}

impl Drop for Parser<'_> {
    fn drop(&mut self) {
        if self.initialized {
            // SAFETY: initialised in `new`, deleted exactly once.
            unsafe { unsafe_sys::yaml_parser_delete(self.sys.as_mut_ptr()) }
        }
    }
}

/// SAFETY: `parser` has reported an error, so its problem strings are
/// static C strings (or null).
unsafe fn error_of(parser: &unsafe_sys::yaml_parser_t) -> SyntaxError {
    let problem =
        unsafe { c_text(parser.problem.cast()) }.unwrap_or_else(|| "unknown error".into());
    let context = unsafe { c_text(parser.context.cast()) };
    // A reader error (bad encoding, control character) has no mark, only
    // the byte offset: using the zero mark is what pointed such errors at
    // the first line of the front matter.
    let at = if parser.error == unsafe_sys::YAML_READER_ERROR {
        parser.problem_offset as usize
    } else {
        parser.problem_mark.index as usize
    };
    let mark = parser.context_mark;
    let problem_mark = parser.problem_mark;
    // serde_yaml's rule: a context position is worth showing when it is set
    // and differs from the problem's.
    let context_at = (context.is_some()
        && (mark.line != 0 || mark.column != 0)
        && (mark.line != problem_mark.line || mark.column != problem_mark.column))
        .then_some((mark.line as usize, mark.column as usize));
    SyntaxError {
        problem,
        at,
        context,
        context_at,
    }
}

/// SAFETY: `event` was filled by a successful `yaml_parser_parse`.
unsafe fn convert(event: &unsafe_sys::yaml_event_t) -> Event {
    unsafe {
        match event.type_ {
            unsafe_sys::YAML_STREAM_START_EVENT => Event::StreamStart,
            unsafe_sys::YAML_DOCUMENT_START_EVENT => Event::DocumentStart,
            unsafe_sys::YAML_DOCUMENT_END_EVENT => Event::DocumentEnd,
            unsafe_sys::YAML_ALIAS_EVENT => Event::Alias {
                anchor: c_text(event.data.alias.anchor).unwrap_or_default(),
            },
            unsafe_sys::YAML_SCALAR_EVENT => {
                let scalar = event.data.scalar;
                let bytes = std::slice::from_raw_parts(scalar.value, scalar.length as usize);
                Event::Scalar {
                    anchor: c_text(scalar.anchor),
                    tag: c_text(scalar.tag),
                    value: String::from_utf8_lossy(bytes).into_owned(),
                    style: match scalar.style {
                        unsafe_sys::YAML_SINGLE_QUOTED_SCALAR_STYLE => ScalarStyle::SingleQuoted,
                        unsafe_sys::YAML_DOUBLE_QUOTED_SCALAR_STYLE => ScalarStyle::DoubleQuoted,
                        unsafe_sys::YAML_LITERAL_SCALAR_STYLE => ScalarStyle::Literal,
                        unsafe_sys::YAML_FOLDED_SCALAR_STYLE => ScalarStyle::Folded,
                        _ => ScalarStyle::Plain,
                    },
                }
            }
            unsafe_sys::YAML_SEQUENCE_START_EVENT => {
                let start = event.data.sequence_start;
                Event::SequenceStart {
                    anchor: c_text(start.anchor),
                    tag: c_text(start.tag),
                    flow: start.style == unsafe_sys::YAML_FLOW_SEQUENCE_STYLE,
                }
            }
            unsafe_sys::YAML_SEQUENCE_END_EVENT => Event::SequenceEnd,
            unsafe_sys::YAML_MAPPING_START_EVENT => {
                let start = event.data.mapping_start;
                Event::MappingStart {
                    anchor: c_text(start.anchor),
                    tag: c_text(start.tag),
                    flow: start.style == unsafe_sys::YAML_FLOW_MAPPING_STYLE,
                }
            }
            unsafe_sys::YAML_MAPPING_END_EVENT => Event::MappingEnd,
            // STREAM_END, and NO_EVENT (only after the stream ended).
            _ => Event::StreamEnd,
        }
    }
}

/// SAFETY: `ptr` is null or a NUL-terminated string.
unsafe fn c_text(ptr: *const u8) -> Option<String> {
    if ptr.is_null() {
        return None;
    }
    let text = unsafe { std::ffi::CStr::from_ptr(ptr.cast()) };
    Some(text.to_string_lossy().into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn events(text: &str) -> Vec<(String, &str)> {
        let mut parser = Parser::new(text);
        let mut out = Vec::new();
        loop {
            let located = parser.next_event().unwrap();
            let name = format!("{:?}", located.event);
            let end = matches!(located.event, Event::StreamEnd);
            out.push((name, &text[located.span]));
            if end {
                return out;
            }
        }
    }

    #[test]
    fn events_carry_byte_ranges() {
        let got = events("title: \"a # b\"\nops: [smart, 柬埔寨]\n");
        let texts: Vec<&str> = got.iter().map(|(_, t)| *t).collect();
        assert!(texts.contains(&"\"a # b\""), "{got:?}");
        assert!(texts.contains(&"柬埔寨"), "{got:?}");
        assert!(
            texts.contains(&"[smart, 柬埔寨]") || texts.contains(&"["),
            "{got:?}"
        );
    }

    #[test]
    fn a_control_character_is_reported_at_its_byte() {
        let text = "a: 1\nb: 2\nc: x\u{7}y\n";
        let mut parser = Parser::new(text);
        let err = loop {
            match parser.next_event() {
                Ok(_) => continue,
                Err(err) => break err,
            }
        };
        assert_eq!(err.problem, "control characters are not allowed");
        assert_eq!(err.at, text.find('\u{7}').unwrap());
        // The same error again, not a crash, when asked once more.
        assert_eq!(parser.next_event().unwrap_err(), err);
    }

    #[test]
    fn syntax_errors_carry_their_context() {
        let mut parser = Parser::new("a: [b, c\nd: e\n");
        let err = loop {
            if let Err(err) = parser.next_event() {
                break err;
            }
        };
        assert_eq!(
            err.context.as_deref(),
            Some("while parsing a flow sequence")
        );
        assert_eq!(err.context_at, Some((0, 3)));
    }
}
