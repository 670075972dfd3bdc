//! The exported SDL is the public contract: it changes only on purpose.
//! Run with `UPDATE_SCHEMA=1` to accept a change, then review the diff of schema.graphql.

#[test]
fn schema_graphql_matches_the_code() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema.graphql");
    let current = praxis_api::sdl();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &current).expect("write schema.graphql");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == current,
        "schema.graphql differs from the schema the code serves; if the change is intended, run \
         `UPDATE_SCHEMA=1 cargo test -p praxis-tests schema` and commit the new file"
    );
}
