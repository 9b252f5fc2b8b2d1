//! Vendor provisioning API: all 21 operations on the wire (`/v2/...`) with the exact method,
//! path, query and body, each carrying the token of audience `api://provisioning`; one token
//! per audience for a client that uses several families; bad input refused with no request.

use mockito::{Matcher, Mock, ServerGuard};
use pax8::Client;
use pax8::models::{
    ProvisionBillingTerm, ProvisionOrderEvent, ProvisionRequest, ProvisionRequestType, ProvisionStatus, VolumeUnit,
};
use pax8::{Decimal, Error};
use serde_json::{Value, json};
use uuid::{Uuid, uuid};

use crate::common::{builder, expect_no_requests, fixture, server};

const PROVISIONER: Uuid = uuid!("2c9f1e4a-7b3d-4a6e-9f21-5d8c0b7a6e31");
const WEBHOOK: Uuid = uuid!("4e1b3a6c-9d5f-4c80-b143-7fa02d9c8a53");
const REQUEST: Uuid = uuid!("6f1a8c2e-4b3d-4e5f-8a9b-0c1d2e3f4a5b");
const DETAIL: Uuid = uuid!("1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f");
const ATTEMPT: Uuid = uuid!("2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a");
const RESULT: Uuid = uuid!("3e4f5a6b-7c8d-4e9f-8a1b-2c3d4e5f6a7b");

/// The token the token endpoint gives for `audience`: `tok-` and the audience's last word.
pub fn token_for(audience: &str) -> String {
    format!("tok-{}", audience.rsplit(['/', '.']).next().unwrap())
}

/// Token endpoint mocks, one per audience, each answering its own token (see
/// [`token_for`]) to a request naming that audience, and expecting `hits` requests.
pub fn token_mocks(server: &mut ServerGuard, audiences: &[&str], hits: usize) -> Vec<Mock> {
    audiences
        .iter()
        .map(|audience| {
            server
                .mock("POST", "/v1/token")
                .match_body(Matcher::PartialJson(json!({
                    "audience": audience, "client_id": "vendor-id", "client_secret": "vendor-secret",
                    "grant_type": "client_credentials"
                })))
                .with_header("content-type", "application/json")
                .with_body(json!({"access_token": token_for(audience), "expires_in": 86400}).to_string())
                .expect(hits)
                .create()
        })
        .collect()
}

/// A client with OAuth credentials against `server` (a loopback host: no token cache).
pub fn oauth_client(server: &ServerGuard) -> Client {
    builder(server).client_id("vendor-id").client_secret("vendor-secret").build().unwrap()
}

/// A mock of one operation: `method path`, the exact query (`None`: none), the exact JSON body
/// (`None`: no body), and the token of `audience`; answers 200 with `answer`.
pub fn op(
    server: &mut ServerGuard,
    audience: &str,
    method: &str,
    path: &str,
    query: Option<&str>,
    body: Option<Value>,
    answer: &str,
) -> Mock {
    server
        .mock(method, path)
        .match_header("authorization", format!("Bearer {}", token_for(audience)).as_str())
        .match_query(query.map_or(Matcher::Missing, |q| Matcher::Exact(q.to_owned())))
        .match_body(body.map_or(Matcher::Exact(String::new()), Matcher::Json))
        .with_header("content-type", "application/json")
        .with_body(answer)
        .expect(1)
        .create()
}

const P: &str = "api://provisioning";

fn page(items: &[Value]) -> String {
    json!({"content": items, "page": {"size": 200, "totalElements": items.len(), "totalPages": 1, "number": 0}})
        .to_string()
}

fn one(name: &str) -> Value {
    serde_json::from_str(&fixture(name)).unwrap()
}

#[test]
fn provisioners_and_their_webhooks_on_the_wire_with_the_provisioning_token() {
    let mut s = server();
    let tokens = token_mocks(&mut s, &[P], 1);
    let c = oauth_client(&s);
    let wh = format!("/v2/provisioners/{PROVISIONER}/webhooks");
    let mocks = [
        op(
            &mut s,
            P,
            "GET",
            "/v2/provisioners",
            Some("page=0&size=200"),
            None,
            &fixture("provisioning/provisioners-page"),
        ),
        op(
            &mut s,
            P,
            "GET",
            &format!("/v2/provisioners/{PROVISIONER}"),
            None,
            None,
            &one("provisioning/provisioners-page")["content"][0].to_string(),
        ),
        op(&mut s, P, "GET", &wh, Some("page=2&size=5"), None, &fixture("provisioning/webhooks-page")),
        op(&mut s, P, "GET", &format!("{wh}/{WEBHOOK}"), None, None, &fixture("provisioning/webhook")),
        op(&mut s, P, "GET", &format!("{wh}/latest"), None, None, &fixture("provisioning/webhook")),
        op(
            &mut s,
            P,
            "POST",
            &wh,
            None,
            Some(json!({"url": "https://vendor.example.com/pax8", "sharedSecret": {"header": "X-Pax8-Secret"}})),
            &fixture("provisioning/webhook"),
        ),
    ];
    let p = c.provisioning().provisioners();
    let all: Vec<_> = p.list().items().collect::<pax8::Result<_>>().unwrap();
    assert_eq!(
        all.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
        ["Acme Backup provisioner", "Acme Backup sandbox"]
    );
    assert_eq!(all[0].vendor_id, uuid!("8e4d2c1b-0a9f-4e8d-b7c6-5a4b3c2d1e0f"));
    assert_eq!(p.get(PROVISIONER).send().unwrap().id, PROVISIONER);
    let hooks = p.webhooks(PROVISIONER).list().page(2).page_size(5).send().unwrap();
    assert_eq!(hooks.items[1].shared_secret.as_ref().unwrap().header, None);
    let hook = p.webhooks(PROVISIONER).get(WEBHOOK).send().unwrap();
    assert_eq!(hook.url, "https://provision.acme-backup.example.com/pax8");
    assert_eq!(hook.created_date.unwrap().to_string(), "2025-01-15T09:45:12.345Z");
    assert_eq!(p.webhooks(PROVISIONER).latest().send().unwrap().id, WEBHOOK);
    let created = p
        .webhooks(PROVISIONER)
        .create("https://vendor.example.com/pax8")
        .shared_secret_header("X-Pax8-Secret")
        .send()
        .unwrap();
    let secret = created.shared_secret.unwrap();
    assert_eq!((secret.header.as_deref(), secret.credential()), (Some("X-Pax8-Secret"), "c2VjcmV0LWZyb20tcGF4OA"));
    assert!(!format!("{secret:?}").contains("c2VjcmV0"));
    mocks.iter().for_each(Mock::assert);
    tokens.iter().for_each(Mock::assert);
}

#[test]
fn provision_requests_and_their_details_on_the_wire() {
    let mut s = server();
    let tokens = token_mocks(&mut s, &[P], 1);
    let c = oauth_client(&s);
    let d = format!("/v2/provision-requests/{REQUEST}/details");
    let mocks = [
        op(
            &mut s,
            P,
            "GET",
            "/v2/provision-requests",
            Some("page=0&size=200"),
            None,
            &fixture("provisioning/requests-page"),
        ),
        op(
            &mut s,
            P,
            "GET",
            "/v2/provision-requests/unfulfilled",
            Some("size=50"),
            None,
            &fixture("provisioning/requests-page"),
        ),
        op(
            &mut s,
            P,
            "GET",
            &format!("/v2/provision-requests/{REQUEST}"),
            None,
            None,
            &fixture("provisioning/request"),
        ),
        op(&mut s, P, "GET", &d, None, None, &page(&[one("provisioning/detail")])),
        op(&mut s, P, "GET", &format!("{d}/{DETAIL}"), None, None, &fixture("provisioning/detail")),
        op(&mut s, P, "GET", &format!("{d}/latest"), None, None, &fixture("provisioning/detail")),
    ];
    let r = c.provisioning().requests();
    let all: Vec<ProvisionRequest> = r.list().items().collect::<pax8::Result<_>>().unwrap();
    assert_eq!(
        all.iter().map(|r| r.kind.clone().unwrap()).collect::<Vec<_>>(),
        [
            ProvisionRequestType::NetNew,
            ProvisionRequestType::ChangeProduct,
            ProvisionRequestType::Other("Suspend".into())
        ]
    );
    assert_eq!(all[1].billing_term, Some(ProvisionBillingTerm::TwoYear));
    assert_eq!(all[1].created_date.as_ref().unwrap().to_string(), "2025-04-10", "a date stays a date");
    assert_eq!(r.unfulfilled().page_size(50).send().unwrap().total_elements, 3);
    let one_request = r.get(REQUEST).send().unwrap();
    assert_eq!(one_request.quantity, Some(Decimal::from(5)));
    assert_eq!(one_request.partner_address.as_ref().unwrap().postcode.as_deref(), Some("80202"));
    let volume = one_request.commitment.unwrap().volume.unwrap();
    assert_eq!(volume.max_amount.unwrap().to_string(), "1000.125");
    assert_eq!(volume.min_amount.unwrap().to_string(), "100.50");
    assert_eq!(volume.unit_of_measure, Some(VolumeUnit::Usd));
    assert_eq!(one_request.created_date.unwrap().to_string(), "2025-03-02T14:00:00.123456Z");
    let details = r.details(REQUEST).list().send().unwrap();
    assert_eq!(details.items[0].details["adminEmail"], "it@contoso.example.com");
    let detail = r.details(REQUEST).get(DETAIL).send().unwrap();
    assert_eq!(detail.details["options"], json!({"encryption": true}), "free-form details kept whole");
    assert_eq!(r.details(REQUEST).latest().send().unwrap().provision_request_id, Some(REQUEST.into()));
    mocks.iter().for_each(Mock::assert);
    tokens.iter().for_each(Mock::assert);
}

#[test]
fn attempts_results_and_simulations_on_the_wire() {
    let mut s = server();
    let tokens = token_mocks(&mut s, &[P], 1);
    let c = oauth_client(&s);
    let a = format!("/v2/provision-requests/{REQUEST}/attempts");
    let res = format!("/v2/provision-requests/{REQUEST}/results");
    let event = one("provisioning/order-event");
    let mocks = [
        op(
            &mut s,
            P,
            "GET",
            &a,
            Some(&format!("provisionDetailId={DETAIL}")),
            None,
            &page(&[one("provisioning/attempt")]),
        ),
        op(&mut s, P, "GET", &format!("{a}/{ATTEMPT}"), None, None, &fixture("provisioning/attempt")),
        op(&mut s, P, "GET", &format!("{a}/latest"), None, None, &fixture("provisioning/attempt")),
        op(&mut s, P, "POST", &a, Some(&format!("provisionDetailId={DETAIL}")), None, &fixture("provisioning/attempt")),
        op(
            &mut s,
            P,
            "GET",
            &res,
            Some(&format!("provisionAttemptId={ATTEMPT}")),
            None,
            &page(&[one("provisioning/result")]),
        ),
        op(&mut s, P, "GET", &format!("{res}/{RESULT}"), None, None, &fixture("provisioning/result")),
        op(&mut s, P, "GET", &format!("{res}/latest"), None, None, &fixture("provisioning/result")),
        op(
            &mut s,
            P,
            "POST",
            &res,
            None,
            Some(json!({
                "status": "Fail", "provisionAttemptId": ATTEMPT.to_string(),
                "errorMessage": "The email domain is already in use.",
                "metadata": {"ticket": "ACME-1234"},
                "externalProvisionerSubscriptionId": "acme-sub_1", "externalProvisionerPartnerId": "p-1",
                "externalProvisionerCompanyId": "c-1", "externalProvisionerPartnerEnrollmentId": "e_1"
            })),
            &fixture("provisioning/result"),
        ),
        op(
            &mut s,
            P,
            "POST",
            &res,
            None,
            Some(json!({"status": "Success"})),
            &json!({"id": RESULT, "status": "Success"}).to_string(),
        ),
        op(&mut s, P, "POST", "/v2/provision-simulations/order-events", None, Some(event.clone()), &event.to_string()),
    ];
    let r = c.provisioning().requests();
    let attempts = r.attempts(REQUEST).list().provision_detail_id(DETAIL).send().unwrap();
    assert_eq!(attempts.items[0].webhook_id, Some(WEBHOOK.into()));
    assert_eq!(r.attempts(REQUEST).get(ATTEMPT).send().unwrap().status.as_deref(), Some("Sent"));
    assert_eq!(r.attempts(REQUEST).latest().send().unwrap().id, ATTEMPT);
    assert_eq!(r.attempts(REQUEST).create(DETAIL).send().unwrap().provision_detail_id, Some(DETAIL.into()));
    let results = r.results(REQUEST).list().provision_attempt_id(ATTEMPT).send().unwrap();
    assert_eq!(results.items[0].metadata["ticket"], "ACME-1234");
    let result = r.results(REQUEST).get(RESULT).send().unwrap();
    assert_eq!(result.external_provisioner_partner_enrollment_id.as_deref(), Some("enroll_42"));
    assert_eq!(r.results(REQUEST).latest().send().unwrap().status, Some(ProvisionStatus::Fail));
    let failed = r
        .results(REQUEST)
        .create(ProvisionStatus::Fail)
        .provision_attempt_id(ATTEMPT)
        .error_message("The email domain is already in use.")
        .metadata("ticket", "ACME-1234")
        .external_provisioner_subscription_id("acme-sub_1")
        .external_provisioner_partner_id("p-1")
        .external_provisioner_company_id("c-1")
        .external_provisioner_partner_enrollment_id("e_1")
        .send()
        .unwrap();
    assert_eq!(failed.id, RESULT);
    let ok = r.results(REQUEST).create(ProvisionStatus::Success).send().unwrap();
    assert_eq!(ok.status, Some(ProvisionStatus::Success));
    let sent: ProvisionOrderEvent = serde_json::from_value(event).unwrap();
    let answered = c.provisioning().simulate_order_event(sent.clone()).send().unwrap();
    assert_eq!(answered, sent);
    mocks.iter().for_each(Mock::assert);
    tokens.iter().for_each(Mock::assert);
}

#[test]
fn bad_results_and_webhooks_are_refused_before_sending() {
    let mut s = server();
    let none = expect_no_requests(&mut s);
    let c = oauth_client(&s);
    let results = c.provisioning().requests().results(REQUEST);
    let refused = |r: pax8::Result<pax8::models::ProvisionResult>| match r {
        Err(Error::InvalidInput(why)) => why,
        other => panic!("expected InvalidInput, got {other:?}"),
    };
    assert!(refused(results.create(ProvisionStatus::Fail).send()).contains("error_message"));
    let why = refused(results.create(ProvisionStatus::Fail).error_message("x".repeat(501)).send());
    assert!(why.contains("501 characters") && why.contains("truncates"), "{why}");
    let why = refused(results.create(ProvisionStatus::Success).external_provisioner_company_id("has space").send());
    assert!(why.contains("external_provisioner_company_id"), "{why}");
    let hook = c.provisioning().provisioners().webhooks(PROVISIONER).create(" ").send();
    assert!(matches!(hook, Err(Error::InvalidInput(_))));
    let hook =
        c.provisioning().provisioners().webhooks(PROVISIONER).create("https://x").shared_secret_header("X: y").send();
    assert!(matches!(hook, Err(Error::InvalidInput(_))));
    none.assert();
}

#[test]
fn one_client_fetches_exactly_one_token_per_audience_and_never_mixes_them() {
    let mut s = server();
    let partner = "https://api.pax8.com";
    let tokens = token_mocks(&mut s, &[partner, P, "api://usage"], 1);
    let c = oauth_client(&s);
    let companies = s
        .mock("GET", "/v1/companies")
        .match_query(Matcher::Any)
        .match_header("authorization", format!("Bearer {}", token_for(partner)).as_str())
        .with_body(page(&[]))
        .expect(2)
        .create();
    let provisioners = s
        .mock("GET", "/v2/provisioners")
        .match_query(Matcher::Any)
        .match_header("authorization", format!("Bearer {}", token_for(P)).as_str())
        .with_body(page(&[]))
        .expect(2)
        .create();
    let usage = s
        .mock("GET", "/v2/usage/lines")
        .match_query(Matcher::Any)
        .match_header("authorization", format!("Bearer {}", token_for("api://usage")).as_str())
        .with_body(page(&[]))
        .expect(2)
        .create();
    for _ in 0..2 {
        c.companies().list().send().unwrap();
        c.provisioning().provisioners().list().send().unwrap();
        c.vendor_usage().lines().subscription_id(Uuid::nil()).billing_period(2026, 11).summary_key("k").send().unwrap();
    }
    tokens.iter().for_each(Mock::assert);
    [companies, provisioners, usage].iter().for_each(Mock::assert);
}

#[test]
fn a_family_not_used_fetches_no_token() {
    let mut s = server();
    let tokens = token_mocks(&mut s, &["https://api.pax8.com", "api://usage"], 0);
    let p = token_mocks(&mut s, &[P], 1);
    let c = oauth_client(&s);
    let m = op(&mut s, P, "GET", "/v2/provision-requests/unfulfilled", None, None, &page(&[]));
    c.provisioning().requests().unfulfilled().send().unwrap();
    m.assert();
    tokens.iter().chain(&p).for_each(Mock::assert);
}

#[test]
fn a_401_refreshes_only_the_token_of_its_audience() {
    let mut s = server();
    let partner = "https://api.pax8.com";
    let partner_token = token_mocks(&mut s, &[partner], 1);
    let p_token = token_mocks(&mut s, &[P], 2);
    let c = oauth_client(&s);
    let companies = s.mock("GET", "/v1/companies").match_query(Matcher::Any).with_body(page(&[])).expect(2).create();
    // The first provisioning call is refused once (an expired token); the retry, with a new
    // provisioning token, is answered. The partner token is not fetched again.
    let refused = s
        .mock("GET", "/v2/provisioners")
        .match_query(Matcher::Missing)
        .with_status(401)
        .with_body(r#"{"type":"UNAUTHORIZED","status":401}"#)
        .expect(1)
        .create();
    let ok = op(&mut s, P, "GET", "/v2/provisioners", None, None, &page(&[]));
    c.companies().list().send().unwrap();
    c.provisioning().provisioners().list().send().unwrap();
    c.companies().list().send().unwrap();
    refused.assert();
    ok.assert();
    companies.assert();
    partner_token.iter().chain(&p_token).for_each(Mock::assert);
}

#[test]
fn the_builder_overrides_each_vendor_audience() {
    let mut s = server();
    let tokens = token_mocks(&mut s, &["api://provisioning-sim", "api://usage-eu"], 1);
    let c = builder(&s)
        .client_id("vendor-id")
        .client_secret("vendor-secret")
        .provisioning_audience("api://provisioning-sim")
        .usage_audience("api://usage-eu")
        .build()
        .unwrap();
    let a = op(&mut s, "api://provisioning-sim", "GET", "/v2/provisioners", None, None, &page(&[]));
    let b = op(
        &mut s,
        "api://usage-eu",
        "GET",
        "/v2/usage/lines",
        Some("externalSubscriptionId=x&billingPeriod=2026-01&summaryKey=k"),
        None,
        &page(&[]),
    );
    c.provisioning().provisioners().list().send().unwrap();
    c.vendor_usage().lines().external_subscription_id("x").billing_period(2026, 1).summary_key("k").send().unwrap();
    a.assert();
    b.assert();
    tokens.iter().for_each(Mock::assert);
}

#[test]
fn each_audience_has_its_own_entry_in_a_shared_cache() {
    let mut s = server();
    let tokens = token_mocks(&mut s, &["https://api.pax8.com", P], 1);
    let cache = std::sync::Arc::new(pax8::auth::MemoryTokenCache::new());
    s.mock("GET", "/v1/companies").match_query(Matcher::Any).with_body(page(&[])).expect(2).create();
    s.mock("GET", "/v2/provisioners").match_query(Matcher::Any).with_body(page(&[])).expect(2).create();
    let client = || {
        builder(&s).client_id("vendor-id").client_secret("vendor-secret").token_cache(cache.clone()).build().unwrap()
    };
    for c in [client(), client()] {
        c.companies().list().send().unwrap();
        c.provisioning().provisioners().list().send().unwrap();
    }
    let token_url = format!("{}/v1/token", s.url());
    use pax8::auth::TokenCache;
    for audience in ["https://api.pax8.com", P] {
        let key = crate::common::cache_key(&token_url, audience, "vendor-id", "vendor-secret");
        let cached = cache.load(&key).unwrap().expect("one entry per audience");
        assert_eq!(cached.access_token(), token_for(audience));
    }
    tokens.iter().for_each(Mock::assert);
}

#[test]
fn the_testing_kit_serves_vendor_listings_in_their_paging() {
    use pax8::testing::{MockPax8, fixtures};
    let mut kit = MockPax8::start();
    let requests = fixtures::provision_requests(450);
    let listing = kit.list("/v2/provision-requests/unfulfilled", requests.clone());
    let lines = kit.list("/v2/usage/lines", fixtures::vendor_usage_lines());
    let c = kit.client();
    let got: Vec<ProvisionRequest> =
        c.provisioning().requests().unfulfilled().items().collect::<pax8::Result<_>>().unwrap();
    assert_eq!(got, requests);
    listing.assert_hits(3); // 200 + 200 + 50, paged by `size` (not quoting's `limit`)
    assert_eq!(listing.requests()[2].param("size"), Some("200"));
    let usage = c.vendor_usage().lines().external_subscription_id("e").billing_period(2026, 2).summary_key("storage");
    assert_eq!(usage.send().unwrap().items, fixtures::vendor_usage_lines());
    assert_eq!(lines.requests()[0].param("billingPeriod"), Some("2026-02"));
}
