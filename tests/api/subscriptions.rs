//! Tests: subscriptions.

use mockito::{Matcher, Mock, ServerGuard};
use pax8::models::{
    BillingTerm, CompanyId, ProductId, Subscription, SubscriptionId, SubscriptionSort, SubscriptionStatus,
};
use pax8::{Error, SortDirection};
use serde_json::{Value, json};
use time::macros::{date, datetime};
use uuid::uuid;

use crate::common::{TOKEN, assert_json_covers, client, dec, fixture, fixture_json, mock_json, server};

const SUB: SubscriptionId = SubscriptionId::from_uuid(uuid!("05c587df-9e7d-4ef9-8218-0262198e36c9"));
const COMPANY: CompanyId = CompanyId::from_uuid(uuid!("fe7a2d5f-4a14-43ff-940e-a65cda66474a"));
const PRODUCT: ProductId = ProductId::from_uuid(uuid!("e91bba5e-a9a3-483f-b036-f80165d410e3"));
const EMPTY_PAGE: &str = r#"{"content":[],"page":{"size":10,"totalElements":0,"totalPages":0,"number":0}}"#;

/// Mocks that match any request of any method, each expecting none.
fn no_requests(server: &mut ServerGuard) -> Vec<Mock> {
    ["GET", "POST", "PUT", "PATCH", "DELETE"]
        .iter()
        .map(|m| server.mock(m, Matcher::Any).with_status(500).expect(0).create())
        .collect()
}

#[test]
fn list_sends_filters_and_sort_and_decodes_the_official_page() {
    let mut server = server();
    let query = format!(
        "status=Active&billingTerm=One-Time&companyId={COMPANY}&productId={PRODUCT}&sort=quantity,desc&page=0&size=10"
    );
    let mock =
        mock_json(&mut server, "GET", "/v1/subscriptions", Some(&query), 200, &fixture("subscriptions-paged")).create();
    let page = client(&server)
        .subscriptions()
        .list()
        .status(SubscriptionStatus::Active)
        .billing_term(BillingTerm::OneTime)
        .company_id(COMPANY)
        .product_id(PRODUCT)
        .sort(SubscriptionSort::Quantity, SortDirection::Desc)
        .page(0)
        .page_size(10)
        .send()
        .unwrap();
    mock.assert();
    assert_json_covers(&serde_json::to_value(&page.items).unwrap(), &fixture_json("subscriptions-paged")["content"]);
    assert_eq!((page.number, page.size, page.total_elements, page.total_pages), (0, 10, 109, 11));
    let s = &page.items[1];
    assert_eq!(s.id, uuid!("e8f372b6-e2aa-4f3c-9baa-b34f31c921e5"));
    assert_eq!(s.status, Some(SubscriptionStatus::PendingCancel));
    assert_eq!(s.end_date, Some(date!(2020 - 11 - 18).into()));
    assert_eq!(s.billing_start, Some(date!(2020 - 11 - 12).into()));
    assert_eq!(s.billing_term, Some(BillingTerm::Monthly));
    assert_eq!(page.items[0].status, Some(SubscriptionStatus::PendingAutomated));
    assert_eq!(page.items[0].price, Some(dec("150.0")));
}

#[test]
fn list_without_filters_sends_no_query() {
    let mut server = server();
    let mock = mock_json(&mut server, "GET", "/v1/subscriptions", None, 200, EMPTY_PAGE).create();
    let page = client(&server).subscriptions().list().send().unwrap();
    mock.assert();
    assert!(page.items.is_empty() && page.is_last());
}

#[test]
fn list_sort_encodings() {
    let cases = [
        (SubscriptionSort::Quantity, SortDirection::Asc, "sort=quantity,asc"),
        (SubscriptionSort::StartDate, SortDirection::Desc, "sort=startDate,desc"),
        (SubscriptionSort::EndDate, SortDirection::Asc, "sort=endDate,asc"),
        (SubscriptionSort::CreatedDate, SortDirection::Desc, "sort=createdDate,desc"),
        (SubscriptionSort::BillingStart, SortDirection::Asc, "sort=billingStart,asc"),
        (SubscriptionSort::Price, SortDirection::Desc, "sort=price,desc"),
    ];
    let mut server = server();
    for (field, dir, query) in cases {
        let mock = mock_json(&mut server, "GET", "/v1/subscriptions", Some(query), 200, EMPTY_PAGE).create();
        client(&server).subscriptions().list().sort(field, dir).send().unwrap();
        mock.assert();
        mock.remove();
    }
}

#[test]
fn list_filters_use_the_wire_spelling_of_enums() {
    let mut server = server();
    let query = "billingTerm=2-Year&status=WaitingForDetails";
    let mock = mock_json(&mut server, "GET", "/v1/subscriptions", Some(query), 200, EMPTY_PAGE).create();
    client(&server)
        .subscriptions()
        .list()
        .billing_term(BillingTerm::TwoYear)
        .status(SubscriptionStatus::WaitingForDetails)
        .send()
        .unwrap();
    mock.assert();
}

#[test]
fn get_decodes_the_official_subscription() {
    let mut server = server();
    let body = fixture("microsoft-office-365-e3-subscription");
    let mock = mock_json(&mut server, "GET", &format!("/v1/subscriptions/{SUB}"), None, 200, &body).create();
    let s = client(&server).subscriptions().get(SUB).send().unwrap();
    mock.assert();
    assert_json_covers(&serde_json::to_value(&s).unwrap(), &fixture_json("microsoft-office-365-e3-subscription"));
    assert_eq!((s.id, s.company_id, s.product_id), (SUB, COMPANY, PRODUCT));
    assert_eq!(s.status, Some(SubscriptionStatus::Active));
    assert_eq!(s.billing_term, Some(BillingTerm::Monthly));
    assert_eq!(s.quantity, Some(dec("5.0")));
    assert_eq!(s.price, Some(dec("32.01")));
    assert_eq!(s.start_date, Some(datetime!(2021-01-01 8:30 UTC).into()));
    assert_eq!(s.billing_start, Some(date!(2021 - 01 - 01).into()));
    assert_eq!(s.product_name.as_deref(), Some("Microsoft Office 365 E3"));
    assert!(s.commitment.is_none() && s.end_date.is_none());
}

#[test]
fn update_sends_exactly_the_fields_set() {
    let mut server = server();
    // The official request example also carries endDate, currencyCode and
    // provisioningDetails; the update accepts only these four.
    let example = fixture_json("subscription-update-example");
    let expected: Value = ["quantity", "startDate", "price", "billingTerm"]
        .iter()
        .map(|k| (k.to_string(), example[*k].clone()))
        .collect::<serde_json::Map<_, _>>()
        .into();
    let mock = mock_json(
        &mut server,
        "PUT",
        &format!("/v1/subscriptions/{SUB}"),
        None,
        200,
        &fixture("microsoft-office-365-e3-subscription"),
    )
    .match_header("content-type", Matcher::Regex("^application/json".into()))
    .match_body(Matcher::Json(expected))
    .create();
    let s = client(&server)
        .subscriptions()
        .update(SUB)
        .quantity(11)
        .start_date(datetime!(2000-10-31 1:30 -5))
        .price(dec("15.39"))
        .billing_term(BillingTerm::Monthly)
        .send()
        .unwrap();
    mock.assert();
    assert_eq!(s.id, SUB);
}

#[test]
fn update_with_one_field_sends_only_that_field() {
    let mut server = server();
    let body = fixture("microsoft-office-365-e3-subscription");
    let mock = mock_json(&mut server, "PUT", &format!("/v1/subscriptions/{SUB}"), None, 200, &body)
        .match_body(Matcher::Json(json!({"billingTerm": "One-Time"})))
        .create();
    client(&server).subscriptions().update(SUB).billing_term(BillingTerm::OneTime).send().unwrap();
    mock.assert();
}

#[test]
fn update_with_no_fields_sends_nothing() {
    let mut server = server();
    let guards = no_requests(&mut server);
    let err = client(&server).subscriptions().update(SUB).send().unwrap_err();
    assert!(matches!(err, Error::InvalidInput(ref why) if why.contains("at least one")), "{err:?}");
    guards.iter().for_each(Mock::assert);
}

#[test]
fn cancel_without_a_date_sends_no_query() {
    let mut server = server();
    let mock = server
        .mock("DELETE", format!("/v1/subscriptions/{SUB}").as_str())
        .match_header("authorization", format!("Bearer {TOKEN}").as_str())
        .match_query(Matcher::Missing)
        .with_status(204)
        .create();
    client(&server).subscriptions().cancel(SUB).send().unwrap();
    mock.assert();
}

#[test]
fn cancel_on_a_date_sends_cancel_date_as_a_date_time() {
    let mut server = server();
    let path = format!("/v1/subscriptions/{SUB}");
    for (when, query) in [
        (datetime!(2000-10-31 1:30 -5), "cancelDate=2000-10-31T01:30:00.000-05:00"),
        (datetime!(2024-01-31 0:00 UTC), "cancelDate=2024-01-31T00:00:00.000Z"),
    ] {
        let mock = mock_json(&mut server, "DELETE", &path, Some(query), 204, "").create();
        client(&server).subscriptions().cancel(SUB).cancel_date(when).send().unwrap();
        mock.assert();
        mock.remove();
    }
}

#[test]
fn history_decodes_the_unpaged_content() {
    let mut server = server();
    let path = format!("/v1/subscriptions/{SUB}/history");
    let mock = mock_json(&mut server, "GET", &path, None, 200, &fixture("subscription-history")).create();
    let history = client(&server).subscriptions().history(SUB).send().unwrap();
    mock.assert();
    assert_json_covers(&serde_json::to_value(&history).unwrap(), &fixture_json("subscription-history")["content"]);
    assert_eq!(history.len(), 2);
    assert_eq!(history[0].quantity, Some(dec("5.0")));
    assert_eq!(history[0].created_date, Some(datetime!(2020-12-01 13:20:13.153 -7).into()));
    assert_eq!(history[0].updated_date, Some(datetime!(2020-12-10 3:12:14.453 -3).into()));
    assert_eq!(history[1].status, Some(SubscriptionStatus::Active));
    assert!(history[1].updated_date.is_none());
}

#[test]
fn subscription_tolerates_unknown_fields_and_values() {
    let raw = json!({
        "id": SUB, "companyId": COMPANY, "productId": PRODUCT,
        "status": "Suspended", "billingTerm": "5-Year",
        "startDate": "not a date", "brandNewField": {"a": [1, 2]}, "vendorSkuId": "CFQ7TTC0LF8Q:0001"
    });
    let s: Subscription = serde_json::from_value(raw).unwrap();
    assert_eq!(s.status, Some(SubscriptionStatus::Other("Suspended".into())));
    assert_eq!(s.billing_term, Some(BillingTerm::Other("5-Year".into())));
    assert_eq!(s.start_date.as_ref().and_then(|d| d.unparsed()), Some("not a date"));
    let back = serde_json::to_value(&s).unwrap();
    assert_eq!(back["status"], "Suspended");
    assert_eq!(back["billingTerm"], "5-Year");
    assert_eq!(back["vendorSkuId"], "CFQ7TTC0LF8Q:0001");

    let s: Subscription =
        serde_json::from_value(json!({"id": SUB, "companyId": COMPANY, "productId": PRODUCT})).unwrap();
    assert!(s.status.is_none() && s.commitment.is_none());
}

#[test]
fn billing_term_reads_its_variants() {
    for (wire, term) in [
        ("1-Time", BillingTerm::OneTime),
        ("One-Time", BillingTerm::OneTime),
        ("One-time", BillingTerm::OneTime),
        ("2-Year", BillingTerm::TwoYear),
        ("3-Year", BillingTerm::ThreeYear),
        ("annual", BillingTerm::Annual),
    ] {
        let s: Subscription =
            serde_json::from_value(json!({"id": SUB, "companyId": COMPANY, "productId": PRODUCT, "billingTerm": wire}))
                .unwrap();
        assert_eq!(s.billing_term, Some(term), "{wire}");
    }
    assert_eq!(serde_json::to_value(BillingTerm::OneTime).unwrap(), "One-Time");
}

#[test]
fn commitment_is_read_under_both_names() {
    let commitment = json!({
        "id": "8bd8e7a0-51a0-4bd4-9c1f-5d7a5e6b2f8c", "term": "3-Year",
        "endDate": "2026-06-30T00:00:00Z", "renewsSoon": true
    });
    for key in ["commitment", "commitmentTerm"] {
        let s: Subscription =
            serde_json::from_value(json!({"id": SUB, "companyId": COMPANY, "productId": PRODUCT, key: commitment}))
                .unwrap();
        let c = s.commitment.expect(key);
        assert_eq!(c.id, Some(uuid!("8bd8e7a0-51a0-4bd4-9c1f-5d7a5e6b2f8c").into()));
        assert_eq!(c.term.as_deref(), Some("3-Year"));
        assert_eq!(c.end_date, Some(datetime!(2026-06-30 0:00 UTC).into()));
    }
    let s: Subscription =
        serde_json::from_value(json!({"id": SUB, "companyId": COMPANY, "productId": PRODUCT, "commitment": null}))
            .unwrap();
    assert!(s.commitment.is_none());
    let s: Subscription =
        serde_json::from_value(json!({"id": SUB, "companyId": COMPANY, "productId": PRODUCT, "commitmentTerm": null}))
            .unwrap();
    assert!(s.commitment.is_none());
}
