//! `client.provisioning()`: the vendor provisioning API (`{base_url}/v2`, token audience
//! `api://provisioning`): provisioners and their webhooks, provision requests with their
//! details, attempts and results, and simulated order events. All 21 operations of
//! `vendor-provisioning-endpoints.json`.
//!
//! Receiving the provision calls Pax8 sends needs no client: see [`crate::provisioning`].

use serde_json::{Map, Value};

use crate::client::Client;
use crate::endpoint::endpoint;
use crate::http::{Family, Method};
use crate::models::provisioning::{NewProvisionResult, NewProvisionerWebhook, SharedSecretHeader};
use crate::models::{
    ProvisionAttempt, ProvisionAttemptId, ProvisionDetail, ProvisionDetailId, ProvisionOrderEvent, ProvisionRequest,
    ProvisionRequestId, ProvisionResult, ProvisionResultId, ProvisionStatus, Provisioner, ProvisionerId,
    ProvisionerWebhook, ProvisionerWebhookId,
};
use crate::pagination::{ListSpec, paged};
use crate::query::filters;
use crate::request::{self, Call, Submit};

impl Client {
    /// The vendor provisioning API (for vendors that sell through Pax8): provisioners and
    /// their webhooks, provision requests, and the attempts and results a vendor records.
    ///
    /// Its requests carry a token of audience `api://provisioning`
    /// ([`ClientBuilder::provisioning_audience`](crate::ClientBuilder::provisioning_audience)),
    /// fetched the first time this API is used, separately from the partner token.
    ///
    /// ```no_run
    /// use pax8::models::ProvisionStatus;
    /// # fn main() -> pax8::Result<()> {
    /// let client = pax8::Client::from_env()?;
    /// for request in client.provisioning().requests().unfulfilled().items() {
    ///     let request = request?;
    ///     let attempt = client.provisioning().requests().attempts(request.id).latest().send()?;
    ///     client
    ///         .provisioning()
    ///         .requests()
    ///         .results(request.id)
    ///         .create(ProvisionStatus::Success)
    ///         .provision_attempt_id(attempt.id)
    ///         .send()?;
    /// }
    /// # Ok(()) }
    /// ```
    pub fn provisioning(&self) -> ProvisioningHandler {
        ProvisioningHandler { client: self.clone() }
    }
}

/// Handle for the vendor provisioning API. Get it with [`Client::provisioning`].
#[derive(Debug, Clone)]
pub struct ProvisioningHandler {
    client: Client,
}

/// A call of the provisioning family.
fn call<T>(client: &Client, method: Method, path: String, decode: request::Decoder<T>) -> Call<T> {
    Call::new(client, method, Family::Provisioning, path, decode)
}

/// A `GET` answering JSON.
fn get<T: serde::de::DeserializeOwned>(client: &Client, path: String) -> Call<T> {
    call(client, Method::Get, path, request::json)
}

/// A listing of the provisioning family.
fn list(client: &Client, path: impl Into<String>) -> ListSpec {
    ListSpec::new(client, Family::Provisioning, path)
}

impl ProvisioningHandler {
    /// `/provisioners`: the vendor's provisioners and their webhooks.
    pub fn provisioners(&self) -> ProvisionersHandler {
        ProvisionersHandler { client: self.client.clone() }
    }

    /// `/provision-requests`: what partners ordered, changed or cancelled, and what the
    /// vendor recorded for each.
    pub fn requests(&self) -> ProvisionRequestsHandler {
        ProvisionRequestsHandler { client: self.client.clone() }
    }

    /// `POST /provision-simulations/order-events`: makes Pax8 send a provision call as if a
    /// partner had ordered (simulation credentials only: production credentials are refused).
    /// Answers the event created.
    ///
    /// ```no_run
    /// use pax8::models::{ProvisionOrderEvent, ProvisionRequest, ProvisionRequestType};
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// let mut request = ProvisionRequest::default();
    /// request.kind = Some(ProvisionRequestType::NetNew);
    /// request.company_name = Some("Contoso".into());
    /// let mut event = ProvisionOrderEvent::default();
    /// event.provision_request = Some(request);
    /// let created = client.provisioning().simulate_order_event(event).send()?;
    /// println!("{:?}", created.provision_request.map(|r| r.id));
    /// # Ok(()) }
    /// ```
    pub fn simulate_order_event(&self, event: ProvisionOrderEvent) -> SimulateOrderEvent {
        let path = "/provision-simulations/order-events".to_owned();
        SimulateOrderEvent(call(&self.client, Method::Post, path, request::json).json(&event))
    }
}

/// Handle for `/provisioners`. Get it with [`ProvisioningHandler::provisioners`].
#[derive(Debug, Clone)]
pub struct ProvisionersHandler {
    client: Client,
}

impl ProvisionersHandler {
    /// `GET /provisioners`: the vendor's provisioners.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// for p in client.provisioning().provisioners().list().items() {
    ///     let p = p?;
    ///     println!("{} {}", p.id, p.name);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListProvisioners {
        ListProvisioners { list: list(&self.client, "/provisioners") }
    }

    /// `GET /provisioners/{provisionerId}`.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let id = pax8::Uuid::nil();
    /// let provisioner = client.provisioning().provisioners().get(id).send()?;
    /// println!("{}", provisioner.name);
    /// # Ok(()) }
    /// ```
    pub fn get(&self, id: impl Into<ProvisionerId>) -> GetProvisioner {
        GetProvisioner(get(&self.client, format!("/provisioners/{}", id.into())))
    }

    /// `/provisioners/{provisionerId}/webhooks`: where Pax8 sends the provisioner's calls.
    pub fn webhooks(&self, provisioner: impl Into<ProvisionerId>) -> ProvisionerWebhooksHandler {
        ProvisionerWebhooksHandler { client: self.client.clone(), provisioner: provisioner.into() }
    }
}

/// Handle for `/provisioners/{provisionerId}/webhooks`. Get it with
/// [`ProvisionersHandler::webhooks`].
#[derive(Debug, Clone)]
pub struct ProvisionerWebhooksHandler {
    client: Client,
    provisioner: ProvisionerId,
}

impl ProvisionerWebhooksHandler {
    fn path(&self, rest: &str) -> String {
        format!("/provisioners/{}/webhooks{rest}", self.provisioner)
    }

    /// `GET /provisioners/{provisionerId}/webhooks`.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let id = pax8::Uuid::nil();
    /// for hook in client.provisioning().provisioners().webhooks(id).list().items() {
    ///     println!("{}", hook?.url);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListProvisionerWebhooks {
        ListProvisionerWebhooks { list: list(&self.client, self.path("")) }
    }

    /// `GET /provisioners/{provisionerId}/webhooks/{webhookId}`.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let (id, hook) = (pax8::Uuid::nil(), pax8::Uuid::nil());
    /// let hook = client.provisioning().provisioners().webhooks(id).get(hook).send()?;
    /// println!("{}", hook.url);
    /// # Ok(()) }
    /// ```
    pub fn get(&self, id: impl Into<ProvisionerWebhookId>) -> GetProvisionerWebhook {
        GetProvisionerWebhook(get(&self.client, self.path(&format!("/{}", id.into()))))
    }

    /// `GET /provisioners/{provisionerId}/webhooks/latest`: the webhook created last (the
    /// one Pax8 calls).
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let id = pax8::Uuid::nil();
    /// let hook = client.provisioning().provisioners().webhooks(id).latest().send()?;
    /// println!("{} {:?}", hook.url, hook.shared_secret.and_then(|s| s.header));
    /// # Ok(()) }
    /// ```
    pub fn latest(&self) -> GetLatestProvisionerWebhook {
        GetLatestProvisionerWebhook(get(&self.client, self.path("/latest")))
    }

    /// `POST /provisioners/{provisionerId}/webhooks`: a new webhook at `url`. Pax8 answers it
    /// with a generated shared secret (its `credential`, redacted in `Debug`): keep it to
    /// check the provision calls with
    /// [`shared_secret_matches`](crate::provisioning::shared_secret_matches). An empty URL is
    /// refused before sending.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let id = pax8::Uuid::nil();
    /// let hook = client
    ///     .provisioning()
    ///     .provisioners()
    ///     .webhooks(id)
    ///     .create("https://vendor.example.com/pax8/provision")
    ///     .shared_secret_header("X-Pax8-Secret")
    ///     .send()?;
    /// let secret = hook.shared_secret.expect("Pax8 answers the secret it generated");
    /// # let _ = secret.credential(); Ok(()) }
    /// ```
    pub fn create(&self, url: impl Into<String>) -> CreateProvisionerWebhook {
        CreateProvisionerWebhook(Submit::new(
            call(&self.client, Method::Post, self.path(""), request::json),
            NewProvisionerWebhook { url: url.into(), shared_secret: None },
            NewProvisionerWebhook::problem,
        ))
    }
}

/// Handle for `/provision-requests`. Get it with [`ProvisioningHandler::requests`].
#[derive(Debug, Clone)]
pub struct ProvisionRequestsHandler {
    client: Client,
}

impl ProvisionRequestsHandler {
    /// `GET /provision-requests`: every provision request.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// for r in client.provisioning().requests().list().items() {
    ///     let r = r?;
    ///     println!("{} {:?} {:?}", r.id, r.kind, r.company_name);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListProvisionRequests {
        ListProvisionRequests { list: list(&self.client, "/provision-requests") }
    }

    /// `GET /provision-requests/unfulfilled`: the requests without a successful result yet.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// let waiting = client.provisioning().requests().unfulfilled().page_size(50).send()?;
    /// println!("{} waiting", waiting.total_elements);
    /// # Ok(()) }
    /// ```
    pub fn unfulfilled(&self) -> ListUnfulfilledProvisionRequests {
        ListUnfulfilledProvisionRequests { list: list(&self.client, "/provision-requests/unfulfilled") }
    }

    /// `GET /provision-requests/{provisionRequestId}`.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let id = pax8::Uuid::nil();
    /// let r = client.provisioning().requests().get(id).send()?;
    /// println!("{:?} x{:?}", r.product_name, r.quantity);
    /// # Ok(()) }
    /// ```
    pub fn get(&self, id: impl Into<ProvisionRequestId>) -> GetProvisionRequest {
        GetProvisionRequest(get(&self.client, format!("/provision-requests/{}", id.into())))
    }

    /// `/provision-requests/{provisionRequestId}/details`: what the partner answered.
    pub fn details(&self, request: impl Into<ProvisionRequestId>) -> ProvisionDetailsHandler {
        ProvisionDetailsHandler { client: self.client.clone(), request: request.into() }
    }

    /// `/provision-requests/{provisionRequestId}/attempts`: the calls of the provisioner.
    pub fn attempts(&self, request: impl Into<ProvisionRequestId>) -> ProvisionAttemptsHandler {
        ProvisionAttemptsHandler { client: self.client.clone(), request: request.into() }
    }

    /// `/provision-requests/{provisionRequestId}/results`: the outcomes the vendor recorded.
    pub fn results(&self, request: impl Into<ProvisionRequestId>) -> ProvisionResultsHandler {
        ProvisionResultsHandler { client: self.client.clone(), request: request.into() }
    }
}

/// Handle for `/provision-requests/{provisionRequestId}/details`. Get it with
/// [`ProvisionRequestsHandler::details`].
#[derive(Debug, Clone)]
pub struct ProvisionDetailsHandler {
    client: Client,
    request: ProvisionRequestId,
}

impl ProvisionDetailsHandler {
    fn path(&self, rest: &str) -> String {
        format!("/provision-requests/{}/details{rest}", self.request)
    }

    /// `GET /provision-requests/{provisionRequestId}/details`.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let id = pax8::Uuid::nil();
    /// for d in client.provisioning().requests().details(id).list().items() {
    ///     println!("{:?}", d?.details);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListProvisionDetails {
        ListProvisionDetails { list: list(&self.client, self.path("")) }
    }

    /// `GET /provision-requests/{provisionRequestId}/details/{provisionDetailId}`.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let (id, detail) = (pax8::Uuid::nil(), pax8::Uuid::nil());
    /// let d = client.provisioning().requests().details(id).get(detail).send()?;
    /// println!("{:?}", d.details.get("adminEmail"));
    /// # Ok(()) }
    /// ```
    pub fn get(&self, id: impl Into<ProvisionDetailId>) -> GetProvisionDetail {
        GetProvisionDetail(get(&self.client, self.path(&format!("/{}", id.into()))))
    }

    /// `GET /provision-requests/{provisionRequestId}/details/latest`.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let id = pax8::Uuid::nil();
    /// let d = client.provisioning().requests().details(id).latest().send()?;
    /// println!("{}", d.id);
    /// # Ok(()) }
    /// ```
    pub fn latest(&self) -> GetLatestProvisionDetail {
        GetLatestProvisionDetail(get(&self.client, self.path("/latest")))
    }
}

/// Handle for `/provision-requests/{provisionRequestId}/attempts`. Get it with
/// [`ProvisionRequestsHandler::attempts`].
#[derive(Debug, Clone)]
pub struct ProvisionAttemptsHandler {
    client: Client,
    request: ProvisionRequestId,
}

impl ProvisionAttemptsHandler {
    fn path(&self, rest: &str) -> String {
        format!("/provision-requests/{}/attempts{rest}", self.request)
    }

    /// `GET /provision-requests/{provisionRequestId}/attempts`.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let (id, detail) = (pax8::Uuid::nil(), pax8::Uuid::nil());
    /// for a in client.provisioning().requests().attempts(id).list().provision_detail_id(detail).items() {
    ///     let a = a?;
    ///     println!("{} {:?}", a.id, a.status);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListProvisionAttempts {
        ListProvisionAttempts { list: list(&self.client, self.path("")) }
    }

    /// `GET /provision-requests/{provisionRequestId}/attempts/{provisionAttemptId}`.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let (id, attempt) = (pax8::Uuid::nil(), pax8::Uuid::nil());
    /// let a = client.provisioning().requests().attempts(id).get(attempt).send()?;
    /// println!("{:?}", a.error_detail);
    /// # Ok(()) }
    /// ```
    pub fn get(&self, id: impl Into<ProvisionAttemptId>) -> GetProvisionAttempt {
        GetProvisionAttempt(get(&self.client, self.path(&format!("/{}", id.into()))))
    }

    /// `GET /provision-requests/{provisionRequestId}/attempts/latest`.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let id = pax8::Uuid::nil();
    /// let a = client.provisioning().requests().attempts(id).latest().send()?;
    /// println!("{}", a.id);
    /// # Ok(()) }
    /// ```
    pub fn latest(&self) -> GetLatestProvisionAttempt {
        GetLatestProvisionAttempt(get(&self.client, self.path("/latest")))
    }

    /// `POST /provision-requests/{provisionRequestId}/attempts`: records an attempt at
    /// provisioning `detail` (the request's details, sent as the query parameter
    /// `provisionDetailId`: the spec names the detail in the operation but shows no body or
    /// parameter for it, so the SDK sends it the way the listing filters by it). No body.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let id = pax8::Uuid::nil();
    /// let requests = client.provisioning().requests();
    /// let detail = requests.details(id).latest().send()?;
    /// let attempt = requests.attempts(id).create(detail.id).send()?;
    /// println!("{}", attempt.id);
    /// # Ok(()) }
    /// ```
    pub fn create(&self, detail: impl Into<ProvisionDetailId>) -> CreateProvisionAttempt {
        let call = call(&self.client, Method::Post, self.path(""), request::json);
        CreateProvisionAttempt(call.param("provisionDetailId", Some(detail.into())))
    }
}

/// Handle for `/provision-requests/{provisionRequestId}/results`. Get it with
/// [`ProvisionRequestsHandler::results`].
#[derive(Debug, Clone)]
pub struct ProvisionResultsHandler {
    client: Client,
    request: ProvisionRequestId,
}

impl ProvisionResultsHandler {
    fn path(&self, rest: &str) -> String {
        format!("/provision-requests/{}/results{rest}", self.request)
    }

    /// `GET /provision-requests/{provisionRequestId}/results`.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let (id, attempt) = (pax8::Uuid::nil(), pax8::Uuid::nil());
    /// for r in client.provisioning().requests().results(id).list().provision_attempt_id(attempt).items() {
    ///     println!("{:?}", r?.status);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn list(&self) -> ListProvisionResults {
        ListProvisionResults { list: list(&self.client, self.path("")) }
    }

    /// `GET /provision-requests/{provisionRequestId}/results/{provisionResultId}`.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let (id, result) = (pax8::Uuid::nil(), pax8::Uuid::nil());
    /// let r = client.provisioning().requests().results(id).get(result).send()?;
    /// println!("{:?} {:?}", r.status, r.error_message);
    /// # Ok(()) }
    /// ```
    pub fn get(&self, id: impl Into<ProvisionResultId>) -> GetProvisionResult {
        GetProvisionResult(get(&self.client, self.path(&format!("/{}", id.into()))))
    }

    /// `GET /provision-requests/{provisionRequestId}/results/latest`.
    ///
    /// ```no_run
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let id = pax8::Uuid::nil();
    /// let r = client.provisioning().requests().results(id).latest().send()?;
    /// println!("{:?}", r.status);
    /// # Ok(()) }
    /// ```
    pub fn latest(&self) -> GetLatestProvisionResult {
        GetLatestProvisionResult(get(&self.client, self.path("/latest")))
    }

    /// `POST /provision-requests/{provisionRequestId}/results`: records the outcome.
    ///
    /// Checked before sending: a `Fail` needs an [`error_message`](CreateProvisionResult::error_message)
    /// (what a person can act on), at most 500 characters (the API would truncate a longer one
    /// to 500, so the SDK refuses it instead of letting it be cut); the external ids must be
    /// non-empty and only `A-Z a-z 0-9 - _`.
    ///
    /// ```no_run
    /// use pax8::models::ProvisionStatus;
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// # let (id, attempt) = (pax8::Uuid::nil(), pax8::Uuid::nil());
    /// client
    ///     .provisioning()
    ///     .requests()
    ///     .results(id)
    ///     .create(ProvisionStatus::Fail)
    ///     .provision_attempt_id(attempt)
    ///     .error_message("The email domain contoso.com is already in use: ask the customer for another.")
    ///     .send()?;
    /// # Ok(()) }
    /// ```
    pub fn create(&self, status: ProvisionStatus) -> CreateProvisionResult {
        CreateProvisionResult(Submit::new(
            call(&self.client, Method::Post, self.path(""), request::json),
            NewProvisionResult { status: Some(status), ..NewProvisionResult::default() },
            NewProvisionResult::problem,
        ))
    }
}

endpoint! {
    /// Builder for `GET /provisioners/{provisionerId}`.
    GetProvisioner -> Provisioner
}

endpoint! {
    /// Builder for `GET /provisioners/{provisionerId}/webhooks/{webhookId}`.
    GetProvisionerWebhook -> ProvisionerWebhook
}

endpoint! {
    /// Builder for `GET /provisioners/{provisionerId}/webhooks/latest`.
    GetLatestProvisionerWebhook -> ProvisionerWebhook
}

endpoint! {
    /// Builder for `POST /provisioners/{provisionerId}/webhooks`.
    CreateProvisionerWebhook -> ProvisionerWebhook, body: NewProvisionerWebhook
}

impl CreateProvisionerWebhook {
    /// The header Pax8 puts the shared secret in (`sharedSecret.header`); Pax8's choice when
    /// not set.
    pub fn shared_secret_header(mut self, header: impl Into<String>) -> Self {
        self.0.body.shared_secret = Some(SharedSecretHeader { header: header.into() });
        self
    }
}

endpoint! {
    /// Builder for `GET /provision-requests/{provisionRequestId}`.
    GetProvisionRequest -> ProvisionRequest
}

endpoint! {
    /// Builder for `GET /provision-requests/{provisionRequestId}/details/{provisionDetailId}`.
    GetProvisionDetail -> ProvisionDetail
}

endpoint! {
    /// Builder for `GET /provision-requests/{provisionRequestId}/details/latest`.
    GetLatestProvisionDetail -> ProvisionDetail
}

endpoint! {
    /// Builder for `GET /provision-requests/{provisionRequestId}/attempts/{provisionAttemptId}`.
    GetProvisionAttempt -> ProvisionAttempt
}

endpoint! {
    /// Builder for `GET /provision-requests/{provisionRequestId}/attempts/latest`.
    GetLatestProvisionAttempt -> ProvisionAttempt
}

endpoint! {
    /// Builder for `POST /provision-requests/{provisionRequestId}/attempts`.
    CreateProvisionAttempt -> ProvisionAttempt
}

endpoint! {
    /// Builder for `GET /provision-requests/{provisionRequestId}/results/{provisionResultId}`.
    GetProvisionResult -> ProvisionResult
}

endpoint! {
    /// Builder for `GET /provision-requests/{provisionRequestId}/results/latest`.
    GetLatestProvisionResult -> ProvisionResult
}

endpoint! {
    /// Builder for `POST /provision-requests/{provisionRequestId}/results`: the setters below,
    /// then [`send`](Self::send).
    CreateProvisionResult -> ProvisionResult, body: NewProvisionResult
}

impl CreateProvisionResult {
    /// The attempt this is the outcome of.
    pub fn provision_attempt_id(mut self, id: impl Into<ProvisionAttemptId>) -> Self {
        self.0.body.provision_attempt_id = Some(id.into());
        self
    }
    /// Why it failed, for a person to act on (required with `Fail`; at most 500 characters).
    pub fn error_message(mut self, message: impl Into<String>) -> Self {
        self.0.body.error_message = Some(message.into());
        self
    }
    /// One entry of the free-form `metadata` (may be called several times).
    pub fn metadata(mut self, key: impl Into<String>, value: impl Into<Value>) -> Self {
        self.0.body.metadata.insert(key.into(), value.into());
        self
    }
    /// Every entry of `metadata` at once (replaces those set before).
    pub fn metadata_map(mut self, metadata: Map<String, Value>) -> Self {
        self.0.body.metadata = metadata;
        self
    }
    /// The vendor's id of the subscription (`A-Z a-z 0-9 - _`).
    pub fn external_provisioner_subscription_id(mut self, id: impl Into<String>) -> Self {
        self.0.body.external_provisioner_subscription_id = Some(id.into());
        self
    }
    /// The vendor's id of the partner (`A-Z a-z 0-9 - _`).
    pub fn external_provisioner_partner_id(mut self, id: impl Into<String>) -> Self {
        self.0.body.external_provisioner_partner_id = Some(id.into());
        self
    }
    /// The vendor's id of the company (`A-Z a-z 0-9 - _`).
    pub fn external_provisioner_company_id(mut self, id: impl Into<String>) -> Self {
        self.0.body.external_provisioner_company_id = Some(id.into());
        self
    }
    /// The vendor's id of the partner's enrollment (`A-Z a-z 0-9 - _`).
    pub fn external_provisioner_partner_enrollment_id(mut self, id: impl Into<String>) -> Self {
        self.0.body.external_provisioner_partner_enrollment_id = Some(id.into());
        self
    }
}

endpoint! {
    /// Builder for `POST /provision-simulations/order-events`.
    SimulateOrderEvent -> ProvisionOrderEvent
}

/// Declares a paged list builder of the provisioning API (no sort: the API takes none).
macro_rules! provisioning_list {
    ($(#[$doc:meta])* $name:ident -> $item:ty) => {
        $(#[$doc])*
        #[derive(Debug, Clone)]
        #[must_use = "nothing is sent until .send(), .pages() or .items()"]
        pub struct $name {
            list: ListSpec,
        }
        paged!($name, $item);
    };
}

provisioning_list! {
    /// Builder for `GET /provisioners`.
    ListProvisioners -> Provisioner
}

provisioning_list! {
    /// Builder for `GET /provisioners/{provisionerId}/webhooks`.
    ListProvisionerWebhooks -> ProvisionerWebhook
}

provisioning_list! {
    /// Builder for `GET /provision-requests`.
    ListProvisionRequests -> ProvisionRequest
}

provisioning_list! {
    /// Builder for `GET /provision-requests/unfulfilled`.
    ListUnfulfilledProvisionRequests -> ProvisionRequest
}

provisioning_list! {
    /// Builder for `GET /provision-requests/{provisionRequestId}/details`.
    ListProvisionDetails -> ProvisionDetail
}

provisioning_list! {
    /// Builder for `GET /provision-requests/{provisionRequestId}/attempts`.
    ListProvisionAttempts -> ProvisionAttempt
}

impl ListProvisionAttempts {
    filters! {
        /// Only the attempts at these details (`provisionDetailId`).
        provision_detail_id("provisionDetailId"): (id ProvisionDetailId),
    }
}

provisioning_list! {
    /// Builder for `GET /provision-requests/{provisionRequestId}/results`.
    ListProvisionResults -> ProvisionResult
}

impl ListProvisionResults {
    filters! {
        /// Only the results of this attempt (`provisionAttemptId`).
        provision_attempt_id("provisionAttemptId"): (id ProvisionAttemptId),
    }
}
