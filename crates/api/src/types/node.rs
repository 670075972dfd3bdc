use async_graphql::{ID, Interface};

use super::{Attachment, Document, Organization, Post, Space, Thread, User};

/// Anything with a global id, fetchable through `node` and `nodes`.
#[derive(Interface)]
#[graphql(field(name = "id", ty = "ID"))]
pub enum Node {
    User(User),
    Organization(Organization),
    Space(Space),
    Thread(Thread),
    Post(Post),
    Document(Document),
    Attachment(Attachment),
}
