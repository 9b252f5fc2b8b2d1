//! `prefetch(n)`: order, each item once, errors in order, drop, the rate limiter and the
//! sequential behaviour of 0 and 1. Hit counts only, no timing assertions.

use std::collections::HashSet;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::ThreadId;
use std::time::Duration;

use mockito::{Matcher, Mock, ServerGuard};
use pax8::ratelimit::RateLimiter;
use pax8::{Client, Error, Uuid};
use serde_json::json;

use crate::common::{Handler, TOKEN, builder, client, mock_json, read_request, server, tcp_server};

/// The id of item `i` of page `n`.
fn id(n: u32, i: u32) -> Uuid {
    Uuid::from_u128(u128::from(n) * 1000 + u128::from(i))
}

/// The body of page `n` of a listing of `total_pages` pages of `per_page` companies.
fn page_body(n: u32, per_page: u32, total_pages: u32) -> String {
    let items: Vec<_> = (0..per_page).map(|i| json!({"id": id(n, i), "name": format!("c{n}-{i}")})).collect();
    json!({
        "content": items,
        "page": {"size": per_page, "totalElements": per_page * total_pages, "totalPages": total_pages, "number": n}
    })
    .to_string()
}

/// Mocks page `n` answered at once.
fn page_mock(s: &mut ServerGuard, n: u32, per_page: u32, total_pages: u32) -> Mock {
    let query = format!("page={n}&size={per_page}");
    mock_json(s, "GET", "/v1/companies", Some(&query), 200, &page_body(n, per_page, total_pages))
}

/// Mocks page `n` answered after `delay` (on mockito's body thread, so pages overlap).
fn slow_page_mock(s: &mut ServerGuard, n: u32, per_page: u32, total_pages: u32, delay: Duration) -> Mock {
    let body = page_body(n, per_page, total_pages);
    s.mock("GET", "/v1/companies")
        .match_header("authorization", format!("Bearer {TOKEN}").as_str())
        .match_query(Matcher::Exact(format!("page={n}&size={per_page}")))
        .with_header("content-type", "application/json")
        .with_chunked_body(move |w| {
            std::thread::sleep(delay);
            w.write_all(body.as_bytes())
        })
}

/// Every id of pages `0..pages`, in order.
fn expected_ids(pages: u32, per_page: u32) -> Vec<pax8::Uuid> {
    (0..pages).flat_map(|n| (0..per_page).map(move |i| id(n, i))).collect()
}

/// A limiter that lets everything through and records who asked, and how many of the
/// threads that asked are still alive.
#[derive(Debug, Default)]
struct CountingLimiter {
    reservations: AtomicUsize,
    threads: Mutex<HashSet<ThreadId>>,
    alive: Arc<AtomicUsize>,
}

/// Counts a thread as alive until it exits (thread-local destructors run before `join`
/// returns).
struct AliveGuard(Vec<Arc<AtomicUsize>>);

impl Drop for AliveGuard {
    fn drop(&mut self) {
        self.0.iter().for_each(|a| _ = a.fetch_sub(1, Ordering::SeqCst));
    }
}

thread_local! {
    static ALIVE: std::cell::RefCell<AliveGuard> = const { std::cell::RefCell::new(AliveGuard(Vec::new())) };
}

impl RateLimiter for CountingLimiter {
    fn acquire(&self) {
        self.reservations.fetch_add(1, Ordering::SeqCst);
        if self.threads.lock().unwrap().insert(std::thread::current().id()) {
            self.alive.fetch_add(1, Ordering::SeqCst);
            ALIVE.with(|g| g.borrow_mut().0.push(self.alive.clone()));
        }
    }
}

fn counted_client(s: &ServerGuard) -> (Client, Arc<CountingLimiter>) {
    let limiter = Arc::new(CountingLimiter::default());
    let c = builder(s).access_token(TOKEN).rate_limiter(limiter.clone()).build().unwrap();
    (c, limiter)
}

#[test]
fn items_come_in_order_each_once_over_37_pages_with_random_delays() {
    let mut s = server();
    let random = std::collections::hash_map::RandomState::new();
    let mocks: Vec<_> = (0..37)
        .map(|n| {
            let delay = Duration::from_millis(random.hash_one(n) % 25);
            slow_page_mock(&mut s, n, 3, 37, delay).expect(1).create()
        })
        .collect();
    let ids: Vec<pax8::Uuid> =
        client(&s).companies().list().page_size(3).prefetch(6).items().map(|c| *c.unwrap().id.as_uuid()).collect();
    assert_eq!(ids, expected_ids(37, 3));
    mocks.iter().for_each(Mock::assert);
}

#[test]
fn pages_come_in_order_with_prefetch() {
    let mut s = server();
    let mocks: Vec<_> = (0..9).map(|n| page_mock(&mut s, n, 2, 9).expect(1).create()).collect();
    let pages: Vec<_> = client(&s).companies().list().page_size(2).prefetch(4).pages().map(Result::unwrap).collect();
    assert_eq!(pages.iter().map(|p| p.number).collect::<Vec<_>>(), (0..9).collect::<Vec<_>>());
    assert_eq!(pages.into_iter().flatten().map(|c| c.id).collect::<Vec<_>>(), expected_ids(9, 2));
    mocks.iter().for_each(Mock::assert);
}

#[test]
fn a_failed_page_surfaces_in_order_after_its_retries_and_stops_the_workers() {
    let mut s = server();
    let before: Vec<_> = (0..5).map(|n| page_mock(&mut s, n, 2, 10).expect(1).create()).collect();
    let failing = mock_json(
        &mut s,
        "GET",
        "/v1/companies",
        Some("page=5&size=2"),
        503,
        r#"{"type":"SERVICE_UNAVAILABLE","message":"try later"}"#,
    )
    .expect(3)
    .create();
    // With prefetch(3), page 5 fails while the caller still wants page 5 at the latest, so
    // the workers may have claimed pages 6 and 7 but never 8 or 9.
    let window: Vec<_> = (6..8).map(|n| page_mock(&mut s, n, 2, 10).expect_at_most(1).create()).collect();
    let beyond: Vec<_> = (8..10).map(|n| page_mock(&mut s, n, 2, 10).expect(0).create()).collect();
    let c = builder(&s).access_token(TOKEN).max_retries(2).build().unwrap();

    let mut items = c.companies().list().page_size(2).prefetch(3).items();
    let ids: Vec<pax8::Uuid> = items.by_ref().take(10).map(|c| *c.unwrap().id.as_uuid()).collect();
    assert_eq!(ids, expected_ids(5, 2));
    let err = items.next().unwrap().unwrap_err();
    assert_eq!(err.failed_page(), Some(5));
    assert_eq!(err.status(), Some(503));
    assert!(err.to_string().starts_with("GET /v1/companies?page=5&size=2 answered HTTP 503"), "{err}");
    assert!(items.next().is_none());
    drop(items);

    before.iter().for_each(Mock::assert);
    failing.assert();
    window.iter().for_each(Mock::assert);
    beyond.iter().for_each(Mock::assert);
}

#[test]
fn the_same_error_as_a_sequential_iteration() {
    let mut s = server();
    page_mock(&mut s, 0, 2, 4).expect(2).create();
    page_mock(&mut s, 1, 2, 4).expect(2).create();
    mock_json(&mut s, "GET", "/v1/companies", Some("page=2&size=2"), 200, r#"{"content":[{"id":"not-a-uuid"}]}"#)
        .expect(2)
        .create();
    page_mock(&mut s, 3, 2, 4).expect_at_most(1).create();
    let c = client(&s);
    let run = |n: usize| {
        let all: Vec<_> = c.companies().list().page_size(2).prefetch(n).items().collect();
        (all.len(), all.into_iter().last().unwrap().unwrap_err())
    };
    let (seq_len, seq) = run(0);
    let (pre_len, pre) = run(3);
    assert_eq!((seq_len, pre_len), (5, 5), "four items, then the error");
    assert!(matches!(&pre, Error::Decode { page: Some(2), .. }), "{pre:?}");
    assert_eq!(pre.to_string(), seq.to_string());
}

#[test]
fn dropping_after_the_first_item_stops_requests() {
    let mut s = server();
    let (c, limiter) = counted_client(&s);
    let first = page_mock(&mut s, 0, 2, 10).expect(1).create();
    // The caller never takes page 1, so the window (3 pages) never moves past page 3.
    let window: Vec<_> = (1..4)
        .map(|n| slow_page_mock(&mut s, n, 2, 10, Duration::from_millis(20)).expect_at_most(1).create())
        .collect();
    let beyond: Vec<_> = (4..10).map(|n| page_mock(&mut s, n, 2, 10).expect(0).create()).collect();
    let mut items = c.companies().list().page_size(2).prefetch(3).items();
    assert_eq!(items.next().unwrap().unwrap().id, id(0, 0));
    drop(items);
    // When the drop returns, every worker has exited: none is left to start a request.
    assert_eq!(limiter.alive.load(Ordering::SeqCst), 1, "only the caller's thread");
    let started = limiter.reservations.load(Ordering::SeqCst);
    assert!((1..=4).contains(&started), "page 0 and at most the 3 pages of the window: {started}");
    first.assert();
    window.iter().for_each(Mock::assert);
    beyond.iter().for_each(Mock::assert);
}

#[test]
fn the_rate_limiter_sees_every_attempt_of_every_worker() {
    let mut s = server();
    let (c, limiter) = counted_client(&s);
    let mut mocks = Vec::new();
    // Page 3 is throttled once: its retry is a second reservation.
    mocks.push(
        s.mock("GET", "/v1/companies")
            .match_query(Matcher::Exact("page=3&size=2".into()))
            .with_status(429)
            .with_header("retry-after", "0")
            .expect(1)
            .create(),
    );
    mocks.extend((0..12).map(|n| page_mock(&mut s, n, 2, 12).expect(1).create()));
    let ids: Vec<pax8::Uuid> =
        c.companies().list().page_size(2).prefetch(4).items().map(|c| *c.unwrap().id.as_uuid()).collect();
    assert_eq!(ids, expected_ids(12, 2));
    mocks.iter().for_each(Mock::assert);
    assert_eq!(limiter.reservations.load(Ordering::SeqCst), 13, "12 pages and one retry");
    let threads = limiter.threads.lock().unwrap();
    assert!(threads.contains(&std::thread::current().id()), "the first page is fetched by the caller");
    assert!(threads.len() > 1, "the other pages by workers, through the same limiter");
}

#[test]
fn prefetch_0_and_1_iterate_sequentially() {
    for n in [0, 1] {
        let mut s = server();
        let (c, limiter) = counted_client(&s);
        // Lazy: taking three items fetches one page.
        let first = page_mock(&mut s, 0, 5, 4).expect(1).create();
        let rest: Vec<_> = (1..4).map(|p| page_mock(&mut s, p, 5, 4).expect(0).create()).collect();
        let names: Vec<String> =
            c.companies().list().page_size(5).prefetch(n).items().take(3).map(|c| c.unwrap().name).collect();
        assert_eq!(names, ["c0-0", "c0-1", "c0-2"]);
        first.assert();
        rest.iter().for_each(Mock::assert);
        // Every page from the caller's thread, one after another.
        s.reset();
        let all: Vec<_> = (0..4).map(|p| page_mock(&mut s, p, 5, 4).expect(1).create()).collect();
        let ids: Vec<pax8::Uuid> =
            c.companies().list().page_size(5).prefetch(n).items().map(|c| *c.unwrap().id.as_uuid()).collect();
        assert_eq!(ids, expected_ids(4, 5));
        all.iter().for_each(Mock::assert);
        assert_eq!(limiter.reservations.load(Ordering::SeqCst), 5);
        assert_eq!(*limiter.threads.lock().unwrap(), HashSet::from([std::thread::current().id()]), "prefetch({n})");
    }
}

#[test]
fn follows_a_listing_that_grows_or_ends_early_like_a_sequential_iteration() {
    let mut s = server();
    // The first page announces 3 pages, page 2 announces 5: all 5 are read.
    page_mock(&mut s, 0, 2, 3).expect(2).create();
    page_mock(&mut s, 1, 2, 3).expect(2).create();
    for n in 2..5 {
        page_mock(&mut s, n, 2, 5).expect(2).create();
    }
    let c = client(&s);
    let ids = |n: usize| -> Vec<pax8::Uuid> {
        c.companies().list().page_size(2).prefetch(n).items().map(|c| *c.unwrap().id.as_uuid()).collect()
    };
    assert_eq!(ids(0), expected_ids(5, 2));
    assert_eq!(ids(2), expected_ids(5, 2));

    // An empty page ends the listing even if more were announced.
    let mut s = server();
    page_mock(&mut s, 0, 2, 6).expect(1).create();
    mock_json(
        &mut s,
        "GET",
        "/v1/companies",
        Some("page=1&size=2"),
        200,
        r#"{"content":[],"page":{"size":2,"totalElements":12,"totalPages":6,"number":1}}"#,
    )
    .expect(1)
    .create();
    for n in 2..6 {
        page_mock(&mut s, n, 2, 6).expect_at_most(1).create();
    }
    let pages: Vec<_> = client(&s).companies().list().page_size(2).prefetch(2).pages().map(Result::unwrap).collect();
    assert_eq!(pages.iter().map(|p| p.items.len()).collect::<Vec<_>>(), [2, 0]);
}

#[test]
fn a_panic_in_a_callback_on_a_worker_reaches_the_caller() {
    let mut s = server();
    for n in 0..4 {
        page_mock(&mut s, n, 2, 4).expect_at_most(1).create();
    }
    let c = builder(&s)
        .access_token(TOKEN)
        .on_attempt(|a| {
            if a.path.contains("page=2") {
                panic!("observer refused page 2");
            }
        })
        .build()
        .unwrap();
    let seen = Mutex::new(Vec::new());
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        for company in c.companies().list().page_size(2).prefetch(3).items() {
            seen.lock().unwrap().push(company.unwrap().id);
        }
    }));
    let panic = outcome.unwrap_err();
    assert_eq!(panic.downcast_ref::<&str>(), Some(&"observer refused page 2"));
    assert_eq!(*seen.lock().unwrap(), expected_ids(2, 2), "pages 0 and 1 came first");
}

#[test]
fn a_prefetching_iterator_can_move_to_another_thread() {
    let mut s = server();
    let mocks: Vec<_> = (0..6).map(|n| page_mock(&mut s, n, 2, 6).expect(1).create()).collect();
    let mut items = client(&s).companies().list().page_size(2).prefetch(3).items();
    let first = *items.next().unwrap().unwrap().id.as_uuid();
    let rest: Vec<pax8::Uuid> =
        std::thread::spawn(move || items.map(|c| *c.unwrap().id.as_uuid()).collect()).join().unwrap();
    assert_eq!([vec![first], rest].concat(), expected_ids(6, 2));
    mocks.iter().for_each(Mock::assert);
}

/// A connection handler that answers every request on it (kept alive) with page `n` of 3,
/// `n` read from the request line.
fn keep_alive_pages() -> Handler {
    Box::new(|mut stream| {
        use std::io::Write;
        loop {
            let head = read_request(&mut stream);
            let Some(n) = head.split("page=").nth(1).and_then(|r| r.split('&').next()?.parse().ok()) else { return };
            let body = page_body(n, 2, 3);
            let head =
                format!("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n", body.len());
            if stream.write_all(head.as_bytes()).and_then(|()| stream.write_all(body.as_bytes())).is_err() {
                return;
            }
        }
    })
}

#[test]
fn listings_reuse_pooled_connections() {
    let agents: [Option<ureq::Agent>; 2] =
        [None, Some(ureq::Agent::config_builder().user_agent("callers-agent/9").proxy(None).build().into())];
    for agent in agents {
        let callers = agent.is_some();
        let (url, connections) = tcp_server((0..6).map(|_| keep_alive_pages()).collect());
        let b = Client::builder().base_url(&url).access_token(TOKEN).no_rate_limit();
        let c = match agent {
            Some(a) => b.agent(a),
            None => b.no_proxy(),
        }
        .build()
        .unwrap();
        for _ in 0..2 {
            let ids: Vec<pax8::Uuid> =
                c.companies().list().page_size(2).items().map(|c| *c.unwrap().id.as_uuid()).collect();
            assert_eq!(ids, expected_ids(3, 2));
        }
        assert_eq!(connections.load(Ordering::SeqCst), 1, "6 pages, one connection (caller's agent: {callers})");
        // Two workers may open one more connection beside the pooled one, and no more.
        let ids: Vec<pax8::Uuid> =
            c.companies().list().page_size(2).prefetch(2).items().map(|c| *c.unwrap().id.as_uuid()).collect();
        assert_eq!(ids, expected_ids(3, 2));
        assert!(connections.load(Ordering::SeqCst) <= 2, "caller's agent: {callers}");
    }
}

/// The body of page `n` of `total_pages`, two items with ids from [`id`], plus `extra` fields.
fn family_page(n: u32, total_pages: u32, extra: &str) -> String {
    format!(
        r#"{{"content":[{{"id":"{}"}},{{"id":"{}"}}],"page":{{"size":2,"totalElements":{},"totalPages":{total_pages},"number":{n}}}{extra}}}"#,
        id(n, 0),
        id(n, 1),
        2 * total_pages
    )
}

#[test]
fn webhooks_and_quoting_lists_prefetch_too() {
    let mut s = server();
    let mut mocks = Vec::new();
    for n in 0..5 {
        let hooks = family_page(n, 5, "");
        mocks.push(
            mock_json(&mut s, "GET", "/api/v2/webhooks", Some(&format!("page={n}&size=2")), 200, &hooks).create(),
        );
        let quotes = family_page(n, 5, r#","statusCounts":{"draft":10}"#);
        mocks.push(mock_json(&mut s, "GET", "/v2/quotes", Some(&format!("page={n}&limit=2")), 200, &quotes).create());
    }
    let c = client(&s);
    let hooks: Vec<pax8::Uuid> =
        c.webhooks().list().page_size(2).prefetch(3).items().map(|h| *h.unwrap().id.as_uuid()).collect();
    assert_eq!(hooks, expected_ids(5, 2));
    let pages: Vec<_> = c.quotes().list().page_size(2).prefetch(3).pages().map(Result::unwrap).collect();
    assert_eq!(pages.iter().map(|q| q.page.number).collect::<Vec<_>>(), [0, 1, 2, 3, 4]);
    assert_eq!(pages.into_iter().flat_map(|q| q.page.items).map(|q| q.id).collect::<Vec<_>>(), expected_ids(5, 2));
    mocks.iter().for_each(Mock::assert);
}
