//! GraphQL enums mirroring the core's stored enums, converted both ways.

use async_graphql::Enum;
use praxis_core::types as core;

macro_rules! mirror_enum {
    ($(#[$meta:meta])* $name:ident = $core:ty { $($variant:ident),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
        pub enum $name { $($variant),+ }

        impl From<$name> for $core {
            fn from(value: $name) -> Self {
                match value { $($name::$variant => <$core>::$variant),+ }
            }
        }

        impl From<$core> for $name {
            fn from(value: $core) -> Self {
                match value { $(<$core>::$variant => $name::$variant),+ }
            }
        }

        impl $name {
            /// Reads a stored value; None if the database holds something unknown.
            pub fn from_stored(text: &str) -> Option<Self> {
                <$core>::parse(text).map(Self::from)
            }
        }
    };
}

mirror_enum!(Role = core::Role { Member, FocalPoint, Moderator, Admin });
mirror_enum!(
    /// PUBLIC: everyone, signed in or not. MEMBERS: every signed-in user. PRIVATE: the space's members only.
    Visibility = core::Visibility { Public, Members, Private }
);
mirror_enum!(
    /// Who may start threads and reply, among those who can read the space.
    PostingPolicy = core::PostingPolicy { Everyone, SpaceMembers, Moderators }
);
mirror_enum!(SpaceRole = core::SpaceRole { Member, Moderator });
mirror_enum!(ThreadKind = core::ThreadKind { Discussion, Question, LessonLearned });
mirror_enum!(ReactionKind = core::ReactionKind { Like, Insightful, Thanks });
mirror_enum!(
    ActorType = core::ActorType {
        Government,
        SecuritySector,
        Cso,
        Academia,
        Media,
        UnAgency,
        AseanBody,
        PrivateSector,
        DevelopmentPartner,
        Other
    }
);

mirror_enum!(Pillar = core::Pillar { Protection, Participation, Prevention, ReliefAndRecovery });
mirror_enum!(
    DocumentKind = core::DocumentKind {
        GoodPractice,
        LessonLearned,
        Report,
        Policy,
        Statement,
        Toolkit,
        TrainingMaterial,
        Other
    }
);
mirror_enum!(
    DocumentStatus =
        core::DocumentStatus { Draft, Submitted, ChangesRequested, Published, Rejected, Archived }
);

#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewDecision {
    Publish,
    RequestChanges,
    Reject,
}

impl From<ReviewDecision> for praxis_core::workflow::Action {
    fn from(value: ReviewDecision) -> Self {
        match value {
            ReviewDecision::Publish => Self::Publish,
            ReviewDecision::RequestChanges => Self::RequestChanges,
            ReviewDecision::Reject => Self::Reject,
        }
    }
}

#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DocumentOrder {
    #[default]
    Newest,
    RecentlyUpdated,
    Title,
}

impl From<DocumentOrder> for praxis_db::queries::documents::DocumentOrder {
    fn from(value: DocumentOrder) -> Self {
        match value {
            DocumentOrder::Newest => Self::Newest,
            DocumentOrder::RecentlyUpdated => Self::RecentlyUpdated,
            DocumentOrder::Title => Self::Title,
        }
    }
}

#[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThreadOrder {
    #[default]
    LatestActivity,
    Newest,
}

impl From<ThreadOrder> for praxis_db::queries::threads::ThreadOrder {
    fn from(value: ThreadOrder) -> Self {
        match value {
            ThreadOrder::LatestActivity => Self::LatestActivity,
            ThreadOrder::Newest => Self::Newest,
        }
    }
}
