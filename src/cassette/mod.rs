//! Cassettes (feature `testing`): a client's requests and answers recorded into one file,
//! scrubbed of secrets and personal data before anything is written, and served again by
//! [`MockPax8::replay`](crate::testing::MockPax8::replay). The public names are in
//! [`pax8::testing`](crate::testing).
//!
//! A [`Recorder`] is the transport's [`Tap`]: it sees every attempt that got an answer (a
//! retried 429 and the answer after it are two interactions), the body whole even when it
//! was streamed into a writer.

mod base64;
mod json;
mod scrub;

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

pub use scrub::Scrubber;

use crate::family::Family;
use crate::transport::{Body, Exchange, Tap};
pub(crate) use json::Json;
use json::{object, string};

/// The format version this SDK writes; it reads this one and every older one.
const FORMAT: u64 = 1;

/// A recorded session: requests and their answers in the order they happened, scrubbed.
///
/// The file is one JSON document, two-space indented, so that a pull request shows what
/// changed:
///
/// ```json
/// {
///   "pax8Cassette": 1,
///   "recordedWith": "pax8-rs/0.1.0",
///   "personalData": "faked",
///   "interactions": [
///     {
///       "request": {
///         "method": "GET",
///         "path": "/v1/companies",
///         "query": ["page=0", "size=200"]
///       },
///       "response": {
///         "status": 200,
///         "headers": {"Content-Type": "application/json"},
///         "json": {"content": [], "page": {"size": 200, "totalElements": 0, "totalPages": 0, "number": 0}}
///       }
///     }
///   ]
/// }
/// ```
///
/// A body is `json` (kept as JSON, numbers digit for digit, members in their order), `text`,
/// `base64` (binary: attachments, PDFs) or, for an upload, `multipart` (the parts' names,
/// file names and content types, not their content); no body, no member. `query` holds
/// decoded `name=value` pairs. Token requests are marked `"token": true`; replay leaves
/// them to the mock's own token endpoint. `pax8Cassette` is the format's version: a later
/// SDK reads older cassettes, and this one refuses a newer one with a clear error.
#[derive(Clone, Default)]
pub struct Cassette {
    pub(crate) interactions: Vec<Interaction>,
    personal_data_kept: bool,
    scrubber: Option<Scrubber>,
}

impl fmt::Debug for Cassette {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Cassette").field("interactions", &self.requests()).finish()
    }
}

/// One request and its answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Interaction {
    pub method: String,
    /// The path on the wire, family prefix included, without the query.
    pub path: String,
    /// Decoded, in the order sent.
    pub query: Vec<(String, String)>,
    pub request_body: Content,
    /// A token request (answered by the mock's own token endpoint on replay).
    pub token: bool,
    pub status: u16,
    /// `(name, value)`: `Content-Type` and `Retry-After` when present.
    pub headers: Vec<(String, String)>,
    pub response_body: Content,
}

/// A body in a cassette.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Content {
    None,
    Json(Json),
    Text(String),
    Binary(Vec<u8>),
    /// An upload: `(field, file name, content type)` of each part.
    Multipart(Vec<(String, Option<String>, String)>),
}

impl Content {
    /// A body as it arrived: JSON when it parses as JSON (and the content type does not say
    /// otherwise), text when it is UTF-8 text, else binary.
    pub(crate) fn read(bytes: &[u8], content_type: Option<&str>) -> Content {
        let ct = content_type.unwrap_or("").to_ascii_lowercase();
        let texty = ct.is_empty() || ct.contains("json") || ct.starts_with("text/") || ct.contains("xml");
        match std::str::from_utf8(bytes) {
            _ if bytes.is_empty() => Content::None,
            Ok(s) if texty && (ct.is_empty() || ct.contains("json")) => {
                Json::parse(s).map_or_else(|_| Content::Text(s.to_owned()), Content::Json)
            }
            Ok(s) if texty => Content::Text(s.to_owned()),
            _ => Content::Binary(bytes.to_vec()),
        }
    }

    /// The body's bytes, as served on replay.
    pub(crate) fn bytes(&self) -> Vec<u8> {
        match self {
            Content::None | Content::Multipart(_) => Vec::new(),
            Content::Json(j) => j.compact().into_bytes(),
            Content::Text(t) => t.clone().into_bytes(),
            Content::Binary(b) => b.clone(),
        }
    }

    pub(crate) fn scrub(&mut self, scrubber: &Scrubber, secrets: &[String]) {
        match self {
            Content::Json(j) => scrubber.json(j, secrets),
            Content::Text(t) => *t = scrubber.text(t, secrets),
            _ => {}
        }
    }

    /// Appends this body's member to `members` (none for no body).
    fn write(&self, members: &mut Vec<(String, Json)>) {
        let (key, value) = match self {
            Content::None => return,
            Content::Json(j) => ("json", j.clone()),
            Content::Text(t) => ("text", string(t.as_str())),
            Content::Binary(b) => ("base64", string(base64::encode(b))),
            Content::Multipart(parts) => (
                "multipart",
                Json::Array(
                    parts
                        .iter()
                        .map(|(name, file, ct)| {
                            let mut m = vec![("name".to_owned(), string(name.as_str()))];
                            if let Some(f) = file {
                                m.push(("fileName".to_owned(), string(f.as_str())));
                            }
                            m.push(("contentType".to_owned(), string(ct.as_str())));
                            Json::Object(m)
                        })
                        .collect(),
                ),
            ),
        };
        members.push((key.to_owned(), value));
    }

    fn from_members(m: &Json) -> io::Result<Content> {
        if let Some(j) = m.get("json") {
            return Ok(Content::Json(j.clone()));
        }
        if let Some(t) = m.get("text") {
            return Ok(Content::Text(t.as_str().ok_or_else(|| invalid("`text` is not a string"))?.to_owned()));
        }
        if let Some(b) = m.get("base64") {
            let b = b.as_str().and_then(base64::decode).ok_or_else(|| invalid("`base64` is not base64"))?;
            return Ok(Content::Binary(b));
        }
        if let Some(Json::Array(parts)) = m.get("multipart") {
            let s = |p: &Json, k| p.get(k).and_then(Json::as_str).map(str::to_owned);
            return Ok(Content::Multipart(
                parts
                    .iter()
                    .map(|p| {
                        (s(p, "name").unwrap_or_default(), s(p, "fileName"), s(p, "contentType").unwrap_or_default())
                    })
                    .collect(),
            ));
        }
        Ok(Content::None)
    }
}

fn invalid(what: impl fmt::Display) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, format!("not a pax8 cassette: {what}"))
}

impl Interaction {
    /// `GET /v1/companies?page=0&size=200`.
    pub(crate) fn describe(&self) -> String {
        describe(&self.method, &self.path, &self.query)
    }

    fn to_json(&self) -> Json {
        let mut request =
            vec![("method".to_owned(), string(self.method.as_str())), ("path".to_owned(), string(self.path.as_str()))];
        if !self.query.is_empty() {
            let pairs = self.query.iter().map(|(k, v)| string(format!("{k}={v}"))).collect();
            request.push(("query".to_owned(), Json::Array(pairs)));
        }
        if self.token {
            request.push(("token".to_owned(), Json::Bool(true)));
        }
        self.request_body.write(&mut request);
        let mut response = vec![("status".to_owned(), Json::Number(self.status.to_string()))];
        if !self.headers.is_empty() {
            let headers = self.headers.iter().map(|(k, v)| (k.clone(), string(v.as_str()))).collect();
            response.push(("headers".to_owned(), Json::Object(headers)));
        }
        self.response_body.write(&mut response);
        object([("request", Json::Object(request)), ("response", Json::Object(response))])
    }

    fn from_json(j: &Json) -> io::Result<Interaction> {
        let (req, resp) = match (j.get("request"), j.get("response")) {
            (Some(q), Some(p)) => (q, p),
            _ => return Err(invalid("an interaction without `request` and `response`")),
        };
        let text = |m: &Json, k: &str| m.get(k).and_then(Json::as_str).map(str::to_owned);
        let query = match req.get("query") {
            Some(Json::Array(pairs)) => pairs
                .iter()
                .map(|p| {
                    let p = p.as_str().ok_or_else(|| invalid("a query pair is not a string"))?;
                    let (k, v) = p.split_once('=').unwrap_or((p, ""));
                    Ok((k.to_owned(), v.to_owned()))
                })
                .collect::<io::Result<_>>()?,
            _ => Vec::new(),
        };
        let status = match resp.get("status") {
            Some(Json::Number(n)) => n.parse().map_err(|_| invalid(format!("status {n}")))?,
            _ => return Err(invalid("a response without `status`")),
        };
        let headers = match resp.get("headers") {
            Some(Json::Object(h)) => h.iter().filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned()))).collect(),
            _ => Vec::new(),
        };
        Ok(Interaction {
            method: text(req, "method").ok_or_else(|| invalid("a request without `method`"))?,
            path: text(req, "path").ok_or_else(|| invalid("a request without `path`"))?,
            query,
            request_body: Content::from_members(req)?,
            token: req.get("token") == Some(&Json::Bool(true)),
            status,
            headers,
            response_body: Content::from_members(resp)?,
        })
    }
}

/// `GET /path?k=v&k2=v2`, decoded.
pub(crate) fn describe(method: &str, path: &str, query: &[(String, String)]) -> String {
    let q: Vec<String> = query.iter().map(|(k, v)| format!("{k}={v}")).collect();
    if q.is_empty() { format!("{method} {path}") } else { format!("{method} {path}?{}", q.join("&")) }
}

impl Cassette {
    /// Reads a cassette file (this format version or an older one).
    ///
    /// ```no_run
    /// let cassette = pax8::testing::Cassette::load("tests/cassettes/companies.json")?;
    /// # Ok::<(), std::io::Error>(())
    /// ```
    pub fn load(path: impl AsRef<Path>) -> io::Result<Cassette> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path)?;
        Cassette::parse(&text).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))
    }

    /// Reads a cassette from its text (what [`to_json`](Self::to_json) writes).
    pub fn parse(text: &str) -> io::Result<Cassette> {
        let doc = Json::parse(text).map_err(invalid)?;
        let version = match doc.get("pax8Cassette") {
            Some(Json::Number(n)) => n.parse::<u64>().map_err(|_| invalid(format!("version {n}")))?,
            _ => return Err(invalid("no `pax8Cassette` version")),
        };
        if version > FORMAT {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("cassette format {version} is newer than this SDK reads ({FORMAT}): update pax8"),
            ));
        }
        let interactions = match doc.get("interactions") {
            Some(Json::Array(items)) => items.iter().map(Interaction::from_json).collect::<io::Result<_>>()?,
            _ => return Err(invalid("no `interactions` list")),
        };
        let kept = doc.get("personalData").and_then(Json::as_str) == Some("kept");
        Ok(Cassette { interactions, personal_data_kept: kept, scrubber: None })
    }

    /// The cassette as its file's text: two-space indented JSON, ending in a newline.
    pub fn to_json(&self) -> String {
        object([
            ("pax8Cassette", Json::Number(FORMAT.to_string())),
            ("recordedWith", string(concat!("pax8-rs/", env!("CARGO_PKG_VERSION")))),
            ("personalData", string(if self.personal_data_kept { "kept" } else { "faked" })),
            ("interactions", Json::Array(self.interactions.iter().map(Interaction::to_json).collect())),
        ])
        .pretty()
    }

    /// Writes [`to_json`](Self::to_json) to `path` (through a temporary file beside it, so a
    /// reader never sees half a cassette), creating its folder if needed.
    pub fn save(&self, path: impl AsRef<Path>) -> io::Result<()> {
        let path = path.as_ref();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let mut tmp = path.as_os_str().to_owned();
        tmp.push(".tmp");
        std::fs::write(&tmp, self.to_json())?;
        std::fs::rename(&tmp, path)
    }

    /// How many interactions it holds, token requests included.
    pub fn len(&self) -> usize {
        self.interactions.len()
    }

    /// Whether it holds no interaction.
    pub fn is_empty(&self) -> bool {
        self.interactions.is_empty()
    }

    /// Each interaction as `GET /v1/companies?page=0&size=200 -> 200`, in recorded order.
    pub fn requests(&self) -> Vec<String> {
        self.interactions.iter().map(|i| format!("{} -> {}", i.describe(), i.status)).collect()
    }

    /// The scrubber that replay applies to a request's query and body before comparing them
    /// with the recorded ones. Default: the default [`Scrubber`], or one that keeps personal
    /// data when the cassette was recorded so. Set the one you recorded with when it has
    /// rules of yours.
    pub fn scrubber(mut self, scrubber: Scrubber) -> Cassette {
        self.scrubber = Some(scrubber);
        self
    }

    /// The scrubber replay uses (see [`scrubber`](Self::scrubber)).
    pub(crate) fn replay_scrubber(&self) -> Scrubber {
        match &self.scrubber {
            Some(s) => s.clone(),
            None if self.personal_data_kept => Scrubber::new().keep_personal_data(),
            None => Scrubber::new(),
        }
    }
}

/// Records every request and answer of the clients it is given to
/// ([`ClientBuilder::record`](crate::ClientBuilder::record)), scrubbed by its
/// [`Scrubber`] as they happen, and writes them to its file: at [`save`](Self::save), and
/// when the last clone of it and of its clients is dropped. Cheap to clone; clones share
/// one cassette.
///
/// A streamed download is held in memory while recording (to write it as base64): record
/// sessions with small attachments.
///
/// ```no_run
/// use pax8::testing::Recorder;
///
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let recorder = Recorder::new("tests/cassettes/companies.json");
/// let client = pax8::Client::builder()
///     .client_id("...")
///     .client_secret("...")
///     .record(&recorder)
///     .build()?;
/// for company in client.companies().list().page_size(50).items() {
///     println!("{}", company?.name);
/// }
/// recorder.save()?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Recorder {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    scrubber: Scrubber,
    /// The client's credentials and every token seen: replaced wherever they appear.
    secrets: Vec<String>,
    cassette: Cassette,
    /// Interactions recorded since the last save.
    unsaved: bool,
}

impl fmt::Debug for Recorder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.state();
        f.debug_struct("Recorder")
            .field("path", &self.inner.path)
            .field("scrubber", &state.scrubber)
            .field("interactions", &state.cassette.len())
            .finish()
    }
}

impl Recorder {
    /// A recorder writing to `path` (an existing file is replaced at the first save), with
    /// the default [`Scrubber`].
    pub fn new(path: impl Into<PathBuf>) -> Recorder {
        Recorder { inner: Arc::new(Inner { path: path.into(), state: Mutex::default() }) }
    }

    /// Scrubs with `scrubber` from now on.
    pub fn scrubber(self, scrubber: Scrubber) -> Recorder {
        {
            let mut state = self.state();
            state.cassette.personal_data_kept = scrubber.keeps_personal_data();
            state.scrubber = scrubber;
        }
        self
    }

    /// The file it writes.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// What it recorded so far, scrubbed.
    pub fn cassette(&self) -> Cassette {
        self.state().cassette.clone()
    }

    /// Writes the cassette to its file now.
    pub fn save(&self) -> io::Result<()> {
        let mut state = self.state();
        state.cassette.save(&self.inner.path)?;
        state.unsaved = false;
        Ok(())
    }

    /// Adds a secret of the client's (its id, secret, fixed token) to replace wherever it
    /// appears.
    pub(crate) fn learn_secret(&self, secret: &str) {
        if !secret.trim().is_empty() {
            self.state().secrets.push(secret.to_owned());
        }
    }

    fn state(&self) -> MutexGuard<'_, State> {
        self.inner.state.lock().unwrap_or_else(|p| p.into_inner())
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        let state = self.state.get_mut().unwrap_or_else(|p| p.into_inner());
        if state.unsaved
            && let Err(e) = state.cassette.save(&self.path)
        {
            eprintln!("pax8: could not write the cassette {}: {e}", self.path.display());
        }
    }
}

impl Tap for Recorder {
    fn exchange(&self, e: &Exchange<'_>) {
        let token = e.request.family == Family::Token;
        let content_type = e.content_type;
        let mut response_body = Content::read(e.body, content_type);
        let mut state = self.state();
        if token && let Content::Json(j) = &response_body {
            for key in ["access_token", "refresh_token", "id_token"] {
                if let Some(t) = j.get(key).and_then(Json::as_str) {
                    state.secrets.push(t.to_owned());
                }
            }
        }
        let mut request_body = match &e.request.body {
            Body::None => Content::None,
            Body::Json(bytes) => Content::read(bytes, None),
            Body::Multipart(m) => Content::Multipart(
                m.parts()
                    .iter()
                    .map(|p| {
                        let (name, file, ct) = p.head();
                        (name.to_owned(), file.map(str::to_owned), ct.to_owned())
                    })
                    .collect(),
            ),
        };
        let mut query: Vec<(String, String)> =
            e.request.query.pairs().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
        let State { scrubber, secrets, .. } = &*state;
        scrubber.query(&mut query, secrets);
        request_body.scrub(scrubber, secrets);
        response_body.scrub(scrubber, secrets);
        let path = scrubber.text(e.path, secrets);
        let mut headers = Vec::new();
        if let Some(ct) = content_type {
            headers.push(("Content-Type".to_owned(), ct.to_owned()));
        }
        if let Some(ra) = e.retry_after {
            headers.push(("Retry-After".to_owned(), ra.to_owned()));
        }
        state.cassette.interactions.push(Interaction {
            method: e.request.method.as_str().to_owned(),
            path,
            query,
            request_body,
            token,
            status: e.status,
            headers,
            response_body,
        });
        state.unsaved = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cassette_reads_back_what_it_wrote_and_refuses_a_newer_format() {
        let i = Interaction {
            method: "POST".into(),
            path: "/v2/quote-attachments".into(),
            query: vec![("a".into(), "x=y".into())],
            request_body: Content::Multipart(vec![(
                "attachments".into(),
                Some("t.pdf".into()),
                "application/pdf".into(),
            )]),
            token: false,
            status: 200,
            headers: vec![("Content-Type".into(), "application/pdf".into())],
            response_body: Content::Binary(vec![0, 159, 146, 150, 255]),
        };
        let c = Cassette { interactions: vec![i.clone()], ..Cassette::default() };
        let text = c.to_json();
        assert!(text.contains("\"base64\": \"AJ+Slv8=\""), "{text}");
        assert!(text.contains("\"query\": [\n          \"a=x=y\"\n        ]"), "{text}");
        assert_eq!(Cassette::parse(&text).unwrap().interactions, vec![i]);
        let newer = text.replace("\"pax8Cassette\": 1", "\"pax8Cassette\": 2");
        let err = Cassette::parse(&newer).unwrap_err().to_string();
        assert!(err.contains("cassette format 2 is newer than this SDK reads (1)"), "{err}");
        assert!(Cassette::parse("{}").unwrap_err().to_string().contains("not a pax8 cassette"));
    }

    #[test]
    fn bodies_are_json_text_or_binary_by_what_they_are() {
        assert_eq!(Content::read(b"", Some("application/json")), Content::None);
        assert!(matches!(Content::read(b"{\"a\":1.50}", Some("application/json")), Content::Json(_)));
        assert!(matches!(Content::read(b"{\"a\":1}", None), Content::Json(_)));
        assert_eq!(Content::read(b"<html>", Some("text/html")), Content::Text("<html>".into()));
        assert_eq!(Content::read(b"%PDF", Some("application/pdf")), Content::Binary(b"%PDF".to_vec()));
        assert_eq!(Content::read(b"not json", Some("application/json")), Content::Text("not json".into()));
    }
}
