//! A tour of the SDK.
//!
//! Without `PAX8_CLIENT_ID` in the environment it starts an in-process mock of Pax8 that
//! serves the official example payloads, so it runs anywhere:
//!
//! ```sh
//! cargo run --example demo
//! ```
//!
//! With `PAX8_CLIENT_ID` and `PAX8_CLIENT_SECRET` set it takes the same read-only tour of
//! your real Pax8 account.

#[path = "support/mock_pax8.rs"]
mod mock_pax8;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use pax8::SortDirection;
use pax8::models::{CompanySort, CompanyStatus, ContactRole};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let requests = Arc::new(AtomicUsize::new(0));
    let counter = requests.clone();
    let count_attempts = move |_: &pax8::Attempt| {
        counter.fetch_add(1, Ordering::Relaxed);
    };

    // Keep the mock alive for the whole tour (when there is one).
    let (client, _mock) = mock_pax8::client_or_mock(mock_pax8::base_data, |b| b.on_attempt(count_attempts))?;
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

    println!("\n{} HTTP requests in all (one token request among them).", requests.load(Ordering::Relaxed));
    Ok(())
}
