//! Command-line definitions (clap). One Args struct per command.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "mekong",
    version,
    about = "A static site generator for practical guides"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Never colour diagnostics.
    #[arg(long, global = true)]
    pub no_color: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into the output folder (public/ by default).
    Build(BuildArgs),
    /// Load and render the site in memory and report broken links, missing anchors and stale guides.
    Check(CheckArgs),
}

#[derive(Debug, Args, Clone)]
pub struct SiteArgs {
    /// The site folder (holding site.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Override base_url from site.yaml.
    #[arg(long)]
    pub base_url: Option<String>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// The build date (YYYY-MM-DD), for staleness; default: SOURCE_DATE_EPOCH or today.
    #[arg(long)]
    pub today: Option<String>,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output folder; default: <root>/public.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output format of the findings.
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum Format {
    Human,
    Json,
}

impl SiteArgs {
    pub fn options(&self, output: Option<PathBuf>) -> mekong::build::Options {
        mekong::build::Options {
            root: self.root.clone(),
            output,
            base_url: self.base_url.clone(),
            drafts: self.drafts,
            today: self.today.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
