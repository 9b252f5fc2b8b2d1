//! Exports every subscription as CSV, with company and product names: the kind of job an
//! MSP runs nightly to feed a PSA, a spreadsheet or a billing reconciliation.
//!
//! ```sh
//! cargo run --features testing --example export_subscriptions > subscriptions.csv
//! ```
//!
//! CSV goes to stdout, progress and warnings to stderr. Without `PAX8_CLIENT_ID` in the
//! environment it runs against the SDK's testing kit (a local mock of Pax8); with
//! `PAX8_CLIENT_ID` and `PAX8_CLIENT_SECRET` set it reads (only reads) your real Pax8
//! account.
//!
//! Requests: the companies, once, for their names; the subscriptions, 200 a page; and
//! each product once, for its name. A product Pax8 no longer has (404) leaves its name
//! empty with a warning rather than failing the export.

#[path = "support/csv.rs"]
mod csv;
#[path = "support/mock_data.rs"]
mod mock_data;

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::error::Error;
use std::fmt::Display;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::time::Instant;

use pax8::Client;
use pax8::models::{ProductId, Timestamp};

/// Items per request, the most Pax8 serves.
const PAGE_SIZE: u32 = 200;

const COLUMNS: [&str; 11] = [
    "subscription_id",
    "company_id",
    "company_name",
    "product_id",
    "product_name",
    "quantity",
    "price",
    "billing_term",
    "status",
    "start_date",
    "end_date",
];

fn main() -> Result<(), Box<dyn Error>> {
    let started = Instant::now();
    let (client, _mock) =
        mock_data::client_or_mock(mock_data::billing_data, |b| b).map_err(context("setting up the client"))?;

    let mut companies = HashMap::new();
    for company in client.companies().list().page_size(PAGE_SIZE).items() {
        let company = company.map_err(context("listing companies"))?;
        companies.insert(company.id, company.name);
    }
    eprintln!("{} companies loaded", companies.len());

    let mut products = HashMap::new();
    let mut unknown_companies = HashSet::new();
    let mut out = BufWriter::new(io::stdout().lock());
    csv::write_row(&mut out, &COLUMNS)?;
    let mut count = 0;
    let progress = io::stderr().is_terminal();
    let mut subscriptions = client.subscriptions().list().page_size(PAGE_SIZE).items();
    while let Some(subscription) = subscriptions.next() {
        let s = subscription.map_err(context("listing subscriptions"))?;
        let company_name = companies.get(&s.company_id).map_or("", String::as_str);
        if company_name.is_empty() && unknown_companies.insert(s.company_id) {
            eprintln!("warning: company {} of subscription {} is not in the company list", s.company_id, s.id);
        }
        // Subscriptions usually carry the product name; look it up only when they do not.
        let product_name = match &s.product_name {
            Some(name) if !name.is_empty() => name.clone(),
            _ => product_name(&client, &mut products, s.product_id)?.to_owned(),
        };
        // The calendar date, or the text Pax8 sent when it is not a date.
        let date = |d: Option<Timestamp>| {
            d.map(|d| d.date().map_or_else(|| d.to_string(), |day| day.to_string())).unwrap_or_default()
        };
        csv::write_row(
            &mut out,
            &[
                s.id.to_string(),
                s.company_id.to_string(),
                company_name.to_owned(),
                s.product_id.to_string(),
                product_name.to_owned(),
                text(s.quantity),
                text(s.price),
                text(s.billing_term),
                text(s.status),
                date(s.start_date),
                date(s.end_date),
            ],
        )?;
        count += 1;
        if progress {
            let total = subscriptions.total_elements().unwrap_or(0);
            eprint!("\r{count}/{total} subscriptions exported ({:.1?})", started.elapsed());
        }
    }
    if progress {
        eprintln!();
    }
    out.flush()?;
    let missing = products.values().filter(|name| name.is_empty()).count();
    eprintln!(
        "done: {count} subscriptions, {} companies, {} products ({missing} not found) in {:.1?}",
        companies.len(),
        products.len(),
        started.elapsed()
    );
    Ok(())
}

/// The name of product `id`, fetched once and then cached. A product Pax8 does not know
/// (404) gets an empty name and a warning.
fn product_name<'a>(
    client: &Client,
    cache: &'a mut HashMap<ProductId, String>,
    id: ProductId,
) -> Result<&'a str, Box<dyn Error>> {
    let vacant = match cache.entry(id) {
        Entry::Occupied(known) => return Ok(known.into_mut()),
        Entry::Vacant(vacant) => vacant,
    };
    let name = match client.products().get(id).send() {
        Ok(detail) => detail.product.name,
        Err(e) if e.is_not_found() => {
            eprintln!("warning: product {id} not found, its name is left empty");
            String::new()
        }
        Err(e) => return Err(context(&format!("getting product {id}"))(e)),
    };
    Ok(vacant.insert(name))
}

/// An optional value as text, empty when absent.
fn text(value: Option<impl Display>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// Wraps an error with what was being done, for a clear message when the export fails.
fn context<E: Display>(what: &str) -> impl FnOnce(E) -> Box<dyn Error> + '_ {
    move |e| format!("{what}: {e}").into()
}
