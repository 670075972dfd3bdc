//! Telling a file's type from its content: magic numbers through `infer`, and for text, valid
//! UTF-8 without binary control characters.

/// The kinds of file the library accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Pdf,
    Docx,
    Odt,
    Text,
    Png,
    Jpeg,
    Webp,
    Gif,
}

impl FileKind {
    pub fn content_type(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            FileKind::Odt => "application/vnd.oasis.opendocument.text",
            FileKind::Text => "text/plain; charset=utf-8",
            FileKind::Png => "image/png",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Webp => "image/webp",
            FileKind::Gif => "image/gif",
        }
    }
}

pub fn sniff(content: &[u8]) -> Option<FileKind> {
    if content.is_empty() {
        return None;
    }
    if let Some(found) = infer::get(content) {
        return match found.mime_type() {
            "application/pdf" => Some(FileKind::Pdf),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => {
                Some(FileKind::Docx)
            }
            "application/vnd.oasis.opendocument.text" => Some(FileKind::Odt),
            "image/png" => Some(FileKind::Png),
            "image/jpeg" => Some(FileKind::Jpeg),
            "image/webp" => Some(FileKind::Webp),
            "image/gif" => Some(FileKind::Gif),
            _ => None,
        };
    }
    let text = std::str::from_utf8(content).ok()?;
    let binary = text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'));
    (!binary).then_some(FileKind::Text)
}

#[cfg(test)]
mod tests {
    use std::io::Write as _;

    use super::*;

    /// A zip archive of (name, content, stored uncompressed?) entries, in order.
    fn zip_of(entries: &[(&str, &str, bool)]) -> Vec<u8> {
        let mut buffer = std::io::Cursor::new(Vec::new());
        let mut writer = zip::ZipWriter::new(&mut buffer);
        for (name, content, stored) in entries {
            let method = if *stored {
                zip::CompressionMethod::Stored
            } else {
                zip::CompressionMethod::Deflated
            };
            writer
                .start_file(
                    *name,
                    zip::write::SimpleFileOptions::default().compression_method(method),
                )
                .unwrap();
            writer.write_all(content.as_bytes()).unwrap();
        }
        writer.finish().unwrap();
        buffer.into_inner()
    }

    #[test]
    fn knows_office_documents_inside_their_zip() {
        let docx = zip_of(&[("word/document.xml", "<w:document/>", false)]);
        assert_eq!(sniff(&docx), Some(FileKind::Docx));
        let odt = zip_of(&[
            ("mimetype", "application/vnd.oasis.opendocument.text", true),
            ("content.xml", "<x/>", false),
        ]);
        assert_eq!(sniff(&odt), Some(FileKind::Odt));
        let plain_zip = zip_of(&[("notes.txt", "hello", false)]);
        assert_eq!(sniff(&plain_zip), None);
    }

    #[test]
    fn knows_files_by_their_content_not_their_name() {
        assert_eq!(sniff(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"), Some(FileKind::Pdf));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Some(FileKind::Png));
        assert_eq!(sniff("Bài học kinh nghiệm\nบทเรียน".as_bytes()), Some(FileKind::Text));
        assert_eq!(sniff(b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff"), None, "a Windows executable");
        assert_eq!(sniff(b"\0\x01\x02binary"), None);
        assert_eq!(sniff(b""), None);
    }
}
