//! Retries, Retry-After, safe retry rules, token expiry mid-iteration, rate limiting, tracing.

use std::time::Duration;

use mockito::Matcher;
use pax8::models::NewContact;
use serde_json::json;
use uuid::uuid;

use crate::common::{
    Attempts, builder, client, drop_connection, fixture, mock_json, raw_client, respond_ok, server, tcp_server,
};

const ID: uuid::Uuid = uuid!("a4dfc6bf-f02e-4a79-9844-66ba6c02ec3a");

fn get_path() -> String {
    format!("/v1/companies/{ID}")
}

fn throttled(s: &mut mockito::ServerGuard, retry_after: Option<&str>) -> mockito::Mock {
    let m =
        s.mock("GET", &*get_path()).with_status(429).with_body(r#"{"type":"TOO_MANY_REQUESTS","message":"slow down"}"#);
    match retry_after {
        Some(v) => m.with_header("retry-after", v),
        None => m,
    }
    .expect(1)
    .create()
}

#[test]
fn a_429_with_retry_after_seconds_waits_that_long() {
    let mut s = server();
    let t = throttled(&mut s, Some("1"));
    let ok = mock_json(&mut s, "GET", &get_path(), None, 200, &fixture("company-0")).expect(1).create();
    let attempts = Attempts::default();
    let c = attempts.install(builder(&s).access_token("test-token")).build().unwrap();
    c.companies().get(ID).send().unwrap();
    t.assert();
    ok.assert();
    let a = attempts.all();
    assert_eq!(a.len(), 2);
    assert_eq!((a[0].status, a[0].retry_in), (Some(429), Some(Duration::from_secs(1))));
    assert_eq!((a[1].number, a[1].status, a[1].retry_in), (2, Some(200), None));
    let sent = attempts.sent_at();
    assert!(sent[1] - sent[0] >= Duration::from_secs(1), "{:?}", sent[1] - sent[0]);
}

#[test]
fn a_429_with_an_http_date_waits_until_then() {
    let mut s = server();
    // An IMF-fixdate (RFC 9110, 5.6.7), formatted here with `time`.
    let imf_fixdate = time::format_description::parse_borrowed::<2>(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT",
    )
    .unwrap();
    let at = (time::OffsetDateTime::now_utc() + time::Duration::seconds(2)).format(&imf_fixdate).unwrap();
    throttled(&mut s, Some(&at));
    mock_json(&mut s, "GET", &get_path(), None, 200, &fixture("company-0")).expect(1).create();
    let attempts = Attempts::default();
    let c = attempts.install(builder(&s).access_token("test-token")).build().unwrap();
    c.companies().get(ID).send().unwrap();
    let wait = attempts.all()[0].retry_in.unwrap();
    // The date has whole seconds: between 1 and 2 s from now.
    assert!(wait > Duration::from_millis(900) && wait <= Duration::from_secs(2), "{wait:?}");
}

#[test]
fn a_429_without_retry_after_backs_off() {
    let mut s = server();
    throttled(&mut s, None);
    throttled(&mut s, None);
    mock_json(&mut s, "GET", &get_path(), None, 200, &fixture("company-0")).expect(1).create();
    let attempts = Attempts::default();
    let c = attempts
        .install(builder(&s).access_token("test-token").retry_base_delay(Duration::from_millis(40)))
        .build()
        .unwrap();
    c.companies().get(ID).send().unwrap();
    let waits: Vec<_> = attempts.all().iter().filter_map(|a| a.retry_in).collect();
    assert_eq!(waits.len(), 2);
    // Exponential with jitter in the upper half: 20..=40 ms, then 40..=80 ms.
    assert!(waits[0] >= Duration::from_millis(20) && waits[0] <= Duration::from_millis(40), "{waits:?}");
    assert!(waits[1] >= Duration::from_millis(40) && waits[1] <= Duration::from_millis(80), "{waits:?}");
}

#[test]
fn a_retry_after_beyond_the_wait_budget_returns_the_429() {
    let mut s = server();
    let t = throttled(&mut s, Some("100"));
    let c = builder(&s).access_token("test-token").max_retry_wait(Duration::from_secs(5)).build().unwrap();
    let err = c.companies().get(ID).send().unwrap_err();
    t.assert();
    assert_eq!(err.status(), Some(429));
    assert_eq!(err.retry_after(), Some(Duration::from_secs(100)));
}

#[test]
fn two_503s_then_200_on_a_get() {
    let mut s = server();
    let fail = mock_json(&mut s, "GET", &get_path(), None, 503, "unavailable").expect(2).create();
    let ok = mock_json(&mut s, "GET", &get_path(), None, 200, &fixture("company-0")).expect(1).create();
    assert_eq!(client(&s).companies().get(ID).send().unwrap().id, ID);
    fail.assert();
    ok.assert();
}

#[test]
fn retries_stop_at_max_retries() {
    let mut s = server();
    let fail = mock_json(&mut s, "GET", &get_path(), None, 504, "").expect(2).create();
    let c = builder(&s).access_token("test-token").max_retries(1).build().unwrap();
    assert_eq!(c.companies().get(ID).send().unwrap_err().status(), Some(504));
    fail.assert();
}

#[test]
fn puts_and_deletes_are_retried_on_5xx() {
    let mut s = server();
    let company = uuid!("f7fc273a-8d86-45c9-a26f-ffd42416adda");
    let path = format!("/v1/companies/{company}/contacts/{ID}");
    let d = s.mock("DELETE", &*path).with_status(502).expect(1).create();
    let d_ok = s.mock("DELETE", &*path).with_status(204).expect(1).create();
    let p = s.mock("PUT", &*path).with_status(503).expect(1).create();
    let p_ok = s.mock("PUT", &*path).with_body(format!(r#"{{"id":"{ID}","firstName":"A"}}"#)).expect(1).create();
    let c = client(&s);
    c.contacts(company).delete(ID).send().unwrap();
    c.contacts(company).replace(ID, NewContact::new("A", "B", "a@b", "1")).send().unwrap();
    d.assert();
    d_ok.assert();
    p.assert();
    p_ok.assert();
}

#[test]
fn a_post_that_got_a_5xx_is_sent_exactly_once() {
    for status in [500, 502, 503, 504] {
        let mut s = server();
        let company = uuid!("f7fc273a-8d86-45c9-a26f-ffd42416adda");
        let m = s.mock("POST", &*format!("/v1/companies/{company}/contacts")).with_status(status).expect(1).create();
        let err = client(&s).contacts(company).create(NewContact::new("A", "B", "a@b", "1")).send().unwrap_err();
        assert_eq!(err.status(), Some(status as u16));
        m.assert();
    }
}

#[test]
fn a_post_that_got_a_429_is_retried() {
    let mut s = server();
    let company = uuid!("f7fc273a-8d86-45c9-a26f-ffd42416adda");
    let path = format!("/v1/companies/{company}/contacts");
    let t = s.mock("POST", &*path).with_status(429).with_header("retry-after", "0").expect(1).create();
    let ok = s.mock("POST", &*path).with_body(format!(r#"{{"id":"{ID}","firstName":"A"}}"#)).expect(1).create();
    client(&s).contacts(company).create(NewContact::new("A", "B", "a@b", "1")).send().unwrap();
    t.assert();
    ok.assert();
}

#[test]
fn a_dropped_connection_on_a_get_is_retried() {
    let (url, seen) =
        tcp_server(vec![drop_connection(), respond_ok(r#"{"id":"a4dfc6bf-f02e-4a79-9844-66ba6c02ec3a"}"#)]);
    let company = raw_client(&url).build().unwrap().companies().get(ID).send().unwrap();
    assert_eq!(company.id, ID);
    assert_eq!(seen.load(std::sync::atomic::Ordering::SeqCst), 2);
}

#[test]
fn a_post_whose_connection_dropped_is_not_repeated() {
    let (url, seen) = tcp_server(vec![drop_connection(), respond_ok("{}")]);
    let attempts = Attempts::default();
    let c = attempts.install(raw_client(&url)).build().unwrap();
    let err = c.contacts(ID).create(NewContact::new("A", "B", "a@b", "1")).send().unwrap_err();
    assert!(matches!(err, pax8::Error::Transport { .. } | pax8::Error::Timeout { .. }), "{err:?}");
    assert_eq!(attempts.all().len(), 1);
    assert_eq!(seen.load(std::sync::atomic::Ordering::SeqCst), 1);
}

#[test]
fn a_refused_connection_is_retried_even_for_a_post() {
    // A port with nothing listening: every attempt is refused before anything is sent.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let attempts = Attempts::default();
    let c = attempts.install(raw_client(&format!("http://127.0.0.1:{port}")).max_retries(2)).build().unwrap();
    let err = c.contacts(ID).create(NewContact::new("A", "B", "a@b", "1")).send().unwrap_err();
    assert!(matches!(err, pax8::Error::Transport { .. }), "{err:?}");
    let a = attempts.all();
    assert_eq!(a.len(), 3);
    assert!(a.iter().all(|x| x.status.is_none() && x.error.is_some()));
}

#[test]
fn a_token_expiring_mid_iteration_loses_nothing() {
    let mut s = server();
    let t1 = s.mock("POST", "/v1/token").with_body(r#"{"access_token":"tok-1","expires_in":86400}"#).expect(1).create();
    let t2 = s.mock("POST", "/v1/token").with_body(r#"{"access_token":"tok-2","expires_in":86400}"#).expect(1).create();
    let page = |n: u32| {
        let items: Vec<_> =
            (0..3).map(|i| json!({"id": uuid::Uuid::from_u128(u128::from(n * 10 + i)), "name": "c"})).collect();
        json!({"content": items, "page": {"size": 3, "totalElements": 15, "totalPages": 5, "number": n}}).to_string()
    };
    let mut mocks = Vec::new();
    for n in 0..5u32 {
        let q = Matcher::Exact(format!("page={n}&size=3"));
        // tok-1 works for pages 0 and 1, then "expires".
        if n < 2 {
            mocks.push(
                s.mock("GET", "/v1/companies")
                    .match_query(q.clone())
                    .match_header("authorization", "Bearer tok-1")
                    .with_body(page(n))
                    .expect(1)
                    .create(),
            );
        } else {
            mocks.push(
                s.mock("GET", "/v1/companies")
                    .match_query(q.clone())
                    .match_header("authorization", "Bearer tok-1")
                    .with_status(401)
                    .expect(usize::from(n == 2))
                    .create(),
            );
        }
        mocks.push(
            s.mock("GET", "/v1/companies")
                .match_query(q)
                .match_header("authorization", "Bearer tok-2")
                .with_body(page(n))
                .expect(usize::from(n >= 2))
                .create(),
        );
    }
    let c = builder(&s).client_id("id").client_secret("secret").no_token_cache().build().unwrap();
    let ids: Vec<_> = c.companies().list().page_size(3).items().map(|r| r.unwrap().id).collect();
    let unique: std::collections::HashSet<_> = ids.iter().collect();
    assert_eq!((ids.len(), unique.len()), (15, 15));
    t1.assert();
    t2.assert();
    mocks.iter().for_each(mockito::Mock::assert);
}

#[test]
fn the_smooth_rate_limit_spaces_requests_across_threads() {
    // 120 per minute, smooth: a burst of 2, then one request every 500 ms, shared by all threads.
    let mut s = server();
    let m = mock_json(&mut s, "GET", &get_path(), None, 200, &fixture("company-0")).expect(6).create();
    let attempts = Attempts::default();
    let c = attempts
        .install(builder(&s).access_token("test-token").rate_limit_per_minute(120).smooth_rate_limit(true))
        .build()
        .unwrap();
    std::thread::scope(|scope| {
        for _ in 0..3 {
            let c = c.clone();
            scope.spawn(move || {
                for _ in 0..2 {
                    c.companies().get(ID).send().unwrap();
                }
            });
        }
    });
    m.assert();
    let sent = attempts.sent_at();
    assert_eq!(sent.len(), 6);
    // After the burst of 2, any window of (nearly) one second holds at most 2 requests.
    let window = Duration::from_millis(950);
    for (i, start) in sent.iter().enumerate().skip(2) {
        let n = sent[i..].iter().filter(|t| **t < *start + window).count();
        assert!(n <= 2, "{n} requests within {window:?} from request {i}");
    }
    assert!(sent[5] - sent[0] >= Duration::from_millis(1900), "{:?}", sent[5] - sent[0]);
    assert!(attempts.all().iter().skip(2).any(|a| a.queued >= Duration::from_millis(400)));
}

/// Records what the transport tells a limiter.
#[derive(Debug, Default)]
struct Recorder(std::sync::Mutex<Vec<&'static str>>);

impl pax8::ratelimit::RateLimiter for Recorder {
    fn acquire(&self) {
        self.0.lock().unwrap().push("acquire");
    }
    fn release(&self, counted: bool) {
        self.0.lock().unwrap().push(if counted { "counted" } else { "not counted" });
    }
}

#[test]
fn every_attempt_releases_its_slot_and_a_429_or_a_refused_connection_is_not_counted() {
    let mut s = server();
    throttled(&mut s, Some("0"));
    mock_json(&mut s, "GET", &get_path(), None, 404, r#"{"type":"NOT_FOUND","message":"no"}"#).expect(1).create();
    let recorder = std::sync::Arc::new(Recorder::default());
    let c = builder(&s).access_token("test-token").rate_limiter(recorder.clone()).build().unwrap();
    assert_eq!(c.companies().get(ID).send().unwrap_err().status(), Some(404));
    assert_eq!(*recorder.0.lock().unwrap(), ["acquire", "not counted", "acquire", "counted"]);

    // One attempt at `url`, which fails; what the limiter heard.
    let fail_once = |url: String| {
        let recorder = std::sync::Arc::new(Recorder::default());
        let c = pax8::Client::builder()
            .base_url(url)
            .no_proxy()
            .access_token("test-token")
            .max_retries(0)
            .rate_limiter(recorder.clone())
            .build()
            .unwrap();
        assert!(c.companies().get(ID).send().is_err());
        recorder.0.lock().unwrap().clone()
    };
    // A request that never reached a server (nothing listens on the port).
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    assert_eq!(fail_once(format!("http://127.0.0.1:{port}")), ["acquire", "not counted"]);
    // A dropped connection after the request went out may have been counted.
    let (url, _) = tcp_server(vec![drop_connection()]);
    assert_eq!(fail_once(url), ["acquire", "counted"]);
}

#[test]
fn attempts_are_traced_without_secrets() {
    let mut s = server();
    mock_json(&mut s, "GET", "/v1/companies", Some("city=Denver"), 503, "").expect(1).create();
    mock_json(&mut s, "GET", "/v1/companies", Some("city=Denver"), 200, r#"{"content":[]}"#).expect(1).create();
    let attempts = Attempts::default();
    let c = attempts.install(builder(&s).access_token("test-token")).build().unwrap();
    c.companies().list().city("Denver").send().unwrap();
    let a = attempts.all();
    assert_eq!(a.len(), 2);
    assert_eq!(
        (a[0].method, a[0].path.as_str(), a[0].number, a[0].status),
        ("GET", "/v1/companies?city=Denver", 1, Some(503))
    );
    assert!(a[0].retry_in.is_some());
    assert_eq!((a[1].number, a[1].status, a[1].retry_in), (2, Some(200), None));
    assert!(!format!("{a:?}").contains("test-token"));
}

#[test]
fn a_failing_page_is_retried_inside_an_iteration() {
    let mut s = server();
    let page = |n: u32| {
        json!({"content": [{"id": uuid::Uuid::from_u128(u128::from(n)), "name": "c"}],
               "page": {"size": 1, "totalElements": 3, "totalPages": 3, "number": n}})
        .to_string()
    };
    let p0 = mock_json(&mut s, "GET", "/v1/companies", Some("page=0&size=1"), 200, &page(0)).expect(1).create();
    let blip = mock_json(&mut s, "GET", "/v1/companies", Some("page=1&size=1"), 503, "").expect(1).create();
    let p1 = mock_json(&mut s, "GET", "/v1/companies", Some("page=1&size=1"), 200, &page(1)).expect(1).create();
    let p2 = mock_json(&mut s, "GET", "/v1/companies", Some("page=2&size=1"), 200, &page(2)).expect(1).create();
    let n = client(&s).companies().list().page_size(1).items().map(Result::unwrap).count();
    assert_eq!(n, 3);
    for m in [p0, blip, p1, p2] {
        m.assert();
    }
}

#[test]
fn when_retries_run_out_the_iteration_names_the_page() {
    let mut s = server();
    let page0 = json!({"content": [{"id": uuid::Uuid::nil(), "name": "c"}],
                       "page": {"size": 1, "totalElements": 2, "totalPages": 2, "number": 0}});
    mock_json(&mut s, "GET", "/v1/companies", Some("page=0&size=1"), 200, &page0.to_string()).create();
    let down = mock_json(&mut s, "GET", "/v1/companies", Some("page=1&size=1"), 503, "").expect(3).create();
    let c = builder(&s).access_token("test-token").max_retries(2).build().unwrap();
    let results: Vec<_> = c.companies().list().page_size(1).items().collect();
    assert_eq!(results.len(), 2);
    let err = results[1].as_ref().unwrap_err();
    assert_eq!((err.failed_page(), err.status()), (Some(1), Some(503)));
    down.assert();
}

#[test]
fn a_408_on_draft_items_is_retried() {
    let mut s = server();
    let slow = mock_json(&mut s, "GET", "/v1/invoices/draftItems", None, 408, r#"{"type":"REQUEST_TIMEOUT"}"#)
        .expect(1)
        .create();
    let ok = mock_json(&mut s, "GET", "/v1/invoices/draftItems", None, 200, &fixture("draft-invoice-items"))
        .expect(1)
        .create();
    let page = client(&s).invoices().draft_items().send().unwrap();
    assert!(!page.items.is_empty());
    slow.assert();
    ok.assert();
}
