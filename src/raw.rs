//! [`Raw`], the escape hatch: any path of the API host, through the same executor.

use std::borrow::Cow;
use std::fmt;
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{Error, Result};
use crate::http::{Body, Executor, Family, Method, Request, Sink};
use crate::request::decode_body;

/// A request built with [`Client::raw`](crate::Client::raw). Nothing is sent until [`send`](Raw::send).
#[must_use = "nothing is sent until .send()"]
pub struct Raw {
    executor: Executor,
    request: Request,
    invalid: Option<String>,
}

impl fmt::Debug for Raw {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Raw").field("request", &self.request).finish_non_exhaustive()
    }
}

impl Raw {
    /// A request to `path` at the API host root, sent by `executor`.
    pub(crate) fn new(executor: &Executor, method: Method, path: impl Into<String>) -> Raw {
        Raw { executor: executor.clone(), request: Request::new(method, Family::Root, path), invalid: None }
    }

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
        let resp = self.executor.execute(&self.request, Sink::Memory)?;
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
