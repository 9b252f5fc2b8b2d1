//! Tests: orders.

use std::time::Duration;

use mockito::{Matcher, ServerGuard};
use pax8::Error;
use pax8::models::{BillingTerm, NewLineItem, OrderedBy};
use serde_json::{Value, json};
use time::macros::{date, datetime};
use uuid::Uuid;

use crate::common::{assert_json_covers, client, fixture, fixture_json, mock_json, server};

const ORDER_ID: &str = "8e42de97-6bfe-4db5-864b-d2e4b18c71e2";
const COMPANY_ID: &str = "fe7a2d5f-4a14-43ff-940e-a65cda66474a";
/// The create example's `productId` (`aaaee3f-...`) is one character short of a UUID (a
/// typo in Pax8's docs); the tests use the E3 product id of the other examples instead.
const PRODUCT_ID: &str = "e91bba5e-a9a3-483f-b036-f80165d410e3";

fn uuid(s: &str) -> Uuid {
    s.parse().unwrap()
}

#[test]
fn list_filters_by_company_and_decodes_the_page() {
    let mut server = server();
    let body = json!({"content": [fixture_json("microsoft-office-365-e3-order-get-response")],
                      "page": {"size": 2, "totalElements": 1, "totalPages": 1, "number": 0}});
    let m = mock_json(
        &mut server,
        "GET",
        "/v1/orders",
        Some(&format!("companyId={COMPANY_ID}&page=0&size=2")),
        200,
        &body.to_string(),
    )
    .create();
    let page = client(&server)
        .orders()
        .list()
        .company_id(uuid(COMPANY_ID))
        .page(0)
        .page_size(2)
        .timeout(Duration::from_secs(120))
        .send()
        .unwrap();
    m.assert();
    assert_eq!((page.number, page.total_elements, page.total_pages), (0, 1, 1));
    assert_json_covers(&serde_json::to_value(&page.items).unwrap(), &body["content"]);
    assert_eq!(page.items[0].id, Some(uuid(ORDER_ID).into()));
    assert_eq!(page.items[0].line_items[0].quantity, Some(5.into()));
}

#[test]
fn list_without_filters_sends_only_paging_when_iterating() {
    let mut server = server();
    let body = json!({"content": [], "page": {"size": 200, "totalElements": 0, "totalPages": 0, "number": 0}});
    let m = mock_json(&mut server, "GET", "/v1/orders", Some("page=0&size=200"), 200, &body.to_string()).create();
    assert_eq!(client(&server).orders().list().items().count(), 0);
    m.assert();
}

#[test]
fn get_decodes_the_official_example() {
    let mut server = server();
    let path = format!("/v1/orders/{ORDER_ID}");
    let m = mock_json(&mut server, "GET", &path, None, 200, &fixture("microsoft-office-365-e3-order-get-response"))
        .create();
    let order = client(&server).orders().get(uuid(ORDER_ID)).send().unwrap();
    m.assert();
    assert_json_covers(
        &serde_json::to_value(&order).unwrap(),
        &fixture_json("microsoft-office-365-e3-order-get-response"),
    );
    assert_eq!(order.company_id, uuid(COMPANY_ID));
    assert_eq!(order.created_date, Some(date!(2020 - 12 - 01).into()));
    assert_eq!(order.ordered_by, Some(OrderedBy::Pax8Partner));
    assert_eq!(order.ordered_by_user_email.as_deref(), Some("john@doe.com"));
    assert_eq!(order.is_scheduled, Some(false));
    let item = &order.line_items[0];
    assert_eq!(item.product_id, uuid(PRODUCT_ID));
    assert_eq!(
        item.subscription_id.as_ref().and_then(|r| r.id()),
        Some(uuid("efcf8cb8-63fc-4dc4-8caa-6d6810ee8a97").into())
    );
    assert_eq!(item.provision_start_date, Some(datetime!(2021-01-01 8:30 UTC).into()));
    assert_eq!(item.billing_term, Some(BillingTerm::Monthly));
}

#[test]
fn get_reads_the_live_ordered_by_spelling() {
    let mut server = server();
    let path = format!("/v1/orders/{ORDER_ID}");
    let mut live = fixture_json("microsoft-office-365-e3-order-get-response");
    live["orderedBy"] = json!("Pax8Partner");
    live["lineItems"][0]["billingTerm"] = json!("1-Time");
    let m = mock_json(&mut server, "GET", &path, None, 200, &live.to_string()).create();
    let order = client(&server).orders().get(uuid(ORDER_ID)).send().unwrap();
    m.assert();
    assert_eq!(order.ordered_by, Some(OrderedBy::Pax8Partner));
    assert_eq!(order.line_items[0].billing_term, Some(BillingTerm::OneTime));
    // Written back as read (issue 19), the values alone canonical.
    let back = serde_json::to_value(&order).unwrap();
    assert_eq!(
        (back["orderedBy"].as_str(), back["lineItems"][0]["billingTerm"].as_str()),
        (Some("Pax8Partner"), Some("1-Time"))
    );
    assert_eq!(serde_json::to_value(&order.ordered_by).unwrap(), json!("Pax8 Partner"));
    assert_eq!(serde_json::to_value(&order.line_items[0].billing_term).unwrap(), json!("One-Time"));
}

/// The official create example, as the SDK sends it: with a valid product id, and in the
/// schema's spelling. The example writes `commitmentTermID` where the `CreateLineItem`
/// schema (and every response) says `commitmentTermId`, carries a `subscriptionId`
/// that `CreateLineItem` does not have, and omits the required `lineItemNumber`, which the
/// SDK numbers `1..n`.
fn expected_create_body() -> Value {
    let mut body = fixture_json("microsoft-office-365-e3-order");
    let item = body["lineItems"][0].as_object_mut().unwrap();
    item.insert("productId".into(), json!(PRODUCT_ID));
    item.insert("lineItemNumber".into(), json!(1));
    let term = item.remove("commitmentTermID").unwrap();
    item.insert("commitmentTermId".into(), term);
    item.remove("subscriptionId");
    body
}

/// The line item of the official create example, built with the SDK.
fn example_line_item() -> NewLineItem {
    let example = fixture_json("microsoft-office-365-e3-order");
    let mut item = NewLineItem::new(uuid(PRODUCT_ID), BillingTerm::Monthly, 5)
        .commitment_term_id(uuid("c000effb-98c9-4ea0-bf00-f6112c6d7649"))
        .provision_start_date(datetime!(2000-10-31 1:30 -5))
        .parent_subscription_id(uuid("78e6c85e-71b6-412c-8a59-d1b75072cd22"));
    for detail in example["lineItems"][0]["provisioningDetails"].as_array().unwrap() {
        let values = detail["values"].as_array().unwrap().iter().map(|v| v.as_str().unwrap().to_owned());
        item = item.provisioning_detail(detail["key"].as_str().unwrap(), values);
    }
    item
}

fn create_mock(server: &mut ServerGuard, query: Option<&str>, body: Value) -> mockito::Mock {
    mock_json(server, "POST", "/v1/orders", query, 200, &fixture("microsoft-office-365-e3-order-response"))
        .match_header("content-type", Matcher::Regex("^application/json".into()))
        .match_body(Matcher::Json(body))
        .create()
}

#[test]
fn create_sends_the_official_example_and_decodes_the_answer() {
    let mut server = server();
    let m = create_mock(&mut server, None, expected_create_body());
    let order = client(&server)
        .orders()
        .create()
        .company_id(uuid("f7fc273a-8d86-45c9-a26f-ffd42416adda"))
        .line_item(example_line_item())
        .send()
        .unwrap();
    m.assert();
    assert_json_covers(&serde_json::to_value(&order).unwrap(), &fixture_json("microsoft-office-365-e3-order-response"));
    assert_eq!(order.id, Some(uuid(ORDER_ID).into()));
    assert_eq!(
        order.line_items[0].subscription_id.as_ref().and_then(|r| r.id()),
        Some(uuid("efcf8cb8-63fc-4dc4-8caa-6d6810ee8a97").into())
    );
    assert_eq!(order.ordered_by, None);
}

#[test]
fn create_with_mock_sends_is_mock_and_every_optional_field() {
    let mut server = server();
    let parent = NewLineItem::new(uuid(PRODUCT_ID), BillingTerm::Annual, 10).line_item_number(1);
    let addon = NewLineItem::new(uuid("497f6eca-6276-4993-bfeb-53cbbbba6f08"), BillingTerm::OneTime, 1)
        .line_item_number(2)
        .parent_line_item_number(1);
    let body = json!({
        "companyId": COMPANY_ID,
        "orderedBy": "Pax8 Partner",
        "orderedByUserEmail": "john@doe.com",
        "lineItems": [
            {"productId": PRODUCT_ID, "lineItemNumber": 1, "billingTerm": "Annual", "quantity": 10},
            {"productId": "497f6eca-6276-4993-bfeb-53cbbbba6f08", "lineItemNumber": 2, "billingTerm": "One-Time",
             "parentLineItemNumber": 1, "quantity": 1}
        ]
    });
    let m = create_mock(&mut server, Some("isMock=true"), body);
    let order = client(&server)
        .orders()
        .create()
        .company_id(uuid(COMPANY_ID))
        .ordered_by(OrderedBy::Pax8Partner)
        .ordered_by_user_email("john@doe.com")
        .line_item(parent)
        .line_item(addon)
        .mock(true)
        .timeout(Duration::from_secs(30))
        .send()
        .unwrap();
    m.assert();
    assert_eq!(order.id, Some(uuid(ORDER_ID).into()));
}

#[test]
fn create_mock_false_sends_no_query() {
    let mut server = server();
    let item = NewLineItem::new(uuid(PRODUCT_ID), BillingTerm::Monthly, 1);
    let body = json!({"companyId": COMPANY_ID,
                      "lineItems": [{"productId": PRODUCT_ID, "lineItemNumber": 1, "billingTerm": "Monthly", "quantity": 1}]});
    let m = create_mock(&mut server, None, body);
    client(&server)
        .orders()
        .create()
        .company_id(uuid(COMPANY_ID))
        .line_item(item)
        .mock(true)
        .mock(false)
        .send()
        .unwrap();
    m.assert();
}

/// A mock that fails the test if any POST reaches the server.
fn nothing_sent(server: &mut ServerGuard) -> mockito::Mock {
    server.mock("POST", Matcher::Any).match_query(Matcher::Any).expect(0).create()
}

fn assert_invalid(result: pax8::Result<pax8::models::Order>, needle: &str) {
    match result {
        Err(Error::InvalidInput(why)) => assert!(why.contains(needle), "{why}"),
        other => panic!("expected InvalidInput mentioning {needle:?}, got {other:?}"),
    }
}

#[test]
fn create_without_line_items_is_refused_before_sending() {
    let mut server = server();
    let m = nothing_sent(&mut server);
    let result = client(&server).orders().create().company_id(uuid(COMPANY_ID)).mock(true).send();
    assert_invalid(result, "at least one line item");
    m.assert();
}

#[test]
fn create_without_company_is_refused_before_sending() {
    let mut server = server();
    let m = nothing_sent(&mut server);
    let item = NewLineItem::new(uuid(PRODUCT_ID), BillingTerm::Monthly, 1);
    assert_invalid(client(&server).orders().create().line_item(item.clone()).send(), "company_id");
    assert_invalid(client(&server).orders().create().company_id(Uuid::nil()).line_item(item).send(), "company_id");
    m.assert();
}

#[test]
fn create_with_incomplete_line_item_is_refused_before_sending() {
    let mut server = server();
    let m = nothing_sent(&mut server);
    let c = client(&server);
    let create = || c.orders().create().company_id(uuid(COMPANY_ID));
    let no_product = NewLineItem::default().billing_term(BillingTerm::Monthly).quantity(1);
    assert_invalid(create().line_item(no_product).send(), "line item 0: a line item needs product_id");
    let no_quantity = NewLineItem::default().product_id(uuid(PRODUCT_ID)).billing_term(BillingTerm::Monthly);
    assert_invalid(create().line_item(no_quantity).send(), "quantity");
    let zero = NewLineItem::new(uuid(PRODUCT_ID), BillingTerm::Monthly, 0);
    assert_invalid(create().line_item(zero).send(), "quantity");
    let no_term = NewLineItem::default().product_id(uuid(PRODUCT_ID)).quantity(1);
    let ok = NewLineItem::new(uuid(PRODUCT_ID), BillingTerm::Monthly, 1);
    assert_invalid(create().line_item(ok).line_item(no_term).send(), "line item 1: a line item needs billing_term");
    m.assert();
}

#[test]
fn rejected_create_is_an_error_and_never_retried() {
    for status in [422, 503] {
        let mut server = server();
        let body = r#"{"type":"UNPROCESSABLE_ENTITY","message":"Invalid order","status":422}"#;
        let m = mock_json(&mut server, "POST", "/v1/orders", None, status, body).expect(1).create();
        let item = NewLineItem::new(uuid(PRODUCT_ID), BillingTerm::Monthly, 1);
        let err = client(&server).orders().create().company_id(uuid(COMPANY_ID)).line_item(item).send().unwrap_err();
        m.assert();
        assert_eq!(err.status(), Some(status as u16));
    }
}
