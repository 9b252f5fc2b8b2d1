//! Models of every kind for tests, made from the official examples of the Pax8 OpenAPI
//! documents (the same JSON the SDK's own tests decode; see [`json`]).
//!
//! Each function decodes its example afresh, so a test may change what it gets. The plural
//! builders (`companies(n)`, ...) give `n` items with distinct ids, cycling through the
//! official examples of a list (so statuses, cities, terms and amounts vary); names stay
//! distinct too (`"… (2)"` from the second cycle on). Ids are deterministic:
//! `0000000k-0000-4000-8000-<i in hex>` with `k` the kind, so two runs give the same data.
//!
//! The examples do not join up (a subscription names a company no example has). Join them
//! by assigning fields:
//!
//! ```
//! use pax8::testing::fixtures;
//!
//! let company = fixtures::company();
//! let mut subscriptions = fixtures::subscriptions(3);
//! for s in &mut subscriptions {
//!     s.company_id = company.id;
//! }
//! ```

use serde::de::DeserializeOwned;
use serde_json::Value;
use uuid::Uuid;

use crate::models::{
    AccessListEntry, Address, Commitment, Company, Contact, Dependencies, Invoice, InvoiceItem, LineItem, MsTenant,
    Order, Pricing, Product, ProductDetail, ProvisioningDetail, Quote, QuoteAttachment, QuotePreferences, QuoteSummary,
    Section, Subscription, TopicDefinition, UsageLine, UsageSummary, Webhook, WebhookLog,
};
use crate::models::{
    ProvisionAttempt, ProvisionDetail, ProvisionOrderEvent, ProvisionRequest, ProvisionResult, Provisioner,
    ProvisionerWebhook, VendorUsageLine,
};
use crate::webhooks::WebhookEvent;

/// The official examples as JSON text, for mocks of your own.
pub mod json {
    /// A company (`GET /companies/{id}`).
    pub const COMPANY: &str = include_str!("fixtures/company-0.json");
    /// A page of ten companies (`GET /companies`).
    pub const COMPANIES_PAGE: &str = include_str!("fixtures/companies-paged.json");
    /// A page of three contacts (`GET /companies/{id}/contacts`), made from the spec's field
    /// examples (the spec has no whole contact example).
    pub const CONTACTS_PAGE: &str = include_str!("fixtures/contacts.json");
    /// A product with its description (`GET /products/{id}`), Microsoft Office 365 E3.
    pub const PRODUCT_DETAIL: &str = include_str!("fixtures/microsoft-office-365-e3.json");
    /// A product's provisioning questions (`GET /products/{id}/provision-details`).
    pub const PROVISION_DETAILS: &str = include_str!("fixtures/microsoft-office-365-e3-details.json");
    /// A product's dependencies (`GET /products/{id}/dependencies`).
    pub const DEPENDENCIES: &str = include_str!("fixtures/dependencies-example.json");
    /// A product's prices (`GET /products/{id}/pricing`), made from the spec's field examples.
    pub const PRICING: &str = include_str!("fixtures/pricing.json");
    /// An order (`GET /orders/{id}`).
    pub const ORDER: &str = include_str!("fixtures/microsoft-office-365-e3-order-get-response.json");
    /// A subscription (`GET /subscriptions/{id}`).
    pub const SUBSCRIPTION: &str = include_str!("fixtures/microsoft-office-365-e3-subscription.json");
    /// A page of ten subscriptions (`GET /subscriptions`).
    pub const SUBSCRIPTIONS_PAGE: &str = include_str!("fixtures/subscriptions-paged.json");
    /// A subscription's history (`GET /subscriptions/{id}/history`).
    pub const SUBSCRIPTION_HISTORY: &str = include_str!("fixtures/subscription-history.json");
    /// An invoice (`GET /invoices/{id}`).
    pub const INVOICE: &str = include_str!("fixtures/invoice-0.json");
    /// A page of ten invoices (`GET /invoices`).
    pub const INVOICES_PAGE: &str = include_str!("fixtures/invoices-paged.json");
    /// A page of invoice items (`GET /invoices/{id}/items`).
    pub const INVOICE_ITEMS_PAGE: &str = include_str!("fixtures/invoice-items.json");
    /// A page of draft invoice items (`GET /invoices/draftItems`).
    pub const DRAFT_INVOICE_ITEMS_PAGE: &str = include_str!("fixtures/draft-invoice-items.json");
    /// A page of ten usage summaries (`GET /subscriptions/{id}/usage-summaries`).
    pub const USAGE_SUMMARIES_PAGE: &str = include_str!("fixtures/usage-summaries-paged.json");
    /// A page of usage lines (`GET /usage-summaries/{id}/usage-lines`), as published: one
    /// `productId` in it is not a UUID (a typo in the docs), which the SDK rejects; the
    /// typed fixtures replace it.
    pub const USAGE_LINES_PAGE: &str = include_str!("fixtures/usage-lines-paged.json");
    /// A webhook (`GET /api/v2/webhooks/{id}`), written from the webhooks spec's schema (the
    /// spec has no examples).
    pub const WEBHOOK: &str = include_str!("fixtures/webhooks/webhook.json");
    /// A page of webhooks (`GET /api/v2/webhooks`).
    pub const WEBHOOKS_PAGE: &str = include_str!("fixtures/webhooks/webhooks-page.json");
    /// A page of delivery logs (`GET /api/v2/webhooks/{id}/logs`).
    pub const WEBHOOK_LOGS_PAGE: &str = include_str!("fixtures/webhooks/logs-page.json");
    /// A flat page of topic definitions (`GET /api/v2/webhooks/topic-definitions`).
    pub const TOPIC_DEFINITIONS_PAGE: &str = include_str!("fixtures/webhooks/topic-definitions-page.json");
    /// A delivery body Pax8 posts to a webhook's URL (a subscription topic).
    pub const WEBHOOK_DELIVERY: &str = include_str!("fixtures/webhooks/delivery-subscription.json");
    /// A quote with line items of the three kinds (`GET /v2/quotes/{id}`), written from the
    /// quoting spec's schema (the spec has no examples).
    pub const QUOTE: &str = include_str!("fixtures/quotes/quote.json");
    /// A page of quotes with its `statusCounts` (`GET /v2/quotes`).
    pub const QUOTES_PAGE: &str = include_str!("fixtures/quotes/quotes-page.json");
    /// A quote's sections (`GET /v2/quotes/{id}/sections`).
    pub const QUOTE_SECTIONS: &str = include_str!("fixtures/quotes/sections.json");
    /// A quote's access list (`GET /v2/quotes/{id}/access-list`).
    pub const QUOTE_ACCESS_LIST: &str = include_str!("fixtures/quotes/access-list.json");
    /// Attachment metadata (`GET /v2/quote-attachments`).
    pub const QUOTE_ATTACHMENTS: &str = include_str!("fixtures/quotes/attachments.json");
    /// Quote preferences (`GET /v2/quote-preferences`).
    pub const QUOTE_PREFERENCES: &str = include_str!("fixtures/quotes/preferences.json");
    /// The vendor's provisioners (`GET /v2/provisioners`, a page).
    pub const PROVISIONERS_PAGE: &str = include_str!("fixtures/provisioning/provisioners-page.json");
    /// A provisioner's webhook with its shared secret (`GET .../webhooks/{id}`, and what a create answers).
    pub const PROVISIONER_WEBHOOK: &str = include_str!("fixtures/provisioning/webhook.json");
    /// A provisioner's webhooks (a page).
    pub const PROVISIONER_WEBHOOKS_PAGE: &str = include_str!("fixtures/provisioning/webhooks-page.json");
    /// A provision request with every field (`GET /v2/provision-requests/{id}`).
    pub const PROVISION_REQUEST: &str = include_str!("fixtures/provisioning/request.json");
    /// Provision requests of three types, one of them unknown to the SDK (a page).
    pub const PROVISION_REQUESTS_PAGE: &str = include_str!("fixtures/provisioning/requests-page.json");
    /// A provision detail with free-form details.
    pub const PROVISION_DETAIL: &str = include_str!("fixtures/provisioning/detail.json");
    /// A provision attempt.
    pub const PROVISION_ATTEMPT: &str = include_str!("fixtures/provisioning/attempt.json");
    /// A failed provision result with metadata and the external ids.
    pub const PROVISION_RESULT: &str = include_str!("fixtures/provisioning/result.json");
    /// A simulated order event, and the inferred body of a provision call.
    pub const PROVISION_ORDER_EVENT: &str = include_str!("fixtures/provisioning/order-event.json");
    /// Vendor usage lines (`GET /v2/usage/lines`, a page).
    pub const VENDOR_USAGE_LINES_PAGE: &str = include_str!("fixtures/vendor-usage/lines-page.json");
}

/// Id kinds of the plural builders (the first group of their ids).
mod kind {
    pub const COMPANY: u32 = 1;
    pub const CONTACT: u32 = 2;
    pub const PRODUCT: u32 = 3;
    pub const ORDER: u32 = 4;
    pub const SUBSCRIPTION: u32 = 5;
    pub const INVOICE: u32 = 6;
    pub const INVOICE_ITEM: u32 = 7;
    pub const USAGE_SUMMARY: u32 = 8;
    pub const WEBHOOK: u32 = 9;
    pub const QUOTE: u32 = 10;
    pub const PROVISION_REQUEST: u32 = 11;
}

fn decode<T: DeserializeOwned>(value: Value) -> T {
    serde_json::from_value(value).expect("the official examples decode")
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).expect("the official examples are JSON")
}

/// The items of a page example.
fn content(text: &str) -> Vec<Value> {
    match parse(text)["content"].take() {
        Value::Array(items) => items,
        _ => Vec::new(),
    }
}

fn first<T: DeserializeOwned>(text: &str) -> T {
    decode(content(text).swap_remove(0))
}

fn all<T: DeserializeOwned>(text: &str) -> Vec<T> {
    content(text).into_iter().map(decode).collect()
}

/// `n` items cycling through `examples`, with deterministic distinct ids and, from the
/// second cycle on, `name_key` suffixed with the cycle number.
fn varied<T: DeserializeOwned>(examples: Vec<Value>, kind: u32, name_key: Option<&str>, n: usize) -> Vec<T> {
    (0..n)
        .map(|i| {
            let mut item = examples[i % examples.len()].clone();
            item["id"] = Value::String(id(kind, i).to_string());
            let cycle = i / examples.len();
            if let (Some(key), true) = (name_key, cycle > 0) {
                let name = item[key].as_str().unwrap_or_default();
                item[key] = Value::String(format!("{name} ({})", cycle + 1));
            }
            decode(item)
        })
        .collect()
}

/// The id of the `i`-th item of a kind.
fn id(kind: u32, i: usize) -> Uuid {
    Uuid::from_u128((u128::from(kind) << 96) | (0x4000_8000u128 << 48) | (i as u128 & 0xffff_ffff_ffff))
}

/// A company: VFC Network, Inc, Denver, Active.
pub fn company() -> Company {
    decode(parse(json::COMPANY))
}

/// The address of [`company`]: 48918 Liberty Lane Ave, Denver, Colorado, US.
pub fn address() -> Address {
    company().address.expect("the example company has an address")
}

/// `n` companies (the ten of the official page, cycled).
pub fn companies(n: usize) -> Vec<Company> {
    varied(content(json::COMPANIES_PAGE), kind::COMPANY, Some("name"), n)
}

/// A contact: John Doe, primary for Admin, Billing and Technical.
pub fn contact() -> Contact {
    first(json::CONTACTS_PAGE)
}

/// `n` contacts (John Doe, primary for every role; Jane Roe, Billing; Sam Poe, Technical;
/// cycled).
pub fn contacts(n: usize) -> Vec<Contact> {
    varied(content(json::CONTACTS_PAGE), kind::CONTACT, Some("firstName"), n)
}

/// A product as lists return it: Microsoft Office 365 E3.
pub fn product() -> Product {
    decode(parse(json::PRODUCT_DETAIL))
}

/// `n` products (Microsoft Office 365 E3, renamed from the second on).
pub fn products(n: usize) -> Vec<Product> {
    varied(vec![parse(json::PRODUCT_DETAIL)], kind::PRODUCT, Some("name"), n)
}

/// A product with its long description: Microsoft Office 365 E3.
pub fn product_detail() -> ProductDetail {
    decode(parse(json::PRODUCT_DETAIL))
}

/// A product's provisioning questions.
pub fn provisioning_details() -> Vec<ProvisioningDetail> {
    all(json::PROVISION_DETAILS)
}

/// A product's dependencies: commitment terms and required products.
pub fn dependencies() -> Dependencies {
    decode(parse(json::DEPENDENCIES))
}

/// A commitment term of [`dependencies`] (3-Year).
pub fn commitment() -> Commitment {
    dependencies().commitment_dependencies.swap_remove(0)
}

/// A product's prices: one volume price with one rate.
pub fn pricing() -> Vec<Pricing> {
    all(json::PRICING)
}

/// An order of Microsoft Office 365 E3.
pub fn order() -> Order {
    decode(parse(json::ORDER))
}

/// The line item of [`order`].
pub fn line_item() -> LineItem {
    order().line_items.swap_remove(0)
}

/// `n` orders (the official order, with distinct ids).
pub fn orders(n: usize) -> Vec<Order> {
    varied(vec![parse(json::ORDER)], kind::ORDER, None, n)
}

/// A subscription to Microsoft Office 365 E3.
pub fn subscription() -> Subscription {
    decode(parse(json::SUBSCRIPTION))
}

/// `n` subscriptions (the ten of the official page, cycled: several statuses, terms and
/// quantities).
pub fn subscriptions(n: usize) -> Vec<Subscription> {
    varied(content(json::SUBSCRIPTIONS_PAGE), kind::SUBSCRIPTION, None, n)
}

/// A subscription's history: its past versions.
pub fn subscription_history() -> Vec<Subscription> {
    all(json::SUBSCRIPTION_HISTORY)
}

/// An invoice.
pub fn invoice() -> Invoice {
    decode(parse(json::INVOICE))
}

/// `n` invoices (the ten of the official page, cycled).
pub fn invoices(n: usize) -> Vec<Invoice> {
    varied(content(json::INVOICES_PAGE), kind::INVOICE, None, n)
}

/// An invoice item.
pub fn invoice_item() -> InvoiceItem {
    first(json::INVOICE_ITEMS_PAGE)
}

/// `n` invoice items (the official items, cycled, with distinct ids).
pub fn invoice_items(n: usize) -> Vec<InvoiceItem> {
    varied(content(json::INVOICE_ITEMS_PAGE), kind::INVOICE_ITEM, None, n)
}

/// An item of a draft invoice.
pub fn draft_invoice_item() -> InvoiceItem {
    first(json::DRAFT_INVOICE_ITEMS_PAGE)
}

/// A usage summary.
pub fn usage_summary() -> UsageSummary {
    first(json::USAGE_SUMMARIES_PAGE)
}

/// `n` usage summaries (the ten of the official page, cycled).
pub fn usage_summaries(n: usize) -> Vec<UsageSummary> {
    varied(content(json::USAGE_SUMMARIES_PAGE), kind::USAGE_SUMMARY, None, n)
}

/// The official usage lines, the malformed product id replaced by a UUID.
fn usage_line_examples() -> Vec<Value> {
    content(
        &json::USAGE_LINES_PAGE.replace("e73f3a55-f1da-4efd-88eb-bf3je60ad5lq", "e73f3a55-f1da-4efd-88eb-bf3e060ad51a"),
    )
}

/// A usage line.
pub fn usage_line() -> UsageLine {
    decode(usage_line_examples().swap_remove(0))
}

/// `n` usage lines (the official lines, cycled; lines carry no id).
pub fn usage_lines(n: usize) -> Vec<UsageLine> {
    let examples = usage_line_examples();
    (0..n).map(|i| decode(examples[i % examples.len()].clone())).collect()
}

/// A company's Microsoft tenant id (the experimental portal endpoint).
pub fn ms_tenant() -> MsTenant {
    decode(serde_json::json!({"tenantId": "c3f2a1b0-9d8e-4f7a-8b6c-5d4e3f2a1b0c"}))
}

/// A webhook with one topic: "PSA sync".
pub fn webhook() -> Webhook {
    decode(parse(json::WEBHOOK))
}

/// `n` webhooks with distinct ids and display names.
pub fn webhooks(n: usize) -> Vec<Webhook> {
    varied(content(json::WEBHOOKS_PAGE), kind::WEBHOOK, Some("displayName"), n)
}

/// The delivery logs of a webhook, a success and a failure with its call history.
pub fn webhook_logs() -> Vec<WebhookLog> {
    all(json::WEBHOOK_LOGS_PAGE)
}

/// The topic definitions, with their filters and sample payloads.
pub fn topic_definitions() -> Vec<TopicDefinition> {
    all(json::TOPIC_DEFINITIONS_PAGE)
}

/// A delivery as Pax8 posts it, parsed.
pub fn webhook_event() -> WebhookEvent {
    WebhookEvent::from_slice(json::WEBHOOK_DELIVERY.as_bytes()).expect("the delivery fixture parses")
}

/// A quote with a standard, a custom and a usage-based line item.
pub fn quote() -> Quote {
    decode(parse(json::QUOTE))
}

/// `n` quotes as the quotes list shows them, with distinct ids and reference codes.
pub fn quote_summaries(n: usize) -> Vec<QuoteSummary> {
    varied(content(json::QUOTES_PAGE), kind::QUOTE, Some("referenceCode"), n)
}

/// A quote's sections.
pub fn quote_sections() -> Vec<Section> {
    decode(parse(json::QUOTE_SECTIONS)["sections"].take())
}

/// A quote's access list.
pub fn quote_access_list() -> Vec<AccessListEntry> {
    decode(parse(json::QUOTE_ACCESS_LIST)["accessList"].take())
}

/// Attachment metadata.
pub fn quote_attachments() -> Vec<QuoteAttachment> {
    decode(parse(json::QUOTE_ATTACHMENTS))
}

/// The partner's quote preferences.
pub fn quote_preferences() -> QuotePreferences {
    decode(parse(json::QUOTE_PREFERENCES))
}

/// A provisioner: "Acme Backup provisioner".
pub fn provisioner() -> Provisioner {
    first(json::PROVISIONERS_PAGE)
}

/// The vendor's provisioners.
pub fn provisioners() -> Vec<Provisioner> {
    all(json::PROVISIONERS_PAGE)
}

/// A provisioner's webhook, with its shared secret.
pub fn provisioner_webhook() -> ProvisionerWebhook {
    decode(parse(json::PROVISIONER_WEBHOOK))
}

/// A provision request with every field: a `NetNew` of 5 seats for Contoso.
pub fn provision_request() -> ProvisionRequest {
    decode(parse(json::PROVISION_REQUEST))
}

/// `n` provision requests with distinct ids, cycling through three types (one unknown to
/// the SDK, kept as `Other`).
pub fn provision_requests(n: usize) -> Vec<ProvisionRequest> {
    varied(content(json::PROVISION_REQUESTS_PAGE), kind::PROVISION_REQUEST, Some("companyName"), n)
}

/// The details of [`provision_request`].
pub fn provision_detail() -> ProvisionDetail {
    decode(parse(json::PROVISION_DETAIL))
}

/// An attempt at [`provision_detail`].
pub fn provision_attempt() -> ProvisionAttempt {
    decode(parse(json::PROVISION_ATTEMPT))
}

/// A `Fail` result of [`provision_attempt`], with metadata and the external ids.
pub fn provision_result() -> ProvisionResult {
    decode(parse(json::PROVISION_RESULT))
}

/// A simulated order event (request, detail and attempt): also what a provision call carries.
pub fn provision_order_event() -> ProvisionOrderEvent {
    decode(parse(json::PROVISION_ORDER_EVENT))
}

/// Vendor usage lines of one summary key.
pub fn vendor_usage_lines() -> Vec<VendorUsageLine> {
    all(json::VENDOR_USAGE_LINES_PAGE)
}

#[cfg(test)]
mod family_fixture_tests {
    use super::*;

    #[test]
    fn webhooks_and_quoting_fixtures_decode_with_distinct_ids() {
        assert_eq!(webhook().display_name, "PSA sync");
        let hooks = webhooks(5);
        assert_eq!(hooks.len(), 5);
        assert!(hooks.windows(2).all(|w| w[0].id != w[1].id && w[0].display_name != w[1].display_name));
        assert!(!webhook_logs().is_empty() && !topic_definitions().is_empty());
        assert!(webhook_event().topic_name().is_some());
        assert_eq!(quote().line_items.len(), 3);
        let quotes = quote_summaries(7);
        assert!(quotes.windows(2).all(|w| w[0].id != w[1].id && w[0].reference_code != w[1].reference_code));
        assert!(!quote_sections().is_empty() && !quote_access_list().is_empty());
        assert!(!quote_attachments().is_empty());
        assert!(quote_preferences().days_to_expire.is_some());
    }

    #[test]
    fn vendor_fixtures_decode() {
        use crate::models::{ProvisionRequestType, ProvisionStatus};
        assert_eq!(provisioner().name, "Acme Backup provisioner");
        assert_eq!(provisioners().len(), 2);
        assert_eq!(provisioner_webhook().shared_secret.unwrap().credential(), "c2VjcmV0LWZyb20tcGF4OA");
        assert_eq!(provision_request().kind, Some(ProvisionRequestType::NetNew));
        let requests = provision_requests(7);
        assert!(requests.windows(2).all(|w| w[0].id != w[1].id));
        assert_eq!(requests[2].kind, Some(ProvisionRequestType::Other("Suspend".into())));
        assert_eq!(provision_detail().details["region"], "eu-west");
        assert_eq!(provision_attempt().status.as_deref(), Some("Sent"));
        assert_eq!(provision_result().status, Some(ProvisionStatus::Fail));
        assert!(provision_order_event().provision_attempt.is_some());
        assert_eq!(vendor_usage_lines().len(), 3);
    }
}
