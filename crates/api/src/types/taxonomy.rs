use async_graphql::SimpleObject;
use praxis_core::taxonomy::{Entry, Taxonomy as CoreTaxonomy};

#[derive(SimpleObject, Clone)]
pub struct TaxonomyEntry {
    pub code: String,
    pub label: String,
}

#[derive(SimpleObject)]
pub struct Taxonomy {
    pub pillars: Vec<TaxonomyEntry>,
    pub priority_actions: Vec<TaxonomyEntry>,
    pub countries: Vec<TaxonomyEntry>,
    pub actor_types: Vec<TaxonomyEntry>,
    pub document_kinds: Vec<TaxonomyEntry>,
    pub themes: Vec<TaxonomyEntry>,
    pub languages: Vec<TaxonomyEntry>,
}

fn entries(list: &[Entry]) -> Vec<TaxonomyEntry> {
    list.iter().map(|e| TaxonomyEntry { code: e.code.clone(), label: e.label.clone() }).collect()
}

impl From<&CoreTaxonomy> for Taxonomy {
    fn from(t: &CoreTaxonomy) -> Self {
        Self {
            pillars: entries(&t.pillars()),
            priority_actions: entries(t.priority_actions()),
            countries: entries(&t.countries()),
            actor_types: entries(&t.actor_types()),
            document_kinds: entries(&t.document_kinds()),
            themes: entries(t.themes()),
            languages: entries(t.languages()),
        }
    }
}
