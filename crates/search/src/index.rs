//! The index on disk: one writer, one reloading reader, and the outbox sequence number of the
//! last applied change kept as the commit payload, so a restart resumes exactly where the last
//! commit left off.

use std::path::Path;
use std::sync::Mutex;

use anyhow::Context as _;
use chrono::Datelike as _;
use tantivy::directory::MmapDirectory;
use tantivy::indexer::IndexWriterOptions;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::analyzers;
use crate::doc::{Change, IndexDoc};
use crate::fields::{Fields, facet};
use crate::language::Language;
use crate::scorings::Scorings;
use crate::search::Place;

/// Memory for the writer's in-flight segment: a batch of statements fits, and a larger batch is
/// written out as several segments rather than growing the server.
const WRITER_MEMORY: usize = 48 * 1024 * 1024;

/// How documents are turned into an index, beyond what the schema's fields say: raise it when
/// the same document would be indexed differently (other text in a field, another analysis), so
/// that an index written the old way is refilled on upgrade instead of answering from stale terms.
/// Version 1 (indexes before it carried no stamp): a reply is indexed without its thread's
/// title, which it used to repeat; bodies as the text a reader sees rather than their Markdown;
/// documents under their own year.
/// Version 2: a forum post is analyzed as the language it reads as, not always as English, so an
/// Indonesian or Malay post is found by its words' roots.
/// Version 3: a forum post is filed under the language it reads as, where that can be told, so
/// the language filter and facet count it.
/// Version 4: a reply too short to tell the language of is filed under its thread's.
/// Version 5: a forum post in Lao, which whatlang does not know, is filed under Lao by its script.
/// Version 6: English words spelled -ise or -yse are stemmed as their -ize or -yze spelling.
/// Version 7: the blocks of a forum post or a library document's Markdown body (paragraphs, list
/// items, headings) end with a blank line, so snippets show where each ends.
/// Version 8: English words spelled -our, -re ("centre") and a few more ("programme", "defence")
/// are stemmed as their American spelling.
/// Version 9: the pairs of letters of Thai, Lao, Khmer and Burmese pass over zero-width spaces and
/// joiners, which part words the segmenter then cannot join again.
/// Version 10: words are indexed written one way: apostrophes straight, and a Vietnamese tone
/// mark on the first vowel of "oa", "oe" and "uy" ("hoà" as "hòa").
/// (A change of fields, such as the stored `written_in`, refills an index by itself.)
const CONTENT_VERSION: &str = "10";
/// The file in an index's directory that holds the `CONTENT_VERSION` it was written with; an
/// index without one was written before versions were kept.
const CONTENT_VERSION_FILE: &str = "praxis-content-version";

/// Decompressed blocks of stored text kept per segment: a page of hits and its snippets needs
/// ten, and a statement fills a block of its own.
const DOC_STORE_CACHE_BLOCKS: usize = 20;

pub struct SearchIndex {
    pub(crate) index: Index,
    pub(crate) reader: IndexReader,
    pub(crate) fields: Fields,
    /// Opened on first write, so a process that only reads (the CLI beside a running server)
    /// never competes for the writer's lock.
    writer: Mutex<Option<IndexWriter>>,
    /// The payload of the last commit, kept here so that the indexer, which asks before every
    /// batch and every idle poll, reads no file and wakes no blocking thread for it. It stays
    /// true because one process writes an index: the server's indexer writes the live
    /// generation, `praxis reindex` a new one of its own, and other processes only read.
    watermark: Mutex<Option<String>>,
    /// How first pages by relevance were scored, for the pages after them.
    pub(crate) scorings: Scorings,
}

impl SearchIndex {
    /// Opens the index in `dir`, creating it if it does not exist.
    pub fn open(dir: &Path) -> anyhow::Result<Self> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("creating the index dir {}", dir.display()))?;
        let fields = Fields::new();
        let directory = MmapDirectory::open(dir)
            .with_context(|| format!("opening the index in {}", dir.display()))?;
        // Stamped before the index is created, so that a crash between the two does not leave
        // a new index unstamped; a stamp that is lost all the same only costs a refill.
        // An index that cannot be read is not taken for a new one and stamped as current.
        let exists = Index::exists(&directory)
            .with_context(|| format!("reading the index in {}", dir.display()))?;
        if !exists {
            let stamp = dir.join(CONTENT_VERSION_FILE);
            std::fs::write(&stamp, CONTENT_VERSION)
                .with_context(|| format!("writing {}", stamp.display()))?;
        }
        let index = Index::open_or_create(directory, fields.schema.clone()).with_context(|| {
            format!(
                "the index in {} was made by another version; run `praxis reindex`",
                dir.display()
            )
        })?;
        Self::with_index(index, fields)
    }

    /// Whether `dir` holds an index made by an earlier version of Praxis: with another schema,
    /// or with documents indexed another way.
    pub fn is_outdated(dir: &Path) -> bool {
        let written_as = std::fs::read_to_string(dir.join(CONTENT_VERSION_FILE)).ok();
        Index::open_in_dir(dir).is_ok_and(|index| {
            !Fields::new().check(&index.schema()) || written_as.as_deref() != Some(CONTENT_VERSION)
        })
    }

    /// An index in memory, for tests.
    pub fn in_memory() -> anyhow::Result<Self> {
        let fields = Fields::new();
        Self::with_index(Index::create_in_ram(fields.schema.clone()), fields)
    }

    fn with_index(index: Index, fields: Fields) -> anyhow::Result<Self> {
        anyhow::ensure!(
            fields.check(&index.schema()),
            "the index schema differs; run `praxis reindex`"
        );
        analyzers::register(index.tokenizers());
        // Each search runs on the thread that asked for it. Spreading one search's segments over
        // a pool of threads was tried: after merges most of an index is in one segment, so it
        // gained little, and the pool's idle threads spinning for work took the cores from the
        // requests being served.
        // `apply` reloads at once, so a change is searchable as soon as it is committed; the
        // reader also follows the merges tantivy finishes in the background, which lets go of
        // the merged segments' files (and their pages) instead of keeping them until the next
        // change.
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .doc_store_cache_num_blocks(DOC_STORE_CACHE_BLOCKS)
            .try_into()
            .context("opening the index reader")?;
        let watermark = index.load_metas().context("reading the index metadata")?.payload;
        Ok(Self {
            index,
            reader,
            fields,
            writer: Mutex::new(None),
            watermark: Mutex::new(watermark),
            scorings: Scorings::default(),
        })
    }

    /// Where in its source of changes the index's last commit was (the commit's payload), if it
    /// has one.
    pub fn watermark(&self) -> Option<String> {
        self.watermark.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn committed(&self, watermark: Option<&str>) {
        *self.watermark.lock().unwrap_or_else(|e| e.into_inner()) = watermark.map(str::to_owned);
    }

    fn with_writer<T>(
        &self,
        work: impl FnOnce(&mut IndexWriter) -> anyhow::Result<T>,
    ) -> anyhow::Result<T> {
        let mut slot = self.writer.lock().unwrap_or_else(|e| e.into_inner());
        let writer = match slot.as_mut() {
            Some(writer) => writer,
            None => slot.insert(self.open_writer()?),
        };
        work(writer)
    }

    fn open_writer(&self) -> anyhow::Result<IndexWriter> {
        // One thread indexes and one merges: the indexer applies one batch at a time anyway, and
        // on a small server every further merge running at once maps more of the index and takes
        // a core from the searches.
        let options = IndexWriterOptions::builder()
            .num_worker_threads(1)
            .num_merge_threads(1)
            .memory_budget_per_thread(WRITER_MEMORY)
            .build();
        self.index
            .writer_with_options(options)
            .context("opening the index writer (is another process writing this index?)")
    }

    /// Applies changes and commits them with `watermark` as the payload (with none, the index
    /// reads as not yet filled). Blocking: call it from the blocking pool.
    pub fn apply(&self, changes: &[Change], watermark: Option<&str>) -> anyhow::Result<()> {
        self.with_writer(|writer| self.write(writer, changes, watermark))?;
        self.reader.reload().context("reloading the index reader")?;
        // Only once searchable: whoever waits for the index to catch up (`index_until_caught_up`)
        // reads this. If the reload failed, the rows are applied again, which changes nothing.
        self.committed(watermark);
        Ok(())
    }

    fn write(
        &self,
        writer: &mut IndexWriter,
        changes: &[Change],
        watermark: Option<&str>,
    ) -> anyhow::Result<()> {
        for change in changes {
            match change {
                Change::Upsert(doc) => {
                    writer.delete_term(Term::from_field_text(self.fields.key, &doc.key.term()));
                    writer
                        .add_document(self.document(doc))
                        .context("adding a document to the index")?;
                }
                Change::Delete(key) => {
                    writer.delete_term(Term::from_field_text(self.fields.key, &key.term()));
                }
            }
        }
        let mut commit = writer.prepare_commit().context("preparing the index commit")?;
        if let Some(watermark) = watermark {
            commit.set_payload(watermark);
        }
        commit.commit().context("committing the index")?;
        Ok(())
    }

    /// Removes every document and the watermark, to fill the index afresh. Blocking.
    pub fn clear(&self) -> anyhow::Result<()> {
        self.with_writer(|writer| {
            writer.delete_all_documents().context("clearing the index")?;
            writer.commit().context("committing the cleared index")?;
            // At once, even if the reload fails: an index that reads as filled but is empty
            // would never be filled.
            self.committed(None);
            Ok(())
        })?;
        self.reader.reload().context("reloading the index reader")?;
        Ok(())
    }

    pub fn num_docs(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    fn document(&self, doc: &IndexDoc) -> TantivyDocument {
        let f = &self.fields;
        let mut d = TantivyDocument::default();
        d.add_text(f.key, doc.key.term());
        d.add_text(f.kind, doc.key.kind.as_str());
        d.add_facet(f.facets, facet("kind", doc.key.kind.as_str()));
        if let Some(space) = doc.space {
            d.add_text(f.space, space.to_string());
            d.add_facet(f.facets, facet("space", &space.to_string()));
        }
        if let Some(status) = &doc.status {
            d.add_text(f.status, status);
        }
        if let Some(author) = doc.document_author {
            d.add_text(f.document_author, author.to_string());
        }
        for (field, dimension, values) in [
            (f.tag, "tag", &doc.tags),
            (f.country, "country", &doc.countries),
            (f.pillar, "pillar", &doc.pillars),
        ] {
            for value in values {
                d.add_text(field, value);
                d.add_facet(f.facets, facet(dimension, value));
            }
        }
        if let Some(kind) = &doc.document_kind {
            d.add_text(f.document_kind, kind);
            d.add_facet(f.facets, facet("documentKind", kind));
        }
        let language = Language::of(
            doc.language.as_deref(),
            &doc.title,
            &doc.body,
            doc.thread_text.as_deref(),
        );
        for code in &language.filed_under {
            d.add_text(f.language, code);
            d.add_facet(f.facets, facet("language", code));
        }
        if let Some(code) = language.written_in {
            d.add_text(f.written_in, code);
        }
        let year = doc.year.unwrap_or_else(|| doc.created.year());
        d.add_facet(f.facets, facet("year", &year.to_string()));
        d.add_i64(f.created, doc.created.timestamp_millis());
        d.add_f64(f.rank, doc.rank);
        d.add_u64(f.tie, Place::tie_of(doc.key.id));
        for (fields, text) in [(&f.title, &doc.title), (&f.body, &doc.body)] {
            d.add_text(fields.words, text);
            d.add_text(fields.bigrams, text);
            if language.analyses.english {
                d.add_text(fields.english, text);
            }
            if language.analyses.indonesian {
                d.add_text(fields.indonesian, text);
            }
        }
        d
    }
}
