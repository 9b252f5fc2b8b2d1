//! Failure paths: error bodies, gateways, malformed JSON, timeouts.

use std::time::{Duration, Instant};

use pax8::Error;
use uuid::uuid;

use crate::common::{client, mock_json, raw_client, server, stall_body, tcp_server};

const ID: uuid::Uuid = uuid!("a4dfc6bf-f02e-4a79-9844-66ba6c02ec3a");

#[test]
fn a_404_carries_the_parsed_pax8_body() {
    let mut s = server();
    let body = r#"{"type":"NOT_FOUND","message":"Company not found","instance":"/public/v1/companies/a4dfc6bf-f02e-4a79-9844-66ba6c02ec3a","status":404,"details":[{"message":"no company with this id","instance":"companyId"}]}"#;
    mock_json(&mut s, "GET", &format!("/v1/companies/{ID}"), None, 404, body).expect(1).create();
    let err = client(&s).companies().get(ID).send().unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert!(err.is_not_found() && !err.is_timeout());
    assert_eq!(err.retry_after(), None);
    let api = err.api().unwrap();
    assert_eq!(api.raw, body);
    assert_eq!(api.endpoint, format!("GET /v1/companies/{ID}"));
    let parsed = api.body.as_ref().unwrap();
    assert_eq!(parsed.kind.as_deref(), Some("NOT_FOUND"));
    assert_eq!(parsed.instance.as_deref(), Some("/public/v1/companies/a4dfc6bf-f02e-4a79-9844-66ba6c02ec3a"));
    assert_eq!(parsed.details[0].instance.as_deref(), Some("companyId"));
    let shown = err.to_string();
    assert!(
        shown.contains("404") && shown.contains("NOT_FOUND: Company not found; companyId: no company with this id"),
        "{shown}"
    );
}

#[test]
fn an_errors_array_body_is_read_too() {
    let mut s = server();
    mock_json(&mut s, "PATCH", &format!("/v1/companies/{ID}"), None, 422, r#"{"errors":["website is invalid"]}"#)
        .create();
    let err = client(&s).companies().update(ID).website("::").send().unwrap_err();
    assert_eq!(err.status(), Some(422));
    assert_eq!(err.api().unwrap().body.as_ref().unwrap().details[0].message.as_deref(), Some("website is invalid"));
    assert!(err.to_string().contains("website is invalid"));
}

#[test]
fn a_gateway_html_page_is_kept_raw() {
    let mut s = server();
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let m = mock_json(&mut s, "GET", &format!("/v1/companies/{ID}"), None, 502, html).expect(4).create();
    let err = client(&s).companies().get(ID).send().unwrap_err();
    m.assert(); // the first attempt and 3 retries
    assert_eq!(err.status(), Some(502));
    assert!(err.api().unwrap().body.is_none());
    assert!(err.to_string().contains("502 Bad Gateway"), "{err}");
}

#[test]
fn malformed_json_is_a_decode_error_naming_the_endpoint() {
    let mut s = server();
    mock_json(&mut s, "GET", &format!("/v1/companies/{ID}"), None, 200, r#"{"id": "a4dfc6bf-f02e-4a79-98"#).create();
    let err = client(&s).companies().get(ID).send().unwrap_err();
    let Error::Decode { endpoint, snippet, .. } = &err else { panic!("{err:?}") };
    assert_eq!(endpoint, &format!("GET /v1/companies/{ID}"));
    assert!(snippet.starts_with(r#"{"id": "#));
    assert!(err.to_string().contains("could not decode the response of GET /v1/companies/"), "{err}");
}

#[test]
fn a_wrong_shape_is_a_decode_error_too() {
    let mut s = server();
    mock_json(&mut s, "GET", "/v1/companies", None, 200, r#"{"content": {"not": "a list"}}"#).create();
    let err = client(&s).companies().list().send().unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
}

#[test]
fn a_slow_body_times_out_within_the_timeout() {
    let (url, _) = tcp_server(vec![stall_body(Duration::from_secs(10))]);
    let client = raw_client(&url).timeout(Duration::from_millis(500)).max_retries(0).build().unwrap();
    let started = Instant::now();
    let err = client.companies().get(ID).send().unwrap_err();
    let took = started.elapsed();
    assert!(err.is_timeout(), "{err:?}");
    assert!(err.to_string().contains("timed out"), "{err}");
    assert!(took < Duration::from_millis(500) + Duration::from_millis(1500), "took {took:?}");
}

#[test]
fn a_per_request_timeout_overrides_the_client_one() {
    let (url, _) = tcp_server(vec![stall_body(Duration::from_secs(10))]);
    let client = raw_client(&url).timeout(Duration::from_secs(30)).max_retries(0).build().unwrap();
    let started = Instant::now();
    let err = client.companies().list().timeout(Duration::from_millis(300)).send().unwrap_err();
    assert!(err.is_timeout(), "{err:?}");
    assert!(started.elapsed() < Duration::from_secs(5));
    let err = client.companies().get(ID).timeout(Duration::ZERO).send().unwrap_err();
    assert!(matches!(err, Error::InvalidInput(_)));
}

#[test]
fn no_error_shows_the_token() {
    let mut s = server();
    mock_json(&mut s, "GET", &format!("/v1/companies/{ID}"), None, 403, r#"{"message":"Forbidden"}"#).create();
    let err = client(&s).companies().get(ID).send().unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(!shown.contains(crate::common::TOKEN), "{shown}");
}
