//! Every kind of bad content input, fed to the real binary. Each case ends
//! in exit 1 with a message naming the file, or builds correctly where the
//! input is legal; never a panic, never a hang (every run has a deadline),
//! never a write outside the output folder, and a failed build leaves an
//! earlier public/ exactly as it was.
//!
//! Big inputs (a 20 MB guide, 10,000 guides, 100 nested folders) are made
//! at test time. In a debug build the 20 MB guide takes about 1 s; the
//! 10,000 tiny guides take 9–12 s on a busy two-core machine, nearly all
//! of it `mekong build` itself rendering and writing 10,000 pages (about
//! 5 s of CPU and 4 s of file writes), so the case is kept at full size.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{Mekong, Run, TODAY};

const GOOD_GUIDE: &str = "---\ntitle: Good\ndate: 2026-01-01\n---\nA good guide.\n";

/// A site in `<temp>/site`, so anything written beside it is noticed.
struct Case {
    dir: tempfile::TempDir,
}

impl Case {
    /// A valid site with one guide; `extra_config` is appended to site.yaml.
    fn new(extra_config: &str) -> Case {
        let case = Case {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        case.write(
            "site.yaml",
            &format!(
                "title: Adversarial\nbase_url: https://example.org/\ntheme: default\n\
                 taxonomies: [operators]\n{extra_config}"
            ),
        );
        case.write("content/_index.md", "---\ntitle: Home\n---\nHome.\n");
        case.write("content/guides/good.md", GOOD_GUIDE);
        case
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, bytes).expect("write");
    }

    fn build(&self) -> Run {
        self.run("build")
    }

    /// `mekong <command> --root <site>`: a hang is a failure (every run
    /// has the harness's deadline), and so is a panic.
    fn run(&self, command: &str) -> Run {
        let root = self.root();
        let root = root.to_str().expect("UTF-8 temp path");
        Mekong::new(&[command, "--root", root, "--today", TODAY]).run()
    }

    /// Every file under the temp folder except public/, with its bytes.
    fn everything_but_public(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        snapshot(self.dir.path(), &self.root().join("public"))
    }

    fn public(&self) -> BTreeMap<PathBuf, Vec<u8>> {
        snapshot(&self.root().join("public"), Path::new("/nonexistent"))
    }
}

fn snapshot(dir: &Path, skip: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_entry(|e| e.path() != skip)
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let bytes = std::fs::read(e.path()).unwrap_or_default();
            (e.path().to_path_buf(), bytes)
        })
        .collect()
}

/// The check every bad input gets.
trait FailsNaming {
    fn assert_fails_naming(&self, file: &str, message: &str) -> &Run;
}

impl FailsNaming for Run {
    #[track_caller]
    fn assert_fails_naming(&self, file: &str, message: &str) -> &Run {
        let stderr = self.stderr();
        assert_eq!(self.code(), 1, "expected exit 1\nstderr:\n{stderr}");
        assert!(
            stderr.contains(file),
            "the error should name {file}:\n{stderr}"
        );
        assert!(
            stderr.contains(message),
            "expected `{message}` in:\n{stderr}"
        );
        self
    }
}

/// Builds the good site once (so public/ exists), applies `bad`, builds
/// again and checks the failure: exit 1, `file` and `message` in the
/// report, public/ untouched, nothing written beside the site.
#[track_caller]
fn fails_cleanly(case: &Case, file: &str, message: &str, bad: impl FnOnce(&Case)) -> Run {
    case.build().assert_ok();
    let public_before = case.public();
    assert!(!public_before.is_empty());
    bad(case);
    let around_before = case.everything_but_public();
    let run = case.build();
    run.assert_fails_naming(file, message);
    assert_eq!(
        case.public(),
        public_before,
        "a failed build must leave public/ as it was"
    );
    assert_eq!(
        case.everything_but_public(),
        around_before,
        "nothing may be written outside public/"
    );
    let check = case.run("check");
    check.assert_fails_naming(file, message);
    run
}

fn guide(front_matter: &str, body: &str) -> String {
    format!("---\n{front_matter}---\n{body}")
}

#[test]
fn unknown_key() {
    let case = Case::new("");
    fails_cleanly(
        &case,
        "content/guides/bad.md:4:1",
        "unknown front matter key `titel`",
        |c| {
            c.write(
                "content/guides/bad.md",
                &guide("date: 2026-01-01\ntitle: x\ntitel: y\n", ""),
            )
        },
    );
}

#[test]
fn bad_date() {
    let case = Case::new("");
    fails_cleanly(
        &case,
        "content/guides/bad.md:3:7",
        "`2025-02-30` is not a real date",
        |c| {
            c.write(
                "content/guides/bad.md",
                &guide("title: x\ndate: 2025-02-30\n", ""),
            )
        },
    );
}

#[test]
fn empty_title() {
    let case = Case::new("");
    fails_cleanly(
        &case,
        "content/guides/bad.md:2:8",
        "`title` is empty",
        |c| {
            c.write(
                "content/guides/bad.md",
                &guide("title: \"\"\ndate: 2026-01-01\n", "Body.\n"),
            )
        },
    );
}

#[test]
fn unclosed_front_matter() {
    let case = Case::new("");
    fails_cleanly(
        &case,
        "content/guides/bad.md:1:1",
        "front matter is not closed",
        |c| {
            c.write(
                "content/guides/bad.md",
                "---\ntitle: x\ndate: 2026-01-01\nBody.\n",
            )
        },
    );
}

#[test]
fn invalid_yaml() {
    let case = Case::new("");
    fails_cleanly(&case, "content/guides/bad.md", "invalid YAML", |c| {
        c.write(
            "content/guides/bad.md",
            &guide("title: [unclosed\ndate: 2026-01-01\n", ""),
        )
    });
}

#[test]
fn wrong_types() {
    let case = Case::new("");
    let run = fails_cleanly(
        &case,
        "content/guides/bad.md:4:8",
        "`draft` must be true or false",
        |c| {
            c.write(
            "content/guides/bad.md",
            &guide(
                "title: x\ndate: 2026-01-01\ndraft: maybe\nweight: heavy\noperators: 5\nextra: [1]\n",
                "",
            ),
        )
        },
    );
    assert!(
        run.stderr().contains("`weight` must be a whole number"),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr().contains("`operators` must be a list"),
        "{}",
        run.stderr()
    );
    assert!(
        run.stderr().contains("`extra` must be a mapping"),
        "{}",
        run.stderr()
    );
}

#[test]
fn non_utf8_bytes() {
    let case = Case::new("");
    fails_cleanly(
        &case,
        "content/guides/bad.md",
        "not UTF-8 text (invalid byte 0xff on line 2)",
        |c| {
            c.write_bytes(
                "content/guides/bad.md",
                b"---\ntitle: \xff\xfe\ndate: 2026-01-01\n---\n",
            )
        },
    );
}

/// Front matter is optional: an empty file is an empty page, titled
/// after its file name with a warning that says so.
#[test]
fn empty_file_is_a_page_titled_after_its_name() {
    let case = Case::new("");
    case.write("content/guides/empty.md", "");
    let run = case.build();
    run.assert_ok();
    assert!(
        run.stderr()
            .contains("warning: no title: the page is titled `empty` after its file name"),
        "{}",
        run.stderr()
    );
    let html =
        std::fs::read_to_string(case.root().join("public/guides/empty/index.html")).expect("built");
    assert!(html.contains("<h1>empty</h1>"), "{html}");
}

#[test]
fn front_matter_only_is_a_legal_empty_guide() {
    let case = Case::new("");
    case.write(
        "content/guides/empty.md",
        "---\ntitle: Empty\ndate: 2026-01-01\n---",
    );
    case.build().assert_ok();
    let html =
        std::fs::read_to_string(case.root().join("public/guides/empty/index.html")).expect("built");
    assert!(html.contains("<h1>Empty</h1>"), "{html}");
}

#[test]
fn a_20_mb_guide_builds() {
    let case = Case::new("");
    let paragraph = "Top up with a scratch card, then dial the code to check the balance. ";
    let mut body = String::with_capacity(20 * 1024 * 1024 + 4096);
    let mut n = 0;
    while body.len() < 20 * 1024 * 1024 {
        n += 1;
        if n % 200 == 0 {
            body.push_str(&format!("\n## Part {n}\n\n"));
        }
        body.push_str(paragraph);
        if n % 10 == 0 {
            body.push_str("\n\n");
        }
    }
    case.write(
        "content/guides/huge.md",
        &guide("title: Huge\ndate: 2026-01-01\n", &body),
    );
    case.build().assert_ok();
    let size = std::fs::metadata(case.root().join("public/guides/huge/index.html"))
        .expect("built")
        .len();
    assert!(size > 20 * 1024 * 1024, "{size}");
}

#[test]
fn an_enormous_single_line_builds() {
    let case = Case::new("");
    let line = "字".repeat(2 * 1024 * 1024); // 6 MB of one line, no spaces
    case.write(
        "content/guides/line.md",
        &guide("title: Line\ndate: 2026-01-01\n", &line),
    );
    case.build().assert_ok();
    assert!(case.root().join("public/guides/line/index.html").is_file());
}

#[test]
fn ten_thousand_guides_in_one_folder_build() {
    let case = Case::new("");
    let dir = case.root().join("content/many");
    std::fs::create_dir_all(&dir).expect("mkdir");
    for i in 0..10_000 {
        std::fs::write(
            dir.join(format!("g{i}.md")),
            format!("---\ntitle: G{i}\ndate: 2026-01-01\n---\nx\n"),
        )
        .expect("write");
    }
    let run = case.build();
    run.assert_ok();
    assert!(run.stdout().contains("built 10,00"), "{}", run.stdout());
    assert!(case.root().join("public/many/g9999/index.html").is_file());
}

#[test]
fn folders_nested_100_deep_build() {
    let case = Case::new("");
    let deep: String = (0..100).map(|i| format!("d{i}/")).collect();
    case.write(&format!("content/{deep}deep.md"), GOOD_GUIDE);
    case.build().assert_ok();
    assert!(
        case.root()
            .join(format!("public/{deep}deep/index.html"))
            .is_file()
    );
}

#[cfg(unix)]
#[test]
fn symlink_loop() {
    let case = Case::new("");
    fails_cleanly(&case, "content/guides/loop", "symlink loop", |c| {
        std::os::unix::fs::symlink(
            c.root().join("content"),
            c.root().join("content/guides/loop"),
        )
        .expect("symlink")
    });
}

#[cfg(unix)]
#[test]
fn symlink_out_of_the_site_is_not_followed() {
    let case = Case::new("");
    let secret = case.dir.path().join("secret.md");
    std::fs::write(
        &secret,
        guide("title: Secret\ndate: 2026-01-01\n", "do not publish\n"),
    )
    .expect("write");
    std::fs::create_dir_all(case.dir.path().join("outside")).expect("mkdir");
    std::fs::write(case.dir.path().join("outside/key.txt"), "private").expect("write");
    std::os::unix::fs::symlink(&secret, case.root().join("content/guides/secret.md"))
        .expect("symlink");
    std::os::unix::fs::symlink(
        case.dir.path().join("outside"),
        case.root().join("content/out"),
    )
    .expect("symlink");
    let run = case.build();
    run.assert_ok();
    assert!(
        run.stderr().contains("symlink leads outside the site"),
        "{}",
        run.stderr()
    );
    let public = case.public();
    assert!(public.keys().all(|p| !p.ends_with("key.txt")), "{public:?}");
    assert!(
        public
            .values()
            .all(|bytes| !String::from_utf8_lossy(bytes).contains("do not publish")),
        "content from outside the site was published"
    );
}

#[test]
fn slug_that_climbs() {
    let case = Case::new("");
    fails_cleanly(
        &case,
        "content/guides/bad.md:3:7",
        "`../../escape` is not a valid slug",
        |c| {
            c.write(
                "content/guides/bad.md",
                &guide("title: x\nslug: ../../escape\ndate: 2026-01-01\n", ""),
            )
        },
    );
    assert!(!case.dir.path().join("escape").exists());
}

#[test]
fn slug_that_is_an_absolute_path() {
    let case = Case::new("");
    fails_cleanly(
        &case,
        "content/guides/bad.md",
        "`/tmp/escape` is not a valid slug",
        |c| {
            c.write(
                "content/guides/bad.md",
                &guide("title: x\nslug: /tmp/escape\ndate: 2026-01-01\n", ""),
            )
        },
    );
}

#[test]
fn alias_that_climbs() {
    let case = Case::new("");
    fails_cleanly(
        &case,
        "content/guides/bad.md",
        "climbs out of the site",
        |c| {
            c.write(
                "content/guides/bad.md",
                &guide(
                    "title: x\ndate: 2026-01-01\naliases: [/../../../escape/]\n",
                    "",
                ),
            )
        },
    );
    assert!(!case.dir.path().join("escape").exists());
}

#[test]
fn alias_with_nul_and_control_characters() {
    let case = Case::new("");
    fails_cleanly(
        &case,
        "content/guides/bad.md",
        "contains characters a path may not have",
        |c| {
            c.write(
                "content/guides/bad.md",
                &guide(
                    "title: x\ndate: 2026-01-01\naliases: [\"/a\\0b/\", \"/c\\\\d/\"]\n",
                    "",
                ),
            )
        },
    );
}

#[test]
fn absolute_alias_stays_inside_the_output() {
    let case = Case::new("");
    case.write(
        "content/guides/moved.md",
        &guide(
            "title: Moved\ndate: 2026-01-01\naliases: [/etc/passwd, /a∕b／c/]\n",
            "",
        ),
    );
    let around = case.everything_but_public();
    case.build().assert_ok();
    assert!(case.root().join("public/etc/passwd/index.html").is_file());
    // Slash look-alikes are ordinary characters of one folder name.
    assert!(case.root().join("public/a∕b／c/index.html").is_file());
    assert_eq!(case.everything_but_public(), around);
}

#[test]
fn template_name_that_climbs() {
    let case = Case::new("");
    fails_cleanly(&case, "content/guides/bad.md", "../../site.yaml", |c| {
        c.write(
            "content/guides/bad.md",
            &guide(
                "title: x\ndate: 2026-01-01\ntemplate: ../../site.yaml\n",
                "",
            ),
        )
    });
}

#[test]
fn duplicate_urls() {
    let case = Case::new("");
    let run = fails_cleanly(
        &case,
        "content/guides/",
        "2 files want the same URL /guides/same/",
        |c| {
            c.write(
                "content/guides/a.md",
                &guide("title: a\ndate: 2026-01-01\nslug: same\n", ""),
            );
            c.write(
                "content/guides/b.md",
                &guide("title: b\ndate: 2026-01-01\nslug: same\n", ""),
            );
        },
    );
    assert!(
        run.stderr()
            .contains("content/guides/a.md and content/guides/b.md"),
        "{}",
        run.stderr()
    );
}

#[test]
fn yaml_alias_bomb() {
    // Built line by line: a `\` line continuation in one string literal
    // ate the indentation, so this case used to be a syntax error rather
    // than a bomb.
    let case = Case::new("");
    let mut bomb = String::from(
        "title: x\ndate: 2026-01-01\nextra:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
    for pair in names.windows(2) {
        let refs = vec![format!("*{}", pair[0]); 9].join(",");
        bomb.push_str(&format!("  {0}: &{0} [{refs}]\n", pair[1]));
    }
    fails_cleanly(
        &case,
        "content/guides/bomb.md",
        "YAML aliases expand to more than",
        |c| c.write("content/guides/bomb.md", &guide(&bomb, "")),
    );
}

#[test]
fn yaml_alias_bomb_in_site_yaml() {
    let case = Case::new("");
    fails_cleanly(
        &case,
        "site.yaml",
        "YAML aliases expand to more than",
        |c| {
            let mut config = String::from("title: x\nextra:\n  a: &a [x,x,x,x,x,x,x,x,x,x]\n");
            let mut previous = 'a';
            for name in 'b'..='k' {
                config.push_str(&format!(
                    "  {name}: &{name} [{}]\n",
                    vec![format!("*{previous}"); 10].join(",")
                ));
                previous = name;
            }
            c.write("site.yaml", &config);
        },
    );
}

#[test]
fn template_syntax_error() {
    let case = Case::new("");
    fails_cleanly(&case, "templates/page.html:2:", "template error", |c| {
        c.write(
            "templates/page.html",
            "<h1>{{ page.title }}</h1>\n{% if %}\n",
        )
    });
}

#[test]
fn undefined_variable_in_template() {
    let case = Case::new("");
    fails_cleanly(&case, "templates/page.html", "template error", |c| {
        c.write(
            "templates/page.html",
            "<h1>{{ page.title }}</h1>\n<p>{{ no_such_thing }}</p>\n",
        )
    });
}
