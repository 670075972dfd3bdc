//! The index schema and its fields.

use tantivy::schema::{
    FAST, Facet, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions,
};

use crate::analyzers::{SEA_BIGRAMS, WORDS, WORDS_ENGLISH, WORDS_INDONESIAN};

/// One text (title or body) indexed every way.
#[derive(Debug, Clone, Copy)]
pub struct TextFields {
    /// The words as written, and without diacritics where they have any.
    pub words: Field,
    /// English stems, without positions: phrases are matched on `words`.
    pub english: Field,
    /// Indonesian and Malay roots, likewise without positions.
    pub indonesian: Field,
    pub bigrams: Field,
}

#[derive(Debug, Clone)]
pub struct Fields {
    pub schema: Schema,
    pub key: Field,
    pub kind: Field,
    pub space: Field,
    pub status: Field,
    pub document_author: Field,
    pub tag: Field,
    pub country: Field,
    pub pillar: Field,
    pub document_kind: Field,
    pub language: Field,
    pub written_in: Field,
    pub created: Field,
    pub rank: Field,
    /// A number drawn from the id, which orders hits of equal relevance or age (`Place`).
    pub tie: Field,
    pub facets: Field,
    pub title: TextFields,
    pub body: TextFields,
}

fn text(analyzer: &str, record: IndexRecordOption, stored: bool) -> TextOptions {
    let indexing = TextFieldIndexing::default().set_tokenizer(analyzer).set_index_option(record);
    let options = TextOptions::default().set_indexing_options(indexing);
    if stored { options.set_stored() } else { options }
}

const POSITIONS: IndexRecordOption = IndexRecordOption::WithFreqsAndPositions;

fn text_fields(builder: &mut tantivy::schema::SchemaBuilder, prefix: &str) -> TextFields {
    TextFields {
        // The exact-words field keeps the original text for titles and snippets.
        words: builder.add_text_field(&format!("{prefix}_{WORDS}"), text(WORDS, POSITIONS, true)),
        english: builder.add_text_field(
            &format!("{prefix}_{WORDS_ENGLISH}"),
            text(WORDS_ENGLISH, IndexRecordOption::WithFreqs, false),
        ),
        indonesian: builder.add_text_field(
            &format!("{prefix}_{WORDS_INDONESIAN}"),
            text(WORDS_INDONESIAN, IndexRecordOption::WithFreqs, false),
        ),
        bigrams: builder.add_text_field(
            &format!("{prefix}_{SEA_BIGRAMS}"),
            text(SEA_BIGRAMS, POSITIONS, false),
        ),
    }
}

impl Fields {
    pub fn new() -> Self {
        let mut builder = Schema::builder();
        let key = builder.add_text_field("key", STRING | STORED);
        let kind = builder.add_text_field("kind", STRING | STORED);
        let space = builder.add_text_field("space", STRING);
        let status = builder.add_text_field("status", STRING);
        let document_author = builder.add_text_field("document_author", STRING);
        let tag = builder.add_text_field("tag", STRING);
        let country = builder.add_text_field("country", STRING);
        let pillar = builder.add_text_field("pillar", STRING);
        let document_kind = builder.add_text_field("document_kind", STRING);
        let language = builder.add_text_field("language", STRING);
        // Stored only: what language a hit's own text is in, for a client's `lang`.
        let written_in = builder.add_text_field("written_in", STORED);
        let created = builder.add_i64_field("created", INDEXED | FAST | STORED);
        let rank = builder.add_f64_field("rank", FAST);
        let tie = builder.add_u64_field("tie", FAST);
        let facets = builder.add_facet_field("facets", FacetOptions::default());
        let title = text_fields(&mut builder, "title");
        let body = text_fields(&mut builder, "body");
        Self {
            schema: builder.build(),
            key,
            kind,
            space,
            status,
            document_author,
            tag,
            country,
            pillar,
            document_kind,
            language,
            written_in,
            created,
            rank,
            tie,
            facets,
            title,
            body,
        }
    }

    /// Looks the fields up in an existing index's schema (they must match).
    pub fn check(&self, schema: &Schema) -> bool {
        schema == &self.schema
    }
}

/// A facet path such as `/country/TH`.
pub fn facet(dimension: &str, value: &str) -> Facet {
    Facet::from_path([dimension, value])
}
