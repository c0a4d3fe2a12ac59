//! The output guarantees of the design contract: a failed build writes
//! nothing; a good build leaves exactly what the site renders (dot-files
//! aside), rewrites only what changed, is byte-for-byte reproducible, and
//! never writes or deletes outside the output directory.

mod common;

use std::path::Path;
use std::time::{Duration, SystemTime};

use common::{Site, file_tree};

fn mtime(path: &Path) -> SystemTime {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Sets a file's mtime to an hour ago, so a rewrite would show however
/// coarse the file system's clock is.
fn age(path: &Path) {
    let file = std::fs::File::options().write(true).open(path).unwrap();
    file.set_modified(SystemTime::now() - Duration::from_secs(3600))
        .unwrap();
}

#[test]
fn a_failed_build_leaves_the_existing_output_byte_identical() {
    let site = Site::fixture("basic");
    site.build(&[]).assert_ok();
    let before = file_tree(&site.path("public"));
    let page = site.path("public/guides/top-up/index.html");
    age(&page);
    let stamp = mtime(&page);

    // A valid edit and a broken file in the same build: neither lands.
    site.edit(
        "content/guides/top-up.md",
        "title: 充值",
        "title: 充值（新）",
    );
    site.write(
        "content/guides/broken.md",
        "---\ntitle: 坏\ndate: 2025-02-30\n---\n",
    );
    site.build(&[]).assert_fails();
    assert_eq!(file_tree(&site.path("public")), before);
    assert_eq!(mtime(&page), stamp);

    // A template error, found only while rendering, is no different.
    std::fs::remove_file(site.path("content/guides/broken.md")).unwrap();
    site.write("templates/page.html", "{{ page.no_such_field }}");
    site.build(&[]).assert_fails();
    assert_eq!(file_tree(&site.path("public")), before);
}

/// An orphan is a file the last build wrote (it is in the manifest) that
/// this build no longer renders; a file left in the output by hand is not
/// mekong's and stays.
#[test]
fn orphans_are_removed_but_dot_files_dot_folders_and_hand_made_files_survive() {
    let site = Site::fixture("basic");
    site.build(&[]).assert_ok();
    site.write("public/.nojekyll", "");
    site.write("public/.git/HEAD", "ref: refs/heads/main\n");
    site.write("public/guides/.keep", "kept\n");
    site.write("public/stray/file.txt", "left by hand\n");

    std::fs::remove_file(site.path("content/guides/top-up.md")).unwrap();
    std::fs::remove_dir_all(site.path("content/guides/roaming")).unwrap();
    site.edit("content/guides/cancel-sim.md", "[充值](top-up.md)", "充值");
    site.edit(
        "content/guides/cancel-sim.md",
        "[漫游费用](roaming/index.md#fees)",
        "漫游费用",
    );
    site.edit(
        "content/guides/notes/keep-number.md",
        "[漫游费用](../roaming/index.md#fees)",
        "漫游费用",
    );
    site.edit(
        "content/guides/cancel-sim.en.md",
        "[top up](top-up.md)",
        "top up",
    );
    let run = site.build(&[]);
    run.assert_ok();

    // Three guides are left: they fit on one page, so page 2 goes too.
    for gone in [
        "guides/top-up/index.html",
        "guides/roaming/index.html",
        "guides/roaming/map.jpg",
        "guides/page/2/index.html",
    ] {
        assert!(!site.exists(gone), "{gone} was not removed");
    }
    assert!(
        !site.path("public/guides/roaming").exists(),
        "an emptied folder was left behind"
    );
    assert_eq!(site.read("stray/file.txt"), "left by hand\n");
    assert_eq!(site.read(".nojekyll"), "");
    assert_eq!(site.read(".git/HEAD"), "ref: refs/heads/main\n");
    assert_eq!(site.read("guides/.keep"), "kept\n");
    assert!(run.stdout().contains(" 4 removed)"), "{}", run.stdout());
}

#[test]
fn an_unchanged_file_is_not_rewritten_and_a_no_op_rebuild_writes_nothing() {
    let site = Site::fixture("basic");
    site.build(&[]).assert_ok();
    let untouched = site.path("public/guides/top-up/index.html");
    let changed = site.path("public/guides/cancel-sim/index.html");
    age(&untouched);
    age(&changed);
    let (untouched_stamp, changed_stamp) = (mtime(&untouched), mtime(&changed));

    let run = site.build(&[]);
    run.assert_ok();
    assert!(run.stdout().contains("0 written"), "{}", run.stdout());
    assert!(run.stdout().contains(" 0 removed"), "{}", run.stdout());
    assert_eq!(mtime(&untouched), untouched_stamp);

    site.edit(
        "content/guides/cancel-sim.md",
        "然后带护照去门店办理。",
        "然后带护照和电话卡去门店办理。",
    );
    let run = site.build(&[]);
    run.assert_ok();
    assert_eq!(mtime(&untouched), untouched_stamp);
    assert_ne!(mtime(&changed), changed_stamp);
    assert!(
        site.read("guides/cancel-sim/index.html")
            .contains("然后带护照和电话卡去门店办理。")
    );
    assert!(!run.stdout().contains(" 0 written"), "{}", run.stdout());
    // No temp file is left beside what was rewritten.
    assert!(
        site.outputs().iter().all(|f| !f.contains(".tmp")),
        "{:?}",
        site.outputs()
    );
}

#[test]
fn two_builds_with_the_same_date_are_byte_identical() {
    let first = Site::fixture("basic");
    let second = Site::fixture("basic");
    first.build(&["--drafts"]).assert_ok();
    second.build(&["--drafts"]).assert_ok();
    let a = file_tree(&first.path("public"));
    assert!(a.len() > 30, "{:?}", a.keys());
    assert_eq!(a, file_tree(&second.path("public")));
}

#[test]
fn source_date_epoch_fixes_the_build_date_reproducibly() {
    let site = Site::with_config("stale_after_days: 30\n");
    site.write(
        "templates/page.html",
        "stale={{ page.stale }} today={{ build_date }}",
    );
    site.write(
        "content/fees.md",
        "---\ntitle: 资费\ndate: 2026-01-01\nreviewed: 2026-01-01\n---\n",
    );
    // 2026-03-01T00:00:00Z.
    let epoch = [("SOURCE_DATE_EPOCH", "1772323200")];
    site.build_with_env(&[], &epoch).assert_ok();
    let first = file_tree(&site.path("public"));
    assert_eq!(site.read("fees/index.html"), "stale=true today=2026-03-01");
    let other = tempfile::tempdir().unwrap();
    site.build_with_env(&["--output", other.path().to_str().unwrap()], &epoch)
        .assert_ok();
    assert_eq!(file_tree(other.path()), first);
    // --today wins over the environment.
    site.build_with_env(&["--today", "2026-01-15"], &epoch)
        .assert_ok();
    assert_eq!(site.read("fees/index.html"), "stale=false today=2026-01-15");
}

#[test]
fn an_output_dir_that_is_the_site_its_parent_or_inside_content_is_refused() {
    let outer = tempfile::tempdir().unwrap();
    let root = outer.path().join("site");
    common::copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic"),
        &root,
    );
    std::fs::write(outer.path().join("precious.txt"), "do not delete\n").unwrap();
    let before = file_tree(outer.path());

    for out in [
        root.clone(),
        outer.path().to_path_buf(),
        root.join("content"),
        root.join("content/guides/out"),
        root.join("static/out"),
    ] {
        let run = common::mekong(&[
            "build",
            "--root",
            root.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
            "--today",
            common::TODAY,
        ]);
        run.assert_fails();
        assert!(
            run.stderr().contains("refusing to build into"),
            "{}: {}",
            out.display(),
            run.stderr()
        );
        assert_eq!(
            file_tree(outer.path()),
            before,
            "building into {} changed files",
            out.display()
        );
    }
    // A relative spelling of the site root is the site root too.
    let run = common::mekong(&[
        "build",
        "--root",
        root.to_str().unwrap(),
        "--output",
        root.join("content/..").to_str().unwrap(),
    ]);
    run.assert_fails();
    assert_eq!(file_tree(outer.path()), before);
}

#[cfg(unix)]
#[test]
fn a_symlink_planted_in_the_output_is_not_followed() {
    let site = Site::fixture("basic");
    site.build(&[]).assert_ok();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("index.html"), "outside\n").unwrap();
    let before = file_tree(outside.path());

    std::fs::remove_dir_all(site.path("public/guides")).unwrap();
    std::os::unix::fs::symlink(outside.path(), site.path("public/guides")).unwrap();
    std::fs::remove_file(site.path("public/robots.txt")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("index.html"),
        site.path("public/robots.txt"),
    )
    .unwrap();
    site.build(&[]).assert_ok();

    assert_eq!(
        file_tree(outside.path()),
        before,
        "mekong wrote through a symlink"
    );
    assert!(!site.path("public/guides").is_symlink());
    assert!(
        site.read("guides/top-up/index.html")
            .contains("买一张充值卡")
    );
    assert!(site.read("robots.txt").starts_with("User-agent"));
}

#[cfg(unix)]
#[test]
fn a_content_symlink_leaving_the_site_is_not_followed() {
    let site = Site::fixture("basic");
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.md"),
        "---\ntitle: 秘密\ndate: 2025-01-01\n---\n不该发布。\n",
    )
    .unwrap();
    std::fs::write(outside.path().join("passwd.txt"), "root:x:0:0\n").unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        site.path("content/guides/secret-link.md"),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path(), site.path("content/leak")).unwrap();
    // A link that stays inside the site is fine.
    std::os::unix::fs::symlink(
        site.path("content/files/price-list.txt"),
        site.path("content/files/prices.txt"),
    )
    .unwrap();

    let run = site.build(&[]);
    run.assert_ok();
    assert!(
        run.stderr().contains("content/guides/secret-link.md")
            && run.stderr().contains("not followed"),
        "{}",
        run.stderr()
    );
    let published: String = site.outputs().join("\n");
    assert!(
        !published.contains("secret")
            && !published.contains("leak")
            && !published.contains("passwd"),
        "{published}"
    );
    for file in site.outputs() {
        let bytes = std::fs::read(site.path("public").join(&file)).unwrap();
        assert!(
            !String::from_utf8_lossy(&bytes).contains("不该发布"),
            "{file} publishes the outside file"
        );
    }
    assert_eq!(site.read("files/prices.txt"), "price list\n");
}
