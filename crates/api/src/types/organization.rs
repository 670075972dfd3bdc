use async_graphql::{ID, Object};
use praxis_core::ids::NodeKind;
use praxis_db::entities::organization;

use super::global_id;
use crate::enums::ActorType;

pub struct Organization(pub organization::Model);

#[Object]
impl Organization {
    pub async fn id(&self) -> ID {
        global_id(NodeKind::Organization, self.0.id)
    }

    async fn name(&self) -> &str {
        &self.0.name
    }

    async fn actor_type(&self) -> ActorType {
        ActorType::from_stored(&self.0.actor_type).unwrap_or(ActorType::Other)
    }

    async fn country(&self) -> Option<&str> {
        self.0.country.as_deref()
    }

    async fn verified(&self) -> bool {
        self.0.verified
    }
}
