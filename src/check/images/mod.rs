//! Images as a phone reader meets them: alt text (`alt.rs`) and the
//! page's weight on a 390 px screen (`weight.rs`, choosing from srcsets
//! as a browser does in `choose.rs`).

mod alt;
pub(crate) mod choose;
pub(crate) mod weight;

use crate::diagnostics::Diagnostics;
use crate::model::Site;
use crate::output::Outputs;

pub(crate) fn check(site: &Site, outputs: &Outputs, findings: &mut Diagnostics) {
    alt::check(site, findings);
    weight::check(site, outputs, findings);
}
