//! Builds a Pax8 quote for a company from a small CSV of products and quantities, then prints
//! its line items and totals. The kind of script that turns a PSA opportunity or a
//! spreadsheet into a quote the customer can accept.
//!
//! ```sh
//! cargo run --features testing --example quote_from_csv                          # the embedded CSV, on a local mock
//! cargo run --features testing --example quote_from_csv -- products.csv          # your CSV, on the local mock
//! PAX8_CLIENT_ID=... PAX8_CLIENT_SECRET=... \
//!     cargo run --features testing --example quote_from_csv -- products.csv <company-id>
//! ```
//!
//! Without `PAX8_CLIENT_ID` in the environment it runs against the testing kit's mock of Pax8
//! (`pax8::testing`), with mounts of its own that answer the calls made (create the quote, add
//! its line items, read it back, and delete the draft when the SDK refuses the line items) with quotes shaped like the SDK's fixtures and
//! totals computed from the CSV. With `PAX8_CLIENT_ID` and `PAX8_CLIENT_SECRET` set, it
//! **creates a real draft quote** in your Pax8 account for the company given (the company id is
//! then required, and the CSV's product ids must be products of your Pax8 catalogue; the
//! embedded CSV's ids are the mock's). The draft is left in Pax8, unsent: review it in the
//! portal, or delete it with `client.quotes().delete(id)`.
//!
//! The CSV has a header line and one line per product (no quoted fields; `#` starts a
//! comment line):
//!
//! - `product`: a Pax8 product id (a standard line item) or the name of a product of your
//!   own (a custom line item: letters, digits and spaces);
//! - `sku`: the SKU of a custom product (letters, digits and dashes), empty for Pax8 products;
//! - `quantity`: a whole number;
//! - `billing_term`: `Monthly`, `Annual`, `1 Year`, `2 Year`, `3 Year`, `Trial`, `Activation`
//!   or `One-Time` (custom products: `Monthly`, `Annual`, `Trial` or `One-Time`);
//! - `price`: the unit price to the customer, e.g. `22.00`;
//! - `cost`: your unit cost, required for custom products (Pax8 knows the cost of its own).
//!
//! A custom product billed `One-Time` gets `price × quantity` as its initial total; one billed
//! per period gets 0 (it has no one-time part). Every line item starts today. The SDK checks
//! the line items (at most 30, prices present, name and SKU characters) before sending them;
//! when it refuses them, the draft just created is deleted again, so a bad CSV leaves nothing
//! behind.

use std::error::Error;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

use pax8::models::{
    AmountCurrency, CompanyId, NewQuoteLineItem, Quote, QuoteBillingTerm, QuoteLineItem, QuoteProductType, QuoteStatus,
    QuoteTotals,
};
use pax8::{Client, Decimal, Uuid};
use time::OffsetDateTime;

/// The CSV used when no path is given: two products of the mock's catalogue and two of your own.
const DEFAULT_CSV: &str = "\
product,sku,quantity,billing_term,price,cost
# Pax8 products, by id (the mock's catalogue)
e5f6a7b8-c9d0-4e1f-8a2b-3c4d5e6f7a8b,,10,1 Year,22.00,
b8c9d0e1-f2a3-4b4c-9d5e-6f7a8b9c0d1e,,10,Monthly,4.00,
# your own products and services
Onboarding,ONB-1,1,One-Time,500.00,300.00
Managed backup,MB-100,10,Monthly,3.50,1.75
";

/// The company the mock quotes for when none is given (the fixtures' client).
const MOCK_COMPANY: &str = "0b5c7d9e-1f2a-4b3c-8d4e-5f6a7b8c9d0e";

/// One line of the CSV.
#[derive(Debug)]
struct Row {
    product: Product,
    quantity: Decimal,
    billing_term: QuoteBillingTerm,
    price: Decimal,
    cost: Option<Decimal>,
}

#[derive(Debug)]
enum Product {
    Pax8(Uuid),
    Custom { name: String, sku: Option<String> },
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (csv, source) = match args.first() {
        Some(path) => (std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?, path.as_str()),
        None => (DEFAULT_CSV.to_owned(), "the embedded CSV"),
    };
    let rows = parse_csv(&csv).map_err(|e| format!("{source}: {e}"))?;
    let company = args.get(1).map(|id| id.parse::<CompanyId>().map_err(|e| format!("company id {id:?}: {e}")));

    // Keep the mock server alive until the end of main.
    let (client, company, _mock) = if std::env::var_os("PAX8_CLIENT_ID").is_some() {
        let company = company.ok_or("with PAX8_CLIENT_ID set, give the CSV path and the company id to quote for")??;
        eprintln!("Using the real Pax8 API: this creates a real draft quote for company {company}.");
        (Client::from_env()?, company, None)
    } else {
        let mock = mock::start();
        eprintln!("No PAX8_CLIENT_ID set: using the testing kit's mock of Pax8 at {}.", mock.url());
        let client = mock.client();
        (client, company.unwrap_or_else(|| Ok(MOCK_COMPANY.parse().unwrap()))?, Some(mock))
    };

    let today = OffsetDateTime::now_utc().replace_time(time::Time::MIDNIGHT);
    let items: Vec<NewQuoteLineItem> = rows.iter().map(|row| line_item(row, today)).collect();

    let quote = client.quotes().create(company).send()?;
    eprintln!("Created draft quote {} ({}) for {}.", quote.reference_code, quote.id, quote.client.name);
    // `add` checks the items before sending them; when it refuses them (nothing was sent),
    // delete the empty draft so that a bad CSV leaves nothing behind.
    let added = match client.quotes().line_items(quote.id).add(items).send() {
        Ok(added) => added,
        Err(pax8::Error::InvalidInput(problem)) => {
            client.quotes().delete(quote.id).send()?;
            eprintln!("Deleted the draft again.");
            return Err(format!("{source}: {problem}").into());
        }
        Err(e) => return Err(e.into()),
    };
    eprintln!("Added {} line items.", added.len());
    let quote = client.quotes().get(quote.id).send()?;
    print_quote(&quote);
    Ok(())
}

/// Reads the CSV: a header naming the six columns, then one product per line.
fn parse_csv(text: &str) -> Result<Vec<Row>, String> {
    const HEADER: [&str; 6] = ["product", "sku", "quantity", "billing_term", "price", "cost"];
    let mut lines = text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'));
    let (_, header) = lines.next().ok_or("the CSV is empty")?;
    let names: Vec<&str> = header.split(',').map(str::trim).collect();
    if names != HEADER {
        return Err(format!("the header must be {:?}, got {names:?}", HEADER.join(",")));
    }
    let rows: Vec<Row> =
        lines.map(|(n, line)| parse_row(line).map_err(|e| format!("line {}: {e}", n + 1))).collect::<Result<_, _>>()?;
    if rows.is_empty() {
        return Err("no products in the CSV".into());
    }
    Ok(rows)
}

fn parse_row(line: &str) -> Result<Row, String> {
    let fields: Vec<&str> = line.split(',').map(str::trim).collect();
    let [product, sku, quantity, billing_term, price, cost] = fields[..] else {
        return Err(format!("expected 6 fields, got {}", fields.len()));
    };
    let amount = |name: &str, text: &str| {
        Decimal::from_str_exact(text).map_err(|_| format!("{name} {text:?} is not an amount like 22.00"))
    };
    Ok(Row {
        product: match Uuid::parse_str(product) {
            Ok(id) => Product::Pax8(id),
            Err(_) => Product::Custom { name: product.to_owned(), sku: (!sku.is_empty()).then(|| sku.to_owned()) },
        },
        quantity: Decimal::from_str_exact(quantity)
            .ok()
            .filter(|q| q.fract().is_zero())
            .ok_or_else(|| format!("quantity {quantity:?} is not a whole number"))?,
        billing_term: QuoteBillingTerm::from_wire(billing_term),
        price: amount("price", price)?,
        cost: if cost.is_empty() { None } else { Some(amount("cost", cost)?) },
    })
}

/// The line item of one CSV row. A custom product without a cost is left without one, so the
/// SDK's check names it before anything is sent.
fn line_item(row: &Row, start: OffsetDateTime) -> NewQuoteLineItem {
    let term = row.billing_term.clone();
    match &row.product {
        Product::Pax8(id) => NewQuoteLineItem::standard(*id, row.quantity, term, start).price(row.price),
        Product::Custom { name, sku } => {
            let one_time = term == QuoteBillingTerm::OneTime;
            let initial_total = if one_time { row.price * row.quantity } else { Decimal::ZERO };
            let mut item =
                NewQuoteLineItem::custom(name, row.quantity, term, start).price(row.price).initial_total(initial_total);
            if let Some(sku) = sku {
                item = item.product_sku(sku);
            }
            if let Some(cost) = row.cost {
                item = item.cost(cost);
            }
            item
        }
    }
}

fn money(a: &AmountCurrency) -> String {
    format!("{:.2} {}", a.amount, a.currency)
}

fn print_quote(quote: &Quote) {
    println!("Quote {} for {} ({})", quote.reference_code, quote.client.name, status(quote));
    println!(
        "{:<34} {:>5}  {:<9} {:>12} {:>14} {:>14}",
        "product", "qty", "term", "unit price", "one-time", "per period"
    );
    for item in &quote.line_items {
        let term = item.billing_term.as_ref().map_or("", QuoteBillingTerm::as_str);
        println!(
            "{:<34} {:>5}  {:<9} {:>12} {:>14} {:>14}",
            item.product.name,
            item.quantity,
            term,
            money(&item.price),
            money(&item.totals.initial_total),
            money(&item.totals.recurring_total)
        );
    }
    let t = &quote.totals;
    println!();
    println!(
        "one-time:   total {:>14}   cost {:>14}   profit {:>14}",
        money(&t.initial_total),
        money(&t.initial_cost),
        money(&t.initial_profit)
    );
    println!(
        "per period: total {:>14}   cost {:>14}   profit {:>14}",
        money(&t.recurring_total),
        money(&t.recurring_cost),
        money(&t.recurring_profit)
    );
}

fn status(quote: &Quote) -> &str {
    quote.status.as_ref().map_or("no status", QuoteStatus::as_str)
}

/// The local mock of the quoting API: create, add line items, get, delete. It keeps the quote it
/// created and computes the totals the way the fixtures show them (one-time terms in the
/// initial totals, the others per period; a Pax8 product costs the partner 90% of its price).
mod mock {
    use std::collections::HashMap;

    use pax8::testing::MockPax8;
    use serde_json::value::RawValue;

    use super::*;

    /// The mock's catalogue: id, name, SKU, type.
    const CATALOGUE: [(&str, &str, &str, QuoteProductType); 2] = [
        (
            "e5f6a7b8-c9d0-4e1f-8a2b-3c4d5e6f7a8b",
            "Microsoft 365 Business Premium",
            "MST-M365-BP",
            QuoteProductType::Standalone,
        ),
        (
            "b8c9d0e1-f2a3-4b4c-9d5e-6f7a8b9c0d1e",
            "Exchange Online (Plan 1)",
            "MST-EXO-P1",
            QuoteProductType::Standalone,
        ),
    ];

    const QUOTE: &str = include_str!("../src/testing/fixtures/quotes/quote.json");

    type State = Arc<Mutex<Option<Quote>>>;

    pub fn start() -> MockPax8 {
        let mut pax8 = MockPax8::start();
        let server = pax8.server();
        let state: State = Arc::default();
        let bearer = format!("Bearer {}", MockPax8::TOKEN);
        let (create, add, get) = (state.clone(), state.clone(), state);
        server
            .mock("POST", "/v2/quotes")
            .match_header("authorization", bearer.as_str())
            .with_status(201)
            .with_header("content-type", "application/json")
            .with_body_from_request(move |req| json(&create_quote(&create, req.body().unwrap())))
            .create();
        server
            .mock("POST", mockito::Matcher::Regex(r"^/v2/quotes/[0-9a-f-]+/line-items$".into()))
            .match_header("authorization", bearer.as_str())
            .with_status(201)
            .with_header("content-type", "application/json")
            .with_body_from_request(move |req| json(&add_line_items(&add, req.body().unwrap())))
            .create();
        server
            .mock("GET", mockito::Matcher::Regex(r"^/v2/quotes/[0-9a-f-]+$".into()))
            .match_header("authorization", bearer.as_str())
            .with_header("content-type", "application/json")
            .with_body_from_request(move |_| json(&get.lock().unwrap().clone().expect("the quote was created")))
            .create();
        server
            .mock("DELETE", mockito::Matcher::Regex(r"^/v2/quotes/[0-9a-f-]+$".into()))
            .match_header("authorization", bearer.as_str())
            .with_status(204)
            .create();
        pax8
    }

    fn json(value: &impl serde::Serialize) -> Vec<u8> {
        serde_json::to_vec(value).unwrap()
    }

    /// A fresh draft from the fixture: the company asked for, no line items, zero totals.
    fn create_quote(state: &State, body: &[u8]) -> Quote {
        let asked: HashMap<String, CompanyId> = serde_json::from_slice(body).unwrap();
        let mut quote: Quote = serde_json::from_str(QUOTE).unwrap();
        quote.id = Uuid::new_v4().into();
        quote.reference_code = "Q-MOCK-0001".into();
        quote.status = Some(QuoteStatus::Draft);
        quote.client.id = asked["clientId"];
        quote.created_on = Some(OffsetDateTime::now_utc().into());
        quote.expires_on = Some((OffsetDateTime::now_utc() + time::Duration::days(30)).into());
        (quote.published, quote.published_on, quote.intro_message, quote.terms_and_disclaimers) =
            (false, None, None, None);
        quote.line_items.clear();
        quote.attachments.clear();
        quote.totals = QuoteTotals::default();
        *state.lock().unwrap() = Some(quote.clone());
        quote
    }

    /// The line items of the request, priced, added to the stored quote and its totals.
    fn add_line_items(state: &State, body: &[u8]) -> Vec<QuoteLineItem> {
        // Raw field texts, so amounts stay exact.
        let sent: Vec<HashMap<String, Box<RawValue>>> = serde_json::from_slice(body).unwrap();
        let mut guard = state.lock().unwrap();
        let quote = guard.as_mut().expect("the quote was created");
        let added: Vec<QuoteLineItem> = sent.iter().map(priced).collect();
        quote.line_items.extend(added.iter().cloned());
        quote.totals = sum(quote.line_items.iter().map(|i| &i.totals));
        added
    }

    fn priced(sent: &HashMap<String, Box<RawValue>>) -> QuoteLineItem {
        let text = |k: &str| sent.get(k).map(|v| v.get().trim_matches('"').to_owned());
        let amount = |k: &str| text(k).map(|t| Decimal::from_str_exact(&t).unwrap());
        let usd = |a: Decimal| AmountCurrency::new(a, "USD");
        let mut item = QuoteLineItem::default();
        item.id = Uuid::new_v4().into();
        item.quantity = text("quantity").unwrap().parse().unwrap();
        let term = QuoteBillingTerm::from_wire(&text("billingTerm").unwrap());
        let price = amount("price").unwrap();
        let cost = match text("productId") {
            Some(id) => {
                let (_, name, sku, kind) = CATALOGUE.iter().find(|p| p.0 == id).cloned().unwrap_or((
                    "",
                    "Pax8 product",
                    "UNKNOWN",
                    QuoteProductType::Standalone,
                ));
                item.product.id = id.parse().unwrap();
                (item.product.name, item.product.sku, item.product.kind) = (name.into(), sku.into(), Some(kind));
                (price * Decimal::new(9, 1)).round_dp(2)
            }
            None => {
                item.product.id = Uuid::new_v4().into();
                item.product.name = text("productName").unwrap();
                item.product.sku = text("productSku").unwrap_or_default();
                item.product.kind = Some(QuoteProductType::Custom);
                item.product.is_msp_only = true;
                amount("cost").unwrap()
            }
        };
        let quantity = item.quantity;
        let (total, all_cost) = (price * quantity, cost * quantity);
        // One-time terms count in the initial totals, the others per period.
        let line = [total, all_cost, total - all_cost];
        let zero = [Decimal::ZERO; 3];
        let one_time = matches!(term, QuoteBillingTerm::OneTime | QuoteBillingTerm::Activation);
        let ([it, ic, ip], [rt, rc, rp]) = if one_time { (line, zero) } else { (zero, line) };
        let mut t = QuoteTotals::default();
        (t.initial_total, t.initial_cost, t.initial_profit) = (usd(it), usd(ic), usd(ip));
        (t.recurring_total, t.recurring_cost, t.recurring_profit) = (usd(rt), usd(rc), usd(rp));
        item.billing_term = Some(term);
        item.price = usd(price);
        item.cost = usd(cost);
        item.totals = t;
        item
    }

    fn sum<'a>(all: impl Iterator<Item = &'a QuoteTotals>) -> QuoteTotals {
        let add = |a: &AmountCurrency, b: &AmountCurrency| AmountCurrency::new(a.amount + b.amount, "USD");
        all.fold(QuoteTotals::default(), |mut acc, t| {
            acc.initial_total = add(&acc.initial_total, &t.initial_total);
            acc.initial_cost = add(&acc.initial_cost, &t.initial_cost);
            acc.initial_profit = add(&acc.initial_profit, &t.initial_profit);
            acc.recurring_total = add(&acc.recurring_total, &t.recurring_total);
            acc.recurring_cost = add(&acc.recurring_cost, &t.recurring_cost);
            acc.recurring_profit = add(&acc.recurring_profit, &t.recurring_profit);
            acc
        })
    }
}
