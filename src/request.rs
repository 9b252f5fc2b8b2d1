//! [`Call`], the builder behind every endpoint that is not a list, and [`Submit`], the
//! builder of every endpoint that takes a body assembled with setters.

use std::fmt;
use std::io::Write;
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::{Error, Result, snippet};
use crate::http::{AsExecutor, Body, Executor, Family, Method, Request, Response, Sink};

/// How a 2xx body becomes the result.
pub(crate) type Decoder<T> = fn(&[u8]) -> serde_json::Result<T>;

/// A prepared request. Nothing is sent until [`send`](Call::send).
#[must_use = "nothing is sent until .send()"]
pub(crate) struct Call<T> {
    executor: Executor,
    request: Request,
    decode: Decoder<T>,
    invalid: Option<String>,
}

impl<T> fmt::Debug for Call<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call").field("request", &self.request).finish_non_exhaustive()
    }
}

impl<T> Call<T> {
    /// A call sent by `client`'s executor (a [`Client`](crate::Client) or the executor itself).
    pub(crate) fn new(
        client: &impl AsExecutor,
        method: Method,
        family: Family,
        path: String,
        decode: Decoder<T>,
    ) -> Self {
        Call { executor: client.executor().clone(), request: Request::new(method, family, path), decode, invalid: None }
    }

    /// Sets one query parameter, or removes it with `None` (the last call for a key wins).
    pub(crate) fn param(mut self, key: &'static str, value: Option<impl fmt::Display>) -> Self {
        self.request.query.set_opt(key, value);
        self
    }

    /// Sets a JSON body.
    pub(crate) fn json(mut self, body: &impl Serialize) -> Self {
        match serde_json::to_vec(body) {
            Ok(b) => self.request.body = Body::Json(b),
            Err(e) => self.invalid = Some(format!("cannot encode the request body: {e}")),
        }
        self
    }

    /// Sets any other body (multipart).
    pub(crate) fn body(mut self, body: Body) -> Self {
        self.request.body = body;
        self
    }

    /// Makes `send()` fail with [`Error::InvalidInput`] before anything is sent.
    pub(crate) fn invalid(mut self, why: Option<String>) -> Self {
        if self.invalid.is_none() {
            self.invalid = why;
        }
        self
    }

    /// What will be sent, for the unit tests of the builders.
    #[cfg(test)]
    pub(crate) fn request(&self) -> &Request {
        &self.request
    }

    /// Overrides the client's overall timeout for this request (each attempt).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.request.timeout = Some(timeout);
        self
    }

    /// Sends the request and decodes the answer.
    pub fn send(self) -> Result<T> {
        if let Some(why) = self.invalid {
            return Err(Error::InvalidInput(why));
        }
        let resp = self.executor.execute(&self.request, Sink::Memory)?;
        decode_body(self.decode, &resp)
    }

    /// Sends the request and streams a 2xx body into `out` as it arrives (no size cap, never
    /// held whole in memory); returns the number of bytes written. A transfer that fails
    /// midway is not retried, since `out` may already hold part of the body.
    pub(crate) fn download(self, out: &mut dyn Write) -> Result<u64> {
        if let Some(why) = self.invalid {
            return Err(Error::InvalidInput(why));
        }
        Ok(self.executor.execute(&self.request, Sink::Writer(out))?.streamed)
    }
}

/// A request whose body is assembled with setters: a create, an update, a replace.
///
/// The setters of each endpoint are documented on its alias (e.g.
/// [`CreateCompany`](crate::resources::CreateCompany)); every one of them has
/// [`timeout`](Self::timeout) and [`send`](Self::send), which checks the body's required
/// fields before anything goes out.
#[must_use = "nothing is sent until .send()"]
pub(crate) struct Submit<B, T> {
    call: Call<T>,
    pub(crate) body: B,
    check: fn(&B) -> Option<String>,
}

impl<B: fmt::Debug, T> fmt::Debug for Submit<B, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Submit").field("request", &self.call.request).field("body", &self.body).finish()
    }
}

impl<B: Serialize, T> Submit<B, T> {
    /// `call` with `body`, refused before sending when `check` names what is missing.
    pub(crate) fn new(call: Call<T>, body: B, check: fn(&B) -> Option<String>) -> Self {
        Submit { call, body, check }
    }

    /// Sets one query parameter, or removes it with `None` (the last call for a key wins).
    pub(crate) fn param(mut self, key: &'static str, value: Option<impl fmt::Display>) -> Self {
        self.call = self.call.param(key, value);
        self
    }

    /// What will be sent, for the unit tests of the builders.
    #[cfg(test)]
    pub(crate) fn request(self) -> Result<Request> {
        let call = self.finish();
        match call.invalid {
            Some(why) => Err(Error::InvalidInput(why)),
            None => Ok(call.request),
        }
    }

    fn finish(self) -> Call<T> {
        let missing = (self.check)(&self.body);
        self.call.json(&self.body).invalid(missing)
    }

    /// Overrides the client's overall timeout for this request (each attempt).
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.call = self.call.timeout(timeout);
        self
    }

    /// Checks the required fields, then sends the body and decodes the answer. A body with
    /// something missing is refused with [`Error::InvalidInput`] before anything is sent.
    pub fn send(self) -> Result<T> {
        self.finish().send()
    }
}

/// An update whose endpoint replaces the whole object (fields not sent are cleared), made
/// safe: the fields set with the setters are sent merged over the object's current values,
/// read first with a GET (skipped when every field is set). Two requests, so a change made by
/// someone else between the read and the write is overwritten. A merge that cannot keep a
/// field (the read did not return it) refuses the write: the GET went out, the write did not.
///
/// The setters are documented on each alias (e.g.
/// [`UpdateWebhook`](crate::resources::UpdateWebhook)).
///
/// The read decodes into `R`: the object itself, or (quotes) only the fields to write back,
/// kept as their JSON text so that what the caller did not set goes back exactly as read.
#[must_use = "nothing is sent until .send()"]
pub(crate) struct MergeUpdate<B, T, R = T> {
    read: Call<R>,
    write: Call<T>,
    pub(crate) body: B,
    rules: MergeRules<B, R>,
}

/// How a [`MergeUpdate`] checks, completes and merges its body.
pub(crate) struct MergeRules<B, R> {
    /// What is wrong with the body (nothing set, a bad value), refused before sending.
    pub check: fn(&B) -> Option<String>,
    /// True when every field is set, so nothing needs to be read.
    pub complete: fn(&B) -> bool,
    /// The body to send: the fields set, over `current`; or why it cannot be sent (a field
    /// the replacement would clear that the read did not return), refused before the write.
    pub merge: fn(&B, &R) -> std::result::Result<B, String>,
}

impl<B: fmt::Debug, T, R> fmt::Debug for MergeUpdate<B, T, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MergeUpdate")
            .field("read", &self.read.request)
            .field("write", &self.write.request)
            .field("body", &self.body)
            .finish()
    }
}

impl<B: Serialize, T, R> MergeUpdate<B, T, R> {
    pub(crate) fn new(read: Call<R>, write: Call<T>, body: B, rules: MergeRules<B, R>) -> Self {
        MergeUpdate { read, write, body, rules }
    }

    /// Overrides the client's overall timeout for each of the two requests.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.read = self.read.timeout(timeout);
        self.write = self.write.timeout(timeout);
        self
    }

    /// The read to send first, or `None` when every field is set (for the builders' tests).
    #[cfg(test)]
    pub(crate) fn read_request(&self) -> Option<&Request> {
        (!(self.rules.complete)(&self.body)).then_some(&self.read.request)
    }

    /// The write, given what the read answered (for the builders' tests).
    #[cfg(test)]
    pub(crate) fn write_request(self, current: Option<&R>) -> Request {
        merged_write(self.write, &self.body, &self.rules, current).request
    }

    /// Checks the fields set, reads the current object unless every field is set, then sends
    /// the merged body and returns the updated object. Invalid input is refused with
    /// [`Error::InvalidInput`] before anything is sent.
    pub fn send(self) -> Result<T> {
        if let Some(why) = (self.rules.check)(&self.body) {
            return Err(Error::InvalidInput(why));
        }
        let MergeUpdate { read, write, body, rules } = self;
        let current = if (rules.complete)(&body) { None } else { Some(read.send()?) };
        merged_write(write, &body, &rules, current.as_ref()).send()
    }
}

/// The write of a [`MergeUpdate`]: the body set, merged over `current` when it was read.
fn merged_write<B: Serialize, T, R>(
    write: Call<T>,
    body: &B,
    rules: &MergeRules<B, R>,
    current: Option<&R>,
) -> Call<T> {
    match current {
        Some(current) => match (rules.merge)(body, current) {
            Ok(merged) => write.json(&merged),
            Err(why) => write.invalid(Some(why)),
        },
        None => write.json(body),
    }
}

/// Runs `decode` on the body of `resp`, naming the endpoint and a snippet of the body on
/// failure.
pub(crate) fn decode_body<T>(decode: Decoder<T>, resp: &Response) -> Result<T> {
    decode(&resp.body).map_err(|source| Error::Decode {
        source: crate::models::money::name_refused_amount(&String::from_utf8_lossy(&resp.body), source),
        endpoint: resp.endpoint.clone(),
        snippet: snippet(&String::from_utf8_lossy(&resp.body)),
        page: None,
    })
}

/// Decodes a JSON body into `T`, straight from the response's bytes: they are checked as
/// UTF-8 in place (no copy) and parsed as a `str`, which lets serde_json skip its per-string
/// UTF-8 checks (measured faster than `from_slice`, see the bench). Bytes that are not UTF-8
/// go to `from_slice`, which names where they fail.
pub(crate) fn json<T: DeserializeOwned>(body: &[u8]) -> serde_json::Result<T> {
    match std::str::from_utf8(body) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(body),
    }
}

/// Decodes `{"content": [...]}` (the unpaged lists) into the list.
pub(crate) fn content<T: DeserializeOwned>(body: &[u8]) -> serde_json::Result<Vec<T>> {
    #[derive(serde::Deserialize)]
    struct Content<T> {
        #[serde(default = "Vec::new")]
        content: Vec<T>,
    }
    json::<Content<T>>(body).map(|c| c.content)
}

/// Ignores the body (204 answers).
pub(crate) fn empty(_: &[u8]) -> serde_json::Result<()> {
    Ok(())
}
