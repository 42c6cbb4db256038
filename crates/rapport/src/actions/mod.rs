//! From figures to actions, and back: suggested actions for the top
//! priorities ([`playbook`]), and the follow-up of actions a team committed
//! to ([`log`]). Both read published figures only.

pub mod log;
pub mod playbook;

pub use log::{ActionLog, ActionStatus, FollowUp, FollowUpRow, LoggedAction, Owner, follow_up};
pub use playbook::{SuggestedAction, Trigger};
