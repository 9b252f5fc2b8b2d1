//! Tests: invoices.

use pax8::SortDirection;
use pax8::models::{
    Invoice, InvoiceChargeType, InvoiceItem, InvoiceItemTerm, InvoiceItemType, InvoiceRateType, InvoiceSort,
    InvoiceStatus, MonthOffset,
};
use serde_json::json;
use time::macros::date;
use uuid::{Uuid, uuid};

use crate::common::{assert_json_covers, client, dec, fixture, fixture_json, mock_json, server};

const INVOICE: Uuid = uuid!("17029935-36b0-4f0f-9d5e-c8af04f7b57a");
const COMPANY: Uuid = uuid!("7e338a9b-7bf5-4489-ad0a-59f5e664be19");
const EMPTY_PAGE: &str = r#"{"content":[],"page":{"size":10,"totalElements":0,"totalPages":0,"number":0}}"#;

#[test]
fn list_sends_every_filter_and_decodes_the_official_page() {
    let mut server = server();
    let query = format!(
        "status=Nothing%20Due&invoiceDate=2000-10-31&invoiceDateRangeStart=2000-10-01&invoiceDateRangeEnd=2001-10-31\
         &dueDate=2000-11-15&total=100&balance=1000.5&carriedBalance=2000.25&companyId={COMPANY}\
         &sort=invoiceDate,desc&page=2&size=10"
    );
    let mock = mock_json(&mut server, "GET", "/v1/invoices", Some(&query), 200, &fixture("invoices-paged")).create();
    let page = client(&server)
        .invoices()
        .list()
        .status(InvoiceStatus::NothingDue)
        .invoice_date(date!(2000 - 10 - 31))
        .invoice_date_range_start(date!(2000 - 10 - 01))
        .invoice_date_range_end(date!(2001 - 10 - 31))
        .due_date(date!(2000 - 11 - 15))
        .total(dec("100"))
        .balance(dec("1000.5"))
        .carried_balance(dec("2000.25"))
        .company_id(COMPANY)
        .sort(InvoiceSort::InvoiceDate, SortDirection::Desc)
        .page(2)
        .page_size(10)
        .send()
        .unwrap();
    mock.assert();
    assert_json_covers(&serde_json::to_value(&page.items).unwrap(), &fixture_json("invoices-paged")["content"]);
    assert_eq!((page.number, page.size, page.total_elements, page.total_pages), (0, 10, 204, 21));
    let first = &page.items[0];
    assert_eq!(first.id, uuid!("0b157f32-a423-4fc4-bed0-82ef2f913ab2"));
    assert_eq!(first.status, Some(InvoiceStatus::Unpaid));
    assert_eq!(first.invoice_date, Some(date!(2021 - 01 - 01).into()));
    assert_eq!(first.due_date, Some(date!(2021 - 01 - 15).into()));
    assert_eq!(first.total, Some(dec("9985.96")));
    assert_eq!(page.items[2].status, Some(InvoiceStatus::Carried));
    assert_eq!(page.items[9].status, Some(InvoiceStatus::Void));
}

#[test]
fn list_sort_encodings() {
    let cases = [
        (InvoiceSort::InvoiceDate, SortDirection::Asc, "sort=invoiceDate,asc"),
        (InvoiceSort::DueDate, SortDirection::Desc, "sort=dueDate,desc"),
        (InvoiceSort::Status, SortDirection::Asc, "sort=status,asc"),
        (InvoiceSort::PartnerName, SortDirection::Desc, "sort=partnerName,desc"),
        (InvoiceSort::Total, SortDirection::Asc, "sort=total,asc"),
        (InvoiceSort::Balance, SortDirection::Desc, "sort=balance,desc"),
        (InvoiceSort::CarriedBalance, SortDirection::Asc, "sort=carriedBalance,asc"),
    ];
    let mut server = server();
    for (field, dir, query) in cases {
        let mock = mock_json(&mut server, "GET", "/v1/invoices", Some(query), 200, EMPTY_PAGE).create();
        client(&server).invoices().list().sort(field, dir).send().unwrap();
        mock.assert();
        mock.remove();
    }
}

#[test]
fn get_decodes_the_official_invoice() {
    let mut server = server();
    let path = format!("/v1/invoices/{INVOICE}");
    let mock = mock_json(&mut server, "GET", &path, None, 200, &fixture("invoice-0")).create();
    let invoice = client(&server).invoices().get(INVOICE).send().unwrap();
    mock.assert();
    assert_json_covers(&serde_json::to_value(&invoice).unwrap(), &fixture_json("invoice-0"));
    assert_eq!(invoice.id, INVOICE);
    assert_eq!(invoice.status, Some(InvoiceStatus::Paid));
    assert_eq!(invoice.total, Some(dec("17432960.0")));
    assert_eq!(invoice.carried_balance, Some(dec("17204372.33")));
    assert_eq!(invoice.invoice_date, Some(date!(2020 - 09 - 01).into()));
    assert_eq!(invoice.partner_name.as_deref(), Some("My Partner Name"));
    assert!(invoice.company_id.is_none());
}

#[test]
fn items_decode_the_official_page() {
    let mut server = server();
    let path = format!("/v1/invoices/{INVOICE}/items");
    let mock = mock_json(&mut server, "GET", &path, Some("size=1"), 200, &fixture("invoice-items")).create();
    let page = client(&server).invoices().line_items(INVOICE).page_size(1).send().unwrap();
    mock.assert();
    assert_json_covers(&serde_json::to_value(&page.items).unwrap(), &fixture_json("invoice-items")["content"]);
    assert_eq!((page.size, page.total_elements, page.total_pages), (1, 762, 762));
    let item = &page.items[0];
    assert_eq!(item.item_type, Some(InvoiceItemType::Subscription));
    assert_eq!(item.term, Some(InvoiceItemTerm::Monthly));
    assert_eq!(item.rate_type, Some(InvoiceRateType::Single));
    assert_eq!(item.charge_type, Some(InvoiceChargeType::Per));
    assert_eq!(item.start_period, Some(date!(2019 - 04 - 01).into()));
    assert_eq!(item.end_period, Some(date!(2019 - 05 - 01).into()));
    assert_eq!(item.billed_by_pax8, Some(false));
    assert_eq!(item.sales_tax, Some(dec("2200.0")));
    assert_eq!(
        item.subscription_id.as_ref().and_then(|r| r.id()),
        Some(uuid!("f6b60139-8ab6-45f4-b808-354ebbe53070").into())
    );
    assert!(item.id.is_none());
}

#[test]
fn draft_items_send_month_offset_and_company() {
    let mut server = server();
    let query = format!("monthOffset=0&companyId={COMPANY}");
    let mock =
        mock_json(&mut server, "GET", "/v1/invoices/draftItems", Some(&query), 200, &fixture("draft-invoice-items"))
            .create();
    let page =
        client(&server).invoices().draft_items().month_offset(MonthOffset::Current).company_id(COMPANY).send().unwrap();
    mock.assert();
    assert_json_covers(&serde_json::to_value(&page.items).unwrap(), &fixture_json("draft-invoice-items")["content"]);
    assert_eq!(page.total_elements, 115);
    assert_eq!(page.items[1].sku.as_deref(), Some("MS-OFF-EXC-PRO"));
    assert_eq!(page.items[1].sub_total, Some(dec("425.0")));
    assert_eq!(page.items[0].start_period, Some(date!(2025 - 02 - 01).into()));
}

#[test]
fn draft_items_next_month_and_default() {
    let mut server = server();
    let next =
        mock_json(&mut server, "GET", "/v1/invoices/draftItems", Some("monthOffset=1"), 200, EMPTY_PAGE).create();
    client(&server).invoices().draft_items().month_offset(MonthOffset::Next).send().unwrap();
    next.assert();
    let none = mock_json(&mut server, "GET", "/v1/invoices/draftItems", None, 200, EMPTY_PAGE).create();
    client(&server).invoices().draft_items().send().unwrap();
    none.assert();
}

#[test]
fn invoice_status_nothing_due_and_unknown_values() {
    let i: Invoice = serde_json::from_value(json!({"id": INVOICE, "status": "Nothing Due", "surprise": 1})).unwrap();
    assert_eq!(i.status, Some(InvoiceStatus::NothingDue));
    assert_eq!(serde_json::to_value(&i).unwrap()["status"], "Nothing Due");
    assert_eq!(InvoiceStatus::from_wire("nothing due"), InvoiceStatus::NothingDue);

    let i: Invoice = serde_json::from_value(json!({
        "id": INVOICE, "status": "Refunded", "invoiceDate": "31/10/2000", "dueDate": "2020-09-15T00:00:00Z"
    }))
    .unwrap();
    assert_eq!(i.status, Some(InvoiceStatus::Other("Refunded".into())));
    assert_eq!(i.invoice_date.as_ref().and_then(|d| d.unparsed()), Some("31/10/2000"));
    assert_eq!(i.due_date.as_ref().and_then(|d| d.date()), Some(date!(2020 - 09 - 15)));
    assert_eq!(serde_json::to_value(&i).unwrap()["status"], "Refunded");
}

#[test]
fn invoice_item_rate_type_is_read_ignoring_case_and_description() {
    for (wire, rate) in [
        ("Flat", InvoiceRateType::Flat),
        ("flat", InvoiceRateType::Flat),
        ("flat (Single price for any quantity, same as single)", InvoiceRateType::Flat),
        ("Single", InvoiceRateType::Single),
        ("markup (Percentage based markup over to be determined base cost)", InvoiceRateType::Markup),
        ("Volume", InvoiceRateType::Volume),
        ("TIERED", InvoiceRateType::Tiered),
    ] {
        let item: InvoiceItem = serde_json::from_value(json!({ "rateType": wire })).unwrap();
        assert_eq!(item.rate_type, Some(rate), "{wire}");
    }
}

#[test]
fn invoice_item_terms_and_unknown_values() {
    for (wire, term) in [
        ("One-Time", InvoiceItemTerm::OneTime),
        ("One-time", InvoiceItemTerm::OneTime),
        ("3 Year", InvoiceItemTerm::ThreeYear),
        ("2 Year", InvoiceItemTerm::TwoYear),
        ("Arrears", InvoiceItemTerm::Arrears),
        ("Rebate", InvoiceItemTerm::Rebate),
    ] {
        let item: InvoiceItem = serde_json::from_value(json!({ "term": wire })).unwrap();
        assert_eq!(item.term, Some(term), "{wire}");
    }
    let raw = json!({
        "type": "late-fee", "term": "Quarterly", "rateType": "Bespoke", "chargeType": "each",
        "newField": [true], "startPeriod": "soon"
    });
    let item: InvoiceItem = serde_json::from_value(raw).unwrap();
    assert_eq!(item.item_type, Some(InvoiceItemType::Other("late-fee".into())));
    assert_eq!(item.term, Some(InvoiceItemTerm::Other("Quarterly".into())));
    assert_eq!(item.rate_type, Some(InvoiceRateType::Other("Bespoke".into())));
    assert_eq!(item.charge_type, Some(InvoiceChargeType::Other("each".into())));
    assert_eq!(item.start_period.as_ref().and_then(|d| d.unparsed()), Some("soon"));
    let back = serde_json::to_value(&item).unwrap();
    assert_eq!(
        (&back["type"], &back["term"], &back["rateType"], &back["chargeType"]),
        (&json!("late-fee"), &json!("Quarterly"), &json!("Bespoke"), &json!("each"))
    );
}
