//! Vendor usage API: its 3 operations on the wire (`/v2/usage/...`) with the exact method,
//! path, query and body, each carrying the token of audience `api://usage`; input checked
//! before sending (subscription, billing period, lines).

use mockito::{Matcher, Mock};
use pax8::models::{AggregateUsageLine, VendorUsageLine};
use pax8::{Decimal, Error};
use serde_json::json;
use uuid::{Uuid, uuid};

use crate::common::{expect_no_requests, fixture, server};
use crate::provisioning::{oauth_client, op, token_for, token_mocks};

const U: &str = "api://usage";
const SUBSCRIPTION: Uuid = uuid!("9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d");
const PRODUCT: Uuid = uuid!("e91bba5e-a9a3-483f-b036-f80165d410e3");

fn dec(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

#[test]
fn lines_are_read_with_the_exact_query_and_the_usage_token() {
    let mut s = server();
    let tokens = token_mocks(&mut s, &[U], 1);
    let c = oauth_client(&s);
    let q = format!("subscriptionId={SUBSCRIPTION}&billingPeriod=2026-03&summaryKey=storage%20eu&page=0&size=200");
    let m = op(&mut s, U, "GET", "/v2/usage/lines", Some(&q), None, &fixture("vendor-usage/lines-page"));
    let lines: Vec<VendorUsageLine> = c
        .vendor_usage()
        .lines()
        .subscription_id(SUBSCRIPTION)
        .billing_period(2026, 3)
        .summary_key("storage eu")
        .items()
        .collect::<pax8::Result<_>>()
        .unwrap();
    let quantities: Vec<String> = lines.iter().map(|l| l.quantity.to_string()).collect();
    assert_eq!(quantities, ["125.5", "0.000000000000000001", "3"], "exact quantities");
    assert_eq!(lines[0].product_id, PRODUCT);
    assert_eq!(lines[0].unit_of_measurement, "GB");
    m.assert();
    tokens.iter().for_each(Mock::assert);
}

#[test]
fn lines_and_aggregate_lines_are_saved_with_the_exact_query_and_body() {
    let mut s = server();
    let tokens = token_mocks(&mut s, &[U], 1);
    let c = oauth_client(&s);
    let answer = fixture("vendor-usage/lines-page");
    let lines = s
        .mock("POST", "/v2/usage/lines")
        .match_header("authorization", format!("Bearer {}", token_for(U)).as_str())
        .match_query(Matcher::Exact(format!("subscriptionId={SUBSCRIPTION}&billingPeriod=2026-11")))
        .match_body(Matcher::Exact(format!(
            r#"[{{"summaryKey":"storage","summaryDisplayName":"Backup storage (GB)","quantity":125.000000000000000001,"productId":"{PRODUCT}","unitOfMeasurement":"GB"}}]"#
        )))
        .with_body(&answer)
        .expect(1)
        .create();
    let aggregate = s
        .mock("POST", "/v2/usage/aggregate-lines")
        .match_header("authorization", format!("Bearer {}", token_for(U)).as_str())
        .match_query(Matcher::Exact(
            "externalSubscriptionId=acme-sub-1&billingPeriod=2026-01&overwriteSameDayUsage=false".into(),
        ))
        .match_body(Matcher::Json(json!([{
            "summaryKey": "seats", "summaryDisplayName": "Seats", "quantity": 12, "productId": PRODUCT.to_string(),
            "unitOfMeasurement": "users", "partnerAggregateQuantity": 340
        }])))
        .with_body(&answer)
        .expect(1)
        .create();
    let line = VendorUsageLine::new(PRODUCT, "storage", "Backup storage (GB)", dec("125.000000000000000001"), "GB");
    let saved =
        c.vendor_usage().save_lines([line]).subscription_id(SUBSCRIPTION).billing_period(2026, 11).send().unwrap();
    assert_eq!(saved.items.len(), 3);
    let agg = AggregateUsageLine::new(VendorUsageLine::new(PRODUCT, "seats", "Seats", dec("12"), "users"), dec("340"));
    c.vendor_usage()
        .save_aggregate_lines([agg])
        .external_subscription_id("acme-sub-1")
        .billing_period(2026, 1)
        .overwrite_same_day_usage(false)
        .send()
        .unwrap();
    lines.assert();
    aggregate.assert();
    tokens.iter().for_each(Mock::assert);
}

#[test]
fn bad_input_is_refused_before_sending() {
    let mut s = server();
    let none = expect_no_requests(&mut s);
    let c = oauth_client(&s);
    let why = |r: Result<pax8::Page<VendorUsageLine>, Error>| match r {
        Err(Error::InvalidInput(w)) => w,
        other => panic!("expected InvalidInput, got {other:?}"),
    };
    let u = c.vendor_usage();
    let ok = || VendorUsageLine::new(PRODUCT, "k", "K", dec("1"), "GB");
    assert!(why(u.lines().billing_period(2026, 1).summary_key("k").send()).contains("subscription_id or"));
    assert!(
        why(u
            .lines()
            .subscription_id(SUBSCRIPTION)
            .external_subscription_id("x")
            .billing_period(2026, 1)
            .summary_key("k")
            .send())
        .contains("not both")
    );
    assert!(why(u.lines().subscription_id(SUBSCRIPTION).summary_key("k").send()).contains("billing_period"));
    assert!(
        why(u.lines().subscription_id(SUBSCRIPTION).billing_period(2026, 13).summary_key("k").send()).contains("month")
    );
    assert!(why(u.lines().subscription_id(SUBSCRIPTION).billing_period(2026, 1).send()).contains("summary_key"));
    assert!(
        u.lines()
            .subscription_id(SUBSCRIPTION)
            .billing_period(2026, 0)
            .summary_key("k")
            .items()
            .next()
            .unwrap()
            .is_err()
    );
    assert!(why(u.save_lines([ok()]).billing_period(2026, 1).send()).contains("subscription_id"));
    assert!(why(u.save_lines([ok()]).subscription_id(SUBSCRIPTION).send()).contains("billing_period"));
    assert!(
        why(u.save_lines([]).subscription_id(SUBSCRIPTION).billing_period(2026, 1).send()).contains("no usage lines")
    );
    let mut negative = ok();
    negative.quantity = dec("-0.5");
    assert!(
        why(u.save_lines([ok(), negative]).subscription_id(SUBSCRIPTION).billing_period(2026, 1).send())
            .starts_with("line 1:")
    );
    let mut long = ok();
    long.summary_key = "k".repeat(256);
    assert!(
        why(u.save_lines([long]).subscription_id(SUBSCRIPTION).billing_period(2026, 1).send())
            .contains("256 characters")
    );
    let agg = AggregateUsageLine::new(ok(), dec("-1"));
    assert!(
        why(u.save_aggregate_lines([agg]).subscription_id(SUBSCRIPTION).billing_period(2026, 1).send())
            .contains("partner_aggregate_quantity")
    );
    none.assert();
}
