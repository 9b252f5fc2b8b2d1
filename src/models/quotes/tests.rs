//! Decoding of every quoting fixture, exact encoding of every body, and the pre-send checks.

use rust_decimal::Decimal;
use serde_json::json;
use time::macros::datetime;
use uuid::Uuid;

use super::*;
use crate::error::ErrorBody;
use crate::models::{LineItemId, Timestamp};

const QUOTE: &str = include_str!("../../testing/fixtures/quotes/quote.json");
const QUOTES_PAGE: &str = include_str!("../../testing/fixtures/quotes/quotes-page.json");
const SECTIONS: &str = include_str!("../../testing/fixtures/quotes/sections.json");
const ACCESS_LIST: &str = include_str!("../../testing/fixtures/quotes/access-list.json");
const ATTACHMENTS: &str = include_str!("../../testing/fixtures/quotes/attachments.json");
const PREFERENCES: &str = include_str!("../../testing/fixtures/quotes/preferences.json");
const ERROR: &str = include_str!("../../../tests/fixtures/quotes/error.json");

fn id(s: &str) -> Uuid {
    Uuid::parse_str(s).unwrap()
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap()
}

fn usd(amount: &str) -> AmountCurrency {
    AmountCurrency::new(dec(amount), "USD")
}

const DAY: time::OffsetDateTime = datetime!(2024-04-01 0:00 UTC);

#[test]
fn odd_dates_keep_their_time_their_date_or_their_text() {
    use crate::models::common::odd_dates::{DATE, DATETIME, TEXT, assert_kept};
    let q: Quote =
        serde_json::from_value(json!({"createdOn": DATETIME, "expiresOn": DATE, "publishedOn": TEXT})).unwrap();
    assert_kept(&q.created_on, &q.expires_on, &q.published_on);
    let list: QuoteList = serde_json::from_value(json!({"content": [
        {"createdOn": DATETIME, "updatedOn": DATE, "publishedOn": TEXT}
    ]}))
    .unwrap();
    let summary = &list.page.items[0];
    assert_kept(&summary.created_on, &summary.updated_on, &summary.published_on);
    let a: QuoteAttachment = serde_json::from_value(json!({"createdOn": DATETIME, "replacedOn": TEXT})).unwrap();
    assert_eq!((&a.created_on, &a.replaced_on), (&q.created_on, &q.published_on));
    let item: QuoteLineItem = serde_json::from_value(json!({"effectiveDate": DATE})).unwrap();
    assert_eq!(item.effective_date.unwrap().to_string(), DATE);
}

#[test]
fn a_quote_decodes_with_its_three_kinds_of_line_items() {
    let q: Quote = serde_json::from_str(QUOTE).unwrap();
    assert_eq!(q.id, id("6f1c3a52-9a4e-4d1b-8f2e-3b7f0c2d9e11"));
    assert_eq!(q.reference_code, "Q-2024-0042");
    assert_eq!(q.status, Some(QuoteStatus::Sent));
    assert_eq!(q.intent_type, Some(QuoteIntentType::PartnerToClient));
    assert_eq!((q.client.name.as_str(), q.client.is_shadow_company), ("Contoso Ltd", false));
    assert_eq!(q.partner.name, "Fabrikam MSP");
    assert_eq!(q.partner.street2.as_deref(), Some("Suite 5"));
    assert_eq!(q.partner.state_or_province_code.as_deref(), Some("CO"));
    assert_eq!(q.partner.parent_partner.as_ref().unwrap().parent_partner_name.as_deref(), Some("Fabrikam Group"));
    let owner = q.owned_by.as_ref().unwrap();
    assert_eq!((owner.full_name.as_str(), owner.role.as_deref()), ("Jo Smith", Some("Admin")));
    assert_eq!(owner.display_name.as_deref(), Some("Jo"));
    assert_eq!(q.created_by_email, "jo@fabrikam.example");
    assert_eq!(q.created_on, Some(Timestamp::DateTime(datetime!(2024-03-01 9:30 UTC))));
    assert_eq!(q.expires_on, Some(Timestamp::DateTime(datetime!(2024-03-31 0:00 UTC))));
    assert_eq!(q.published_on, Some(Timestamp::DateTime(datetime!(2024-03-02 10:00 -6))));
    assert_eq!((q.responded_on, q.revoked_on), (None, None));
    assert!(q.published);
    assert_eq!(q.terms_and_disclaimers.as_deref(), Some("Prices valid for 30 days."));
    assert_eq!(q.intro_message.as_deref(), Some("Thank you for the opportunity."));
    assert_eq!(q.sales_margin_percentage, Some(dec("12.5")));
    assert_eq!(
        q.quote_request_id.as_ref().and_then(|r| r.id()),
        Some(id("d4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f70").into())
    );
    assert_eq!((q.accepted_by.as_ref(), q.declined_by.as_ref()), (None, None));

    assert_eq!(q.line_items.len(), 3);
    let [standard, custom, usage] = &q.line_items[..] else { unreachable!() };
    assert_eq!(standard.product.kind, Some(QuoteProductType::Standalone));
    assert_eq!(standard.product.sku, "MST-M365-BP");
    assert_eq!(standard.quantity, Decimal::TEN);
    assert_eq!(standard.billing_term, Some(QuoteBillingTerm::OneYear));
    assert_eq!(standard.commitment_term.as_ref().unwrap().term, "1-Year");
    assert_eq!(standard.price, usd("22.0"));
    assert_eq!(standard.totals.recurring_total, usd("220.0"));
    assert_eq!(standard.effective_date, Some(Timestamp::DateTime(DAY)));

    assert_eq!(custom.product.kind, Some(QuoteProductType::Custom));
    assert!(custom.product.is_msp_only);
    assert_eq!(custom.billing_term, Some(QuoteBillingTerm::OneTime));
    assert_eq!(custom.price.amount.to_string(), "19.99");
    assert_eq!(custom.cost.amount.to_string(), "12.345678901234567890");
    assert_eq!(custom.note, None);
    assert_eq!(custom.relationship, None);

    assert_eq!(usage.product.kind, Some(QuoteProductType::Solution));
    assert_eq!(usage.usage_based, Some(UsageBased::new(UsageBasedType::QtyVaries, true)));
    assert_eq!(usage.price.amount.to_string(), "0.10");
    let rel = usage.relationship.as_ref().unwrap();
    assert_eq!(
        (rel.required_line_item_id.as_ref().and_then(|r| r.id()), rel.required_subscription_id.as_ref()),
        (Some(standard.id), None)
    );

    assert_eq!(q.attachments.len(), 1);
    assert_eq!(q.attachments[0].kind, "application/pdf");
    assert_eq!(q.attachments[0].created_by.role, "Admin");
    assert_eq!(q.totals.initial_total, usd("19.99"));
    assert_eq!(q.totals.initial_profit.amount.to_string(), "7.644321098765432110");
    assert_eq!(q.totals.recurring_total.amount.to_string(), "220.10");
}

#[test]
fn a_quote_round_trips_with_exact_amounts() {
    let q: Quote = serde_json::from_str(QUOTE).unwrap();
    let text = serde_json::to_string(&q).unwrap();
    assert!(text.contains(r#"{"amount":19.99,"currency":"USD"}"#), "{text}");
    assert!(text.contains(r#""amount":12.345678901234567890"#), "{text}");
    assert!(text.contains(r#""amount":220.10"#), "{text}");
    assert!(text.contains(r#""role":"Admin""#), "{text}");
    assert_eq!(serde_json::from_str::<Quote>(&text).unwrap(), q);
}

#[test]
fn line_items_declared_as_one_object_are_read_as_a_list() {
    let one = json!({"lineItems": {"id": "11111111-1111-4111-8111-111111111111", "quantity": 2,
        "price": {"amount": 19.99, "currency": "USD"}}});
    let q: Quote = serde_json::from_str(&one.to_string()).unwrap();
    assert_eq!(q.line_items.len(), 1);
    assert_eq!(q.line_items[0].id, id("11111111-1111-4111-8111-111111111111"));
    assert_eq!(
        (q.line_items[0].quantity, q.line_items[0].price.amount.to_string()),
        (Decimal::TWO, "19.99".to_owned())
    );
    for body in [r#"{"lineItems": null}"#, r#"{}"#, r#"{"lineItems": []}"#] {
        assert_eq!(serde_json::from_str::<Quote>(body).unwrap().line_items, vec![], "{body}");
    }
    assert!(serde_json::from_str::<Quote>(r#"{"lineItems": 7}"#).is_err());
}

#[test]
fn the_owner_role_is_read_from_either_spelling() {
    let role = |body: serde_json::Value| serde_json::from_value::<QuoteOwner>(body).unwrap().role;
    assert_eq!(role(json!({"userRole": "Admin"})), Some("Admin".into()));
    assert_eq!(role(json!({"role": "Sales"})), Some("Sales".into()));
    assert_eq!(role(json!({"role": "Sales", "userRole": "Admin"})), Some("Sales".into()));
    assert_eq!(role(json!({"fullName": "Jo"})), None);
    // Written back under the key read (both when both came).
    let back = |body: serde_json::Value| {
        let v = serde_json::to_value(serde_json::from_value::<QuoteOwner>(body).unwrap()).unwrap();
        (v.get("role").cloned(), v.get("userRole").cloned())
    };
    assert_eq!(back(json!({"userRole": "Admin"})), (Some(json!(null)), Some(json!("Admin"))));
    assert_eq!(back(json!({"role": "Sales"})), (Some(json!("Sales")), None));
    assert_eq!(back(json!({"role": "Sales", "userRole": "Admin"})), (Some(json!("Sales")), Some(json!("Admin"))));
}

#[test]
fn a_quote_list_page_decodes_with_its_status_counts() {
    let list: QuoteList = serde_json::from_str(QUOTES_PAGE).unwrap();
    let p = &list.page;
    assert_eq!((p.number, p.size, p.total_elements, p.total_pages), (0, 2, 57, 29));
    assert_eq!(p.items.len(), 2);
    let first = &p.items[0];
    assert_eq!(first.reference_code, "Q-2024-0042");
    assert_eq!(first.status, Some(QuoteStatus::Sent));
    assert_eq!(first.owned_by.as_ref().unwrap().role.as_deref(), Some("Admin"));
    assert_eq!(first.partner.as_ref().unwrap().name, "Fabrikam MSP");
    assert_eq!(first.partner.as_ref().unwrap().city, None);
    assert_eq!((first.line_item_counts.custom, first.line_item_counts.msp, first.line_item_counts.total), (1, 2, 3));
    assert_eq!(first.totals.initial_total, usd("19.99"));
    assert_eq!(first.totals.recurring_total.amount.to_string(), "220.10");
    assert_eq!(first.updated_on, Some(Timestamp::DateTime(datetime!(2024-03-02 10:00 UTC))));
    let second = &p.items[1];
    assert_eq!(second.status, Some(QuoteStatus::Other("awaiting_signature".into())));
    assert_eq!(second.intent_type, Some(QuoteIntentType::Pax8ToPartnerClient));
    assert!(second.client.is_shadow_company);
    assert_eq!(second.updated_on, Some(Timestamp::Unparsed("not a date".into())));
    assert_eq!((second.owned_by.as_ref(), second.partner.as_ref()), (None, None));
    assert_eq!(second.totals.initial_total, AmountCurrency::new(Decimal::ZERO, "EUR"));

    let c = &list.status_counts;
    assert_eq!((c.draft, c.assigned, c.sent, c.closed, c.declined), (12, 3, 20, 1, 4));
    assert_eq!((c.accepted, c.changes_requested, c.expired, c.pending), (9, 2, 5, 0));
    assert_eq!(c.other.get("awaiting_signature"), Some(&1));
    assert_eq!(c.get(&QuoteStatus::Assigned), 3);
    assert_eq!(c.get(&QuoteStatus::Other("awaiting_signature".into())), 1);
    assert_eq!(c.get(&QuoteStatus::Other("nope".into())), 0);
    assert_eq!(c.total(), 57);

    // The pager walks the page inside the envelope.
    use crate::page::Envelope;
    assert_eq!(Envelope::page(&list).items.len(), 2);
    assert_eq!(list.clone().into_page(), list.page);
}

#[test]
fn a_quote_list_writes_the_wire_envelope_back() {
    let list: QuoteList = serde_json::from_str(QUOTES_PAGE).unwrap();
    let v = serde_json::to_value(&list).unwrap();
    assert_eq!(v["page"], json!({"number": 0, "size": 2, "totalElements": 57, "totalPages": 29}));
    assert_eq!(
        v["statusCounts"],
        json!({"draft": 12, "assigned": 3, "sent": 20, "closed": 1, "declined": 4, "accepted": 9,
            "changes_requested": 2, "expired": 5, "pending": 0, "awaiting_signature": 1})
    );
    assert_eq!(v["content"][1]["status"], "awaiting_signature");
    let text = serde_json::to_string(&list).unwrap();
    assert_eq!(serde_json::from_str::<QuoteList>(&text).unwrap(), list);
    assert_eq!(serde_json::from_slice::<QuoteList>(text.as_bytes()).unwrap(), list);
}

#[test]
fn a_quote_list_without_counts_or_items_is_empty() {
    let list: QuoteList = serde_json::from_str(
        r#"{"content": [], "page": {"size": 10, "totalElements": 0,
        "totalPages": 0, "number": 0}}"#,
    )
    .unwrap();
    assert!(list.page.items.is_empty() && list.page.is_last());
    assert_eq!(list.status_counts, StatusCounts::default());
    assert!(serde_json::from_str::<QuoteList>(r#"{"content": 3}"#).is_err());
    let null: QuoteList =
        serde_json::from_str(r#"{"content": null, "statusCounts": {"draft": 4, "sent": "n/a", "pending": -1}}"#)
            .unwrap();
    assert!(null.page.items.is_empty() && null.page.is_last());
    assert_eq!((null.status_counts.draft, null.status_counts.sent, null.status_counts.total()), (4, 0, 4));
    let no_counts: QuoteList = serde_json::from_str(r#"{"content": [], "statusCounts": null}"#).unwrap();
    assert_eq!(no_counts.status_counts, StatusCounts::default());
}

#[test]
fn sections_decode_and_encode() {
    let s: QuoteSections = serde_json::from_str(SECTIONS).unwrap();
    assert_eq!(s.sections.len(), 2);
    assert_eq!((s.sections[0].name.as_str(), s.sections[0].order), ("Licenses", 0));
    assert_eq!(s.sections[0].line_items[1], SectionLineItem::new(id("33333333-3333-4333-8333-333333333333"), 1));
    assert_eq!(s.sections[1].line_items, vec![]);

    let body = SectionsUpdate::new([SectionUpdate::new(id("55555555-5555-4555-8555-555555555555"), "Licenses", 0)
        .line_item(id("11111111-1111-4111-8111-111111111111"), 0)]);
    assert_eq!(
        serde_json::to_value(&body).unwrap(),
        json!({"sections": [{"id": "55555555-5555-4555-8555-555555555555", "name": "Licenses", "order": 0,
            "lineItems": [{"lineItemId": "11111111-1111-4111-8111-111111111111", "order": 0}]}]})
    );
    assert_eq!(body.check(), None);
    let unnamed = SectionsUpdate::new([s.sections[0].to_update(), SectionUpdate::new(Uuid::nil(), " ", 1)]);
    assert_eq!(unnamed.check().as_deref(), Some("section 1 has no name"));
    // A section as read gives back its own update body.
    assert_eq!(
        serde_json::to_value(s.sections[0].to_update().name("Licences").order(3)).unwrap(),
        json!({"id": s.sections[0].id, "name": "Licences", "order": 3,
            "lineItems": serde_json::to_value(&s.sections[0].line_items).unwrap()})
    );
    assert_eq!(
        serde_json::to_value(
            SectionUpdate::new(Uuid::nil(), "A", 0).line_items([id("11111111-1111-4111-8111-111111111111")])
        )
        .unwrap()["lineItems"],
        json!([{"lineItemId": "11111111-1111-4111-8111-111111111111", "order": 0}])
    );

    assert_eq!(serde_json::to_value(NewSection::new("Licenses")).unwrap(), json!({"name": "Licenses"}));
    assert_eq!(NewSection::new("Licenses").check(), None);
    assert_eq!(NewSection::new("").check().as_deref(), Some("a section needs a name"));
}

#[test]
fn the_access_list_decodes_and_entries_encode() {
    let a: AccessList = serde_json::from_str(ACCESS_LIST).unwrap();
    assert_eq!(a.access_list.len(), 2);
    let first = &a.access_list[0];
    assert_eq!(first.email, "buyer@contoso.example");
    assert_eq!(first.account_type, Some(AccessAccountType::Contact));
    assert_eq!(first.account_role.as_deref(), Some("Billing"));
    assert_eq!(first.user_id, None);
    let second = &a.access_list[1];
    assert_eq!(second.account_type, Some(AccessAccountType::Other("reseller".into())));
    assert_eq!(second.user_id, Some(id("c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f").into()));
    assert_eq!(serde_json::to_value(second).unwrap()["accountType"], "reseller");

    let entry = NewAccessListEntry::new("buyer@contoso.example")
        .account_type(AccessAccountType::Guest)
        .account_name("Pat Buyer")
        .account_role("Billing")
        .user_id(id("c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f"));
    assert_eq!(
        serde_json::to_value(&entry).unwrap(),
        json!({"email": "buyer@contoso.example", "accountType": "guest", "accountName": "Pat Buyer",
            "accountRole": "Billing", "userId": "c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f"})
    );
    assert_eq!(entry.check(), None);
    assert_eq!(serde_json::to_value(NewAccessListEntry::new("a@b.example")).unwrap(), json!({"email": "a@b.example"}));
    assert_eq!(
        NewAccessListEntry::new("nobody").check().as_deref(),
        Some(r#"an access list entry needs an email, got "nobody""#)
    );
}

#[test]
fn attachment_metadata_decodes_and_bodies_encode() {
    let list: Vec<QuoteAttachment> = serde_json::from_str(ATTACHMENTS).unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!((list[0].name.as_str(), list[0].order), ("terms.pdf", 0));
    assert_eq!(list[0].replaced_on, Some(Timestamp::DateTime(datetime!(2024-03-03 8:00 UTC))));
    assert_eq!(list[1].replaced_on, None);
    assert_eq!(list[1].created_by.full_name, "Jo Smith");
    assert!(list[1].url.ends_with("/v2/quote-attachments/99999999-9999-4999-8999-999999999999"));

    let update = AttachmentUpdate::from_attachment(&list[1]).name("SLA.docx").order(0);
    assert_eq!(
        serde_json::to_value([update.clone()]).unwrap(),
        json!([{"id": "99999999-9999-4999-8999-999999999999", "name": "SLA.docx", "order": 0}])
    );
    assert_eq!(update.check(), None);
    assert_eq!(
        AttachmentUpdate::new(Uuid::nil(), "", 0).check().as_deref(),
        Some("attachment 00000000-0000-0000-0000-000000000000 needs a name")
    );
    assert!(AttachmentUpdate::new(Uuid::nil(), "a.pdf", -1).check().unwrap().contains("negative order -1"));

    let copy = CopyAttachment::list([list[0].id, list[1].id]);
    assert_eq!(
        serde_json::to_value(&copy).unwrap(),
        json!([{"attachmentId": "44444444-4444-4444-8444-444444444444"},
            {"attachmentId": "99999999-9999-4999-8999-999999999999"}])
    );
}

#[test]
fn preferences_decode_and_the_update_body_encodes() {
    let p: QuotePreferences = serde_json::from_str(PREFERENCES).unwrap();
    assert_eq!(p.days_to_expire, Some(30));
    assert_eq!(p.intro_message.as_deref(), Some("Here is your quote."));
    assert_eq!(p.terms_and_disclaimers.as_deref(), Some("All prices exclude tax."));
    assert_eq!(p.sales_margin_percentage.unwrap().to_string(), "15.25");
    assert_eq!(p.attachments.len(), 1);
    // The answer to an update (`QuotePreferencesResult`) has no attachments.
    let result: QuotePreferences = serde_json::from_str(
        r#"{"daysToExpire": 7, "introMessage": "",
        "termsAndDisclaimers": "", "salesMarginPercentage": 0.1}"#,
    )
    .unwrap();
    assert_eq!((result.days_to_expire, result.attachments.len()), (Some(7), 0));
    assert_eq!(result.intro_message.as_deref(), Some(""));
    assert_eq!(result.sales_margin_percentage, Some(dec("0.1")));

    let update = PreferencesUpdate::new()
        .days_to_expire(45)
        .intro_message("Hi")
        .terms_and_disclaimers("Net 30")
        .sales_margin_percentage(dec("19.99"));
    assert_eq!(
        serde_json::to_value(&update).unwrap(),
        json!({"daysToExpire": 45, "introMessage": "Hi", "termsAndDisclaimers": "Net 30",
            "salesMarginPercentage": 19.99})
    );
    assert!(serde_json::to_string(&update).unwrap().contains(r#""salesMarginPercentage":19.99"#));
    assert_eq!((update.missing(), update.check()), (None, None));

    let partial = PreferencesUpdate::new().days_to_expire(0);
    assert_eq!(partial.missing().as_deref(), Some("a preferences update needs introMessage, termsAndDisclaimers"));
    assert_eq!(partial.check().as_deref(), Some("days_to_expire must be at least 1, got 0"));
    assert_eq!(
        serde_json::to_value(PreferencesUpdate::new().days_to_expire(60).fill_from(&p)).unwrap(),
        json!({"daysToExpire": 60, "introMessage": "Here is your quote.",
            "termsAndDisclaimers": "All prices exclude tax.", "salesMarginPercentage": 15.25})
    );

    let add = PreferenceAttachmentsBody::new([id("44444444-4444-4444-8444-444444444444").into()]);
    assert_eq!(serde_json::to_value(&add).unwrap(), json!({"attachments": ["44444444-4444-4444-8444-444444444444"]}));
    assert_eq!(add.check(), None);
    assert_eq!(PreferenceAttachmentsBody::new([]).check().as_deref(), Some("no attachments to add"));
}

#[test]
fn the_error_body_parses_and_its_codes_are_typed() {
    let body = ErrorBody::parse(ERROR).unwrap();
    assert_eq!(body.message.as_deref(), Some("Request validation failed"));
    assert_eq!(body.status, Some(400));
    assert_eq!(body.instance.as_deref(), Some("/v2/quotes/6f1c3a52-9a4e-4d1b-8f2e-3b7f0c2d9e11/line-items"));
    let codes: Vec<QuoteErrorCode> =
        body.details.iter().map(|d| QuoteErrorCode::from_wire(d.kind.as_deref().unwrap())).collect();
    assert_eq!(
        codes,
        vec![
            QuoteErrorCode::LineItemLimitExceeded,
            QuoteErrorCode::InvalidRequestField,
            QuoteErrorCode::Other("QUOTE_SIGNATURE_MISSING".into()),
        ]
    );
    assert_eq!(codes[2].as_str(), "QUOTE_SIGNATURE_MISSING");
    assert_eq!(serde_json::to_value(&codes[0]).unwrap(), json!("LINE_ITEM_LIMIT_EXCEEDED"));
    assert_eq!(QuoteErrorCode::from_wire("QUOTE_ACCESS_USERID_EXISTS"), QuoteErrorCode::QuoteAccessUseridExists);
}

#[test]
fn unknown_enum_values_round_trip() {
    fn round_trip<T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug>(
        wire: &str,
        expected: T,
    ) {
        let v: T = serde_json::from_value(json!(wire)).unwrap();
        assert_eq!(v, expected);
        assert_eq!(serde_json::to_value(&v).unwrap(), json!(wire));
    }
    round_trip("changes_requested", QuoteStatus::ChangesRequested);
    round_trip("on_hold", QuoteStatus::Other("on_hold".into()));
    round_trip("PAX8_TO_PARTNER", QuoteIntentType::Pax8ToPartner);
    round_trip("PARTNER_TO_PARTNER", QuoteIntentType::Other("PARTNER_TO_PARTNER".into()));
    round_trip("2 Year", QuoteBillingTerm::TwoYear);
    round_trip("5 Year", QuoteBillingTerm::Other("5 Year".into()));
    round_trip("UsageBased", LineItemType::UsageBased);
    round_trip("Bundle", LineItemType::Other("Bundle".into()));
    round_trip("PRICE_FLAT", UsageBasedType::PriceFlat);
    round_trip("TIERED", UsageBasedType::Other("TIERED".into()));
    round_trip("Addon", QuoteProductType::Other("Addon".into()));
    round_trip("partner", QuoteAccount::Partner);
    assert_eq!(QuoteStatus::from_wire("changesRequested"), QuoteStatus::ChangesRequested);
    assert_eq!(QuoteStatus::from_wire("DRAFT"), QuoteStatus::Draft);
    assert_eq!(QuoteSort::ClientName.as_str(), "client.name");
    assert_eq!(QuoteSort::RecurringTotal.as_str(), "totals.recurringTotal");
    assert_eq!(
        QuoteStatus::ALL.map(|s| s.as_str().to_owned()).join(","),
        "draft,assigned,sent,closed,declined,accepted,changes_requested,expired,pending"
    );
}

#[test]
fn create_and_update_quote_bodies_encode() {
    let client = id("0b5c7d9e-1f2a-4b3c-8d4e-5f6a7b8c9d0e");
    assert_eq!(serde_json::to_value(NewQuote::new(client)).unwrap(), json!({"clientId": client}));
    let with_request = NewQuote::new(client).quote_request_id(id("d4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f70"));
    assert_eq!(
        serde_json::to_value(&with_request).unwrap(),
        json!({"clientId": client, "quoteRequestId": "d4e5f6a7-b8c9-4d0e-9f1a-2b3c4d5e6f70"})
    );
    assert_eq!(with_request.check(), None);
    assert!(NewQuote::new(Uuid::nil()).check().unwrap().contains("client id"));

    let update = QuoteUpdate::new().status(QuoteStatus::Sent).expires_on(datetime!(2024-04-30 0:00 UTC));
    assert_eq!(
        serde_json::to_value(&update).unwrap(),
        json!({"status": "sent", "expiresOn": "2024-04-30T00:00:00.000Z"})
    );
    assert_eq!(update.missing().as_deref(), Some("a quote update needs introMessage, published, termsAndDisclaimers"));
    let quote: QuoteAsRead = serde_json::from_str(QUOTE).unwrap();
    let full = update.fill_from(&quote).unwrap();
    assert_eq!(full.missing(), None);
    assert_eq!(
        serde_json::to_value(&full).unwrap(),
        json!({"status": "sent", "expiresOn": "2024-04-30T00:00:00.000Z", "published": true,
            "introMessage": "Thank you for the opportunity.", "termsAndDisclaimers": "Prices valid for 30 days."})
    );
    let all = QuoteUpdate::new()
        .expires_on(datetime!(2024-04-30 12:00 +2))
        .intro_message("Hello")
        .published(false)
        .status(QuoteStatus::Other("archived".into()))
        .terms_and_disclaimers("None");
    assert_eq!(
        serde_json::to_value(&all).unwrap(),
        json!({"expiresOn": "2024-04-30T12:00:00.000+02:00", "introMessage": "Hello", "published": false,
            "status": "archived", "termsAndDisclaimers": "None"})
    );
    // A fresh draft with null texts: they go out as the spec's neutral `""`, the rest as read.
    let draft: QuoteAsRead = serde_json::from_str(
        r#"{"id": "6f1c3a52-9a4e-4d1b-8f2e-3b7f0c2d9e11", "status": "draft", "introMessage": null,
            "published": false, "expiresOn": "2024-05-01", "lineItems": null}"#,
    )
    .unwrap();
    let sent = QuoteUpdate::new().status(QuoteStatus::Sent).fill_from(&draft).unwrap();
    assert_eq!(
        serde_json::to_string(&sent).unwrap(),
        r#"{"expiresOn":"2024-05-01","introMessage":"","published":false,"status":"sent","termsAndDisclaimers":""}"#
    );
    // What was read goes back as the same text: an odd offset, an unparsable date.
    for expires in [r#""2024-05-01T17:00:00.5-0600""#, r#""end of May""#] {
        let read: QuoteAsRead =
            serde_json::from_str(&format!(r#"{{"status": "draft", "expiresOn": {expires}}}"#)).unwrap();
        let sent = serde_json::to_string(&QuoteUpdate::new().published(true).fill_from(&read).unwrap()).unwrap();
        assert!(sent.starts_with(&format!(r#"{{"expiresOn":{expires},"#)), "{sent}");
    }
    // No expiry to keep and none set: refused, naming the field.
    let no_expiry: QuoteAsRead = serde_json::from_str(r#"{"status": "draft", "expiresOn": null}"#).unwrap();
    assert_eq!(
        QuoteUpdate::new().published(true).fill_from(&no_expiry).unwrap_err(),
        "the quote has no `expiresOn` to keep and the update requires one: set it with .expires_on(..)"
    );
}

fn three_new_items() -> Vec<NewQuoteLineItem> {
    vec![
        NewQuoteLineItem::standard(id("e5f6a7b8-c9d0-4e1f-8a2b-3c4d5e6f7a8b"), 10, QuoteBillingTerm::OneYear, DAY)
            .price(dec("22.00"))
            .commitment_term_id(id("f6a7b8c9-d0e1-4f2a-9b3c-4d5e6f7a8b9c"))
            .subscription_id(id("12121212-1212-4121-8121-121212121212"))
            .note("Annual"),
        NewQuoteLineItem::custom("Onboarding Service 2", 1, QuoteBillingTerm::OneTime, DAY)
            .product_sku("ONB-1")
            .price(dec("19.99"))
            .cost(dec("12.345678901234567890"))
            .initial_total(dec("19.99")),
        NewQuoteLineItem::usage_based(
            id("b8c9d0e1-f2a3-4b4c-9d5e-6f7a8b9c0d1e"),
            1,
            QuoteBillingTerm::Monthly,
            DAY,
            UsageBased::new(UsageBasedType::QtyVaries, true),
        )
        .price(dec("0.10"))
        .cost(dec("0.08"))
        .required_line_item_index(0)
        .required_line_item_id(id("11111111-1111-4111-8111-111111111111"))
        .required_subscription_id(id("13131313-1313-4131-8131-131313131313")),
    ]
}

#[test]
fn new_line_items_encode_exactly() {
    let items = three_new_items();
    assert_eq!(
        serde_json::to_value(&items).unwrap(),
        json!([
            {"type": "Standard", "productId": "e5f6a7b8-c9d0-4e1f-8a2b-3c4d5e6f7a8b", "quantity": 10,
             "billingTerm": "1 Year", "effectiveDate": "2024-04-01T00:00:00.000Z", "price": 22.00,
             "commitmentTermId": "f6a7b8c9-d0e1-4f2a-9b3c-4d5e6f7a8b9c",
             "subscriptionId": "12121212-1212-4121-8121-121212121212", "note": "Annual"},
            {"type": "Custom", "productName": "Onboarding Service 2", "productSku": "ONB-1", "quantity": 1,
             "billingTerm": "One-Time", "effectiveDate": "2024-04-01T00:00:00.000Z", "price": 19.99,
             "cost": 12.345_678_901_234_567, "initialTotal": 19.99},
            {"type": "UsageBased", "productId": "b8c9d0e1-f2a3-4b4c-9d5e-6f7a8b9c0d1e", "quantity": 1,
             "billingTerm": "Monthly", "effectiveDate": "2024-04-01T00:00:00.000Z", "price": 0.10, "cost": 0.08,
             "usageBased": {"type": "QTY_VARIES", "displayNote": true}, "requiredLineItemIndex": 0,
             "requiredLineItemId": "11111111-1111-4111-8111-111111111111",
             "requiredSubscriptionId": "13131313-1313-4131-8131-131313131313"}
        ])
    );
    // The text keeps every digit (a JSON value would go through f64).
    let text = serde_json::to_string(&items).unwrap();
    assert!(text.contains(r#""price":22.00,"#), "{text}");
    assert!(text.contains(r#""price":19.99,"cost":12.345678901234567890,"initialTotal":19.99"#), "{text}");
    assert!(text.contains(r#""price":0.10,"cost":0.08"#), "{text}");
    assert_eq!(items.iter().map(|i| i.kind().as_str()).collect::<Vec<_>>(), ["Standard", "Custom", "UsageBased"]);
    assert_eq!(check_line_items(&items), None);
}

#[test]
fn line_item_updates_encode_exactly() {
    let line = id("22222222-2222-4222-8222-222222222222");
    let items = vec![
        QuoteLineItemUpdate::standard(id("11111111-1111-4111-8111-111111111111"), 12, QuoteBillingTerm::Monthly, DAY)
            .price(dec("21.50"))
            .commitment_term_id(id("f6a7b8c9-d0e1-4f2a-9b3c-4d5e6f7a8b9c")),
        QuoteLineItemUpdate::custom(line, "Onboarding", 2, QuoteBillingTerm::OneTime, DAY)
            .product_sku("ONB-2")
            .price(dec("19.99"))
            .cost(dec("10"))
            .initial_total(dec("39.98"))
            .note("Two sites"),
        QuoteLineItemUpdate::usage_based(
            id("33333333-3333-4333-8333-333333333333"),
            1,
            QuoteBillingTerm::Monthly,
            DAY,
            UsageBased::new(UsageBasedType::PriceVaries, false),
        )
        .price(dec("0.12"))
        .cost(dec("0.09")),
    ];
    assert_eq!(
        serde_json::to_value(&items).unwrap(),
        json!([
            {"type": "Standard", "id": "11111111-1111-4111-8111-111111111111", "quantity": 12,
             "billingTerm": "Monthly", "effectiveDate": "2024-04-01T00:00:00.000Z", "price": 21.50,
             "commitmentTermId": "f6a7b8c9-d0e1-4f2a-9b3c-4d5e6f7a8b9c"},
            {"type": "Custom", "id": line, "productName": "Onboarding", "productSku": "ONB-2", "quantity": 2,
             "billingTerm": "One-Time", "effectiveDate": "2024-04-01T00:00:00.000Z", "price": 19.99, "cost": 10,
             "initialTotal": 39.98, "note": "Two sites"},
            {"type": "UsageBased", "id": "33333333-3333-4333-8333-333333333333", "quantity": 1,
             "billingTerm": "Monthly", "effectiveDate": "2024-04-01T00:00:00.000Z", "price": 0.12, "cost": 0.09,
             "usageBased": {"type": "PRICE_VARIES", "displayNote": false}}
        ])
    );
    assert!(serde_json::to_string(&items[1]).unwrap().contains(r#""price":19.99,"cost":10,"initialTotal":39.98"#));
    assert_eq!(items[1].id(), line);
    assert_eq!(check_line_item_updates(&items), None);
    assert_eq!(check_line_item_updates(&[]).as_deref(), Some("no line items to update"));
}

#[test]
fn a_custom_line_item_without_its_amounts_is_refused() {
    let bare = NewQuoteLineItem::custom("Onboarding", 1, QuoteBillingTerm::OneTime, DAY);
    assert_eq!(bare.check().as_deref(), Some("price is required; cost is required; initial_total is required"));
    let no_price = bare.clone().cost(dec("1")).initial_total(dec("2"));
    assert_eq!(no_price.check().as_deref(), Some("price is required"));
    assert_eq!(check_line_items(&[no_price]).as_deref(), Some("line item 0: price is required"));
    let usage = NewQuoteLineItem::usage_based(Uuid::nil(), 1, QuoteBillingTerm::Monthly, DAY, UsageBased::default())
        .price(dec("1"));
    assert_eq!(usage.check().as_deref(), Some("cost is required; usage_based type is required"));
    let standard = NewQuoteLineItem::standard(Uuid::nil(), 1, QuoteBillingTerm::Monthly, DAY);
    assert_eq!(standard.check().as_deref(), Some("price is required"));
    let huge = NewQuoteLineItem::standard(Uuid::nil(), u32::MAX, QuoteBillingTerm::Monthly, DAY).price(dec("1"));
    assert_eq!(huge.check().as_deref(), Some("quantity 4294967295 is not a whole number between 0 and 2147483647"));
    let update = QuoteLineItemUpdate::custom(Uuid::nil(), "X", 1, QuoteBillingTerm::Monthly, DAY).cost(dec("1"));
    assert_eq!(update.check().as_deref(), Some("price is required; initial_total is required"));
}

#[test]
fn fields_of_another_kind_and_bad_terms_are_refused() {
    let standard = NewQuoteLineItem::standard(Uuid::nil(), 1, QuoteBillingTerm::Monthly, DAY)
        .price(dec("1"))
        .cost(dec("1"))
        .product_sku("SKU-1")
        .initial_total(dec("1"));
    assert_eq!(
        standard.check().as_deref(),
        Some(
            "product_sku does not apply to a Standard line item; initial_total does not apply to a Standard line \
             item; cost does not apply to a Standard line item"
        )
    );
    let custom = NewQuoteLineItem::custom("Setup", 1, QuoteBillingTerm::TwoYear, DAY)
        .price(dec("1"))
        .cost(dec("1"))
        .initial_total(dec("1"))
        .subscription_id(Uuid::nil())
        .commitment_term_id(Uuid::nil());
    assert_eq!(
        custom.check().as_deref(),
        Some(
            "commitment_term_id does not apply to a Custom line item; subscription_id does not apply to a Custom \
             line item; a custom line item is billed Monthly, Annual, Trial or One-Time, not 2 Year"
        )
    );
    let unknown_term = NewQuoteLineItem::custom("Setup", 1, QuoteBillingTerm::Other("Quarterly".into()), DAY)
        .price(dec("1"))
        .cost(dec("1"))
        .initial_total(dec("1"));
    assert_eq!(unknown_term.check(), None);
}

#[test]
fn product_names_skus_and_notes_follow_the_spec_rules() {
    assert_eq!(check_product_name("Microsoft 365 Setup"), None);
    assert_eq!(check_product_name(&"a".repeat(255)), None);
    assert_eq!(
        check_product_name(&"a".repeat(256)).as_deref(),
        Some("product_name is 256 characters long, at most 255 allowed")
    );
    assert_eq!(
        check_product_name("Setup (remote)").as_deref(),
        Some(r#"product_name "Setup (remote)" has '(': only letters, digits and spaces are allowed"#)
    );
    assert_eq!(check_product_name("  ").as_deref(), Some("product_name is empty"));
    assert_eq!(check_product_sku("ONB-2024-A"), None);
    assert_eq!(check_product_sku(&"S".repeat(100)), None);
    assert_eq!(
        check_product_sku(&"S".repeat(101)).as_deref(),
        Some("product_sku is 101 characters long, at most 100 allowed")
    );
    assert_eq!(
        check_product_sku("ONB_1").as_deref(),
        Some(r#"product_sku "ONB_1" has '_': only letters, digits and dashes are allowed"#)
    );
    assert_eq!(check_product_sku(" ONB").map(|_| ()), Some(()));
    assert_eq!(check_product_sku("").as_deref(), Some("product_sku is empty"));
    assert_eq!(check_note(&"n".repeat(2000)), None);
    assert_eq!(check_note(&"n".repeat(2001)).as_deref(), Some("note is 2001 characters long, at most 2000 allowed"));

    let item = NewQuoteLineItem::custom("Setup!", 1, QuoteBillingTerm::Monthly, DAY)
        .product_sku("A B")
        .note("x".repeat(2001))
        .price(dec("1"))
        .cost(dec("1"))
        .initial_total(dec("1"));
    assert_eq!(
        item.check().as_deref(),
        Some(
            r#"product_name "Setup!" has '!': only letters, digits and spaces are allowed; product_sku "A B" has ' ': only letters, digits and dashes are allowed; note is 2001 characters long, at most 2000 allowed"#
        )
    );
}

#[test]
fn at_most_thirty_line_items_per_quote() {
    let item = three_new_items().remove(0);
    assert_eq!(check_line_items(&vec![item.clone(); 30]), None);
    assert_eq!(check_line_items(&vec![item.clone(); 31]).as_deref(), Some("at most 30 line items per quote, got 31"));
    assert_eq!(check_line_items(&[]).as_deref(), Some("no line items to add"));
    let bad = NewQuoteLineItem::standard(Uuid::nil(), 1, QuoteBillingTerm::Monthly, DAY);
    assert_eq!(check_line_items(&[item, bad]).as_deref(), Some("line item 1: price is required"));
}

#[test]
fn bulk_delete_body_encodes() {
    let ids = [id("11111111-1111-4111-8111-111111111111"), id("22222222-2222-4222-8222-222222222222")];
    let body = BulkDeleteLineItems::new(ids.map(LineItemId::from));
    assert_eq!(serde_json::to_value(&body).unwrap(), json!({"lineItemIds": ids}));
    assert_eq!(body.check(), None);
    assert_eq!(BulkDeleteLineItems::new([]).check().as_deref(), Some("no line items to delete"));
}

#[test]
fn quantities_are_whole_numbers_of_the_wire_range_written_as_integers() {
    let item = |q: Decimal| NewQuoteLineItem::standard(Uuid::nil(), q, QuoteBillingTerm::Monthly, DAY).price(dec("1"));
    for ok in [dec("0"), dec("12.000"), Decimal::from(i32::MAX)] {
        assert_eq!(item(ok).check(), None, "{ok}");
    }
    for bad in [dec("1.5"), dec("-1"), Decimal::from(i64::from(i32::MAX) + 1)] {
        assert_eq!(
            item(bad).check(),
            Some(format!("quantity {bad} is not a whole number between 0 and 2147483647")),
            "{bad}"
        );
    }
    // 12.000 goes out as the integer 12, not 12.000.
    let text = serde_json::to_string(&item(dec("12.000"))).unwrap();
    assert!(text.contains(r#""quantity":12,"#), "{text}");
    let update = QuoteLineItemUpdate::standard(Uuid::nil(), 1, QuoteBillingTerm::Monthly, DAY).quantity(dec("7.0"));
    assert!(serde_json::to_string(&update).unwrap().contains(r#""quantity":7,"#));
    // Read exactly from the answer.
    let read: QuoteLineItem = serde_json::from_value(json!({"quantity": 3})).unwrap();
    assert_eq!(read.quantity, Decimal::from(3));
}

#[test]
fn each_line_item_as_read_gives_its_update() {
    let q: Quote = serde_json::from_str(QUOTE).unwrap();
    let updates: Vec<QuoteLineItemUpdate> = q.line_items.iter().map(QuoteLineItem::to_update).collect();
    // The text keeps every digit.
    let text = serde_json::to_string(&updates).unwrap();
    assert!(text.contains(r#""price":19.99,"cost":12.345678901234567890,"initialTotal":19.99"#), "{text}");
    assert_eq!(
        serde_json::to_value(&updates).unwrap(),
        json!([
            {"type": "Standard", "id": "11111111-1111-4111-8111-111111111111", "quantity": 10,
             "billingTerm": "1 Year", "effectiveDate": "2024-04-01T00:00:00.000Z", "price": 22.0,
             "note": "Annual commitment, monthly billing",
             "commitmentTermId": "f6a7b8c9-d0e1-4f2a-9b3c-4d5e6f7a8b9c"},
            {"type": "Custom", "id": "22222222-2222-4222-8222-222222222222", "productName": "Onboarding",
             "productSku": "ONB-1", "quantity": 1, "billingTerm": "One-Time",
             "effectiveDate": "2024-04-01T00:00:00.000Z", "price": 19.99, "cost": 12.345_678_901_234_567,
             "initialTotal": 19.99},
            {"type": "UsageBased", "id": "33333333-3333-4333-8333-333333333333", "quantity": 1,
             "billingTerm": "Monthly", "effectiveDate": "2024-04-01T00:00:00.000Z", "price": 0.10, "cost": 0.08,
             "note": "Billed on consumption",
             "usageBased": {"type": "QTY_VARIES", "displayNote": true}}
        ])
    );
    assert_eq!(check_line_item_updates(&updates), None);
    assert_eq!(updates.iter().map(|u| u.kind().as_str()).collect::<Vec<_>>(), ["Standard", "Custom", "UsageBased"]);

    // Changing one field is one setter.
    let more = q.line_items[0].to_update().quantity(12);
    assert_eq!(serde_json::to_value(&more).unwrap()["quantity"], 12);
    assert_eq!(more.id(), q.line_items[0].id);
}

#[test]
fn an_item_read_without_term_or_readable_date_gives_an_update_that_names_them() {
    let item: QuoteLineItem = serde_json::from_value(json!({
        "id": "11111111-1111-4111-8111-111111111111", "quantity": 2, "effectiveDate": "next week",
        "price": {"amount": 5, "currency": "USD"}, "subscriptionId": "12121212-1212-4121-8121-121212121212"
    }))
    .unwrap();
    let update = item.to_update();
    assert_eq!(update.check().as_deref(), Some("billing_term is required; effective_date is required"));
    assert_eq!(
        serde_json::to_value(&update).unwrap(),
        json!({"type": "Standard", "id": "11111111-1111-4111-8111-111111111111", "quantity": 2, "price": 5})
    );
    let fixed = update.billing_term(QuoteBillingTerm::Monthly).effective_date(DAY);
    assert_eq!(fixed.check(), None);
    // A date alone is midnight UTC.
    let dated: QuoteLineItem = serde_json::from_value(json!({"effectiveDate": "2024-04-01", "billingTerm": "Monthly",
        "price": {"amount": 1}}))
    .unwrap();
    assert_eq!(serde_json::to_value(dated.to_update()).unwrap()["effectiveDate"], "2024-04-01T00:00:00.000Z");
}
