//! Closed sets of values stored as text in the database and exposed as GraphQL enums.

/// Declares an enum with its stored names, so the database, the API and the tests share one
/// spelling: `as_str` for writing, `parse` for reading back.
macro_rules! stored_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

stored_enum!(
    /// A member's standing across the whole platform.
    Role {
        Member = "MEMBER",
        FocalPoint = "FOCAL_POINT",
        Moderator = "MODERATOR",
        Admin = "ADMIN",
    }
);

impl Role {
    /// Moderators and admins curate content everywhere they can read.
    pub fn moderates(self) -> bool {
        matches!(self, Role::Moderator | Role::Admin)
    }
}

stored_enum!(
    /// Who can read a space: everyone, every signed-in user, or its members only.
    Visibility {
        Public = "PUBLIC",
        Members = "MEMBERS",
        Private = "PRIVATE",
    }
);

stored_enum!(
    /// Who can start threads and reply in a space, among those who can read it.
    PostingPolicy {
        Everyone = "EVERYONE",
        SpaceMembers = "SPACE_MEMBERS",
        Moderators = "MODERATORS",
    }
);

stored_enum!(
    /// A member's role inside one space.
    SpaceRole {
        Member = "MEMBER",
        Moderator = "MODERATOR",
    }
);

stored_enum!(
    ThreadKind {
        Discussion = "DISCUSSION",
        Question = "QUESTION",
        LessonLearned = "LESSON_LEARNED",
    }
);

stored_enum!(
    ReactionKind {
        Like = "LIKE",
        Insightful = "INSIGHTFUL",
        Thanks = "THANKS",
    }
);

stored_enum!(
    /// What kind of organisation an actor is, per the WPS taxonomy.
    ActorType {
        Government = "GOVERNMENT",
        SecuritySector = "SECURITY_SECTOR",
        Cso = "CSO",
        Academia = "ACADEMIA",
        Media = "MEDIA",
        UnAgency = "UN_AGENCY",
        AseanBody = "ASEAN_BODY",
        PrivateSector = "PRIVATE_SECTOR",
        DevelopmentPartner = "DEVELOPMENT_PARTNER",
        Other = "OTHER",
    }
);

stored_enum!(
    /// The four pillars of the ASEAN Regional Plan of Action on WPS.
    Pillar {
        Protection = "PROTECTION",
        Participation = "PARTICIPATION",
        Prevention = "PREVENTION",
        ReliefAndRecovery = "RELIEF_AND_RECOVERY",
    }
);

stored_enum!(
    DocumentKind {
        GoodPractice = "GOOD_PRACTICE",
        LessonLearned = "LESSON_LEARNED",
        Report = "REPORT",
        Policy = "POLICY",
        Statement = "STATEMENT",
        Toolkit = "TOOLKIT",
        TrainingMaterial = "TRAINING_MATERIAL",
        Other = "OTHER",
    }
);

stored_enum!(
    /// Where a library document stands in the review workflow.
    DocumentStatus {
        Draft = "DRAFT",
        Submitted = "SUBMITTED",
        ChangesRequested = "CHANGES_REQUESTED",
        Published = "PUBLISHED",
        Rejected = "REJECTED",
        Archived = "ARCHIVED",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_names_round_trip() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(*role));
        }
        for kind in ActorType::ALL {
            assert_eq!(ActorType::parse(kind.as_str()), Some(*kind));
        }
        assert_eq!(Visibility::parse("private"), None);
    }
}
