//! Tests: products.

use pax8::models::{BillingTerm, ChargeType, PricingType, ProductSort, ProvisioningValueType};
use pax8::{Decimal, SortDirection};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::{assert_json_covers, client, dec, fixture, fixture_json, mock_json, server};

const PRODUCT_ID: &str = "e91bba5e-a9a3-483f-b036-f80165d410e3";

fn product_id() -> Uuid {
    PRODUCT_ID.parse().unwrap()
}

/// The official product example as a list item: a `Product` has no long description.
fn list_item() -> Value {
    let mut item = fixture_json("microsoft-office-365-e3");
    item.as_object_mut().unwrap().remove("description");
    item
}

fn paged(items: Vec<Value>, number: u32, size: u32, total: u64, pages: u32) -> String {
    json!({"content": items, "page": {"size": size, "totalElements": total, "totalPages": pages, "number": number}})
        .to_string()
}

#[test]
fn list_sends_filters_sort_and_paging_and_decodes_the_page() {
    let mut server = server();
    let body = paged(vec![list_item()], 1, 5, 6, 2);
    let m = mock_json(
        &mut server,
        "GET",
        "/v1/products",
        Some("search=Office%20365&vendorName=Microsoft&sort=name,desc&page=1&size=5"),
        200,
        &body,
    )
    .create();
    let page = client(&server)
        .products()
        .list()
        .search("Office 365")
        .vendor_name("Microsoft")
        .sort(ProductSort::Name, SortDirection::Desc)
        .page(1)
        .page_size(5)
        .send()
        .unwrap();
    m.assert();
    assert_eq!((page.number, page.size, page.total_elements, page.total_pages), (1, 5, 6, 2));
    assert_eq!(page.items.len(), 1);
    assert_json_covers(&serde_json::to_value(&page.items[0]).unwrap(), &list_item());
    assert_eq!(page.items[0].id, product_id());
    assert_eq!(page.items[0].vendor_name.as_deref(), Some("Microsoft"));
    assert_eq!(page.items[0].sku.as_deref(), Some("MST-OFC-EE3-C100"));
}

#[test]
fn list_items_walks_every_page_lazily() {
    let mut server = server();
    let second = json!({"id": "497f6eca-6276-4993-bfeb-53cbbbba6f08", "name": "Acme Suite",
                        "vendorSku": "{\"productId\":\"CFQ7TTC0LF8Q\",\"skuId\":1}"});
    let p0 = mock_json(
        &mut server,
        "GET",
        "/v1/products",
        Some("sort=vendor,asc&page=0&size=200"),
        200,
        &paged(vec![list_item()], 0, 200, 2, 2),
    )
    .create();
    let p1 = mock_json(
        &mut server,
        "GET",
        "/v1/products",
        Some("sort=vendor,asc&page=1&size=200"),
        200,
        &paged(vec![second], 1, 200, 2, 2),
    )
    .create();
    let products: Vec<_> = client(&server)
        .products()
        .list()
        .sort(ProductSort::Vendor, SortDirection::Asc)
        .items()
        .collect::<Result<_, _>>()
        .unwrap();
    p0.assert();
    p1.assert();
    assert_eq!(products.len(), 2);
    assert_eq!(products[1].name, "Acme Suite");
    let sku = products[1].parsed_vendor_sku().unwrap();
    assert_eq!((sku.product_id.as_str(), sku.sku_id.as_str()), ("CFQ7TTC0LF8Q", "1"));
    // The official example's vendorSku is a legacy GUID: not a Microsoft productId:skuId.
    assert!(products[0].parsed_vendor_sku().is_none());
}

#[test]
fn get_decodes_the_official_example() {
    let mut server = server();
    let path = format!("/v1/products/{PRODUCT_ID}");
    let m = mock_json(&mut server, "GET", &path, None, 200, &fixture("microsoft-office-365-e3")).create();
    let detail = client(&server).products().get(product_id()).send().unwrap();
    m.assert();
    assert_json_covers(&serde_json::to_value(&detail).unwrap(), &fixture_json("microsoft-office-365-e3"));
    assert_eq!(detail.product.id, product_id());
    assert_eq!(detail.product.name, "Microsoft Office 365 E3");
    assert_eq!(detail.product.vendor_sku.as_deref(), Some("796B6B5F-613C-4E24-A17C-EBA730D49C02"));
    assert!(detail.description.as_deref().unwrap().starts_with("Microsoft 365 E3 is part"));
}

#[test]
fn get_unknown_product_is_a_404_error() {
    let mut server = server();
    let path = format!("/v1/products/{PRODUCT_ID}");
    let body = r#"{"type":"NOT_FOUND","message":"Product not found","status":404}"#;
    let m = mock_json(&mut server, "GET", &path, None, 404, body).create();
    let err = client(&server).products().get(product_id()).send().unwrap_err();
    m.assert();
    assert_eq!(err.status(), Some(404));
}

#[test]
fn provision_details_reads_the_unpaged_content() {
    let mut server = server();
    let path = format!("/v1/products/{PRODUCT_ID}/provision-details");
    let m = mock_json(&mut server, "GET", &path, None, 200, &fixture("microsoft-office-365-e3-details")).create();
    let details = client(&server).products().provision_details(product_id()).send().unwrap();
    m.assert();
    let example = fixture_json("microsoft-office-365-e3-details");
    assert_json_covers(&serde_json::to_value(&details).unwrap(), &example["content"]);
    assert_eq!(details.len(), 10);
    assert_eq!(details[0].key, "msCustExists");
    assert_eq!(details[0].value_type, Some(ProvisioningValueType::SingleValue));
    assert_eq!(details[0].possible_values.len(), 2);
    assert_eq!(details[1].value_type, Some(ProvisioningValueType::Input));
    assert!(details[1].possible_values.is_empty());
    assert_eq!(details[9].description.as_deref(), Some("(YYYY-MM-DD)"));
}

#[test]
fn dependencies_decode_the_official_example() {
    let mut server = server();
    let path = format!("/v1/products/{PRODUCT_ID}/dependencies");
    let m = mock_json(&mut server, "GET", &path, None, 200, &fixture("dependencies-example")).create();
    let deps = client(&server).products().dependencies(product_id()).send().unwrap();
    m.assert();
    assert_json_covers(&serde_json::to_value(&deps).unwrap(), &fixture_json("dependencies-example"));
    let c = &deps.commitment_dependencies[0];
    assert_eq!(c.id, "497f6eca-6276-4993-bfeb-53cbbbba6f08".parse::<Uuid>().unwrap());
    assert_eq!(c.term.as_deref(), Some("3-Year"));
    assert_eq!((c.auto_renew, c.renewal_window_days_before_term_end), (Some(true), Some(Decimal::ZERO)));
    let d = &deps.product_dependencies[0];
    assert_eq!(d.name.as_deref(), Some("Requires"));
    assert_eq!(d.products[0].vendor_name.as_deref(), Some("Acme Corps"));
}

fn pricing_body() -> Value {
    json!({"content": [{
        "productId": PRODUCT_ID,
        "productName": "Microsoft Office 365 E3",
        "billingTerm": "Annual",
        "commitmentTerm": "1-Year",
        "commitmentTermInMonths": 12,
        "type": "Volume",
        "unitOfMeasurement": "Each",
        "rates": [
            {"partnerBuyRate": 145.8, "suggestedRetailPrice": 151.8, "startQuantityRange": 1,
             "endQuantityRange": 200, "chargeType": "Per Unit"},
            {"partnerBuyRate": 140.0, "suggestedRetailPrice": 150.0, "startQuantityRange": 201,
             "chargeType": "Per Unit"}
        ]
    }, {
        "billingTerm": "Monthly",
        "commitmentTermInMonths": 1.5,
        "type": "Flat",
        "rates": [{"partnerBuyRate": 12.5, "suggestedRetailPrice": 15, "chargeType": "Flat Rate"}]
    }]})
}

#[test]
fn pricing_for_a_company_sends_company_id() {
    let mut server = server();
    let company: Uuid = "f7fc273a-8d86-45c9-a26f-ffd42416adda".parse().unwrap();
    let path = format!("/v1/products/{PRODUCT_ID}/pricing");
    let body = pricing_body();
    let m =
        mock_json(&mut server, "GET", &path, Some(&format!("companyId={company}")), 200, &body.to_string()).create();
    let prices = client(&server).products().pricing(product_id()).company_id(company).send().unwrap();
    m.assert();
    assert_json_covers(&serde_json::to_value(&prices).unwrap(), &body["content"]);
    let annual = &prices[0];
    assert_eq!(annual.billing_term, Some(BillingTerm::Annual));
    assert_eq!(annual.kind, Some(PricingType::Volume));
    assert_eq!(annual.commitment_term_in_months, Some(Decimal::from(12)));
    // The second entry has no productId and a fractional term: kept, not a failed call.
    assert_eq!((prices[1].product_id, prices[1].commitment_term_in_months), (None, Some(dec("1.5"))));
    assert_eq!(annual.rates[0].partner_buy_rate, Some(dec("145.8")));
    assert_eq!(annual.rates[0].charge_type, Some(ChargeType::PerUnit));
    assert_eq!(annual.rates[1].end_quantity_range, None);
    assert_eq!(prices[1].rates[0].charge_type, Some(ChargeType::FlatRate));
}

#[test]
fn pricing_without_company_sends_no_query() {
    let mut server = server();
    let path = format!("/v1/products/{PRODUCT_ID}/pricing");
    let m = mock_json(&mut server, "GET", &path, None, 200, &pricing_body().to_string()).create();
    let prices =
        client(&server).products().pricing(product_id()).timeout(std::time::Duration::from_secs(5)).send().unwrap();
    m.assert();
    assert_eq!(prices.len(), 2);
    assert_eq!(prices[1].billing_term, Some(BillingTerm::Monthly));
    assert_eq!(prices[1].kind, Some(PricingType::Flat));
}
