//! Webhooks (API v2): webhooks and their topics, filters, delivery logs, test results, topic
//! definitions, and the bodies sent to create and change them.
//!
//! Page envelopes, as `webhooks-api.json` declares them (the shared pager reads both):
//! - list webhooks (`GET /webhooks`): nested, `{"content", "page": {"number", "size", "totalElements", "totalPages"}}`;
//! - delivery logs (`GET /webhooks/{webhookId}/logs`): nested, same shape;
//! - topic definitions (`GET /webhooks/topic-definitions`): flat,
//!   `{"content", "number", "size", "totalElements", "totalPages"}`.
//!
//! The delivery envelope (`WebhookPayload` in the spec) is [`crate::webhooks::WebhookEvent`].

use crate::models::common::checked_model;
use std::fmt;

use crate::models::ids::{AccountId, IntegrationId, WebhookCallId, WebhookId, WebhookLogId};
use serde::{Deserialize, Serialize};

use super::common::{Timestamp, null_as_empty, timestamp, wire_enum};
use super::webhook_event::WebhookBody;
use super::webhook_topics::{FilterOperator, WebhookFilter, WebhookTopic, filters_problem};
use super::webhook_url::url_problem;

/// The largest `errorThreshold` the spec allows.
pub const MAX_ERROR_THRESHOLD: u32 = 20;

wire_enum! {
    /// Status of a delivery, of one delivery attempt, or the last delivery of a webhook.
    pub enum WebhookDeliveryStatus {
        /// Not sent yet.
        Pending => "PENDING",
        /// Delivered.
        Success => "SUCCESS",
        /// Failed for good.
        Failed => "FAILED",
        /// Failed, another attempt will follow.
        Retrying => "RETRYING",
    }
}

wire_enum! {
    /// Fields a webhook list can be sorted by (sent as `field:asc|desc`). The spec names no
    /// sort fields; these are the sortable properties of its `Webhook` schema.
    pub enum WebhookSort {
        /// By display name.
        DisplayName => "displayName",
        /// By URL.
        Url => "url",
        /// By active flag.
        Active => "active",
        /// By last delivery status.
        LastDeliveryStatus => "lastDeliveryStatus",
        /// By creation time.
        CreatedAt => "createdAt",
        /// By time of the last update.
        UpdatedAt => "updatedAt",
    }
}

wire_enum! {
    /// Fields a delivery-log list can be sorted by (sent as `field:asc|desc`). The spec names
    /// no sort fields; these are the sortable properties of its `WebhookLog` schema.
    pub enum WebhookLogSort {
        /// By creation time.
        CreatedAt => "createdAt",
        /// By final status.
        FinalStatus => "finalStatus",
        /// By webhook name.
        WebhookName => "webhookName",
    }
}

wire_enum! {
    /// Fields a topic-definition list can be sorted by (sent as `field:asc|desc`). The spec
    /// names no sort fields; these are the sortable properties of its `TopicDefinition` schema.
    pub enum TopicDefinitionSort {
        /// By topic name.
        Topic => "topic",
        /// By human-readable name.
        Name => "name",
    }
}

/// The `authorization` value of a webhook: the header Pax8 sends with every delivery.
///
/// A secret: its `Debug` shows `Authorization(<redacted>)`. Read it with [`expose`](Self::expose).
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Authorization(String);

impl Authorization {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Authorization(value.into())
    }

    /// The value itself. Keep it out of logs.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Authorization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Authorization(<redacted>)")
    }
}

impl From<String> for Authorization {
    fn from(value: String) -> Self {
        Authorization(value)
    }
}

impl From<&str> for Authorization {
    fn from(value: &str) -> Self {
        Authorization(value.to_owned())
    }
}

checked_model! {
    /// A webhook. Its `authorization` is redacted in `Debug`.
    #[derive(Debug, Clone, PartialEq, Default, Serialize)]
    #[serde(rename_all = "camelCase", default)]
    #[non_exhaustive]
    pub struct Webhook {
        /// Id.
        pub id: WebhookId,
        /// The account that owns the webhook.
        pub account_id: AccountId,
        /// Display name.
        pub display_name: String,
        /// Where events are sent.
        pub url: Option<String>,
        /// The `Authorization` header value sent with each delivery.
        pub authorization: Option<Authorization>,
        /// True when events are sent.
        pub active: bool,
        /// Who is emailed about delivery errors.
        pub contact_email: Option<String>,
        /// Retries, and consecutive errors before an email.
        pub error_threshold: Option<u32>,
        /// The integration the webhook belongs to (third-party integrators).
        pub integration_id: Option<IntegrationId>,
        /// The topics subscribed to.
        #[serde(deserialize_with = "null_as_empty")]
        pub webhook_topics: Vec<WebhookTopic>,
        /// Status of the last delivery.
        pub last_delivery_status: Option<WebhookDeliveryStatus>,
        /// Creation time.
        #[serde(deserialize_with = "timestamp")]
        pub created_at: Option<Timestamp>,
        /// Time of the last update.
        #[serde(deserialize_with = "timestamp")]
        pub updated_at: Option<Timestamp>,
    }
    "webhook"
}

checked_model! {
    /// One delivery attempt in a log's call history.
    #[derive(Debug, Clone, PartialEq, Default, Serialize)]
    #[serde(rename_all = "camelCase", default)]
    #[non_exhaustive]
    pub struct WebhookCall {
        /// Id of the attempt.
        pub id: WebhookCallId,
        /// When the attempt was made.
        #[serde(deserialize_with = "timestamp")]
        pub timestamp: Option<Timestamp>,
        /// Outcome of the attempt.
        pub status: Option<WebhookDeliveryStatus>,
        /// Why it failed, when it did.
        pub error_message: Option<String>,
        /// HTTP status the endpoint answered, when it answered (`int32` in the spec, kept as is).
        pub http_status_code: Option<i32>,
        /// The body that was sent, kept whole as its JSON text, with its delivery envelope read
        /// field by field ([`WebhookBody::event`]); `None` when absent or `null`.
        pub payload: Option<WebhookBody>,
    }
    "webhook call"
}

checked_model! {
    /// The log of one event's delivery, with every attempt.
    #[derive(Debug, Clone, PartialEq, Default, Serialize)]
    #[serde(rename_all = "camelCase", default)]
    #[non_exhaustive]
    pub struct WebhookLog {
        /// Id of the log entry.
        pub id: WebhookLogId,
        /// The webhook.
        pub webhook_id: WebhookId,
        /// Display name of the webhook.
        pub webhook_name: String,
        /// Outcome of the delivery.
        pub final_status: Option<WebhookDeliveryStatus>,
        /// Every attempt.
        #[serde(deserialize_with = "null_as_empty")]
        pub call_history: Vec<WebhookCall>,
        /// When the log was created.
        #[serde(deserialize_with = "timestamp")]
        pub created_at: Option<Timestamp>,
    }
    "webhook log"
}

checked_model! {
    /// What testing a topic of a webhook returned.
    #[derive(Debug, Clone, PartialEq, Default, Serialize)]
    #[serde(rename_all = "camelCase", default)]
    #[non_exhaustive]
    pub struct WebhookTest {
        /// The URL called.
        pub url: String,
        /// The webhook as tested.
        pub webhook: Webhook,
        /// The sample body sent, kept whole as its JSON text, with its delivery envelope read
        /// field by field ([`WebhookBody::event`]); `None` when absent or `null`.
        pub sample_payload: Option<WebhookBody>,
    }
    "webhook test"
}

/// A condition a filter of a topic may use, with its metadata.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct FilterConditionDefinition {
    /// Path of the field.
    pub field: String,
    /// Operators this field accepts (the wire's `operator`).
    #[serde(rename = "operator", deserialize_with = "null_as_empty")]
    pub operators: Vec<FilterOperator>,
    /// Data type of the field.
    pub data_type: Option<String>,
    /// What the field is.
    pub description: Option<String>,
    /// An example value.
    pub value: Option<String>,
}

/// A filter a topic offers: an action and the conditions it may use.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct WebhookFilterDefinition {
    /// The action.
    pub action: String,
    /// The action's display name.
    pub action_display_name: Option<String>,
    /// What the filter is.
    pub description: Option<String>,
    /// Conditions available.
    #[serde(deserialize_with = "null_as_empty")]
    pub conditions: Vec<FilterConditionDefinition>,
}

checked_model! {
    /// A topic that can be subscribed to: its filters and a sample delivery.
    #[derive(Debug, Clone, PartialEq, Default, Serialize)]
    #[serde(rename_all = "camelCase", default)]
    #[non_exhaustive]
    pub struct TopicDefinition {
        /// The topic name (what [`WebhookTopicSpec::new`] takes).
        pub topic: String,
        /// Human-readable name.
        pub name: Option<String>,
        /// What the topic is.
        pub description: Option<String>,
        /// Filters the topic offers.
        #[serde(deserialize_with = "null_as_empty")]
        pub available_filters: Vec<WebhookFilterDefinition>,
        /// A sample delivery of this topic, kept whole as its JSON text, with its delivery
        /// envelope read field by field ([`WebhookBody::event`]); a sample of an odd shape never
        /// fails the page.
        pub sample_payload: Option<WebhookBody>,
    }
    "topic definition"
}

/// A topic to subscribe to, with filters: the spec's `AddWebhookTopic`, used on create, add
/// and replace.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct WebhookTopicSpec {
    /// The topic name, from [`TopicDefinition::topic`].
    pub topic: String,
    /// Filters (sent as `[]` when there are none: the spec requires the field).
    #[serde(deserialize_with = "null_as_empty")]
    pub filters: Vec<WebhookFilter>,
}

impl WebhookTopicSpec {
    /// A subscription to `topic` with no filters.
    pub fn new(topic: impl Into<String>) -> Self {
        WebhookTopicSpec { topic: topic.into(), filters: Vec::new() }
    }

    /// Adds a filter.
    pub fn filter(mut self, filter: WebhookFilter) -> Self {
        self.filters.push(filter);
        self
    }

    /// What is wrong with this spec before it is sent, if anything.
    pub(crate) fn problem(&self) -> Option<String> {
        topic_name_problem(&self.topic).or_else(|| filters_problem(&self.filters))
    }
}

/// Checks a topic name (of a spec, or the one `test_topic` puts in the path): it must not be
/// empty or blank. Returns the complaint, or `None`.
pub(crate) fn topic_name_problem(topic: &str) -> Option<String> {
    topic.trim().is_empty().then(|| "a topic name must not be empty".to_owned())
}

fn topics_problem(topics: &[WebhookTopicSpec]) -> Option<String> {
    topics.iter().find_map(WebhookTopicSpec::problem)
}

fn threshold_problem(threshold: Option<u32>) -> Option<String> {
    threshold
        .filter(|t| *t > MAX_ERROR_THRESHOLD)
        .map(|t| format!("error_threshold must be at most {MAX_ERROR_THRESHOLD}, got {t}"))
}

/// The body of `POST /webhooks` (the spec's `CreateWebhook`). Its `authorization` is redacted
/// in `Debug`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub(crate) struct NewWebhook {
    /// Display name (required).
    pub(crate) display_name: String,
    /// Where events are sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) url: Option<String>,
    /// The `Authorization` header value sent with each delivery.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) authorization: Option<Authorization>,
    /// Active from the start (Pax8's default: false).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) active: Option<bool>,
    /// Who is emailed about delivery errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) contact_email: Option<String>,
    /// Retries, and consecutive errors before an email (Pax8's default: 3, at most 20).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) error_threshold: Option<u32>,
    /// The integration (required for third-party integrators).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) integration_id: Option<IntegrationId>,
    /// Topics to subscribe to.
    #[serde(skip_serializing_if = "Vec::is_empty", deserialize_with = "null_as_empty")]
    pub(crate) webhook_topics: Vec<WebhookTopicSpec>,
}

impl NewWebhook {
    /// What is wrong with this body before it is sent, if anything: a missing display name,
    /// a URL that is not `https://` (loopback hosts excepted), an error threshold above 20, an
    /// empty topic name, a filter condition without values.
    pub(crate) fn problem(&self) -> Option<String> {
        if self.display_name.trim().is_empty() {
            return Some("display_name is required to create a webhook".to_owned());
        }
        self.url
            .as_deref()
            .and_then(url_problem)
            .or_else(|| threshold_problem(self.error_threshold))
            .or_else(|| topics_problem(&self.webhook_topics))
    }
}

/// The body of `POST /webhooks/{id}/configuration` (the spec's `UpdateWebhookConfiguration`).
///
/// Pax8 **replaces** the configuration with this body: a field left `None` is cleared. Use
/// [`merged_over`](Self::merged_over) to keep the current values of the fields not set.
/// Its `authorization` is redacted in `Debug`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub(crate) struct WebhookConfigurationUpdate {
    /// Display name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) display_name: Option<String>,
    /// Where events are sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) url: Option<String>,
    /// The `Authorization` header value sent with each delivery.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) authorization: Option<Authorization>,
    /// Who is emailed about delivery errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) contact_email: Option<String>,
    /// Retries, and consecutive errors before an email (at most 20).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) error_threshold: Option<u32>,
    /// The fields the caller clears on purpose (left out of the replacement).
    #[serde(skip)]
    pub(crate) cleared: Cleared,
}

/// The optional fields of a webhook configuration that an update clears on purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Cleared {
    pub(crate) url: bool,
    pub(crate) authorization: bool,
    pub(crate) contact_email: bool,
}

/// The value a replacement sends for one field: the one set, else nothing when cleared on
/// purpose, else the current one; an error naming the field when there is none to keep.
fn kept<T: Clone>(
    set: &Option<T>,
    cleared: bool,
    current: &Option<T>,
    wire: &str,
    setter: &str,
    clearer: Option<&str>,
) -> Result<Option<T>, String> {
    if set.is_some() {
        return Ok(set.clone());
    }
    if cleared {
        return Ok(None);
    }
    if current.is_some() {
        return Ok(current.clone());
    }
    let clear = match clearer {
        Some(clearer) => format!(", or call .{clearer}() to clear it on purpose"),
        None => String::new(),
    };
    Err(format!(
        "refusing to replace the webhook configuration: the current `{wire}` was not returned by \
         GET /webhooks/{{id}}, so the replacement would clear it; set it with .{setter}(..) to keep it{clear}"
    ))
}

impl WebhookConfigurationUpdate {
    /// True when no field is set or cleared.
    pub fn is_empty(&self) -> bool {
        self.display_name.is_none()
            && self.url.is_none()
            && self.authorization.is_none()
            && self.contact_email.is_none()
            && self.error_threshold.is_none()
            && self.cleared == Cleared::default()
    }

    /// True when every field is set or cleared, so nothing needs to be read.
    pub(crate) fn is_complete(&self) -> bool {
        self.display_name.is_some()
            && (self.url.is_some() || self.cleared.url)
            && (self.authorization.is_some() || self.cleared.authorization)
            && (self.contact_email.is_some() || self.cleared.contact_email)
            && self.error_threshold.is_some()
    }

    /// This update with every field it leaves unset taken from `current`, so that sending it
    /// changes only what was set. Refused (the error names the field and how to keep or
    /// clear it) when a field neither set nor cleared has no current value to keep: the
    /// replacement would clear it silently.
    pub(crate) fn merged_over(&self, current: &Webhook) -> Result<Self, String> {
        let name = Some(current.display_name.clone()).filter(|n| !n.trim().is_empty());
        Ok(WebhookConfigurationUpdate {
            display_name: kept(&self.display_name, false, &name, "displayName", "display_name", None)?,
            url: kept(&self.url, self.cleared.url, &current.url, "url", "url", Some("clear_url"))?,
            authorization: kept(
                &self.authorization,
                self.cleared.authorization,
                &current.authorization,
                "authorization",
                "authorization",
                Some("clear_authorization"),
            )?,
            contact_email: kept(
                &self.contact_email,
                self.cleared.contact_email,
                &current.contact_email,
                "contactEmail",
                "contact_email",
                Some("clear_contact_email"),
            )?,
            error_threshold: kept(
                &self.error_threshold,
                false,
                &current.error_threshold,
                "errorThreshold",
                "error_threshold",
                None,
            )?,
            cleared: self.cleared,
        })
    }

    /// What is wrong with this update before it is sent, if anything: nothing set, an empty
    /// display name, a URL that is not `https://` (loopback hosts excepted), an error
    /// threshold above 20.
    pub(crate) fn problem(&self) -> Option<String> {
        if self.is_empty() {
            return Some("the configuration update sets nothing".to_owned());
        }
        if self.display_name.as_deref().is_some_and(|n| n.trim().is_empty()) {
            return Some("display_name must not be empty".to_owned());
        }
        self.url.as_deref().and_then(url_problem).or_else(|| threshold_problem(self.error_threshold))
    }
}

/// The body of `POST /webhooks/{id}/status` (the spec's `UpdateWebhookStatus`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub(crate) struct WebhookStatusUpdate {
    /// True to send events, false to pause.
    pub(crate) active: bool,
}

impl WebhookStatusUpdate {
    /// The body for `active`.
    pub(crate) fn new(active: bool) -> Self {
        WebhookStatusUpdate { active }
    }
}

/// The body of `POST /webhooks/{id}/topics/{topicId}/configuration` (the spec's
/// `UpdateWebhookTopicConfiguration`): the topic's new filters.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub(crate) struct WebhookTopicFiltersUpdate {
    /// The filters (replace the current ones; `[]` removes them all).
    #[serde(deserialize_with = "null_as_empty")]
    pub(crate) filters: Vec<WebhookFilter>,
}

impl WebhookTopicFiltersUpdate {
    /// The body for these filters.
    pub(crate) fn new(filters: Vec<WebhookFilter>) -> Self {
        WebhookTopicFiltersUpdate { filters }
    }

    /// What is wrong with these filters before they are sent, if anything.
    pub(crate) fn problem(&self) -> Option<String> {
        filters_problem(&self.filters)
    }
}

/// The body of `PUT /webhooks/{id}/topics` (the spec's `WebhookTopicsBody`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub(crate) struct WebhookTopicsBody {
    /// The topics that replace the current ones.
    #[serde(deserialize_with = "null_as_empty")]
    pub(crate) webhook_topics: Vec<WebhookTopicSpec>,
}

impl WebhookTopicsBody {
    /// The body for these topics.
    pub(crate) fn new(webhook_topics: Vec<WebhookTopicSpec>) -> Self {
        WebhookTopicsBody { webhook_topics }
    }

    /// What is wrong with these topics before they are sent, if anything.
    pub(crate) fn problem(&self) -> Option<String> {
        topics_problem(&self.webhook_topics)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::models::{FilterCondition, FilterOperator, WebhookFilter};
    use crate::page::Page;
    use time::macros::datetime;
    use uuid::Uuid;

    const WEBHOOK: &str = include_str!("../testing/fixtures/webhooks/webhook.json");
    const WEBHOOKS_PAGE: &str = include_str!("../testing/fixtures/webhooks/webhooks-page.json");
    const LOGS_PAGE: &str = include_str!("../testing/fixtures/webhooks/logs-page.json");
    const LOG: &str = include_str!("../../tests/fixtures/webhooks/log.json");
    const TEST_RESULT: &str = include_str!("../../tests/fixtures/webhooks/test-result.json");
    const TOPIC_DEFINITIONS_PAGE: &str = include_str!("../testing/fixtures/webhooks/topic-definitions-page.json");

    fn uuid(s: &str) -> Uuid {
        s.parse().unwrap()
    }

    #[test]
    fn webhook_fixture_decodes() {
        let w: Webhook = serde_json::from_str(WEBHOOK).unwrap();
        assert_eq!(w.id, uuid("5d2a6f0e-3b1c-4c8e-9f7a-1e2d3c4b5a69"));
        assert_eq!(w.account_id, uuid("0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a"));
        assert_eq!(w.display_name, "PSA sync");
        assert_eq!(w.url.as_deref(), Some("https://psa.example.com/pax8/events"));
        assert_eq!(w.authorization.as_ref().map(Authorization::expose), Some("Bearer s3cr3t-demo"));
        assert!(w.active);
        assert_eq!(w.contact_email.as_deref(), Some("ops@example.com"));
        assert_eq!(w.error_threshold, Some(5));
        assert_eq!(w.integration_id, None);
        assert_eq!(w.last_delivery_status, Some(WebhookDeliveryStatus::Success));
        assert_eq!(w.created_at, Some(Timestamp::DateTime(datetime!(2025-01-15 09:30:00 UTC))));
        assert_eq!(w.updated_at, Some(Timestamp::DateTime(datetime!(2025-02-01 12:00:00.5 UTC))));
        assert_eq!(w.webhook_topics.len(), 2);
        let t = &w.webhook_topics[0];
        assert_eq!(t.id, uuid("a1b2c3d4-e5f6-4789-8abc-def012345678"));
        assert_eq!(t.topic, "subscription.updated");
        assert_eq!(t.filters[0].action, "QUANTITY_CHANGED");
        let c = &t.filters[0].conditions;
        assert_eq!(c[0], FilterCondition::one_of("companyId", ["3f1e2d4c-1111-4222-8333-944455566677"]));
        assert_eq!(c[1], FilterCondition::greater_than("quantity", "10"));
        assert_eq!(w.webhook_topics[1].topic, "order.created");
        assert!(w.webhook_topics[1].filters.is_empty());
    }

    #[test]
    fn authorization_is_redacted_in_debug() {
        let w: Webhook = serde_json::from_str(WEBHOOK).unwrap();
        let new = NewWebhook { authorization: Some("Bearer s3cr3t-demo".into()), ..Default::default() };
        let update =
            WebhookConfigurationUpdate { authorization: Some("Bearer s3cr3t-demo".into()), ..Default::default() };
        let test: WebhookTest = serde_json::from_str(TEST_RESULT).unwrap();
        for debug in [format!("{w:?}"), format!("{new:?}"), format!("{update:?}"), format!("{test:?}")] {
            assert!(!debug.contains("s3cr3t"), "{debug}");
            assert!(debug.contains("Authorization(<redacted>)"), "{debug}");
        }
        // The value still goes on the wire.
        assert_eq!(serde_json::to_value(&new).unwrap()["authorization"], "Bearer s3cr3t-demo");
    }

    #[test]
    fn odd_dates_keep_their_time_their_date_or_their_text() {
        use crate::models::common::odd_dates::{DATE, DATETIME, TEXT, assert_kept};
        let w: Webhook = serde_json::from_value(serde_json::json!({"createdAt": DATETIME, "updatedAt": DATE})).unwrap();
        let log: WebhookLog = serde_json::from_value(serde_json::json!({
            "createdAt": TEXT, "callHistory": [{"timestamp": DATETIME}]
        }))
        .unwrap();
        assert_kept(&w.created_at, &w.updated_at, &log.created_at);
        assert_eq!(log.call_history[0].timestamp, w.created_at);
    }

    #[test]
    fn webhooks_page_is_nested() {
        let raw: serde_json::Value = serde_json::from_str(WEBHOOKS_PAGE).unwrap();
        assert!(raw["page"].is_object());
        let page: Page<Webhook> = serde_json::from_str(WEBHOOKS_PAGE).unwrap();
        assert_eq!((page.number, page.size, page.total_elements, page.total_pages), (0, 2, 3, 2));
        assert_eq!(page.items.len(), 2);
        assert_eq!(page.items[0].display_name, "PSA sync");
        assert_eq!(page.items[1].display_name, "Billing export");
        assert!(!page.items[1].active);
        assert_eq!(page.items[1].last_delivery_status, Some(WebhookDeliveryStatus::Other("THROTTLED".into())));
        assert_eq!(page.items[1].integration_id, Some(uuid("7c6b5a49-3827-4615-a4f3-e2d1c0b9a887").into()));
        // A date Pax8 spells oddly is kept as sent, never a failed page; a `-0600` offset is read.
        assert_eq!(page.items[1].created_at, Some(Timestamp::Unparsed("last tuesday".into())));
        assert_eq!(page.items[1].updated_at, Some(Timestamp::DateTime(datetime!(2025-02-03 10:00 -6))));
    }

    #[test]
    fn logs_page_and_log_decode() {
        let page: Page<WebhookLog> = serde_json::from_str(LOGS_PAGE).unwrap();
        assert_eq!((page.number, page.size, page.total_elements, page.total_pages), (1, 10, 12, 2));
        assert_eq!(page.items.len(), 2);
        assert_eq!(page.items[1].final_status, Some(WebhookDeliveryStatus::Pending));
        assert!(page.items[1].call_history.is_empty());

        let log: WebhookLog = serde_json::from_str(LOG).unwrap();
        // The same log in both fixtures (payloads are kept as sent, so compare their JSON).
        assert_eq!(serde_json::to_value(&log).unwrap(), serde_json::to_value(&page.items[0]).unwrap());
        assert_eq!(log.id, uuid("b7e6d5c4-b3a2-4190-8f7e-6d5c4b3a2918"));
        assert_eq!(log.webhook_id, uuid("5d2a6f0e-3b1c-4c8e-9f7a-1e2d3c4b5a69"));
        assert_eq!(log.webhook_name, "PSA sync");
        assert_eq!(log.final_status, Some(WebhookDeliveryStatus::Failed));
        assert_eq!(log.created_at, Some(Timestamp::DateTime(datetime!(2025-03-02 08:00:00 -6))));
        assert_eq!(log.call_history.len(), 2);
        let first = &log.call_history[0];
        assert_eq!(first.status, Some(WebhookDeliveryStatus::Retrying));
        assert_eq!(first.http_status_code, Some(503));
        assert_eq!(first.error_message.as_deref(), Some("Service Unavailable"));
        assert_eq!(first.timestamp, Some(Timestamp::DateTime(datetime!(2025-03-02 14:00:01.250 UTC))));
        let sent = first.payload.as_ref().unwrap().event().unwrap();
        assert_eq!(sent.topic_name(), Some("subscription.updated"));
        assert_eq!(sent.payload_data().unwrap()["quantity"], 12);
        let second = &log.call_history[1];
        assert_eq!(second.status, Some(WebhookDeliveryStatus::Failed));
        assert_eq!(second.http_status_code, None);
        assert_eq!(second.error_message.as_deref(), Some("connection refused"));
        assert_eq!(second.payload, None);
    }

    #[test]
    fn test_result_decodes() {
        let t: WebhookTest = serde_json::from_str(TEST_RESULT).unwrap();
        assert_eq!(t.url, "https://psa.example.com/pax8/events");
        assert_eq!(t.webhook.display_name, "PSA sync");
        assert_eq!(t.webhook.webhook_topics.len(), 2);
        let sample = t.sample_payload.as_ref().unwrap().event().unwrap();
        assert_eq!(sample.webhook_id, Some(t.webhook.id));
        assert_eq!(sample.topic_name(), Some("order.created"));
        assert_eq!(sample.payload_data().unwrap()["orderedBy"], "Pax8Partner");
    }

    #[test]
    fn topic_definitions_page_is_flat() {
        let raw: serde_json::Value = serde_json::from_str(TOPIC_DEFINITIONS_PAGE).unwrap();
        assert!(raw.get("page").is_none() && raw["totalPages"] == 1);
        let page: Page<TopicDefinition> = serde_json::from_str(TOPIC_DEFINITIONS_PAGE).unwrap();
        assert_eq!((page.number, page.size, page.total_elements, page.total_pages), (0, 10, 5, 1));
        let topics: Vec<&str> = page.items.iter().map(|d| d.topic.as_str()).collect();
        assert_eq!(
            topics,
            ["subscription.updated", "order.created", "invoice.created", "company.updated", "quote.accepted"]
        );
        let sub = &page.items[0];
        assert_eq!(sub.name.as_deref(), Some("Subscription updated"));
        let f = &sub.available_filters[0];
        assert_eq!(f.action, "QUANTITY_CHANGED");
        assert_eq!(f.action_display_name.as_deref(), Some("Quantity changed"));
        assert_eq!(f.conditions[0].field, "companyId");
        assert_eq!(f.conditions[0].operators, [FilterOperator::Equals, FilterOperator::In, FilterOperator::NotIn]);
        assert_eq!(f.conditions[0].data_type.as_deref(), Some("UUID"));
        assert_eq!(
            f.conditions[1].operators,
            [FilterOperator::GreaterThan, FilterOperator::LessThan, FilterOperator::Other("BETWEEN".into())]
        );
        let sample = sub.sample_payload.as_ref().unwrap().event().unwrap();
        assert_eq!(sample.topic_name(), Some("subscription.updated"));
        assert_eq!(sample.webhook_id, Some(uuid("5d2a6f0e-3b1c-4c8e-9f7a-1e2d3c4b5a69").into()));
        assert!(
            page.items.iter().all(|d| d.sample_payload.as_ref().and_then(|s| s.topic_name()) == Some(d.topic.as_str()))
        );
    }

    #[test]
    fn unknown_enum_values_round_trip() {
        for (wire, op) in [("EQUALS", FilterOperator::Equals), ("NOT_IN", FilterOperator::NotIn)] {
            assert_eq!(serde_json::from_value::<FilterOperator>(wire.into()).unwrap(), op);
        }
        let op: FilterOperator = serde_json::from_str("\"STARTS_WITH\"").unwrap();
        assert_eq!(op, FilterOperator::Other("STARTS_WITH".into()));
        assert_eq!(serde_json::to_string(&op).unwrap(), "\"STARTS_WITH\"");
        let s: WebhookDeliveryStatus = serde_json::from_str("\"retrying\"").unwrap();
        assert_eq!(s, WebhookDeliveryStatus::Retrying);
        let s: WebhookDeliveryStatus = serde_json::from_str("\"DROPPED\"").unwrap();
        assert_eq!(serde_json::to_string(&s).unwrap(), "\"DROPPED\"");
    }

    #[test]
    fn sort_fields_use_wire_names() {
        assert_eq!(WebhookSort::DisplayName.as_str(), "displayName");
        assert_eq!(WebhookSort::LastDeliveryStatus.as_str(), "lastDeliveryStatus");
        assert_eq!(WebhookLogSort::CreatedAt.as_str(), "createdAt");
        assert_eq!(WebhookLogSort::FinalStatus.as_str(), "finalStatus");
        assert_eq!(TopicDefinitionSort::Topic.as_str(), "topic");
    }

    #[test]
    fn request_bodies_serialize_as_the_spec_says() {
        let new = NewWebhook {
            display_name: "PSA sync".into(),
            url: Some("https://psa.example.com/pax8/events".into()),
            authorization: Some("Bearer x".into()),
            error_threshold: Some(5),
            webhook_topics: vec![
                WebhookTopicSpec::new("subscription.updated").filter(
                    WebhookFilter::new("QUANTITY_CHANGED")
                        .condition(FilterCondition::none_of("companyId", ["a", "b"]))
                        .condition(FilterCondition::contains("productName", "365")),
                ),
                WebhookTopicSpec::new("order.created"),
            ],
            ..Default::default()
        };
        assert_eq!(
            serde_json::to_value(&new).unwrap(),
            serde_json::json!({
                "displayName": "PSA sync",
                "url": "https://psa.example.com/pax8/events",
                "authorization": "Bearer x",
                "errorThreshold": 5,
                "webhookTopics": [
                    {"topic": "subscription.updated", "filters": [{"action": "QUANTITY_CHANGED", "conditions": [
                        {"field": "companyId", "operator": "NOT_IN", "value": ["a", "b"]},
                        {"field": "productName", "operator": "CONTAINS", "value": ["365"]}
                    ]}]},
                    {"topic": "order.created", "filters": []}
                ]
            })
        );
        assert_eq!(
            serde_json::to_value(WebhookStatusUpdate::new(false)).unwrap(),
            serde_json::json!({"active": false})
        );
        let filters = WebhookTopicFiltersUpdate::new(vec![
            WebhookFilter::new("CREATED")
                .condition(FilterCondition::equals("status", "Active"))
                .condition(FilterCondition::not_equals("billingTerm", "Trial"))
                .condition(FilterCondition::less_than("quantity", "3")),
        ]);
        assert_eq!(
            serde_json::to_value(&filters).unwrap(),
            serde_json::json!({"filters": [{"action": "CREATED", "conditions": [
                {"field": "status", "operator": "EQUALS", "value": ["Active"]},
                {"field": "billingTerm", "operator": "NOT_EQUALS", "value": ["Trial"]},
                {"field": "quantity", "operator": "LESS_THAN", "value": ["3"]}
            ]}]})
        );
        let replace = WebhookTopicsBody::new(vec![WebhookTopicSpec::new("invoice.created")]);
        assert_eq!(
            serde_json::to_value(&replace).unwrap(),
            serde_json::json!({"webhookTopics": [{"topic": "invoice.created", "filters": []}]})
        );
        let update = WebhookConfigurationUpdate { error_threshold: Some(7), ..Default::default() };
        assert_eq!(serde_json::to_value(&update).unwrap(), serde_json::json!({"errorThreshold": 7}));
    }

    #[test]
    fn configuration_update_merges_over_the_current_one() {
        let current: Webhook = serde_json::from_str(WEBHOOK).unwrap();
        let update = WebhookConfigurationUpdate { url: Some("https://new.example.com/h".into()), ..Default::default() };
        let merged = update.merged_over(&current).unwrap();
        assert_eq!(
            serde_json::to_value(&merged).unwrap(),
            serde_json::json!({
                "displayName": "PSA sync",
                "url": "https://new.example.com/h",
                "authorization": "Bearer s3cr3t-demo",
                "contactEmail": "ops@example.com",
                "errorThreshold": 5
            })
        );
    }

    #[test]
    fn create_requires_a_display_name() {
        let mut new = NewWebhook { url: Some("https://x.example.com".into()), ..Default::default() };
        assert_eq!(new.problem().as_deref(), Some("display_name is required to create a webhook"));
        new.display_name = "   ".into();
        assert!(new.problem().is_some());
        new.display_name = "PSA".into();
        assert_eq!(new.problem(), None);
        new.error_threshold = Some(21);
        assert_eq!(new.problem().as_deref(), Some("error_threshold must be at most 20, got 21"));
        new.error_threshold = Some(20);
        new.webhook_topics = vec![WebhookTopicSpec::new("")];
        assert_eq!(new.problem().as_deref(), Some("a topic name must not be empty"));
        new.webhook_topics = vec![WebhookTopicSpec::new("order.created")];
        new.url = Some("http://psa.example.com".into());
        assert!(new.problem().unwrap().contains("https://"));
    }

    #[test]
    fn topic_names_and_conditions_are_checked() {
        assert_eq!(WebhookTopicSpec::new(" ").problem().as_deref(), Some("a topic name must not be empty"));
        assert_eq!(WebhookTopicSpec::new("order.created").problem(), None);
        assert_eq!(topic_name_problem("").as_deref(), Some("a topic name must not be empty"));
        assert_eq!(topic_name_problem("invoice.created"), None);
        let no_values = FilterCondition::new("companyId", FilterOperator::In, Vec::<String>::new());
        let spec = WebhookTopicSpec::new("order.created").filter(WebhookFilter::new("CREATED").condition(no_values));
        assert_eq!(spec.problem().as_deref(), Some("the filter condition on `companyId` has no values"));
        let no_operator = FilterCondition { field: "x".into(), value: vec!["1".into()], ..Default::default() };
        assert_eq!(no_operator.problem().as_deref(), Some("the filter condition on `x` needs an operator"));
        assert_eq!(FilterCondition::equals(" ", "1").problem().as_deref(), Some("a filter condition needs a field"));
        assert_eq!(WebhookFilter::new("").problem().as_deref(), Some("a filter needs an action"));
        let filters = WebhookTopicFiltersUpdate::new(vec![
            WebhookFilter::new("CREATED").condition(FilterCondition::one_of("status", Vec::<String>::new())),
        ]);
        assert_eq!(filters.problem().as_deref(), Some("the filter condition on `status` has no values"));
        assert_eq!(WebhookTopicFiltersUpdate::new(vec![]).problem(), None);
        let replace = WebhookTopicsBody::new(vec![WebhookTopicSpec::new("order.created"), WebhookTopicSpec::new("")]);
        assert_eq!(replace.problem().as_deref(), Some("a topic name must not be empty"));
    }

    #[test]
    fn configuration_update_with_nothing_set_is_refused() {
        let empty = WebhookConfigurationUpdate::default();
        assert!(empty.is_empty());
        assert_eq!(empty.problem().as_deref(), Some("the configuration update sets nothing"));
        let blank_name = WebhookConfigurationUpdate { display_name: Some("".into()), ..Default::default() };
        assert_eq!(blank_name.problem().as_deref(), Some("display_name must not be empty"));
        let bad_url = WebhookConfigurationUpdate { url: Some("http://example.com".into()), ..Default::default() };
        assert!(bad_url.problem().unwrap().contains("https://"));
        let ok = WebhookConfigurationUpdate { contact_email: Some("a@example.com".into()), ..Default::default() };
        assert_eq!(ok.problem(), None);
    }

    #[test]
    fn a_logged_delivery_keeps_its_payload_whole_and_reads_its_envelope_field_by_field() {
        let text = r#"{"id":"5d2a6f0e-3b1c-4c8e-9f7a-1e2d3c4b5a69","callHistory":[
                {"payload":{"webhookTopic":"subscription.updated","webhookId":42,"sentAt":"2025-03-02T14:00:00Z","extra":{"k":[1,2.50]},"payloadData":{"price":12.345678901234567890}}},
                {"payload":"not an envelope"},
                {"payload":null}]}"#;
        let log: WebhookLog = serde_json::from_str(text).unwrap();
        let body = log.call_history[0].payload.as_ref().unwrap();
        // Kept whole: the unknown key and every digit, as sent.
        assert_eq!(
            body.raw().get(),
            r#"{"webhookTopic":"subscription.updated","webhookId":42,"sentAt":"2025-03-02T14:00:00Z","extra":{"k":[1,2.50]},"payloadData":{"price":12.345678901234567890}}"#
        );
        // The envelope field by field: the bad `webhookId` is absent, the rest stays.
        let sent = body.event().unwrap();
        assert_eq!(sent.webhook_id, None);
        assert_eq!(sent.topic_name(), Some("subscription.updated"));
        assert_eq!(sent.sent_at, Some(Timestamp::DateTime(datetime!(2025-03-02 14:00 UTC))));
        assert_eq!(sent.raw_payload_data().get(), r#"{"price":12.345678901234567890}"#);
        // Parsed once: the second access returns the same envelope, not a new one.
        assert!(std::ptr::eq(sent, body.event().unwrap()));
        // Not an object: kept as its text, no envelope.
        let odd = log.call_history[1].payload.as_ref().unwrap();
        assert_eq!(odd.raw().get(), r#""not an envelope""#);
        assert!(odd.event().is_none());
        assert!(log.call_history[2].payload.is_none());
        // Written back, nothing is dropped.
        let written = serde_json::to_string(&log.call_history[0]).unwrap();
        assert!(written.contains(body.raw().get()), "{written}");
        assert!(serde_json::to_string(&log.call_history[1]).unwrap().contains(r#""payload":"not an envelope""#));
    }

    #[test]
    fn a_topic_definition_with_an_odd_sample_keeps_it_and_the_page() {
        let page: Page<TopicDefinition> = serde_json::from_str(
            r#"{"content":[{"topic":"order.created","samplePayload":{"webhookId":"nope","webhookTopic":{"topic":"order.created"},"payloadData":{"total":36.0000}}}],
               "number":0,"size":10,"totalElements":1,"totalPages":1}"#,
        )
        .unwrap();
        let sample = page.items[0].sample_payload.as_ref().unwrap();
        assert_eq!(sample.topic_name(), Some("order.created"));
        assert_eq!(sample.event().unwrap().webhook_id, None);
        assert_eq!(sample.event().unwrap().raw_payload_data().get(), r#"{"total":36.0000}"#);
        let test: WebhookTest =
            serde_json::from_str(r#"{"url":"https://x.example.com","samplePayload":[1,2]}"#).unwrap();
        assert_eq!(test.sample_payload.as_ref().unwrap().raw().get(), "[1,2]");
        assert!(test.sample_payload.as_ref().unwrap().event().is_none());
    }
}
