//! `mekong serve`: render the site in memory (public/ is never touched),
//! serve it on http://127.0.0.1:1111/ under base_url's path prefix, and
//! rebuild after every save. Open pages reload by themselves; a failed
//! rebuild shows its errors over the last good page.

use mekong::serve::Live;
use mekong::serve::http::Server;
use mekong::watch::{self, Outcome, Report, Session, Target};

use super::Print;
use super::watch::{print_outcome, print_report, print_search, site_root, start_watching};
use crate::cli::ServeArgs;

pub fn run(args: &ServeArgs, color: bool) -> u8 {
    let mut options = args.site.options(None);
    let print = Print::new(color, args.site.all_errors);
    let Some(root) = site_root(&options.root) else {
        return 1;
    };
    options.root = root.clone();
    let server = match Server::bind(&args.bind, args.port) {
        Ok(server) => server,
        Err(e) => {
            eprintln!("error: cannot listen on {}:{}: {e}", args.bind, args.port);
            eprintln!("help: choose another port with --port (0 picks a free one)");
            return 2;
        }
    };
    let origin = format!("http://{}", server.addr());
    // Watch before the first build, so a save during it is not missed.
    let Some(mut watcher) = start_watching(&root, args.poll) else {
        return 1;
    };
    // --base-url wins; else this server's origin with site.yaml's prefix.
    let serve_origin = options.base_url.is_none().then(|| origin.clone());
    let mut session = Session::new(options, serve_origin, Target::Memory);
    let live = Live::new(session.outputs());
    session.on_search_caught(print_search(print));
    if let Err(e) = server.start(&live) {
        eprintln!("error: cannot start serving: {e}");
        return 1;
    }

    let outcome = session.rebuild_all();
    publish(&live, &session, &outcome);
    print_outcome(&root, &[], &outcome, print);
    let prefix = session.prefix().unwrap_or_else(|| "/".into());
    println!("serving {origin}{prefix} (Ctrl-C to stop)");
    watch::run(&mut session, &mut watcher, None, |session, report| {
        if let Report::Rebuilt { outcome, .. } = &report {
            publish(&live, session, outcome);
        }
        print_report(&root, &report, print);
    });
    println!("stopped");
    0
}

/// Tells the server and the open pages how the rebuild went.
fn publish(live: &Live, session: &Session, outcome: &Outcome) {
    match outcome {
        Ok(rebuilt) => live.rebuilt(
            &session.prefix().unwrap_or_else(|| "/".into()),
            &rebuilt.changed,
            &rebuilt.removed,
        ),
        Err(diagnostics) => live.failed(diagnostics),
    }
}
