//! Text holding the NUL character (U+0000) is refused before a request runs, with where it is.
//! PostgreSQL can neither store it nor compare with it: a name, a slug or a tag holding it made the
//! statement fail inside the database, and the caller saw INTERNAL where SQLite answered. No field
//! has a use for it, so every string of a request is checked here, once, and both databases answer
//! alike without each resolver having to remember. Cursors, which are text the server decodes into
//! more text, are checked where they are decoded (`holds_nul`).

use std::convert::Infallible;
use std::fmt::Write as _;
use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{ServerError, ServerResult, Value, Variables};
use praxis_core::ErrorCode;

use crate::errors::request_error;

/// The schema extension that refuses such text, in the variables and in the query itself.
pub(crate) struct RefuseNulCharacters;

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
            return Err(place.refusal());
        }
        let document = next.run(ctx, query, variables).await?;
        match in_document(&document) {
            Some(place) => Err(place.refusal()),
            None => Ok(document),
        }
    }
}

/// Whether any string in `value` holds NUL.
pub(crate) fn holds_nul(value: &Value) -> bool {
    nul_in(value).is_some()
}

/// A way into a value: a field of an input object, or an item of a list.
enum Step<'a> {
    Field(&'a str),
    Item(usize),
}

/// The steps into `value` to a string holding NUL, innermost first; none for `value` itself.
fn nul_in(value: &Value) -> Option<Vec<Step<'_>>> {
    let (step, mut inner) = match value {
        Value::String(text) => return text.contains('\0').then(Vec::new),
        Value::List(items) => {
            items.iter().enumerate().find_map(|(at, item)| Some((Step::Item(at), nul_in(item)?)))?
        }
        Value::Object(fields) => {
            fields.iter().find_map(|(name, field)| Some((Step::Field(name), nul_in(field)?)))?
        }
        _ => return None,
    };
    inner.push(step);
    Some(inner)
}

/// Where a request holds NUL: as its message says it, and as `extensions.field` names it, like
/// other input errors: the innermost input field, or else the argument, or the variable (as the
/// client named it, which is the argument's name only where the client chose so).
#[derive(Debug, PartialEq)]
struct Place {
    said: String,
    field: String,
}

impl Place {
    /// `what` (the text, or a variable's default value) of `root` (a variable or an argument),
    /// which is named `name`.
    fn new(what: &str, root: &str, name: &str, innermost_first: &[Step<'_>]) -> Place {
        let (mut path, mut field) = (root.to_owned(), name.to_owned());
        for step in innermost_first.iter().rev() {
            match step {
                Step::Field(inner) => {
                    let _ = write!(path, ".{inner}");
                    field = (*inner).to_owned();
                }
                Step::Item(at) => {
                    let _ = write!(path, "[{at}]");
                }
            }
        }
        Place { said: format!("{what} `{path}`"), field }
    }

    fn refusal(&self) -> ServerError {
        let message = format!(
            "{} holds the NUL character (U+0000), which no field accepts: remove it",
            self.said
        );
        request_error(ErrorCode::BadUserInput, &message, Some(&self.field))
    }
}

fn in_variables(variables: &Variables) -> Option<Place> {
    variables.iter().find_map(|(name, value)| {
        Some(Place::new("the text of", &format!("${name}"), name, &nul_in(value)?))
    })
}

/// Text written into the query itself: the arguments of fields, and variables' defaults.
fn in_document(document: &ExecutableDocument) -> Option<Place> {
    let operations = document.operations.iter().map(|(_, operation)| &operation.node);
    for operation in operations {
        for variable in &operation.variable_definitions {
            let (name, default) = (&variable.node.name.node, &variable.node.default_value);
            if let Some(steps) = default.as_ref().and_then(|value| nul_in(&value.node)) {
                let root = format!("${name}");
                return Some(Place::new("the default value of", &root, name, &steps));
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
fn in_selections(selections: &SelectionSet) -> Option<Place> {
    selections.items.iter().find_map(|selection| match &selection.node {
        Selection::Field(field) => {
            let field = &field.node;
            let in_arguments = field.arguments.iter().find_map(|(name, value)| {
                // Variables inside a literal are checked with the request's variables.
                let Ok(literal) =
                    value.node.clone().into_const_with(|_| Ok::<_, Infallible>(Value::Null));
                let steps = nul_in(&literal)?;
                let root = format!("{}({}:)", field.name.node, name.node);
                Some(Place::new("the text of", &root, &name.node, &steps))
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
    use serde_json::json;

    use super::{Place, in_document, in_variables};

    fn at(said: &str, field: &str) -> Option<Place> {
        Some(Place { said: said.to_owned(), field: field.to_owned() })
    }

    #[test]
    fn a_nul_is_found_wherever_a_variable_holds_it() {
        let place = |json| in_variables(&Variables::from_json(json));
        let nested = json!({ "input": { "title": "ok", "countries": ["TH", "V\u{0}N"] }, "n": 3 });
        assert_eq!(place(nested), at("the text of `$input.countries[1]`", "countries"));
        assert_eq!(place(json!({ "query": "a\u{0}" })), at("the text of `$query`", "query"));
        let listed = json!({ "ids": ["a", "\u{0}"] });
        assert_eq!(place(listed), at("the text of `$ids[1]`", "ids"));
        let clean = json!({ "s": "Bài học \u{1} ร้าน", "n": null });
        assert_eq!(place(clean), None, "other control characters are left to the fields");
    }

    #[test]
    fn a_nul_is_found_wherever_the_query_writes_it() {
        let place = |query: &str| in_document(&parse_query(query).unwrap());
        assert_eq!(
            place(r#"{ organizations(search: "a\u0000b") { id } }"#),
            at("the text of `organizations(search:)`", "search")
        );
        let second_field = r#"query { a: search(query: "x") { edges { cursor } }
            threads(filter: { tag: "a\u0000" }) { totalCount } }"#;
        assert_eq!(place(second_field), at("the text of `threads(filter:).tag`", "tag"));
        let beside_a_variable = r#"mutation($s: ID!) {
            createThread(input: { spaceId: $s, title: "a\u0000" }) { id } }"#;
        assert_eq!(
            place(beside_a_variable),
            at("the text of `createThread(input:).title`", "title")
        );
        let second_operation = r#"query A { viewer { id } }
            query B { space(slug: "x\u0000") { id } }"#;
        assert_eq!(place(second_operation), at("the text of `space(slug:)`", "slug"));
        assert_eq!(
            place(r#"query($s: String = "\u0000") { organizations(search: $s) { id } }"#),
            at("the default value of `$s`", "s")
        );
        assert_eq!(
            place(r#"{ ...F } fragment F on QueryRoot { space(slug: "x\u0000") { id } }"#),
            at("the text of `space(slug:)`", "slug")
        );
        assert_eq!(
            place(r#"{ ... on QueryRoot { users(search: ["\u0000"]) { id } } }"#),
            at("the text of `users(search:)[0]`", "search"),
            "the place is found before validation says what the argument's type is"
        );
        assert_eq!(place(r#"query($s: String!) { organizations(search: $s) { id } }"#), None);
        assert_eq!(place(r#"{ search(query: "\u0041 ร้าน \\u0000") { totalCount } }"#), None);
    }
}
