//! An in-process mock of the Pax8 API for the examples: it serves the official example
//! payloads of the Pax8 OpenAPI documents (`tests/fixtures/`), filters and pages them like
//! the real API, and asks for a bearer token from its own `/v1/token`.
//!
//! The examples use it when `PAX8_CLIENT_ID` is not set, so they run without an account.

#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{Value, json};

/// The client id and secret the mock accepts.
pub const CLIENT_ID: &str = "demo-client";
/// See [`CLIENT_ID`].
pub const CLIENT_SECRET: &str = "demo-secret";
const TOKEN: &str = "demo-access-token";

/// A list the mock serves: its items and, per query parameter, the JSON field it filters on.
struct Listing {
    items: Vec<Value>,
    filters: &'static [(&'static str, &'static str)],
}

/// The data behind the mock.
#[derive(Default)]
pub struct Data {
    lists: HashMap<String, Listing>,
    objects: HashMap<String, Value>,
}

impl Data {
    /// Serves `items` paged at `path`, filterable by `filters` (query name → JSON field path
    /// with dots), and each item at `path/{id}`.
    pub fn list(&mut self, path: &str, items: Vec<Value>, filters: &'static [(&'static str, &'static str)]) {
        for item in &items {
            if let Some(id) = item["id"].as_str() {
                self.objects.insert(format!("{path}/{id}"), item.clone());
            }
        }
        self.lists.insert(path.to_owned(), Listing { items, filters });
    }

    /// Serves `body` at `path`.
    pub fn object(&mut self, path: &str, body: Value) {
        self.objects.insert(path.to_owned(), body);
    }
}

/// Parses one of the official examples.
pub fn fixture(text: &str) -> Value {
    serde_json::from_str(text).expect("the fixtures are valid JSON")
}

/// The companies and contacts every example can use.
pub fn base_data() -> Data {
    let mut data = Data::default();
    let companies =
        fixture(include_str!("../../tests/fixtures/companies-paged.json"))["content"].as_array().unwrap().clone();
    for (i, c) in companies.iter().enumerate() {
        let id = c["id"].as_str().unwrap();
        let domain = c["website"].as_str().unwrap_or("example.com");
        let contacts: Vec<Value> = ["Alex Admin", "Billie Billing"]
            .iter()
            .enumerate()
            .map(|(j, name)| {
                let (first, last) = name.split_once(' ').unwrap();
                json!({
                    "id": format!("00000000-0000-4000-8000-{:06}{:06}", i, j),
                    "firstName": first, "lastName": last,
                    "email": format!("{}@{domain}", first.to_lowercase()),
                    "phone": "555-555-5555", "createdDate": "2020-05-12",
                    "types": if j == 0 {
                        json!([{"type": "Admin", "primary": true}, {"type": "Technical", "primary": true}])
                    } else {
                        json!([{"type": "Billing", "primary": true}])
                    }
                })
            })
            .collect();
        data.list(&format!("/v1/companies/{id}/contacts"), contacts, &[]);
    }
    data.list(
        "/v1/companies",
        companies,
        &[
            ("city", "address.city"),
            ("country", "address.country"),
            ("stateOrProvince", "address.stateOrProvince"),
            ("postalCode", "address.postalCode"),
            ("status", "status"),
            ("selfServiceAllowed", "selfServiceAllowed"),
            ("billOnBehalfOfEnabled", "billOnBehalfOfEnabled"),
        ],
    );
    data
}

/// Starts the mock with `data`. Keep the guard alive while the client is in use.
pub fn start(data: Data) -> mockito::ServerGuard {
    let mut server = mockito::Server::new();
    let data = Arc::new(data);
    for method in ["GET", "POST", "PUT", "PATCH", "DELETE"] {
        let (a, b) = (data.clone(), data.clone());
        server
            .mock(method, mockito::Matcher::Any)
            .match_query(mockito::Matcher::Any)
            .with_header("content-type", "application/json")
            .with_status_code_from_request(move |r| route(&a, r).0)
            .with_body_from_request(move |r| route(&b, r).1.into_bytes())
            .create();
    }
    server
}

fn error(status: usize, kind: &str, message: &str, path: &str) -> (usize, String) {
    (status, json!({"type": kind, "message": message, "instance": path, "status": status}).to_string())
}

fn route(data: &Data, req: &mockito::Request) -> (usize, String) {
    let path = req.path();
    let query: HashMap<String, String> = req
        .path_and_query()
        .split_once('?')
        .map(|(_, q)| q)
        .unwrap_or("")
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| (k.to_owned(), decode(v)))
        .collect();
    if req.method() == "POST" && path == "/v1/token" {
        let body: Value = serde_json::from_slice(req.body().map(Vec::as_slice).unwrap_or_default()).unwrap_or_default();
        if body["client_id"] == CLIENT_ID && body["client_secret"] == CLIENT_SECRET {
            return (200, json!({"access_token": TOKEN, "expires_in": 86400, "token_type": "Bearer"}).to_string());
        }
        return (401, json!({"error": "access_denied", "error_description": "Unauthorized"}).to_string());
    }
    let authorised = req.header("authorization").iter().any(|v| v.to_str().ok() == Some(&format!("Bearer {TOKEN}")));
    if !authorised {
        return error(401, "UNAUTHORIZED", "Full authentication is required", path);
    }
    if req.method() != "GET" {
        return error(405, "METHOD_NOT_ALLOWED", "the demo mock is read-only", path);
    }
    if let Some(listing) = data.lists.get(path) {
        return (200, page(listing, &query).to_string());
    }
    match data.objects.get(path) {
        Some(v) => (200, v.to_string()),
        None => error(404, "NOT_FOUND", "Resource not found", &format!("/public{path}")),
    }
}

fn page(listing: &Listing, query: &HashMap<String, String>) -> Value {
    let field = |item: &Value, path: &str| -> String {
        let v = path.split('.').fold(item, |v, k| &v[k]);
        v.as_str().map_or_else(|| v.to_string(), str::to_owned)
    };
    let mut matching: Vec<&Value> = listing
        .items
        .iter()
        .filter(|item| listing.filters.iter().all(|(q, f)| query.get(*q).is_none_or(|want| field(item, f) == *want)))
        .collect();
    if let Some(sort) = query.get("sort") {
        let (key, dir) = sort.split_once(',').unwrap_or((sort, "asc"));
        matching.sort_by_key(|item| field(item, key));
        if dir == "desc" {
            matching.reverse();
        }
    }
    let size: usize = query.get("size").and_then(|s| s.parse().ok()).unwrap_or(10).clamp(1, 200);
    let number: usize = query.get("page").and_then(|s| s.parse().ok()).unwrap_or(0);
    let content: Vec<&Value> = matching.iter().skip(number * size).take(size).copied().collect();
    json!({
        "content": content,
        "page": {"size": size, "totalElements": matching.len(), "totalPages": matching.len().div_ceil(size), "number": number}
    })
}

/// Percent-decoding of a query value.
fn decode(v: &str) -> String {
    let bytes = v.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) => {
                        out.push(b);
                        i += 3;
                    }
                    None => {
                        out.push(b'%');
                        i += 1;
                    }
                }
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
