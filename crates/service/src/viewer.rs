//! Who is asking: nobody, or a signed-in user with a live session.

use praxis_core::policy::Actor;
use praxis_core::{Error, Result};
use praxis_db::Reader;
use praxis_db::entities::user;
use uuid::Uuid;

#[derive(Debug, Clone)]
pub struct SignedIn {
    pub actor: Actor,
    pub session_id: Uuid,
    pub user: user::Model,
}

#[derive(Debug, Clone)]
pub enum Viewer {
    Anonymous,
    SignedIn(Box<SignedIn>),
}

impl Viewer {
    /// The viewer as the visibility predicate sees them.
    pub fn reader(&self) -> Reader {
        match self {
            Viewer::Anonymous => Reader::Anonymous,
            Viewer::SignedIn(s) => Reader::User { id: s.actor.user_id, role: s.actor.role },
        }
    }

    /// The acting user, or UNAUTHENTICATED.
    pub fn actor(&self) -> Result<&Actor> {
        match self {
            Viewer::Anonymous => Err(Error::sign_in_required()),
            Viewer::SignedIn(s) => Ok(&s.actor),
        }
    }

    pub fn signed_in(&self) -> Option<&SignedIn> {
        match self {
            Viewer::Anonymous => None,
            Viewer::SignedIn(s) => Some(s),
        }
    }
}
