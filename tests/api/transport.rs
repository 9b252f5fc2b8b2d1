//! Transport: custom root CAs over real TLS, a caller's own agent, the `raw()` escape hatch,
//! and the `tracing` feature's spans and events.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use mockito::Matcher;
use pax8::{Client, Error, Method};
use serde_json::{Value, json};
use uuid::uuid;

use crate::common::{Handler, TOKEN, builder, client, mock_json, read_request, server, tcp_server};

const ID: uuid::Uuid = uuid!("a4dfc6bf-f02e-4a79-9844-66ba6c02ec3a");

/// A TLS server on loopback with a fresh self-signed certificate for `localhost`: answers
/// each of `connections` connections with one JSON body. Returns its `https://` URL and the
/// certificate's PEM.
fn tls_server(connections: usize) -> (String, String) {
    let certified = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let pem = certified.cert.pem();
    let key = rustls::pki_types::PrivateKeyDer::Pkcs8(certified.signing_key.serialize_der().into());
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![certified.cert.der().clone()], key)
        .unwrap();
    let config = Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for _ in 0..connections {
            let Ok((tcp, _)) = listener.accept() else { return };
            let conn = rustls::ServerConnection::new(config.clone()).unwrap();
            let mut tls = rustls::StreamOwned::new(conn, tcp);
            // A client that does not trust the certificate aborts the handshake here.
            let mut head = Vec::new();
            let mut byte = [0u8; 1];
            while !head.ends_with(b"\r\n\r\n") {
                match tls.read(&mut byte) {
                    Ok(1) => head.push(byte[0]),
                    _ => break,
                }
            }
            if !head.starts_with(b"GET /v1/companies/") {
                continue;
            }
            let body = format!(r#"{{"id":"{ID}","name":"Over TLS"}}"#);
            let _ = write!(
                tls,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
            tls.conn.send_close_notify();
            let _ = tls.flush();
        }
    });
    (format!("https://localhost:{port}"), pem)
}

#[test]
fn a_custom_root_ca_is_trusted_and_without_it_tls_fails_clearly() {
    let (url, pem) = tls_server(2); // the second connection is refused once, not retried
    let tls_client = |b: pax8::ClientBuilder| b.base_url(&url).access_token(TOKEN).no_proxy().max_retries(0).build();

    let trusting = tls_client(Client::builder().add_root_certificate(pem.clone())).unwrap();
    let company = trusting.companies().get(ID).send().unwrap();
    assert_eq!((*company.id.as_uuid(), company.name.as_str()), (ID, "Over TLS"));

    let err = tls_client(Client::builder()).unwrap().companies().get(ID).send().unwrap_err();
    assert!(matches!(&err, Error::Transport { .. }), "{err:?}");
    assert!(err.to_string().contains("TLS handshake failed"), "{err}");
    assert!(!err.is_retryable(), "a certificate problem is not retried");
    let chain = format!("{:#}", anyhow::Error::from(err));
    assert!(chain.contains("invalid peer certificate: UnknownIssuer"), "{chain}");
}

#[test]
fn a_pem_without_a_certificate_fails_the_build() {
    let err = Client::builder().access_token(TOKEN).add_root_certificate("not a pem").build().unwrap_err();
    assert_eq!(err.to_string(), "invalid configuration: add_root_certificate #1: no certificate in the PEM");
}

/// An agent built by the caller: a middleware adds a header, and statuses are errors and
/// redirects are followed by default (ureq's own defaults), which the SDK must override.
fn callers_agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .user_agent("callers-agent/9")
        .middleware(|mut req: ureq::http::Request<ureq::SendBody>, next: ureq::middleware::MiddlewareNext| {
            req.headers_mut().insert("x-corp-trace", ureq::http::HeaderValue::from_static("trace-42"));
            next.handle(req)
        })
        .build()
        .into()
}

#[test]
fn a_callers_agent_is_used_with_the_sdks_rules() {
    let mut s = server();
    let ua = concat!("myapp/1.2 pax8-rs/", env!("CARGO_PKG_VERSION"));
    let ok = mock_json(&mut s, "GET", &format!("/v1/companies/{ID}"), None, 200, &format!(r#"{{"id":"{ID}"}}"#))
        .match_header("x-corp-trace", "trace-42")
        .match_header("user-agent", ua)
        .expect(1)
        .create();
    let missing = mock_json(&mut s, "GET", "/v1/companies/00000000-0000-0000-0000-000000000000", None, 404, "")
        .match_header("x-corp-trace", "trace-42")
        .expect(1)
        .create();
    let moved = s.mock("GET", "/v1/products").with_status(302).with_header("location", "/elsewhere").expect(1).create();
    let elsewhere = s.mock("GET", "/elsewhere").expect(0).create();
    let c = Client::builder()
        .base_url(s.url())
        .access_token(TOKEN)
        .no_rate_limit()
        .user_agent("myapp/1.2")
        .agent(callers_agent())
        .build()
        .unwrap();

    assert_eq!(c.companies().get(ID).send().unwrap().id, ID);
    let err = c.companies().get(uuid::Uuid::nil()).send().unwrap_err();
    assert!(err.is_not_found(), "a 404 is an answer, not a ureq error: {err:?}");
    let err = c.products().list().send().unwrap_err();
    assert_eq!(err.status(), Some(302), "redirects are not followed: {err:?}");
    ok.assert();
    missing.assert();
    moved.assert();
    elsewhere.assert();
}

#[test]
fn a_proxy_set_on_the_callers_agent_carries_the_requests() {
    let (seen_tx, seen) = mpsc::channel();
    let proxy: Handler = Box::new(move |mut s| {
        let connect = read_request(&mut s);
        let _ = s.write_all(b"HTTP/1.1 200 Connection established\r\n\r\n");
        let tunneled = read_request(&mut s);
        let body = format!(r#"{{"id":"{ID}","name":"Via proxy"}}"#);
        let _ = write!(
            s,
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        seen_tx.send((connect, tunneled)).unwrap();
    });
    let (proxy_url, _) = tcp_server(vec![proxy]);
    let agent: ureq::Agent =
        ureq::Agent::config_builder().proxy(Some(ureq::Proxy::new(&proxy_url).unwrap())).build().into();
    // Nothing listens on port 9: only the proxy can answer.
    let c = Client::builder().base_url("http://127.0.0.1:9").access_token(TOKEN).agent(agent).build().unwrap();
    assert_eq!(c.companies().get(ID).send().unwrap().name, "Via proxy");
    let (connect, tunneled) = seen.recv_timeout(Duration::from_secs(5)).unwrap();
    assert!(connect.starts_with("CONNECT 127.0.0.1:9 HTTP/1.1\r\n"), "{connect}");
    assert!(tunneled.starts_with(&format!("GET /v1/companies/{ID} HTTP/1.1\r\n")), "{tunneled}");
    assert!(tunneled.contains(&format!("authorization: Bearer {TOKEN}\r\n")), "{tunneled}");
}

#[test]
fn agent_level_settings_beside_an_agent_are_refused() {
    let agent = || ureq::Agent::new_with_defaults();
    let b = || Client::builder().access_token(TOKEN);
    for err in [
        b().agent(agent()).no_proxy().build().unwrap_err(),
        b().agent(agent()).connect_timeout(Duration::from_secs(1)).build().unwrap_err(),
        b().agent(agent()).add_root_certificate("x").build().unwrap_err(),
    ] {
        assert!(matches!(&err, Error::Config(m) if m.contains("cannot be combined with agent()")), "{err:?}");
    }
}

#[test]
fn raw_get_with_a_query_decodes_any_json() {
    let mut s = server();
    let m = mock_json(
        &mut s,
        "GET",
        "/api/v2/webhooks",
        Some("active=true&topic=SUBSCRIPTION%20CREATED"),
        200,
        r#"{"content":[{"id":"w1"}],"page":{"number":0}}"#,
    )
    .expect(1)
    .create();
    let answer: Value = client(&s)
        .raw(Method::Get, "/api/v2/webhooks")
        .query("active", true)
        .query("topic", "SUBSCRIPTION CREATED")
        .send()
        .unwrap();
    m.assert();
    assert_eq!(answer, json!({"content": [{"id": "w1"}], "page": {"number": 0}}));
}

#[test]
fn raw_post_sends_json_and_decodes_a_typed_answer() {
    #[derive(serde::Deserialize, Debug, PartialEq)]
    #[serde(rename_all = "camelCase")]
    struct Quote {
        id: uuid::Uuid,
        client_id: uuid::Uuid,
    }
    let mut s = server();
    let m = mock_json(&mut s, "POST", "/v2/quotes", None, 201, &format!(r#"{{"id":"{ID}","clientId":"{ID}"}}"#))
        .match_header("content-type", "application/json")
        .match_body(Matcher::Json(json!({"clientId": ID})))
        .expect(1)
        .create();
    let quote: Quote = client(&s).raw(Method::Post, "/v2/quotes").json(&json!({"clientId": ID})).send().unwrap();
    m.assert();
    assert_eq!(quote, Quote { id: ID, client_id: ID });
}

#[test]
fn raw_delete_reads_an_empty_answer_and_errors_are_the_usual_ones() {
    let mut s = server();
    let gone = mock_json(&mut s, "DELETE", "/v2/quotes/q1", None, 204, "").expect(1).create();
    let body = r#"{"type":"NOT_FOUND","message":"No route"}"#;
    let missing = mock_json(&mut s, "GET", "/v1/not-yet", Some("x=1"), 404, body).expect(1).create();
    let c = client(&s);
    c.raw(Method::Delete, "/v2/quotes/q1").send::<()>().unwrap();
    let err = c.raw(Method::Get, "/v1/not-yet").query("x", 1).send::<Value>().unwrap_err();
    gone.assert();
    missing.assert();
    assert_eq!(err.to_string(), "GET /v1/not-yet?x=1 answered HTTP 404 NOT_FOUND: No route");
}

#[test]
fn raw_refuses_a_path_that_is_not_below_the_host_root() {
    let mut s = server();
    let none = crate::common::expect_no_requests(&mut s);
    let c = client(&s);
    for path in ["v1/companies", "/v1/companies?page=2", "@evil.example/x"] {
        let err = c.raw(Method::Get, path).send::<Value>().unwrap_err();
        assert!(matches!(&err, Error::InvalidInput(m) if m.contains("must start with '/'")), "{err:?}");
    }
    none.assert();
}

/// What a capturing subscriber saw: spans and events, each with its fields as text.
#[derive(Debug, Clone)]
struct Seen {
    kind: &'static str,
    fields: Vec<(String, String)>,
}

impl Seen {
    fn field(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// A minimal `tracing` subscriber that records every span, span update and event.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<Seen>>>);

struct Fields<'a>(&'a mut Vec<(String, String)>);

impl tracing::field::Visit for Fields<'_> {
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.push((field.name().to_owned(), format!("{value:?}")));
    }
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        self.0.push((field.name().to_owned(), value.to_owned()));
    }
}

impl tracing::Subscriber for Capture {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut fields = Vec::new();
        span.record(&mut Fields(&mut fields));
        let mut seen = self.0.lock().unwrap();
        assert_eq!(span.metadata().name(), "pax8.call");
        seen.push(Seen { kind: "span", fields });
        tracing::span::Id::from_u64(seen.len() as u64)
    }
    fn record(&self, span: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut seen = self.0.lock().unwrap();
        let entry = &mut seen[span.into_u64() as usize - 1];
        values.record(&mut Fields(&mut entry.fields));
    }
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        let mut fields = Vec::new();
        event.record(&mut Fields(&mut fields));
        self.0.lock().unwrap().push(Seen { kind: "event", fields });
    }
    fn enter(&self, _: &tracing::span::Id) {}
    fn exit(&self, _: &tracing::span::Id) {}
}

#[test]
fn tracing_has_a_span_per_call_and_an_event_per_attempt_without_secrets() {
    const SECRET: &str = "s3cr3t-client-value";
    const ACCESS: &str = "tok-5ecret-access";
    let mut s = server();
    s.mock("POST", "/v1/token")
        .with_header("content-type", "application/json")
        .with_body(format!(r#"{{"access_token":"{ACCESS}","expires_in":86400}}"#))
        .expect(1)
        .create();
    let path = format!("/v1/companies/{ID}");
    let fail = s.mock("GET", path.as_str()).with_status(503).with_body("busy").expect(1).create();
    let c = builder(&s).client_id("my-client").client_secret(SECRET).no_token_cache().build().unwrap();
    let capture = Capture::default();
    // A second live dispatcher: with only one registered, tracing-core computes the interest
    // of a callsite first hit during this test from the default of the thread that hits it,
    // so a test running beside this one and logging an attempt first would turn the attempt
    // event off here for good ("never"). With two, it asks every registered dispatcher.
    let _second = tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default());
    let err = tracing::subscriber::with_default(capture.clone(), || {
        // Another test thread may have met a pax8 callsite first, with no subscriber, and
        // cached "never" for it while this subscriber was being registered: recompute.
        tracing::callsite::rebuild_interest_cache();
        let first = c.companies().get(ID).send();
        fail.remove();
        s.mock("GET", path.as_str())
            .match_header("authorization", format!("Bearer {ACCESS}").as_str())
            .with_body(format!(r#"{{"id":"{ID}"}}"#))
            .create();
        c.companies().get(ID).send().unwrap();
        first
    });
    assert!(err.is_err(), "the first call failed after its retries: {err:?}");
    let seen = capture.0.lock().unwrap().clone();

    let spans: Vec<_> = seen.iter().filter(|s| s.kind == "span").collect();
    let calls: Vec<_> = spans.iter().map(|s| (s.field("method"), s.field("path"), s.field("status"))).collect();
    assert_eq!(
        calls,
        [
            (Some("GET"), Some("/v1/companies/{id}"), Some("503")),
            (Some("POST"), Some("/v1/token"), Some("200")),
            (Some("GET"), Some("/v1/companies/{id}"), Some("200")),
        ],
        "{spans:#?}"
    );
    let attempts: Vec<_> = seen
        .iter()
        .filter(|s| s.kind == "event")
        .map(|e| (e.field("path").unwrap_or_default(), e.field("attempt").unwrap_or_default(), e.field("status")))
        .collect();
    let company = "/v1/companies/{id}";
    assert_eq!(
        attempts,
        [
            ("/v1/token", "1", Some("200")),
            (company, "1", Some("503")),
            (company, "2", Some("503")),
            (company, "3", Some("503")),
            (company, "4", Some("503")),
            (company, "1", Some("200")),
        ],
        "{seen:#?}"
    );
    for event in seen.iter().filter(|s| s.kind == "event") {
        assert!(event.field("elapsed_ms").is_some() && event.field("waited_ms").is_some(), "{event:?}");
        assert_eq!(event.field("method"), Some(if event.field("path") == Some("/v1/token") { "POST" } else { "GET" }));
    }
    let everything = format!("{seen:?}");
    for secret in [SECRET, ACCESS, "Bearer", &ID.to_string()] {
        assert!(!everything.contains(secret), "{secret} leaked into {everything}");
    }
}
