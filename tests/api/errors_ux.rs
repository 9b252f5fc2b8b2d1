//! Errors and progress as a Rust user meets them: chains that say each thing once, one
//! `match` for `send()` and `items()`, field names in 422 messages, the classification
//! helpers, and the totals of an iteration for a progress display.

use std::time::Duration;

use mockito::Matcher;
use pax8::{Error, Method};
use uuid::uuid;

use crate::common::{builder, client, mock_json, raw_client, server, stall_body, tcp_server};

const ID: uuid::Uuid = uuid!("a4dfc6bf-f02e-4a79-9844-66ba6c02ec3a");

/// Asserts that anyhow's `{:#}` of `err` holds each of `pieces` exactly once, and that no
/// error of the chain repeats the text of its source.
fn assert_each_once(err: Error, pieces: &[&str]) {
    let err = anyhow::Error::from(err);
    let chain: Vec<String> = err.chain().map(|e| e.to_string()).collect();
    for pair in chain.windows(2) {
        assert!(!pair[0].contains(&pair[1]), "{:?} repeats its source {:?}", pair[0], pair[1]);
    }
    let shown = format!("{err:#}");
    for piece in pieces {
        assert_eq!(shown.matches(piece).count(), 1, "{piece:?} should appear once in {shown:?}");
    }
}

#[test]
fn an_api_error_says_each_thing_once() {
    let mut s = server();
    let body = r#"{"type":"NOT_FOUND","message":"Company not found","details":[{"message":"no such id","instance":"companyId"}]}"#;
    mock_json(&mut s, "GET", &format!("/v1/companies/{ID}"), None, 404, body).create();
    let err = client(&s).companies().get(ID).send().unwrap_err();
    assert_each_once(
        err,
        &[&format!("GET /v1/companies/{ID}"), "HTTP 404", "NOT_FOUND", "Company not found", "companyId: no such id"],
    );
}

#[test]
fn a_gateway_page_from_items_says_each_thing_once() {
    let mut s = server();
    let html = "<html><body>503 Service Temporarily Unavailable</body></html>";
    mock_json(&mut s, "GET", "/v1/subscriptions", Some("page=0&size=200"), 503, html).create();
    let c = builder(&s).access_token(crate::common::TOKEN).max_retries(0).build().unwrap();
    let err = c.subscriptions().list().items().next().unwrap().unwrap_err();
    assert_eq!(err.failed_page(), Some(0));
    assert_each_once(
        err,
        &["GET /v1/subscriptions?page=0&size=200", "HTTP 503", "503 Service Temporarily Unavailable"],
    );
}

#[test]
fn a_decode_error_gives_the_body_in_its_message_and_serde_as_its_source() {
    let mut s = server();
    mock_json(&mut s, "GET", &format!("/v1/companies/{ID}"), None, 200, r#"{"id": "a4dfc6bf"#).create();
    let err = client(&s).companies().get(ID).send().unwrap_err();
    let serde = std::error::Error::source(&err).expect("serde's error is the source").to_string();
    assert!(serde.contains("EOF while parsing"), "{serde}");
    assert_each_once(err, &[&format!("GET /v1/companies/{ID}"), r#"{"id": "a4dfc6bf"#, &serde]);
}

#[test]
fn a_timeout_says_each_thing_once() {
    let (url, _) = tcp_server(vec![stall_body(Duration::from_secs(5))]);
    let c = raw_client(&url).timeout(Duration::from_millis(300)).max_retries(0).build().unwrap();
    let err = c.companies().get(ID).send().unwrap_err();
    assert!(err.is_timeout() && err.is_retryable(), "{err:?}");
    assert_each_once(err, &[&format!("GET /v1/companies/{ID}"), "timed out"]);
}

#[test]
fn a_refused_connection_names_the_kind_and_gives_ureq_as_the_source() {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let c = raw_client(&format!("http://127.0.0.1:{port}")).max_retries(0).build().unwrap();
    let err = c.companies().get(ID).send().unwrap_err();
    assert!(matches!(&err, Error::Transport { page: None, .. }), "{err:?}");
    assert!(err.is_retryable() && !err.is_auth());
    assert_eq!(err.to_string(), format!("GET /v1/companies/{ID} failed: connection refused"));
    assert_each_once(err, &[&format!("GET /v1/companies/{ID}"), "connection refused", "Connection refused"]);
}

#[test]
fn a_refused_token_says_each_thing_once() {
    let mut s = server();
    s.mock("POST", "/v1/token")
        .with_status(401)
        .with_body(r#"{"error":"access_denied","error_description":"Unauthorized"}"#)
        .create();
    let c = builder(&s).client_id("id").client_secret("s3cr3t-value").no_token_cache().build().unwrap();
    let err = c.companies().get(ID).send().unwrap_err();
    assert!(err.is_auth() && !err.is_retryable(), "{err:?}");
    assert!(!format!("{err:?}").contains("s3cr3t-value"));
    assert_each_once(err, &["authentication failed", "HTTP 401", "access_denied", "Unauthorized"]);
}

#[test]
fn config_and_input_errors_say_their_message_once() {
    let err = pax8::Client::builder().client_id("id").build().unwrap_err();
    assert_each_once(err, &["invalid configuration", "client_secret (PAX8_CLIENT_SECRET)"]);
    let mut s = server();
    let err = client(&s).companies().list().page_size(0).send().unwrap_err();
    assert_each_once(err, &["invalid request", "page_size must be between 1 and 200, got 0"]);
    crate::common::expect_no_requests(&mut s).assert();
}

/// What a caller's code does with a failure, whatever call it came from.
fn classify<T>(result: &pax8::Result<T>) -> &'static str {
    match result {
        Ok(_) => "ok",
        Err(Error::Api(api)) if api.status == 403 => "forbidden",
        Err(e) if e.is_not_found() => "not found",
        Err(_) => "other",
    }
}

#[test]
fn one_match_catches_the_same_403_from_send_and_from_items() {
    let mut s = server();
    let body = r#"{"type":"FORBIDDEN","message":"Invalid companyId"}"#;
    mock_json(&mut s, "GET", "/v1/subscriptions", Some("companyId=a4dfc6bf-f02e-4a79-9844-66ba6c02ec3a"), 403, body)
        .expect(1)
        .create();
    mock_json(
        &mut s,
        "GET",
        "/v1/subscriptions",
        Some("companyId=a4dfc6bf-f02e-4a79-9844-66ba6c02ec3a&page=3&size=200"),
        403,
        body,
    )
    .expect(1)
    .create();
    let c = client(&s);
    let sent = c.subscriptions().list().company_id(ID).send();
    let iterated = c.subscriptions().list().company_id(ID).page(3).items().next().unwrap();
    assert_eq!(classify(&sent), "forbidden");
    assert_eq!(classify(&iterated), "forbidden");
    let (sent, iterated) = (sent.unwrap_err(), iterated.unwrap_err());
    assert_eq!((sent.failed_page(), iterated.failed_page()), (None, Some(3)));
    assert!(sent.is_auth() && iterated.is_auth());
    assert_eq!(sent.to_string(), iterated.to_string().replace("&page=3&size=200", ""));
}

#[test]
fn a_422_names_the_field_of_each_complaint() {
    let mut s = server();
    let body = r#"{"type":"UNPROCESSABLE_ENTITY","message":"Validation failed","details":[
        {"message":"must not be blank","field":"name"},
        {"message":"is not a valid URL","instance":"website"},
        {"message":"the company is not active"}]}"#;
    mock_json(&mut s, "PATCH", &format!("/v1/companies/{ID}"), None, 422, body).create();
    let err = client(&s).companies().update(ID).website("::").send().unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "PATCH /v1/companies/{ID} answered HTTP 422 UNPROCESSABLE_ENTITY: Validation failed; \
             name: must not be blank; website: is not a valid URL; the company is not active"
        )
    );
    let details = &err.api().unwrap().body.as_ref().unwrap().details;
    let fields: Vec<_> = details.iter().map(|d| d.field()).collect();
    assert_eq!(fields, [Some("name"), Some("website"), None]);
    assert!(!err.is_retryable() && !err.is_auth() && !err.is_rate_limited());
}

#[test]
fn a_429_outlasting_the_retries_is_rate_limited_and_retryable() {
    let mut s = server();
    let m = s
        .mock("GET", "/v1/products")
        .match_query(Matcher::Missing)
        .with_status(429)
        .with_header("retry-after", "7")
        .expect(1)
        .create();
    let c = builder(&s).access_token("t").max_retries(0).build().unwrap();
    let err = c.products().list().send().unwrap_err();
    m.assert();
    assert!(err.is_rate_limited() && err.is_retryable() && !err.is_auth());
    assert_eq!(err.retry_after(), Some(Duration::from_secs(7)));
}

#[test]
fn statuses_are_classified() {
    let mut s = server();
    let c = builder(&s).access_token("t").max_retries(0).build().unwrap();
    for (status, retryable, auth) in [(401, false, true), (404, false, false), (408, true, false), (503, true, false)] {
        let path = format!("/v1/status/{status}");
        let m = s.mock("GET", path.as_str()).with_status(status).expect(1).create();
        let err = c.raw(Method::Get, path.as_str()).send::<()>().unwrap_err();
        m.assert();
        assert_eq!((err.status(), err.is_retryable(), err.is_auth()), (Some(status as u16), retryable, auth));
        assert_eq!(err.is_not_found(), status == 404);
    }
}

#[test]
fn iterators_expose_the_totals_once_the_first_page_is_in() {
    let mut s = server();
    let page = |n: u32, ids: &[&str]| {
        let content: Vec<String> = ids.iter().map(|id| format!(r#"{{"id":"{id}","name":"c{n}"}}"#)).collect();
        format!(
            r#"{{"content":[{}],"page":{{"number":{n},"size":2,"totalElements":3,"totalPages":2}}}}"#,
            content.join(",")
        )
    };
    let (a, b, c) = (
        "00000000-0000-0000-0000-00000000000a",
        "00000000-0000-0000-0000-00000000000b",
        "00000000-0000-0000-0000-00000000000c",
    );
    mock_json(&mut s, "GET", "/v1/companies", Some("page=0&size=2"), 200, &page(0, &[a, b])).expect(2).create();
    mock_json(&mut s, "GET", "/v1/companies", Some("page=1&size=2"), 200, &page(1, &[c])).expect(2).create();
    let c = client(&s);

    let mut items = c.companies().list().page_size(2).items();
    assert_eq!((items.total_elements(), items.total_pages()), (None, None));
    let mut progress = Vec::new();
    while let Some(company) = items.next() {
        company.unwrap();
        progress.push((items.total_elements(), items.total_pages()));
    }
    assert_eq!(progress, [(Some(3), Some(2)); 3]);

    let mut pages = c.companies().list().page_size(2).pages();
    assert_eq!(pages.total_elements(), None);
    assert_eq!(pages.next().unwrap().unwrap().items.len(), 2);
    assert_eq!((pages.total_elements(), pages.total_pages()), (Some(3), Some(2)));
    assert_eq!(pages.by_ref().count(), 1);
}
