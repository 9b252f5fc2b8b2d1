//! Summarises one month's Pax8 invoices per company: items, subtotal, total, partner cost
//! and margin. The kind of report an MSP runs after Pax8's monthly invoice.
//!
//! ```sh
//! cargo run --features testing --example invoice_summary            # the previous calendar month
//! cargo run --features testing --example invoice_summary -- 2024-05 # May 2024
//! ```
//!
//! CSV goes to stdout (one row per company, then a `TOTAL` row), progress and warnings to
//! stderr. Without `PAX8_CLIENT_ID` in the environment it runs against the SDK's testing
//! kit, a local mock of Pax8 whose invoices are dated 2020-09 to 2021-01; there the default
//! month is 2021-01. With `PAX8_CLIENT_ID` and `PAX8_CLIENT_SECRET` set it reads (only
//! reads) your real Pax8 account.
//!
//! Columns, summed over the items of the month's invoices (invoices dated from the first
//! to the last day of the month):
//! - `items`: number of invoice items;
//! - `subtotal`: the items' `subTotal` (customer price of services plus billing fees);
//! - `total`: the items' `total` (the subtotal with everything else, tax included);
//! - `cost_total`: the items' `costTotal` (the partner's cost);
//! - `margin`: `subtotal - cost_total`, and `margin_pct`, that as a percentage of `subtotal`.
//!
//! Amounts are summed in cents, so the `TOTAL` row is exactly the sum of the rows above it.

#[path = "support/csv.rs"]
mod csv;
#[path = "support/mock_data.rs"]
mod mock_data;

use std::collections::{BTreeSet, HashMap};
use std::error::Error;
use std::fmt::Display;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::ops::AddAssign;
use std::time::Instant;

use pax8::Decimal;
use time::{Date, Month, OffsetDateTime};

/// Items per request, the most Pax8 serves.
const PAGE_SIZE: u32 = 200;
/// The default month against the mock: the latest month of its invoices.
const MOCK_MONTH: (i32, Month) = (2021, Month::January);

/// Sums over invoice items, amounts in cents.
#[derive(Debug, Default, Clone, Copy)]
struct Sums {
    items: u64,
    sub_total: i64,
    total: i64,
    cost_total: i64,
}

impl AddAssign for Sums {
    fn add_assign(&mut self, other: Sums) {
        self.items += other.items;
        self.sub_total += other.sub_total;
        self.total += other.total;
        self.cost_total += other.cost_total;
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    let started = Instant::now();
    let wanted = match std::env::args().nth(1) {
        Some(arg) => Some(parse_month(&arg).ok_or(format!("expected a month as YYYY-MM (e.g. 2024-05), got {arg}"))?),
        None => None,
    };
    let (client, mock) =
        mock_data::client_or_mock(mock_data::billing_data, |b| b).map_err(context("setting up the client"))?;

    let (year, month) = match wanted {
        Some(month) => month,
        None if mock.is_some() => MOCK_MONTH,
        None => {
            let last_month =
                OffsetDateTime::now_utc().date().replace_day(1)?.previous_day().ok_or("no previous month")?;
            (last_month.year(), last_month.month())
        }
    };
    let first = Date::from_calendar_date(year, month, 1)?;
    let last = first.replace_day(month.length(year))?;
    eprintln!("Invoices dated {first} to {last}");

    // Per company (None: items without one): its name and sums.
    // Keyed by the company id as sent (a reference that is not a UUID is kept as its text).
    let mut companies: HashMap<Option<String>, (String, Sums)> = HashMap::new();
    let mut currencies = BTreeSet::new();
    let (mut invoices, mut invoices_total) = (0, 0);
    let list = client.invoices().list().invoice_date_range_start(first).invoice_date_range_end(last);
    let progress = io::stderr().is_terminal();
    let mut listed = list.page_size(PAGE_SIZE).items();
    while let Some(invoice) = listed.next() {
        let invoice = invoice.map_err(context("listing invoices"))?;
        if progress {
            eprint!("[{}/{}] ", invoices + 1, listed.total_elements().unwrap_or(0));
        }
        if let Some(date) = invoice.invoice_date.as_ref().and_then(|d| d.date())
            && (date < first || date > last)
        {
            eprintln!("warning: skipping invoice {} dated {date}, outside the month", invoice.id);
            continue;
        }
        let mut sums = Sums::default();
        for item in client.invoices().line_items(invoice.id).page_size(PAGE_SIZE).items() {
            let item = item.map_err(context(&format!("listing the items of invoice {}", invoice.id)))?;
            let item_sums = Sums {
                items: 1,
                sub_total: cents(item.sub_total),
                total: cents(item.total),
                cost_total: cents(item.cost_total),
            };
            sums += item_sums;
            currencies.extend(item.currency_code);
            let entry = companies.entry(item.company_id.as_ref().map(ToString::to_string)).or_default();
            if entry.0.is_empty() {
                entry.0 = item.company_name.unwrap_or_default();
            }
            entry.1 += item_sums;
        }
        invoices += 1;
        invoices_total += cents(invoice.total);
        eprintln!(
            "invoice {} ({}): {} items, total {}; the invoice says {}",
            invoice.id,
            text(invoice.invoice_date),
            sums.items,
            money(sums.total),
            text(invoice.total.map(|t| money(cents(Some(t)))))
        );
    }
    if currencies.len() > 1 {
        eprintln!("warning: the items are in several currencies ({currencies:?}); the sums mix them");
    }

    let mut rows: Vec<(Option<String>, String, Sums)> =
        companies.into_iter().map(|(id, (name, sums))| (id, name, sums)).collect();
    rows.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
    let mut all = Sums::default();
    let mut out = BufWriter::new(io::stdout().lock());
    csv::write_row(
        &mut out,
        &["company_id", "company_name", "items", "subtotal", "total", "cost_total", "margin", "margin_pct"],
    )?;
    for (id, name, sums) in &rows {
        all += *sums;
        csv::write_row(&mut out, &row(&text(id.as_ref()), name, sums))?;
    }
    csv::write_row(&mut out, &row("TOTAL", "", &all))?;
    out.flush()?;

    eprintln!(
        "done: {invoices} invoices ({} in all), {} items, {} companies in {:.1?}",
        money(invoices_total),
        all.items,
        rows.len(),
        started.elapsed()
    );
    Ok(())
}

/// The CSV fields of one company's (or the total's) sums.
fn row(id: &str, name: &str, s: &Sums) -> [String; 8] {
    let margin = s.sub_total - s.cost_total;
    let pct =
        if s.sub_total == 0 { String::new() } else { format!("{:.1}", margin as f64 * 100.0 / s.sub_total as f64) };
    [
        id.to_owned(),
        name.to_owned(),
        s.items.to_string(),
        money(s.sub_total),
        money(s.total),
        money(s.cost_total),
        money(margin),
        pct,
    ]
}

/// `YYYY-MM` as a year and month.
fn parse_month(s: &str) -> Option<(i32, Month)> {
    let (year, month) = s.split_once('-')?;
    if year.len() != 4 || month.len() != 2 {
        return None;
    }
    Some((year.parse().ok()?, Month::try_from(month.parse::<u8>().ok()?).ok()?))
}

/// An amount as whole cents (absent is zero), exact: the amounts are `Decimal`s read from
/// the wire's digits. A third decimal rounds half away from zero.
fn cents(amount: Option<Decimal>) -> i64 {
    let cents = (amount.unwrap_or_default() * Decimal::ONE_HUNDRED)
        .round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    i64::try_from(cents).unwrap_or(i64::MAX)
}

/// Cents as an amount with two decimals, e.g. `-12.05`.
fn money(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", cents.unsigned_abs() / 100, cents.unsigned_abs() % 100)
}

/// An optional value as text, empty when absent.
fn text(value: Option<impl Display>) -> String {
    value.map(|v| v.to_string()).unwrap_or_default()
}

/// Wraps an error with what was being done, for a clear message when the report fails.
fn context<E: Display>(what: &str) -> impl FnOnce(E) -> Box<dyn Error> + '_ {
    move |e| format!("{what}: {e}").into()
}
