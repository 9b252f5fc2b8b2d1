//! A minimal receiver of Pax8 webhook deliveries, on the standard library only.
//!
//! ```sh
//! cargo run --example webhook_receiver                 # listens on 127.0.0.1:8787
//! cargo run --example webhook_receiver -- 9000         # or on port 9000 (or PAX8_WEBHOOK_PORT=9000)
//! cargo run --example webhook_receiver -- --self-test  # sends itself two deliveries and exits
//! ```
//!
//! Each `POST` is checked against the webhook's `authorization` value, taken from
//! `PAX8_WEBHOOK_AUTH` (default `Bearer pax8-demo-secret`, the demo value: set your own in
//! production and give the same value to the webhook). A request whose `Authorization` header
//! does not match gets `401`; any other gets `200` and its event is printed (a body that is not a
//! delivery is reported on stderr, still with `200`, so that Pax8 does not retry it forever).
//! The header value is never printed.
//!
//! With `--self-test` the receiver listens on a free loopback port, posts itself a sample
//! delivery with the right header and one with a wrong header, checks that they got `200` and
//! `401`, and exits 0 (1 otherwise). No Pax8 account is needed.
//!
//! It listens on 127.0.0.1 only: put it behind an HTTPS reverse proxy or a tunnel to receive
//! real deliveries (Pax8 only sends to `https://` URLs).

use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::process::ExitCode;

use pax8::webhooks::{WebhookEvent, WebhookPayload, authorization_matches};

#[path = "support/http.rs"]
mod http;
use http::{IO_TIMEOUT, post, read_request, respond};

/// The `authorization` value used when `PAX8_WEBHOOK_AUTH` is not set. A demo value only.
const DEMO_AUTHORIZATION: &str = "Bearer pax8-demo-secret";
const DEFAULT_PORT: u16 = 8787;
const SAMPLE_DELIVERY: &str = include_str!("../src/testing/fixtures/webhooks/delivery-subscription.json");

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let self_test = args.iter().any(|a| a == "--self-test");
    let port_arg = args.iter().find(|a| !a.starts_with("--")).cloned();
    let expected = std::env::var("PAX8_WEBHOOK_AUTH").unwrap_or_else(|_| DEMO_AUTHORIZATION.to_owned());

    let port = match port_arg.or_else(|| std::env::var("PAX8_WEBHOOK_PORT").ok()) {
        Some(p) => match p.parse::<u16>() {
            Ok(p) => p,
            Err(_) => {
                eprintln!("not a port number: {p:?}");
                return ExitCode::from(2);
            }
        },
        // The self-test takes any free port, so that it never collides with a running receiver.
        None if self_test => 0,
        None => DEFAULT_PORT,
    };
    let listener = match TcpListener::bind((Ipv4Addr::LOCALHOST, port)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("cannot listen on 127.0.0.1:{port}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let addr = listener.local_addr().expect("bound listener has an address");

    if self_test {
        let server = std::thread::spawn(move || {
            for stream in listener.incoming().take(2) {
                serve(stream, &expected);
            }
        });
        let ok = self_test_against(addr.port());
        if ok {
            // Both requests were answered, so the server thread is done.
            let _ = server.join();
        }
        return if ok { ExitCode::SUCCESS } else { ExitCode::FAILURE };
    }

    eprintln!("listening on http://{addr}/ (Ctrl-C to stop)");
    for stream in listener.incoming() {
        serve(stream, &expected);
    }
    ExitCode::SUCCESS
}

fn serve(stream: std::io::Result<TcpStream>, expected: &str) {
    let result = stream.and_then(|s| {
        s.set_read_timeout(Some(IO_TIMEOUT))?;
        s.set_write_timeout(Some(IO_TIMEOUT))?;
        handle(s, expected)
    });
    if let Err(e) = result {
        eprintln!("connection failed: {e}");
    }
}

/// Reads one request, answers it, closes the connection.
fn handle(mut stream: TcpStream, expected: &str) -> std::io::Result<()> {
    let request = match read_request(&stream) {
        Ok(r) => r,
        Err(e) => return respond(&mut stream, 400, &format!("bad request: {e}")),
    };
    if request.method != "POST" {
        return respond(&mut stream, 405, "deliveries are POSTed");
    }
    if !authorization_matches(request.header("authorization"), expected) {
        eprintln!("rejected a delivery: wrong or missing Authorization header");
        return respond(&mut stream, 401, "unauthorized");
    }
    match WebhookEvent::from_slice(&request.body) {
        Ok(event) => print_event(&event),
        Err(e) => eprintln!("accepted a body that is not a delivery: {e}"),
    }
    respond(&mut stream, 200, "ok")
}

fn print_event(event: &WebhookEvent) {
    println!("event: {event}");
    match event.payload() {
        WebhookPayload::Subscription(s) => {
            println!(
                "  subscription {} of company {}: quantity {:?}, status {:?}",
                s.id, s.company_id, s.quantity, s.status
            )
        }
        WebhookPayload::Order(o) => {
            println!("  order {:?} of company {}: {} line items", o.id, o.company_id, o.line_items.len())
        }
        WebhookPayload::Invoice(i) => println!("  invoice {}: total {:?} {:?}", i.id, i.total, i.currency_code),
        WebhookPayload::Company(c) => println!("  company {} ({}): status {:?}", c.id, c.name, c.status),
        WebhookPayload::Other(data) => println!("  data: {data}"),
        other => println!("  {other:?}"),
    }
}

fn self_test_against(port: u16) -> bool {
    let expected = std::env::var("PAX8_WEBHOOK_AUTH").unwrap_or_else(|_| DEMO_AUTHORIZATION.to_owned());
    let checks = [("right header", expected.clone(), 200), ("wrong header", format!("{expected}-wrong"), 401)];
    let mut ok = true;
    for (what, header, want) in checks {
        match post(port, "/pax8/events", ("Authorization", &header), SAMPLE_DELIVERY) {
            Ok(got) if got == want => eprintln!("self-test: {what}: {got} as expected"),
            Ok(got) => {
                eprintln!("self-test: {what}: got {got}, expected {want}");
                ok = false;
            }
            Err(e) => {
                eprintln!("self-test: {what}: {e}");
                ok = false;
            }
        }
    }
    eprintln!("self-test {}", if ok { "passed" } else { "FAILED" });
    ok
}
