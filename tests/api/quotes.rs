//! Quoting API v2, part A: quotes, line items, sections and access lists on `/v2` (exact
//! method, path, query and body; decoded fixtures of `src/testing/fixtures/quotes/` and
//! `tests/fixtures/quotes/`, which follow the spec's schemas since it carries no examples).

use std::sync::{Arc, Mutex};

use mockito::{Matcher, Mock, ServerGuard};
use pax8::models::Timestamp;
use pax8::models::{
    AccessAccountType, AccessListEntryId, CompanyId, LineItemId, NewAccessListEntry, NewQuoteLineItem, ProductId,
    QuoteAccount, QuoteBillingTerm, QuoteErrorCode, QuoteId, QuoteIntentType, QuoteLineItemUpdate, QuoteRequestId,
    QuoteSort, QuoteStatus, SectionId, SectionUpdate, UsageBased, UsageBasedType,
};
use pax8::{Decimal, Error, SortDirection};
use serde_json::{Value, json};
use time::macros::datetime;
use uuid::{Uuid, uuid};

use crate::common::{TOKEN, assert_json_covers, client, expect_no_requests, fixture, fixture_json, mock_json, server};

const QUOTE: QuoteId = QuoteId::from_uuid(uuid!("6f1c3a52-9a4e-4d1b-8f2e-3b7f0c2d9e11"));
const COMPANY: CompanyId = CompanyId::from_uuid(uuid!("0b5c7d9e-1f2a-4b3c-8d4e-5f6a7b8c9d0e"));
const PRODUCT: ProductId = ProductId::from_uuid(uuid!("e5f6a7b8-c9d0-4e1f-8a2b-3c4d5e6f7a8b"));
const LINE_1: LineItemId = LineItemId::from_uuid(uuid!("11111111-1111-4111-8111-111111111111"));
const LINE_3: LineItemId = LineItemId::from_uuid(uuid!("33333333-3333-4333-8333-333333333333"));
const SECTION: SectionId = SectionId::from_uuid(uuid!("55555555-5555-4555-8555-555555555555"));
const ENTRY: AccessListEntryId = AccessListEntryId::from_uuid(uuid!("77777777-7777-4777-8777-777777777777"));
const DAY: time::OffsetDateTime = datetime!(2024-04-01 0:00 UTC);

fn dec(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

/// A mock of a request with a JSON body equal to `body`, sent as JSON with the bearer token
/// and no query, answering `status` with `answer`.
fn mock_body(s: &mut ServerGuard, method: &str, path: &str, body: Value, status: usize, answer: &str) -> Mock {
    mock_json(s, method, path, None, status, answer)
        .match_header("content-type", Matcher::Regex("^application/json".into()))
        .match_body(Matcher::Json(body))
}

/// The quote fixture with changes, as text.
fn quote_with(changes: Value) -> String {
    let mut q = fixture_json("quotes/quote");
    for (k, v) in changes.as_object().unwrap() {
        q[k] = v.clone();
    }
    q.to_string()
}

// ----- quotes -----

#[test]
fn list_sends_every_filter_and_reads_the_page_and_status_counts() {
    let mut s = server();
    let partner = uuid!("a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d");
    let m = mock_json(
        &mut s,
        "GET",
        "/v2/quotes",
        Some(&format!(
            "search=Contoso&status=draft,sent,changes_requested&account=partner&partnerId={partner}\
             &intentType=PAX8_TO_PARTNER_CLIENT&sort=client.name,asc&page=0&limit=2"
        )),
        200,
        &fixture("quotes/quotes-page"),
    )
    .expect(1)
    .create();
    let list = client(&s)
        .quotes()
        .list()
        .search("Contoso")
        .status(QuoteStatus::Expired)
        .statuses([QuoteStatus::Draft, QuoteStatus::Sent, QuoteStatus::ChangesRequested, QuoteStatus::Draft])
        .account(QuoteAccount::Partner)
        .partner_id(partner)
        .intent_type(QuoteIntentType::Pax8ToPartnerClient)
        .sort(QuoteSort::ClientName, SortDirection::Asc)
        .page(0)
        .page_size(2)
        .send()
        .unwrap();
    m.assert();
    let page = &list.page;
    assert_eq!((page.number, page.size, page.total_elements, page.total_pages), (0, 2, 57, 29));
    let first = &page.items[0];
    assert_eq!((first.id, first.reference_code.as_str()), (QUOTE, "Q-2024-0042"));
    assert_eq!((first.status.clone(), first.client.name.as_str()), (Some(QuoteStatus::Sent), "Contoso Ltd"));
    assert_eq!(first.owned_by.as_ref().unwrap().role.as_deref(), Some("Admin"));
    assert_eq!((first.line_item_counts.custom, first.line_item_counts.msp, first.line_item_counts.total), (1, 2, 3));
    assert_eq!(first.totals.recurring_total.amount, dec("220.10"));
    let second = &page.items[1];
    assert_eq!(second.status, Some(QuoteStatus::Other("awaiting_signature".into())));
    assert_eq!(second.updated_on, Some(Timestamp::Unparsed("not a date".into()))); // kept as sent
    assert_eq!(second.partner, None);
    let c = &list.status_counts;
    assert_eq!((c.draft, c.assigned, c.sent, c.changes_requested, c.pending), (12, 3, 20, 2, 0));
    assert_eq!(c.other.get("awaiting_signature"), Some(&1));
    assert_eq!(c.total(), 57);
}

/// A page of the quotes list holding the fixture's rows `rows`, page `number` of `pages`.
fn quotes_page(rows: &[usize], number: u32, pages: u32) -> String {
    let f = fixture_json("quotes/quotes-page");
    let content: Vec<Value> = rows.iter().map(|&i| f["content"][i].clone()).collect();
    json!({
        "content": content,
        "page": {"size": 2, "totalElements": 3, "totalPages": pages, "number": number},
        "statusCounts": {"draft": 1, "sent": 2}
    })
    .to_string()
}

/// A server that applies its own page size of 50 whatever `limit` asks for (the spec gives no
/// maximum): the listing still walks every quote once.
#[test]
fn items_walk_every_quote_once_when_the_server_caps_the_page_lower() {
    let mut s = server();
    let base = fixture_json("quotes/quotes-page")["content"][0].clone();
    let total = 120usize;
    let ids: Vec<String> = (0..total).map(|i| format!("00000000-0000-4000-8000-{i:012}")).collect();
    let mut mocks = Vec::new();
    for page in 0..3 {
        let content: Vec<Value> = ids[page * 50..((page + 1) * 50).min(total)]
            .iter()
            .map(|id| {
                let mut q = base.clone();
                q["id"] = json!(id);
                q
            })
            .collect();
        let body =
            json!({"content": content, "page": {"number": page, "size": 50, "totalElements": total, "totalPages": 3}});
        let query = format!("page={page}&limit=200");
        mocks.push(mock_json(&mut s, "GET", "/v2/quotes", Some(&query), 200, &body.to_string()).expect(1).create());
    }
    let got: Vec<String> = client(&s).quotes().list().items().map(|q| q.unwrap().id.to_string()).collect();
    for m in mocks {
        m.assert();
    }
    assert_eq!(got, ids);
}

#[test]
fn pages_and_items_walk_two_pages_with_limit() {
    let mut s = server();
    let p0 =
        mock_json(&mut s, "GET", "/v2/quotes", Some("status=sent&page=0&limit=2"), 200, &quotes_page(&[0, 1], 0, 2))
            .expect(2)
            .create();
    let p1 = mock_json(&mut s, "GET", "/v2/quotes", Some("status=sent&page=1&limit=2"), 200, &quotes_page(&[0], 1, 2))
        .expect(2)
        .create();
    let c = client(&s);
    let refs: Vec<String> =
        c.quotes().list().status(QuoteStatus::Sent).page_size(2).items().map(|q| q.unwrap().reference_code).collect();
    assert_eq!(refs, ["Q-2024-0042", "Q-2024-0043", "Q-2024-0042"]);
    let pages: Vec<_> = c.quotes().list().status(QuoteStatus::Sent).page_size(2).pages().map(Result::unwrap).collect();
    assert_eq!(pages.iter().map(|l| (l.page.number, l.page.items.len())).collect::<Vec<_>>(), [(0, 2), (1, 1)]);
    assert_eq!((pages[1].status_counts.draft, pages[1].status_counts.sent), (1, 2));
    p0.assert();
    p1.assert();
}

#[test]
fn create_sends_the_client_id_and_reads_the_new_quote() {
    let mut s = server();
    let answer = quote_with(json!({"status": "draft", "lineItems": [], "published": false, "introMessage": null}));
    let plain = mock_body(&mut s, "POST", "/v2/quotes", json!({"clientId": COMPANY}), 201, &answer).expect(1).create();
    let quote = client(&s).quotes().create(COMPANY).send().unwrap();
    plain.assert();
    assert_eq!((quote.id, quote.status, quote.client.id), (QUOTE, Some(QuoteStatus::Draft), COMPANY));
    assert!(quote.line_items.is_empty() && quote.intro_message.is_none() && !quote.published);

    let request = QuoteRequestId::from_uuid(uuid!("d4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f70"));
    let answering = mock_body(
        &mut s,
        "POST",
        "/v2/quotes",
        json!({"clientId": COMPANY, "quoteRequestId": request}),
        201,
        &fixture("quotes/quote"),
    )
    .expect(1)
    .create();
    let quote = client(&s).quotes().create(COMPANY).quote_request_id(request).send().unwrap();
    answering.assert();
    assert_eq!(quote.quote_request_id.as_ref().and_then(|r| r.id()), Some(request));
}

#[test]
fn a_required_amount_sent_as_null_fails_naming_its_field() {
    let mut s = server();
    let body = fixture("quotes/quote").replacen(r#""cost": { "amount": 19.8,"#, r#""cost": { "amount": null,"#, 1);
    assert_ne!(body, fixture("quotes/quote"), "the fixture changed: pick another amount");
    mock_json(&mut s, "GET", &format!("/v2/quotes/{QUOTE}"), None, 200, &body).expect(1).create();
    let err = client(&s).quotes().get(QUOTE).send().unwrap_err();
    let chain = std::iter::successors(Some(&err as &dyn std::error::Error), |e| e.source())
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(": ");
    assert!(chain.contains("lineItems[0].cost.amount: a required amount is null at line"), "{chain}");
}

#[test]
fn get_reads_the_quote_with_its_line_items_and_totals() {
    let mut s = server();
    let m = mock_json(&mut s, "GET", &format!("/v2/quotes/{QUOTE}"), None, 200, &fixture("quotes/quote")).create();
    let quote = client(&s).quotes().get(QUOTE).send().unwrap();
    m.assert();
    assert_eq!(quote.reference_code, "Q-2024-0042");
    assert_eq!(quote.line_items.len(), 3);
    assert_eq!(quote.line_items[1].cost.amount, dec("12.345678901234567890"));
    assert_eq!(quote.line_items[2].usage_based.as_ref().unwrap().kind, Some(UsageBasedType::QtyVaries));
    assert_eq!(quote.totals.recurring_total.amount, dec("220.10"));
    assert_eq!(quote.totals.initial_profit.amount, dec("7.644321098765432110"));
    assert_eq!(quote.attachments[0].name, "terms.pdf");
    assert_eq!(quote.expires_on, Some(Timestamp::DateTime(datetime!(2024-03-31 0:00 UTC))));
}

#[test]
fn update_reads_the_quote_then_puts_the_change_over_its_current_values() {
    let mut s = server();
    let path = format!("/v2/quotes/{QUOTE}");
    let read = mock_json(&mut s, "GET", &path, None, 200, &fixture("quotes/quote")).expect(1).create();
    let write = mock_body(
        &mut s,
        "PUT",
        &path,
        json!({
            "expiresOn": "2024-04-30T00:00:00.000Z",
            "introMessage": "Thank you for the opportunity.",
            "published": true,
            "status": "sent",
            "termsAndDisclaimers": "Prices valid for 30 days."
        }),
        200,
        &quote_with(json!({"expiresOn": "2024-04-30T00:00:00Z"})),
    )
    .expect(1)
    .create();
    let quote = client(&s).quotes().update(QUOTE).expires_on(datetime!(2024-04-30 0:00 UTC)).send().unwrap();
    read.assert();
    write.assert();
    assert_eq!(quote.expires_on, Some(Timestamp::DateTime(datetime!(2024-04-30 0:00 UTC))));
}

/// A quote server as the spec says: `PUT` requires all five fields (400 otherwise) and
/// replaces them; `GET` answers the stored quote.
fn replacing_quote_server(s: &mut ServerGuard, stored: Value) -> Arc<Mutex<Value>> {
    let path = format!("/v2/quotes/{QUOTE}");
    let stored = Arc::new(Mutex::new(stored));
    let state = stored.clone();
    s.mock("GET", path.as_str())
        .with_header("content-type", "application/json")
        .with_body_from_request(move |_| state.lock().unwrap().to_string().into_bytes())
        .create();
    let state = stored.clone();
    let required = ["expiresOn", "introMessage", "published", "status", "termsAndDisclaimers"];
    s.mock("PUT", path.as_str())
        .match_request(move |req| {
            let body: Value = serde_json::from_slice(req.body().unwrap()).unwrap();
            required.iter().all(|k| body.get(*k).is_some_and(|v| !v.is_null()))
        })
        .with_header("content-type", "application/json")
        .with_body_from_request(move |req| {
            // The exact text of the body is kept, to check what went out digit for digit.
            let text = String::from_utf8(req.body().unwrap().clone()).unwrap();
            let body: Value = serde_json::from_str(&text).unwrap();
            let mut q = state.lock().unwrap();
            for k in required {
                q[k] = body[k].clone();
            }
            q["lastBody"] = Value::String(text);
            q.to_string().into_bytes()
        })
        .create();
    s.mock("PUT", path.as_str()).with_status(400).with_body(r#"{"message":"missing a required field"}"#).create();
    stored
}

#[test]
fn update_of_a_fresh_draft_sends_every_required_field() {
    let mut s = server();
    // A fresh draft: no intro or terms, a date-only expiry.
    let draft: Value = serde_json::from_str(&quote_with(json!({"status": "draft", "published": false,
        "introMessage": null, "termsAndDisclaimers": null, "expiresOn": "2024-03-31"})))
    .unwrap();
    let stored = replacing_quote_server(&mut s, draft);
    client(&s).quotes().update(QUOTE).intro_message("Hello").send().unwrap();
    assert_eq!(
        stored.lock().unwrap()["lastBody"],
        r#"{"expiresOn":"2024-03-31","introMessage":"Hello","published":false,"status":"draft","termsAndDisclaimers":""}"#
    );
}

#[test]
fn update_keeps_an_expiry_it_cannot_parse_and_refuses_when_there_is_none() {
    let mut s = server();
    let odd: Value = serde_json::from_str(&quote_with(json!({"expiresOn": "2024-03-31T17:00:00.5-0600"}))).unwrap();
    let stored = replacing_quote_server(&mut s, odd);
    client(&s).quotes().update(QUOTE).published(false).send().unwrap();
    let body = stored.lock().unwrap()["lastBody"].as_str().unwrap().to_owned();
    assert!(body.starts_with(r#"{"expiresOn":"2024-03-31T17:00:00.5-0600","#), "{body}");

    let mut s = server();
    let none: Value = serde_json::from_str(&quote_with(json!({"expiresOn": null}))).unwrap();
    replacing_quote_server(&mut s, none);
    let err = client(&s).quotes().update(QUOTE).published(false).send().unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid request: the quote has no `expiresOn` to keep and the update requires one: set it with .expires_on(..)"
    );
}

#[test]
fn update_with_every_field_set_skips_the_read() {
    let mut s = server();
    let path = format!("/v2/quotes/{QUOTE}");
    let read = mock_json(&mut s, "GET", &path, None, 200, "{}").expect(0).create();
    let body = json!({"expiresOn": "2024-05-01T12:00:00.000Z", "introMessage": "Hi", "published": true,
                      "status": "sent", "termsAndDisclaimers": "Net 30"});
    let write = mock_body(&mut s, "PUT", &path, body, 200, &fixture("quotes/quote")).expect(1).create();
    let quote = client(&s)
        .quotes()
        .update(QUOTE)
        .expires_on(datetime!(2024-05-01 12:00 UTC))
        .intro_message("Hi")
        .published(true)
        .status(QuoteStatus::Sent)
        .terms_and_disclaimers("Net 30")
        .send()
        .unwrap();
    read.assert();
    write.assert();
    assert_eq!(quote.status, Some(QuoteStatus::Sent));
}

#[test]
fn delete_and_take_ownership() {
    let mut s = server();
    let delete = mock_json(&mut s, "DELETE", &format!("/v2/quotes/{QUOTE}"), None, 204, "").expect(1).create();
    client(&s).quotes().delete(QUOTE).send().unwrap();
    delete.assert();

    let take =
        mock_json(&mut s, "POST", &format!("/v2/quotes/{QUOTE}/take-ownership"), None, 200, &fixture("quotes/quote"))
            .match_body(Matcher::Exact(String::new()))
            .expect(1)
            .create();
    let quote = client(&s).quotes().take_ownership(QUOTE).send().unwrap();
    take.assert();
    assert_eq!(quote.owned_by.unwrap().full_name, "Jo Smith");
}

// ----- line items -----

fn line_items_answer(indexes: &[usize]) -> String {
    let q = fixture_json("quotes/quote");
    Value::Array(indexes.iter().map(|&i| q["lineItems"][i].clone()).collect()).to_string()
}

#[test]
fn line_items_add_sends_the_three_kinds_and_reads_what_was_created() {
    let mut s = server();
    let body = json!([
        {"type": "Standard", "productId": PRODUCT, "quantity": 10, "billingTerm": "1 Year",
         "effectiveDate": "2024-04-01T00:00:00.000Z", "price": 22.00, "note": "Annual commitment, monthly billing"},
        {"type": "Custom", "productName": "Onboarding", "productSku": "ONB-1", "quantity": 1,
         "billingTerm": "One-Time", "effectiveDate": "2024-04-01T00:00:00.000Z", "price": 19.99,
         "cost": 12.30, "initialTotal": 19.99},
        {"type": "UsageBased", "productId": PRODUCT, "quantity": 1, "billingTerm": "Monthly",
         "effectiveDate": "2024-04-01T00:00:00.000Z", "price": 0.10, "cost": 0.08,
         "requiredLineItemIndex": 0, "usageBased": {"type": "QTY_VARIES", "displayNote": true}}
    ]);
    let m =
        mock_body(&mut s, "POST", &format!("/v2/quotes/{QUOTE}/line-items"), body, 201, &line_items_answer(&[0, 1, 2]))
            .expect(1)
            .create();
    let added = client(&s)
        .quotes()
        .line_items(QUOTE)
        .add(vec![
            NewQuoteLineItem::standard(PRODUCT, 10, QuoteBillingTerm::OneYear, DAY)
                .price(dec("22.00"))
                .note("Annual commitment, monthly billing"),
            NewQuoteLineItem::custom("Onboarding", 1, QuoteBillingTerm::OneTime, DAY)
                .product_sku("ONB-1")
                .price(dec("19.99"))
                .cost(dec("12.30"))
                .initial_total(dec("19.99")),
            NewQuoteLineItem::usage_based(
                PRODUCT,
                1,
                QuoteBillingTerm::Monthly,
                DAY,
                UsageBased::new(UsageBasedType::QtyVaries, true),
            )
            .price(dec("0.10"))
            .cost(dec("0.08"))
            .required_line_item_index(0),
        ])
        .send()
        .unwrap();
    m.assert();
    let q = fixture_json("quotes/quote");
    assert_json_covers(&serde_json::to_value(&added).unwrap(), &q["lineItems"]);
    assert_eq!(added[0].id, LINE_1);
    assert_eq!(added[0].billing_term, Some(QuoteBillingTerm::OneYear));
    assert_eq!(added[1].totals.initial_total.amount, dec("19.99"));
}

#[test]
fn the_custom_item_cost_stays_exact_on_the_wire() {
    // Matcher::Json compares as f64; this checks the text itself.
    let mut s = server();
    let m = mock_json(&mut s, "POST", &format!("/v2/quotes/{QUOTE}/line-items"), None, 201, "[]")
        .match_body(Matcher::Regex(r#""cost":12\.345678901234567890[,}]"#.into()))
        .expect(1)
        .create();
    client(&s)
        .quotes()
        .line_items(QUOTE)
        .add(vec![
            NewQuoteLineItem::custom("Onboarding", 1, QuoteBillingTerm::OneTime, DAY)
                .price(dec("19.99"))
                .cost(dec("12.345678901234567890"))
                .initial_total(dec("19.99")),
        ])
        .send()
        .unwrap();
    m.assert();
}

#[test]
fn line_items_update_delete_and_bulk_delete() {
    let mut s = server();
    let base = format!("/v2/quotes/{QUOTE}/line-items");
    let body = json!([{"type": "Standard", "id": LINE_1, "quantity": 12, "billingTerm": "1 Year",
                       "effectiveDate": "2024-04-01T00:00:00.000Z", "price": 21.50}]);
    let update = mock_body(&mut s, "PUT", &base, body, 200, &line_items_answer(&[0])).expect(1).create();
    let changed = client(&s)
        .quotes()
        .line_items(QUOTE)
        .update(vec![QuoteLineItemUpdate::standard(LINE_1, 12, QuoteBillingTerm::OneYear, DAY).price(dec("21.50"))])
        .send()
        .unwrap();
    update.assert();
    assert_eq!(changed.len(), 1);
    assert_eq!(changed[0].product.sku, "MST-M365-BP");

    let one = mock_json(&mut s, "DELETE", &format!("{base}/{LINE_3}"), None, 204, "").expect(1).create();
    client(&s).quotes().line_items(QUOTE).delete(LINE_3).send().unwrap();
    one.assert();

    let many =
        mock_body(&mut s, "POST", &format!("{base}/bulk-delete"), json!({"lineItemIds": [LINE_1, LINE_3]}), 204, "")
            .expect(1)
            .create();
    client(&s).quotes().line_items(QUOTE).delete_many([LINE_1, LINE_3]).send().unwrap();
    many.assert();
}

#[test]
fn bad_input_is_refused_with_zero_requests_sent() {
    let mut s = server();
    let none = expect_no_requests(&mut s);
    let c = client(&s);
    let refused = |r: pax8::Result<()>| match r {
        Err(Error::InvalidInput(why)) => why,
        other => panic!("expected a refusal before sending, got {other:?}"),
    };
    let priced = || NewQuoteLineItem::standard(PRODUCT, 1, QuoteBillingTerm::Monthly, DAY).price(Decimal::ONE);

    let why = refused(c.quotes().line_items(QUOTE).add(vec![priced(); 31]).send().map(drop));
    assert_eq!(why, "at most 30 line items per quote, got 31");
    let unpriced = NewQuoteLineItem::custom("Onboarding", 1, QuoteBillingTerm::OneTime, DAY)
        .product_sku("ONB-1")
        .cost(dec("300"))
        .initial_total(dec("500"));
    let why = refused(c.quotes().line_items(QUOTE).add(vec![priced(), unpriced]).send().map(drop));
    assert_eq!(why, "line item 1: price is required");
    let bad_sku = NewQuoteLineItem::custom("Onboarding", 1, QuoteBillingTerm::OneTime, DAY)
        .product_sku("ONB_1")
        .price(Decimal::ONE)
        .cost(Decimal::ONE)
        .initial_total(Decimal::ONE);
    assert!(refused(c.quotes().line_items(QUOTE).add(vec![bad_sku]).send().map(drop)).contains("dashes"));
    let updates =
        vec![QuoteLineItemUpdate::standard(LINE_1, 1, QuoteBillingTerm::Monthly, DAY).price(Decimal::ONE); 31];
    assert!(refused(c.quotes().line_items(QUOTE).update(updates).send().map(drop)).contains("got 31"));
    assert_eq!(
        refused(c.quotes().line_items(QUOTE).delete_many(Vec::<LineItemId>::new()).send()),
        "no line items to delete"
    );
    let half = QuoteLineItemUpdate::standard(LINE_1, dec("1.5"), QuoteBillingTerm::Monthly, DAY).price(Decimal::ONE);
    assert_eq!(
        refused(c.quotes().line_items(QUOTE).update([half]).send().map(drop)),
        "line item 0: quantity 1.5 is not a whole number between 0 and 2147483647"
    );

    assert!(refused(c.quotes().create(Uuid::nil()).send().map(drop)).contains("client id"));
    assert_eq!(refused(c.quotes().update(QUOTE).send().map(drop)), "the quote update sets nothing");
    assert!(refused(c.quotes().sections(QUOTE).create("").send().map(drop)).contains("name"));
    assert!(
        refused(c.quotes().access_list(QUOTE).add([NewAccessListEntry::new("")]).send().map(drop)).contains("email")
    );
    assert!(refused(c.quotes().list().page_size(201).send().map(drop)).contains("page_size"));
    none.assert();
}

#[test]
fn a_line_item_as_read_is_updated_by_changing_one_field() {
    let mut s = server();
    let read = mock_json(&mut s, "GET", &format!("/v2/quotes/{QUOTE}"), None, 200, &fixture("quotes/quote")).create();
    let body = json!([{"type": "Standard", "id": LINE_1, "quantity": 12, "billingTerm": "1 Year",
                       "effectiveDate": "2024-04-01T00:00:00.000Z", "price": 22.0,
                       "note": "Annual commitment, monthly billing",
                       "commitmentTermId": "f6a7b8c9-d0e1-4f2a-9b3c-4d5e6f7a8b9c"}]);
    let update =
        mock_body(&mut s, "PUT", &format!("/v2/quotes/{QUOTE}/line-items"), body, 200, &line_items_answer(&[0]))
            .expect(1)
            .create();
    let c = client(&s);
    let quote = c.quotes().get(QUOTE).send().unwrap();
    let changed =
        c.quotes().line_items(quote.id).update([quote.line_items[0].to_update().quantity(12)]).send().unwrap();
    read.assert();
    update.assert();
    assert_eq!(changed[0].id, LINE_1);
}

// ----- sections -----

#[test]
fn sections_list_create_and_update() {
    let mut s = server();
    let path = format!("/v2/quotes/{QUOTE}/sections");
    let list = mock_json(&mut s, "GET", &path, None, 200, &fixture("quotes/sections")).expect(1).create();
    let sections = client(&s).quotes().sections(QUOTE).list().send().unwrap();
    list.assert();
    assert_json_covers(
        &serde_json::to_value(&sections).unwrap(),
        &json!([
            fixture_json("quotes/sections")["sections"][0],
            {"id": "66666666-6666-4666-8666-666666666666", "name": "Services", "order": 1}
        ]),
    );
    assert_eq!(sections[0].line_items[1].line_item_id, LINE_3);

    let create = mock_body(&mut s, "POST", &path, json!({"name": "Services"}), 201, &fixture("quotes/sections"))
        .expect(1)
        .create();
    let after = client(&s).quotes().sections(QUOTE).create("Services").send().unwrap();
    create.assert();
    assert_eq!(after.len(), 2);

    let body = json!({"sections": [{"id": SECTION, "name": "Licences", "order": 0,
                                    "lineItems": [{"lineItemId": LINE_3, "order": 0}, {"lineItemId": LINE_1, "order": 1}]}]});
    let answer = json!({"sections": body["sections"].clone()}).to_string();
    let update = mock_body(&mut s, "PUT", &path, body, 200, &answer).expect(1).create();
    let written = client(&s)
        .quotes()
        .sections(QUOTE)
        .update([SectionUpdate::new(SECTION, "Licences", 0).line_items([LINE_3, LINE_1])])
        .send()
        .unwrap();
    update.assert();
    assert_eq!(
        (written.len(), written[0].name.as_str(), written[0].line_items[0].line_item_id),
        (1, "Licences", LINE_3)
    );
}

// ----- access list -----

#[test]
fn access_list_list_add_and_delete() {
    let mut s = server();
    let path = format!("/v2/quotes/{QUOTE}/access-list");
    let list = mock_json(&mut s, "GET", &path, None, 200, &fixture("quotes/access-list")).expect(1).create();
    let entries = client(&s).quotes().access_list(QUOTE).list().send().unwrap();
    list.assert();
    assert_json_covers(&serde_json::to_value(&entries).unwrap(), &fixture_json("quotes/access-list")["accessList"]);
    assert_eq!(entries[0].account_type, Some(AccessAccountType::Contact));
    assert_eq!(entries[1].account_type, Some(AccessAccountType::Other("reseller".into())));

    let body = json!([{"email": "buyer@contoso.example", "accountType": "contact", "accountName": "Pat Buyer",
                       "accountRole": "Billing"}]);
    let created = json!([fixture_json("quotes/access-list")["accessList"][0]]).to_string();
    let add = mock_body(&mut s, "POST", &path, body, 201, &created).expect(1).create();
    let added = client(&s)
        .quotes()
        .access_list(QUOTE)
        .add([NewAccessListEntry::new("buyer@contoso.example")
            .account_type(AccessAccountType::Contact)
            .account_name("Pat Buyer")
            .account_role("Billing")])
        .send()
        .unwrap();
    add.assert();
    assert_eq!(
        (added[0].id, added[0].link.as_str()),
        (ENTRY, "https://app.pax8.com/quotes/view/77777777-7777-4777-8777-777777777777")
    );

    let delete = mock_json(&mut s, "DELETE", &format!("{path}/{ENTRY}"), None, 204, "").expect(1).create();
    client(&s).quotes().access_list(QUOTE).delete(ENTRY).send().unwrap();
    delete.assert();
}

// ----- errors -----

#[test]
fn a_404_carries_the_quoting_error_body_and_its_codes() {
    let mut s = server();
    let body = json!({"type": "https://api.pax8.com/problems/not-found", "message": "Quote not found",
                      "instance": format!("/v2/quotes/{QUOTE}"), "status": 404,
                      "details": [{"type": "QUOTE_NOT_FOUND", "message": "No quote with this id"}]})
    .to_string();
    mock_json(&mut s, "GET", &format!("/v2/quotes/{QUOTE}"), None, 404, &body).expect(1).create();
    let err = client(&s).quotes().get(QUOTE).send().unwrap_err();
    assert!(err.is_not_found());
    let api = err.api().unwrap();
    assert_eq!(api.endpoint, format!("GET /v2/quotes/{QUOTE}"));
    assert_eq!(api.body.as_ref().unwrap().message.as_deref(), Some("Quote not found"));
    assert_eq!(api.quote_error_codes(), [QuoteErrorCode::QuoteNotFound]);
    assert!(err.to_string().ends_with("Quote not found; [QUOTE_NOT_FOUND] No quote with this id"), "{err}");
}

#[test]
fn a_422_names_each_refusal_and_is_not_retried() {
    let mut s = server();
    let m = mock_json(&mut s, "POST", &format!("/v2/quotes/{QUOTE}/line-items"), None, 422, &fixture("quotes/error"))
        .match_header("authorization", format!("Bearer {TOKEN}").as_str())
        .expect(1)
        .create();
    let item = NewQuoteLineItem::standard(PRODUCT, 1, QuoteBillingTerm::Monthly, DAY).price(Decimal::ONE);
    let err = client(&s).quotes().line_items(QUOTE).add(vec![item]).send().unwrap_err();
    m.assert();
    assert_eq!(err.status(), Some(422));
    let api = err.api().unwrap();
    assert_eq!(api.body.as_ref().unwrap().kind.as_deref(), Some("https://api.pax8.com/problems/validation"));
    assert_eq!(
        api.quote_error_codes(),
        [
            QuoteErrorCode::LineItemLimitExceeded,
            QuoteErrorCode::InvalidRequestField,
            QuoteErrorCode::Other("QUOTE_SIGNATURE_MISSING".into())
        ]
    );
    assert!(err.to_string().contains("A quote can hold at most 30 line items"), "{err}");
}
