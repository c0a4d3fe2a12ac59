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
    /// Create a new site in DIR (new or empty) from the default theme.
    Init(InitArgs),
    /// Write a new guide under content/ with its front matter filled in.
    New(NewArgs),
    /// Build into the output folder, then rebuild whenever a source file changes.
    Watch(WatchArgs),
    /// Render in memory and serve on http://127.0.0.1:1111/ with live reload (public/ untouched).
    Serve(ServeArgs),
    /// Write JSON Schemas of site.yaml and front matter, for editors.
    Schema(SchemaArgs),
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// The site folder (holding site.yaml); its taxonomies become page keys.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The folder to write site.schema.json, page.schema.json,
    /// section.schema.json and profile.schema.json to (created if needed).
    #[arg(long)]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output folder; default: <root>/public.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Build into an output folder that is not empty and has no mekong
    /// manifest; mekong still deletes nothing it did not write there.
    #[arg(long)]
    pub force_output: bool,
    /// Look at the files every 300 ms instead of waiting for the system's
    /// change events (for network drives and containers that send none).
    #[arg(long)]
    pub poll: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: String,
    /// Port to listen on; 0 picks a free one.
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Look at the files every 300 ms instead of waiting for change events.
    #[arg(long)]
    pub poll: bool,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create the site in; it must not exist or be empty.
    pub dir: PathBuf,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The guide's path inside content/, such as guides/top-up.md.
    pub path: PathBuf,
    /// The site folder (holding site.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

#[derive(Debug, Args, Clone)]
pub struct SiteArgs {
    /// The site folder (holding site.yaml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Override base_url from site.yaml.
    #[arg(long, value_parser = parse_base_url)]
    pub base_url: Option<String>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// The build date (YYYY-MM-DD), for staleness; default: SOURCE_DATE_EPOCH or today.
    #[arg(long, value_parser = parse_today)]
    pub today: Option<String>,
    /// Print every error and warning in full; by default the first 50
    /// errors and 20 warnings are, and the rest are counted per kind.
    #[arg(long)]
    pub all_errors: bool,
}

#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Output folder; default: <root>/public.
    #[arg(long, short)]
    pub output: Option<PathBuf>,
    /// Build into an output folder that is not empty and has no mekong
    /// manifest; mekong still deletes nothing it did not write there.
    #[arg(long)]
    pub force_output: bool,
    /// Print how long each pipeline stage took (to stderr).
    #[arg(long)]
    pub timings: bool,
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
            force_output: false,
        }
    }
}

/// A usage error (exit 2) when --base-url is not an absolute http(s) URL.
fn parse_base_url(text: &str) -> Result<String, String> {
    mekong::url::BaseUrl::parse(text).map(|_| text.to_string())
}

/// A usage error (exit 2) when --today is not YYYY-MM-DD.
fn parse_today(text: &str) -> Result<String, String> {
    mekong::dates::build_date(Some(text), &jiff::tz::TimeZone::UTC).map(|_| text.to_string())
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
