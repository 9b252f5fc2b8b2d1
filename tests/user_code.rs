//! Tests written the way a user of the SDK writes them: a few functions of "user code"
//! (the kind of thing an MSP's script does), tested against `pax8::testing`. Each test sets
//! up in a handful of lines: start the mock, mount what the code reads, call, assert.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;

use pax8::models::{BillingTerm, CompanyId, NewLineItem, Order, ProductId, Subscription, SubscriptionStatus};
use pax8::testing::{MockPax8, fixtures};
use pax8::{Client, Decimal, Uuid};

// ---- the user's code -------------------------------------------------------------------

/// Active seats per company, over every page of subscriptions.
fn active_seats_per_company(client: &Client) -> pax8::Result<BTreeMap<CompanyId, Decimal>> {
    let mut seats = BTreeMap::new();
    for s in client.subscriptions().list().status(SubscriptionStatus::Active).items() {
        let s = s?;
        if s.status == Some(SubscriptionStatus::Active) {
            *seats.entry(s.company_id).or_default() += s.quantity.unwrap_or_default();
        }
    }
    Ok(seats)
}

/// Every subscription as a CSV row: id, company name, product name, quantity.
fn export_subscriptions(client: &Client, out: &mut impl Write) -> Result<(), Box<dyn std::error::Error>> {
    let companies: HashMap<CompanyId, String> =
        client.companies().list().items().map(|c| c.map(|c| (c.id, c.name))).collect::<pax8::Result<_>>()?;
    writeln!(out, "id,company,product,quantity")?;
    for s in client.subscriptions().list().items() {
        let s = s?;
        let company = companies.get(&s.company_id).map_or("?", String::as_str);
        let quantity = s.quantity.map(|q| q.to_string()).unwrap_or_default();
        writeln!(out, "{},{company},{},{quantity}", s.id, s.product_name.unwrap_or_default())?;
    }
    Ok(())
}

/// Checks with Pax8 that an order would go through, without placing it.
fn validate_order(client: &Client, company: CompanyId, product: ProductId, seats: u32) -> pax8::Result<Order> {
    let item = NewLineItem::new(product, BillingTerm::Monthly, seats);
    client.orders().create().company_id(company).line_item(item).mock(true).send()
}

/// A company's name, or `None` when Pax8 does not know the company.
fn company_name(client: &Client, id: CompanyId) -> pax8::Result<Option<String>> {
    match client.companies().get(id).send() {
        Ok(c) => Ok(Some(c.name)),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(e),
    }
}

// ---- the user's tests ------------------------------------------------------------------

/// A subscription of `company` with `quantity` seats in `status`, from the kit's fixture.
fn subscription(company: CompanyId, quantity: u32, status: SubscriptionStatus) -> Subscription {
    let mut s = fixtures::subscription();
    (s.id, s.company_id, s.quantity, s.status) = (Uuid::new_v4().into(), company, Some(quantity.into()), Some(status));
    s
}

#[test]
fn counts_active_seats_per_company() {
    let mut pax8 = MockPax8::start();
    let (a, b) = (CompanyId::from(Uuid::new_v4()), CompanyId::from(Uuid::new_v4()));
    let listing = pax8.list(
        "/v1/subscriptions",
        [
            subscription(a, 5, SubscriptionStatus::Active),
            subscription(a, 3, SubscriptionStatus::Active),
            subscription(b, 10, SubscriptionStatus::Cancelled),
            subscription(b, 2, SubscriptionStatus::Active),
        ],
    );

    let seats = active_seats_per_company(&pax8.client()).unwrap();

    assert_eq!(seats, BTreeMap::from([(a, Decimal::from(8)), (b, Decimal::from(2))]));
    assert_eq!(listing.requests()[0].param("status"), Some("Active"));
}

#[test]
fn counts_seats_over_several_pages() {
    let mut pax8 = MockPax8::start();
    let company = CompanyId::from(Uuid::new_v4());
    let listing =
        pax8.list("/v1/subscriptions", (0..450).map(|_| subscription(company, 1, SubscriptionStatus::Active)));

    let seats = active_seats_per_company(&pax8.client()).unwrap();

    assert_eq!(seats[&company], Decimal::from(450));
    listing.assert_hits(3);
}

#[test]
fn exports_subscriptions_as_csv() {
    let mut pax8 = MockPax8::start();
    let mut company = fixtures::company();
    company.name = "Contoso".into();
    let mut sub = subscription(company.id, 7, SubscriptionStatus::Active);
    sub.product_name = Some("Microsoft 365 E3".into());
    pax8.list("/v1/companies", [&company]);
    pax8.list("/v1/subscriptions", [&sub]);

    let mut csv = Vec::new();
    export_subscriptions(&pax8.client(), &mut csv).unwrap();

    let expected = format!("id,company,product,quantity\n{},Contoso,Microsoft 365 E3,7\n", sub.id);
    assert_eq!(String::from_utf8(csv).unwrap(), expected);
}

#[test]
fn the_export_survives_a_flaky_gateway() {
    let mut pax8 = MockPax8::start();
    pax8.list("/v1/companies", fixtures::companies(3));
    pax8.list("/v1/subscriptions", fixtures::subscriptions(5));
    let outage = pax8.server_errors("GET", "/v1/subscriptions", 503, 2);

    let mut csv = Vec::new();
    export_subscriptions(&pax8.client(), &mut csv).unwrap();

    assert_eq!(String::from_utf8(csv).unwrap().lines().count(), 1 + 5);
    outage.assert_hits(2);
}

#[test]
fn validates_an_order_without_placing_it() {
    let mut pax8 = MockPax8::start();
    let orders = pax8.object("POST", "/v1/orders", &fixtures::order());
    let (company, product) = (fixtures::company().id, fixtures::product().id);

    let order = validate_order(&pax8.client(), company, product, 5).unwrap();

    assert_eq!(order, fixtures::order());
    let sent = &orders.requests()[0];
    assert_eq!(sent.param("isMock"), Some("true"));
    assert_eq!(sent.json()["companyId"], serde_json::json!(company));
    assert_eq!(sent.json()["lineItems"][0]["productId"], serde_json::json!(product));
    assert_eq!(sent.json()["lineItems"][0]["quantity"], 5);
}

#[test]
fn a_rejected_order_reports_the_field() {
    let mut pax8 = MockPax8::start();
    pax8.unprocessable("POST", "/v1/orders", "Invalid order", &[("lineItems[0].quantity", "too many seats")]);

    let err = validate_order(&pax8.client(), Uuid::new_v4().into(), Uuid::new_v4().into(), 5000).unwrap_err();

    assert_eq!(err.status(), Some(422));
    let details = &err.api().unwrap().body.as_ref().unwrap().details;
    assert_eq!(details[0].instance.as_deref(), Some("lineItems[0].quantity"));
}

#[test]
fn an_unknown_company_has_no_name() {
    let mut pax8 = MockPax8::start();
    let known = fixtures::company();
    pax8.object("GET", &format!("/v1/companies/{}", known.id), &known);
    let unknown = CompanyId::from(Uuid::new_v4());
    pax8.not_found("GET", &format!("/v1/companies/{unknown}"));

    let client = pax8.client();
    assert_eq!(company_name(&client, known.id).unwrap(), Some("VFC Network, Inc".to_owned()));
    assert_eq!(company_name(&client, unknown).unwrap(), None);
}

/// The README's "Testing your own code" example, verbatim (the function, then its test): keep
/// the two the same.
mod readme {
    use program::active_seats_per_company;

    mod program {
        use pax8::Client;
        use pax8::models::{CompanyId, SubscriptionStatus};
        use std::collections::BTreeMap;

        pub fn active_seats_per_company(client: &Client) -> pax8::Result<BTreeMap<CompanyId, pax8::Decimal>> {
            let mut seats = BTreeMap::new();
            for s in client.subscriptions().list().status(SubscriptionStatus::Active).items() {
                let s = s?;
                *seats.entry(s.company_id).or_default() += s.quantity.unwrap_or_default();
            }
            Ok(seats)
        }
    }

    use pax8::models::SubscriptionStatus;
    use pax8::testing::{MockPax8, fixtures};

    #[test]
    fn counts_active_seats_per_company() {
        let mut pax8 = MockPax8::start();
        let mut subscriptions = fixtures::subscriptions(450); // varied, distinct ids
        let company = fixtures::company();
        for s in &mut subscriptions {
            s.company_id = company.id; // models: fixture + field assignment
            s.status = Some(SubscriptionStatus::Active);
            s.quantity = Some(1.into()); // quantities are exact Decimals
        }
        let listing = pax8.list("/v1/subscriptions", subscriptions);

        let seats = active_seats_per_company(&pax8.client()).unwrap();

        assert_eq!(seats[&company.id], 450.into());
        listing.assert_hits(3); // pages of 200, 200 and 50
        assert_eq!(listing.requests()[0].param("status"), Some("Active"));
    }
}
