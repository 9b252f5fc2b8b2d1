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

/// A list the mock serves: its items and, per query parameter, the JSON field it filters on
/// (see [`Data::list`]).
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
    /// with dots), and each item at `path/{id}`. A filter keeps the items whose field equals
    /// the query value; a field path prefixed with `>=` or `<=` is an inclusive bound instead,
    /// compared as strings (which orders `yyyy-MM-dd` dates).
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

/// The companies of the official example, which every example can use.
fn companies() -> Vec<Value> {
    fixture(include_str!("../../tests/fixtures/companies-paged.json"))["content"].as_array().unwrap().clone()
}

/// The companies and contacts every example can use.
pub fn base_data() -> Data {
    let mut data = Data::default();
    let companies = companies();
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

/// The catalogue of [`billing_data`]: name, SKU, and unit price and partner cost in cents.
/// The first is the official example product as it is; the others are copies renamed.
const PRODUCTS: [(&str, &str, i64, i64); 5] = [
    ("Microsoft Office 365 E3", "MST-OFC-EE3-C100", 2300, 2070),
    ("Microsoft 365 Business Premium", "MOCK-M365-BP", 2200, 1760),
    ("Exchange Online (Plan 1)", "MOCK-EXO-P1", 400, 340),
    ("Microsoft Defender for Business", "MOCK-MDB", 300, 240),
    ("Microsoft Teams Essentials", "MOCK-TEAMS-ESS", 400, 360),
];
/// A product some subscriptions of [`billing_data`] still reference but the catalogue no
/// longer has (`/v1/products/{id}` answers 404), as happens with retired products.
pub const RETIRED_PRODUCT_ID: &str = "00000000-0000-4000-9000-000000000099";
/// How many subscriptions [`billing_data`] serves: more than one page of 200.
const SUBSCRIPTIONS: usize = 250;

/// [`base_data`] plus products, subscriptions and invoices that join up with its companies.
///
/// The official examples do not join up (their subscriptions and invoice items name
/// companies and products that exist nowhere), so this derives a consistent set from them:
/// - `/v1/products`: [`PRODUCTS`], made from the Office 365 E3 example;
/// - `/v1/subscriptions`: [`SUBSCRIPTIONS`] copies of the ten example subscriptions (dates,
///   status, quantity, price), spread over the companies and products, a few of them on
///   [`RETIRED_PRODUCT_ID`];
/// - `/v1/invoices`: the ten example invoices (two a month, 2020-09 to 2021-01), each with
///   eight items made from the invoice item example, over four companies; an invoice's
///   total is the sum of its items' totals.
pub fn billing_data() -> Data {
    let mut data = base_data();
    let companies = companies();

    let e3 = fixture(include_str!("../../tests/fixtures/microsoft-office-365-e3.json"));
    let products: Vec<Value> = PRODUCTS
        .iter()
        .enumerate()
        .map(|(i, (name, sku, _, _))| {
            let mut p = e3.clone();
            if i > 0 {
                p["id"] = json!(format!("00000000-0000-4000-9000-{i:012}"));
                p["name"] = json!(name);
                p["sku"] = json!(sku);
                p["shortDescription"] = json!(format!("{name} (a mock product)"));
                p.as_object_mut().unwrap().retain(|k, _| k != "description" && k != "vendorSku");
            }
            p
        })
        .collect();

    let examples = fixture(include_str!("../../tests/fixtures/subscriptions-paged.json"))["content"].clone();
    let subscriptions: Vec<Value> = (0..SUBSCRIPTIONS)
        .map(|n| {
            let mut s = examples[n % 10].clone();
            s["id"] = json!(format!("00000000-0000-4000-a000-{n:012}"));
            s["companyId"] = companies[(n / 3) % companies.len()]["id"].clone();
            if n % 50 == 49 {
                s["productId"] = json!(RETIRED_PRODUCT_ID);
                s["productName"] = json!("Legacy Hosted Exchange (retired)");
            } else {
                s["productId"] = products[n % products.len()]["id"].clone();
                s["productName"] = products[n % products.len()]["name"].clone();
            }
            s
        })
        .collect();

    let template = fixture(include_str!("../../tests/fixtures/invoice-items.json"))["content"][0].clone();
    let mut invoices = fixture(include_str!("../../tests/fixtures/invoices-paged.json"))["content"].clone();
    for (j, invoice) in invoices.as_array_mut().unwrap().iter_mut().enumerate() {
        let date = invoice["invoiceDate"].as_str().unwrap().to_owned();
        let month_end = format!("{}-{}", &date[..7], month_length(&date));
        let items: Vec<Value> = (0..8)
            .map(|k| {
                let company = &companies[(j * 2 + k / 2) % companies.len()];
                let p = (j + k) % products.len();
                let (_, _, price, cost) = PRODUCTS[p];
                let quantity = 1 + (j as i64 * 7 + k as i64 * 5) % 20;
                let (sub_total, cost_total) = (quantity * price, quantity * cost);
                let tax = sub_total * 8 / 100;
                let subscription = subscriptions
                    .iter()
                    .find(|s| s["companyId"] == company["id"] && s["productId"] == products[p]["id"]);
                let mut item = template.clone();
                let fields = json!({
                    "companyId": company["id"], "companyName": company["name"],
                    "startPeriod": date, "endPeriod": month_end,
                    "quantity": quantity, "sku": products[p]["sku"],
                    "description": products[p]["name"], "productName": products[p]["name"],
                    "productId": products[p]["id"],
                    "price": dollars(price), "subTotal": dollars(sub_total),
                    "cost": dollars(cost), "costTotal": dollars(cost_total),
                    "salesTax": dollars(tax), "total": dollars(sub_total + tax), "amountDue": dollars(sub_total + tax),
                    "subscriptionId": subscription.map_or(Value::Null, |s| s["id"].clone()),
                });
                for (key, value) in fields.as_object().unwrap() {
                    item[key] = value.clone();
                }
                item
            })
            .collect();
        let total: f64 = items.iter().map(|i| i["total"].as_f64().unwrap()).sum();
        invoice["total"] = json!((total * 100.0).round() / 100.0);
        invoice["balance"] = if invoice["status"] == "Unpaid" { invoice["total"].clone() } else { json!(0) };
        invoice["carriedBalance"] = json!(0);
        data.list(&format!("/v1/invoices/{}/items", invoice["id"].as_str().unwrap()), items, &[]);
    }

    data.list("/v1/products", products, &[("vendorName", "vendorName")]);
    data.list(
        "/v1/subscriptions",
        subscriptions,
        &[("companyId", "companyId"), ("productId", "productId"), ("status", "status"), ("billingTerm", "billingTerm")],
    );
    data.list(
        "/v1/invoices",
        invoices.as_array().unwrap().clone(),
        &[
            ("status", "status"),
            ("invoiceDate", "invoiceDate"),
            ("invoiceDateRangeStart", ">=invoiceDate"),
            ("invoiceDateRangeEnd", "<=invoiceDate"),
            ("dueDate", "dueDate"),
            ("companyId", "companyId"),
        ],
    );
    data
}

/// An amount in cents as the JSON number of dollars.
fn dollars(cents: i64) -> Value {
    json!(cents as f64 / 100.0)
}

/// Days in the month of a `yyyy-MM-dd` date.
fn month_length(date: &str) -> u8 {
    let (year, month) = (date[..4].parse().unwrap(), date[5..7].parse::<u8>().unwrap());
    time::Month::try_from(month).unwrap().length(year)
}

/// The client an example uses: the real Pax8 API, with credentials from the environment,
/// when `PAX8_CLIENT_ID` is set; else this mock serving `data()`. Says which on stderr.
/// `configure` adds the example's own settings to either builder. Keep the guard (`Some`
/// for the mock) alive while the client is in use.
pub fn client_or_mock(
    data: impl FnOnce() -> Data,
    configure: impl FnOnce(pax8::ClientBuilder) -> pax8::ClientBuilder,
) -> pax8::Result<(pax8::Client, Option<mockito::ServerGuard>)> {
    if std::env::var_os("PAX8_CLIENT_ID").is_some() {
        eprintln!("Using the real Pax8 API with PAX8_CLIENT_ID from the environment (read-only).");
        return Ok((configure(pax8::Client::builder_from_env()).build()?, None));
    }
    let mock = start(data());
    eprintln!("No PAX8_CLIENT_ID set: using an in-process mock of Pax8 at {},", mock.url());
    eprintln!("serving the official example payloads.");
    let builder = pax8::Client::builder()
        .base_url(mock.url())
        .client_id(CLIENT_ID)
        .client_secret(CLIENT_SECRET)
        .no_token_cache()
        .no_proxy();
    Ok((configure(builder).build()?, Some(mock)))
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
    let keep = |item: &Value, filter: &str, want: &str| match (filter.strip_prefix(">="), filter.strip_prefix("<=")) {
        (Some(f), _) => field(item, f).as_str() >= want,
        (_, Some(f)) => field(item, f).as_str() <= want,
        _ => field(item, filter) == want,
    };
    let mut matching: Vec<&Value> = listing
        .items
        .iter()
        .filter(|item| listing.filters.iter().all(|(q, f)| query.get(*q).is_none_or(|want| keep(item, f, want))))
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
