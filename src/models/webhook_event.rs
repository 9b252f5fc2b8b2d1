//! A webhook delivery as Pax8 sends it ([`WebhookEvent`]), read without a client. Public as
//! `pax8::webhooks::WebhookEvent`; here, at the bottom with the other models, because delivery
//! logs and topic tests carry deliveries too.

use crate::models::common::checked_model;
use std::fmt;
use std::sync::OnceLock;

use crate::models::ids::{AccountId, WebhookId};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;

use super::webhook_topics::WebhookTopic;
use crate::models::common::{Timestamp, timestamp};
use crate::models::{Company, Invoice, Order, Subscription};

/// Why a delivery body could not be read.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WebhookParseError {
    /// The body was empty (or only whitespace).
    #[error("the webhook delivery body is empty")]
    Empty,
    /// The body is not JSON, or its fields have the wrong types.
    #[error("the webhook delivery body is not a valid delivery: {0}")]
    Malformed(#[source] serde_json::Error),
    /// The body is JSON but not an object.
    #[error("the webhook delivery body is JSON but not an object (it is {0})")]
    NotAnObject(&'static str),
}

checked_model! {
    /// One delivery: the envelope Pax8 posts for each event (the spec's `WebhookPayload`).
    ///
    /// Also the shape of [`TopicDefinition::sample_payload`](crate::models::TopicDefinition::sample_payload).
    #[derive(Debug, Clone, PartialEq, Default, Serialize)]
    #[serde(rename_all = "camelCase", default)]
    #[non_exhaustive]
    pub struct WebhookEvent {
        /// The account the event belongs to.
        pub account_id: Option<AccountId>,
        /// The URL the delivery was sent to.
        pub url: Option<String>,
        /// The webhook that sent it.
        pub webhook_id: Option<WebhookId>,
        /// When it was sent.
        #[serde(deserialize_with = "timestamp")]
        pub sent_at: Option<Timestamp>,
        /// The subscribed topic (its name is [`topic_name`](Self::topic_name)).
        #[serde(deserialize_with = "topic_object_or_name")]
        pub webhook_topic: Option<WebhookTopic>,
        /// `payloadData`, the event data, as the JSON text sent: read it with
        /// [`payload`](Self::payload), [`payload_as`](Self::payload_as),
        /// [`payload_data`](Self::payload_data) or [`raw_payload_data`](Self::raw_payload_data);
        /// replace it with [`set_payload_data`](Self::set_payload_data).
        #[serde(skip_serializing_if = "RawJson::is_null")]
        payload_data: RawJson,
    }
    "webhook event"
}

/// JSON text kept as received (absent reads as `null`). Two are equal when their texts are
/// equal; written back unchanged.
#[derive(Clone, Default, Deserialize)]
#[serde(transparent)]
struct RawJson(Box<RawValue>);

impl RawJson {
    fn get(&self) -> &str {
        self.0.get()
    }

    fn is_null(&self) -> bool {
        self.get().trim() == "null"
    }

    fn is_object(&self) -> bool {
        self.get().trim_start().starts_with('{')
    }
}

impl PartialEq for RawJson {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

impl fmt::Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.get())
    }
}

impl Serialize for RawJson {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(s)
    }
}

/// `payloadData`, typed by the resource the topic names (see the `pax8::webhooks` module docs).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum WebhookPayload {
    /// A topic about subscriptions.
    Subscription(Box<Subscription>),
    /// A topic about orders.
    Order(Box<Order>),
    /// A topic about invoices.
    Invoice(Box<Invoice>),
    /// A topic about companies.
    Company(Box<Company>),
    /// Any other topic, or a payload that does not read as its resource's model.
    Other(serde_json::Value),
    /// A payload that is valid JSON but cannot be held as a `serde_json::Value` (nested
    /// deeper than serde_json's recursion limit): the reason. The text is still in
    /// [`raw_payload_data`](WebhookEvent::raw_payload_data).
    Unreadable(String),
}

/// The resources [`WebhookEvent::payload`] types, by a word of the topic name.
#[derive(Clone, Copy)]
enum Resource {
    Subscription,
    Order,
    Invoice,
    Company,
}

fn resource_of(topic: &str) -> Option<Resource> {
    topic.split(['.', '_', '-', ':', '/', ' ']).find_map(|word| {
        let w = word.to_ascii_lowercase();
        match w.as_str() {
            "subscription" | "subscriptions" => Some(Resource::Subscription),
            "order" | "orders" => Some(Resource::Order),
            "invoice" | "invoices" => Some(Resource::Invoice),
            "company" | "companies" => Some(Resource::Company),
            _ => None,
        }
    })
}

impl WebhookEvent {
    /// Parses a delivery body.
    ///
    /// Errors: [`WebhookParseError::Empty`] for an empty body, [`WebhookParseError::Malformed`]
    /// for one that is not JSON (or has a field of the wrong type, e.g. a `webhookId` that is not
    /// a UUID), [`WebhookParseError::NotAnObject`] for JSON that is not an object.
    pub fn from_slice(body: &[u8]) -> Result<Self, WebhookParseError> {
        if body.iter().all(u8::is_ascii_whitespace) {
            return Err(WebhookParseError::Empty);
        }
        // Read from the bytes (not through a `Value`), so `payloadData` keeps its exact text.
        if body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{') {
            return serde_json::from_slice(body).map_err(WebhookParseError::Malformed);
        }
        let value: serde_json::Value = serde_json::from_slice(body).map_err(WebhookParseError::Malformed)?;
        let kind = match &value {
            serde_json::Value::Object(_) => "an object",
            serde_json::Value::Null => "null",
            serde_json::Value::Bool(_) => "a boolean",
            serde_json::Value::Number(_) => "a number",
            serde_json::Value::String(_) => "a string",
            serde_json::Value::Array(_) => "an array",
        };
        Err(WebhookParseError::NotAnObject(kind))
    }

    /// The topic name, e.g. as listed by `topic_definitions()`.
    pub fn topic_name(&self) -> Option<&str> {
        self.webhook_topic.as_ref().map(|t| t.topic.as_str())
    }

    /// `payloadData`, typed by the resource the topic names and decoded from the text sent
    /// (money exact); [`WebhookPayload::Other`] (the value) for any other topic or a payload
    /// that does not read as that resource.
    pub fn payload(&self) -> WebhookPayload {
        let data = &self.payload_data;
        let typed = match (self.topic_name().and_then(resource_of), data.is_object()) {
            (Some(Resource::Subscription), true) => decode(data).map(WebhookPayload::Subscription),
            (Some(Resource::Order), true) => decode(data).map(WebhookPayload::Order),
            (Some(Resource::Invoice), true) => decode(data).map(WebhookPayload::Invoice),
            (Some(Resource::Company), true) => decode(data).map(WebhookPayload::Company),
            _ => None,
        };
        typed.unwrap_or_else(|| match self.payload_data() {
            Ok(value) => WebhookPayload::Other(value),
            Err(e) => WebhookPayload::Unreadable(e.to_string()),
        })
    }

    /// `payloadData` decoded from the text sent as any type, for topics
    /// [`payload`](Self::payload) does not type.
    pub fn payload_as<T: serde::de::DeserializeOwned>(&self) -> serde_json::Result<T> {
        serde_json::from_str(self.payload_data.get())
    }

    /// `payloadData` as a `serde_json::Value` (`Null` when absent). Its numbers are `f64`s:
    /// for exact amounts use [`payload`](Self::payload) or [`payload_as`](Self::payload_as).
    /// An error when the payload cannot be held as a `Value` (nested deeper than
    /// serde_json's recursion limit, which the delivery's own parse does not enforce on the
    /// payload it keeps as text), never a silent `Null`.
    pub fn payload_data(&self) -> serde_json::Result<serde_json::Value> {
        serde_json::from_str(self.payload_data.get())
    }

    /// `payloadData` exactly as sent (`null` when absent).
    pub fn raw_payload_data(&self) -> &RawValue {
        &self.payload_data.0
    }

    /// Replaces `payloadData`, e.g. to build an event in a test:
    /// `event.set_payload_data(serde_json::value::to_raw_value(&data)?)`, or
    /// `RawValue::from_string(text)?` to keep a number's every digit.
    pub fn set_payload_data(&mut self, data: Box<RawValue>) {
        self.payload_data = RawJson(data);
    }
}

/// A delivery body inside another answer: a delivery log's call
/// ([`WebhookCall::payload`](crate::models::WebhookCall::payload)), a topic test
/// ([`WebhookTest::sample_payload`](crate::models::WebhookTest::sample_payload)) or a topic
/// definition ([`TopicDefinition::sample_payload`](crate::models::TopicDefinition::sample_payload)).
///
/// The spec leaves these payloads open (any object), so the body is kept **whole**, as the
/// JSON text received ([`raw`](Self::raw)): every key, every digit, written back unchanged
/// (`Serialize`), whatever its shape. Its delivery envelope ([`event`](Self::event)) is read
/// from that text once, on first access, **field by field**: a field of the wrong type (a
/// `webhookId` that is not a UUID, a `sentAt` that is a number) is `None` in the envelope and
/// the other fields stay. Two bodies are equal when their texts are equal.
#[derive(Clone, Default)]
pub struct WebhookBody {
    raw: RawJson,
    /// Boxed: a body not yet read (every body of a listing) holds a pointer, not the whole
    /// envelope inline (a `WebhookCall` was 288 bytes with it), so a page of logs stays small.
    event: OnceLock<Option<Box<WebhookEvent>>>,
}

impl WebhookBody {
    /// A body from its JSON text, e.g. to build a log in a test:
    /// `WebhookBody::from_raw(RawValue::from_string(text)?)`.
    pub fn from_raw(raw: Box<RawValue>) -> Self {
        WebhookBody { raw: RawJson(raw), event: OnceLock::new() }
    }

    /// The body exactly as received.
    pub fn raw(&self) -> &RawValue {
        &self.raw.0
    }

    /// The body as a `serde_json::Value` (its numbers are `f64`s: for exact amounts read
    /// [`raw`](Self::raw) or [`event`](Self::event)).
    pub fn value(&self) -> serde_json::Value {
        serde_json::from_str(self.raw.get()).unwrap_or_default()
    }

    /// The delivery envelope, read field by field from the text on first access (then kept);
    /// `None` when the body is not a JSON object. Its `payloadData` is the exact text sent.
    pub fn event(&self) -> Option<&WebhookEvent> {
        self.event.get_or_init(|| WebhookEvent::field_by_field(self.raw.get()).map(Box::new)).as_deref()
    }

    /// The topic name of the envelope, when it has one.
    pub fn topic_name(&self) -> Option<&str> {
        self.event().and_then(WebhookEvent::topic_name)
    }
}

impl PartialEq for WebhookBody {
    fn eq(&self, other: &Self) -> bool {
        self.raw == other.raw
    }
}

impl fmt::Debug for WebhookBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("WebhookBody").field(&self.raw).finish()
    }
}

impl Serialize for WebhookBody {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.raw.serialize(s)
    }
}

impl<'de> Deserialize<'de> for WebhookBody {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Box::<RawValue>::deserialize(d).map(WebhookBody::from_raw)
    }
}

impl From<WebhookEvent> for WebhookBody {
    /// The body of `event`, as it serializes.
    fn from(event: WebhookEvent) -> Self {
        let raw = serde_json::value::to_raw_value(&event).unwrap_or_default();
        WebhookBody { raw: RawJson(raw), event: OnceLock::from(Some(Box::new(event))) }
    }
}

impl WebhookEvent {
    /// Reads the envelope of `text` one field at a time (a field that does not read is
    /// `None`, the others stay); `None` when `text` is not a JSON object.
    fn field_by_field(text: &str) -> Option<WebhookEvent> {
        type Field = Option<Box<RawValue>>;
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Fields {
            account_id: Field,
            url: Field,
            webhook_id: Field,
            sent_at: Field,
            webhook_topic: Field,
            payload_data: Field,
        }
        #[derive(Deserialize)]
        struct Topic(#[serde(deserialize_with = "topic_object_or_name")] Option<WebhookTopic>);
        #[derive(Deserialize)]
        struct Sent(#[serde(deserialize_with = "timestamp")] Option<Timestamp>);
        fn read<T: serde::de::DeserializeOwned>(field: Field) -> Option<T> {
            field.and_then(|raw| serde_json::from_str(raw.get()).ok())
        }
        let fields: Fields = serde_json::from_str(text).ok()?;
        let reading = crate::models::spelling::Reading::start();
        Some(WebhookEvent {
            account_id: read(fields.account_id),
            url: read(fields.url),
            webhook_id: read(fields.webhook_id),
            sent_at: read::<Sent>(fields.sent_at).and_then(|s| s.0),
            webhook_topic: read::<Topic>(fields.webhook_topic).and_then(|t| t.0),
            payload_data: fields.payload_data.map(RawJson).unwrap_or_default(),
            as_read: reading.finish(),
        })
    }
}

fn decode<T: serde::de::DeserializeOwned>(data: &RawJson) -> Option<Box<T>> {
    serde_json::from_str(data.get()).ok().map(Box::new)
}

/// Reads `webhookTopic` as the spec's object or, leniently, a bare topic name.
fn topic_object_or_name<'de, D: Deserializer<'de>>(d: D) -> Result<Option<WebhookTopic>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Shape {
        Name(String),
        Topic(WebhookTopic),
    }
    Ok(match Option::<Shape>::deserialize(d)? {
        None => None,
        Some(Shape::Topic(t)) => Some(t),
        Some(Shape::Name(topic)) => Some(WebhookTopic { topic, ..Default::default() }),
    })
}

impl fmt::Display for WebhookEvent {
    /// One line: topic, webhook, time sent (no payload).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "topic {}", self.topic_name().unwrap_or("(none)"))?;
        if let Some(id) = self.webhook_id {
            write!(f, " from webhook {id}")?;
        }
        if let Some(at) = &self.sent_at {
            write!(f, " sent at {at}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::webhooks::TopicDefinition;
    use crate::models::{OrderedBy, SubscriptionStatus};
    use crate::page::Page;
    use time::macros::datetime;
    use uuid::Uuid;

    const SUBSCRIPTION: &[u8] = include_bytes!("../testing/fixtures/webhooks/delivery-subscription.json");
    const ORDER: &[u8] = include_bytes!("../../tests/fixtures/webhooks/delivery-order.json");
    const COMPANY: &[u8] = include_bytes!("../../tests/fixtures/webhooks/delivery-company.json");
    const UNKNOWN: &[u8] = include_bytes!("../../tests/fixtures/webhooks/delivery-unknown-topic.json");
    const TOPIC_DEFINITIONS_PAGE: &str = include_str!("../testing/fixtures/webhooks/topic-definitions-page.json");

    fn uuid(s: &str) -> Uuid {
        s.parse().unwrap()
    }

    /// The topic names, taken from the topic definitions (as a receiver would), not hard-coded.
    fn definitions() -> Vec<TopicDefinition> {
        serde_json::from_str::<Page<TopicDefinition>>(TOPIC_DEFINITIONS_PAGE).unwrap().items
    }

    fn topic_named(word: &str) -> String {
        definitions().into_iter().map(|d| d.topic).find(|t| t.contains(word)).unwrap()
    }

    #[test]
    fn subscription_delivery_is_typed() {
        let e = WebhookEvent::from_slice(SUBSCRIPTION).unwrap();
        assert_eq!(e.account_id, Some(uuid("0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a").into()));
        assert_eq!(e.url.as_deref(), Some("https://psa.example.com/pax8/events"));
        assert_eq!(e.webhook_id, Some(uuid("5d2a6f0e-3b1c-4c8e-9f7a-1e2d3c4b5a69").into()));
        assert_eq!(e.sent_at, Some(Timestamp::DateTime(datetime!(2025-03-02 14:00:00.123 UTC))));
        assert_eq!(e.topic_name(), Some(topic_named("subscription").as_str()));
        assert_eq!(e.webhook_topic.as_ref().unwrap().id, uuid("a1b2c3d4-e5f6-4789-8abc-def012345678"));
        let WebhookPayload::Subscription(s) = e.payload() else { panic!("{:?}", e.payload()) };
        assert_eq!(s.id, uuid("9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d"));
        assert_eq!(s.company_id, uuid("3f1e2d4c-1111-4222-8333-944455566677"));
        assert_eq!(s.quantity, Some(crate::Decimal::from(12)));
        assert_eq!(s.status, Some(SubscriptionStatus::Active));
        assert_eq!(e.payload_data().unwrap()["quantity"], 12);
        assert!(e.raw_payload_data().get().contains(r#""price": 20.5,"#));
    }

    #[test]
    fn order_and_company_deliveries_are_typed() {
        let e = WebhookEvent::from_slice(ORDER).unwrap();
        assert_eq!(e.topic_name(), Some(topic_named("order").as_str()));
        let WebhookPayload::Order(o) = e.payload() else { panic!("{:?}", e.payload()) };
        assert_eq!(o.id, Some(uuid("6e5d4c3b-2a19-4807-9f6e-5d4c3b2a1908").into()));
        assert_eq!(o.ordered_by, Some(OrderedBy::Pax8Partner));
        assert_eq!(o.line_items.len(), 1);
        assert_eq!(o.line_items[0].quantity, Some(crate::Decimal::from(5)));

        let e = WebhookEvent::from_slice(COMPANY).unwrap();
        assert_eq!(e.topic_name(), Some(topic_named("company").as_str()));
        let WebhookPayload::Company(c) = e.payload() else { panic!("{:?}", e.payload()) };
        assert_eq!(c.name, "Contoso Ltd");
        // `webhookTopic` given as a bare name is accepted.
        assert_eq!(e.webhook_topic.as_ref().unwrap().id, Uuid::nil());
    }

    #[test]
    fn every_sample_payload_of_the_topic_definitions_parses() {
        let defs = definitions();
        let kinds: Vec<&str> = defs
            .iter()
            .map(|d| {
                let sample = d.sample_payload.as_ref().unwrap();
                let event = WebhookEvent::from_slice(sample.raw().get().as_bytes()).unwrap();
                assert_eq!(sample.event(), Some(&event));
                assert_eq!(event.topic_name(), Some(d.topic.as_str()));
                match event.payload() {
                    WebhookPayload::Subscription(_) => "subscription",
                    WebhookPayload::Order(_) => "order",
                    WebhookPayload::Invoice(i) => {
                        assert_eq!(i.total, Some(crate::Decimal::new(12345, 1)));
                        "invoice"
                    }
                    WebhookPayload::Company(_) => "company",
                    WebhookPayload::Other(v) => {
                        assert!(v.is_object());
                        "other"
                    }
                    WebhookPayload::Unreadable(why) => panic!("{why}"),
                }
            })
            .collect();
        assert_eq!(kinds, ["subscription", "order", "invoice", "company", "other"]);
    }

    #[test]
    fn unknown_topic_keeps_the_raw_value() {
        let e = WebhookEvent::from_slice(UNKNOWN).unwrap();
        assert_eq!(e.topic_name(), Some(topic_named("quote").as_str()));
        let raw: serde_json::Value = serde_json::from_slice(UNKNOWN).unwrap();
        assert_eq!(e.payload(), WebhookPayload::Other(raw["payloadData"].clone()));
        #[derive(Deserialize, PartialEq, Debug)]
        #[serde(rename_all = "camelCase")]
        struct Quote {
            quote_id: Uuid,
            total: f64,
        }
        let q: Quote = e.payload_as().unwrap();
        assert_eq!(q, Quote { quote_id: uuid("11111111-2222-4333-8444-555555555555"), total: 99.5 });
        // Round trip: written back, read again, the same event.
        let again = WebhookEvent::from_slice(&serde_json::to_vec(&e).unwrap()).unwrap();
        assert_eq!(again, e);
    }

    #[test]
    fn money_in_a_delivery_is_exact() {
        let body = br#"{"webhookTopic": {"topic": "subscription.updated"}, "payloadData": {
            "id": "9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", "companyId": "3f1e2d4c-1111-4222-8333-944455566677",
            "productId": "c4d5e6f7-0819-4a2b-8c3d-4e5f60718293", "price": 12.345678901234567890}}"#;
        let exact = crate::Decimal::from_str_exact("12.345678901234567890").unwrap();
        let e = WebhookEvent::from_slice(body).unwrap();
        let WebhookPayload::Subscription(s) = e.payload() else { panic!("{:?}", e.payload()) };
        assert_eq!(s.price, Some(exact));
        assert_eq!(e.payload_as::<Subscription>().unwrap().price, Some(exact));
        assert!(e.raw_payload_data().get().ends_with(r#""price": 12.345678901234567890}"#));
        // Written back with every digit, and read again the same.
        let written = serde_json::to_string(&e).unwrap();
        assert!(written.contains(r#""price": 12.345678901234567890}"#), "{written}");
        assert_eq!(WebhookEvent::from_slice(written.as_bytes()).unwrap(), e);
        // The `Value` view has the `f64` digits, as any `Value` does.
        assert_eq!(e.payload_data().unwrap()["price"], serde_json::json!(12.345678901234567));
    }

    #[test]
    fn set_payload_data_replaces_the_payload() {
        let mut e = WebhookEvent::default();
        assert_eq!((e.payload_data().unwrap(), e.raw_payload_data().get()), (serde_json::Value::Null, "null"));
        assert_eq!(serde_json::to_value(&e).unwrap().get("payloadData"), None);
        e.set_payload_data(RawValue::from_string(r#"{"total": 0.30}"#.into()).unwrap());
        assert_eq!(serde_json::to_value(&e).unwrap()["payloadData"], serde_json::json!({"total": 0.3}));
        assert_eq!(e.payload_as::<Total>().unwrap().total, crate::Decimal::new(30, 2));
        #[derive(Deserialize)]
        struct Total {
            #[serde(with = "crate::models::money")]
            total: crate::Decimal,
        }
    }

    #[test]
    fn odd_dates_keep_their_time_their_date_or_their_text() {
        use crate::models::common::odd_dates::{self, DATE, DATETIME, TEXT};
        let sent = |at: &str| {
            WebhookEvent::from_slice(serde_json::json!({ "sentAt": at }).to_string().as_bytes()).unwrap().sent_at
        };
        odd_dates::assert_kept(&sent(DATETIME), &sent(DATE), &sent(TEXT));
        let e = WebhookEvent::from_slice(br#"{"sentAt": "not a date", "webhookTopic": "quote.sent"}"#).unwrap();
        assert_eq!(e.to_string(), "topic quote.sent sent at not a date");
    }

    #[test]
    fn a_payload_nested_too_deep_for_a_value_is_an_error_not_null() {
        // 200 levels: valid JSON, kept as text by the delivery's parse, but deeper than
        // serde_json's recursion limit (128) for a `Value`.
        let deep = format!("{}1{}", "[".repeat(200), "]".repeat(200));
        let body = format!(r#"{{"webhookTopic": "quote.sent", "payloadData": {deep}}}"#);
        let e = WebhookEvent::from_slice(body.as_bytes()).unwrap();
        assert_eq!(e.raw_payload_data().get(), deep);
        let err = e.payload_data().unwrap_err().to_string();
        assert!(err.contains("recursion limit"), "{err}");
        assert!(matches!(e.payload(), WebhookPayload::Unreadable(why) if why.contains("recursion limit")));
    }

    #[test]
    fn a_known_topic_with_an_odd_payload_is_other() {
        let body = br#"{"webhookTopic": {"topic": "SUBSCRIPTION_UPDATED"}, "payloadData": {"id": "not-a-uuid"}}"#;
        let e = WebhookEvent::from_slice(body).unwrap();
        assert_eq!(e.payload(), WebhookPayload::Other(serde_json::json!({"id": "not-a-uuid"})));
        let e = WebhookEvent::from_slice(br#"{"webhookTopic": "invoices/created"}"#).unwrap();
        assert_eq!(e.payload(), WebhookPayload::Other(serde_json::Value::Null));
        assert_eq!(e.account_id, None);
        assert_eq!(e.sent_at, None);
    }

    #[test]
    fn empty_and_malformed_bodies_are_clear_errors() {
        for empty in [&b""[..], b"  \r\n"] {
            let err = WebhookEvent::from_slice(empty).unwrap_err();
            assert!(matches!(err, WebhookParseError::Empty));
            assert_eq!(err.to_string(), "the webhook delivery body is empty");
        }
        let err = WebhookEvent::from_slice(b"{\"accountId\": ").unwrap_err();
        assert!(matches!(err, WebhookParseError::Malformed(_)), "{err:?}");
        assert!(err.to_string().starts_with("the webhook delivery body is not a valid delivery: EOF"), "{err}");
        let err = WebhookEvent::from_slice(b"<html>oops</html>").unwrap_err();
        assert!(matches!(err, WebhookParseError::Malformed(_)));
        let err = WebhookEvent::from_slice(br#"{"webhookId": 42}"#).unwrap_err();
        assert!(matches!(err, WebhookParseError::Malformed(_)));
        let err = WebhookEvent::from_slice(b"[1, 2]").unwrap_err();
        assert_eq!(err.to_string(), "the webhook delivery body is JSON but not an object (it is an array)");
        let err = WebhookEvent::from_slice(b"null").unwrap_err();
        assert!(matches!(err, WebhookParseError::NotAnObject("null")));
    }

    #[test]
    fn display_is_one_line_without_payload() {
        let e = WebhookEvent::from_slice(SUBSCRIPTION).unwrap();
        assert_eq!(
            e.to_string(),
            "topic subscription.updated from webhook 5d2a6f0e-3b1c-4c8e-9f7a-1e2d3c4b5a69 sent at 2025-03-02T14:00:00.123Z"
        );
        assert_eq!(WebhookEvent::default().to_string(), "topic (none)");
    }

    #[test]
    fn topic_words_pick_the_resource() {
        let kind = |t: &str| match resource_of(t) {
            Some(Resource::Subscription) => "subscription",
            Some(Resource::Order) => "order",
            Some(Resource::Invoice) => "invoice",
            Some(Resource::Company) => "company",
            None => "none",
        };
        assert_eq!(kind("SUBSCRIPTION_CREATED"), "subscription");
        assert_eq!(kind("orders.updated"), "order");
        assert_eq!(kind("Invoice-Paid"), "invoice");
        assert_eq!(kind("companies:created"), "company");
        assert_eq!(kind("reorder.created"), "none");
        assert_eq!(kind("quote.accepted"), "none");
    }
}
