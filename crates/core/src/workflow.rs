//! The review workflow of library documents, as pure rules:
//! DRAFT -> SUBMITTED -> PUBLISHED, or CHANGES_REQUESTED (edit, submit again), or REJECTED;
//! PUBLISHED -> ARCHIVED when obsolete.

use uuid::Uuid;

use crate::policy::Actor;
use crate::types::DocumentStatus::{self, *};
use crate::{Error, Result};

/// What someone does to a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Submit,
    Publish,
    RequestChanges,
    Reject,
    Archive,
    /// "Still current": no change of status, a new verification date.
    Verify,
}

impl Action {
    fn for_moderators(self) -> bool {
        !matches!(self, Action::Submit)
    }

    fn verb(self) -> &'static str {
        match self {
            Action::Submit => "submitted",
            Action::Publish => "published",
            Action::RequestChanges => "sent back for changes",
            Action::Reject => "rejected",
            Action::Archive => "archived",
            Action::Verify => "verified",
        }
    }
}

/// The status `action` leads to from `from`, or BAD_USER_INPUT saying why it cannot happen.
pub fn transition(from: DocumentStatus, action: Action) -> Result<DocumentStatus> {
    let to = match (from, action) {
        (Draft | ChangesRequested, Action::Submit) => Submitted,
        (Submitted, Action::Publish) => Published,
        (Submitted, Action::RequestChanges) => ChangesRequested,
        (Submitted, Action::Reject) => Rejected,
        (Published, Action::Archive) => Archived,
        (Published, Action::Verify) => Published,
        _ => {
            return Err(Error::bad_input(
                "id",
                format!(
                    "a document that is {} cannot be {}",
                    from.as_str().to_lowercase().replace('_', " "),
                    action.verb()
                ),
            ));
        }
    };
    Ok(to)
}

/// Whether `actor` may take `action` on a document written by `author_id`.
pub fn may(actor: &Actor, action: Action, author_id: Uuid) -> bool {
    if action.for_moderators() {
        actor.role.moderates()
    } else {
        actor.user_id == author_id || actor.role.moderates()
    }
}

/// Editing: the author while it is a draft or sent back; moderators until it is archived.
pub fn may_edit(actor: &Actor, author_id: Uuid, status: DocumentStatus) -> bool {
    if actor.role.moderates() {
        return status != Archived;
    }
    actor.user_id == author_id && matches!(status, Draft | ChangesRequested)
}

/// Whether a comment is required: a refusal must say why.
pub fn needs_comment(action: Action) -> bool {
    matches!(action, Action::RequestChanges | Action::Reject)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::new_id;
    use crate::types::Role;

    #[test]
    fn the_happy_path_and_the_loop_back() -> Result<()> {
        let submitted = transition(Draft, Action::Submit)?;
        assert_eq!(transition(submitted, Action::RequestChanges)?, ChangesRequested);
        assert_eq!(transition(ChangesRequested, Action::Submit)?, Submitted);
        assert_eq!(transition(Submitted, Action::Publish)?, Published);
        assert_eq!(transition(Published, Action::Verify)?, Published);
        assert_eq!(transition(Published, Action::Archive)?, Archived);
        Ok(())
    }

    #[test]
    fn transitions_from_the_wrong_status_are_refused() {
        for (from, action) in [
            (Draft, Action::Publish),
            (Published, Action::Submit),
            (Rejected, Action::Submit),
            (Archived, Action::Publish),
            (Draft, Action::Archive),
            (Submitted, Action::Verify),
        ] {
            assert!(transition(from, action).is_err(), "{from:?} {action:?}");
        }
    }

    #[test]
    fn only_moderators_review_and_authors_submit_their_own() {
        let author = Actor { user_id: new_id(), role: Role::Member };
        let other = Actor { user_id: new_id(), role: Role::FocalPoint };
        let moderator = Actor { user_id: new_id(), role: Role::Moderator };
        assert!(may(&author, Action::Submit, author.user_id));
        assert!(!may(&other, Action::Submit, author.user_id));
        assert!(!may(&author, Action::Publish, author.user_id));
        assert!(may(&moderator, Action::Publish, author.user_id));
        assert!(may_edit(&author, author.user_id, Draft));
        assert!(!may_edit(&author, author.user_id, Submitted));
        assert!(!may_edit(&other, author.user_id, Draft));
        assert!(may_edit(&moderator, author.user_id, Published));
        assert!(!may_edit(&moderator, author.user_id, Archived));
    }
}
