//! Text from documents, for the search index. A file that claims to be a PDF, DOCX or ODT but
//! cannot be read is refused: better a clear error now than an attachment search cannot see.

use std::io::{Cursor, Read as _};

use praxis_core::{Error, Result};
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;

use super::FileKind;

/// Extracted text; None for images. Runs on the blocking pool (called from `spawn_blocking`).
pub fn text(kind: FileKind, content: &[u8]) -> Result<Option<String>> {
    Ok(extracted(kind, content)?.map(without_nul))
}

/// A NUL character (U+0000) in a file's text, which PDFs and Word documents can hold, cannot be
/// stored in PostgreSQL; the upload then failed. To the index it is no more than a gap.
fn without_nul(text: String) -> String {
    if text.contains('\0') { text.replace('\0', " ") } else { text }
}

fn extracted(kind: FileKind, content: &[u8]) -> Result<Option<String>> {
    match kind {
        FileKind::Pdf => pdf(content).map(Some),
        FileKind::Docx => zipped_xml(content, "word/document.xml", "p").map(Some),
        FileKind::Odt => zipped_xml(content, "content.xml", "p").map(Some),
        FileKind::Text => Ok(Some(String::from_utf8_lossy(content).into_owned())),
        FileKind::Png | FileKind::Jpeg | FileKind::Webp | FileKind::Gif => Ok(None),
    }
}

fn unreadable(what: &str) -> Error {
    Error::bad_input(
        "file",
        format!(
            "this {what} could not be read; it may be damaged or protected. Try saving it again"
        ),
    )
}

fn pdf(content: &[u8]) -> Result<String> {
    // pdf-extract may panic on malformed input; a panic here must become an input error.
    let content = content.to_vec();
    std::panic::catch_unwind(move || pdf_extract::extract_text_from_mem(&content))
        .map_err(|_| unreadable("PDF"))?
        .map_err(|_| unreadable("PDF"))
}

/// The text of an XML part inside a zip archive, one line per paragraph (`w:p`, `text:p`).
fn zipped_xml(content: &[u8], part: &str, paragraph: &str) -> Result<String> {
    let what = if part.starts_with("word/") { "Word document" } else { "OpenDocument file" };
    let mut archive = zip::ZipArchive::new(Cursor::new(content)).map_err(|_| unreadable(what))?;
    let mut xml = String::new();
    archive
        .by_name(part)
        .map_err(|_| unreadable(what))?
        .read_to_string(&mut xml)
        .map_err(|_| unreadable(what))?;
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut text = String::new();
    loop {
        match reader.read_event().map_err(|_| unreadable(what))? {
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => match r.resolve_char_ref() {
                Ok(Some(c)) => text.push(c),
                _ => {
                    text.push_str(resolve_predefined_entity(&r.xml10_content()).unwrap_or_default())
                }
            },
            Event::End(end) if end.local_name().as_ref() == paragraph => text.push('\n'),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use super::*;

    fn zip_with(part: &str, xml: &str) -> Vec<u8> {
        let mut buffer = Cursor::new(Vec::new());
        let mut writer = zip::ZipWriter::new(&mut buffer);
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        writer.start_file(part, options).unwrap();
        writer.write_all(xml.as_bytes()).unwrap();
        writer.finish().unwrap();
        buffer.into_inner()
    }

    #[test]
    fn reads_word_paragraphs() {
        let xml = r#"<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>Bài học</w:t></w:r><w:r><w:t xml:space="preserve"> kinh nghiệm</w:t></w:r></w:p><w:p><w:r><w:t>R&amp;D</w:t></w:r></w:p></w:body></w:document>"#;
        let text = text(FileKind::Docx, &zip_with("word/document.xml", xml)).ok().flatten();
        assert_eq!(text.as_deref(), Some("Bài học kinh nghiệm\nR&D\n"));
    }

    #[test]
    fn reads_opendocument_paragraphs() {
        let xml = r#"<office:document-content xmlns:office="o" xmlns:text="t"><office:body><office:text><text:p>บทเรียน</text:p></office:text></office:body></office:document-content>"#;
        let text = text(FileKind::Odt, &zip_with("content.xml", xml)).ok().flatten();
        assert_eq!(text.as_deref(), Some("บทเรียน\n"));
    }

    #[test]
    fn text_holds_no_nul_character() {
        let xml = "<w:document xmlns:w=\"w\"><w:body><w:p><w:t>Bài\u{0}học</w:t></w:p></w:body></w:document>";
        let text = text(FileKind::Docx, &zip_with("word/document.xml", xml)).ok().flatten();
        assert_eq!(text.as_deref(), Some("Bài học\n"));
    }

    #[test]
    fn damaged_files_are_input_errors() {
        let broken_pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> garbage";
        let err = text(FileKind::Pdf, broken_pdf).err();
        assert_eq!(err.as_ref().and_then(|e| e.field()), Some("file"));
        let not_a_zip = b"PK\x03\x04 definitely not a zip";
        assert!(text(FileKind::Docx, not_a_zip).is_err());
        assert!(text(FileKind::Docx, &zip_with("other.xml", "<x/>")).is_err());
    }
}
