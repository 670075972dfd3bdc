//! Attachments (upload by the GraphQL multipart spec, type from content, size limit, text
//! extraction, downloads that follow the document's visibility) and the exports and feed.

use std::io::Write as _;

use praxis_core::types::Role;
use praxis_tests::{TestApp, TestUser, error_code, error_field, hit_ids};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use sea_orm::{ConnectionTrait as _, Statement};
use serde_json::{Value, json};
use sha2::{Digest as _, Sha256};

const UPLOAD: &str = "mutation($d: ID!, $file: Upload!) { uploadAttachment(documentId: $d, file: $file) { id filename contentType size sha256 url } }";

fn document(title: &str) -> Value {
    json!({ "title": title, "kind": "REPORT", "summary": "A report.", "language": "en", "countries": ["TH"] })
}

async fn draft(app: &TestApp, author: &TestUser, title: &str) -> String {
    let data = app
        .data(
            Some(&author.access_token),
            "mutation($i: DocumentInput!) { createDocument(input: $i) { id } }",
            json!({ "i": document(title) }),
        )
        .await;
    data["createDocument"]["id"].as_str().unwrap().to_owned()
}

/// Sends a GraphQL multipart request carrying one file; returns the status and body.
async fn upload(
    app: &TestApp,
    token: Option<&str>,
    document_id: &str,
    filename: &str,
    content: Vec<u8>,
) -> (StatusCode, Value) {
    let operations = json!({ "query": UPLOAD, "variables": { "d": document_id, "file": null } });
    let form = Form::new()
        .text("operations", operations.to_string())
        .text("map", json!({ "0": ["variables.file"] }).to_string())
        .part("0", Part::bytes(content).file_name(filename.to_owned()));
    let mut request = app.http.post(app.url("/graphql")).multipart(form);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn download(app: &TestApp, token: Option<&str>, url: &str) -> reqwest::Response {
    let mut request = app.http.get(app.url(url));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.unwrap()
}

/// A small valid PDF whose one page shows `text`, with a correct cross-reference table.
fn pdf_with(text: &str) -> Vec<u8> {
    let stream = format!("BT /F1 12 Tf 72 720 Td ({text}) Tj ET");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_owned(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_owned(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>".to_owned(),
        format!("<< /Length {} >>\nstream\n{stream}\nendstream", stream.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_owned(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        write!(pdf, "{} 0 obj\n{object}\nendobj\n", i + 1).unwrap();
    }
    let xref = pdf.len();
    write!(pdf, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).unwrap();
    for offset in offsets {
        writeln!(pdf, "{offset:010} 00000 n ").unwrap();
    }
    write!(
        pdf,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    )
    .unwrap();
    pdf
}

fn docx_with(paragraphs: &[&str]) -> Vec<u8> {
    let body: String =
        paragraphs.iter().map(|p| format!("<w:p><w:r><w:t>{p}</w:t></w:r></w:p>")).collect();
    let xml = format!(
        r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    let mut buffer = std::io::Cursor::new(Vec::new());
    let mut writer = zip::ZipWriter::new(&mut buffer);
    writer.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).unwrap();
    writer.write_all(xml.as_bytes()).unwrap();
    writer.finish().unwrap();
    buffer.into_inner()
}

async fn extracted_text(app: &TestApp, attachment_sha: &str) -> Option<String> {
    let db = &app.server.praxis.database().conn;
    let backend = db.get_database_backend();
    let sql = match backend {
        sea_orm::DatabaseBackend::Postgres => {
            "SELECT extracted_text FROM attachments WHERE sha256 = $1"
        }
        _ => "SELECT extracted_text FROM attachments WHERE sha256 = ?",
    };
    let row = db
        .query_one_raw(Statement::from_sql_and_values(backend, sql, [attachment_sha.into()]))
        .await
        .unwrap()?;
    row.try_get::<Option<String>>("", "extracted_text").unwrap()
}

#[tokio::test]
async fn files_are_typed_by_content_stored_by_hash_and_their_text_extracted() {
    let app = TestApp::spawn().await;
    let author = app.user(Role::Member).await;
    let id = draft(&app, &author, "Annual report").await;
    let text = "Bài học kinh nghiệm\nบทเรียนที่ได้รับ\n".as_bytes().to_vec();
    let (status, response) =
        upload(&app, Some(&author.access_token), &id, "notes.pdf", text.clone()).await;
    assert_eq!(status, StatusCode::OK, "{response}");
    let attachment = &response["data"]["uploadAttachment"];
    assert_eq!(
        attachment["contentType"], "text/plain; charset=utf-8",
        "the name says PDF, the content says text"
    );
    assert_eq!(attachment["filename"], "notes.pdf");
    assert_eq!(attachment["size"], text.len());
    let sha: String = Sha256::digest(&text).iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(attachment["sha256"], sha.as_str());

    let (_, pdf) = upload(
        &app,
        Some(&author.access_token),
        &id,
        "../../report.pdf",
        pdf_with("Women mediators in Mindanao"),
    )
    .await;
    let pdf = &pdf["data"]["uploadAttachment"];
    assert_eq!(pdf["contentType"], "application/pdf", "{pdf}");
    assert_eq!(pdf["filename"], "report.pdf");
    let pdf_text = extracted_text(&app, pdf["sha256"].as_str().unwrap()).await.unwrap_or_default();
    assert!(pdf_text.contains("Women mediators in Mindanao"), "{pdf_text:?}");

    let (_, docx) = upload(
        &app,
        Some(&author.access_token),
        &id,
        "plan.docx",
        // A NUL character, which PostgreSQL cannot store, is kept out of the text.
        docx_with(&["National action\u{0}plan", "Kế hoạch hành động"]),
    )
    .await;
    let docx = &docx["data"]["uploadAttachment"];
    assert_eq!(
        docx["contentType"],
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    );
    let docx_text =
        extracted_text(&app, docx["sha256"].as_str().unwrap()).await.unwrap_or_default();
    assert_eq!(docx_text, "National action plan\nKế hoạch hành động\n");

    let listed = app
        .data(
            Some(&author.access_token),
            "query($id: ID!) { document(id: $id) { attachments { filename } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(listed["document"]["attachments"].as_array().unwrap().len(), 3);
    app.stop().await;
}

#[tokio::test]
async fn bad_files_are_refused_and_nothing_is_stored() {
    let app = TestApp::spawn_with(|config| config.max_attachment_mb = 1).await;
    let author = app.user(Role::Member).await;
    let id = draft(&app, &author, "Refusals").await;
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("a corrupt PDF", b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntruncated".to_vec()),
        ("an executable", b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00".to_vec()),
        ("a zip that is no document", {
            let mut buffer = std::io::Cursor::new(Vec::new());
            let mut writer = zip::ZipWriter::new(&mut buffer);
            writer.start_file("x.bin", zip::write::SimpleFileOptions::default()).unwrap();
            writer.write_all(b"\x00\x01").unwrap();
            writer.finish().unwrap();
            buffer.into_inner()
        }),
        ("an empty file", Vec::new()),
    ];
    for (what, content) in cases {
        let (status, response) =
            upload(&app, Some(&author.access_token), &id, "file.pdf", content).await;
        assert_eq!(status, StatusCode::OK, "{what}");
        assert_eq!(error_code(&response), Some("BAD_USER_INPUT"), "{what}: {response}");
        assert_eq!(error_field(&response), Some("file"), "{what}: {response}");
    }
    let (status, too_large) =
        upload(&app, Some(&author.access_token), &id, "big.txt", vec![b'a'; 1_200_000]).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{too_large}");
    assert_eq!(error_code(&too_large), Some("BAD_USER_INPUT"));
    let (status, anonymous) = upload(&app, None, &id, "notes.txt", b"hello".to_vec()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(&anonymous), Some("UNAUTHENTICATED"));
    let listed = app
        .data(
            Some(&author.access_token),
            "query($id: ID!) { document(id: $id) { attachments { id } } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(listed["document"]["attachments"], json!([]));
    app.stop().await;
}

#[tokio::test]
async fn downloads_follow_the_documents_visibility() {
    let app = TestApp::spawn().await;
    let author = app.user(Role::Member).await;
    let other = app.user(Role::Member).await;
    let moderator = app.user(Role::Moderator).await;
    let id = draft(&app, &author, "Draft with a file").await;
    let (_, response) =
        upload(&app, Some(&author.access_token), &id, "notes é.txt", b"field notes".to_vec()).await;
    let url = response["data"]["uploadAttachment"]["url"].as_str().unwrap().to_owned();
    let attachment_id = response["data"]["uploadAttachment"]["id"].as_str().unwrap().to_owned();

    let own = download(&app, Some(&author.access_token), &url).await;
    assert_eq!(own.status(), StatusCode::OK);
    assert_eq!(
        own.headers()["content-disposition"],
        "attachment; filename*=UTF-8''notes%20%C3%A9%2Etxt"
    );
    assert!(own.headers()["content-security-policy"].to_str().unwrap().contains("sandbox"));
    assert_eq!(own.bytes().await.unwrap().as_ref(), b"field notes");
    for token in [None, Some(other.access_token.as_str())] {
        assert_eq!(download(&app, token, &url).await.status(), StatusCode::NOT_FOUND, "{token:?}");
        let node = app
            .gql(token, "query($id: ID!) { node(id: $id) { id } }", json!({ "id": attachment_id }))
            .await;
        assert_eq!(node["data"]["node"], Value::Null);
    }
    let (_, intruder) = upload(&app, Some(&other.access_token), &id, "x.txt", b"x".to_vec()).await;
    assert_eq!(error_code(&intruder), Some("NOT_FOUND"));
    let delete = "mutation($id: ID!) { deleteAttachment(id: $id) }";
    assert_eq!(
        error_code(
            &app.gql(Some(&other.access_token), delete, json!({ "id": attachment_id })).await
        ),
        Some("NOT_FOUND")
    );

    app.publish(&author, &moderator, &id).await;
    assert_eq!(
        download(&app, None, &url).await.status(),
        StatusCode::OK,
        "published: anyone may download"
    );
    let (_, late) = upload(&app, Some(&other.access_token), &id, "x.txt", b"x".to_vec()).await;
    assert_eq!(error_code(&late), Some("FORBIDDEN"));
    assert_eq!(
        app.data(Some(&moderator.access_token), delete, json!({ "id": attachment_id })).await["deleteAttachment"],
        true
    );
    assert_eq!(
        download(&app, Some(&author.access_token), &url).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(download(&app, None, "/attachments/garbage").await.status(), StatusCode::NOT_FOUND);
    app.stop().await;
}

#[tokio::test]
async fn exports_and_the_feed_list_what_the_caller_may_read() {
    let app = TestApp::spawn().await;
    let author = app.user(Role::Member).await;
    let moderator = app.user(Role::Moderator).await;
    let published = draft(&app, &author, "ยุทธศาสตร์สตรี, \"สันติภาพ\"").await;
    app.publish(&author, &moderator, &published).await;
    let hidden = draft(&app, &author, "Unpublished draft").await;

    let csv = download(&app, None, "/export/documents.csv?country=TH").await;
    assert_eq!(csv.status(), StatusCode::OK);
    assert!(csv.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let body = csv.text().await.unwrap();
    let mut lines = body.lines();
    assert!(lines.next().unwrap().starts_with("id,title,kind,status,summary,language,countries"));
    assert!(body.contains("\"ยุทธศาสตร์สตรี, \"\"สันติภาพ\"\"\""), "CSV quoting: {body}");
    assert!(!body.contains("Unpublished draft"));
    assert_eq!(body.lines().count(), 2);

    let none = download(&app, None, "/export/documents.csv?country=VN").await.text().await.unwrap();
    assert_eq!(none.lines().count(), 1, "only the header");
    let own = download(&app, Some(&author.access_token), "/export/documents.json")
        .await
        .json::<Value>()
        .await
        .unwrap();
    let titles: Vec<&str> =
        own.as_array().unwrap().iter().map(|d| d["title"].as_str().unwrap()).collect();
    assert_eq!(titles.len(), 2, "the author's export includes their draft: {own}");
    assert_eq!(own[0]["id"], hidden.as_str());
    assert_eq!(own[1]["countries"], json!(["TH"]));

    let feed = download(&app, Some(&author.access_token), "/feeds/documents.atom?country=TH").await;
    assert!(feed.headers()["content-type"].to_str().unwrap().starts_with("application/atom+xml"));
    let xml = feed.text().await.unwrap();
    assert!(xml.contains("<feed"), "{xml}");
    assert!(xml.contains("ยุทธศาสตร์สตรี"));
    assert!(!xml.contains("Unpublished draft"), "the feed lists published documents only");

    for bad in [
        "/export/documents.csv?theme=nope",
        "/export/documents.json?pillar=PEACE",
        "/feeds/documents.atom?colour=red",
    ] {
        let response = download(&app, None, bad).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{bad}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(error_code(&body), Some("BAD_USER_INPUT"), "{bad}: {body}");
    }
    app.stop().await;
}

#[tokio::test]
async fn a_document_is_found_by_the_words_of_its_files_until_they_are_removed() {
    let app = TestApp::spawn().await;
    let author = app.user(Role::Member).await;
    let id = draft(&app, &author, "Annual report").await;
    let (_, pdf) = upload(
        &app,
        Some(&author.access_token),
        &id,
        "annex.pdf",
        pdf_with("Women mediators in Mindanao"),
    )
    .await;
    let file = pdf["data"]["uploadAttachment"]["id"].as_str().unwrap().to_owned();
    let found = async |query: &str| {
        app.indexed().await;
        let search = "query($q: String!) { search(query: $q) { edges { node { node { ... on Document { id } } } } } }";
        let response = app.gql(Some(&author.access_token), search, json!({ "q": query })).await;
        hit_ids(&response).into_iter().map(str::to_owned).collect::<Vec<_>>()
    };
    // Words only the file holds, not the document's title or summary.
    assert_eq!(found("mediators Mindanao").await, std::slice::from_ref(&id));

    let removed = app
        .data(
            Some(&author.access_token),
            "mutation($id: ID!) { deleteAttachment(id: $id) }",
            json!({ "id": file }),
        )
        .await;
    assert_eq!(removed["deleteAttachment"], true);
    assert!(found("mediators Mindanao").await.is_empty(), "found by a file it no longer has");
    assert_eq!(found("annual report").await, [id], "the document itself is still found");
    app.stop().await;
}
