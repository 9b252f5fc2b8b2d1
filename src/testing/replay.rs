//! Serving a [`Cassette`]: [`MockPax8::replay`] and its [`Replay`] handle.

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard};

use mockito::Matcher;
use serde_json::json;

use super::mock::{MockPax8, parse_query};
use crate::cassette::{Cassette, Content, Interaction, Scrubber, describe};

/// How replay compares a request's body with the recorded one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum BodyMatch {
    /// The default: a JSON body equals the recorded one as JSON once scrubbed like it (member
    /// order and number spelling aside), a text equals it, a binary body equals it byte for
    /// byte, no body matches no body. An upload matches any upload (its parts' contents are
    /// not recorded).
    #[default]
    Json,
    /// Bodies are not compared: method, path and query alone.
    Ignore,
}

/// The handle of a replayed cassette: which interactions were played, and which requests
/// matched none. Dropping it leaves the replay in place.
pub struct Replay {
    state: Arc<Mutex<State>>,
}

impl fmt::Debug for Replay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = lock(&self.state);
        f.debug_struct("Replay")
            .field("interactions", &s.interactions.len())
            .field("played", &s.played.iter().filter(|p| **p).count())
            .field("mismatches", &s.misses)
            .finish()
    }
}

struct State {
    /// The cassette's interactions but its token requests, in recorded order.
    interactions: Vec<Interaction>,
    /// Each interaction's query, sorted (compared without regard to order).
    sorted_queries: Vec<Vec<(String, String)>>,
    played: Vec<bool>,
    scrubber: Scrubber,
    bodies: BodyMatch,
    /// How each request that matched nothing was named in its 501.
    misses: Vec<String>,
    /// The last request looked at (method, path and query, body) and its answer: mockito
    /// asks every mock in turn about one request, and all but one answer no.
    last: Option<(String, String, Vec<u8>, Option<usize>)>,
}

/// A request as replay compares it: scrubbed like the recorded ones.
struct Incoming {
    method: String,
    path: String,
    /// As sent (for messages).
    query: Vec<(String, String)>,
    sorted_query: Vec<(String, String)>,
    body: Content,
}

impl Incoming {
    fn new(r: &mockito::Request, scrubber: &Scrubber) -> Incoming {
        let mut query = parse_query(r.path_and_query());
        scrubber.query(&mut query, &[]);
        let mut sorted_query = query.clone();
        sorted_query.sort();
        let content_type = r.header("content-type").first().and_then(|v| v.to_str().ok()).map(str::to_owned);
        let mut body = Content::read(r.body().map(Vec::as_slice).unwrap_or_default(), content_type.as_deref());
        body.scrub(scrubber, &[]);
        Incoming { method: r.method().to_owned(), path: r.path().to_owned(), query, sorted_query, body }
    }
}

impl State {
    fn matches(&self, i: usize, r: &Incoming) -> bool {
        let it = &self.interactions[i];
        it.method == r.method
            && it.path == r.path
            && self.sorted_queries[i] == r.sorted_query
            && match (self.bodies, &it.request_body, &r.body) {
                (BodyMatch::Ignore, _, _) | (_, Content::Multipart(_), _) => true,
                (_, Content::Json(a), Content::Json(b)) => a.to_value() == b.to_value(),
                (_, a, b) => a == b,
            }
    }

    /// The first interaction not played yet that matches `r`.
    fn next(&self, r: &Incoming) -> Option<usize> {
        (0..self.interactions.len()).find(|&i| !self.played[i] && self.matches(i, r))
    }

    /// [`next`](Self::next) of a request as it arrived, remembered until it changes or an
    /// interaction is played.
    fn next_of(&mut self, r: &mockito::Request) -> Option<usize> {
        let body = r.body().map(Vec::as_slice).unwrap_or_default();
        if let Some((method, pq, b, next)) = &self.last
            && (method.as_str(), pq.as_str(), b.as_slice()) == (r.method(), r.path_and_query(), body)
        {
            return *next;
        }
        let next = self.next(&Incoming::new(r, &self.scrubber));
        self.last = Some((r.method().to_owned(), r.path_and_query().to_owned(), body.to_vec(), next));
        next
    }

    fn play(&mut self, i: usize) {
        self.played[i] = true;
        self.last = None;
    }

    /// Why nothing answers `r`, naming it and what the cassette has instead.
    fn mismatch(&self, r: &Incoming) -> String {
        let name = describe(&r.method, &r.path, &r.query);
        let same_route: Vec<usize> = (0..self.interactions.len())
            .filter(|&i| self.interactions[i].method == r.method && self.interactions[i].path == r.path)
            .collect();
        let matching = same_route.iter().filter(|&&i| self.matches(i, r)).count();
        let mut msg = format!("no recorded interaction matches {name}");
        if matching > 0 {
            msg.push_str(&format!(": the cassette's {matching} answer(s) to it were all played already"));
        } else if same_route.is_empty() {
            msg.push_str(&format!(": the cassette has no {} {}", r.method, r.path));
        } else {
            let recorded: Vec<String> = same_route
                .iter()
                .take(5)
                .map(|&i| {
                    let played = if self.played[i] { " (played)" } else { "" };
                    format!("{}{played}", self.interactions[i].describe())
                })
                .collect();
            let more = same_route.len().saturating_sub(5);
            let body = if self.bodies == BodyMatch::Json { " (query in any order, bodies compared)" } else { "" };
            msg.push_str(&format!("{body}; recorded: {}", recorded.join(", ")));
            if more > 0 {
                msg.push_str(&format!(" and {more} more"));
            }
        }
        msg
    }
}

fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state.lock().unwrap_or_else(|p| p.into_inner())
}

impl MockPax8 {
    /// Serves `cassette` (see [`Recorder`](crate::testing::Recorder)): each request is
    /// answered by the first interaction not played yet with its method, path and query
    /// (parameters in any order) and, by default, its body ([`BodyMatch::Json`]), so repeated
    /// requests get their answers in recorded order. A request that matches none is answered
    /// 501 with a Pax8 error body whose message names it and what the cassette recorded for
    /// its route, which the client returns as [`Error::Api`](crate::Error::Api); the handle
    /// keeps those messages. Token requests of the cassette are left to the mock's own token
    /// endpoint, and the replay answers only requests with the kit's token, like every mount.
    ///
    /// ```no_run
    /// use pax8::testing::{Cassette, MockPax8};
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let mut pax8 = MockPax8::start();
    /// let replay = pax8.replay(&Cassette::load("tests/cassettes/companies.json")?);
    /// let companies: Vec<_> = pax8.client().companies().list().page_size(50).items().collect::<Result<_, _>>()?;
    /// replay.assert_all_played();
    /// # let _ = companies; Ok(()) }
    /// ```
    pub fn replay(&mut self, cassette: &Cassette) -> Replay {
        self.replay_matching(cassette, BodyMatch::default())
    }

    /// [`replay`](Self::replay), comparing bodies as `bodies` says.
    pub fn replay_matching(&mut self, cassette: &Cassette, bodies: BodyMatch) -> Replay {
        let interactions: Vec<Interaction> = cassette.interactions.iter().filter(|i| !i.token).cloned().collect();
        let sorted_queries = interactions
            .iter()
            .map(|i| {
                let mut q = i.query.clone();
                q.sort();
                q
            })
            .collect();
        let state = Arc::new(Mutex::new(State {
            played: vec![false; interactions.len()],
            interactions,
            sorted_queries,
            scrubber: cassette.replay_scrubber(),
            bodies,
            misses: Vec::new(),
            last: None,
        }));
        let bearer = format!("Bearer {}", Self::TOKEN);
        let server = self.server();
        // First the answers to what matches nothing, so that any interaction mounted after
        // them answers before them.
        for method in ["GET", "POST", "PUT", "PATCH", "DELETE"] {
            let (peek, miss) = (Arc::clone(&state), Arc::clone(&state));
            server
                .mock(method, Matcher::Any)
                .match_query(Matcher::Any)
                .match_header("authorization", bearer.as_str())
                .match_request(move |r| r.path() != "/v1/token" && lock(&peek).next_of(r).is_none())
                .expect_at_least(0)
                .with_status(501)
                .with_header("content-type", "application/json")
                .with_body_from_request(move |r| {
                    let mut s = lock(&miss);
                    let message = s.mismatch(&Incoming::new(r, &s.scrubber));
                    s.misses.push(message.clone());
                    json!({"type": "NO_RECORDED_INTERACTION", "message": message, "status": 501})
                        .to_string()
                        .into_bytes()
                })
                .create();
        }
        let count = lock(&state).interactions.len();
        for i in 0..count {
            let it = lock(&state).interactions[i].clone();
            let (peek, play, body) = (Arc::clone(&state), Arc::clone(&state), it.response_body.bytes());
            let mut mock = server
                .mock(it.method.as_str(), Matcher::Any)
                .match_query(Matcher::Any)
                .match_header("authorization", bearer.as_str())
                // Matching only looks (mockito asks every mock in turn); answering marks the
                // interaction played, so the next identical request gets the next answer.
                .match_request(move |r| lock(&peek).next_of(r) == Some(i))
                .expect_at_least(0)
                .with_status(usize::from(it.status))
                .with_body_from_request(move |_| {
                    lock(&play).play(i);
                    body.clone()
                });
            for (name, value) in &it.headers {
                mock = mock.with_header(name.as_str(), value.as_str());
            }
            mock.create();
        }
        Replay { state }
    }
}

impl Replay {
    /// How many of the cassette's interactions (token requests aside) were played.
    pub fn played(&self) -> usize {
        lock(&self.state).played.iter().filter(|p| **p).count()
    }

    /// The interactions not played yet, as `GET /v1/companies?page=1&size=200`.
    pub fn unplayed(&self) -> Vec<String> {
        let s = lock(&self.state);
        s.interactions.iter().zip(&s.played).filter(|(_, p)| !**p).map(|(i, _)| i.describe()).collect()
    }

    /// The messages of the requests that matched no interaction, oldest first.
    pub fn mismatches(&self) -> Vec<String> {
        lock(&self.state).misses.clone()
    }

    /// Panics unless every interaction was played and no request went unmatched.
    #[track_caller]
    pub fn assert_all_played(&self) {
        let (unplayed, misses) = (self.unplayed(), self.mismatches());
        assert!(
            unplayed.is_empty() && misses.is_empty(),
            "cassette replay: {} interaction(s) not played {unplayed:?}; {} request(s) unmatched {misses:?}",
            unplayed.len(),
            misses.len()
        );
    }
}
