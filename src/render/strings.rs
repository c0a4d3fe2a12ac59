//! Theme strings: `i18n/<lang>.yaml` of the theme, then of the site (whose
//! keys win), loaded once per build for `trans()`, then filled in for each
//! language from its base language and the others (`fallback`); `check`
//! reads the resolved tables instead of reading the files again.

mod fallback;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::templates::Theme;
use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::yaml::{Limits, YamlDoc};

/// lang → key → text.
pub(crate) type Texts = HashMap<String, HashMap<String, String>>;

/// One i18n file that loaded: its language and its path as shown.
#[derive(Debug, Clone)]
pub(crate) struct StringsFile {
    pub lang: String,
    pub shown: PathBuf,
}

/// Every loaded file, the theme's first, then the site's.
#[derive(Debug, Clone, Default)]
pub(crate) struct Strings {
    pub texts: Texts,
    pub files: Vec<StringsFile>,
    /// Whether a file was refused: its language then lacks every key, and
    /// warning about each would bury the error that says why.
    pub refused: bool,
}

/// Every language's resolved strings for `site` (see `fallback`): loaded
/// once per build, before the Markdown (whose alert titles and shortcodes
/// use them), and handed on to the templates. Problems in the files are
/// reported into `diagnostics`; a theme that cannot be found gives none.
pub(crate) fn load_resolved(
    root: &Path,
    config: &crate::config::Config,
    diagnostics: &mut Diagnostics,
) -> Texts {
    match Theme::locate(root, config) {
        Ok(theme) => load(root, &theme, diagnostics).resolve(root, config, diagnostics),
        Err(_) => Texts::default(),
    }
}

/// Loads the theme's i18n files, then the site's. A file that is not a
/// map of keys to text is an error, not silently skipped: every `trans` of
/// its language would quietly fall back otherwise.
pub fn load(root: &Path, theme: &Theme, diagnostics: &mut Diagnostics) -> Strings {
    let mut strings = Strings::default();
    for (rel, file) in theme.files("i18n") {
        if let (Some(lang), Ok(bytes)) = (rel.strip_suffix(".yaml"), file.read()) {
            let shown = display_path(root, &theme.shown("i18n", &rel));
            strings.add(lang, shown, &bytes, diagnostics);
        }
    }
    if let Ok(entries) = std::fs::read_dir(root.join("i18n")) {
        let mut entries: Vec<_> = entries.flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let name = entry.file_name().to_string_lossy().into_owned();
            if let (Some(lang), Ok(bytes)) =
                (name.strip_suffix(".yaml"), std::fs::read(entry.path()))
            {
                let shown = Path::new("i18n").join(&name);
                strings.add(lang, shown, &bytes, diagnostics);
            }
        }
    }
    strings
}

impl Strings {
    fn add(&mut self, lang: &str, shown: PathBuf, bytes: &[u8], diagnostics: &mut Diagnostics) {
        // An empty file is a language with no strings yet.
        if !bytes.iter().all(u8::is_ascii_whitespace) {
            // Read through the bounded reader first: an i18n file is input
            // like front matter, and an alias bomb or 100,000 nested
            // brackets must be refused before serde_yaml expands them.
            if let Err(d) = within_limits(&shown, bytes) {
                diagnostics.push(d);
                self.refused = true;
                return;
            }
            match serde_yaml::from_slice::<HashMap<String, String>>(bytes) {
                Ok(map) => self.texts.entry(lang.to_string()).or_default().extend(map),
                Err(err) => {
                    diagnostics.push(not_strings(&shown, bytes, &err));
                    self.refused = true;
                    return;
                }
            }
        }
        let lang = lang.to_string();
        self.files.push(StringsFile { lang, shown });
    }
}

fn within_limits(shown: &Path, bytes: &[u8]) -> Result<(), Diagnostic> {
    let text: Arc<str> = match std::str::from_utf8(bytes) {
        Ok(text) => Arc::from(text),
        Err(_) => {
            return Err(Diagnostic::error(
                shown,
                "translation strings must be UTF-8 text",
            ));
        }
    };
    YamlDoc::parse(shown, &text, 0..text.len(), &Limits::FILE).map(drop)
}

fn not_strings(shown: &Path, bytes: &[u8], err: &serde_yaml::Error) -> Diagnostic {
    // The report shows the place; drop serde's " at line … column …".
    let why = err.to_string();
    let why = match err.location() {
        Some(at) => why
            .trim_end_matches(&format!(" at line {} column {}", at.line(), at.column()))
            .to_string(),
        None => why,
    };
    let mut d = Diagnostic::error(
        shown,
        format!("translation strings must be `key: text` lines ({why})"),
    )
    .label("here")
    .help("quote text that YAML would read as a number, a list or true/false");
    if let (Some(at), Ok(text)) = (err.location(), std::str::from_utf8(bytes)) {
        d = d.at(&Arc::from(text), at.index()..at.index());
    }
    d
}
