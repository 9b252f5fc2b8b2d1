//! A tiny provisioner: receives Pax8's provision calls, provisions, and records an attempt
//! and a result through the vendor provisioning API. Standard library only for the HTTP side.
//!
//! ```sh
//! PAX8_CLIENT_ID=.. PAX8_CLIENT_SECRET=.. PAX8_PROVISION_SECRET=.. \
//!   cargo run --example provisioner                  # listens on 127.0.0.1:8788
//! cargo run --example provisioner -- 9000            # or on port 9000
//! cargo run --example provisioner -- --self-test     # against the testing kit, then exits
//! ```
//!
//! Each `POST` must carry the provisioner webhook's shared secret in the header the webhook
//! names (`PAX8_PROVISION_HEADER`, default `X-Pax8-Secret`); it is compared in constant time
//! with `PAX8_PROVISION_SECRET` and never printed. A call with a wrong or missing secret gets
//! `401`; a body that is not a provision call `400`. Otherwise the provisioner "provisions"
//! (here: it refuses a company without a domain, with a message a person can act on, and
//! accepts the rest), then records an attempt (`POST .../attempts`) and a result
//! (`POST .../results`, `Success` or `Fail`) and answers `200`.
//!
//! With `--self-test` it runs against [`pax8::testing::MockPax8`] (no account needed): it
//! posts itself a provision call with the right secret and one with a wrong one, and checks
//! the answers (`200`, `401`) and that the attempt and the result reached the mock with the
//! expected bodies. Exits 0 when all holds, 1 otherwise.

use std::net::{Ipv4Addr, TcpListener, TcpStream};
use std::process::ExitCode;

use pax8::Client;
use pax8::models::{ProvisionRequest, ProvisionRequestType, ProvisionStatus};
use pax8::provisioning::{ProvisionCall, shared_secret_matches};
use pax8::testing::{MockPax8, fixtures};

#[path = "support/http.rs"]
mod http;
use http::{IO_TIMEOUT, post, read_request, respond};

const DEFAULT_PORT: u16 = 8788;
const DEFAULT_HEADER: &str = "X-Pax8-Secret";
/// The shared secret of the self-test (a demo value only).
const SELF_TEST_SECRET: &str = "self-test-shared-secret";

/// What the provisioner needs to answer a call.
struct Provisioner {
    client: Client,
    header: String,
    secret: String,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--self-test") {
        return if self_test() { ExitCode::SUCCESS } else { ExitCode::FAILURE };
    }
    let port = match args.iter().find(|a| !a.starts_with("--")).map(|p| p.parse::<u16>()) {
        None => DEFAULT_PORT,
        Some(Ok(p)) => p,
        Some(Err(_)) => {
            eprintln!("not a port number");
            return ExitCode::from(2);
        }
    };
    let (client, secret) = match (Client::from_env(), std::env::var("PAX8_PROVISION_SECRET")) {
        (Ok(c), Ok(s)) if !s.is_empty() => (c, s),
        (Err(e), _) => {
            eprintln!("{e} (or run with --self-test)");
            return ExitCode::from(2);
        }
        _ => {
            eprintln!("set PAX8_PROVISION_SECRET to the webhook's shared secret (or run with --self-test)");
            return ExitCode::from(2);
        }
    };
    let header = std::env::var("PAX8_PROVISION_HEADER").unwrap_or_else(|_| DEFAULT_HEADER.to_owned());
    let listener = match TcpListener::bind((Ipv4Addr::LOCALHOST, port)) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("cannot listen on 127.0.0.1:{port}: {e}");
            return ExitCode::FAILURE;
        }
    };
    eprintln!("listening on http://127.0.0.1:{port}/ (Ctrl-C to stop)");
    let provisioner = Provisioner { client, header, secret };
    for stream in listener.incoming() {
        serve(stream, &provisioner);
    }
    ExitCode::SUCCESS
}

fn serve(stream: std::io::Result<TcpStream>, p: &Provisioner) {
    let result = stream.and_then(|s| {
        s.set_read_timeout(Some(IO_TIMEOUT))?;
        s.set_write_timeout(Some(IO_TIMEOUT))?;
        handle(s, p)
    });
    if let Err(e) = result {
        eprintln!("connection failed: {e}");
    }
}

/// Reads one call, provisions, records the attempt and the result, answers.
fn handle(mut stream: TcpStream, p: &Provisioner) -> std::io::Result<()> {
    let request = match read_request(&stream) {
        Ok(r) => r,
        Err(e) => return respond(&mut stream, 400, &format!("bad request: {e}")),
    };
    if request.method != "POST" {
        return respond(&mut stream, 405, "provision calls are POSTed");
    }
    if !shared_secret_matches(request.header(&p.header), &p.secret) {
        eprintln!("rejected a call: wrong or missing {} header", p.header);
        return respond(&mut stream, 401, "unauthorized");
    }
    let call = match ProvisionCall::from_slice(&request.body) {
        Ok(c) => c,
        Err(e) => return respond(&mut stream, 400, &e.to_string()),
    };
    match record(&p.client, &call) {
        Ok(status) => {
            eprintln!("recorded {status}");
            respond(&mut stream, 200, "ok")
        }
        Err(e) => {
            eprintln!("could not record the outcome: {e}");
            respond(&mut stream, 500, "not recorded")
        }
    }
}

/// "Provisions" `request` in the vendor's system: the vendor's id of the subscription, or
/// why it cannot be done, for a person to act on.
fn provision(request: &ProvisionRequest) -> Result<String, String> {
    match (&request.kind, request.company_domain.as_deref()) {
        (Some(ProvisionRequestType::Deprovision), _) => Ok(format!("removed-{}", request.id.as_uuid().simple())),
        (_, Some(domain)) if !domain.is_empty() => Ok(format!("acme-{}", request.id.as_uuid().simple())),
        _ => Err(format!(
            "{} has no domain on file: add the company's domain in Pax8, then order again.",
            request.company_name.as_deref().unwrap_or("The company")
        )),
    }
}

/// Records an attempt at the call's details and the result of provisioning.
fn record(client: &Client, call: &ProvisionCall) -> pax8::Result<ProvisionStatus> {
    let request = call.request().ok_or_else(|| pax8::Error::InvalidInput("no provisionRequest".into()))?;
    let detail = call.detail().ok_or_else(|| pax8::Error::InvalidInput("no provisionDetail".into()))?;
    println!("provision request {} ({:?}) for {:?}", request.id, request.kind, request.company_name);
    let requests = client.provisioning().requests();
    let attempt = requests.attempts(request.id).create(detail.id).send()?;
    let result = match provision(request) {
        Ok(external_id) => requests
            .results(request.id)
            .create(ProvisionStatus::Success)
            .provision_attempt_id(attempt.id)
            .external_provisioner_subscription_id(external_id),
        Err(message) => requests
            .results(request.id)
            .create(ProvisionStatus::Fail)
            .provision_attempt_id(attempt.id)
            .error_message(message),
    };
    Ok(result.send()?.status.unwrap_or(ProvisionStatus::Other("none".into())))
}

fn self_test() -> bool {
    let mut pax8 = MockPax8::start();
    let event = fixtures::provision_order_event();
    let (request, attempt) = (event.provision_request.clone().unwrap(), fixtures::provision_attempt());
    let attempts = pax8.object("POST", &format!("/v2/provision-requests/{}/attempts", request.id), &attempt);
    let mut result = fixtures::provision_result();
    result.status = Some(ProvisionStatus::Fail);
    let results = pax8.object("POST", &format!("/v2/provision-requests/{}/results", request.id), &result);

    let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("a free loopback port");
    let port = listener.local_addr().expect("bound").port();
    let provisioner =
        Provisioner { client: pax8.client(), header: DEFAULT_HEADER.into(), secret: SELF_TEST_SECRET.into() };
    let server = std::thread::spawn(move || {
        for stream in listener.incoming().take(2) {
            serve(stream, &provisioner);
        }
    });
    let body = fixtures::json::PROVISION_ORDER_EVENT;
    let mut ok = true;
    let mut check = |what: &str, holds: bool| {
        eprintln!("self-test: {what}: {}", if holds { "ok" } else { "FAILED" });
        ok &= holds;
    };
    let right = post(port, "/pax8/provision", (DEFAULT_HEADER, SELF_TEST_SECRET), body);
    check("right secret answered 200", matches!(right, Ok(200)));
    let wrong = post(port, "/pax8/provision", (DEFAULT_HEADER, "not-the-secret"), body);
    check("wrong secret answered 401", matches!(wrong, Ok(401)));
    let _ = server.join();
    let sent_attempts = attempts.requests();
    check(
        "one attempt, at the call's details",
        sent_attempts.len() == 1 && sent_attempts[0].param("provisionDetailId") == Some(&attempt_detail(&event)),
    );
    let sent_results = results.requests();
    // The order event's company has no domain: the result is a Fail a person can act on.
    let expected = serde_json::json!({
        "status": "Fail",
        "provisionAttemptId": attempt.id.to_string(),
        "errorMessage": "Contoso has no domain on file: add the company's domain in Pax8, then order again."
    });
    check("one result, Fail with its message", sent_results.len() == 1 && sent_results[0].json() == expected);
    eprintln!("self-test {}", if ok { "passed" } else { "FAILED" });
    ok
}

/// The detail id the self-test's call carries.
fn attempt_detail(event: &pax8::models::ProvisionOrderEvent) -> String {
    event.provision_detail.as_ref().map(|d| d.id.to_string()).unwrap_or_default()
}
