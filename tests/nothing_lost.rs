//! Issue 13: mekong deletes only what it wrote, a failed write changes
//! nothing, a kill at any point leaves old or new files (never half of
//! one), and the output folder is checked by its real location. Each test
//! is named after what broke before the manifest and the staged write.

mod common;

use std::collections::BTreeMap;
use std::io::Write;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::{Mekong, Pipe, Site, TODAY, file_tree};
use mekong::build::Options;
use mekong::watch::{Area, Change, Session, Target};

const MANIFEST: &str = ".mekong-manifest";

/// The output's files without mekong's own bookkeeping: what a reader gets.
fn published(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut tree = file_tree(dir);
    tree.remove(MANIFEST);
    tree
}

/// Files that only a write in progress leaves: stages (new folders are
/// staged whole, so a stage may be a folder), backups, the journal.
fn leftovers(dir: &Path) -> Vec<String> {
    file_tree(dir)
        .into_keys()
        .filter(|rel| {
            rel.split('/')
                .any(|part| part.ends_with(".mekong-new") || part.ends_with(".mekong-old"))
                || rel.contains(".mekong-journal")
                || rel.ends_with(".tmp")
        })
        .collect()
}

/// What a fresh build of `site` into a new folder writes.
fn fresh_tree(site: &Site) -> BTreeMap<String, Vec<u8>> {
    let other = tempfile::tempdir().unwrap();
    let out = other.path().join("out");
    site.build(&["--output", out.to_str().unwrap()]).assert_ok();
    file_tree(&out)
}

fn is_root() -> bool {
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

// --- mekong deletes only what it wrote -----------------------------------

#[test]
fn building_into_a_folder_of_the_users_files_deletes_nothing_and_is_refused() {
    let site = Site::fixture("basic");
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join("notes.txt"), "mine\n").unwrap();
    std::fs::create_dir(home.path().join("photos")).unwrap();
    std::fs::write(home.path().join("photos/cat.jpg"), "jpeg\n").unwrap();
    std::fs::write(home.path().join(".profile"), "dot\n").unwrap();
    let before = file_tree(home.path());

    let out = home.path().to_str().unwrap();
    let run = site.build(&["--output", out]);
    run.assert_fails();
    let stderr = run.stderr();
    assert!(
        stderr.contains(&format!("refusing to build into {out}: it is not empty and has no mekong manifest (.mekong-manifest)"))
            && stderr.contains("`notes.txt`")
            && stderr.contains("--force-output"),
        "{stderr}"
    );
    assert_eq!(file_tree(home.path()), before);
}

#[test]
fn force_output_adopts_a_folder_and_never_deletes_what_mekong_did_not_write() {
    let site = Site::fixture("basic");
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join("notes.txt"), "mine\n").unwrap();
    std::fs::create_dir(home.path().join("guides")).unwrap();
    std::fs::write(home.path().join("guides/draft.txt"), "mine too\n").unwrap();
    let out = home.path().to_str().unwrap();

    site.build(&["--output", out, "--force-output"]).assert_ok();
    assert_eq!(
        std::fs::read_to_string(home.path().join("notes.txt")).unwrap(),
        "mine\n"
    );
    assert!(home.path().join("guides/top-up/index.html").is_file());
    let manifest = std::fs::read_to_string(home.path().join(MANIFEST)).unwrap();
    assert!(!manifest.contains("notes.txt"), "{manifest}");

    // The next build needs no flag; it removes its own orphans only.
    std::fs::remove_file(site.path("content/guides/如何注销Smart电话卡.md")).unwrap();
    let run = site.build(&["--output", out]);
    run.assert_ok();
    // The guide's page, and the second page of the list it no longer fills.
    assert!(run.stdout().contains(" 2 removed)"), "{}", run.stdout());
    assert!(
        !home
            .path()
            .join("guides/ru-he-zhu-xiao-smart-dian-hua-ka")
            .exists()
    );
    assert_eq!(
        std::fs::read_to_string(home.path().join("guides/draft.txt")).unwrap(),
        "mine too\n"
    );
    assert_eq!(
        std::fs::read_to_string(home.path().join("notes.txt")).unwrap(),
        "mine\n"
    );
}

#[test]
fn an_older_mekongs_output_without_a_manifest_is_adopted_and_its_temp_files_cleaned() {
    let site = Site::fixture("basic");
    site.build(&[]).assert_ok();
    let fresh = file_tree(&site.path("public"));
    // What mekong before the manifest left: no manifest, and the temp
    // dot-files of a build killed mid-write.
    std::fs::remove_file(site.path("public").join(MANIFEST)).unwrap();
    site.write("public/guides/.index.html.mekong-4242.tmp", "<html>half");
    site.write("public/.nojekyll", "");

    let run = site.build(&[]);
    run.assert_ok();
    let mut expected = fresh;
    expected.insert(".nojekyll".into(), Vec::new());
    assert_eq!(file_tree(&site.path("public")), expected);
}

// --- the output folder by its real location ------------------------------

#[test]
fn a_symlinked_content_folder_is_refused_as_output_with_or_without_force() {
    let site = Site::fixture("basic");
    std::fs::rename(site.path("content"), site.path("real-content")).unwrap();
    std::os::unix::fs::symlink(site.path("real-content"), site.path("content")).unwrap();
    let before = file_tree(site.root());
    for out in ["content", "real-content", "real-content/guides"] {
        for force in [false, true] {
            let out_path = site.path(out);
            let mut args = vec!["--output", out_path.to_str().unwrap()];
            if force {
                args.push("--force-output");
            }
            let run = site.build(&args);
            run.assert_fails();
            assert!(
                run.stderr().contains(&format!(
                    "refusing to build into {}: it lies inside content/",
                    out_path.display()
                )),
                "{out} (force: {force}): {}",
                run.stderr()
            );
            assert_eq!(file_tree(site.root()), before, "{out} changed the site");
        }
    }
}

#[test]
fn dot_dot_after_a_missing_folder_does_not_get_past_the_guard() {
    let site = Site::fixture("basic");
    let before = file_tree(site.root());
    for (spelling, why) in [
        ("missing/../content", "it lies inside content/"),
        ("missing/..", "it is the site root"),
        ("missing/deeper/../../static", "it lies inside static/"),
    ] {
        let out = format!("{}/{spelling}", site.root().display());
        let run = site.build(&["--output", &out, "--force-output"]);
        run.assert_fails();
        assert!(
            run.stderr()
                .contains(&format!("refusing to build into {out}: {why}")),
            "{spelling}: {}",
            run.stderr()
        );
        assert_eq!(
            file_tree(site.root()),
            before,
            "{spelling} changed the site"
        );
    }
}

// --- a failed write changes nothing ---------------------------------------

/// `mekong build` as an unprivileged user where the tests run as root (so
/// that a file's permissions count), as is otherwise.
fn build_as_user(site: &Site, args: &[&str]) -> common::Run {
    let root = site.root().to_str().unwrap();
    let mut mekong = Mekong::new(&["build", "--root", root, "--today", TODAY]);
    mekong.command().args(args);
    if is_root() {
        use std::os::unix::process::CommandExt;
        mekong.command().uid(65534).gid(65534);
    }
    mekong.run()
}

fn open_to_everyone(dir: &Path) {
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        let mode = if entry.file_type().is_dir() {
            0o777
        } else {
            0o666
        };
        if !entry.path_is_symlink() {
            std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(mode)).unwrap();
        }
    }
}

#[test]
fn an_unreadable_asset_fails_the_build_before_any_file_is_written() {
    let site = Site::fixture("basic");
    open_to_everyone(site.root());
    build_as_user(&site, &[]).assert_ok();
    let before = file_tree(&site.path("public"));

    site.edit(
        "content/guides/top-up.md",
        "title: 充值",
        "title: 充值（新）",
    );
    let asset = site.path("content/files/price-list.txt");
    std::fs::set_permissions(&asset, std::fs::Permissions::from_mode(0o000)).unwrap();
    let run = build_as_user(&site, &[]);
    if run.code() == 0 {
        eprintln!("skipped: this user can still read a file with mode 000");
        return;
    }
    run.assert_fails();
    let stderr = run.stderr();
    assert!(
        stderr.contains("cannot read the source of `files/price-list.txt`")
            && stderr.contains("Permission denied")
            && stderr.contains("nothing was written"),
        "{stderr}"
    );
    assert_eq!(file_tree(&site.path("public")), before);
}

/// A small tmpfs mounted for one test; unmounted when dropped.
struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    fn mount(size: &str) -> Option<Tmpfs> {
        Tmpfs::mount_with(&format!("size={size}"))
    }

    fn mount_with(options: &str) -> Option<Tmpfs> {
        let dir = tempfile::tempdir().unwrap();
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(dir.path())
            .stderr(Stdio::null())
            .status();
        if status.is_ok_and(|s| s.success()) {
            Some(Tmpfs { dir })
        } else {
            eprintln!("skipped: cannot mount a tmpfs (needs root)");
            None
        }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Fills the file system but for `leave` bytes, with a dot-file
    /// (mekong never touches it).
    fn fill(&self, leave: u64) -> PathBuf {
        let filler = self.path().join(".filler");
        let mut file = std::fs::File::create(&filler).unwrap();
        let chunk = vec![0u8; 64 * 1024];
        while file.write_all(&chunk).is_ok() {}
        let len = file.metadata().unwrap().len();
        file.set_len(len.saturating_sub(leave)).unwrap();
        filler
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.dir.path()).status();
    }
}

/// A body large enough not to fit in what `Tmpfs::fill` leaves.
fn big_body() -> String {
    "很长的一段话。".repeat(20_000)
}

#[test]
fn a_full_disk_while_staging_leaves_the_old_site_whole_and_says_so() {
    let Some(disk) = Tmpfs::mount("2m") else {
        return;
    };
    let site = Site::fixture("basic");
    let out = disk.path().to_str().unwrap().to_string();
    site.build(&["--output", &out]).assert_ok();
    let before = file_tree(disk.path());

    let filler = disk.fill(64 * 1024);
    site.edit("content/guides/top-up.md", "第二段。", &big_body());
    site.edit(
        "content/guides/top-up.md",
        "title: 充值",
        "title: 充值（新）",
    );
    let run = site.build(&["--output", &out]);
    run.assert_fails();
    let stderr = run.stderr();
    assert!(
        stderr.contains("No space left on device")
            && stderr.contains("nothing in the output folder was changed")
            && stderr.contains("nothing was written"),
        "{stderr}"
    );
    std::fs::remove_file(&filler).unwrap();
    assert_eq!(file_tree(disk.path()), before);

    // With room again, the next build writes what a fresh build writes.
    site.build(&["--output", &out]).assert_ok();
    assert_eq!(file_tree(disk.path()), fresh_tree(&site));
}

/// A first build makes its pages' folders on a thread of its own while the
/// pages render, holding the pages that come before their folder
/// (src/output/folders.rs). A file system that runs out of inodes part way
/// (folders and files each take one) must fail that build with its reason
/// and leave nothing behind; with room again, the build writes the site.
#[test]
fn a_first_build_out_of_inodes_leaves_nothing_and_the_next_one_writes_the_site() {
    // The basic fixture's output is 26 folders and 37 files.
    let Some(disk) = Tmpfs::mount_with("size=8m,nr_inodes=24") else {
        return;
    };
    let site = Site::fixture("basic");
    let out = disk.path().join("public");
    let out_arg = out.to_str().unwrap().to_string();
    let run = site.build(&["--output", &out_arg]);
    run.assert_fails();
    let stderr = run.stderr();
    assert!(
        stderr.contains("No space left on device") && stderr.contains("nothing was written"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    let left: Vec<_> = std::fs::read_dir(disk.path()).unwrap().collect();
    assert!(left.is_empty(), "left behind: {left:?}");

    let remounted = Command::new("mount")
        .args(["-o", "remount,nr_inodes=1000", "tmpfs"])
        .arg(disk.path())
        .status()
        .unwrap();
    assert!(remounted.success());
    site.build(&["--output", &out_arg]).assert_ok();
    assert_eq!(file_tree(&out), fresh_tree(&site));
}

/// A one-shot build keeps its pages' HTML in a temporary file in TMPDIR
/// (issue 21). A TMPDIR that fills up while that file is written must fail
/// the build with its reason and leave the published site as it was: the
/// HTML written before the disk filled is in a file the build can no
/// longer trust.
#[test]
fn a_full_temporary_folder_fails_the_build_and_leaves_the_site_whole() {
    let Some(disk) = Tmpfs::mount("1m") else {
        return;
    };
    let site = Site::fixture("basic");
    site.build(&[]).assert_ok();
    let before = file_tree(&site.path("public"));

    let filler = disk.fill(32 * 1024);
    site.edit("content/guides/top-up.md", "第二段。", &big_body());
    let tmpdir = disk.path().to_str().unwrap();
    let run = site.build_with_env(&["--today", TODAY], &[("TMPDIR", tmpdir)]);
    run.assert_fails();
    let stderr = run.stderr();
    assert!(
        stderr.contains("could not write the pages' HTML to a temporary file")
            && stderr.contains("No space left on device")
            && stderr.contains("TMPDIR")
            && stderr.contains("nothing was written"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(file_tree(&site.path("public")), before);

    // With room again, the same sources build, and the temporary file is
    // gone with the build (nothing but the filler was ever left there).
    std::fs::remove_file(&filler).unwrap();
    site.build_with_env(&["--today", TODAY], &[("TMPDIR", tmpdir)])
        .assert_ok();
    assert!(file_tree(disk.path()).is_empty());
    assert!(
        String::from_utf8_lossy(&file_tree(&site.path("public"))["guides/top-up/index.html"])
            .contains("很长的一段话。")
    );
}

/// Makes a file immutable (`chattr +i`) for one test; undone when dropped.
struct Immutable(PathBuf);

impl Immutable {
    fn set(path: PathBuf) -> Option<Immutable> {
        let ok = Command::new("chattr")
            .arg("+i")
            .arg(&path)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if ok && is_root() {
            Some(Immutable(path))
        } else {
            eprintln!("skipped: chattr +i is not available here");
            None
        }
    }
}

impl Drop for Immutable {
    fn drop(&mut self) {
        let _ = Command::new("chattr").arg("-i").arg(&self.0).status();
    }
}

#[test]
fn an_immutable_output_file_fails_the_build_and_every_moved_file_is_put_back() {
    let site = Site::fixture("basic");
    site.build(&[]).assert_ok();
    let before = file_tree(&site.path("public"));
    // A title shows on many pages: many files change, one cannot.
    site.edit(
        "content/guides/top-up.md",
        "title: 充值",
        "title: 充值（新）",
    );
    let Some(lock) = Immutable::set(site.path("public/guides/top-up/index.html")) else {
        return;
    };
    let run = site.build(&[]);
    run.assert_fails();
    let stderr = run.stderr();
    assert!(
        stderr.contains(
            "error: cannot replace `guides/top-up/index.html`: Operation not permitted (os error 1)"
        ) && stderr.contains(
            "= help: every file already moved was put back: the output folder holds the previous build, unchanged"
        ) && stderr.contains("error: build failed with 1 error; nothing was written"),
        "{stderr}"
    );
    assert_eq!(file_tree(&site.path("public")), before);
    drop(lock);
    site.build(&[]).assert_ok();
    assert_eq!(file_tree(&site.path("public")), fresh_tree(&site));
}

// --- a kill at any point --------------------------------------------------

/// Starts `mekong build` with the test hook MEKONG_FAILPOINT, waits until
/// it stops at that point, and kills it with SIGKILL.
fn kill_build_at(site: &Site, failpoint: &str) {
    let root = site.root().to_str().unwrap();
    let mut build = Mekong::new(&["build", "--root", root, "--today", TODAY])
        .env("MEKONG_FAILPOINT", failpoint)
        .start();
    let line = format!("failpoint {failpoint}");
    build.wait(
        Pipe::Stderr,
        &format!("the build to reach failpoint {failpoint}"),
        |stderr| stderr.lines().any(|l| l == line).then_some(()),
    );
    build.kill(); // SIGKILL
}

/// Every file a reader could get is whole: the old one or the new one.
#[track_caller]
fn assert_old_or_new(dir: &Path, old: &BTreeMap<String, Vec<u8>>, new: &BTreeMap<String, Vec<u8>>) {
    for (rel, bytes) in published(dir) {
        if leftovers(dir).contains(&rel) {
            continue;
        }
        assert!(
            old.get(&rel) == Some(&bytes) || new.get(&rel) == Some(&bytes),
            "{rel} is neither the old nor the new file ({} bytes)",
            bytes.len()
        );
    }
}

fn killed_then_rebuilt(failpoint: &str, first_build: bool) {
    let site = Site::fixture("basic");
    let old = if first_build {
        BTreeMap::new()
    } else {
        site.build(&[]).assert_ok();
        site.edit(
            "content/guides/top-up.md",
            "title: 充值",
            "title: 充值（新）",
        );
        std::fs::remove_file(site.path("content/guides/如何注销Smart电话卡.md")).unwrap();
        published(&site.path("public"))
    };
    let new = fresh_tree(&site);
    kill_build_at(&site, failpoint);
    let out = site.path("public");
    assert_old_or_new(&out, &old, &new);
    assert!(
        !leftovers(&out).is_empty() || failpoint == "move",
        "the kill came too late to test anything"
    );

    // The next build is not refused, and ends where a fresh build would.
    site.build(&[]).assert_ok();
    assert_eq!(leftovers(&out), Vec::<String>::new());
    assert_eq!(file_tree(&out), new);
}

#[test]
fn a_first_build_killed_while_staging_leaves_no_half_file_and_the_next_build_finishes() {
    killed_then_rebuilt("stage", true);
}

/// Killed while its own thread makes the new folders of a first build
/// (src/output/folders.rs), with pages held for them.
#[test]
fn a_first_build_killed_while_making_its_folders_leaves_no_half_file_and_the_next_build_finishes() {
    killed_then_rebuilt("folders", true);
}

#[test]
fn a_first_build_killed_while_moving_leaves_no_half_file_and_the_next_build_finishes() {
    killed_then_rebuilt("move", true);
}

#[test]
fn a_rebuild_killed_while_staging_leaves_the_old_files_and_the_next_build_finishes() {
    killed_then_rebuilt("stage", false);
}

#[test]
fn a_rebuild_killed_while_moving_leaves_old_or_new_files_and_the_next_build_finishes() {
    killed_then_rebuilt("move", false);
}

// --- watch --------------------------------------------------------------

#[test]
fn watch_writes_again_after_a_full_disk_and_ends_where_a_fresh_build_would() {
    let Some(disk) = Tmpfs::mount("2m") else {
        return;
    };
    let site = Site::fixture("basic");
    let root = site.root().canonicalize().unwrap();
    let out = disk.path().to_path_buf();
    let options = Options {
        root: root.clone(),
        output: Some(out.clone()),
        today: Some(TODAY.into()),
        ..Options::default()
    };
    let mut session = Session::new(options, None, Target::Disk(out.clone()));
    session.rebuild_all().unwrap();
    let change = |rel: &str| Change {
        area: Area::Content,
        rel: rel.into(),
        path: root.join("content").join(rel),
    };

    // A body edit whose page does not fit on the disk.
    let filler = disk.fill(64 * 1024);
    site.edit("content/guides/top-up.md", "第二段。", &big_body());
    let errors = session.apply(&[change("guides/top-up.md")]).unwrap_err();
    assert!(
        errors
            .iter()
            .any(|d| d.message.contains("No space left on device")),
        "{errors:?}"
    );
    std::fs::remove_file(filler).unwrap();

    // Room again; the next save, of another guide, brings the disk level.
    site.edit(
        "content/guides/cancel-sim.md",
        "然后带护照去门店办理。",
        "然后带护照和电话卡去门店办理。",
    );
    session.apply(&[change("guides/cancel-sim.md")]).unwrap();
    assert_eq!(published(&out), published_fresh(&site));
    assert_eq!(leftovers(&out), Vec::<String>::new());
}

fn published_fresh(site: &Site) -> BTreeMap<String, Vec<u8>> {
    let mut tree = fresh_tree(site);
    tree.remove(MANIFEST);
    tree
}

// --- dot-files inside a folder that must become a file ------------------

#[test]
fn a_folder_that_must_become_a_file_keeps_its_dot_files_and_the_build_fails() {
    let site = Site::with_config("");
    site.write("content/a.md", "---\ntitle: A\ndate: 2026-01-01\n---\nA.\n");
    site.build(&[]).assert_ok();
    site.write("public/a/.keep", "kept\n");
    let before = file_tree(&site.path("public"));

    // `a` is now a static file where the page's folder was.
    std::fs::remove_file(site.path("content/a.md")).unwrap();
    site.write("static/a", "a file now\n");
    let run = site.build(&[]);
    run.assert_fails();
    assert!(
        run.stderr().contains(
            "cannot write `a`: a folder is there holding `a/.keep`, which mekong did not write"
        ),
        "{}",
        run.stderr()
    );
    assert_eq!(file_tree(&site.path("public")), before);

    // Without the dot-file, the folder is all mekong's and gives way.
    std::fs::remove_file(site.path("public/a/.keep")).unwrap();
    site.build(&[]).assert_ok();
    assert_eq!(site.read("a"), "a file now\n");
    assert_eq!(file_tree(&site.path("public")), fresh_tree(&site));
}

#[test]
fn a_file_of_mekongs_gives_way_to_a_folder_but_a_users_file_does_not() {
    let site = Site::with_config("");
    site.write("static/b", "a file\n");
    site.build(&[]).assert_ok();
    std::fs::remove_file(site.path("static/b")).unwrap();
    site.write("content/b.md", "---\ntitle: B\ndate: 2026-01-01\n---\nB.\n");
    site.build(&[]).assert_ok();
    assert!(site.read("b/index.html").contains("B."));
    assert_eq!(leftovers(&site.path("public")), Vec::<String>::new());
    assert_eq!(file_tree(&site.path("public")), fresh_tree(&site));

    // A file put there by hand is not mekong's to move.
    site.write("content/c.md", "---\ntitle: C\ndate: 2026-01-01\n---\nC.\n");
    site.write("public/c", "mine\n");
    let before = file_tree(&site.path("public"));
    let run = site.build(&[]);
    run.assert_fails();
    assert!(
        run.stderr().contains(
            "cannot write into `c/`: a file mekong did not write is there, and the site needs a folder"
        ),
        "{}",
        run.stderr()
    );
    assert_eq!(file_tree(&site.path("public")), before);
}

#[test]
fn a_file_name_too_long_for_a_stage_suffix_is_still_written() {
    let site = Site::with_config("");
    let name = "x".repeat(250);
    site.write(&format!("static/{name}"), "long\n");
    site.build(&[]).assert_ok();
    assert_eq!(site.read(&name), "long\n");
    site.write(&format!("static/{name}"), "longer\n");
    site.build(&[]).assert_ok();
    assert_eq!(site.read(&name), "longer\n");
    assert_eq!(leftovers(&site.path("public")), Vec::<String>::new());
}

#[test]
fn a_name_too_long_for_the_file_system_fails_before_anything_is_written() {
    let site = Site::fixture("basic");
    site.build(&[]).assert_ok();
    let before = file_tree(&site.path("public"));
    site.edit(
        "content/guides/top-up.md",
        "title: 充值",
        "title: 充值（新）",
    );
    // A 300-byte slug: too long for a folder name on ext4, tmpfs and most.
    site.write(
        "content/guides/long.md",
        &format!(
            "---\ntitle: 长\ndate: 2026-01-01\nslug: {}\n---\n长。\n",
            "y".repeat(300)
        ),
    );
    let run = site.build(&[]);
    run.assert_fails();
    assert!(
        run.stderr().contains("File name too long")
            && run
                .stderr()
                .contains("nothing in the output folder was changed"),
        "{}",
        run.stderr()
    );
    assert_eq!(file_tree(&site.path("public")), before);
}

#[test]
fn a_second_build_into_a_folder_being_written_is_refused_instead_of_undoing_it() {
    let site = Site::fixture("basic");
    site.build(&[]).assert_ok();
    site.edit(
        "content/guides/top-up.md",
        "title: 充值",
        "title: 充值（新）",
    );
    let new = fresh_tree(&site);
    // A build stopped halfway through its moves still holds the folder.
    let root = site.root().to_str().unwrap();
    let mut child = Mekong::new(&["build", "--root", root, "--today", TODAY])
        .env("MEKONG_FAILPOINT", "move")
        .start();
    child.wait_for(Pipe::Stderr, "failpoint move\n");

    let run = site.build(&[]);
    run.assert_fails();
    assert!(
        run.stderr().contains(&format!(
            "another mekong is writing to {}",
            site.path("public").display()
        )),
        "{}",
        run.stderr()
    );
    child.kill();
    site.build(&[]).assert_ok();
    assert_eq!(file_tree(&site.path("public")), new);
}

#[test]
fn a_large_asset_is_read_again_when_staged_and_written_whole() {
    // Over the 1 MiB that the writer holds in memory between its two steps.
    let site = Site::with_config("");
    let big: Vec<u8> = (0..3_000_000u32).map(|i| (i % 251) as u8).collect();
    site.write_bytes("static/video.bin", &big);
    site.build(&[]).assert_ok();
    assert_eq!(std::fs::read(site.path("public/video.bin")).unwrap(), big);
    let bigger: Vec<u8> = big.iter().map(|b| b.wrapping_add(1)).collect();
    site.write_bytes("static/video.bin", &bigger);
    site.build(&[]).assert_ok();
    assert_eq!(
        std::fs::read(site.path("public/video.bin")).unwrap(),
        bigger
    );
    assert_eq!(leftovers(&site.path("public")), Vec::<String>::new());
}

// --- a build that writes as it renders -----------------------------------

/// A page whose template fails, rendered among pages that are staged
/// before and after it.
fn break_one_template(site: &Site) {
    site.write(
        "content/guides/broken.md",
        "---\ntitle: 坏\ndate: 2026-01-01\ntemplate: broken.html\n---\n坏。\n",
    );
    site.write("templates/broken.html", "{{ page.no_such_field }}");
}

#[test]
fn a_template_error_midway_throws_away_every_file_already_staged() {
    let site = Site::fixture("basic");
    site.build(&[]).assert_ok();
    let before = file_tree(&site.path("public"));
    // Pages that change (and are staged as they render) and one that fails.
    site.edit(
        "content/guides/top-up.md",
        "title: 充值",
        "title: 充值（新）",
    );
    break_one_template(&site);
    let run = site.build(&[]);
    run.assert_fails();
    assert!(run.stderr().contains("no_such_field"), "{}", run.stderr());
    assert_eq!(leftovers(&site.path("public")), Vec::<String>::new());
    assert_eq!(file_tree(&site.path("public")), before);
}

#[test]
fn a_first_build_with_a_template_error_leaves_no_output_folder() {
    let site = Site::fixture("basic");
    break_one_template(&site);
    site.build(&[]).assert_fails();
    assert!(!site.path("public").exists(), "nothing is written");
}
