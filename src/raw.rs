//! [`Raw`], the escape hatch: any path of the API host, through the same executor.

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::client::Client;
use crate::error::{Error, Result};
use crate::http::{Body, Family, Method, Request, Sink};
use crate::request::decode_body;

impl Client {
    /// A request to any path of the API host, for endpoints Pax8 adds before the SDK does.
    ///
    /// `path` starts at the host root and names its API family itself: `/v1/...` (partner),
    /// `/api/v2/...` (webhooks), `/v2/...` (quoting). It goes through the same machinery as
    /// every other call: the bearer token (refreshed on a 401), the rate limiter, the retry
    /// policy of its method, and the same [`Error`]s. Nothing is sent until
    /// [`send`](Raw::send).
    ///
    /// ```no_run
    /// use pax8::Method;
    /// # fn main() -> pax8::Result<()> {
    /// # let client = pax8::Client::from_env()?;
    /// // Untyped: any JSON.
    /// let page: serde_json::Value = client.raw(Method::Get, "/v1/companies").query("size", 5).send()?;
    /// // Typed, with a JSON body.
    /// #[derive(serde::Deserialize)]
    /// struct Created {
    ///     id: pax8::Uuid,
    /// }
    /// let created: Created = client
    ///     .raw(Method::Post, "/api/v2/webhooks")
    ///     .json(&serde_json::json!({"displayName": "PSA sync", "url": "https://example.com/hook"}))
    ///     .send()?;
    /// # let _ = (page, created.id); Ok(()) }
    /// ```
    pub fn raw(&self, method: Method, path: impl Into<String>) -> Raw {
        Raw { client: self.clone(), request: Request::new(method, Family::Root, path), invalid: None }
    }
}

/// A request built with [`Client::raw`]. Nothing is sent until [`send`](Raw::send).
#[must_use = "nothing is sent until .send()"]
pub struct Raw {
    client: Client,
    request: Request,
    invalid: Option<String>,
}

impl fmt::Debug for Raw {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Raw").field("request", &self.request).finish_non_exhaustive()
    }
}

impl Raw {
    /// Sets one query parameter (percent-encoded); setting a key again replaces its value.
    pub fn query(mut self, key: impl Into<String>, value: impl fmt::Display) -> Self {
        self.request.query.set_named(Cow::Owned(key.into()), value);
        self
    }

    /// Sends `body` as JSON.
    pub fn json(mut self, body: &impl Serialize) -> Self {
        match serde_json::to_vec(body) {
            Ok(b) => self.request.body = Body::Json(b),
            Err(e) => self.invalid = Some(format!("cannot encode the request body: {e}")),
        }
        self
    }

    /// Overrides the client's overall timeout for this request (each attempt).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.request.timeout = Some(timeout);
        self
    }

    /// Sends the request and decodes a 2xx answer into `T`: a model, a struct of your own,
    /// [`serde_json::Value`] for any JSON, or `()` to ignore the body. An empty body (204)
    /// reads as JSON `null`, so `()` and `Option<_>` accept it.
    pub fn send<T: DeserializeOwned>(self) -> Result<T> {
        let path = &self.request.path;
        if !path.starts_with('/') || path.contains(['?', '#']) {
            return Err(Error::InvalidInput(format!(
                "raw path {path:?} must start with '/' at the API host root (e.g. /v1/companies) \
                 and carry no query (use .query())"
            )));
        }
        if let Some(why) = self.invalid {
            return Err(Error::InvalidInput(why));
        }
        let resp = self.client.execute(&self.request, Sink::Memory)?;
        decode_body(json_or_null::<T>, &resp)
    }
}

/// Decodes a JSON body; an empty one is `null`.
fn json_or_null<T: DeserializeOwned>(body: &[u8]) -> serde_json::Result<T> {
    if body.iter().all(u8::is_ascii_whitespace) {
        serde_json::from_slice(b"null")
    } else {
        serde_json::from_slice(body)
    }
}
