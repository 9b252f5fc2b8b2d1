//! Tests: usage summaries and usage lines.

use pax8::SortDirection;
use pax8::models::{
    CompanyId, ProductId, Reference, SubscriptionId, UsageLine, UsageSummary, UsageSummaryId, UsageSummarySort,
};
use serde_json::json;
use time::macros::date;
use uuid::uuid;

use crate::common::{assert_json_covers, client, dec, fixture, fixture_json, mock_json, server};

const SUB: SubscriptionId = SubscriptionId::from_uuid(uuid!("8d04ad8c-456a-4b1d-9abe-a42ae526f683"));
const SUMMARY: UsageSummaryId = UsageSummaryId::from_uuid(uuid!("52d8d4bc-59db-48fe-9aa7-95bed562ff95"));
const COMPANY: CompanyId = CompanyId::from_uuid(uuid!("ede334e7-d1c7-4e0a-822d-dee891f6ce9a"));
const PRODUCT: ProductId = ProductId::from_uuid(uuid!("61bf3a55-f1da-4efd-88eb-bf362b0ad51e"));
const EMPTY_PAGE: &str = r#"{"content":[],"page":{"size":10,"totalElements":0,"totalPages":0,"number":0}}"#;

/// The official usage lines example, as published: one product id is not a UUID
/// (`...-bf3je60ad5lq`, a typo in the docs), which is kept as sent, not a failed page.
fn usage_lines() -> String {
    fixture("usage-lines-paged")
}

#[test]
fn summaries_of_a_subscription_send_filters_and_decode_the_official_page() {
    let mut server = server();
    let path = format!("/v1/subscriptions/{SUB}/usage-summaries");
    let query = format!("resourceGroup=Company%201&companyId={COMPANY}&sort=partnerTotal,desc&page=0&size=10");
    let body = fixture("usage-summaries-paged");
    let mock = mock_json(&mut server, "GET", &path, Some(&query), 200, &body).create();
    let page = client(&server)
        .subscriptions()
        .usage_summaries(SUB)
        .resource_group("Company 1")
        .company_id(COMPANY)
        .sort(UsageSummarySort::PartnerTotal, SortDirection::Desc)
        .page(0)
        .page_size(10)
        .send()
        .unwrap();
    mock.assert();
    assert_json_covers(&serde_json::to_value(&page.items).unwrap(), &fixture_json("usage-summaries-paged")["content"]);
    assert_eq!((page.total_elements, page.total_pages), (15, 2));
    let s = &page.items[0];
    assert_eq!(s.id, SUMMARY);
    assert_eq!(s.subscription_id.as_ref().and_then(|r| r.id()), Some(SUB));
    assert_eq!(s.resource_group.as_deref(), Some("Company 1"));
    assert_eq!(s.current_charges, Some(dec("100.56")));
    assert_eq!(s.partner_total, Some(dec("86.456")));
    assert_eq!(page.items[3].is_trial, Some(true));
}

#[test]
fn summaries_sort_encodings_and_no_query() {
    let mut server = server();
    let path = format!("/v1/subscriptions/{SUB}/usage-summaries");
    let cases = [
        (UsageSummarySort::ResourceGroup, SortDirection::Asc, "sort=resourceGroup,asc"),
        (UsageSummarySort::CurrentCharges, SortDirection::Desc, "sort=currentCharges,desc"),
        (UsageSummarySort::PartnerTotal, SortDirection::Asc, "sort=partnerTotal,asc"),
    ];
    for (field, dir, query) in cases {
        let mock = mock_json(&mut server, "GET", &path, Some(query), 200, EMPTY_PAGE).create();
        client(&server).subscriptions().usage_summaries(SUB).sort(field, dir).send().unwrap();
        mock.assert();
        mock.remove();
    }
    let mock = mock_json(&mut server, "GET", &path, None, 200, EMPTY_PAGE).create();
    client(&server).subscriptions().usage_summaries(SUB).send().unwrap();
    mock.assert();
}

#[test]
fn get_decodes_a_summary() {
    let mut server = server();
    let example = fixture_json("usage-summaries-paged")["content"][0].clone();
    let path = format!("/v1/usage-summaries/{SUMMARY}");
    let mock = mock_json(&mut server, "GET", &path, None, 200, &example.to_string()).create();
    let s = client(&server).usage_summaries().get(SUMMARY).send().unwrap();
    mock.assert();
    assert_json_covers(&serde_json::to_value(&s).unwrap(), &example);
    assert_eq!(s.id, SUMMARY);
    assert_eq!(s.company_id.as_ref().and_then(|r| r.id()), Some(COMPANY));
    assert_eq!(s.subscription_id.as_ref().and_then(|r| r.id()), Some(SUB));
    assert_eq!(s.vendor_name.as_deref(), Some("Microsoft"));
    assert_eq!(s.is_trial, Some(false));
}

#[test]
fn lines_send_the_usage_date_and_product_and_decode_the_official_page() {
    let mut server = server();
    let path = format!("/v1/usage-summaries/{SUMMARY}/usage-lines");
    let query = format!("usageDate=2020-01-14&productId={PRODUCT}&page=0&size=10");
    let mock = mock_json(&mut server, "GET", &path, Some(&query), 200, &usage_lines()).create();
    let page = client(&server)
        .usage_summaries()
        .lines(SUMMARY, date!(2020 - 01 - 14))
        .product_id(PRODUCT)
        .page(0)
        .page_size(10)
        .send()
        .unwrap();
    mock.assert();
    let expected: serde_json::Value = serde_json::from_str(&usage_lines()).unwrap();
    assert_json_covers(&serde_json::to_value(&page.items).unwrap(), &expected["content"]);
    assert_eq!((page.total_elements, page.total_pages), (115, 11));
    let line = &page.items[0];
    assert_eq!(line.usage_date, Some(date!(2020 - 01 - 14).into()));
    assert_eq!(line.product_id, Some(Reference::Id(PRODUCT)));
    let odd = page.items[1].product_id.as_ref().unwrap();
    assert_eq!((odd.id(), odd.to_string()), (None, "e73f3a55-f1da-4efd-88eb-bf3je60ad5lq".to_owned()));
    assert_eq!(line.quantity, Some(dec("3.0")));
    assert_eq!(line.current_profit, Some(dec("5.61")));
    assert_eq!(line.unit_price, Some(dec("5.33")));
    assert!(line.usage_summary_id.is_none());
    assert_eq!(page.items[2].unit_of_measure.as_deref(), Some("Seat"));
    assert_eq!(page.items[2].is_trial, Some(true));
}

#[test]
fn lines_iterate_with_page_and_size_even_though_the_spec_lists_neither() {
    let mut server = server();
    let path = format!("/v1/usage-summaries/{SUMMARY}/usage-lines");
    let page = |n: u32, content: serde_json::Value| {
        json!({"content": content, "page": {"size": 200, "totalElements": 3, "totalPages": 2, "number": n}}).to_string()
    };
    let line = json!({"usageDate": "2024-03-01", "productName": "P", "quantity": 1.5});
    let first = mock_json(
        &mut server,
        "GET",
        &path,
        Some("usageDate=2024-03-01&page=0&size=200"),
        200,
        &page(0, json!([line, line])),
    )
    .create();
    let second = mock_json(
        &mut server,
        "GET",
        &path,
        Some("usageDate=2024-03-01&page=1&size=200"),
        200,
        &page(1, json!([line])),
    )
    .create();
    let lines: Vec<UsageLine> = client(&server)
        .usage_summaries()
        .lines(SUMMARY, date!(2024 - 03 - 01))
        .items()
        .collect::<pax8::Result<_>>()
        .unwrap();
    first.assert();
    second.assert();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[2].quantity, Some(dec("1.5")));
}

#[test]
fn usage_models_tolerate_missing_and_unknown_fields() {
    let s: UsageSummary = serde_json::from_value(json!({
        "id": SUMMARY, "currentCharges": 1, "meterCategory": "Compute", "tags": {"a": "b"}
    }))
    .unwrap();
    assert_eq!(s.current_charges, Some(dec("1.0")));
    assert!(s.subscription_id.is_none() && s.is_trial.is_none());

    let l: UsageLine = serde_json::from_value(json!({
        "usageSummaryId": SUMMARY, "usageDate": "2020-01-14T00:00:00Z", "region": "westeurope"
    }))
    .unwrap();
    assert_eq!(l.usage_summary_id.and_then(|r| r.id()), Some(SUMMARY));
    assert_eq!(l.usage_date.and_then(|d| d.date()), Some(date!(2020 - 01 - 14)));
    let l: UsageLine = serde_json::from_value(json!({"usageDate": "14.01.2020"})).unwrap();
    assert!(l.usage_summary_id.is_none() && l.usage_date.as_ref().and_then(|d| d.date()).is_none());
}
