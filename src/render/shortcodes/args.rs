//! The arguments of a shortcode call, in Tera's keyword-argument syntax:
//! `name="text"`, `n=3`, `ratio=1.5`, `open=true`, `tags=["a", "b"]`.

use tera::Value;

/// What is wrong with a call, at a byte offset of the text it was read from.
#[derive(Debug)]
pub(super) struct Problem {
    pub at: std::ops::Range<usize>,
    pub message: String,
    pub label: &'static str,
    pub help: &'static str,
}

const VALUE_HELP: &str = "an argument value is a string in quotes (\"…\" or '…'), a number, true or false, or a list in [brackets]";

/// Reads `text` from `pos` (just after a byte that is not a name).
pub(super) struct Reader<'a> {
    pub text: &'a str,
    pub pos: usize,
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    pub fn skip_space(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.pos += 1;
        }
    }

    pub fn eat(&mut self, token: &str) -> bool {
        let found = self.text[self.pos..].starts_with(token);
        if found {
            self.pos += token.len();
        }
        found
    }

    /// A name: a letter or `_`, then letters, digits, `_` or `-`.
    pub fn name(&mut self) -> Option<&'a str> {
        let start = self.pos;
        let bytes = self.text.as_bytes();
        if !bytes
            .get(start)
            .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_')
        {
            return None;
        }
        let mut end = start + 1;
        while bytes
            .get(end)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
        {
            end += 1;
        }
        self.pos = end;
        Some(&self.text[start..end])
    }

    fn problem(&self, at: usize, message: String, label: &'static str) -> Problem {
        let end = self.text[at..]
            .chars()
            .next()
            .map_or(at, |c| at + c.len_utf8());
        Problem {
            at: at..end,
            message,
            label,
            help: VALUE_HELP,
        }
    }

    /// The arguments up to and including the closing `)`; the `(` is read.
    pub fn arguments(&mut self) -> Result<Vec<(String, Value)>, Problem> {
        let mut args: Vec<(String, Value)> = Vec::new();
        loop {
            self.skip_space();
            if self.eat(")") {
                return Ok(args);
            }
            let at = self.pos;
            let Some(name) = self.name() else {
                let message = "expected an argument name or `)`".to_string();
                return Err(self.problem(at, message, "not an argument name"));
            };
            if args.iter().any(|(n, _)| n == name) {
                let message = format!("argument `{name}` is given twice");
                return Err(self.problem(at, message, "given again here"));
            }
            self.skip_space();
            if !self.eat("=") {
                let message = format!("expected `=` after argument `{name}`");
                return Err(self.problem(self.pos, message, "expected `=`"));
            }
            self.skip_space();
            let value = self.value()?;
            args.push((name.to_string(), value));
            self.skip_space();
            if self.eat(")") {
                return Ok(args);
            }
            if !self.eat(",") {
                let message = "expected `,` or `)` after an argument".to_string();
                let mut problem = self.problem(self.pos, message, "expected `,` or `)`");
                problem.help = "arguments are separated by commas: `name(a=1, b=\"text\")`";
                return Err(problem);
            }
        }
    }

    fn value(&mut self) -> Result<Value, Problem> {
        let at = self.pos;
        match self.peek() {
            Some(q @ (b'"' | b'\'')) => self.string(q),
            Some(b'[') => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_space();
                    if self.eat("]") {
                        return Ok(Value::from(items));
                    }
                    items.push(self.value()?);
                    self.skip_space();
                    if !self.eat(",") && !self.text[self.pos..].starts_with(']') {
                        let message = "expected `,` or `]` in a list".to_string();
                        return Err(self.problem(self.pos, message, "expected `,` or `]`"));
                    }
                }
            }
            _ if self.eat("true") => Ok(Value::from(true)),
            _ if self.eat("false") => Ok(Value::from(false)),
            Some(b'-' | b'+' | b'0'..=b'9') => self.number(at),
            _ => {
                let message = "this argument value is of no type a shortcode takes".to_string();
                Err(self.problem(at, message, "unknown argument type"))
            }
        }
    }

    fn string(&mut self, quote: u8) -> Result<Value, Problem> {
        let at = self.pos;
        self.pos += 1;
        let mut out = String::new();
        let mut chars = self.text[self.pos..].char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                c if c as u32 == u32::from(quote) => {
                    self.pos += i + 1;
                    return Ok(Value::from(out));
                }
                '\\' => match chars.next() {
                    Some((_, 'n')) => out.push('\n'),
                    Some((_, 't')) => out.push('\t'),
                    Some((_, other)) => out.push(other),
                    None => break,
                },
                c => out.push(c),
            }
        }
        let message = "this string is never closed".to_string();
        Err(self.problem(at, message, "opened here"))
    }

    fn number(&mut self, at: usize) -> Result<Value, Problem> {
        let bytes = self.text.as_bytes();
        let mut end = at + 1;
        while bytes
            .get(end)
            .is_some_and(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'_'))
        {
            end += 1;
        }
        let written = &self.text[at..end];
        self.pos = end;
        if let Ok(n) = written.parse::<i64>() {
            return Ok(Value::from(n));
        }
        match written.parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(Value::from(f)),
            _ => {
                let message = format!("`{written}` is not a number");
                Err(self.problem(at, message, "not a number"))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<(String, Value)>, Problem> {
        Reader { text, pos: 0 }.arguments()
    }

    #[test]
    fn every_kind_of_value() {
        let args = parse(r#"a="x \"y\"", b='z', n=3, f=-1.5, t=true, l=[1, "two",], )"#).unwrap();
        let shown: Vec<String> = args.iter().map(|(k, v)| format!("{k}={v}")).collect();
        assert_eq!(
            shown,
            [
                "a=x \"y\"",
                "b=z",
                "n=3",
                "f=-1.5",
                "t=true",
                r#"l=[1, "two"]"#
            ]
        );
    }

    #[test]
    fn bad_arguments_say_where() {
        assert_eq!(
            parse("src=foo)").unwrap_err().label,
            "unknown argument type"
        );
        assert_eq!(parse("src \"x\")").unwrap_err().at, 4..5);
        assert_eq!(parse("a=1 b=2)").unwrap_err().label, "expected `,` or `)`");
        assert_eq!(parse("a='x)").unwrap_err().label, "opened here");
        assert_eq!(parse("a=1, a=2)").unwrap_err().label, "given again here");
        assert!(parse("").is_err());
    }
}
