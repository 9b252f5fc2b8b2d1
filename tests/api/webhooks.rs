//! Webhooks API v2: every operation on the wire (`/api/v2/...`), decoded from the fixtures;
//! topic names taken from the topic-definitions fixture; bad input refused with zero requests.

use std::sync::{Arc, Mutex};

use mockito::Matcher;
use pax8::models::Timestamp;
use pax8::models::{
    Authorization, FilterCondition, FilterOperator, TopicDefinition, TopicDefinitionSort, Webhook,
    WebhookDeliveryStatus, WebhookFilter, WebhookLog, WebhookLogSort, WebhookSort, WebhookTopicSpec,
};
use pax8::{Error, Page, SortDirection};
use serde_json::{Value, json};
use time::macros::{date, datetime};
use uuid::{Uuid, uuid};

use crate::common::{
    Attempts, TOKEN, assert_json_covers, builder, client, expect_no_requests, fixture, fixture_json, mock_json, server,
};

/// The webhook of the fixtures.
const ID: Uuid = uuid!("5d2a6f0e-3b1c-4c8e-9f7a-1e2d3c4b5a69");
/// Its first topic (`subscription.updated`).
const TOPIC_ID: Uuid = uuid!("a1b2c3d4-e5f6-4789-8abc-def012345678");
/// The log of `log.json`.
const LOG_ID: Uuid = uuid!("b7e6d5c4-b3a2-4190-8f7e-6d5c4b3a2918");

fn webhook_body() -> String {
    fixture("webhooks/webhook")
}

/// The topic definitions of the fixture: where every topic name and filter of these tests
/// comes from.
fn definitions() -> Vec<TopicDefinition> {
    serde_json::from_str::<Page<TopicDefinition>>(&fixture("webhooks/topic-definitions-page")).unwrap().items
}

/// The name of the `i`-th topic definition.
fn topic(i: usize) -> String {
    definitions()[i].topic.clone()
}

/// A filter built from the first filter the `i`-th topic offers: its action, and its first
/// condition's field with the first operator and example value the definition gives.
fn offered_filter(i: usize) -> (WebhookFilter, Value) {
    let def = &definitions()[i].available_filters[0];
    let cond = &def.conditions[0];
    let value = cond.value.clone().unwrap();
    let filter = WebhookFilter::new(&def.action).condition(FilterCondition::new(
        &cond.field,
        cond.operators[0].clone(),
        [value.clone()],
    ));
    let wire = json!({"action": def.action, "conditions": [
        {"field": cond.field, "operator": cond.operators[0].as_str(), "value": [value]}
    ]});
    (filter, wire)
}

fn path(rest: &str) -> String {
    format!("/api/v2/webhooks{rest}")
}

/// A mock of a request with a JSON body, answering 200 with `answer`.
fn mock_body(s: &mut mockito::ServerGuard, method: &str, at: &str, body: Value, answer: &str) -> mockito::Mock {
    mock_json(s, method, at, None, 200, answer)
        .match_header("content-type", Matcher::Regex("^application/json".into()))
        .match_body(Matcher::Json(body))
        .expect(1)
        .create()
}

/// The webhook fixture with some fields replaced.
fn webhook_with(changes: Value) -> String {
    let mut w = fixture_json("webhooks/webhook");
    for (k, v) in changes.as_object().unwrap() {
        w[k] = v.clone();
    }
    w.to_string()
}

#[test]
fn list_sends_every_filter_and_sort_and_reads_the_nested_page() {
    let mut s = server();
    let account = uuid!("0f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a");
    let topic = topic(0);
    let m = mock_json(
        &mut s,
        "GET",
        &path(""),
        Some(&format!(
            "query=PSA%20sync&active=true&topic={topic}&status=SUCCESS&accountId={account}&sort=createdAt:desc\
             &page=0&size=2"
        )),
        200,
        &fixture("webhooks/webhooks-page"),
    )
    .expect(1)
    .create();
    let page = client(&s)
        .webhooks()
        .list()
        .query("PSA sync")
        .active(true)
        .topic(&topic)
        .status(WebhookDeliveryStatus::Success)
        .account_id(account)
        .sort(WebhookSort::CreatedAt, SortDirection::Desc)
        .page(0)
        .page_size(2)
        .send()
        .unwrap();
    m.assert();
    assert_eq!((page.number, page.size, page.total_elements, page.total_pages), (0, 2, 3, 2));
    assert_json_covers(
        &serde_json::to_value(&page.items[0]).unwrap(),
        &fixture_json("webhooks/webhooks-page")["content"][0],
    );
    assert_eq!(page.items[0].webhook_topics[0].topic, topic);
    assert_eq!(page.items[1].display_name, "Billing export");
    assert_eq!(page.items[1].last_delivery_status, Some(WebhookDeliveryStatus::Other("THROTTLED".into())));
}

#[test]
fn list_pages_and_items_walk_two_pages() {
    let mut s = server();
    let last = json!({
        "content": [serde_json::from_str::<Value>(&webhook_with(json!({
            "id": "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a", "displayName": "Ticket bridge"
        }))).unwrap()],
        "page": {"number": 1, "size": 2, "totalElements": 3, "totalPages": 2}
    });
    let first =
        mock_json(&mut s, "GET", &path(""), Some("active=true&page=0&size=2"), 200, &fixture("webhooks/webhooks-page"))
            .expect(3)
            .create();
    let second = mock_json(&mut s, "GET", &path(""), Some("active=true&page=1&size=2"), 200, &last.to_string())
        .expect(2)
        .create();
    let list = || client(&s).webhooks().list().active(true).page(0).page_size(2);

    let one = list().send().unwrap();
    assert_eq!(one.items.len(), 2);
    let pages: Vec<Page<Webhook>> = list().pages().map(Result::unwrap).collect();
    assert_eq!(pages.iter().map(|p| (p.number, p.items.len())).collect::<Vec<_>>(), [(0, 2), (1, 1)]);
    let names: Vec<String> = list().items().map(|w| w.unwrap().display_name).collect();
    assert_eq!(names, ["PSA sync", "Billing export", "Ticket bridge"]);
    first.assert();
    second.assert();
}

#[test]
fn create_sends_the_body_and_decodes_the_webhook() {
    let mut s = server();
    let (topic, second) = (topic(0), topic(1));
    let (filter, filter_wire) = offered_filter(0);
    let body = json!({
        "displayName": "PSA sync",
        "url": "https://psa.example.com/pax8/events",
        "authorization": "Bearer s3cr3t-demo",
        "active": true,
        "contactEmail": "ops@example.com",
        "errorThreshold": 5,
        "webhookTopics": [
            {"topic": topic, "filters": [filter_wire]},
            {"topic": second, "filters": []}
        ]
    });
    let m = mock_body(&mut s, "POST", &path(""), body, &webhook_body());
    let created = client(&s)
        .webhooks()
        .create()
        .display_name("PSA sync")
        .url("https://psa.example.com/pax8/events")
        .authorization("Bearer s3cr3t-demo")
        .active(true)
        .contact_email("ops@example.com")
        .error_threshold(5)
        .topic(WebhookTopicSpec::new(&topic).filter(filter))
        .topic(WebhookTopicSpec::new(&second))
        .send()
        .unwrap();
    m.assert();
    assert_eq!(created.id, ID);
    assert_eq!(created.authorization.as_ref().map(Authorization::expose), Some("Bearer s3cr3t-demo"));
    assert_eq!(created.webhook_topics.iter().map(|t| t.topic.clone()).collect::<Vec<_>>(), [topic, second]);
}

#[test]
fn create_for_a_loopback_receiver_may_use_http() {
    let mut s = server();
    let body = json!({"displayName": "local", "url": "http://127.0.0.1:8787/hook", "integrationId": ID});
    let m = mock_body(&mut s, "POST", &path(""), body, &webhook_body());
    client(&s)
        .webhooks()
        .create()
        .display_name("local")
        .url("http://127.0.0.1:8787/hook")
        .integration_id(ID)
        .send()
        .unwrap();
    m.assert();
}

#[test]
fn get_decodes_the_fixture() {
    let mut s = server();
    let m = mock_json(&mut s, "GET", &path(&format!("/{ID}")), None, 200, &webhook_body()).expect(1).create();
    let w = client(&s).webhooks().get(ID).send().unwrap();
    m.assert();
    assert_json_covers(&serde_json::to_value(&w).unwrap(), &fixture_json("webhooks/webhook"));
    assert_eq!(w.updated_at, Some(Timestamp::DateTime(datetime!(2025-02-01 12:00:00.5 UTC))));
    assert_eq!(w.webhook_topics[0].filters[0].conditions[0].operator, Some(FilterOperator::In));
}

#[test]
fn delete_sends_delete_and_reads_204() {
    let mut s = server();
    let m = mock_json(&mut s, "DELETE", &path(&format!("/{ID}")), None, 204, "").expect(1).create();
    client(&s).webhooks().delete(ID).send().unwrap();
    m.assert();
}

#[test]
fn update_reads_then_sends_the_merged_configuration() {
    let mut s = server();
    let read = mock_json(&mut s, "GET", &path(&format!("/{ID}")), None, 200, &webhook_body()).expect(1).create();
    // The fields not set (display name, authorization, contact email) keep their values.
    let merged = json!({
        "displayName": "PSA sync",
        "url": "https://psa.example.com/pax8/v2/events",
        "authorization": "Bearer s3cr3t-demo",
        "contactEmail": "ops@example.com",
        "errorThreshold": 8
    });
    let answer = webhook_with(json!({"url": "https://psa.example.com/pax8/v2/events", "errorThreshold": 8}));
    let write = mock_body(&mut s, "POST", &path(&format!("/{ID}/configuration")), merged, &answer);
    let attempts = Attempts::default();
    let c = attempts.install(builder(&s).access_token(TOKEN)).build().unwrap();
    let updated =
        c.webhooks().update(ID).url("https://psa.example.com/pax8/v2/events").error_threshold(8).send().unwrap();
    read.assert();
    write.assert();
    let order: Vec<(&str, String)> = attempts.all().into_iter().map(|a| (a.method, a.path)).collect();
    assert_eq!(
        order,
        [("GET", path(&format!("/{ID}"))), ("POST", path(&format!("/{ID}/configuration")))],
        "the read comes first"
    );
    assert_eq!(updated.url.as_deref(), Some("https://psa.example.com/pax8/v2/events"));
    assert_eq!(updated.error_threshold, Some(8));
}

#[test]
fn update_with_every_field_set_skips_the_read() {
    let mut s = server();
    let read = mock_json(&mut s, "GET", &path(&format!("/{ID}")), None, 200, &webhook_body()).expect(0).create();
    let body = json!({
        "displayName": "Renamed",
        "url": "https://n.example.com/h",
        "authorization": "Bearer new",
        "contactEmail": "new@example.com",
        "errorThreshold": 20
    });
    let write = mock_body(&mut s, "POST", &path(&format!("/{ID}/configuration")), body, &webhook_body());
    client(&s)
        .webhooks()
        .update(ID)
        .display_name("Renamed")
        .url("https://n.example.com/h")
        .authorization("Bearer new")
        .contact_email("new@example.com")
        .error_threshold(20)
        .send()
        .unwrap();
    read.assert();
    write.assert();
}

#[test]
fn update_of_an_unknown_webhook_stops_after_the_read() {
    let mut s = server();
    let not_found = r#"{"type":"NOT_FOUND","message":"Webhook not found","status":404}"#;
    let read = mock_json(&mut s, "GET", &path(&format!("/{ID}")), None, 404, not_found).expect(1).create();
    let write = s.mock("POST", Matcher::Any).expect(0).create();
    let err = client(&s).webhooks().update(ID).contact_email("x@example.com").send().unwrap_err();
    read.assert();
    write.assert();
    assert!(err.is_not_found(), "{err:?}");
}

/// A webhook server that behaves as the spec says: `POST .../configuration` replaces the
/// whole configuration (a field not sent is cleared), and `GET` does not echo the
/// `authorization` secret. Returns the mocks and the stored webhook.
fn replacing_server(s: &mut mockito::ServerGuard) -> (mockito::Mock, mockito::Mock, Arc<Mutex<Value>>) {
    let stored = Arc::new(Mutex::new(fixture_json("webhooks/webhook")));
    let state = stored.clone();
    let read = s
        .mock("GET", path(&format!("/{ID}")).as_str())
        .with_header("content-type", "application/json")
        .with_body_from_request(move |_| {
            let mut w = state.lock().unwrap().clone();
            w.as_object_mut().unwrap().remove("authorization");
            w.to_string().into_bytes()
        })
        .create();
    let state = stored.clone();
    let write = s
        .mock("POST", path(&format!("/{ID}/configuration")).as_str())
        .with_header("content-type", "application/json")
        .with_body_from_request(move |req| {
            let body: Value = serde_json::from_slice(req.body().unwrap()).unwrap();
            let mut w = state.lock().unwrap();
            for key in ["displayName", "url", "authorization", "contactEmail", "errorThreshold"] {
                match body.get(key) {
                    Some(v) => w[key] = v.clone(),
                    None => {
                        w.as_object_mut().unwrap().remove(key);
                    }
                }
            }
            w.to_string().into_bytes()
        })
        .create();
    (read, write, stored)
}

#[test]
fn update_never_clears_a_secret_the_read_did_not_return() {
    let mut s = server();
    let (read, write, stored) = replacing_server(&mut s);
    let err = client(&s).webhooks().update(ID).error_threshold(9).send().unwrap_err();
    let Error::InvalidInput(why) = &err else { panic!("{err:?}") };
    assert_eq!(
        why,
        "refusing to replace the webhook configuration: the current `authorization` was not returned by \
         GET /webhooks/{id}, so the replacement would clear it; set it with .authorization(..) to keep it, \
         or call .clear_authorization() to clear it on purpose"
    );
    assert!(!err.to_string().contains("s3cr3t"), "{err}");
    read.expect(1).assert();
    write.expect(0).assert();
    assert_eq!(stored.lock().unwrap()["authorization"], "Bearer s3cr3t-demo", "the secret is still there");
}

#[test]
fn update_keeps_what_it_read_and_sets_or_clears_the_rest_on_purpose() {
    let mut s = server();
    let (_read, _write, stored) = replacing_server(&mut s);
    // Set: the secret is sent, the other fields kept from the read.
    client(&s).webhooks().update(ID).authorization("Bearer n3w").error_threshold(9).send().unwrap();
    let w = stored.lock().unwrap().clone();
    assert_eq!(
        (&w["displayName"], &w["url"], &w["authorization"], &w["contactEmail"], &w["errorThreshold"]),
        (
            &json!("PSA sync"),
            &json!("https://psa.example.com/pax8/events"),
            &json!("Bearer n3w"),
            &json!("ops@example.com"),
            &json!(9)
        )
    );
    // Cleared on purpose: the secret and the email go, the rest stays.
    client(&s).webhooks().update(ID).clear_authorization().clear_contact_email().send().unwrap();
    let w = stored.lock().unwrap().clone();
    assert_eq!(w.get("authorization"), None);
    assert_eq!(w.get("contactEmail"), None);
    assert_eq!((&w["url"], &w["errorThreshold"]), (&json!("https://psa.example.com/pax8/events"), &json!(9)));
    // Now the read lacks the email too: a change of the URL is refused until both are decided.
    let err =
        client(&s).webhooks().update(ID).url("https://psa.example.com/v3").clear_authorization().send().unwrap_err();
    assert!(err.to_string().contains("`contactEmail`") && err.to_string().contains(".clear_contact_email()"), "{err}");
    assert_eq!(stored.lock().unwrap()["url"], "https://psa.example.com/pax8/events");
}

#[test]
fn set_active_posts_the_status() {
    let mut s = server();
    let m = mock_body(
        &mut s,
        "POST",
        &path(&format!("/{ID}/status")),
        json!({"active": false}),
        &webhook_with(json!({"active": false})),
    );
    let w = client(&s).webhooks().set_active(ID, false).send().unwrap();
    m.assert();
    assert!(!w.active);
}

#[test]
fn add_topic_posts_a_topic_with_the_filters_it_offers() {
    let mut s = server();
    let topic = topic(1);
    let (filter, filter_wire) = offered_filter(1);
    let m = mock_body(
        &mut s,
        "POST",
        &path(&format!("/{ID}/topics")),
        json!({"topic": topic, "filters": [filter_wire]}),
        &webhook_body(),
    );
    let w = client(&s).webhooks().add_topic(ID, WebhookTopicSpec::new(&topic).filter(filter)).send().unwrap();
    m.assert();
    assert!(w.webhook_topics.iter().any(|t| t.topic == topic));
}

#[test]
fn replace_topics_puts_every_topic() {
    let mut s = server();
    let names: Vec<String> = definitions().into_iter().map(|d| d.topic).take(3).collect();
    let wire: Vec<Value> = names.iter().map(|t| json!({"topic": t, "filters": []})).collect();
    let answer = webhook_with(json!({"webhookTopics": names.iter().enumerate().map(|(i, t)| json!({
        "id": Uuid::from_u128(i as u128 + 1), "topic": t, "filters": []
    })).collect::<Vec<_>>()}));
    let m = mock_body(&mut s, "PUT", &path(&format!("/{ID}/topics")), json!({"webhookTopics": wire}), &answer);
    let w = client(&s).webhooks().replace_topics(ID, names.iter().map(WebhookTopicSpec::new)).send().unwrap();
    m.assert();
    assert_eq!(w.webhook_topics.iter().map(|t| t.topic.clone()).collect::<Vec<_>>(), names);
    assert_eq!(w.webhook_topics[2].id, Uuid::from_u128(3));
}

#[test]
fn remove_topic_deletes_by_topic_id() {
    let mut s = server();
    let m = mock_json(&mut s, "DELETE", &path(&format!("/{ID}/topics/{TOPIC_ID}")), None, 204, "").expect(1).create();
    client(&s).webhooks().remove_topic(ID, TOPIC_ID).send().unwrap();
    m.assert();
}

#[test]
fn update_topic_filters_posts_the_new_filters() {
    let mut s = server();
    let (filter, filter_wire) = offered_filter(0);
    let def = &definitions()[0].available_filters[0];
    let second = &def.conditions[1];
    let more = FilterCondition::new(&second.field, second.operators[1].clone(), ["3"]);
    let mut wire = filter_wire;
    wire["conditions"].as_array_mut().unwrap().push(json!({
        "field": second.field, "operator": second.operators[1].as_str(), "value": ["3"]
    }));
    let m = mock_body(
        &mut s,
        "POST",
        &path(&format!("/{ID}/topics/{TOPIC_ID}/configuration")),
        json!({"filters": [wire]}),
        &webhook_body(),
    );
    let w = client(&s).webhooks().update_topic_filters(ID, TOPIC_ID, vec![filter.condition(more)]).send().unwrap();
    m.assert();
    assert_eq!(w.webhook_topics[0].id, TOPIC_ID);
}

#[test]
fn test_topic_posts_without_a_body_and_decodes_the_test() {
    let mut s = server();
    let topic = topic(1);
    let m = mock_json(
        &mut s,
        "POST",
        &path(&format!("/{ID}/topics/{topic}/test")),
        None,
        200,
        &fixture("webhooks/test-result"),
    )
    .match_body(Matcher::Exact(String::new()))
    .expect(1)
    .create();
    let t = client(&s).webhooks().test_topic(ID, &topic).send().unwrap();
    m.assert();
    assert_eq!(t.url, "https://psa.example.com/pax8/events");
    assert_eq!(t.webhook.id, ID);
    let sample = t.sample_payload.clone().unwrap();
    assert_eq!(sample.topic_name(), Some(topic.as_str()));
    assert_eq!(sample.event().unwrap().payload_data().unwrap()["orderedBy"], "Pax8Partner");
}

#[test]
fn logs_send_every_filter_and_sort() {
    let mut s = server();
    let topic = topic(0);
    let m = mock_json(
        &mut s,
        "GET",
        &path(&format!("/{ID}/logs")),
        Some(&format!(
            "topicName={topic}&status=FAILED&startDate=2025-03-01&endDate=2025-03-31&query=Service%20Unavailable\
             &sort=finalStatus:asc&page=1&size=10"
        )),
        200,
        &fixture("webhooks/logs-page"),
    )
    .expect(1)
    .create();
    let page = client(&s)
        .webhooks()
        .logs(ID)
        .topic_name(&topic)
        .status(WebhookDeliveryStatus::Failed)
        .start_date(date!(2025 - 03 - 01))
        .end_date(date!(2025 - 03 - 31))
        .query("Service Unavailable")
        .sort(WebhookLogSort::FinalStatus, SortDirection::Asc)
        .page(1)
        .page_size(10)
        .send()
        .unwrap();
    m.assert();
    assert_eq!((page.number, page.size, page.total_elements, page.total_pages), (1, 10, 12, 2));
    assert_json_covers(&serde_json::to_value(&page.items).unwrap(), &fixture_json("webhooks/logs-page")["content"]);
    assert_eq!(page.items[0].call_history[0].payload.as_ref().unwrap().topic_name(), Some(topic.as_str()));
}

#[test]
fn logs_take_a_date_time_window() {
    let mut s = server();
    let m = mock_json(
        &mut s,
        "GET",
        &path(&format!("/{ID}/logs")),
        Some("startDate=2025-03-01T08:30:00Z&endDate=2025-03-02T17:00:00.5-06:00&query=timeout&size=10"),
        200,
        &fixture("webhooks/logs-page"),
    )
    .expect(1)
    .create();
    client(&s)
        .webhooks()
        .logs(ID)
        .start_date(datetime!(2025-03-01 08:30 UTC))
        .end_date(datetime!(2025-03-02 17:00:00.5 -6))
        .query("timeout")
        .page_size(10)
        .send()
        .unwrap();
    m.assert();
}

/// A server that applies its own page size of 50 whatever `size` asks for, as a server with a
/// lower cap than the SDK's 200 would.
#[test]
fn logs_walk_every_item_once_when_the_server_caps_the_page_lower() {
    let mut s = server();
    let total = 120usize;
    let ids: Vec<String> = (0..total).map(|i| format!("00000000-0000-4000-8000-{i:012}")).collect();
    let mut mocks = Vec::new();
    for page in 0..3 {
        let content: Vec<Value> = ids[page * 50..((page + 1) * 50).min(total)]
            .iter()
            .map(|id| json!({"id": id, "webhookId": ID, "webhookName": "PSA sync"}))
            .collect();
        let body =
            json!({"content": content, "page": {"number": page, "size": 50, "totalElements": total, "totalPages": 3}});
        mocks.push(
            mock_json(
                &mut s,
                "GET",
                &path(&format!("/{ID}/logs")),
                Some(&format!("page={page}&size=200")),
                200,
                &body.to_string(),
            )
            .expect(1)
            .create(),
        );
    }
    let got: Vec<String> = client(&s).webhooks().logs(ID).items().map(|l| l.unwrap().id.to_string()).collect();
    for m in mocks {
        m.assert();
    }
    assert_eq!(got, ids);
}

#[test]
fn logs_items_walk_two_pages() {
    let mut s = server();
    let log = fixture_json("webhooks/log");
    let first: Vec<Value> = (0..10u128)
        .map(|i| {
            let mut l = log.clone();
            l["id"] = json!(Uuid::from_u128(i + 1));
            l
        })
        .collect();
    let page0 = json!({"content": first, "page": {"number": 0, "size": 10, "totalElements": 12, "totalPages": 2}});
    let logs = path(&format!("/{ID}/logs"));
    let m0 = mock_json(&mut s, "GET", &logs, Some("status=FAILED&page=0&size=10"), 200, &page0.to_string())
        .expect(1)
        .create();
    let m1 = mock_json(&mut s, "GET", &logs, Some("status=FAILED&page=1&size=10"), 200, &fixture("webhooks/logs-page"))
        .expect(1)
        .create();
    let all: Vec<WebhookLog> = client(&s)
        .webhooks()
        .logs(ID)
        .status(WebhookDeliveryStatus::Failed)
        .page_size(10)
        .items()
        .map(Result::unwrap)
        .collect();
    m0.assert();
    m1.assert();
    assert_eq!(all.len(), 12);
    assert_eq!(all[9].id, Uuid::from_u128(10));
    assert_eq!(all[10].id, LOG_ID);
    assert_eq!(all[11].final_status, Some(WebhookDeliveryStatus::Pending));
}

#[test]
fn log_decodes_its_call_history() {
    let mut s = server();
    let m = mock_json(&mut s, "GET", &path(&format!("/{ID}/logs/{LOG_ID}")), None, 200, &fixture("webhooks/log"))
        .expect(1)
        .create();
    let log = client(&s).webhooks().log(ID, LOG_ID).send().unwrap();
    m.assert();
    assert_json_covers(&serde_json::to_value(&log).unwrap(), &fixture_json("webhooks/log"));
    assert_eq!(log.final_status, Some(WebhookDeliveryStatus::Failed));
    let calls: Vec<_> = log.call_history.iter().map(|c| (c.status.clone(), c.http_status_code)).collect();
    assert_eq!(
        calls,
        [(Some(WebhookDeliveryStatus::Retrying), Some(503)), (Some(WebhookDeliveryStatus::Failed), None)]
    );
}

#[test]
fn retry_delivery_posts_once_and_reads_202() {
    let mut s = server();
    let m = mock_json(&mut s, "POST", &path(&format!("/{ID}/logs/{LOG_ID}/retry")), None, 202, "")
        .match_body(Matcher::Exact(String::new()))
        .expect(1)
        .create();
    client(&s).webhooks().retry_delivery(ID, LOG_ID).send().unwrap();
    m.assert();
}

#[test]
fn topic_definitions_read_the_flat_page_over_two_pages() {
    let mut s = server();
    let all = fixture_json("webhooks/topic-definitions-page")["content"].as_array().unwrap().clone();
    let flat = |number: u32, items: &[Value]| {
        json!({"content": items, "number": number, "size": 3, "totalElements": 5, "totalPages": 2}).to_string()
    };
    let defs = path("/topic-definitions");
    let q = |page: u32| format!("search=d&sort=topic:desc&page={page}&size=3");
    let m0 = mock_json(&mut s, "GET", &defs, Some(&q(0)), 200, &flat(0, &all[..3])).expect(2).create();
    let m1 = mock_json(&mut s, "GET", &defs, Some(&q(1)), 200, &flat(1, &all[3..])).expect(1).create();
    let list = || {
        client(&s)
            .webhooks()
            .topic_definitions()
            .search("d")
            .sort(TopicDefinitionSort::Topic, SortDirection::Desc)
            .page(0)
            .page_size(3)
    };
    let first = list().send().unwrap();
    assert_eq!((first.number, first.size, first.total_elements, first.total_pages), (0, 3, 5, 2));
    let topics: Vec<String> = list().items().map(|d| d.unwrap().topic).collect();
    m0.assert();
    m1.assert();
    let expected: Vec<String> = definitions().into_iter().map(|d| d.topic).collect();
    assert_eq!(topics, expected);
}

#[test]
fn topic_definitions_filter_by_topic_and_decode_the_sample() {
    let mut s = server();
    let topic = topic(0);
    let m = mock_json(
        &mut s,
        "GET",
        &path("/topic-definitions"),
        Some(&format!("topic={topic}")),
        200,
        &fixture("webhooks/topic-definitions-page"),
    )
    .expect(1)
    .create();
    let page = client(&s).webhooks().topic_definitions().topic(&topic).send().unwrap();
    m.assert();
    assert_eq!((page.number, page.total_pages), (0, 1));
    let def = &page.items[0];
    assert_eq!(def.available_filters[0].conditions[0].operators[0], FilterOperator::Equals);
    assert_eq!(def.sample_payload.as_ref().unwrap().topic_name(), Some(topic.as_str()));
}

#[test]
fn a_404_carries_the_webhooks_error_body() {
    let mut s = server();
    let body = format!(
        r#"{{"type":"NOT_FOUND","message":"Webhook not found","instance":"/api/v2/webhooks/{ID}","status":404}}"#
    );
    mock_json(&mut s, "GET", &path(&format!("/{ID}")), None, 404, &body).expect(1).create();
    let err = client(&s).webhooks().get(ID).send().unwrap_err();
    assert!(err.is_not_found());
    let api = err.api().unwrap();
    assert_eq!(api.endpoint, format!("GET /api/v2/webhooks/{ID}"));
    assert_eq!(api.raw, body);
    let parsed = api.body.as_ref().unwrap();
    assert_eq!(parsed.kind.as_deref(), Some("NOT_FOUND"));
    assert_eq!(parsed.message.as_deref(), Some("Webhook not found"));
}

#[test]
fn a_422_with_details_is_not_retried() {
    let mut s = server();
    let body = r#"{"type":"UNPROCESSABLE_ENTITY","message":"Invalid webhook","status":422,
        "details":[{"type":"VALIDATION","message":"topic order.created already exists","status":422}]}"#;
    let m = mock_json(&mut s, "POST", &path(&format!("/{ID}/topics")), None, 422, body).expect(1).create();
    let err = client(&s).webhooks().add_topic(ID, WebhookTopicSpec::new(topic(1))).send().unwrap_err();
    m.assert();
    assert_eq!(err.status(), Some(422));
    let parsed = err.api().unwrap().body.as_ref().unwrap();
    assert_eq!(parsed.details.len(), 1);
    assert_eq!(parsed.details[0].message.as_deref(), Some("topic order.created already exists"));
    assert!(err.to_string().contains("topic order.created already exists"), "{err}");
}

#[test]
fn a_429_on_a_get_is_retried() {
    let mut s = server();
    let throttled = s
        .mock("GET", &*path(&format!("/{ID}/logs/{LOG_ID}")))
        .with_status(429)
        .with_body(r#"{"type":"TOO_MANY_REQUESTS","message":"slow down","status":429}"#)
        .expect(1)
        .create();
    let ok = mock_json(&mut s, "GET", &path(&format!("/{ID}/logs/{LOG_ID}")), None, 200, &fixture("webhooks/log"))
        .expect(1)
        .create();
    let log = client(&s).webhooks().log(ID, LOG_ID).send().unwrap();
    throttled.assert();
    ok.assert();
    assert_eq!(log.id, LOG_ID);
}

#[test]
fn bad_input_sends_nothing() {
    let mut s = server();
    let none = expect_no_requests(&mut s);
    let w = client(&s).webhooks();
    let invalid = |r: pax8::Result<Webhook>| match r {
        Err(Error::InvalidInput(why)) => why,
        other => panic!("{other:?}"),
    };
    let no_values = FilterCondition::new("companyId", FilterOperator::In, Vec::<String>::new());
    let empty_condition = WebhookFilter::new("CREATED").condition(no_values);

    assert!(invalid(w.create().url("https://psa.example.com").send()).contains("display_name is required"));
    for url in ["http://psa.example.com/hook", "psa.example.com/hook", "https://"] {
        assert!(invalid(w.create().display_name("X").url(url).send()).contains("https://"), "{url}");
    }
    assert!(invalid(w.create().display_name("X").error_threshold(21).send()).contains("at most 20"));
    assert!(invalid(w.create().display_name("X").topic(WebhookTopicSpec::new("")).send()).contains("topic name"));
    let spec = WebhookTopicSpec::new(topic(0)).filter(empty_condition.clone());
    assert!(invalid(w.create().display_name("X").topic(spec.clone()).send()).contains("has no values"));
    assert!(invalid(w.update(ID).send()).contains("sets nothing"));
    assert!(invalid(w.update(ID).display_name(" ").send()).contains("display_name"));
    assert!(invalid(w.update(ID).url("http://example.com").send()).contains("https://"));
    assert!(invalid(w.add_topic(ID, WebhookTopicSpec::new(" ")).send()).contains("topic name"));
    assert!(invalid(w.add_topic(ID, spec).send()).contains("has no values"));
    assert!(
        invalid(w.replace_topics(ID, [WebhookTopicSpec::new(topic(1)), WebhookTopicSpec::new("")]).send())
            .contains("topic name")
    );
    assert!(invalid(w.update_topic_filters(ID, TOPIC_ID, [empty_condition]).send()).contains("has no values"));
    assert!(matches!(w.test_topic(ID, "").send(), Err(Error::InvalidInput(_))));
    assert!(matches!(w.list().page_size(0).send(), Err(Error::InvalidInput(_))));
    assert!(matches!(w.logs(ID).page_size(201).items().next(), Some(Err(Error::InvalidInput(_)))));
    none.assert();
}
