//! What the examples run against without an account: the testing kit (`pax8::testing`)
//! serving data made from the official example payloads, joined up so that the reports
//! have something to join.
//!
//! The examples use it when `PAX8_CLIENT_ID` is not set, so they run on a fresh machine.

#![allow(dead_code)]

use pax8::models::{Company, CompanyStatus};
use pax8::testing::{MockPax8, fixtures};
use pax8::{Client, ClientBuilder, Uuid};
use serde_json::{Value, json};

/// The client an example uses: the real Pax8 API, with credentials from the environment,
/// when `PAX8_CLIENT_ID` is set; else a [`MockPax8`] with what `mount` puts on it. Says
/// which on stderr. `configure` adds the example's own settings to either builder. Keep
/// the mock (`Some` when there is one) alive while the client is in use.
pub fn client_or_mock(
    mount: impl FnOnce(&mut MockPax8),
    configure: impl FnOnce(ClientBuilder) -> ClientBuilder,
) -> pax8::Result<(Client, Option<MockPax8>)> {
    if std::env::var_os("PAX8_CLIENT_ID").is_some() {
        eprintln!("Using the real Pax8 API with PAX8_CLIENT_ID from the environment (read-only).");
        return Ok((configure(Client::builder_from_env()).build()?, None));
    }
    let mut mock = MockPax8::start();
    mount(&mut mock);
    eprintln!("No PAX8_CLIENT_ID set: using the testing kit's mock of Pax8 at {},", mock.url());
    eprintln!("serving data made from the official example payloads.");
    Ok((configure(mock.client_builder()).build()?, Some(mock)))
}

/// The companies: the ten of the official example.
pub fn companies() -> Vec<Company> {
    fixtures::companies(10)
}

/// Companies, each with its contacts, and a 404 for the nil id:
/// - `GET /v1/companies`, and, for the demo's filtered page, with `country=US` and
///   `status=Active` the matching companies sorted by name;
/// - `GET /v1/companies/{id}` and `GET /v1/companies/{id}/contacts` for each company.
pub fn base_data(pax8: &mut MockPax8) {
    let companies = companies();
    pax8.list("/v1/companies", &companies);
    let mut active_us: Vec<&Company> = companies
        .iter()
        .filter(|c| c.status == Some(CompanyStatus::Active))
        .filter(|c| c.address.as_ref().and_then(|a| a.country.as_deref()) == Some("US"))
        .collect();
    active_us.sort_by(|a, b| a.name.cmp(&b.name));
    pax8.list_where("/v1/companies", &[("country", "US"), ("status", "Active")], active_us);

    let contacts = fixtures::contacts(2 * companies.len());
    for (company, contacts) in companies.iter().zip(contacts.chunks(2)) {
        pax8.object("GET", &format!("/v1/companies/{}", company.id), company);
        pax8.list(&format!("/v1/companies/{}/contacts", company.id), contacts);
    }
    pax8.not_found("GET", &format!("/v1/companies/{}", Uuid::nil()));

    // Webhooks and quoting, from the kit's fixtures (written from those APIs' schemas).
    pax8.list("/api/v2/webhooks", fixtures::webhooks(3));
    pax8.list("/api/v2/webhooks/topic-definitions", fixtures::topic_definitions());
    pax8.list("/v2/quotes", fixtures::quote_summaries(5));
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
/// How many subscriptions [`billing_data`] serves: more than one page of 200.
const SUBSCRIPTIONS: usize = 250;

/// [`base_data`] plus products, subscriptions and invoices that join up with its companies.
///
/// The official examples do not join up (their subscriptions and invoice items name
/// companies and products that exist nowhere), so this derives a consistent set from them:
/// - `/v1/products/{id}`: [`PRODUCTS`], made from the Office 365 E3 example;
/// - `/v1/subscriptions`: [`SUBSCRIPTIONS`] copies of the ten example subscriptions (dates,
///   status, quantity, price), spread over the companies and products. Every 25th carries
///   no product name (a reader must look the product up), and every 50th is on a retired
///   product that `/v1/products/{id}` answers 404 for;
/// - `/v1/invoices`: the ten example invoices (two a month, 2020-09 to 2021-01), served for
///   the month named by `invoiceDateRangeStart` and `invoiceDateRangeEnd` (empty for other
///   months), each with eight items made from the invoice item example over four companies;
///   an invoice's total is the sum of its items' totals.
pub fn billing_data(pax8: &mut MockPax8) {
    base_data(pax8);
    let companies = companies();

    let products: Vec<Value> = fixtures::products(PRODUCTS.len())
        .into_iter()
        .zip(PRODUCTS)
        .map(|(p, (name, sku, _, _))| {
            let mut p = serde_json::to_value(p).unwrap();
            p["name"] = json!(name);
            p["sku"] = json!(sku);
            p
        })
        .collect();
    for p in &products {
        pax8.object("GET", &format!("/v1/products/{}", p["id"].as_str().unwrap()), p);
    }
    let retired = Uuid::from_u128(0x0000_0000_0000_4000_9000_0000_0000_0099);
    pax8.not_found("GET", &format!("/v1/products/{retired}"));

    let subscriptions: Vec<Value> = fixtures::subscriptions(SUBSCRIPTIONS)
        .into_iter()
        .enumerate()
        .map(|(n, s)| {
            let mut s = serde_json::to_value(s).unwrap();
            s["companyId"] = json!(companies[(n / 3) % companies.len()].id);
            let product = &products[n % products.len()];
            let (id, name) = match n % 50 {
                49 => (json!(retired), Value::Null),
                24 => (product["id"].clone(), Value::Null),
                _ => (product["id"].clone(), product["name"].clone()),
            };
            s["productId"] = id;
            s["productName"] = name;
            s
        })
        .collect();
    pax8.list("/v1/subscriptions", &subscriptions);

    let template = serde_json::to_value(fixtures::invoice_item()).unwrap();
    let invoices: Vec<Value> = fixtures::invoices(10).into_iter().map(|i| serde_json::to_value(i).unwrap()).collect();
    let mut months: Vec<(String, String, Vec<Value>)> = Vec::new();
    for (j, mut invoice) in invoices.into_iter().enumerate() {
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
                    .find(|s| s["companyId"] == json!(company.id) && s["productId"] == products[p]["id"]);
                let mut item = template.clone();
                let fields = json!({
                    "id": Uuid::from_u128(((j * 8 + k) as u128) | 0x0000_0000_0000_4000_b000_0000_0000_0000),
                    "companyId": company.id, "companyName": company.name,
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
        let total: i64 = items.iter().map(|i| cents(&i["total"])).sum();
        invoice["total"] = dollars(total);
        invoice["balance"] = if invoice["status"] == "Unpaid" { dollars(total) } else { json!(0) };
        invoice["carriedBalance"] = json!(0);
        pax8.list(&format!("/v1/invoices/{}/items", invoice["id"].as_str().unwrap()), items);
        match months.iter_mut().find(|(first, _, _)| first[..7] == date[..7]) {
            Some(month) => month.2.push(invoice),
            None => months.push((format!("{}-01", &date[..7]), month_end, vec![invoice])),
        }
    }
    // Other months have no invoices; the months of the examples have theirs.
    pax8.list("/v1/invoices", Vec::<Value>::new());
    for (first, last, invoices) in months {
        pax8.list_where(
            "/v1/invoices",
            &[("invoiceDateRangeStart", first.as_str()), ("invoiceDateRangeEnd", last.as_str())],
            invoices,
        );
    }
}

/// An amount in cents as a JSON number of dollars, written exactly (`12.05`).
fn dollars(cents: i64) -> Value {
    let text =
        format!("{}{}.{:02}", if cents < 0 { "-" } else { "" }, cents.unsigned_abs() / 100, cents.unsigned_abs() % 100);
    serde_json::from_str(&text).unwrap()
}

/// A JSON amount of dollars as cents.
fn cents(amount: &Value) -> i64 {
    (amount.as_f64().unwrap_or(0.0) * 100.0).round() as i64
}

/// Days in the month of a `yyyy-MM-dd` date.
fn month_length(date: &str) -> u8 {
    let (year, month) = (date[..4].parse().unwrap(), date[5..7].parse::<u8>().unwrap());
    time::Month::try_from(month).unwrap().length(year)
}
