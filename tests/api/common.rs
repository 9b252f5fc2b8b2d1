//! Shared helpers: fixtures, mock servers, clients, and a JSON comparison that knows dates.

#![allow(dead_code)]

use std::path::PathBuf;
use std::time::Duration;

use mockito::{Matcher, Mock, ServerGuard};
use pax8::Client;
use serde_json::Value;

/// The token every `client()` sends.
pub const TOKEN: &str = "test-token";

/// The text of `tests/fixtures/{name}.json` (the official Pax8 examples).
pub fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(format!("{name}.json"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The fixture as JSON.
pub fn fixture_json(name: &str) -> Value {
    serde_json::from_str(&fixture(name)).unwrap()
}

/// A fresh mock server for one test.
pub fn server() -> ServerGuard {
    mockito::Server::new()
}

/// A client for `server` with a fixed token, no proxy, no rate limit and fast retries.
pub fn client(server: &ServerGuard) -> Client {
    builder(server).access_token(TOKEN).build().unwrap()
}

/// The builder behind [`client`], without credentials.
pub fn builder(server: &ServerGuard) -> pax8::ClientBuilder {
    Client::builder().base_url(server.url()).no_proxy().no_rate_limit().retry_base_delay(Duration::from_millis(10))
}

/// A mock of `method path` that expects the bearer token, the exact query (`None`: no
/// query at all) and answers `status` with `body`.
pub fn mock_json(
    server: &mut ServerGuard,
    method: &str,
    path: &str,
    query: Option<&str>,
    status: usize,
    body: &str,
) -> Mock {
    server
        .mock(method, path)
        .match_header("authorization", format!("Bearer {TOKEN}").as_str())
        .match_query(query.map_or(Matcher::Missing, |q| Matcher::Exact(q.to_owned())))
        .with_status(status)
        .with_header("content-type", "application/json")
        .with_body(body)
}

/// A unique empty temporary folder.
pub fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("pax8-test-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Asserts that `actual` (a decoded model written back to JSON) carries everything in
/// `expected` (an official example): every key of `expected` is present with an equal value.
/// Date-times compare as instants, so `-0600` equals `-06:00`; keys `actual` has beyond
/// `expected` must be null or empty.
pub fn assert_json_covers(actual: &Value, expected: &Value) {
    compare(actual, expected, "$");
}

fn compare(actual: &Value, expected: &Value, at: &str) {
    match (actual, expected) {
        (Value::Object(a), Value::Object(e)) => {
            for (k, ev) in e {
                let av = a.get(k).unwrap_or(&Value::Null);
                if ev.is_null() {
                    continue;
                }
                assert!(!av.is_null(), "{at}.{k}: missing in the decoded value (expected {ev})");
                compare(av, ev, &format!("{at}.{k}"));
            }
            for (k, av) in a {
                if !e.contains_key(k) {
                    let empty = av.is_null() || av.as_array().is_some_and(|v| v.is_empty());
                    assert!(empty, "{at}.{k}: decoded {av} but the example has no such key");
                }
            }
        }
        (Value::Array(a), Value::Array(e)) => {
            assert_eq!(a.len(), e.len(), "{at}: array length");
            for (i, (av, ev)) in a.iter().zip(e).enumerate() {
                compare(av, ev, &format!("{at}[{i}]"));
            }
        }
        (Value::Number(a), Value::Number(e)) => {
            assert!((a.as_f64().unwrap() - e.as_f64().unwrap()).abs() < 1e-9, "{at}: {a} != {e}");
        }
        (Value::String(a), Value::String(e)) if a != e => {
            let (pa, pe) = (pax8::models::common::parse_datetime(a), pax8::models::common::parse_datetime(e));
            assert!(pa.is_some() && pa == pe, "{at}: {a:?} != {e:?}");
        }
        (a, e) => assert_eq!(a, e, "{at}"),
    }
}
