//! `mekong new guides/name.md`: a new guide under content/ with its front
//! matter filled in: a title made from the file name, today as `date` and
//! `reviewed`, and an empty list for every taxonomy of the site (so the
//! front matter is valid for this site's site.yaml, whatever it names).

// As in the library: diagnostics are rich values on the cold path only.
#![allow(clippy::result_large_err)]

use std::fs;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

use mekong::config::Config;
use mekong::diagnostics::Diagnostic;

use crate::cli::NewArgs;

pub fn run(args: &NewArgs, color: bool) -> u8 {
    match new_guide(&args.root, &args.path) {
        Ok(shown) => {
            println!("created {}", shown.display());
            0
        }
        Err(errors) => {
            for d in errors {
                eprintln!("{}", d.render(color));
            }
            1
        }
    }
}

/// Writes the guide; returns its path as shown to the user (content/…).
fn new_guide(root: &Path, wanted: &Path) -> Result<PathBuf, Vec<Diagnostic>> {
    let config = Config::load(root)?;
    let rel = content_path(wanted, &config).map_err(|d| vec![d])?;
    let shown = Path::new("content").join(&rel);
    let today = mekong::dates::build_date(None, &config.timezone)
        .map_err(|why| vec![Diagnostic::error("SOURCE_DATE_EPOCH", why)])?;
    let text = front_matter(
        &title_from(&rel, &config),
        &today.to_string(),
        root,
        &config,
    );

    let path = root.join("content").join(&rel);
    stays_in_content(root, &rel, &shown).map_err(|d| vec![d])?;
    let cannot = |err: std::io::Error| {
        vec![Diagnostic::error(
            &shown,
            format!("cannot write {}: {err}", shown.display()),
        )]
    };
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).map_err(cannot)?;
    }
    // create_new: never replace a guide, even one written a moment ago.
    let mut file = match fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(file) => file,
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(vec![
                Diagnostic::error(&shown, format!("{} already exists", shown.display()))
                    .help("choose another name, or edit the existing file"),
            ]);
        }
        Err(err) => return Err(cannot(err)),
    };
    file.write_all(text.as_bytes()).map_err(cannot)?;
    Ok(shown)
}

/// The path inside content/: `guides/x.md` or `content/guides/x.md`, a
/// Markdown page that stays inside content/ and is not a section index or a
/// taxonomy profile.
fn content_path(wanted: &Path, config: &Config) -> Result<PathBuf, Diagnostic> {
    let shown = wanted.display().to_string();
    let refuse = |why: &str, help: &str| {
        Err(Diagnostic::error(wanted, format!("cannot create `{shown}`: {why}")).help(help))
    };
    let rel = wanted.strip_prefix("content").unwrap_or(wanted);
    let mut parts = Vec::new();
    for component in rel.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy().into_owned()),
            Component::CurDir => {}
            _ => {
                return refuse(
                    "the path must stay inside content/",
                    "give a path inside content/, such as guides/top-up.md",
                );
            }
        }
    }
    let Some(name) = parts.last() else {
        return refuse("no file name", "give a path such as guides/top-up.md");
    };
    if !name.ends_with(".md") || name.len() == ".md".len() {
        return refuse(
            "a guide is a Markdown file ending in .md",
            "give a path such as guides/top-up.md",
        );
    }
    if name.starts_with('_') || name.starts_with('.') {
        return refuse(
            "names starting with `_` or `.` are section files or ignored",
            "give the guide a plain name, such as guides/top-up.md",
        );
    }
    if parts.len() > 1
        && let Some(tax) = config.taxonomy(&parts[0])
    {
        let name = &tax.name;
        return refuse(
            &format!("content/{name}/ holds the profiles of the `{name}` taxonomy, not guides"),
            &format!("copy an existing profile in content/{name}/ to add a term"),
        );
    }
    Ok(parts.iter().collect())
}

/// Refuses a guide whose real location leaves content/: a folder on the way
/// (or the file itself) may be a symlink to anywhere on disk. Each part of
/// the path that exists is resolved, outermost first, so the message names
/// the link that leads out; what does not exist yet is created inside it.
fn stays_in_content(root: &Path, rel: &Path, shown: &Path) -> Result<(), Diagnostic> {
    let content = root.join("content");
    let Ok(real_content) = content.canonicalize() else {
        return Ok(()); // no content/ yet: everything is created inside it
    };
    let mut path = content.clone();
    let mut named = PathBuf::from("content");
    for part in rel.components() {
        path.push(part);
        named.push(part);
        let Ok(meta) = path.symlink_metadata() else {
            return Ok(()); // the rest does not exist yet
        };
        // A dangling link resolves nowhere and is refused too: writing
        // through it would create its target.
        let inside = path
            .canonicalize()
            .is_ok_and(|real| real.starts_with(&real_content));
        if inside {
            continue;
        }
        let target = if meta.file_type().is_symlink() {
            fs::read_link(&path)
                .map(|t| format!(" (a link to {})", t.display()))
                .unwrap_or_default()
        } else {
            String::new()
        };
        return Err(Diagnostic::error(
            shown,
            format!(
                "cannot create {}: {}{target} leads outside content/",
                shown.display(),
                named.display()
            ),
        )
        .help("create guides in folders that are really inside content/, or copy the linked folder into content/"));
    }
    Ok(())
}

/// "top-up.md" → "Top up"; "roaming/index.md" → "Roaming"; a language
/// suffix ("top-up.en.md") is not part of the title.
fn title_from(rel: &Path, config: &Config) -> String {
    let file = rel.file_name().map(|n| n.to_string_lossy().into_owned());
    let mut stem = file
        .as_deref()
        .unwrap_or_default()
        .trim_end_matches(".md")
        .to_string();
    if let Some((base, lang)) = stem.rsplit_once('.')
        && config.is_language(lang)
    {
        stem = base.to_string();
    }
    if stem == "index"
        && let Some(folder) = rel.parent().and_then(Path::file_name)
    {
        stem = folder.to_string_lossy().into_owned();
    }
    let words = stem.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "New guide".to_string(),
    }
}

fn front_matter(title: &str, today: &str, root: &Path, config: &Config) -> String {
    let title = serde_yaml::to_string(title).unwrap_or_else(|_| format!("{title:?}\n"));
    let mut text = format!(
        "---\ntitle: {title}description: \"\"  # one sentence, shown in lists and to search engines\n\
         date: {today}\nreviewed: {today}  # when the facts were last checked\n"
    );
    for tax in &config.taxonomies {
        let known = profile_terms(root, &tax.name);
        if known.is_empty() {
            text.push_str(&format!("{}: []\n", tax.name));
        } else {
            text.push_str(&format!(
                "{}: []  # any of: {}\n",
                tax.name,
                known.join(", ")
            ));
        }
    }
    text.push_str("---\nWrite the guide here: who it is for, then the steps.\n");
    text
}

/// Terms that have a profile in content/<taxonomy>/, for the hint comment.
fn profile_terms(root: &Path, taxonomy: &str) -> Vec<String> {
    let Ok(entries) = fs::read_dir(root.join("content").join(taxonomy)) else {
        return Vec::new();
    };
    let mut terms: Vec<String> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let stem = name.strip_suffix(".md")?;
            let term = stem.split('.').next()?;
            (!term.is_empty() && !name.starts_with('.')).then(|| term.to_string())
        })
        .collect();
    terms.sort();
    terms.dedup();
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        let text = std::sync::Arc::from(
            "title: T\nbase_url: https://example.org/\nlanguages:\n  zh: { title: 中 }\ntaxonomies: [operators]\n",
        );
        match Config::parse(Path::new("site.yaml"), &text) {
            Ok(config) => config,
            Err(errors) => panic!("test config does not parse: {errors:?}"),
        }
    }

    #[test]
    fn titles_come_from_file_names() {
        let c = config();
        assert_eq!(title_from(Path::new("guides/top-up.md"), &c), "Top up");
        assert_eq!(title_from(Path::new("guides/top-up.zh.md"), &c), "Top up");
        assert_eq!(
            title_from(Path::new("guides/roaming/index.md"), &c),
            "Roaming"
        );
        assert_eq!(title_from(Path::new("guides/如何充值.md"), &c), "如何充值");
    }

    #[cfg(unix)]
    #[test]
    fn links_leading_out_of_content_are_named() {
        let site = tempfile::tempdir().unwrap();
        let away = tempfile::tempdir().unwrap();
        let root = site.path();
        fs::create_dir_all(root.join("content/guides")).unwrap();
        std::os::unix::fs::symlink(away.path(), root.join("content/link")).unwrap();
        std::os::unix::fs::symlink("guides", root.join("content/g")).unwrap();
        std::os::unix::fs::symlink("/nowhere/at/all", root.join("content/dangling.md")).unwrap();
        let check = |rel: &str| {
            stays_in_content(root, Path::new(rel), Path::new(rel)).map_err(|d| d.message)
        };
        assert_eq!(check("guides/new/x.md"), Ok(()));
        assert_eq!(check("g/x.md"), Ok(()));
        let refused = check("link/deeper/x.md").unwrap_err();
        assert!(refused.contains("content/link (a link to "), "{refused}");
        assert!(check("dangling.md").is_err());
    }

    #[test]
    fn paths_must_be_guides_inside_content() {
        let c = config();
        let ok = |p: &str| content_path(Path::new(p), &c).map_err(|d| d.message.clone());
        assert_eq!(ok("guides/a.md"), Ok(PathBuf::from("guides/a.md")));
        assert_eq!(ok("content/guides/a.md"), Ok(PathBuf::from("guides/a.md")));
        for bad in [
            "../a.md",
            "/tmp/a.md",
            "guides/a.txt",
            "guides/_index.md",
            "operators/x.md",
            "guides/.md",
        ] {
            assert!(ok(bad).is_err(), "{bad} should be refused");
        }
    }
}
