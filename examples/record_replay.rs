//! Record once, replay in tests: a cassette of a session, scrubbed of secrets and personal
//! data, served again by the testing kit.
//!
//! ```sh
//! cargo run --example record_replay                     # cassette in the temp folder, removed
//! cargo run --example record_replay -- my-session.json  # kept where you say, to read
//! ```
//!
//! 1. **Record**: the testing kit's mock stands in for Pax8 (so this runs without
//!    credentials; against your account you would build the recording client from
//!    `Client::builder_from_env()` instead). A client built with `record(&recorder)` runs
//!    `report`, the code under test: every request and answer goes into the cassette,
//!    scrubbed as it happens (the OAuth credentials, the token, webhook `authorization`
//!    values; e-mails, phone numbers, names and street addresses replaced by fakes).
//! 2. **Replay**: a second mock serves the cassette; a second client runs `report` again,
//!    and the two reports must be equal. Money, ids, dates and statuses are as recorded.
//!
//! Progress goes to stderr; the cassette's path (when kept) and the outcome to stdout.

use std::collections::BTreeMap;
use std::error::Error;

use pax8::models::{CompanyId, QuoteStatus, SubscriptionStatus, WebhookTopicSpec};
use pax8::testing::{Cassette, MockPax8, Recorder, fixtures};
use pax8::{Client, Decimal};

/// What the program under test computes: it never looks at a person's name.
#[derive(Debug, PartialEq)]
struct Report {
    /// Active seats per company.
    seats: BTreeMap<CompanyId, Decimal>,
    /// Companies listed, and how many of them are billed on behalf.
    companies: usize,
    billed_on_behalf: usize,
    /// Recurring total of the draft quotes, per currency.
    draft_quotes: BTreeMap<String, Decimal>,
    /// The id of the webhook it creates, and the topics of the first one listed.
    created_webhook: pax8::models::WebhookId,
    topics: Vec<String>,
}

fn report(client: &Client) -> pax8::Result<Report> {
    let mut seats = BTreeMap::new();
    for s in client.subscriptions().list().status(SubscriptionStatus::Active).page_size(100).items() {
        let s = s?;
        *seats.entry(s.company_id).or_insert(Decimal::ZERO) += s.quantity.unwrap_or_default();
    }
    let (mut companies, mut billed_on_behalf) = (0, 0);
    for c in client.companies().list().page_size(50).prefetch(2).items() {
        companies += 1;
        billed_on_behalf += usize::from(c?.bill_on_behalf_of_enabled == Some(true));
    }
    let mut draft_quotes = BTreeMap::new();
    for q in client.quotes().list().status(QuoteStatus::Draft).items() {
        let total = q?.totals.recurring_total;
        *draft_quotes.entry(total.currency).or_insert(Decimal::ZERO) += total.amount;
    }
    let first = client.webhooks().list().items().next().transpose()?.expect("a webhook");
    let topics = client.webhooks().get(first.id).send()?.webhook_topics.into_iter().map(|t| t.topic).collect();
    let created_webhook = client
        .webhooks()
        .create()
        .display_name("PSA sync")
        .url("https://psa.example.com/pax8/events")
        .authorization("Basic c2VjcmV0LWRlbGl2ZXJ5LWtleQ==")
        .contact_email("ops@contoso.example")
        .topic(WebhookTopicSpec::new("subscription.updated"))
        .send()?
        .id;
    Ok(Report { seats, companies, billed_on_behalf, draft_quotes, created_webhook, topics })
}

/// The kit's mock, standing in for a Pax8 account.
fn stand_in() -> MockPax8 {
    let mut pax8 = MockPax8::start();
    pax8.list("/v1/subscriptions", fixtures::subscriptions(230));
    pax8.list("/v1/companies", fixtures::companies(120));
    pax8.list("/v2/quotes", fixtures::quote_summaries(12));
    let webhooks = fixtures::webhooks(2);
    pax8.list("/api/v2/webhooks", webhooks.clone());
    pax8.object("GET", &format!("/api/v2/webhooks/{}", webhooks[0].id), &webhooks[0]);
    pax8.object("POST", "/api/v2/webhooks", &webhooks[1]);
    pax8
}

fn main() -> Result<(), Box<dyn Error>> {
    let kept: Option<std::path::PathBuf> = std::env::args().nth(1).map(Into::into);
    let path = kept
        .clone()
        .unwrap_or_else(|| std::env::temp_dir().join(format!("pax8-record-replay-{}.json", std::process::id())));

    // 1. Record, with OAuth credentials (the mock's token endpoint takes any).
    let pax8 = stand_in();
    let recorder = Recorder::new(&path);
    let client = Client::builder()
        .base_url(pax8.url())
        .client_id("my-client-id")
        .client_secret("my-client-secret")
        .no_proxy()
        .no_rate_limit()
        .record(&recorder)
        .build()?;
    let recorded = report(&client)?;
    recorder.save()?;
    let cassette = Cassette::load(&path)?;
    eprintln!("recorded {} interactions:", cassette.len());
    for r in cassette.requests() {
        eprintln!("  {r}");
    }
    let text = std::fs::read_to_string(&path)?;
    for secret in ["my-client-secret", MockPax8::TOKEN, "c2VjcmV0LWRlbGl2ZXJ5LWtleQ==", "ops@contoso.example"] {
        assert!(!text.contains(secret), "{secret} reached the cassette");
    }

    // 2. Replay in a second client: no Pax8, no credentials, the same report.
    let mut replayer = MockPax8::start();
    let replay = replayer.replay(&cassette);
    let replayed = report(&replayer.client())?;
    replay.assert_all_played();
    assert_eq!(replayed, recorded, "the replayed report equals the recorded one");
    eprintln!(
        "replayed: {} companies, seats of {} companies, draft quotes {:?}: equal to the recording",
        replayed.companies,
        replayed.seats.len(),
        replayed.draft_quotes
    );
    match kept {
        Some(path) => println!("cassette: {}", path.display()),
        None => std::fs::remove_file(&path)?,
    }
    println!("replayed report equals the recorded one ({} interactions)", cassette.len());
    Ok(())
}
