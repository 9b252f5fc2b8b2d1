//! The testing kit (`pax8::testing`): every mount answers what it should, listings page at
//! the edges, the kit's client stays inside the mock, writes nothing and never sleeps.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use pax8::models::{BillingTerm, Company, CompanyStatus, NewLineItem, SubscriptionStatus};
use pax8::testing::{ListStyle, MockPax8, fixtures};
use pax8::{Client, Page, Uuid};
use serde_json::{Value, json};

/// A kit client that records every attempt.
fn traced(pax8: &MockPax8) -> (Client, Arc<Mutex<Vec<pax8::Attempt>>>) {
    let attempts = Arc::new(Mutex::new(Vec::new()));
    let log = attempts.clone();
    let client = pax8.client_builder().on_attempt(move |a| log.lock().unwrap().push(a.clone())).build().unwrap();
    (client, attempts)
}

/// Sizes of the pages `pages()` fetched for `n` companies, `size` a page, and the metadata
/// of each page.
fn paged(n: usize, size: u32) -> (Vec<(usize, u32, u64, u32)>, usize) {
    let mut pax8 = MockPax8::start();
    let listing = pax8.list("/v1/companies", fixtures::companies(n));
    let pages: Vec<Page<Company>> =
        pax8.client().companies().list().page_size(size).pages().collect::<pax8::Result<_>>().unwrap();
    let meta = pages.iter().map(|p| (p.items.len(), p.number, p.total_elements, p.total_pages)).collect();
    let requests = listing.requests();
    for (i, r) in requests.iter().enumerate() {
        assert_eq!((r.param("page"), r.param("size")), (Some(i.to_string().as_str()), Some(size.to_string().as_str())));
    }
    (meta, listing.hits())
}

#[test]
fn listings_split_into_pages_at_the_edges() {
    // No items: one request, an empty last page.
    assert_eq!(paged(0, 200), (vec![(0, 0, 0, 0)], 1));
    // Exactly one page.
    assert_eq!(paged(200, 200), (vec![(200, 0, 200, 1)], 1));
    // One item over a page.
    assert_eq!(paged(201, 200), (vec![(200, 0, 201, 2), (1, 1, 201, 2)], 2));
    // A last partial page.
    assert_eq!(paged(7, 3), (vec![(3, 0, 7, 3), (3, 1, 7, 3), (1, 2, 7, 3)], 3));
}

#[test]
fn a_listing_serves_the_items_in_order_and_pax8s_default_size() {
    let mut pax8 = MockPax8::start();
    let companies = fixtures::companies(25);
    pax8.list("/v1/companies", companies.clone());
    let client = pax8.client();
    let page = client.companies().list().page(1).page_size(4).send().unwrap();
    assert_eq!(page.items, companies[4..8].to_vec());
    assert_eq!((page.number, page.size, page.total_elements, page.total_pages), (1, 4, 25, 7));
    // Without a size, Pax8 serves 10.
    let page = client.companies().list().send().unwrap();
    assert_eq!((page.items.len(), page.size, page.total_pages), (10, 10, 3));
    let all: Vec<Company> = client.companies().list().items().collect::<pax8::Result<_>>().unwrap();
    assert_eq!(all, companies);
}

/// A GET with the kit's token, as JSON, for families whose builders are not in this crate.
fn raw_get(pax8: &MockPax8, path: &str) -> Value {
    let agent: ureq::Agent = ureq::Agent::config_builder().proxy(None).build().into();
    let mut resp = agent
        .get(format!("{}{path}", pax8.url()))
        .header("authorization", format!("Bearer {}", MockPax8::TOKEN))
        .call();
    resp.as_mut().unwrap().body_mut().read_json().unwrap()
}

/// A GET with the kit's token: the body's text, as served.
fn raw_text(pax8: &MockPax8, path: &str) -> String {
    let agent: ureq::Agent = ureq::Agent::config_builder().proxy(None).build().into();
    let mut resp = agent
        .get(format!("{}{path}", pax8.url()))
        .header("authorization", format!("Bearer {}", MockPax8::TOKEN))
        .call()
        .unwrap();
    resp.body_mut().read_to_string().unwrap()
}

#[test]
fn the_kit_serves_money_digit_for_digit() {
    let mut pax8 = MockPax8::start();
    let sub: pax8::models::Subscription = serde_json::from_str(
        r#"{"id": "9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", "companyId": "3f1e2d4c-1111-4222-8333-944455566677",
            "productId": "c4d5e6f7-0819-4a2b-8c3d-4e5f60718293", "price": 36.0000, "partnerCost": 4.123456789012345678}"#,
    )
    .unwrap();
    let id = sub.id;
    pax8.object("GET", &format!("/v1/subscriptions/{id}"), &sub);
    pax8.list("/v1/subscriptions", vec![sub.clone()]);
    pax8.content("/v1/subscriptions/x/history", vec![sub.clone()]);
    pax8.list("/v2/quotes", vec![json!({"status": "draft"})]);
    for path in [
        format!("/v1/subscriptions/{id}"),
        "/v1/subscriptions?page=0&size=10".into(),
        "/v1/subscriptions/x/history".into(),
    ] {
        let text = raw_text(&pax8, &path);
        assert!(text.contains(r#""price":36.0000"#), "{path}: {text}");
        assert!(text.contains(r#""partnerCost":4.123456789012345678"#), "{path}: {text}");
    }
    // The envelope around the items, as the spec writes it.
    let page = raw_text(&pax8, "/v1/subscriptions?page=0&size=10");
    assert!(page.ends_with(r#"],"page":{"number":0,"size":10,"totalElements":1,"totalPages":1}}"#), "{page}");
    let quotes = raw_text(&pax8, "/v2/quotes?limit=5");
    assert!(quotes.starts_with(r#"{"content":[{"status":"draft"}],"page":{"#), "{quotes}");
    assert!(quotes.contains(r#""statusCounts":{"accepted":0,"closed":0,"declined":0,"draft":1,"#), "{quotes}");
}

#[test]
fn quoting_lists_page_by_limit_and_count_statuses() {
    let mut pax8 = MockPax8::start();
    let quotes: Vec<Value> = ["draft", "sent", "draft", "accepted", "draft"]
        .iter()
        .enumerate()
        .map(|(i, s)| json!({"id": Uuid::from_u128(i as u128), "status": s}))
        .collect();
    let listing = pax8.list("/v2/quotes", quotes.clone());
    let body = raw_get(&pax8, "/v2/quotes?page=1&limit=2&size=50");
    assert_eq!(body["content"], json!(quotes[2..4]));
    assert_eq!(body["page"], json!({"number": 1, "size": 2, "totalElements": 5, "totalPages": 3}));
    assert_eq!(
        body["statusCounts"],
        json!({"accepted": 1, "closed": 0, "declined": 0, "draft": 3, "expired": 0, "pending": 0, "sent": 1})
    );
    // What the SDK reads from it.
    let list: pax8::models::QuoteList = serde_json::from_value(body).unwrap();
    let c = &list.status_counts;
    assert_eq!((c.draft, c.sent, c.accepted, c.closed, list.page.total_elements), (3, 1, 1, 0, 5));
    // The last partial page, by `limit`.
    assert_eq!(raw_get(&pax8, "/v2/quotes?page=2&limit=2")["content"], json!(quotes[4..]));
    listing.assert_hits(2);
}

#[test]
fn webhook_lists_use_the_nested_envelope_and_topic_definitions_the_flat_one() {
    let mut pax8 = MockPax8::start();
    let hooks: Vec<Value> =
        (0..3).map(|i| json!({"id": Uuid::from_u128(i), "displayName": format!("hook {i}")})).collect();
    pax8.list("/api/v2/webhooks", hooks.clone());
    pax8.list("/api/v2/webhooks/topic-definitions", vec![json!({"topic": "SUBSCRIPTION"})]);
    let body = raw_get(&pax8, "/api/v2/webhooks?page=1&size=2");
    assert_eq!(
        body,
        json!({"content": [hooks[2]], "page": {"number": 1, "size": 2, "totalElements": 3, "totalPages": 2}})
    );
    let body = raw_get(&pax8, "/api/v2/webhooks/topic-definitions?page=0&size=5");
    assert_eq!(
        body,
        json!({"content": [{"topic": "SUBSCRIPTION"}], "number": 0, "size": 5, "totalElements": 1, "totalPages": 1})
    );
    assert_eq!(ListStyle::for_path("/v1/companies"), ListStyle::PARTNER);
    assert_eq!(ListStyle::for_path("/api/v2/webhooks/x/logs"), ListStyle::WEBHOOKS);
    assert_eq!(ListStyle::for_path("/v2/quotes"), ListStyle::QUOTES);
}

#[test]
fn a_narrower_listing_answers_the_requests_it_matches() {
    let mut pax8 = MockPax8::start();
    let companies = fixtures::companies(4);
    let all = pax8.list("/v1/companies", companies.clone());
    let denver = pax8.list_where("/v1/companies", &[("city", "New York"), ("status", "Active")], &companies[..1]);
    let client = pax8.client();
    let page = client.companies().list().city("New York").status(CompanyStatus::Active).send().unwrap();
    assert_eq!(page.items, companies[..1].to_vec());
    assert_eq!(client.companies().list().city("New York").send().unwrap().items.len(), 4);
    denver.assert_hits(1);
    all.assert_hits(1);
    let r = &denver.requests()[0];
    assert_eq!((r.method.as_str(), r.path.as_str(), r.param("city")), ("GET", "/v1/companies", Some("New York")));
    assert_eq!(r.query, vec![("city".to_owned(), "New York".to_owned()), ("status".to_owned(), "Active".to_owned())]);
}

#[test]
fn objects_content_and_no_content() {
    let mut pax8 = MockPax8::start();
    let company = fixtures::company();
    let get = pax8.object("GET", &format!("/v1/companies/{}", company.id), &company);
    let order = pax8.object("POST", "/v1/orders", &fixtures::order());
    let pricing = pax8.content(&format!("/v1/products/{}/pricing", Uuid::nil()), fixtures::pricing());
    let sub = fixtures::subscription();
    let cancel = pax8.no_content("DELETE", &format!("/v1/subscriptions/{}", sub.id));
    let client = pax8.client();

    assert_eq!(client.companies().get(company.id).send().unwrap(), company);
    let placed = client
        .orders()
        .create()
        .company_id(company.id)
        .line_item(NewLineItem::new(fixtures::product().id, BillingTerm::Monthly, 3))
        .mock(true)
        .send()
        .unwrap();
    assert_eq!(placed, fixtures::order());
    assert_eq!(client.products().pricing(Uuid::nil()).send().unwrap(), fixtures::pricing());
    client.subscriptions().cancel(sub.id).send().unwrap();

    get.assert_hits(1);
    pricing.assert_hits(1);
    cancel.assert_hits(1);
    let sent = &order.requests()[0];
    assert_eq!(sent.param("isMock"), Some("true"));
    assert_eq!(sent.json()["companyId"], json!(company.id));
    assert_eq!(sent.json()["lineItems"][0]["quantity"], json!(3));
    assert_eq!(cancel.requests()[0].method, "DELETE");
}

#[test]
fn pax8_errors_carry_their_body() {
    let mut pax8 = MockPax8::start();
    let id = Uuid::nil();
    pax8.not_found("GET", &format!("/v1/companies/{id}"));
    pax8.unprocessable("POST", "/v1/companies", "Validation failed", &[("name", "must not be blank")]);
    pax8.error("GET", "/v1/subscriptions", 403, "FORBIDDEN", "Invalid companyId");
    let client = pax8.client();

    let e = client.companies().get(id).send().unwrap_err();
    assert!(e.is_not_found(), "{e}");
    let body = e.api().unwrap().body.clone().unwrap();
    assert_eq!(body.kind.as_deref(), Some("NOT_FOUND"));
    assert_eq!(body.instance, Some(format!("/public/v1/companies/{id}")));

    let address = pax8::models::Address::default();
    let e = client
        .companies()
        .create()
        .name("x")
        .address(address)
        .phone("1")
        .website("w")
        .self_service_allowed(false)
        .bill_on_behalf_of_enabled(false)
        .order_approval_required(false)
        .send()
        .unwrap_err();
    assert_eq!(e.status(), Some(422));
    let body = e.api().unwrap().body.clone().unwrap();
    assert_eq!(
        (body.kind.as_deref(), body.message.as_deref()),
        (Some("UNPROCESSABLE_ENTITY"), Some("Validation failed"))
    );
    assert_eq!(body.details.len(), 1);
    assert_eq!(body.details[0].instance.as_deref(), Some("name"));
    assert_eq!(body.details[0].message.as_deref(), Some("must not be blank"));

    let e = client.subscriptions().list().send().unwrap_err();
    assert_eq!(e.status(), Some(403));
    assert_eq!(e.api().unwrap().body.as_ref().unwrap().message.as_deref(), Some("Invalid companyId"));
}

/// The waits the client chose, from its `on_attempt` trace.
fn waits(attempts: &Mutex<Vec<pax8::Attempt>>) -> Vec<Option<Duration>> {
    attempts.lock().unwrap().iter().map(|a| a.retry_in).collect()
}

#[test]
fn a_5xx_burst_then_success_is_retried_within_milliseconds() {
    let mut pax8 = MockPax8::start();
    let path = format!("/v1/subscriptions/{}", fixtures::subscription().id);
    // The burst answers first whichever is mounted first.
    let burst = pax8.server_errors("GET", &path, 503, 2);
    let ok = pax8.object("GET", &path, &fixtures::subscription());
    let (client, attempts) = traced(&pax8);
    assert_eq!(client.subscriptions().get(fixtures::subscription().id).send().unwrap(), fixtures::subscription());
    burst.assert_hits(2);
    ok.assert_hits(1);
    let statuses: Vec<_> = attempts.lock().unwrap().iter().map(|a| a.status).collect();
    assert_eq!(statuses, [Some(503), Some(503), Some(200)]);
    let waits = waits(&attempts);
    assert_eq!(waits[2], None);
    let waited: Duration = waits.iter().flatten().sum();
    assert!(waits[..2].iter().all(Option::is_some) && waited < Duration::from_millis(10), "{waits:?}");
}

#[test]
fn a_429_with_retry_after_1_returns_at_once_and_retry_after_0_retries() {
    let mut pax8 = MockPax8::start();
    let company = fixtures::company();
    let path = format!("/v1/companies/{}", company.id);
    pax8.object("GET", &path, &company);
    let throttled = pax8.rate_limited("GET", &path, 1, 1);
    let (client, attempts) = traced(&pax8);
    let e = client.companies().get(company.id).send().unwrap_err();
    assert_eq!((e.status(), e.retry_after()), (Some(429), Some(Duration::from_secs(1))));
    assert_eq!(waits(&attempts), [None]);
    throttled.assert_hits(1);
    // The burst is spent: the company is served.
    assert_eq!(client.companies().get(company.id).send().unwrap(), company);

    let zero = pax8.rate_limited("GET", &path, 2, 0);
    attempts.lock().unwrap().clear();
    assert_eq!(client.companies().get(company.id).send().unwrap(), company);
    zero.assert_hits(2);
    assert_eq!(waits(&attempts), [Some(Duration::ZERO), Some(Duration::ZERO), None]);
}

#[test]
fn the_kits_client_stays_inside_the_mock() {
    let mut pax8 = MockPax8::start();
    let listing = pax8.list("/v1/companies", fixtures::companies(3));
    let (client, attempts) = traced(&pax8);
    let dbg = format!("{client:?}");
    // Every URL the client knows is the mock's: API, token and portal hosts.
    let urls: Vec<&str> = dbg.split('"').filter(|s| s.starts_with("http")).collect();
    assert_eq!(urls.len(), 3, "{dbg}");
    assert!(urls.iter().all(|u| u.starts_with(&pax8.url())), "{dbg}");
    assert!(!dbg.contains("FileTokenCache") && dbg.contains("AccessToken"), "{dbg}");
    assert_eq!(client.companies().list().items().count(), 3);
    // Every attempt was answered by a mount, and none went to the token endpoint.
    assert_eq!(attempts.lock().unwrap().len(), listing.hits());
    pax8.token_endpoint().assert_hits(0);
}

/// Files under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .flat_map(|e| if e.path().is_dir() { files_under(&e.path()) } else { vec![e.path()] })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_users_client_with_credentials_gets_its_token_from_the_mock() {
    let mut pax8 = MockPax8::start();
    let companies = pax8.list("/v1/companies", fixtures::companies(2));
    let client = Client::builder()
        .base_url(pax8.url())
        .client_id("my-id")
        .client_secret("my-secret")
        .no_proxy()
        .build()
        .unwrap();
    assert!(!format!("{client:?}").contains("FileTokenCache"), "{client:?}");
    assert_eq!(client.companies().list().items().count(), 2);
    assert_eq!(client.companies().list().send().unwrap().items.len(), 2);
    // One token for both calls, fetched from the mock, never from a cache on disk.
    pax8.token_endpoint().assert_hits(1);
    companies.assert_hits(2);
    let body = pax8.token_endpoint().requests()[0].json();
    assert_eq!((body["client_id"].as_str(), body["grant_type"].as_str()), (Some("my-id"), Some("client_credentials")));
}

#[test]
fn requests_without_the_kits_token_get_401() {
    let mut pax8 = MockPax8::start();
    let listing = pax8.list("/v1/companies", fixtures::companies(2));
    let client = Client::builder().base_url(pax8.url()).access_token("another").no_proxy().build().unwrap();
    assert_eq!(client.companies().list().send().unwrap_err().status(), Some(401));
    listing.assert_hits(0);
}

#[test]
fn the_same_tests_pass_twice_in_a_row_and_write_no_file() {
    // Runs this binary's credentials test twice, with a fresh cache home: both runs pass,
    // and nothing lands in it.
    let home = std::env::temp_dir().join(format!("pax8-kit-home-{}", Uuid::new_v4()));
    std::fs::create_dir_all(&home).unwrap();
    for run in 1..=2 {
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "testing_kit::a_users_client_with_credentials_gets_its_token_from_the_mock"])
            .args(["testing_kit::the_kits_client_stays_inside_the_mock", "--test-threads=1"])
            .env("HOME", &home)
            .env("XDG_CACHE_HOME", home.join("cache"))
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success() && stdout.contains("2 passed"), "run {run}: {stdout}");
    }
    assert_eq!(files_under(&home), Vec::<std::path::PathBuf>::new());
    std::fs::remove_dir_all(&home).unwrap();
}

#[test]
fn fixtures_are_the_official_examples() {
    assert_eq!(fixtures::company().name, "VFC Network, Inc");
    assert_eq!(fixtures::contact().first_name, "John");
    assert!(fixtures::contact().is_primary(&pax8::models::ContactRole::Billing));
    assert_eq!(fixtures::product().name, "Microsoft Office 365 E3");
    assert_eq!(fixtures::product_detail().product, fixtures::product());
    assert!(fixtures::product_detail().description.is_some());
    assert!(!fixtures::provisioning_details().is_empty());
    assert!(!fixtures::dependencies().commitment_dependencies.is_empty());
    assert_eq!(fixtures::pricing()[0].rates.len(), 1);
    assert_eq!(fixtures::order().id, Some("8e42de97-6bfe-4db5-864b-d2e4b18c71e2".parse().unwrap()));
    assert_eq!(fixtures::order().line_items, vec![fixtures::line_item()]);
    assert_eq!(fixtures::address().city.as_deref(), Some("Denver"));
    assert_eq!(fixtures::commitment().term.as_deref(), Some("3-Year"));
    assert_eq!(fixtures::subscription().id, "05c587df-9e7d-4ef9-8218-0262198e36c9".parse::<Uuid>().unwrap());
    assert!(!fixtures::subscription_history().is_empty());
    assert_eq!(fixtures::invoice().id, "17029935-36b0-4f0f-9d5e-c8af04f7b57a".parse::<Uuid>().unwrap());
    assert_eq!(fixtures::invoice_item().company_name.as_deref(), Some("Brick and Mortar Tech"));
    assert_eq!(fixtures::draft_invoice_item().company_name.as_deref(), Some("09/19 Ben"));
    assert_eq!(fixtures::usage_summary().resource_group.as_deref(), Some("Company 1"));
    assert_eq!(fixtures::usage_line().product_name.as_deref(), Some("Proofpoint Essentials - Professional"));
    assert!(fixtures::ms_tenant().tenant_id.is_some_and(|id| !id.is_nil()));
}

#[test]
fn builders_give_distinct_deterministic_varied_items() {
    fn distinct<T: Ord>(v: Vec<T>) -> usize {
        v.into_iter().collect::<std::collections::BTreeSet<_>>().len()
    }
    let companies = fixtures::companies(25);
    assert_eq!(distinct(companies.iter().map(|c| c.id).collect()), 25);
    assert_eq!(distinct(companies.iter().map(|c| c.name.clone()).collect()), 25);
    assert_eq!(companies[1].id, fixtures::companies(2)[1].id);
    assert_eq!(companies[1].id.to_string(), "00000001-0000-4000-8000-000000000001");
    assert_eq!(companies[11].name, format!("{} (2)", companies[1].name));
    assert!(distinct(companies.iter().map(|c| format!("{:?}", c.status)).collect()) > 1);
    let subs = fixtures::subscriptions(30);
    assert_eq!(distinct(subs.iter().map(|s| s.id).collect()), 30);
    assert!(subs.iter().any(|s| s.status == Some(SubscriptionStatus::Active)));
    assert_eq!(distinct(fixtures::contacts(7).into_iter().map(|c| c.first_name).collect()), 7);
    assert_eq!(distinct(fixtures::products(3).into_iter().map(|p| (p.id, p.name)).collect()), 3);
    assert_eq!(distinct(fixtures::orders(3).into_iter().map(|o| o.id).collect()), 3);
    assert_eq!(distinct(fixtures::invoices(12).into_iter().map(|i| i.id).collect()), 12);
    assert_eq!(distinct(fixtures::invoice_items(5).into_iter().map(|i| i.id).collect()), 5);
    assert_eq!(distinct(fixtures::usage_summaries(11).into_iter().map(|u| u.id).collect()), 11);
    assert_eq!(fixtures::usage_lines(13).len(), 13);
}

#[test]
fn a_removed_mount_stops_answering() {
    let mut pax8 = MockPax8::start();
    let company = fixtures::company();
    let path = format!("/v1/companies/{}", company.id);
    let found = pax8.object("GET", &path, &company);
    let gone = pax8.not_found("GET", &path);
    let client = pax8.client();
    assert!(client.companies().get(company.id).send().unwrap_err().is_not_found());
    gone.remove();
    assert_eq!(client.companies().get(company.id).send().unwrap(), company);
    assert_eq!((gone.hits(), found.hits()), (1, 1), "{gone:?} {found:?}");
}

#[test]
fn the_kit_can_be_shared_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<MockPax8>();
    assert_send_sync::<pax8::testing::Mounted>();
}

#[test]
fn the_sdk_walks_webhook_listings_served_by_the_kit() {
    let mut pax8 = MockPax8::start();
    let content = |name: &str| crate::common::fixture_json(name)["content"].as_array().unwrap().clone();
    let (hooks, topics) = (content("webhooks/webhooks-page"), content("webhooks/topic-definitions-page"));
    let hook_listing = pax8.list("/api/v2/webhooks", &hooks);
    let topic_listing = pax8.list("/api/v2/webhooks/topic-definitions", &topics);
    let client = pax8.client();

    let read: Vec<_> = client.webhooks().list().page_size(1).items().collect::<pax8::Result<_>>().unwrap();
    let ids: Vec<String> = read.iter().map(|w| w.id.to_string()).collect();
    assert_eq!(ids, hooks.iter().map(|h| h["id"].as_str().unwrap().to_owned()).collect::<Vec<_>>());
    hook_listing.assert_hits(hooks.len());
    let read: Vec<_> = client.webhooks().topic_definitions().page_size(2).items().collect::<pax8::Result<_>>().unwrap();
    let names: Vec<&str> = read.iter().map(|t| t.topic.as_str()).collect();
    assert_eq!(names, topics.iter().map(|t| t["topic"].as_str().unwrap()).collect::<Vec<_>>());
    topic_listing.assert_hits(topics.len().div_ceil(2));
}
