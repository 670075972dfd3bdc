//! Opaque global ids: `base64url("Kind:uuid")`. Clients treat them as strings; the kind inside lets
//! `node(id)` dispatch and lets a mutation reject an id of the wrong kind with a clear message.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use uuid::Uuid;

use crate::{Error, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NodeKind {
    User,
    Organization,
    Space,
    Thread,
    Post,
    Document,
    Attachment,
}

impl NodeKind {
    const ALL: [NodeKind; 7] = [
        Self::User,
        Self::Organization,
        Self::Space,
        Self::Thread,
        Self::Post,
        Self::Document,
        Self::Attachment,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::User => "User",
            Self::Organization => "Organization",
            Self::Space => "Space",
            Self::Thread => "Thread",
            Self::Post => "Post",
            Self::Document => "Document",
            Self::Attachment => "Attachment",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|kind| kind.as_str() == s)
    }
}

/// A decoded global id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GlobalId {
    pub kind: NodeKind,
    pub id: Uuid,
}

impl GlobalId {
    pub fn new(kind: NodeKind, id: Uuid) -> Self {
        Self { kind, id }
    }

    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("{}:{}", self.kind.as_str(), self.id))
    }

    /// Decodes any global id; `field` names the argument in the error.
    pub fn decode(field: &str, raw: &str) -> Result<Self> {
        let malformed = || Error::bad_input(field, format!("`{field}` is not a valid id"));
        let bytes = URL_SAFE_NO_PAD.decode(raw.trim()).map_err(|_| malformed())?;
        let text = String::from_utf8(bytes).map_err(|_| malformed())?;
        let (kind, id) = text.split_once(':').ok_or_else(malformed)?;
        let kind = NodeKind::parse(kind).ok_or_else(malformed)?;
        let id = Uuid::parse_str(id).map_err(|_| malformed())?;
        Ok(Self { kind, id })
    }

    /// Decodes an id that must be of one kind, as a mutation argument must.
    pub fn decode_as(field: &str, raw: &str, expected: NodeKind) -> Result<Uuid> {
        let global = Self::decode(field, raw)?;
        if global.kind != expected {
            return Err(Error::bad_input(
                field,
                format!("`{field}` must be the id of a {}", expected.as_str()),
            ));
        }
        Ok(global.id)
    }
}

/// A fresh, time-ordered id: sorting ids sorts rows by creation.
pub fn new_id() -> Uuid {
    Uuid::now_v7()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_kind() {
        for kind in NodeKind::ALL {
            let id = GlobalId::new(kind, new_id());
            assert_eq!(GlobalId::decode("id", &id.encode()).ok(), Some(id));
        }
    }

    #[test]
    fn rejects_garbage_and_names_the_field() {
        for raw in [
            "",
            "abc",
            "!!!",
            &URL_SAFE_NO_PAD.encode("Thread:nope"),
            &URL_SAFE_NO_PAD.encode("Bogus:0190c3a5-6c3b-7f0a-8000-000000000000"),
        ] {
            let err = GlobalId::decode("threadId", raw).err();
            assert_eq!(err.as_ref().and_then(|e| e.field()), Some("threadId"), "{raw}");
        }
    }

    #[test]
    fn rejects_an_id_of_another_kind() {
        let post = GlobalId::new(NodeKind::Post, new_id()).encode();
        let err = GlobalId::decode_as("threadId", &post, NodeKind::Thread).err();
        assert!(err.is_some_and(|e| e.to_string().contains("Thread")));
    }
}
