//! [`Call`]: the request builder behind every endpoint that is not a list.

use std::fmt;
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::client::{Client, Family};
use crate::error::{Error, Result, snippet};
use crate::http::Method;
use crate::query::Query;

/// How a body becomes the result.
pub(crate) type Decoder<T> = fn(&str) -> serde_json::Result<T>;

/// A prepared request. Nothing is sent until [`send`](Call::send).
#[must_use = "nothing is sent until .send()"]
pub struct Call<T> {
    client: Client,
    method: Method,
    family: Family,
    path: String,
    query: Query,
    body: Option<std::result::Result<Vec<u8>, String>>,
    timeout: Option<Duration>,
    decode: Decoder<T>,
    invalid: Option<String>,
}

impl<T> fmt::Debug for Call<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query", &self.query)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl<T> Call<T> {
    pub(crate) fn new(client: &Client, method: Method, family: Family, path: String, decode: Decoder<T>) -> Self {
        Call {
            client: client.clone(),
            method,
            family,
            path,
            query: Query::default(),
            body: None,
            timeout: None,
            decode,
            invalid: None,
        }
    }

    /// Sets one query parameter (the last value set for a key wins).
    pub(crate) fn param(mut self, key: &'static str, value: impl std::fmt::Display) -> Self {
        self.query.set(key, value);
        self
    }

    /// Sets a JSON body.
    pub(crate) fn json(mut self, body: &impl Serialize) -> Self {
        self.body = Some(serde_json::to_vec(body).map_err(|e| e.to_string()));
        self
    }

    /// Makes `send()` fail with [`Error::InvalidInput`] before anything is sent.
    pub(crate) fn invalid(mut self, why: Option<String>) -> Self {
        self.invalid = why;
        self
    }

    /// Overrides the client's overall timeout for this request (each attempt).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Sends the request and decodes the answer.
    pub fn send(self) -> Result<T> {
        if let Some(why) = self.invalid {
            return Err(Error::InvalidInput(why));
        }
        if self.timeout.is_some_and(|t| t.is_zero()) {
            return Err(Error::InvalidInput("timeout must be greater than zero".into()));
        }
        let mut req = self.client.request(self.method, self.family, &self.path, &self.query);
        req.timeout = self.timeout;
        req.body = match self.body {
            Some(Ok(b)) => Some(b),
            Some(Err(e)) => return Err(Error::InvalidInput(format!("cannot encode the request body: {e}"))),
            None => None,
        };
        let resp = self.client.execute(&req)?;
        decode_body(self.decode, &resp.body, &req.endpoint())
    }
}

/// Runs `decode` on `body`, naming `endpoint` and a snippet of the body on failure.
pub(crate) fn decode_body<T>(decode: Decoder<T>, body: &str, endpoint: &str) -> Result<T> {
    decode(body).map_err(|source| Error::Decode { endpoint: endpoint.to_owned(), snippet: snippet(body), source })
}

/// Decodes a JSON body into `T`.
pub(crate) fn json<T: DeserializeOwned>(body: &str) -> serde_json::Result<T> {
    serde_json::from_str(body)
}

/// Decodes `{"content": [...]}` (the unpaged lists) into the list.
pub(crate) fn content<T: DeserializeOwned>(body: &str) -> serde_json::Result<Vec<T>> {
    #[derive(serde::Deserialize)]
    struct Content<T> {
        #[serde(default = "Vec::new")]
        content: Vec<T>,
    }
    serde_json::from_str::<Content<T>>(body).map(|c| c.content)
}

/// Ignores the body (204 answers).
pub(crate) fn empty(_: &str) -> serde_json::Result<()> {
    Ok(())
}
