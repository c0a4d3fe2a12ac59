//! `mekong check`: render in memory (write nothing) and report findings.

use crate::cli::CheckArgs;

pub fn run(args: &CheckArgs, color: bool) -> u8 {
    let options = args.site.options(None);
    match mekong::build::render_site(&options) {
        Ok(rendered) => {
            super::print_warnings(&rendered.warnings.sorted(), color);
            0
        }
        Err(diagnostics) => {
            super::report(diagnostics, color);
            1
        }
    }
}
