//! Quoting v2, part B: the attachments of a quote, the attachment library and the quote
//! preferences. Fixtures follow the spec's schemas (it carries no examples). Downloads larger
//! than 50 MiB come from a raw TCP server that generates them, since mockito holds bodies in
//! memory.

use mockito::Matcher;
use pax8::Error;
use pax8::models::Timestamp;
use pax8::models::{AttachmentId, AttachmentUpdate, QuoteAttachment, QuoteId, UserId};
use serde_json::json;
use uuid::uuid;

use crate::common::{
    FormPart, GeneratedCheck, TOKEN, capture, client, expect_no_requests, mock_json, multipart_parts, raw_client,
    serve_generated, server,
};

const QUOTE: QuoteId = QuoteId::from_uuid(uuid!("6f0bde47-96e8-4a43-8f1e-5b4c0b8f7a11"));
const ATT: AttachmentId = AttachmentId::from_uuid(uuid!("0d9f1c2e-3b4a-4c5d-8e6f-708192a3b4c5"));
const ATT2: AttachmentId = AttachmentId::from_uuid(uuid!("a7c3e1f0-52d4-4b6e-9f80-1a2b3c4d5e6f"));
const USER: UserId = UserId::from_uuid(uuid!("11111111-2222-4333-8444-555555555555"));

/// More than the 50 MiB the issue asks for, and not a round number.
const LARGE: u64 = 50 * 1024 * 1024 + 4097;

/// An `AttachmentResponse` with every field of the spec.
fn attachment(id: AttachmentId, name: &str, order: i32) -> serde_json::Value {
    json!({
        "id": id, "name": name, "order": order, "type": "application/pdf",
        "url": format!("https://files.pax8.test/{id}"),
        "createdBy": {"id": USER, "fullName": "Ada Lovelace", "role": "PARTNER_ADMIN"},
        "createdOn": "2026-11-02T09:30:00Z", "replacedOn": null
    })
}

fn two_attachments() -> String {
    json!([attachment(ATT, "terms.pdf", 0), attachment(ATT2, "sow.docx", 1)]).to_string()
}

/// Checks the first decoded attachment against [`attachment`]`(ATT, "terms.pdf", 0)`.
fn assert_terms(a: &QuoteAttachment) {
    assert_eq!((a.id, a.name.as_str(), a.order, a.kind.as_str()), (ATT, "terms.pdf", 0, "application/pdf"));
    assert_eq!(a.url, format!("https://files.pax8.test/{ATT}"));
    assert_eq!(
        (a.created_by.id, a.created_by.full_name.as_str(), a.created_by.role.as_str()),
        (USER, "Ada Lovelace", "PARTNER_ADMIN")
    );
    assert_eq!(a.created_on, Some(Timestamp::DateTime(time::macros::datetime!(2026-11-02 09:30 UTC))));
    assert_eq!(a.replaced_on, None);
}

fn disposition(field: &str, file: &str, content_type: &str) -> Vec<String> {
    vec![
        format!("Content-Disposition: form-data; name=\"{field}\"; filename=\"{file}\""),
        format!("Content-Type: {content_type}"),
    ]
}

/// A file whose bytes are not text, to show they travel unchanged.
fn binary_file(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 7 % 256) as u8).collect()
}

// --- quote attachments ------------------------------------------------------------------

#[test]
fn quote_upload_sends_each_file_as_a_part_and_reads_the_new_attachments() {
    let mut s = server();
    let pdf = binary_file(300_000);
    let (mock, seen) =
        capture(mock_json(&mut s, "POST", &format!("/v2/quotes/{QUOTE}/attachments"), None, 201, &two_attachments()));
    let m = mock.match_header("content-type", Matcher::Regex("^multipart/form-data; boundary=".into())).create();
    let added = client(&s)
        .quotes()
        .attachments(QUOTE)
        .upload("terms.pdf", std::io::Cursor::new(pdf.clone()))
        .file("sow.docx", &b"PK\x03\x04docx"[..])
        .send()
        .unwrap();
    m.assert();
    let (ct, body) = seen.lock().unwrap().take().unwrap();
    assert_eq!(
        multipart_parts(&ct, &body),
        vec![
            FormPart { headers: disposition("attachments", "terms.pdf", "application/pdf"), data: pdf },
            FormPart {
                headers: disposition(
                    "attachments",
                    "sow.docx",
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                ),
                data: b"PK\x03\x04docx".to_vec()
            },
        ]
    );
    assert_eq!(added.len(), 2);
    assert_terms(&added[0]);
    assert_eq!((added[1].id, added[1].order), (ATT2, 1));
}

#[test]
fn an_upload_content_type_can_be_overridden() {
    let mut s = server();
    let one = json!([attachment(ATT, "scan", 0)]).to_string();
    let (mock, seen) = capture(mock_json(&mut s, "POST", &format!("/v2/quotes/{QUOTE}/attachments"), None, 201, &one));
    let m = mock.create();
    client(&s)
        .quotes()
        .attachments(QUOTE)
        .upload("scan", &b"%PDF-1.4"[..])
        .content_type("application/pdf")
        .send()
        .unwrap();
    m.assert();
    let (ct, body) = seen.lock().unwrap().take().unwrap();
    let parts = multipart_parts(&ct, &body);
    assert_eq!(
        parts,
        vec![FormPart { headers: disposition("attachments", "scan", "application/pdf"), data: b"%PDF-1.4".to_vec() }]
    );
}

#[test]
fn empty_uploads_are_refused_with_no_request_sent() {
    let mut s = server();
    let none = expect_no_requests(&mut s);
    let c = client(&s);
    let refused = |r: pax8::Result<_>| match r {
        Err(Error::InvalidInput(m)) => m,
        other => panic!("expected InvalidInput, got {other:?}"),
    };
    let m = refused(c.quotes().attachments(QUOTE).upload("empty.pdf", std::io::empty()).send().map(|_| ()));
    assert!(m.contains("empty.pdf is empty"), "{m}");
    let m =
        refused(c.quotes().attachments(QUOTE).upload("a.pdf", &b"x"[..]).file("b.pdf", &b""[..]).send().map(|_| ()));
    assert!(m.contains("b.pdf is empty"), "{m}");
    let m = refused(c.quote_library().upload("empty.txt", std::io::empty()).send().map(|_| ()));
    assert!(m.contains("empty.txt"), "{m}");
    let m = refused(c.quote_library().replace(ATT, "empty.pdf", std::io::empty()).send().map(|_| ()));
    assert!(m.contains("empty.pdf"), "{m}");
    none.assert();
}

#[test]
fn quote_list_metadata_reads_every_attachment() {
    let mut s = server();
    let m =
        mock_json(&mut s, "GET", &format!("/v2/quotes/{QUOTE}/attachments"), None, 200, &two_attachments()).create();
    let all = client(&s).quotes().attachments(QUOTE).list_metadata().send().unwrap();
    m.assert();
    assert_eq!(all.len(), 2);
    assert_terms(&all[0]);
    assert_eq!(all[1].name, "sow.docx");
}

#[test]
fn quote_metadata_reads_one_attachment() {
    let mut s = server();
    let body = attachment(ATT, "terms.pdf", 0).to_string();
    let m = mock_json(&mut s, "GET", &format!("/v2/quotes/{QUOTE}/attachments/{ATT}"), None, 200, &body).create();
    let a = client(&s).quotes().attachments(QUOTE).metadata(ATT).send().unwrap();
    m.assert();
    assert_terms(&a);
}

/// Streams a generated body of [`LARGE`] bytes through `download` and checks the request
/// line, the token and every byte the writer received.
fn assert_large_download(request_line: &str, download: impl FnOnce(&pax8::Client, &mut GeneratedCheck) -> u64) {
    let (url, head) = serve_generated(LARGE, "application/octet-stream");
    let c = raw_client(&url).build().unwrap();
    let mut check = GeneratedCheck::default();
    let n = download(&c, &mut check);
    let head = head.recv().unwrap().to_ascii_lowercase();
    assert_eq!(head.lines().next().unwrap(), request_line.to_ascii_lowercase());
    assert!(head.contains(&format!("authorization: bearer {}", TOKEN.to_ascii_lowercase())), "{head}");
    assert_eq!((n, check.len, check.first_mismatch), (LARGE, LARGE, None), "every byte arrived, in order");
    assert!(check.largest_write <= 1 << 20, "streamed in pieces, largest {} bytes", check.largest_write);
}

#[test]
fn quote_download_streams_more_than_50_mib_into_the_writer() {
    assert_large_download(&format!("GET /v2/quotes/{QUOTE}/attachments/{ATT}?download=true HTTP/1.1"), |c, out| {
        c.quotes().attachments(QUOTE).download(ATT, out).send().unwrap()
    });
}

#[test]
fn quote_zip_download_streams_more_than_50_mib_into_the_writer() {
    assert_large_download(&format!("GET /v2/quotes/{QUOTE}/attachments?downloadZip=true HTTP/1.1"), |c, out| {
        c.quotes().attachments(QUOTE).download_zip(out).send().unwrap()
    });
}

#[test]
fn quote_zip_download_writes_the_zip_as_sent() {
    let mut s = server();
    // An empty zip archive: the end-of-central-directory record alone.
    let zip: Vec<u8> = [&b"PK\x05\x06"[..], &[0u8; 18]].concat();
    let m = s
        .mock("GET", &*format!("/v2/quotes/{QUOTE}/attachments"))
        .match_header("authorization", format!("Bearer {TOKEN}").as_str())
        .match_query(Matcher::Exact("downloadZip=true".into()))
        .with_status(200)
        .with_header("content-type", "application/zip")
        .with_body(&zip)
        .create();
    let mut out = Vec::new();
    let n = client(&s).quotes().attachments(QUOTE).download_zip(&mut out).send().unwrap();
    m.assert();
    assert_eq!((n, out), (zip.len() as u64, zip));
}

#[test]
fn a_failed_download_writes_nothing_and_reads_the_quoting_error() {
    let mut s = server();
    let body =
        r#"{"type":"NOT_FOUND","message":"Attachment not found","instance":"/v2/quotes/x","status":404,"details":[]}"#;
    let m =
        mock_json(&mut s, "GET", &format!("/v2/quotes/{QUOTE}/attachments/{ATT}"), Some("download=true"), 404, body)
            .create();
    let mut out = Vec::new();
    let err = client(&s).quotes().attachments(QUOTE).download(ATT, &mut out).send().unwrap_err();
    m.assert();
    assert!(out.is_empty(), "an error body never reaches the writer");
    assert!(err.is_not_found(), "{err}");
    let api = err.api().unwrap();
    let parsed = api.body.as_ref().unwrap();
    assert_eq!((parsed.kind.as_deref(), parsed.message.as_deref()), (Some("NOT_FOUND"), Some("Attachment not found")));
}

#[test]
fn quote_update_puts_names_and_orders() {
    let mut s = server();
    let answer = json!([attachment(ATT2, "sow.docx", 0), attachment(ATT, "Terms.pdf", 1)]).to_string();
    let m = mock_json(&mut s, "PUT", &format!("/v2/quotes/{QUOTE}/attachments"), None, 200, &answer)
        .match_header("content-type", "application/json")
        .match_body(Matcher::Json(json!([
            {"id": ATT, "name": "Terms.pdf", "order": 1},
            {"id": ATT2, "name": "sow.docx", "order": 0}
        ])))
        .create();
    let current: QuoteAttachment = serde_json::from_value(attachment(ATT2, "sow.docx", 1)).unwrap();
    let updated = client(&s)
        .quotes()
        .attachments(QUOTE)
        .update([AttachmentUpdate::new(ATT, "Terms.pdf", 1), AttachmentUpdate::from_attachment(&current).order(0)])
        .send()
        .unwrap();
    m.assert();
    assert_eq!(updated.iter().map(|a| (a.id, a.order)).collect::<Vec<_>>(), vec![(ATT2, 0), (ATT, 1)]);
}

#[test]
fn quote_copy_from_library_posts_the_ids() {
    let mut s = server();
    let answer = json!([attachment(ATT, "terms.pdf", 0)]).to_string();
    let m = mock_json(&mut s, "POST", &format!("/v2/quotes/{QUOTE}/attachments/shared"), None, 201, &answer)
        .match_body(Matcher::Json(json!([{"attachmentId": ATT2}])))
        .create();
    let copied = client(&s).quotes().attachments(QUOTE).copy_from_library([ATT2]).send().unwrap();
    m.assert();
    assert_eq!(copied.len(), 1);
    assert_terms(&copied[0]);
}

#[test]
fn quote_delete_sends_delete() {
    let mut s = server();
    let m = mock_json(&mut s, "DELETE", &format!("/v2/quotes/{QUOTE}/attachments/{ATT}"), None, 204, "").create();
    client(&s).quotes().attachments(QUOTE).delete(ATT).send().unwrap();
    m.assert();
}

// --- the library ----------------------------------------------------------------------

#[test]
fn library_list_reads_every_attachment() {
    let mut s = server();
    let m = mock_json(&mut s, "GET", "/v2/quote-attachments", None, 200, &two_attachments()).create();
    let all = client(&s).quote_library().list().send().unwrap();
    m.assert();
    assert_eq!(all.len(), 2);
    assert_terms(&all[0]);
}

#[test]
fn library_upload_sends_the_file_as_a_part() {
    let mut s = server();
    let png = binary_file(4096);
    let answer = json!([attachment(ATT, "terms.pdf", 0)]).to_string();
    let (mock, seen) = capture(mock_json(&mut s, "POST", "/v2/quote-attachments", None, 201, &answer));
    let m = mock.create();
    let added = client(&s).quote_library().upload("logo.png", std::io::Cursor::new(png.clone())).send().unwrap();
    m.assert();
    let (ct, body) = seen.lock().unwrap().take().unwrap();
    assert_eq!(
        multipart_parts(&ct, &body),
        vec![FormPart { headers: disposition("attachments", "logo.png", "image/png"), data: png }]
    );
    assert_terms(&added[0]);
}

#[test]
fn library_update_puts_names_and_orders() {
    let mut s = server();
    let answer = json!([attachment(ATT, "terms.pdf", 0)]).to_string();
    let m = mock_json(&mut s, "PUT", "/v2/quote-attachments", None, 200, &answer)
        .match_body(Matcher::Json(json!([{"id": ATT, "name": "terms.pdf", "order": 0}])))
        .create();
    let updated = client(&s).quote_library().update([AttachmentUpdate::new(ATT, "terms.pdf", 0)]).send().unwrap();
    m.assert();
    assert_terms(&updated[0]);
}

#[test]
fn library_share_from_quote_posts_the_ids() {
    let mut s = server();
    let m = mock_json(&mut s, "POST", "/v2/quote-attachments/shared", None, 201, &two_attachments())
        .match_body(Matcher::Json(json!([{"attachmentId": ATT}, {"attachmentId": ATT2}])))
        .create();
    let shared = client(&s).quote_library().share_from_quote([ATT, ATT2]).send().unwrap();
    m.assert();
    assert_eq!(shared.iter().map(|a| a.id).collect::<Vec<_>>(), vec![ATT, ATT2]);
}

#[test]
fn library_metadata_reads_one_attachment() {
    let mut s = server();
    let body = attachment(ATT, "terms.pdf", 0).to_string();
    let m = mock_json(&mut s, "GET", &format!("/v2/quote-attachments/{ATT}"), None, 200, &body).create();
    let a = client(&s).quote_library().metadata(ATT).send().unwrap();
    m.assert();
    assert_terms(&a);
}

#[test]
fn library_download_streams_more_than_50_mib_into_the_writer() {
    assert_large_download(&format!("GET /v2/quote-attachments/{ATT}?download=true HTTP/1.1"), |c, out| {
        c.quote_library().download(ATT, out).send().unwrap()
    });
}

#[test]
fn library_replace_patches_one_attachment_part() {
    let mut s = server();
    let pdf = binary_file(70_000);
    let answer = json!({
        "id": ATT, "name": "terms-2027.pdf", "order": 0, "type": "application/pdf", "url": "https://files.pax8.test/x",
        "createdBy": {"id": USER, "fullName": "Ada Lovelace", "role": "PARTNER_ADMIN"},
        "createdOn": "2026-11-02T09:30:00Z", "replacedOn": "2026-11-20T16:00:00+01:00"
    })
    .to_string();
    let (mock, seen) = capture(mock_json(&mut s, "PATCH", &format!("/v2/quote-attachments/{ATT}"), None, 200, &answer));
    let m = mock.create();
    let replaced =
        client(&s).quote_library().replace(ATT, "terms-2027.pdf", std::io::Cursor::new(pdf.clone())).send().unwrap();
    m.assert();
    let (ct, body) = seen.lock().unwrap().take().unwrap();
    assert_eq!(
        multipart_parts(&ct, &body),
        vec![FormPart { headers: disposition("attachment", "terms-2027.pdf", "application/pdf"), data: pdf }]
    );
    assert_eq!(replaced.name, "terms-2027.pdf");
    assert_eq!(replaced.replaced_on, Some(Timestamp::DateTime(time::macros::datetime!(2026-11-20 15:00 UTC))));
}

#[test]
fn a_streamed_upload_is_not_retried() {
    let mut s = server();
    let m = mock_json(
        &mut s,
        "POST",
        "/v2/quote-attachments",
        None,
        429,
        r#"{"type":"TOO_MANY_REQUESTS","message":"slow down"}"#,
    )
    .with_header("retry-after", "0")
    .expect(1)
    .create();
    let err = client(&s).quote_library().upload("a.pdf", &b"%PDF"[..]).send().unwrap_err();
    m.assert();
    assert_eq!(err.status(), Some(429), "a 429 is reported: the reader was consumed by the first attempt");
}

#[test]
fn library_delete_sends_delete() {
    let mut s = server();
    let m = mock_json(&mut s, "DELETE", &format!("/v2/quote-attachments/{ATT}"), None, 204, "").create();
    client(&s).quote_library().delete(ATT).send().unwrap();
    m.assert();
}

// --- preferences ------------------------------------------------------------------------

#[test]
fn preferences_get_reads_values_and_attachments() {
    let mut s = server();
    let body = json!({
        "daysToExpire": 30, "introMessage": "Thanks for your business", "termsAndDisclaimers": "Net 30",
        "salesMarginPercentage": 12.75, "attachments": [attachment(ATT, "terms.pdf", 0)]
    })
    .to_string();
    let m = mock_json(&mut s, "GET", "/v2/quote-preferences", None, 200, &body).create();
    let p = client(&s).quote_preferences().get().send().unwrap();
    m.assert();
    assert_eq!(p.days_to_expire, Some(30));
    assert_eq!(p.intro_message.as_deref(), Some("Thanks for your business"));
    assert_eq!(p.terms_and_disclaimers.as_deref(), Some("Net 30"));
    assert_eq!(p.sales_margin_percentage, Some(pax8::Decimal::new(1275, 2)));
    assert_eq!(p.attachments.len(), 1);
    assert_terms(&p.attachments[0]);
}

#[test]
fn preferences_update_puts_the_fields_and_reads_the_result() {
    let mut s = server();
    let answer =
        r#"{"daysToExpire":45,"introMessage":"Hello","termsAndDisclaimers":"Net 30","salesMarginPercentage":10.5}"#;
    let m = mock_json(&mut s, "PUT", "/v2/quote-preferences", None, 201, answer)
        .match_body(Matcher::Json(json!({
            "daysToExpire": 45, "introMessage": "Hello", "termsAndDisclaimers": "Net 30", "salesMarginPercentage": 10.5
        })))
        .create();
    let p = client(&s)
        .quote_preferences()
        .update()
        .days_to_expire(45)
        .intro_message("Hello")
        .terms_and_disclaimers("Net 30")
        .sales_margin_percentage(pax8::Decimal::new(105, 1))
        .send()
        .unwrap();
    m.assert();
    assert_eq!((p.days_to_expire, p.sales_margin_percentage), (Some(45), Some(pax8::Decimal::new(105, 1))));
    assert!(p.attachments.is_empty(), "the update's answer has no attachments");
}

#[test]
fn preferences_update_of_one_field_keeps_the_others() {
    let mut s = server();
    let current = r#"{"daysToExpire":30,"introMessage":"Hi","termsAndDisclaimers":"Terms","salesMarginPercentage":null,"attachments":null}"#;
    let get = mock_json(&mut s, "GET", "/v2/quote-preferences", None, 200, current).create();
    let put = mock_json(
        &mut s,
        "PUT",
        "/v2/quote-preferences",
        None,
        200,
        r#"{"daysToExpire":7,"introMessage":"Hi","termsAndDisclaimers":"Terms"}"#,
    )
    .match_body(Matcher::Json(json!({"daysToExpire": 7, "introMessage": "Hi", "termsAndDisclaimers": "Terms"})))
    .create();
    let prefs = client(&s).quote_preferences();
    let now = prefs.get().send().unwrap();
    assert!(now.attachments.is_empty() && now.sales_margin_percentage.is_none());
    let p = prefs.update().days_to_expire(7).fill_from(&now).send().unwrap();
    get.assert();
    put.assert();
    assert_eq!(p.days_to_expire, Some(7));
}

#[test]
fn an_incomplete_preferences_update_is_refused_with_no_request_sent() {
    let mut s = server();
    let none = expect_no_requests(&mut s);
    let err = client(&s).quote_preferences().update().intro_message("Hi").send().unwrap_err();
    none.assert();
    let Error::InvalidInput(m) = err else { panic!("{err:?}") };
    assert!(m.contains("daysToExpire") && m.contains("termsAndDisclaimers") && !m.contains("introMessage"), "{m}");
}

#[test]
fn preferences_add_attachments_posts_the_library_ids() {
    let mut s = server();
    let m = mock_json(&mut s, "POST", "/v2/quote-preferences/attachments", None, 201, &two_attachments())
        .match_body(Matcher::Json(json!({"attachments": [ATT, ATT2]})))
        .create();
    let added = client(&s).quote_preferences().add_attachments([ATT, ATT2]).send().unwrap();
    m.assert();
    assert_eq!(added.len(), 2);
    assert_terms(&added[0]);
}

#[test]
fn preferences_delete_attachment_sends_delete() {
    let mut s = server();
    let m = mock_json(&mut s, "DELETE", &format!("/v2/quote-preferences/attachments/{ATT}"), None, 204, "").create();
    client(&s).quote_preferences().delete_attachment(ATT).send().unwrap();
    m.assert();
}
