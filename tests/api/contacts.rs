//! Tests: contacts.
