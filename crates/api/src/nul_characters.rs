//! Text holding the NUL character (U+0000) is refused before a request runs, with where it is.
//! PostgreSQL can neither store it nor compare with it: a name, a slug or a tag holding it made the
//! statement fail inside the database, and the caller saw INTERNAL where SQLite answered. No field
//! has a use for it, so every string of a request is checked here, once, and both databases answer
//! alike without each resolver having to remember.

use std::convert::Infallible;
use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{ServerError, ServerResult, Value, Variables};
use praxis_core::ErrorCode;

use crate::errors::request_error;

pub struct RefuseNulCharacters;

impl ExtensionFactory for RefuseNulCharacters {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(RefuseNulCharacters)
    }
}

#[async_graphql::async_trait::async_trait]
impl Extension for RefuseNulCharacters {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        if let Some(place) = in_variables(variables) {
            return Err(refusal(&place));
        }
        let document = next.run(ctx, query, variables).await?;
        match in_document(&document) {
            Some(place) => Err(refusal(&place)),
            None => Ok(document),
        }
    }
}

fn refusal(place: &str) -> ServerError {
    let message = format!(
        "the text of {place} holds the NUL character (U+0000), which no field accepts: remove it"
    );
    request_error(ErrorCode::BadUserInput, &message)
}

/// Where in `value` a string holds NUL, as a path (`.sourceUrl`, `[2]`), empty for `value` itself.
fn nul_in(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => text.contains('\0').then(String::new),
        Value::List(items) => items
            .iter()
            .enumerate()
            .find_map(|(at, item)| nul_in(item).map(|rest| format!("[{at}]{rest}"))),
        Value::Object(fields) => fields
            .iter()
            .find_map(|(name, field)| nul_in(field).map(|rest| format!(".{name}{rest}"))),
        _ => None,
    }
}

fn in_variables(variables: &Variables) -> Option<String> {
    variables.iter().find_map(|(name, value)| nul_in(value).map(|rest| format!("`${name}{rest}`")))
}

/// Text written into the query itself: the arguments of fields, and variables' defaults.
fn in_document(document: &ExecutableDocument) -> Option<String> {
    let operations = document.operations.iter().map(|(_, operation)| &operation.node);
    for operation in operations {
        for variable in &operation.variable_definitions {
            let variable = &variable.node;
            let default = variable.default_value.as_ref().and_then(|value| nul_in(&value.node));
            if let Some(rest) = default {
                return Some(format!("the default of `${}{rest}`", variable.name.node));
            }
        }
        if let Some(place) = in_selections(&operation.selection_set.node) {
            return Some(place);
        }
    }
    document
        .fragments
        .values()
        .find_map(|fragment| in_selections(&fragment.node.selection_set.node))
}

/// Directives are left out: the only ones a query can use, @skip and @include, take a Boolean, and
/// validation refuses text there.
fn in_selections(selections: &SelectionSet) -> Option<String> {
    selections.items.iter().find_map(|selection| match &selection.node {
        Selection::Field(field) => {
            let field = &field.node;
            let in_arguments = field.arguments.iter().find_map(|(name, value)| {
                // Variables inside a literal are checked with the request's variables.
                let literal =
                    value.node.clone().into_const_with(|_| Ok::<_, Infallible>(Value::Null));
                let rest = literal.ok().as_ref().and_then(nul_in)?;
                Some(format!("`{}({}:){rest}`", field.name.node, name.node))
            });
            in_arguments.or_else(|| in_selections(&field.selection_set.node))
        }
        // The fragment it names is checked with the document's other fragments.
        Selection::FragmentSpread(_) => None,
        Selection::InlineFragment(fragment) => in_selections(&fragment.node.selection_set.node),
    })
}

#[cfg(test)]
mod tests {
    use async_graphql::Variables;
    use async_graphql::parser::parse_query;

    use super::{in_document, in_variables};

    fn variables(json: serde_json::Value) -> Variables {
        Variables::from_json(json)
    }

    #[test]
    fn a_nul_is_found_wherever_a_variable_holds_it() {
        let nested = variables(serde_json::json!({
            "input": { "title": "ok", "countries": ["TH", "V\u{0}N"] },
            "first": 3,
        }));
        assert_eq!(in_variables(&nested).as_deref(), Some("`$input.countries[1]`"));
        assert_eq!(
            in_variables(&variables(serde_json::json!({ "s": "a\u{0}" }))).as_deref(),
            Some("`$s`")
        );
        let clean = variables(serde_json::json!({ "s": "Bài học \u{1} ร้าน", "n": null }));
        assert_eq!(in_variables(&clean), None, "other control characters are left to the fields");
    }

    #[test]
    fn a_nul_is_found_wherever_the_query_writes_it() {
        let place = |query: &str| in_document(&parse_query(query).unwrap());
        assert_eq!(
            place(r#"{ organizations(search: "a\u0000b") { id } }"#).as_deref(),
            Some("`organizations(search:)`")
        );
        assert_eq!(
            place(r#"query { a: search(query: "x") { edges { node { ... on Document { title } } } } threads(filter: { tag: "a\u0000" }) { totalCount } }"#).as_deref(),
            Some("`threads(filter:).tag`")
        );
        assert_eq!(
            place(r#"query($s: String = "\u0000") { organizations(search: $s) { id } }"#)
                .as_deref(),
            Some("the default of `$s`")
        );
        assert_eq!(
            place(r#"{ ...F } fragment F on QueryRoot { space(slug: "x\u0000") { id } }"#)
                .as_deref(),
            Some("`space(slug:)`")
        );
        assert_eq!(
            place(r#"{ ... on QueryRoot { users(search: ["\u0000"]) { id } } }"#).as_deref(),
            Some("`users(search:)[0]`"),
            "the place is found before validation says what the argument's type is"
        );
        assert_eq!(place(r#"query($s: String!) { organizations(search: $s) { id } }"#), None);
        assert_eq!(place(r#"{ search(query: "\u0041 ร้าน \\u0000") { totalCount } }"#), None);
    }
}
