//! A tour of the SDK.
//!
//! Without `PAX8_CLIENT_ID` in the environment it runs against the SDK's testing kit
//! (`pax8::testing`), a local mock of Pax8 serving the official example payloads, so it
//! runs anywhere:
//!
//! ```sh
//! cargo run --features testing --example demo
//! ```
//!
//! With `PAX8_CLIENT_ID` and `PAX8_CLIENT_SECRET` set it takes the same read-only tour of
//! your real Pax8 account.

#[path = "support/mock_data.rs"]
mod mock_data;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use pax8::SortDirection;
use pax8::models::{CompanySort, CompanyStatus, ContactRole, QuoteSort};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let requests = Arc::new(AtomicUsize::new(0));
    let counter = requests.clone();
    let count_attempts = move |_: &pax8::Attempt| {
        counter.fetch_add(1, Ordering::Relaxed);
    };

    // Keep the mock alive for the whole tour (when there is one).
    let (client, _mock) = mock_data::client_or_mock(mock_data::base_data, |b| b.on_attempt(count_attempts))?;
    println!("Pax8 at {}\n", client.base_url());

    println!("1. One filtered page: active US companies, 3 per page");
    let page = client
        .companies()
        .list()
        .country("US")
        .status(CompanyStatus::Active)
        .sort(CompanySort::Name, SortDirection::Asc)
        .page_size(3)
        .send()?;
    for c in &page.items {
        let city = c.address.as_ref().and_then(|a| a.city.as_deref()).unwrap_or("?");
        println!("   {:<45} {city}", c.name);
    }
    println!("   page {} of {}, {} companies in all\n", page.number + 1, page.total_pages.max(1), page.total_elements);

    println!("2. Every company, lazily, 4 per request");
    let before = requests.load(Ordering::Relaxed);
    let mut first = None;
    let mut count = 0;
    for company in client.companies().list().page_size(4).items() {
        let company = company?;
        count += 1;
        first.get_or_insert(company);
    }
    println!("   {count} companies in {} requests\n", requests.load(Ordering::Relaxed) - before);

    let Some(company) = first else {
        println!("No companies in this account: the tour ends here.");
        return Ok(());
    };
    println!("3. One company and its contacts");
    let company = client.companies().get(company.id).send()?;
    println!("   {} ({}), status {}", company.name, company.id, company.status.as_ref().map_or("-", |s| s.as_str()));
    for contact in client.contacts(company.id).list().items() {
        let contact = contact?;
        let roles: Vec<&str> = [ContactRole::Admin, ContactRole::Billing, ContactRole::Technical]
            .iter()
            .filter(|r| contact.is_primary(r))
            .map(|r| r.as_str())
            .collect();
        println!(
            "   - {} {} <{}> primary for: {}",
            contact.first_name,
            contact.last_name,
            contact.email.as_deref().unwrap_or("-"),
            if roles.is_empty() { "nothing".to_owned() } else { roles.join(", ") }
        );
    }
    println!();

    println!("4. Errors are values: a company that does not exist");
    match client.companies().get(uuid::Uuid::nil()).send() {
        Ok(c) => println!("   unexpectedly found {}", c.name),
        Err(e) => println!("   status {}: {e}", e.status().map_or("-".to_owned(), |s| s.to_string())),
    }
    println!("   and bad input is refused before anything is sent:");
    match client.companies().list().page_size(500).send() {
        Ok(_) => println!("   unexpectedly accepted"),
        Err(e) => println!("   {e}"),
    }

    println!("\n5. Webhooks (API v2): the partner's webhooks and the topics one can subscribe to");
    for hook in client.webhooks().list().items() {
        let hook = hook?;
        let topics: Vec<&str> = hook.webhook_topics.iter().map(|t| t.topic.as_str()).collect();
        println!(
            "   {:<24} {} {}",
            hook.display_name,
            if hook.active { "active" } else { "paused" },
            if topics.is_empty() { "(no topic)".to_owned() } else { topics.join(", ") }
        );
    }
    for def in client.webhooks().topic_definitions().items() {
        let def = def?;
        println!("   topic {:<28} {} filters", def.topic, def.available_filters.len());
    }

    println!("\n6. Quotes (API v2): one page, with the count of quotes in each status");
    let quotes = client.quotes().list().sort(QuoteSort::CreatedOn, SortDirection::Desc).page(0).page_size(10).send()?;
    for q in &quotes.page.items {
        let status = q.status.as_ref().map_or("-", |s| s.as_str());
        let total = &q.totals.recurring_total;
        println!(
            "   {:<12} {:<30} {:<10} {} {}/period",
            q.reference_code, q.client.name, status, total.currency, total.amount
        );
    }
    let c = &quotes.status_counts;
    println!(
        "   drafts {}, sent {}, accepted {}, declined {}, expired {}",
        c.draft, c.sent, c.accepted, c.declined, c.expired
    );

    println!("\n{} HTTP requests in all.", requests.load(Ordering::Relaxed));
    Ok(())
}
