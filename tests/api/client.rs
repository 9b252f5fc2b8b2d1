//! The client itself: headers on the wire, configuration from the environment.

use mockito::Matcher;
use uuid::uuid;

use crate::common::{builder, fixture, server};

const ID: uuid::Uuid = uuid!("a4dfc6bf-f02e-4a79-9844-66ba6c02ec3a");

#[test]
fn requests_carry_user_agent_accept_and_bearer() {
    let mut s = server();
    let m = s
        .mock("GET", &*format!("/v1/companies/{ID}"))
        .match_header("user-agent", concat!("pax8-rs/", env!("CARGO_PKG_VERSION")))
        .match_header("accept", "application/json")
        .match_header("authorization", "Bearer test-token")
        .with_body(fixture("company-0"))
        .expect(1)
        .create();
    crate::common::client(&s).companies().get(ID).send().unwrap();
    m.assert();
}

#[test]
fn the_user_agent_names_the_caller_before_the_sdk() {
    let mut s = server();
    let ua = concat!("billing-export/2.1 pax8-rs/", env!("CARGO_PKG_VERSION"));
    let m = s.mock("GET", Matcher::Any).match_header("user-agent", ua).with_body(fixture("company-0")).create();
    let c = builder(&s).access_token("t").user_agent("billing-export/2.1").build().unwrap();
    c.companies().get(ID).send().unwrap();
    m.assert();
}

/// Child half of `from_env_reads_the_pax8_variables`.
#[test]
#[ignore = "child half of from_env_reads_the_pax8_variables, which runs it"]
fn from_env_child() {
    if std::env::var_os("PAX8_TEST_FROM_ENV").is_none() {
        return;
    }
    let c = pax8::Client::builder_from_env().no_proxy().no_token_cache().build().unwrap();
    c.companies().get(ID).send().unwrap();
}

#[test]
fn from_env_reads_the_pax8_variables() {
    let mut s = server();
    let token = s
        .mock("POST", "/custom/token")
        .match_body(Matcher::Json(serde_json::json!({
            "client_id": "env-id", "client_secret": "env-secret", "audience": "api://p8p.client",
            "grant_type": "client_credentials"
        })))
        .with_body(r#"{"access_token":"env-token","expires_in":86400}"#)
        .expect(1)
        .create();
    let api = s
        .mock("GET", &*format!("/v1/companies/{ID}"))
        .match_header("authorization", "Bearer env-token")
        .with_body(fixture("company-0"))
        .expect(1)
        .create();
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["client::from_env_child", "--exact", "--ignored"])
        .env("PAX8_TEST_FROM_ENV", "1")
        .env("PAX8_CLIENT_ID", "env-id")
        .env("PAX8_CLIENT_SECRET", "env-secret")
        .env("PAX8_AUDIENCE", "api://p8p.client")
        .env("PAX8_TOKEN_URL", format!("{}/custom/token", s.url()))
        .env("PAX8_BASE_URL", s.url())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && stdout.contains("1 passed"), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
    token.assert();
    api.assert();
}

/// Child half of `from_env_without_credentials_is_a_config_error`.
#[test]
#[ignore = "child half of from_env_without_credentials_is_a_config_error, which runs it"]
fn from_env_missing_child() {
    if std::env::var_os("PAX8_TEST_FROM_ENV_MISSING").is_none() {
        return;
    }
    let err = pax8::Client::from_env().unwrap_err();
    assert!(matches!(err, pax8::Error::Config(_)), "{err:?}");
    assert!(err.to_string().contains("PAX8_CLIENT_ID") && err.to_string().contains("PAX8_CLIENT_SECRET"), "{err}");
}

#[test]
fn from_env_without_credentials_is_a_config_error() {
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["client::from_env_missing_child", "--exact", "--ignored"])
        .env("PAX8_TEST_FROM_ENV_MISSING", "1")
        .env_remove("PAX8_CLIENT_ID")
        .env_remove("PAX8_CLIENT_SECRET")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success() && stdout.contains("1 passed"), "{stdout}\n{}", String::from_utf8_lossy(&out.stderr));
}
