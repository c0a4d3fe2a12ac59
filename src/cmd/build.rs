//! `mekong build`: render the site and write it to the output folder.

use crate::cli::BuildArgs;

pub fn run(args: &BuildArgs, color: bool) -> u8 {
    let print = super::Print::new(color, args.site.all_errors);
    let mut options = args.site.options(args.output.clone());
    options.force_output = args.force_output;
    match mekong::build::build(&options) {
        Ok(report) => {
            super::print_warnings(&report.warnings.sorted(), print);
            if args.timings {
                for (stage, took) in &report.timings.stages {
                    eprintln!("{:>9.1} ms  {stage}", took.as_secs_f64() * 1000.0);
                }
            }
            println!(
                "built {} {} ({} files: {} written, {} unchanged, {} removed) in {:.2} s",
                group(report.pages),
                if report.pages == 1 { "page" } else { "pages" },
                group(report.files),
                report.stats.written,
                report.stats.unchanged,
                report.stats.removed,
                report.elapsed.as_secs_f64()
            );
            let (encoded, cached) = report.images;
            if encoded + cached > 0 {
                println!("images: {encoded} encoded, {cached} from cache");
            }
            report.leftovers.leak();
            0
        }
        Err(diagnostics) => {
            super::report(diagnostics, print);
            1
        }
    }
}

/// 10000 → "10,000".
fn group(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
