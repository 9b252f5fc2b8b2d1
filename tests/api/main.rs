//! Integration tests against mockito: one binary, a module per resource.

mod common;

mod auth;
mod client;
mod companies;
mod contacts;
mod errors;
mod invoices;
mod orders;
mod pagination;
mod products;
mod resilience;
mod subscriptions;
mod testing_kit;
mod usage;
mod webhooks;
