//! `watch` and `serve` with search on: an edit renders what it renders
//! with search off, the index catches up after on a thread of its own,
//! reading only the edited page, and ends where a fresh build does; an
//! index on disk never names a file that is not there.

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use common::{Running, Site, eventually, file_tree};
use mekong::build::{Options, render_site};
use mekong::watch::{Area, Change, Scope, Session, Target};

const GUIDE: &str = "content/guides/top-up.md";
const GUIDE_OUT: &str = "guides/top-up/index.html";

/// The basic fixture with search on.
fn searched() -> Site {
    let site = Site::fixture("basic");
    let config = std::fs::read_to_string(site.path("site.yaml")).unwrap();
    site.write("site.yaml", &format!("{config}search: true\n"));
    site
}

fn options(site: &Site) -> Options {
    Options {
        root: site.root().canonicalize().unwrap(),
        today: Some(common::TODAY.into()),
        ..Options::default()
    }
}

fn guide_change(site: &Site) -> Change {
    let root = site.root().canonicalize().unwrap();
    Change {
        area: Area::Content,
        rel: "guides/top-up.md".into(),
        path: root.join(GUIDE),
    }
}

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut content = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut content)
        .expect("gzip");
    content
}

/// Whether the index in `files` (by output path) has `word`: in a page's
/// text (its fragment) and in the word index (a chunk); `word` in lower
/// case.
fn indexed(files: &BTreeMap<String, Vec<u8>>, word: &str) -> bool {
    let has = |ending: &str| {
        (files.iter())
            .filter(|(rel, _)| rel.starts_with("pagefind/") && rel.ends_with(ending))
            .any(|(_, bytes)| {
                let text = String::from_utf8_lossy(&gunzip(bytes)).to_lowercase();
                text.contains(word)
            })
    };
    has(".pf_fragment") && has(".pf_index")
}

fn memory(session: &Session) -> BTreeMap<String, Vec<u8>> {
    let outputs = session.outputs();
    let outputs = outputs.read().unwrap();
    (outputs.files.iter())
        .map(|(rel, content)| (rel.clone(), content.bytes().unwrap().into_owned()))
        .collect()
}

fn fresh_build(site: &Site) -> BTreeMap<String, Vec<u8>> {
    let out = tempfile::tempdir().unwrap();
    site.build(&["--output", out.path().to_str().unwrap()])
        .assert_ok();
    file_tree(out.path())
}

#[test]
fn a_body_edit_renders_what_it_does_without_search_and_the_index_catches_up() {
    let plain = Site::fixture("basic");
    let site = searched();
    let mut without = Session::new(options(&plain), None, Target::Memory);
    let out = site.path("public");
    let mut session = Session::new(options(&site), None, Target::Disk(out.clone()));
    without.rebuild_all().unwrap();
    session.rebuild_all().unwrap();
    // The first run after start-up reads every page once.
    session.wait_for_search();
    for site in [&plain, &site] {
        site.edit(GUIDE, "第二段。", "第二段：mangosteen。");
    }
    let expected = without.apply(&[guide_change(&plain)]).unwrap();
    let rebuilt = session.apply(&[guide_change(&site)]).unwrap();
    assert_eq!(rebuilt.scope, Scope::Edits);
    assert_eq!(rebuilt.rendered, expected.rendered);
    assert!(
        !rebuilt
            .changed
            .iter()
            .any(|rel| rel.starts_with("pagefind/")),
        "the index is not part of the rebuild: {:?}",
        rebuilt.changed
    );
    assert!(site.read(GUIDE_OUT).contains("mangosteen"));

    let caught = session.wait_for_search().expect("a run after the edit");
    assert!(caught.errors.is_empty(), "{:?}", caught.errors);
    assert_eq!(caught.read, 1, "only the edited page is read again");
    assert!(caught.swapped.written > 0);
    let on_disk = file_tree(&out);
    assert!(indexed(&on_disk, "mangosteen"));
    assert_eq!(on_disk, fresh_build(&site), "the output of a fresh build");
}

#[test]
fn rapid_edits_in_memory_end_with_the_index_of_the_last() {
    let site = searched();
    let mut session = Session::new(options(&site), None, Target::Memory);
    session.rebuild_all().unwrap();
    let mut last = "第二段。".to_string();
    for word in ["durian", "rambutan", "longan", "jackfruit"] {
        let now = format!("第二段：{word}。");
        site.edit(GUIDE, &last, &now);
        let rebuilt = session.apply(&[guide_change(&site)]).unwrap();
        assert_eq!(rebuilt.scope, Scope::Edits);
        last = now;
    }
    session.wait_for_search();
    let outputs = memory(&session);
    assert!(indexed(&outputs, "jackfruit"));
    for earlier in ["durian", "rambutan", "longan"] {
        assert!(!indexed(&outputs, earlier), "{earlier} is still indexed");
    }
    let fresh = render_site(&options(&site)).unwrap_or_else(|d| panic!("{d:?}"));
    let fresh: BTreeMap<String, Vec<u8>> = (fresh.outputs.files.iter())
        .map(|(rel, content)| (rel.clone(), content.bytes().unwrap().into_owned()))
        .collect();
    assert_eq!(outputs, fresh);
}

#[test]
fn a_front_matter_edit_with_search_on_reindexes_the_new_title() {
    let site = searched();
    let mut session = Session::new(options(&site), None, Target::Memory);
    session.rebuild_all().unwrap();
    let text = std::fs::read_to_string(site.path(GUIDE)).unwrap();
    let title = text.lines().find(|l| l.starts_with("title:")).unwrap();
    site.edit(GUIDE, title, "title: Pomelo guide");
    session.apply(&[guide_change(&site)]).unwrap();
    session.wait_for_search();
    assert!(indexed(&memory(&session), "pomelo"));
}

#[test]
fn a_draft_toggled_with_search_on_ends_where_a_fresh_build_does() {
    let site = searched();
    let mut session = Session::new(options(&site), None, Target::Memory);
    session.rebuild_all().unwrap();
    // A draft published, then made a draft again (as tests/watch.rs).
    let root = site.root().canonicalize().unwrap();
    let change = Change {
        area: Area::Content,
        rel: "guides/secret.md".into(),
        path: root.join("content/guides/secret.md"),
    };
    for (from, to) in [
        ("draft: true", "operators: [smart]"),
        ("operators: [smart]", "draft: true"),
    ] {
        site.edit("content/guides/secret.md", from, to);
        let rebuilt = session.apply(std::slice::from_ref(&change)).unwrap();
        assert_eq!(
            rebuilt.scope,
            Scope::Edits,
            "the exact path, as with search off"
        );
        session.wait_for_search();
        let outputs = memory(&session);
        let listed = (outputs.iter())
            .filter(|(rel, _)| rel.ends_with(".pf_fragment"))
            .any(|(_, bytes)| String::from_utf8_lossy(&gunzip(bytes)).contains("/guides/secret/"));
        assert_eq!(listed, to.contains("smart"), "{to}");
    }
    let fresh = render_site(&options(&site)).unwrap_or_else(|d| panic!("{d:?}"));
    let fresh: BTreeMap<String, Vec<u8>> = (fresh.outputs.files.iter())
        .map(|(rel, content)| (rel.clone(), content.bytes().unwrap().into_owned()))
        .collect();
    assert_eq!(memory(&session), fresh);
}

/// Every file the index on disk names, as one look sees it: the entry's
/// meta files, and the fragments and chunks each meta file names. `None`
/// when the entry changed during the look (a swap: look again).
fn missing_files(out: &Path) -> Option<Vec<String>> {
    let bundle = out.join("pagefind");
    let entry = std::fs::read(bundle.join("pagefind-entry.json")).ok()?;
    let json: serde_json::Value = serde_json::from_slice(&entry).expect("entry json");
    let names = regex::Regex::new(r"(zh|en)_[0-9a-f]{7}").unwrap();
    let mut missing = Vec::new();
    for (lang, language) in json["languages"].as_object().expect("languages") {
        let hash = language["hash"].as_str().expect("hash");
        let meta = bundle.join(format!("pagefind.{hash}.pf_meta"));
        let Ok(bytes) = std::fs::read(&meta) else {
            missing.push(format!("{lang}: {}", meta.display()));
            continue;
        };
        let text = String::from_utf8_lossy(&gunzip(&bytes)).into_owned();
        for name in names.find_iter(&text).map(|m| m.as_str()) {
            let fragment = bundle.join(format!("fragment/{name}.pf_fragment"));
            let chunk = bundle.join(format!("index/{name}.pf_index"));
            if !fragment.exists() && !chunk.exists() {
                missing.push(name.to_string());
            }
        }
    }
    let again = std::fs::read(bundle.join("pagefind-entry.json")).ok()?;
    (again == entry).then_some(missing)
}

#[test]
fn watch_never_shows_an_index_naming_a_missing_file_and_ends_with_the_last_edit() {
    let site = searched();
    let watch = Running::watch(site.root(), &[]);
    let out = site.path("public");
    assert!(missing_files(&out).is_some_and(|m| m.is_empty()));
    let done = Arc::new(AtomicBool::new(false));
    let seen = Arc::new(Mutex::new((0usize, Vec::<String>::new())));
    let looker = {
        let (done, seen, out) = (Arc::clone(&done), Arc::clone(&seen), out.clone());
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                if let Some(missing) = missing_files(&out) {
                    let mut seen = seen.lock().unwrap();
                    seen.0 += 1;
                    seen.1.extend(missing);
                }
            }
        })
    };
    let mut last = "第二段。".to_string();
    for word in ["durian", "rambutan", "longan", "jackfruit", "soursop"] {
        let now = format!("第二段：{word}。");
        site.edit(GUIDE, &last, &now);
        eventually(&format!("the page to show {word}"), || {
            site.read(GUIDE_OUT).contains(word).then_some(())
        });
        last = now;
    }
    let fresh = fresh_build(&site);
    eventually("the output to be a fresh build's", || {
        (file_tree(&out) == fresh).then_some(())
    });
    watch.line_with("search index caught up");
    done.store(true, Ordering::Relaxed);
    looker.join().unwrap();
    let (looks, missing) = seen.lock().unwrap().clone();
    assert!(looks > 0);
    assert!(
        missing.is_empty(),
        "the index named missing files: {missing:?}"
    );
    let on_disk = file_tree(&out);
    assert!(indexed(&on_disk, "soursop"));
    assert!(!indexed(&on_disk, "jackfruit"));
}
