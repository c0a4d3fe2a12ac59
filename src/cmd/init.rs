//! `mekong init DIR`: a new site that builds and passes `mekong check` at
//! once: site.yaml, a home page, one guide, one operator profile, and a
//! copy of the default theme to adapt.

// As in the library: diagnostics are rich values on the cold path only.
#![allow(clippy::result_large_err)]

use std::fs;
use std::path::{Path, PathBuf};

use mekong::diagnostics::Diagnostic;
use mekong::render::templates::DEFAULT_THEME;

use crate::cli::InitArgs;

const SITE_YAML: &str = r##"# Site settings. Every key is described in mekong's docs/ (site.yaml).
title: My SIM Guides
description: Practical guides to buying, using and cancelling a mobile SIM
base_url: https://example.org/
default_language: en
# More languages: add them here, then write name.zh.md beside name.md.
# languages:
#   zh: { title: 电话卡指南 }
theme: default
taxonomies:
  - name: operators
    closed: true      # every operator needs a profile in content/operators/
    feed: true
    sort_by: weight
  - topics
stale_after_days: 365 # guides reviewed longer ago than this show a notice
"##;

const HOME: &str = r#"---
title: My SIM Guides
description: Practical, checked guides to mobile operators.
---
Welcome. Every guide says when its facts were last checked and marks what
could not be confirmed, so readers know what to check with the operator.
"#;

const GUIDES: &str = r#"---
title: Guides
description: Every guide, newest first.
---
"#;

const PROFILE: &str = r##"---
title: Example Mobile
description: An example operator profile. Replace it with a real operator.
weight: 1
extra:
  website: https://example.com/
  colour: "#0b7a75"
facts:
  hotline: { value: "123", status: unconfirmed, label: Hotline }
  balance: { value: "*123#", status: unconfirmed, label: Check balance }
---
A profile is the top of its operator's page, above the list of guides
that name it in `operators:`. Put what readers need first: where the shops
are, what to bring, and where the official information is.
"##;

/// The example guide, with `{today}` filled in so it is not stale.
const GUIDE: &str = r#"---
title: How to check your balance
description: The quickest ways to see your credit and data, and what to do when a code does not work.
date: {today}
reviewed: {today}
operators: [example-mobile]
topics: [balance]
extra:
  facts:
    - { label: Balance code, operator: example-mobile, key: balance }
---
This is an example guide. Edit it, or add another with
`mekong new guides/my-guide.md`.

## Dial a code

Dial the operator's balance code and press call; the answer appears on the
screen. The code for Example Mobile is in the box above and on
[its page](/operators/example-mobile/).

## Use the app

Most operators have an app that shows your credit and data packages.
"#;

pub fn run(args: &InitArgs, color: bool) -> u8 {
    match init(&args.dir) {
        Ok(count) => {
            println!(
                "created a new site in {} ({count} files)\nnext: mekong build --root {}",
                args.dir.display(),
                args.dir.display()
            );
            0
        }
        Err(d) => {
            eprintln!("{}", d.render(color));
            1
        }
    }
}

/// Writes the new site; returns how many files it wrote.
fn init(dir: &Path) -> Result<usize, Diagnostic> {
    refuse_non_empty(dir)?;
    // The site has no timezone set, so its dates are read as UTC.
    let today = mekong::dates::build_date(None, &jiff::tz::TimeZone::UTC)
        .map_err(|why| Diagnostic::error("SOURCE_DATE_EPOCH", why))?
        .to_string();
    let mut files: Vec<(PathBuf, Vec<u8>)> = vec![
        ("site.yaml".into(), SITE_YAML.into()),
        (".gitignore".into(), "/public/\n/.mekong-cache/\n".into()),
        ("content/_index.md".into(), HOME.into()),
        ("content/guides/_index.md".into(), GUIDES.into()),
        (
            "content/guides/check-balance.md".into(),
            GUIDE.replace("{today}", &today).into(),
        ),
        ("content/operators/example-mobile.md".into(), PROFILE.into()),
    ];
    collect_theme(&DEFAULT_THEME, &mut files);
    for (rel, bytes) in &files {
        let path = dir.join(rel);
        let written = path
            .parent()
            .map_or(Ok(()), fs::create_dir_all)
            .and_then(|()| fs::write(&path, bytes));
        if let Err(err) = written {
            return Err(Diagnostic::error(
                &path,
                format!("cannot write {}: {err}", path.display()),
            ));
        }
    }
    Ok(files.len())
}

/// An existing folder is used only when empty: init never overwrites.
fn refuse_non_empty(dir: &Path) -> Result<(), Diagnostic> {
    if !dir.exists() {
        return Ok(());
    }
    if !dir.is_dir() {
        return Err(Diagnostic::error(
            dir,
            format!("{} exists and is not a folder", dir.display()),
        )
        .help("choose a new folder name: `mekong init my-site`"));
    }
    let mut entries = fs::read_dir(dir)
        .map_err(|err| Diagnostic::error(dir, format!("cannot read {}: {err}", dir.display())))?;
    if entries.next().is_some() {
        return Err(Diagnostic::error(
            dir,
            format!(
                "{} is not empty; mekong init writes only into a new or empty folder",
                dir.display()
            ),
        )
        .help("choose a new folder name: `mekong init my-site`"));
    }
    Ok(())
}

/// Every file of the compiled-in default theme, under themes/default/.
fn collect_theme(dir: &include_dir::Dir<'static>, files: &mut Vec<(PathBuf, Vec<u8>)>) {
    for file in dir.files() {
        files.push((
            Path::new("themes/default").join(file.path()),
            file.contents().to_vec(),
        ));
    }
    for child in dir.dirs() {
        collect_theme(child, files);
    }
}
