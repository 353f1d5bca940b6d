//! The records: their model, how a snapshot is read into it, and the rules it must follow.

pub mod check;
pub mod date;
pub mod design;
pub mod diagnostic;
pub mod edit;
pub mod example;
pub mod inbox;
pub mod kpi;
pub mod lang;
pub mod listing;
pub mod load;
pub mod locate;
pub mod model;
pub mod names;
pub mod redact;
pub mod schema;
pub mod translated;

pub use diagnostic::{Diagnostic, Severity};
pub use load::{Loaded, load};
pub use model::Records;

use crate::snapshot::Snapshot;

/// Loads a snapshot in `projection`'s language and checks it: the model plus every problem,
/// errors first in file order.
pub fn load_checked(snapshot: &Snapshot, projection: &lang::Projection) -> Loaded {
    let mut loaded = load(snapshot, projection);
    let complete = loaded.diagnostics.iter().all(|d| !d.is_error());
    loaded.diagnostics.extend(check::check(
        &loaded.records,
        loaded.inbox.as_ref(),
        snapshot,
        complete,
    ));
    loaded
}
