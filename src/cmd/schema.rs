//! `mekong schema`: write the JSON Schemas of the site at --root into
//! --out, one file each for site.yaml, pages, sections and term profiles;
//! the paths written on stdout. Exit 1 when site.yaml cannot be read or a
//! file cannot be written (nothing is half-written: each file is written
//! whole or not at all).

use mekong::diagnostics::{Diagnostic, Diagnostics};

use crate::cli::SchemaArgs;

pub fn run(args: &SchemaArgs, color: bool) -> u8 {
    let schemas = match mekong::schema::schemas(&args.root) {
        Ok(schemas) => schemas,
        Err(d) => return failed(d, color),
    };
    if let Err(e) = std::fs::create_dir_all(&args.out) {
        return failed(cannot_write(&args.out, &e), color);
    }
    for schema in schemas {
        let path = args.out.join(schema.file);
        let mut text = match serde_json::to_string_pretty(&schema.json) {
            Ok(text) => text,
            Err(e) => return failed(Diagnostic::error(&path, e.to_string()), color),
        };
        text.push('\n');
        if let Err(e) = write_whole(&path, text.as_bytes()) {
            return failed(cannot_write(&path, &e), color);
        }
        println!("{}", path.display());
    }
    0
}

/// Writes beside the file, then renames: an editor reading the schema
/// never sees half of one.
fn write_whole(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let partial = path.with_extension("json.partial");
    std::fs::write(&partial, bytes)?;
    std::fs::rename(&partial, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&partial);
    })
}

fn cannot_write(path: &std::path::Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(path, format!("cannot write schema: {e}"))
        .help("pass --out a folder you can write to")
}

fn failed(d: Diagnostic, color: bool) -> u8 {
    let mut list = Diagnostics::default();
    list.push(d);
    super::report(list, super::Print::new(color, false));
    1
}
