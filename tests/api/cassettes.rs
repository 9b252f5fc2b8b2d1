//! Cassettes: a session recorded from the testing kit (standing in for Pax8) replays to the
//! same results in another client; nothing secret or personal reaches the file; a request
//! the cassette lacks is named in its error.

use pax8::models::{
    Authorization, Company, CompanyStatus, Quote, QuoteStatus, QuoteSummary, Webhook, WebhookTopicSpec,
};
use pax8::testing::{BodyMatch, Cassette, MockPax8, Recorder, Scrubber, fixtures};
use pax8::{Client, Method};
use serde_json::Value;

use crate::common::temp_dir;

/// What a session read and wrote, family by family.
#[derive(Debug, PartialEq)]
struct Session {
    companies: Vec<Company>,
    company: Company,
    created_company: Company,
    webhooks: Vec<Webhook>,
    webhook: Webhook,
    created_webhook: Webhook,
    quotes: Vec<QuoteSummary>,
    quote: Quote,
    updated_quote: Quote,
}

const HOOK_SECRET: &str = "Basic c2VjcmV0LWRlbGl2ZXJ5LWtleQ==";

/// A list, a get and a write of each family: partner, webhooks, quoting.
fn session(client: &Client) -> pax8::Result<Session> {
    let companies: Vec<Company> = client.companies().list().page_size(2).items().collect::<pax8::Result<_>>()?;
    let company = client.companies().get(companies[0].id).send()?;
    let created_company = client
        .companies()
        .create()
        .name("Contoso Ltd")
        .address(fixtures::address())
        .phone("303-555-0100")
        .website("contoso.example")
        .bill_on_behalf_of_enabled(false)
        .self_service_allowed(false)
        .order_approval_required(true)
        .send()?;
    let webhooks: Vec<Webhook> = client.webhooks().list().items().collect::<pax8::Result<_>>()?;
    let webhook = client.webhooks().get(webhooks[0].id).send()?;
    let created_webhook = client
        .webhooks()
        .create()
        .display_name("PSA sync")
        .url("https://psa.example.com/pax8/events")
        .authorization(HOOK_SECRET)
        .contact_email("ops.lead@contoso.example")
        .topic(WebhookTopicSpec::new("subscription.updated"))
        .send()?;
    let quotes: Vec<QuoteSummary> =
        client.quotes().list().status(QuoteStatus::Draft).page_size(2).items().collect::<pax8::Result<_>>()?;
    let quote = client.quotes().get(quotes[0].id).send()?;
    let updated_quote = client.quotes().update(quote.id).intro_message("Hello").send()?;
    Ok(Session {
        companies,
        company,
        created_company,
        webhooks,
        webhook,
        created_webhook,
        quotes,
        quote,
        updated_quote,
    })
}

/// The kit, serving what `session` asks for.
fn pax8_stand_in() -> MockPax8 {
    let mut pax8 = MockPax8::start();
    let companies = fixtures::companies(5);
    pax8.list("/v1/companies", companies.clone());
    pax8.object("GET", &format!("/v1/companies/{}", companies[0].id), &companies[0]);
    pax8.object("POST", "/v1/companies", &companies[1]);
    let webhooks = fixtures::webhooks(3);
    pax8.list("/api/v2/webhooks", webhooks.clone());
    pax8.object("GET", &format!("/api/v2/webhooks/{}", webhooks[0].id), &webhooks[0]);
    pax8.object("POST", "/api/v2/webhooks", &webhooks[1]);
    let quotes = fixtures::quote_summaries(3);
    pax8.list("/v2/quotes", quotes.clone());
    let mut quote = fixtures::quote();
    quote.id = quotes[0].id;
    pax8.object("GET", &format!("/v2/quotes/{}", quote.id), &quote);
    pax8.object("PUT", &format!("/v2/quotes/{}", quote.id), &quote);
    pax8
}

/// Records `session` against the stand-in with `scrubber`; the results and the cassette
/// read back from its file.
fn record(scrubber: Scrubber) -> (Session, Cassette, String) {
    let pax8 = pax8_stand_in();
    let path = temp_dir().join("session.json");
    let recorder = Recorder::new(&path).scrubber(scrubber);
    let client = pax8.client_builder().record(&recorder).build().unwrap();
    let original = session(&client).unwrap();
    recorder.save().unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    (original, Cassette::load(&path).unwrap(), text)
}

/// The webhooks' `authorization` as a cassette holds it.
fn scrubbed_authorization(mut s: Session) -> Session {
    for h in s.webhooks.iter_mut().chain([&mut s.webhook, &mut s.created_webhook]) {
        h.authorization = h.authorization.as_ref().map(|_| Authorization::new("[scrubbed]"));
    }
    s
}

#[test]
fn a_recorded_session_replays_to_identical_results_in_every_family() {
    let (original, cassette, _) = record(Scrubber::new().keep_personal_data());
    // 3 pages of companies, get, create; 1 page of webhooks, get, create; 2 pages of quotes,
    // get, and the update's read and write.
    assert_eq!(cassette.len(), 3 + 2 + 1 + 2 + 2 + 3, "{:#?}", cassette.requests());

    let mut replayer = MockPax8::start();
    let replay = replayer.replay(&cassette);
    let replayed = session(&replayer.client()).unwrap();
    replay.assert_all_played();
    assert!(original.webhook.authorization.is_some(), "the fixture has a secret to scrub");
    assert_eq!(replayed, scrubbed_authorization(original));
}

#[test]
fn with_personal_data_faked_ids_money_dates_and_enums_replay_unchanged() {
    let (original, cassette, text) = record(Scrubber::new());
    let mut replayer = MockPax8::start();
    let replay = replayer.replay(&cassette);
    let replayed = session(&replayer.client()).unwrap();
    replay.assert_all_played();

    let ids = |c: &[Company]| {
        c.iter().map(|c| (c.id, c.status.clone(), c.address.as_ref().map(|a| a.city.clone()))).collect::<Vec<_>>()
    };
    assert_eq!(ids(&replayed.companies), ids(&original.companies));
    for (r, o) in replayed.companies.iter().zip(&original.companies) {
        assert_ne!(r.name, o.name, "company names are faked");
        assert!(!text.contains(&format!("\"{}\"", o.name)), "{} is in the file", o.name);
    }
    // The same original, the same fake: the company read alone has its listed name.
    assert_eq!(replayed.company.name, replayed.companies[0].name);
    let money = |q: &Quote| (q.id, q.status.clone(), q.totals.clone(), q.line_items.clone(), q.expires_on.clone());
    assert_eq!(money(&replayed.quote), money(&original.quote));
    assert_eq!(
        replayed.quotes.iter().map(|q| q.id).collect::<Vec<_>>(),
        original.quotes.iter().map(|q| q.id).collect::<Vec<_>>()
    );
    assert_eq!(replayed.webhook.webhook_topics, original.webhook.webhook_topics);
    assert_eq!(cassette.to_json(), Cassette::parse(&text).unwrap().to_json(), "the file reads back as written");
}

#[test]
fn no_secret_and_no_original_email_reaches_the_file() {
    let pax8 = pax8_stand_in();
    let mut contacts = fixtures::contacts(3);
    contacts[0].email = Some("jane.roe@contoso-real.com".into());
    let mut pax8 = pax8;
    let company = fixtures::company().id;
    pax8.list(&format!("/v1/companies/{company}/contacts"), contacts.clone());
    let path = temp_dir().join("secrets.json");
    let recorder = Recorder::new(&path);
    // OAuth credentials: the token request and its answer are recorded too.
    let client = Client::builder()
        .base_url(pax8.url())
        .client_id("client-id-4f9c2e")
        .client_secret("client-secret-8d1b7a")
        .no_proxy()
        .no_rate_limit()
        .record(&recorder)
        .build()
        .unwrap();
    session(&client).unwrap();
    let read: Vec<_> = client.contacts(company).list().items().collect::<pax8::Result<_>>().unwrap();
    assert_eq!(read.len(), 3);
    drop((client, recorder)); // the last handle writes the file
    let text = std::fs::read_to_string(&path).unwrap();

    // Every e-mail the stand-in served or the session sent, collected from the fixtures'
    // own JSON, not from the SDK's scrubber.
    let mut originals = vec!["ops.lead@contoso.example".to_owned(), "jane.roe@contoso-real.com".to_owned()];
    fn emails(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::String(s) if s.contains('@') => out.push(s.clone()),
            Value::Array(a) => a.iter().for_each(|v| emails(v, out)),
            Value::Object(m) => m.values().for_each(|v| emails(v, out)),
            _ => {}
        }
    }
    for v in [serde_json::to_value(&contacts).unwrap(), serde_json::to_value(fixtures::webhooks(3)).unwrap()] {
        emails(&v, &mut originals);
    }
    assert!(originals.len() >= 5, "{originals:?}");
    for secret in ["client-id-4f9c2e", "client-secret-8d1b7a", MockPax8::TOKEN, HOOK_SECRET, "Bearer "]
        .into_iter()
        .chain(originals.iter().map(String::as_str))
    {
        assert!(!text.contains(secret), "{secret:?} is in the cassette");
    }
    assert!(!text.to_lowercase().contains("authorization\": \"b"), "no authorization value");
    let doc: Value = serde_json::from_str(&text).unwrap();
    let token = &doc["interactions"][0];
    assert_eq!(token["request"]["token"], true);
    assert_eq!(token["request"]["json"]["client_secret"], "[scrubbed]");
    assert_eq!(token["request"]["json"]["client_id"], "[scrubbed]");
    assert_eq!(token["request"]["json"]["grant_type"], "client_credentials", "the rest is kept");
    assert_eq!(token["response"]["json"]["access_token"], "[scrubbed]");
    assert!(text.contains("@example.com\""), "e-mails are replaced, not dropped");
    // Replayed by the kit, whose own token endpoint answers the token request.
    let mut replayer = MockPax8::start();
    let replay = replayer.replay(&Cassette::load(&path).unwrap());
    let replayed = session(&replayer.client()).unwrap();
    assert_eq!(replayed.webhook.authorization, Some(Authorization::new("[scrubbed]")));
    let contacts_again: Vec<_> =
        replayer.client().contacts(company).list().items().collect::<pax8::Result<_>>().unwrap();
    assert_eq!(contacts_again.len(), 3);
    assert!(
        contacts_again.iter().all(|c| c.email.as_deref().is_some_and(|e| e.ends_with("@example.com"))),
        "{contacts_again:?}"
    );
    replay.assert_all_played();
}

/// A cassette of `n` companies listed `size` a page.
fn listing(n: usize, size: u32) -> (Vec<Company>, Cassette) {
    let mut pax8 = MockPax8::start();
    pax8.list("/v1/companies", fixtures::companies(n));
    let recorder = Recorder::new(temp_dir().join("listing.json")).scrubber(Scrubber::new().keep_personal_data());
    let client = pax8.client_builder().record(&recorder).build().unwrap();
    let companies = client
        .companies()
        .list()
        .status(CompanyStatus::Active)
        .page_size(size)
        .items()
        .collect::<pax8::Result<_>>()
        .unwrap();
    (companies, recorder.cassette())
}

#[test]
fn a_listing_replays_under_items_and_prefetch() {
    let (companies, cassette) = listing(45, 10);
    assert_eq!(companies.len(), 45);
    assert_eq!(cassette.len(), 5);
    for prefetch in [0, 3] {
        let mut replayer = MockPax8::start();
        let replay = replayer.replay(&cassette);
        let replayed: Vec<Company> = replayer
            .client()
            .companies()
            .list()
            .status(CompanyStatus::Active)
            .page_size(10)
            .prefetch(prefetch)
            .items()
            .collect::<pax8::Result<_>>()
            .unwrap();
        assert_eq!(replayed, companies, "prefetch({prefetch})");
        assert_eq!(replay.played(), 5);
        replay.assert_all_played();
    }
}

#[test]
fn query_parameters_match_in_any_order() {
    let (_, cassette) = listing(3, 10);
    assert_eq!(cassette.requests(), ["GET /v1/companies?status=Active&page=0&size=10 -> 200"]);
    let mut replayer = MockPax8::start();
    let replay = replayer.replay(&cassette);
    let page: Value = replayer
        .client()
        .raw(Method::Get, "/v1/companies")
        .query("size", 10)
        .query("page", 0)
        .query("status", "Active")
        .send()
        .unwrap();
    assert_eq!(page["content"].as_array().map(Vec::len), Some(3));
    replay.assert_all_played();
}

#[test]
fn a_request_the_cassette_lacks_fails_naming_it() {
    let (_, cassette) = listing(3, 10);
    let mut replayer = MockPax8::start();
    let replay = replayer.replay(&cassette);
    let client = replayer.client();
    let other_size = client.companies().list().status(CompanyStatus::Active).page_size(5).send().unwrap_err();
    assert_eq!(other_size.status(), Some(501));
    assert_eq!(
        other_size.to_string(),
        "GET /v1/companies?status=Active&size=5 answered HTTP 501 NO_RECORDED_INTERACTION: no recorded \
         interaction matches GET /v1/companies?status=Active&size=5 (query in any order, bodies compared); \
         recorded: GET /v1/companies?status=Active&page=0&size=10"
    );
    let other_route = client.orders().list().send().unwrap_err().to_string();
    assert!(other_route.ends_with("the cassette has no GET /v1/orders"), "{other_route}");
    let first = || client.companies().list().status(CompanyStatus::Active).page(0).page_size(10).send();
    assert_eq!(first().unwrap().items.len(), 3);
    let again = first().unwrap_err().to_string();
    assert!(again.ends_with("the cassette's 1 answer(s) to it were all played already"), "{again}");
    assert_eq!(replay.mismatches().len(), 3);
    assert!(replay.unplayed().is_empty());
    let panic = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| replay.assert_all_played())).unwrap_err();
    let message = panic.downcast_ref::<String>().unwrap();
    assert!(message.contains("3 request(s) unmatched") && message.contains("size=5"), "{message}");
}

#[test]
fn bodies_are_compared_unless_told_not_to() {
    let pax8 = pax8_stand_in();
    let recorder = Recorder::new(temp_dir().join("write.json"));
    let client = pax8.client_builder().record(&recorder).build().unwrap();
    let id = fixtures::quote_summaries(1)[0].id;
    client.quotes().update(id).intro_message("Hello").send().unwrap();
    let cassette = recorder.cassette();
    assert_eq!(cassette.len(), 2);

    let other = |bodies| {
        let mut replayer = MockPax8::start();
        let replay = replayer.replay_matching(&cassette, bodies);
        let result = replayer.client().quotes().update(id).intro_message("Goodbye").send();
        (result.map(|q| q.id), replay.mismatches())
    };
    let (result, misses) = other(BodyMatch::Json);
    assert_eq!(result.unwrap_err().status(), Some(501));
    assert!(misses[0].starts_with(&format!("no recorded interaction matches PUT /v2/quotes/{id}")), "{misses:?}");
    let (result, misses) = other(BodyMatch::Ignore);
    assert_eq!((result.unwrap(), misses.len()), (id, 0));
}

#[test]
fn a_retried_429_and_a_binary_download_replay_as_recorded() {
    let mut pax8 = pax8_stand_in();
    let (quote, attachment) = (fixtures::quote().id, fixtures::quote_attachments()[0].id);
    let pdf: Vec<u8> = (0..3000u32).map(|i| (i * 7 % 256) as u8).collect();
    let path = format!("/v2/quotes/{quote}/attachments/{attachment}");
    pax8.server()
        .mock("GET", path.as_str())
        .match_query(pax8::testing::mockito::Matcher::Any)
        .with_header("content-type", "application/pdf")
        .with_body(pdf.clone())
        .create();
    pax8.rate_limited("GET", "/v1/companies", 1, 0);
    let recorder = Recorder::new(temp_dir().join("binary.json")).scrubber(Scrubber::new().keep_personal_data());
    let client = pax8.client_builder().record(&recorder).build().unwrap();
    let mut first = Vec::new();
    client.quotes().attachments(quote).download(attachment, &mut first).send().unwrap();
    assert_eq!(first, pdf);
    let page = client.companies().list().page_size(2).send().unwrap();
    let cassette = recorder.cassette();
    assert_eq!(
        cassette.requests(),
        [
            format!("GET {path}?download=true -> 200"),
            "GET /v1/companies?size=2 -> 429".to_owned(),
            "GET /v1/companies?size=2 -> 200".to_owned(),
        ]
    );
    let doc: Value = serde_json::from_str(&cassette.to_json()).unwrap();
    assert_eq!(doc["interactions"][0]["response"]["headers"]["Content-Type"], "application/pdf");
    assert!(doc["interactions"][0]["response"]["base64"].as_str().is_some_and(|b| b.len() == 4000));
    assert_eq!(doc["interactions"][1]["response"]["headers"]["Retry-After"], "0");

    let mut replayer = MockPax8::start();
    let replay = replayer.replay(&cassette);
    let client = replayer.client();
    let mut again = Vec::new();
    client.quotes().attachments(quote).download(attachment, &mut again).send().unwrap();
    assert_eq!(again, pdf);
    assert_eq!(client.companies().list().page_size(2).send().unwrap(), page);
    replay.assert_all_played();
}

#[test]
fn a_company_keeps_one_fake_name_across_companies_and_invoice_items() {
    let mut pax8 = MockPax8::start();
    let mut company = fixtures::company();
    company.name = "Brick and Mortar Tech".into();
    pax8.list("/v1/companies", [company.clone()]);
    let invoice = fixtures::invoice().id;
    let mut items = fixtures::invoice_items(2);
    for item in &mut items {
        item.company_name = Some(company.name.clone());
    }
    pax8.list(&format!("/v1/invoices/{invoice}/items"), items);
    let recorder = Recorder::new(temp_dir().join("names.json"));
    let client = pax8.client_builder().record(&recorder).build().unwrap();
    let read = |client: &Client| {
        let companies = client.companies().list().send().unwrap().items;
        let items: Vec<_> = client.invoices().line_items(invoice).items().collect::<pax8::Result<_>>().unwrap();
        (companies, items)
    };
    read(&client);
    let cassette = recorder.cassette();
    assert!(!cassette.to_json().contains("Brick and Mortar"), "{}", cassette.to_json());

    let mut replayer = MockPax8::start();
    let replay = replayer.replay(&cassette);
    let (companies, items) = read(&replayer.client());
    replay.assert_all_played();
    assert_eq!(companies[0].id, company.id);
    assert_ne!(companies[0].name, company.name);
    assert_eq!(items.len(), 2);
    for item in &items {
        assert_eq!(item.company_name.as_deref(), Some(companies[0].name.as_str()), "one fake for one name");
    }
}
