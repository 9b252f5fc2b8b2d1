//! `client.webhooks()`: the webhooks API v2 (`{base_url}/api/v2`): webhooks, their topics and
//! filters, delivery logs and retries, and the topic definitions. All 15 operations of
//! `webhooks-api.json`.
//!
//! Receiving deliveries needs no client: see [`crate::webhooks`].

use serde::Serialize;

use crate::client::Client;
use crate::endpoint::endpoint;
use crate::error::Error;
use crate::http::{Family, Method};
use crate::models::webhooks::topic_name_problem;
use crate::models::{
    AccountId, Authorization, IntegrationId, NewWebhook, TopicDefinition, TopicDefinitionSort, Webhook,
    WebhookConfigurationUpdate, WebhookDeliveryStatus, WebhookFilter, WebhookId, WebhookLog, WebhookLogId,
    WebhookLogSort, WebhookSort, WebhookStatusUpdate, WebhookTest, WebhookTopicFiltersUpdate, WebhookTopicId,
    WebhookTopicSpec, WebhookTopicsBody,
};
use crate::pagination::{ListSpec, paged};
use crate::query::{encode_segment, filters};
use crate::request::{self, Call, Decoder, MergeRules, MergeUpdate, Submit};
use crate::webhooks::WebhookParseError;

impl Client {
    /// Webhooks (API v2): manage the webhooks Pax8 pushes events to, their topics and
    /// filters, and their delivery logs.
    ///
    /// ```no_run
    /// use pax8::models::WebhookDeliveryStatus;
    ///
    /// # fn main() -> pax8::Result<()> {
    /// let client = pax8::Client::from_env()?;
    /// for hook in client.webhooks().list().active(true).items() {
    ///     let hook = hook?;
    ///     println!("{} -> {:?}", hook.display_name, hook.url);
    ///     for log in client.webhooks().logs(hook.id).status(WebhookDeliveryStatus::Failed).items() {
    ///         let log = log?;
    ///         client.webhooks().retry_delivery(hook.id, log.id).send()?;
    ///     }
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn webhooks(&self) -> WebhooksHandler {
        WebhooksHandler { client: self.clone() }
    }
}

/// Lets code that returns [`pax8::Result`](crate::Result) use `?` on
/// [`WebhookEvent::from_slice`](crate::webhooks::WebhookEvent::from_slice): a delivery body
/// that cannot be read is invalid input, [`Error::InvalidInput`] with the parse error's message.
impl From<WebhookParseError> for Error {
    fn from(e: WebhookParseError) -> Self {
        Error::InvalidInput(e.to_string())
    }
}

/// Handle for `/webhooks` (API v2). Get it with [`Client::webhooks`].
#[derive(Debug, Clone)]
pub struct WebhooksHandler {
    client: Client,
}

impl WebhooksHandler {
    fn call<T>(&self, method: Method, path: String, decode: Decoder<T>) -> Call<T> {
        Call::new(&self.client, method, Family::Webhooks, path, decode)
    }

    /// A call with a JSON body that answers the webhook, refused before sending when
    /// `problem` names one.
    fn change(&self, method: Method, path: String, body: &impl Serialize, problem: Option<String>) -> Call<Webhook> {
        self.call(method, path, request::json).json(body).invalid(problem)
    }

    /// `GET /webhooks`: a filtered, sorted list (nested page envelope).
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// for webhook in client.webhooks().list().active(true).topic("SUBSCRIPTION_CREATED").items() {
    ///     let webhook = webhook?;
    ///     println!("{} {} -> {:?}", webhook.id, webhook.display_name, webhook.url);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListWebhooks {
        ListWebhooks { list: ListSpec::new(&self.client, Family::Webhooks, "/webhooks") }
    }

    /// `POST /webhooks`: creates a webhook. Checked before sending: a display name is
    /// required, the URL must be absolute `https://` (`http://` only for a loopback host),
    /// the error threshold at most 20, and every topic needs a name and complete filters.
    ///
    /// ```no_run
    /// use pax8::models::{FilterCondition, WebhookFilter, WebhookTopicSpec};
    ///
    /// # fn main() -> pax8::Result<()> {
    /// let client = pax8::Client::from_env()?;
    /// // Topic names come from the topic definitions, never from guesses.
    /// let definition = client.webhooks().topic_definitions().search("subscription").send()?;
    /// let topic = &definition.items[0].topic;
    /// let hook = client
    ///     .webhooks()
    ///     .create()
    ///     .display_name("PSA sync")
    ///     .url("https://psa.example.com/pax8/events")
    ///     .authorization("Bearer my-shared-secret")
    ///     .contact_email("ops@example.com")
    ///     .active(true)
    ///     .topic(WebhookTopicSpec::new(topic).filter(
    ///         WebhookFilter::new("QUANTITY_CHANGED").condition(FilterCondition::greater_than("quantity", "10")),
    ///     ))
    ///     .send()?;
    /// println!("created {}", hook.id);
    /// # Ok(())
    /// # }
    /// ```
    pub fn create(&self) -> CreateWebhook {
        CreateWebhook(Submit::new(
            self.call(Method::Post, "/webhooks".into(), request::json),
            NewWebhook::default(),
            NewWebhook::problem,
        ))
    }

    /// `GET /webhooks/{id}`.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let id = pax8::Uuid::nil();
    /// let hook = client.webhooks().get(id).send()?;
    /// for topic in &hook.webhook_topics {
    ///     println!("{} ({} filters)", topic.topic, topic.filters.len());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn get(&self, id: impl Into<WebhookId>) -> GetWebhook {
        GetWebhook(self.get_call(id.into()))
    }

    fn get_call(&self, id: WebhookId) -> Call<Webhook> {
        self.call(Method::Get, format!("/webhooks/{id}"), request::json)
    }

    /// `DELETE /webhooks/{id}` (Pax8 answers 204).
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let id = pax8::Uuid::nil();
    /// client.webhooks().delete(id).send()?;
    /// # Ok(()) }
    /// ```
    pub fn delete(&self, id: impl Into<WebhookId>) -> DeleteWebhook {
        DeleteWebhook(self.call(Method::Delete, format!("/webhooks/{}", id.into()), request::empty))
    }

    /// `POST /webhooks/{id}/configuration`: changes the fields set, **keeping the others**.
    ///
    /// Pax8 replaces the whole configuration with the body it receives (a field not sent is
    /// cleared, the `authorization` secret and the contact email included). So that a change
    /// of one field never wipes the others, `send()` first reads the webhook
    /// (`GET /webhooks/{id}`) and sends the fields set here merged over its current
    /// configuration: two requests. A change made by someone else between the read and the
    /// write is overwritten. When every field is set (or cleared on purpose), nothing is left
    /// to keep and the read is skipped.
    ///
    /// The spec does not promise that the read returns `url`, `authorization` or
    /// `contactEmail` (a secret is often not echoed). The SDK never sends a replacement that
    /// drops a field it could not read: when the read lacks one that was not set either,
    /// `send()` returns [`Error::InvalidInput`](crate::Error::InvalidInput) naming the field,
    /// before the write. Set the field to keep it, or clear it on purpose with
    /// [`clear_url`](UpdateWebhook::clear_url),
    /// [`clear_authorization`](UpdateWebhook::clear_authorization) or
    /// [`clear_contact_email`](UpdateWebhook::clear_contact_email).
    ///
    /// Checked before sending (zero requests): at least one field set, a non-empty display
    /// name, an `https://` URL (`http://` only for a loopback host), an error threshold of at
    /// most 20.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let id = pax8::Uuid::nil();
    /// // Moves the endpoint; the authorization secret and contact email stay as they are.
    /// let hook = client.webhooks().update(id).url("https://psa.example.com/pax8/v2/events").error_threshold(5).send()?;
    /// assert_eq!(hook.error_threshold, Some(5));
    /// // Rotates the secret and stops the error emails.
    /// client.webhooks().update(id).authorization("Bearer n3w").clear_contact_email().send()?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn update(&self, id: impl Into<WebhookId>) -> UpdateWebhook {
        let id = id.into();
        UpdateWebhook(MergeUpdate::new(
            self.get_call(id),
            self.call(Method::Post, format!("/webhooks/{id}/configuration"), request::json),
            WebhookConfigurationUpdate::default(),
            MergeRules {
                check: WebhookConfigurationUpdate::problem,
                complete: WebhookConfigurationUpdate::is_complete,
                merge: WebhookConfigurationUpdate::merged_over,
            },
        ))
    }

    /// `POST /webhooks/{id}/status`: activates (`true`) or pauses (`false`) the webhook.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let id = pax8::Uuid::nil();
    /// let hook = client.webhooks().set_active(id, false).send()?;
    /// assert!(!hook.active);
    /// # Ok(()) }
    /// ```
    pub fn set_active(&self, id: impl Into<WebhookId>, active: bool) -> SetWebhookActive {
        let path = format!("/webhooks/{}/status", id.into());
        SetWebhookActive(self.change(Method::Post, path, &WebhookStatusUpdate::new(active), None))
    }

    /// `POST /webhooks/{id}/topics`: subscribes to one more topic (Pax8 refuses a topic the
    /// webhook already has). An empty topic name or an incomplete filter is refused before
    /// sending.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let id = pax8::Uuid::nil();
    /// use pax8::models::WebhookTopicSpec;
    /// let topics = client.webhooks().topic_definitions().search("invoice").send()?;
    /// if let Some(definition) = topics.items.first() {
    ///     client.webhooks().add_topic(id, WebhookTopicSpec::new(&definition.topic)).send()?;
    /// }
    /// # Ok(()) }
    /// ```
    pub fn add_topic(&self, id: impl Into<WebhookId>, topic: WebhookTopicSpec) -> AddWebhookTopic {
        let problem = topic.problem();
        AddWebhookTopic(self.change(Method::Post, format!("/webhooks/{}/topics", id.into()), &topic, problem))
    }

    /// `PUT /webhooks/{id}/topics`: replaces every topic with these (none: the webhook is left
    /// without topics). An empty topic name or an incomplete filter is refused before sending.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let id = pax8::Uuid::nil();
    /// use pax8::models::WebhookTopicSpec;
    /// let hook = client.webhooks().replace_topics(id, [WebhookTopicSpec::new("subscription.updated")]).send()?;
    /// assert_eq!(hook.webhook_topics.len(), 1);
    /// # Ok(()) }
    /// ```
    pub fn replace_topics(
        &self,
        id: impl Into<WebhookId>,
        topics: impl IntoIterator<Item = WebhookTopicSpec>,
    ) -> ReplaceWebhookTopics {
        let body = WebhookTopicsBody::new(topics.into_iter().collect());
        let path = format!("/webhooks/{}/topics", id.into());
        ReplaceWebhookTopics(self.change(Method::Put, path, &body, body.problem()))
    }

    /// `DELETE /webhooks/{id}/topics/{topicId}`: unsubscribes; `topic_id` is the
    /// [`WebhookTopic::id`](crate::models::WebhookTopic::id) of the webhook's topic (Pax8
    /// answers 204).
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let id = pax8::Uuid::nil();
    /// let hook = client.webhooks().get(id).send()?;
    /// for topic in hook.webhook_topics.iter().filter(|t| t.topic.starts_with("order.")) {
    ///     client.webhooks().remove_topic(hook.id, topic.id).send()?;
    /// }
    /// # Ok(()) }
    /// ```
    pub fn remove_topic(&self, id: impl Into<WebhookId>, topic_id: impl Into<WebhookTopicId>) -> RemoveWebhookTopic {
        let (id, topic_id) = (id.into(), topic_id.into());
        RemoveWebhookTopic(self.call(Method::Delete, format!("/webhooks/{id}/topics/{topic_id}"), request::empty))
    }

    /// `POST /webhooks/{id}/topics/{topicId}/configuration`: replaces the filters of one of
    /// the webhook's topics (none: every event of the topic). A filter without an action, or
    /// a condition without a field, operator or values, is refused before sending.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let (id, topic_id) = (pax8::Uuid::nil(), pax8::Uuid::nil());
    /// use pax8::models::{FilterCondition, WebhookFilter};
    /// let only_big = WebhookFilter::new("QUANTITY_CHANGED").condition(FilterCondition::greater_than("quantity", "100"));
    /// client.webhooks().update_topic_filters(id, topic_id, [only_big]).send()?;
    /// # Ok(()) }
    /// ```
    pub fn update_topic_filters(
        &self,
        id: impl Into<WebhookId>,
        topic_id: impl Into<WebhookTopicId>,
        filters: impl IntoIterator<Item = WebhookFilter>,
    ) -> UpdateWebhookTopicFilters {
        let (id, topic_id) = (id.into(), topic_id.into());
        let body = WebhookTopicFiltersUpdate::new(filters.into_iter().collect());
        let path = format!("/webhooks/{id}/topics/{topic_id}/configuration");
        UpdateWebhookTopicFilters(self.change(Method::Post, path, &body, body.problem()))
    }

    /// `POST /webhooks/{id}/topics/{topic}/test`: Pax8 sends the topic's sample delivery to
    /// the webhook's URL and answers what it sent. `topic` is a topic name (percent-encoded
    /// in the path); an empty one is refused before sending.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let id = pax8::Uuid::nil();
    /// let test = client.webhooks().test_topic(id, "subscription.updated").send()?;
    /// println!("{:?}", test.sample_payload.as_ref().and_then(|p| p.topic_name()));
    /// # Ok(()) }
    /// ```
    pub fn test_topic(&self, id: impl Into<WebhookId>, topic: &str) -> TestWebhookTopic {
        let path = format!("/webhooks/{}/topics/{}/test", id.into(), encode_segment(topic));
        TestWebhookTopic(self.call(Method::Post, path, request::json).invalid(topic_name_problem(topic)))
    }

    /// `GET /webhooks/{id}/logs`: the delivery logs of a webhook, filtered and sorted (nested
    /// page envelope).
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let id = pax8::Uuid::nil();
    /// use pax8::models::WebhookDeliveryStatus;
    /// for log in client.webhooks().logs(id).status(WebhookDeliveryStatus::Failed).items() {
    ///     let log = log?;
    ///     println!("{} {:?}: {} attempts", log.id, log.final_status, log.call_history.len());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn logs(&self, id: impl Into<WebhookId>) -> ListWebhookLogs {
        let path = format!("/webhooks/{}/logs", id.into());
        ListWebhookLogs { list: ListSpec::new(&self.client, Family::Webhooks, path) }
    }

    /// `GET /webhooks/{id}/logs/{logId}`: one delivery log with its call history.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let (id, log_id) = (pax8::Uuid::nil(), pax8::Uuid::nil());
    /// let log = client.webhooks().log(id, log_id).send()?;
    /// for call in &log.call_history {
    ///     println!("{:?} {:?} {:?}", call.timestamp, call.http_status_code, call.error_message);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn log(&self, id: impl Into<WebhookId>, log_id: impl Into<WebhookLogId>) -> GetWebhookLog {
        let (id, log_id) = (id.into(), log_id.into());
        GetWebhookLog(self.call(Method::Get, format!("/webhooks/{id}/logs/{log_id}"), request::json))
    }

    /// `POST /webhooks/{id}/logs/{logId}/retry`: sends a failed delivery again. Pax8 answers
    /// 202 (accepted): the outcome shows later in the log. Never retried by the SDK once it
    /// may have reached Pax8.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let (id, log_id) = (pax8::Uuid::nil(), pax8::Uuid::nil());
    /// client.webhooks().retry_delivery(id, log_id).send()?;
    /// # Ok(()) }
    /// ```
    pub fn retry_delivery(&self, id: impl Into<WebhookId>, log_id: impl Into<WebhookLogId>) -> RetryWebhookDelivery {
        let (id, log_id) = (id.into(), log_id.into());
        RetryWebhookDelivery(self.call(Method::Post, format!("/webhooks/{id}/logs/{log_id}/retry"), request::empty))
    }

    /// `GET /webhooks/topic-definitions`: the topics a webhook can subscribe to, with their
    /// filters and a sample delivery (flat page envelope). Take topic names from here.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// for definition in client.webhooks().topic_definitions().search("subscription").items() {
    ///     let definition = definition?;
    ///     println!("{}: {:?}", definition.topic, definition.description);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn topic_definitions(&self) -> ListTopicDefinitions {
        ListTopicDefinitions { list: ListSpec::new(&self.client, Family::Webhooks, "/webhooks/topic-definitions") }
    }
}

endpoint! {
    /// Builder for `GET /webhooks/{id}`.
    GetWebhook -> Webhook
}

endpoint! {
    /// Builder for `DELETE /webhooks/{id}`.
    DeleteWebhook -> ()
}

endpoint! {
    /// Builder for `POST /webhooks/{id}/status`.
    SetWebhookActive -> Webhook
}

endpoint! {
    /// Builder for `POST /webhooks/{id}/topics`.
    AddWebhookTopic -> Webhook
}

endpoint! {
    /// Builder for `PUT /webhooks/{id}/topics`.
    ReplaceWebhookTopics -> Webhook
}

endpoint! {
    /// Builder for `DELETE /webhooks/{id}/topics/{topicId}`.
    RemoveWebhookTopic -> ()
}

endpoint! {
    /// Builder for `POST /webhooks/{id}/topics/{topicId}/configuration`.
    UpdateWebhookTopicFilters -> Webhook
}

endpoint! {
    /// Builder for `POST /webhooks/{id}/topics/{topic}/test`.
    TestWebhookTopic -> WebhookTest
}

endpoint! {
    /// Builder for `GET /webhooks/{id}/logs/{logId}`.
    GetWebhookLog -> WebhookLog
}

endpoint! {
    /// Builder for `POST /webhooks/{id}/logs/{logId}/retry`.
    RetryWebhookDelivery -> ()
}

/// Builder for `GET /webhooks`.
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until .send(), .pages() or .items()"]
pub struct ListWebhooks {
    list: ListSpec,
}

impl ListWebhooks {
    filters! {
        /// Only webhooks matching this text (`query`).
        query("query"): str,
        /// Only active (or only paused) webhooks (`active`).
        active("active"): bool,
        /// Only webhooks subscribed to this topic (`topic`; a name from `topic_definitions()`).
        topic("topic"): str,
        /// Only webhooks whose last delivery has this status (`status`).
        status("status"): WebhookDeliveryStatus,
        /// Only webhooks of this account (`accountId`).
        account_id("accountId"): (id AccountId),
    }
}
paged!(ListWebhooks, Webhook, sort: WebhookSort);

/// Builder for `GET /webhooks/{id}/logs`.
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until .send(), .pages() or .items()"]
pub struct ListWebhookLogs {
    list: ListSpec,
}

impl ListWebhookLogs {
    filters! {
        /// Only deliveries of this topic (`topicName`).
        topic_name("topicName"): str,
        /// Only deliveries with this final status (`status`).
        status("status"): WebhookDeliveryStatus,
        /// Only deliveries from this moment on (`startDate`): a date-time
        /// (`OffsetDateTime`, sent as RFC 3339, e.g. `2025-03-01T08:00:00Z`) or a day (`Date`,
        /// sent as `yyyy-MM-dd`); the spec names no format.
        start_date("startDate"): timestamp,
        /// Only deliveries up to this moment (`endDate`): a date-time (`OffsetDateTime`, sent
        /// as RFC 3339) or a day (`Date`, sent as `yyyy-MM-dd`); the spec names no format.
        end_date("endDate"): timestamp,
        /// Only deliveries matching this text (`query`).
        query("query"): str,
    }
}
paged!(ListWebhookLogs, WebhookLog, sort: WebhookLogSort);

/// Builder for `GET /webhooks/topic-definitions`.
#[derive(Debug, Clone)]
#[must_use = "nothing is sent until .send(), .pages() or .items()"]
pub struct ListTopicDefinitions {
    list: ListSpec,
}

impl ListTopicDefinitions {
    filters! {
        /// Only topics matching this text (`search`).
        search("search"): str,
        /// Only this topic (`topic`).
        topic("topic"): str,
    }
}
paged!(ListTopicDefinitions, TopicDefinition, sort: TopicDefinitionSort);

/// The setters shared by [`CreateWebhook`] and [`UpdateWebhook`], on their `body`.
macro_rules! configuration_setters {
    () => {
        /// Where events are sent: an absolute `https://` URL (`http://` only for a loopback
        /// host, for local testing).
        pub fn url(mut self, url: impl Into<String>) -> Self {
            self.0.body.url = Some(url.into());
            self
        }
        /// The `Authorization` header value Pax8 sends with every delivery (a secret:
        /// redacted in `Debug`).
        pub fn authorization(mut self, value: impl Into<Authorization>) -> Self {
            self.0.body.authorization = Some(value.into());
            self
        }
        /// Who is emailed about delivery errors.
        pub fn contact_email(mut self, email: impl Into<String>) -> Self {
            self.0.body.contact_email = Some(email.into());
            self
        }
        /// Retries, and consecutive errors before an email (at most 20).
        pub fn error_threshold(mut self, threshold: u32) -> Self {
            self.0.body.error_threshold = Some(threshold);
            self
        }
    };
}

endpoint! {
    /// Builder for `POST /webhooks`: the setters below, then [`send`](Self::send). A
    /// display name is required.
    CreateWebhook -> Webhook, body: NewWebhook
}

impl CreateWebhook {
    /// Display name (required).
    pub fn display_name(mut self, name: impl Into<String>) -> Self {
        self.0.body.display_name = name.into();
        self
    }
    configuration_setters!();
    /// Active from the start (Pax8's default: paused).
    pub fn active(mut self, active: bool) -> Self {
        self.0.body.active = Some(active);
        self
    }
    /// The integration the webhook belongs to (required for third-party integrators).
    pub fn integration_id(mut self, id: impl Into<IntegrationId>) -> Self {
        self.0.body.integration_id = Some(id.into());
        self
    }
    /// Subscribes to a topic (may be called several times); names come from
    /// [`WebhooksHandler::topic_definitions`].
    pub fn topic(mut self, topic: WebhookTopicSpec) -> Self {
        self.0.body.webhook_topics.push(topic);
        self
    }
}

endpoint! {
    /// Builder for `POST /webhooks/{id}/configuration`: the setters below (at least one),
    /// then [`send`](Self::send), which keeps the fields not set (see [`WebhooksHandler::update`]).
    UpdateWebhook -> Webhook, merge: WebhookConfigurationUpdate
}

impl UpdateWebhook {
    /// Display name.
    pub fn display_name(mut self, name: impl Into<String>) -> Self {
        self.0.body.display_name = Some(name.into());
        self
    }
    configuration_setters!();
    /// Clears the URL on purpose (the replacement leaves it out).
    pub fn clear_url(mut self) -> Self {
        self.0.body.url = None;
        self.0.body.cleared.url = true;
        self
    }
    /// Clears the `authorization` secret on purpose (the replacement leaves it out).
    pub fn clear_authorization(mut self) -> Self {
        self.0.body.authorization = None;
        self.0.body.cleared.authorization = true;
        self
    }
    /// Clears the contact email on purpose (the replacement leaves it out).
    pub fn clear_contact_email(mut self) -> Self {
        self.0.body.contact_email = None;
        self.0.body.cleared.contact_email = true;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SortDirection;
    use crate::models::{FilterCondition, FilterOperator};
    use crate::resources::tests::{client, list_wire};
    use serde_json::json;
    use time::macros::date;
    use uuid::Uuid;

    const ID: Uuid = uuid::uuid!("5d2a6f0e-3b1c-4c8e-9f7a-1e2d3c4b5a69");
    const OTHER: Uuid = uuid::uuid!("a1b2c3d4-e5f6-4789-8abc-def012345678");
    const WEBHOOK: &str = include_str!("../testing/fixtures/webhooks/webhook.json");

    fn wire(call: &impl crate::endpoint::Sent) -> (Method, String, Option<serde_json::Value>) {
        let r = call.sent();
        assert_eq!(r.family, Family::Webhooks);
        (r.method, r.path_and_query(), r.json_body())
    }

    #[test]
    fn lists_send_each_filter_under_its_wire_name_and_sort_with_a_colon() {
        let hooks = client()
            .webhooks()
            .list()
            .query("psa")
            .active(true)
            .topic("order.created")
            .status(WebhookDeliveryStatus::Failed)
            .account_id(ID)
            .sort(WebhookSort::DisplayName, SortDirection::Desc);
        assert_eq!(hooks.list.request.family, Family::Webhooks);
        assert_eq!(
            list_wire(&hooks.list),
            format!(
                "/webhooks?query=psa&active=true&topic=order.created&status=FAILED&accountId={ID}\
                 &sort=displayName:desc&page=0&size=200"
            )
        );
        let logs = client()
            .webhooks()
            .logs(ID)
            .topic_name("subscription.updated")
            .status(WebhookDeliveryStatus::Retrying)
            .start_date(date!(2025 - 03 - 01))
            .end_date(date!(2025 - 03 - 31))
            .query("503")
            .sort(WebhookLogSort::CreatedAt, SortDirection::Asc);
        assert_eq!(
            list_wire(&logs.list),
            format!(
                "/webhooks/{ID}/logs?topicName=subscription.updated&status=RETRYING&startDate=2025-03-01\
                 &endDate=2025-03-31&query=503&sort=createdAt:asc&page=0&size=200"
            )
        );
        let defs = client()
            .webhooks()
            .topic_definitions()
            .search("subscription")
            .topic("subscription.updated")
            .sort(TopicDefinitionSort::Name, SortDirection::Asc);
        assert_eq!(
            list_wire(&defs.list),
            "/webhooks/topic-definitions?search=subscription&topic=subscription.updated&sort=name:asc&page=0&size=200"
        );
    }

    #[test]
    fn create_sends_the_body_set() {
        let create = client()
            .webhooks()
            .create()
            .display_name("PSA sync")
            .url("https://psa.example.com/pax8/events")
            .authorization("Bearer x")
            .contact_email("ops@example.com")
            .error_threshold(5)
            .active(true)
            .integration_id(OTHER)
            .topic(WebhookTopicSpec::new("order.created"))
            .request()
            .unwrap();
        assert_eq!((create.method, create.path_and_query()), (Method::Post, "/webhooks".to_owned()));
        assert_eq!(
            create.json_body().unwrap(),
            json!({
                "displayName": "PSA sync", "url": "https://psa.example.com/pax8/events", "authorization": "Bearer x",
                "active": true, "contactEmail": "ops@example.com", "errorThreshold": 5, "integrationId": OTHER,
                "webhookTopics": [{"topic": "order.created", "filters": []}]
            })
        );
    }

    #[test]
    fn bad_input_is_refused_before_sending() {
        let w = client().webhooks();
        let err = |e: Error| match e {
            Error::InvalidInput(why) => why,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            err(w.create().url("https://x.example.com").request().unwrap_err()),
            "display_name is required to create a webhook"
        );
        assert!(err(w.create().display_name("X").url("http://x.example.com").request().unwrap_err()).contains("https"));
        assert!(w.create().display_name("X").url("http://127.0.0.1:8787/hook").request().is_ok());
        let no_values = FilterCondition::new("companyId", FilterOperator::In, Vec::<String>::new());
        let spec = WebhookTopicSpec::new("order.created").filter(WebhookFilter::new("CREATED").condition(no_values));
        assert_eq!(
            err(w.add_topic(ID, spec.clone()).send().unwrap_err()),
            "the filter condition on `companyId` has no values"
        );
        assert!(err(w.create().display_name("X").topic(spec).request().unwrap_err()).contains("no values"));
        assert_eq!(
            err(w.add_topic(ID, WebhookTopicSpec::new(" ")).send().unwrap_err()),
            "a topic name must not be empty"
        );
        assert!(w.replace_topics(ID, [WebhookTopicSpec::new("")]).send().is_err());
        assert!(w.update_topic_filters(ID, OTHER, [WebhookFilter::new("")]).send().is_err());
        assert_eq!(err(w.test_topic(ID, "").send().unwrap_err()), "a topic name must not be empty");
        assert_eq!(err(w.update(ID).send().unwrap_err()), "the configuration update sets nothing");
        assert!(err(w.update(ID).error_threshold(21).send().unwrap_err()).contains("at most 20"));
    }

    #[test]
    fn update_merges_over_the_current_configuration() {
        let current: Webhook = serde_json::from_str(WEBHOOK).unwrap();
        let update = client().webhooks().update(ID).url("https://new.example.com/h").error_threshold(7);
        let read = update.read_request().unwrap();
        assert_eq!((read.method, read.path_and_query()), (Method::Get, format!("/webhooks/{ID}")));
        let merged = update.write_request(Some(&current));
        assert_eq!(
            (merged.method, merged.path_and_query(), merged.json_body()),
            (
                Method::Post,
                format!("/webhooks/{ID}/configuration"),
                Some(json!({
                    "displayName": "PSA sync", "url": "https://new.example.com/h",
                    "authorization": "Bearer s3cr3t-demo", "contactEmail": "ops@example.com", "errorThreshold": 7
                }))
            )
        );
        let full = client()
            .webhooks()
            .update(ID)
            .display_name("n")
            .url("https://u.example.com")
            .authorization("a")
            .contact_email("e@example.com")
            .error_threshold(1);
        assert!(full.read_request().is_none());
    }

    #[test]
    fn every_other_operation_has_its_method_path_and_body() {
        let w = client().webhooks();
        assert_eq!(wire(&w.get(ID)), (Method::Get, format!("/webhooks/{ID}"), None));
        assert_eq!(wire(&w.delete(ID)), (Method::Delete, format!("/webhooks/{ID}"), None));
        assert_eq!(
            wire(&w.set_active(ID, false)),
            (Method::Post, format!("/webhooks/{ID}/status"), Some(json!({"active": false})))
        );
        assert_eq!(
            wire(&w.add_topic(ID, WebhookTopicSpec::new("invoice.created"))),
            (Method::Post, format!("/webhooks/{ID}/topics"), Some(json!({"topic": "invoice.created", "filters": []})))
        );
        assert_eq!(
            wire(&w.replace_topics(ID, vec![WebhookTopicSpec::new("order.created")])),
            (
                Method::Put,
                format!("/webhooks/{ID}/topics"),
                Some(json!({"webhookTopics": [{"topic": "order.created", "filters": []}]}))
            )
        );
        assert_eq!(wire(&w.replace_topics(ID, [])).2, Some(json!({"webhookTopics": []})));
        assert_eq!(wire(&w.remove_topic(ID, OTHER)), (Method::Delete, format!("/webhooks/{ID}/topics/{OTHER}"), None));
        let filter = WebhookFilter::new("CREATED").condition(FilterCondition::equals("status", "Active"));
        assert_eq!(
            wire(&w.update_topic_filters(ID, OTHER, [filter])),
            (
                Method::Post,
                format!("/webhooks/{ID}/topics/{OTHER}/configuration"),
                Some(json!({"filters": [{"action": "CREATED", "conditions": [
                    {"field": "status", "operator": "EQUALS", "value": ["Active"]}
                ]}]}))
            )
        );
        assert_eq!(
            wire(&w.test_topic(ID, "subscription.updated")),
            (Method::Post, format!("/webhooks/{ID}/topics/subscription.updated/test"), None)
        );
        assert_eq!(wire(&w.test_topic(ID, "a/b c")).1, format!("/webhooks/{ID}/topics/a%2Fb%20c/test"));
        assert_eq!(wire(&w.log(ID, OTHER)), (Method::Get, format!("/webhooks/{ID}/logs/{OTHER}"), None));
        assert_eq!(
            wire(&w.retry_delivery(ID, OTHER)),
            (Method::Post, format!("/webhooks/{ID}/logs/{OTHER}/retry"), None)
        );
    }

    #[test]
    fn builders_never_show_the_authorization_in_debug() {
        let create = client().webhooks().create().display_name("X").authorization("Bearer s3cr3t");
        let update = client().webhooks().update(ID).authorization("Bearer s3cr3t");
        for debug in [format!("{create:?}"), format!("{update:?}")] {
            assert!(!debug.contains("s3cr3t") && debug.contains("Authorization(<redacted>)"), "{debug}");
        }
    }

    #[test]
    fn a_delivery_parse_error_converts_to_invalid_input() {
        let e: Error = crate::webhooks::WebhookEvent::from_slice(b" ").unwrap_err().into();
        assert_eq!(e.to_string(), "invalid request: the webhook delivery body is empty");
    }
}
