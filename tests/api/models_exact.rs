//! Models that never lose or distort data, end to end: exact money over 10,000 items, honest
//! ids, explicit nulls, two keys for one field, full write bodies (issue 10).

use mockito::Matcher;
use pax8::models::{
    BillingTerm, CompanyId, ContactId, InvoiceId, NewContact, NewLineItem, ProductId, Reference, SubscriptionId,
    SubscriptionStatus, Timestamp,
};
use pax8::{Decimal, Error};
use serde_json::{Value, json};
use time::macros::{date, datetime};
use uuid::uuid;

use crate::common::{TOKEN, client, dec, expect_no_requests, fixture, fixture_json, mock_json, server};

const COMPANY: CompanyId = CompanyId::from_uuid(uuid!("fe7a2d5f-4a14-43ff-940e-a65cda66474a"));
const PRODUCT: ProductId = ProductId::from_uuid(uuid!("e91bba5e-a9a3-483f-b036-f80165d410e3"));
const CONTACT: ContactId = ContactId::from_uuid(uuid!("5ba26319-00e4-4a8f-986b-02a1170af269"));
const INVOICE: InvoiceId = InvoiceId::from_uuid(uuid!("17029935-36b0-4f0f-9d5e-c8af04f7b57a"));
const SUB: SubscriptionId = SubscriptionId::from_uuid(uuid!("05c587df-9e7d-4ef9-8218-0262198e36c9"));

/// The error and its sources, joined, to find what serde said inside a page error.
fn chain(err: &Error) -> String {
    let mut text = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(e) = source {
        text = format!("{text}: {e}");
        source = e.source();
    }
    text
}

/// A JSON number from its text, so the wire carries exactly these digits.
fn number(text: &str) -> Value {
    Value::Number(text.parse().unwrap())
}

#[test]
fn ten_thousand_invoice_items_sum_to_the_exact_cent() {
    const ITEMS: i64 = 10_000;
    const PER_PAGE: i64 = 200;
    let template = fixture_json("invoice-items")["content"][0].clone();
    let mut s = server();
    let (mut want_total, mut want_sub_total) = (0i64, 0i64);
    let mut mocks = Vec::new();
    for page in 0..ITEMS / PER_PAGE {
        let items: Vec<Value> = (page * PER_PAGE..(page + 1) * PER_PAGE)
            .map(|i| {
                // Cents that binary floating point cannot hold: x.01 .. x.99, 0.10, 0.20, ...
                let (total, sub_total) = ((i * 7_919) % 1_000_000 + 1, (i * 31) % 1_000 + 10);
                want_total += total;
                want_sub_total += sub_total;
                let mut item = template.clone();
                item["total"] = number(&format!("{}.{:02}", total / 100, total % 100));
                item["subTotal"] = number(&format!("{}.{:02}", sub_total / 100, sub_total % 100));
                item
            })
            .collect();
        let body = json!({"content": items, "page": {"size": PER_PAGE, "totalElements": ITEMS,
                          "totalPages": ITEMS / PER_PAGE, "number": page}});
        let query = format!("page={page}&size={PER_PAGE}");
        let path = format!("/v1/invoices/{INVOICE}/items");
        mocks.push(mock_json(&mut s, "GET", &path, Some(&query), 200, &body.to_string()).expect(1).create());
    }
    let (mut total, mut sub_total, mut count) = (Decimal::ZERO, Decimal::ZERO, 0);
    for item in client(&s).invoices().line_items(INVOICE).page_size(PER_PAGE as u32).items() {
        let item = item.unwrap();
        total += item.total.unwrap();
        sub_total += item.sub_total.unwrap();
        count += 1;
    }
    mocks.iter().for_each(mockito::Mock::assert);
    assert_eq!(count, ITEMS);
    assert_eq!(total, Decimal::new(want_total, 2));
    assert_eq!(sub_total, Decimal::new(want_sub_total, 2));
    assert_eq!(total.to_string(), format!("{}.{:02}", want_total / 100, want_total % 100));
}

#[test]
fn a_mock_order_decodes_without_ids_and_its_line_items_are_numbered() {
    let mut s = server();
    let addon = uuid!("497f6eca-6276-4993-bfeb-53cbbbba6f08");
    let sent = json!({
        "companyId": COMPANY,
        "lineItems": [
            {"productId": PRODUCT, "lineItemNumber": 1, "billingTerm": "Monthly", "quantity": 5},
            {"productId": addon, "lineItemNumber": 2, "billingTerm": "Monthly", "quantity": 5,
             "parentLineItemNumber": 1}
        ]
    });
    // What a validation-only order answers: no order id, no line item ids, no subscriptions.
    let answer = json!({
        "companyId": COMPANY, "createdDate": null, "orderedBy": "Pax8Partner", "isScheduled": false,
        "lineItems": [
            {"productId": PRODUCT, "lineItemNumber": 1.0, "quantity": 5.0, "billingTerm": "Monthly",
             "subscriptionId": null},
            {"productId": addon, "lineItemNumber": 2.0, "parentLineItemNumber": 1.0, "quantity": 5.0,
             "billingTerm": "Monthly"}
        ]
    });
    let m = mock_json(&mut s, "POST", "/v1/orders", Some("isMock=true"), 200, &answer.to_string())
        .match_body(Matcher::Json(sent))
        .expect(1)
        .create();
    let order = client(&s)
        .orders()
        .create()
        .company_id(COMPANY)
        .line_item(NewLineItem::new(PRODUCT, BillingTerm::Monthly, 5))
        .line_item(NewLineItem::new(addon, BillingTerm::Monthly, 5).parent_line_item_number(1))
        .mock(true)
        .send()
        .unwrap();
    m.assert();
    assert_eq!((order.id, order.company_id, order.created_date), (None, COMPANY, None));
    let items: Vec<_> =
        order.line_items.iter().map(|i| (i.id, i.product_id, i.line_item_number, i.parent_line_item_number)).collect();
    assert_eq!(items, [(None, PRODUCT, Some(1), None), (None, addon.into(), Some(2), Some(1))]);
    assert_eq!(order.line_items[0].quantity, Some(Decimal::from(5)));
}

#[test]
fn a_parent_line_item_number_that_names_no_item_is_refused_before_sending() {
    let mut s = server();
    let none = expect_no_requests(&mut s);
    let err = client(&s)
        .orders()
        .create()
        .company_id(COMPANY)
        .line_item(NewLineItem::new(PRODUCT, BillingTerm::Monthly, 1))
        .line_item(NewLineItem::new(PRODUCT, BillingTerm::Monthly, 1).parent_line_item_number(3))
        .send()
        .unwrap_err();
    none.assert();
    assert!(
        matches!(&err, Error::InvalidInput(why)
            if why == "line item 1: parent_line_item_number 3 is not the number of another line item of this order"),
        "{err:?}"
    );
}

#[test]
fn a_contact_is_read_converted_and_replaced_with_its_phone_fields() {
    let mut s = server();
    let path = format!("/v1/companies/{COMPANY}/contacts/{CONTACT}");
    // Both spellings of the calling code, one of them null; the other one a number.
    let live = json!({
        "id": CONTACT, "firstName": "John", "lastName": "Doe", "email": "john@doe.com", "phone": "555-555-5555",
        "phoneNumber": "5555555555", "phoneCountryCode": "US",
        "phoneCountryCallingCode": null, "phoneCountryCallingcode": 1,
        "createdDate": "2020-05-12T10:00:00.000-0600",
        "types": [{"type": "Admin", "primary": true}, {"type": "Billing", "primary": null}]
    });
    let get = mock_json(&mut s, "GET", &path, None, 200, &live.to_string()).expect(1).create();
    let put = s
        .mock("PUT", &*path)
        .match_header("authorization", format!("Bearer {TOKEN}").as_str())
        .match_body(Matcher::Json(json!({
            "firstName": "John", "lastName": "Doe", "email": "j.doe@doe.com", "phone": "555-555-5555",
            "phoneNumber": "5555555555", "phoneCountryCode": "US", "phoneCountryCallingCode": "1",
            "types": [{"type": "Admin", "primary": true}, {"type": "Billing", "primary": false}]
        })))
        .with_body(live.to_string())
        .expect(1)
        .create();
    let contacts = client(&s).contacts(COMPANY);
    let contact = contacts.get(CONTACT).send().unwrap();
    assert_eq!(contact.phone_country_calling_code.as_deref(), Some("1"));
    assert_eq!(contact.created_date, Some(Timestamp::DateTime(datetime!(2020-05-12 10:00 -6))));
    let replaced =
        contacts.replace(contact.id, NewContact::from(contact.clone()).email("j.doe@doe.com")).send().unwrap();
    get.assert();
    put.assert();
    assert_eq!(replaced.id, CONTACT);
}

#[test]
fn a_subscription_update_sends_the_whole_official_example() {
    let mut s = server();
    let m = mock_json(
        &mut s,
        "PUT",
        &format!("/v1/subscriptions/{SUB}"),
        None,
        200,
        &fixture("microsoft-office-365-e3-subscription"),
    )
    .match_body(Matcher::Json(fixture_json("subscription-update-example")))
    .expect(1)
    .create();
    let updated = client(&s)
        .subscriptions()
        .update(SUB)
        .quantity(11)
        .start_date(datetime!(2000-10-31 1:30 -5))
        .end_date(datetime!(2001-10-31 1:30 -5))
        .price(dec("15.39"))
        .currency_code("USD")
        .billing_term(BillingTerm::Monthly)
        .provisioning_detail("userEmailAddress", ["joeysherp@example.com"])
        .send()
        .unwrap();
    m.assert();
    assert_eq!((updated.id, updated.price), (SUB, Some(dec("32.01"))));
}

#[test]
fn a_missing_or_malformed_required_id_fails_the_page_naming_the_field() {
    for (item, field) in [
        (json!({"name": "no id"}), "company: required id `id`"),
        (json!({"id": null, "name": "null id"}), "company: required id `id`"),
        (json!({"id": "a4dfc6bf-f02e", "name": "short id"}), "company: required id `id`"),
    ] {
        let mut s = server();
        let body = json!({"content": [item], "page": {"size": 10, "totalElements": 1, "totalPages": 1, "number": 0}});
        mock_json(&mut s, "GET", "/v1/companies", Some("size=10"), 200, &body.to_string()).create();
        let err = client(&s).companies().list().page_size(10).send().unwrap_err();
        assert!(chain(&err).contains(field), "{}", chain(&err));
    }
}

#[test]
fn explicit_nulls_and_both_commitment_keys_decode_in_a_page() {
    let mut s = server();
    let item = json!({
        "id": SUB, "companyId": COMPANY, "productId": PRODUCT, "parentSubscriptionId": null,
        "vendorSubscriptionId": null, "quantity": 5.0, "startDate": "2021-01-01 08:30:00", "endDate": null,
        "createdDate": 1609489800000i64, "billingStart": "2021-01-01", "status": null, "price": 32.01,
        "partnerCost": null, "productName": null, "billingTerm": null, "provisioningDetails": null,
        "commitment": null,
        "commitmentTerm": {"id": null, "term": "Annual", "endDate": "2022-01-01T00:00:00-06"}
    });
    let mut second = item.clone();
    second["status"] = json!("Active");
    second["commitment"] = second["commitmentTerm"].take();
    let body =
        json!({"content": [item, second], "page": {"size": 10, "totalElements": 2, "totalPages": 1, "number": 0}});
    mock_json(&mut s, "GET", "/v1/subscriptions", Some("size=10"), 200, &body.to_string()).create();
    let page = client(&s).subscriptions().list().page_size(10).send().unwrap();
    for sub in &page.items {
        assert_eq!((sub.quantity, sub.price), (Some(Decimal::from(5)), Some(dec("32.01"))));
        assert_eq!(sub.start_date, Some(Timestamp::DateTime(datetime!(2021-01-01 8:30 UTC))));
        assert_eq!(sub.created_date, Some(Timestamp::DateTime(datetime!(2021-01-01 8:30 UTC))));
        assert_eq!(sub.billing_start, Some(Timestamp::Date(date!(2021 - 01 - 01))));
        assert!(sub.end_date.is_none() && sub.partner_cost.is_none() && sub.product_name.is_none());
        let c = sub.commitment.as_ref().unwrap();
        assert_eq!((c.id, c.term.as_deref()), (None, Some("Annual")));
        assert_eq!(c.end_date.as_ref().and_then(Timestamp::datetime), Some(datetime!(2022-01-01 0:00 -6)));
    }
    assert_eq!(page.items[0].status, None);
    assert_eq!(page.items[1].status, Some(SubscriptionStatus::Active));
}

#[test]
fn an_amount_that_cannot_be_held_exactly_fails_the_page_naming_its_field() {
    let mut s = server();
    let body = r#"{"content": [
        {"id": "17029935-36b0-4f0f-9d5e-c8af04f7b57a", "total": 10.25},
        {"id": "05c587df-9e7d-4ef9-8218-0262198e36c9", "total": 0.30000000000000000000000000001e0, "balance": 1}
    ], "page": {"size": 10, "totalElements": 2, "totalPages": 1, "number": 0}}"#;
    mock_json(&mut s, "GET", "/v1/invoices", Some("size=10"), 200, body).expect(1).create();
    let err = client(&s).invoices().list().page_size(10).send().unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert!(
        chain(&err).contains(
            "content[1].total: not an exact decimal amount: 0.30000000000000000000000000001e0 at line 3 column"
        ),
        "{}",
        chain(&err)
    );
}

#[test]
fn references_that_are_not_uuids_are_kept_and_written_back_without_failing_the_page() {
    let mut s = server();
    let path = format!("/v1/invoices/{INVOICE}/items");
    let body = r#"{"content": [
        {"companyId": "", "productId": 42, "subscriptionId": "SUB-0001", "total": 1},
        {"companyId": "fe7a2d5f-4a14-43ff-940e-a65cda66474a", "productId": null, "subscriptionId": "05c587df-9e7d-4ef9-8218-0262198e36c9"}
    ], "page": {"size": 10, "totalElements": 2, "totalPages": 1, "number": 0}}"#;
    mock_json(&mut s, "GET", &path, Some("size=10"), 200, body).expect(1).create();
    let page = client(&s).invoices().line_items(INVOICE).page_size(10).send().unwrap();
    let (odd, good) = (&page.items[0], &page.items[1]);
    assert_eq!(odd.company_id, Some(Reference::Text(String::new())));
    assert_eq!(odd.product_id, Some(Reference::Text("42".to_owned())));
    assert_eq!(odd.subscription_id, Some(Reference::Text("SUB-0001".to_owned())));
    assert_eq!(odd.subscription_id.as_ref().unwrap().id(), None);
    assert_eq!(good.company_id.as_ref().and_then(|r| r.id()), Some(COMPANY));
    assert_eq!(good.subscription_id, Some(Reference::Id(SUB)));
    assert_eq!(good.product_id, None);
    let written = serde_json::to_value(&page.items).unwrap();
    assert_eq!(
        (&written[0]["companyId"], &written[0]["subscriptionId"], &written[1]["subscriptionId"]),
        (&json!(""), &json!("SUB-0001"), &json!("05c587df-9e7d-4ef9-8218-0262198e36c9"))
    );

    // A subscription's parent and an order line's references: the same rule; the object's own
    // ids stay required.
    let subs = r#"{"content": [{"id": "05c587df-9e7d-4ef9-8218-0262198e36c9",
        "companyId": "fe7a2d5f-4a14-43ff-940e-a65cda66474a", "productId": "e91bba5e-a9a3-483f-b036-f80165d410e3",
        "parentSubscriptionId": "legacy-7"}], "page": {"size": 10, "totalElements": 1, "totalPages": 1, "number": 0}}"#;
    mock_json(&mut s, "GET", "/v1/subscriptions", Some("size=10"), 200, subs).expect(1).create();
    let sub = &client(&s).subscriptions().list().page_size(10).send().unwrap().items[0];
    assert_eq!(sub.parent_subscription_id, Some(Reference::Text("legacy-7".to_owned())));
    let bad_own = subs.replace(r#""id": "05c587df-9e7d-4ef9-8218-0262198e36c9""#, r#""id": "legacy-7""#);
    let mut s = server();
    mock_json(&mut s, "GET", "/v1/subscriptions", Some("size=10"), 200, &bad_own).expect(1).create();
    let err = client(&s).subscriptions().list().page_size(10).send().unwrap_err();
    assert!(chain(&err).contains("subscription: required id `id`"), "{}", chain(&err));
}
