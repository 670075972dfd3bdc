//! Who may do what. Pure functions of the actor and the facts about the object, so the service
//! checks the policy on the specific object (no IDOR) and every rule has a unit test.
//!
//! Reading is not decided here: the one visibility predicate lives in `praxis-db`, as SQL, so that
//! lists, counts and lookups cannot disagree with it.

use uuid::Uuid;

use crate::types::{PostingPolicy, Role, SpaceRole};

/// A signed-in user acting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub user_id: Uuid,
    pub role: Role,
}

/// What an actor is to one space: `None` when not a member.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SpaceStanding {
    pub membership: Option<SpaceRole>,
    pub posting: PostingPolicy,
}

impl SpaceStanding {
    fn moderates(&self, actor: &Actor) -> bool {
        actor.role.moderates() || self.membership == Some(SpaceRole::Moderator)
    }
}

pub fn can_create_space(actor: &Actor) -> bool {
    actor.role == Role::Admin
}

/// Admins, and the moderators of the space itself.
pub fn can_manage_space_members(actor: &Actor, standing: &SpaceStanding) -> bool {
    actor.role == Role::Admin || standing.membership == Some(SpaceRole::Moderator)
}

/// Starting a thread or replying, for an actor who can already read the space.
pub fn can_post_in_space(actor: &Actor, standing: &SpaceStanding) -> bool {
    match standing.posting {
        PostingPolicy::Everyone => true,
        PostingPolicy::SpaceMembers => standing.membership.is_some() || standing.moderates(actor),
        PostingPolicy::Moderators => standing.moderates(actor),
    }
}

/// Locked threads take no new replies, except from those who moderate them.
pub fn can_reply_to_thread(actor: &Actor, standing: &SpaceStanding, locked: bool) -> bool {
    can_post_in_space(actor, standing) && (!locked || standing.moderates(actor))
}

/// Editing and deleting a post: its author, or a moderator of its space.
pub fn can_change_post(actor: &Actor, standing: &SpaceStanding, author_id: Uuid) -> bool {
    actor.user_id == author_id || standing.moderates(actor)
}

/// Seeing a post's revisions: the same people who may change it.
pub fn can_see_revisions(actor: &Actor, standing: &SpaceStanding, author_id: Uuid) -> bool {
    can_change_post(actor, standing, author_id)
}

/// Accepting an answer: the question's author, or a moderator of its space.
pub fn can_accept_answer(
    actor: &Actor,
    standing: &SpaceStanding,
    question_author_id: Uuid,
) -> bool {
    actor.user_id == question_author_id || standing.moderates(actor)
}

/// Locking and pinning threads.
pub fn can_moderate_thread(actor: &Actor, standing: &SpaceStanding) -> bool {
    standing.moderates(actor)
}

/// Email addresses are personal data: only their owner and admins see them.
pub fn can_see_email(viewer: Option<&Actor>, owner_id: Uuid) -> bool {
    viewer.is_some_and(|v| v.user_id == owner_id || v.role == Role::Admin)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::new_id;

    fn actor(role: Role) -> Actor {
        Actor { user_id: new_id(), role }
    }

    fn standing(membership: Option<SpaceRole>, posting: PostingPolicy) -> SpaceStanding {
        SpaceStanding { membership, posting }
    }

    #[test]
    fn only_admins_create_spaces() {
        assert!(can_create_space(&actor(Role::Admin)));
        for role in [Role::Member, Role::FocalPoint, Role::Moderator] {
            assert!(!can_create_space(&actor(role)));
        }
    }

    #[test]
    fn space_moderators_manage_members_but_plain_members_do_not() {
        let open = PostingPolicy::Everyone;
        assert!(can_manage_space_members(
            &actor(Role::Member),
            &standing(Some(SpaceRole::Moderator), open)
        ));
        assert!(!can_manage_space_members(
            &actor(Role::Member),
            &standing(Some(SpaceRole::Member), open)
        ));
        assert!(can_manage_space_members(&actor(Role::Admin), &standing(None, open)));
    }

    #[test]
    fn posting_follows_the_space_policy() {
        let member = actor(Role::Member);
        assert!(can_post_in_space(&member, &standing(None, PostingPolicy::Everyone)));
        assert!(!can_post_in_space(&member, &standing(None, PostingPolicy::SpaceMembers)));
        assert!(can_post_in_space(
            &member,
            &standing(Some(SpaceRole::Member), PostingPolicy::SpaceMembers)
        ));
        assert!(!can_post_in_space(
            &member,
            &standing(Some(SpaceRole::Member), PostingPolicy::Moderators)
        ));
        assert!(can_post_in_space(
            &actor(Role::Moderator),
            &standing(None, PostingPolicy::Moderators)
        ));
    }

    #[test]
    fn locked_threads_take_replies_only_from_moderators() {
        let open = standing(Some(SpaceRole::Member), PostingPolicy::Everyone);
        assert!(!can_reply_to_thread(&actor(Role::Member), &open, true));
        assert!(can_reply_to_thread(&actor(Role::Member), &open, false));
        assert!(can_reply_to_thread(&actor(Role::Moderator), &open, true));
    }

    #[test]
    fn posts_change_only_by_author_or_moderator() {
        let author = actor(Role::Member);
        let open = standing(None, PostingPolicy::Everyone);
        assert!(can_change_post(&author, &open, author.user_id));
        assert!(!can_change_post(&actor(Role::Member), &open, author.user_id));
        assert!(can_change_post(&actor(Role::Moderator), &open, author.user_id));
        let space_mod = standing(Some(SpaceRole::Moderator), PostingPolicy::Everyone);
        assert!(can_change_post(&actor(Role::Member), &space_mod, author.user_id));
    }

    #[test]
    fn emails_are_for_their_owner_and_admins() {
        let owner = actor(Role::Member);
        assert!(can_see_email(Some(&owner), owner.user_id));
        assert!(can_see_email(Some(&actor(Role::Admin)), owner.user_id));
        assert!(!can_see_email(Some(&actor(Role::Moderator)), owner.user_id));
        assert!(!can_see_email(None, owner.user_id));
    }
}
