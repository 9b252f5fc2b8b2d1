//! The access list of a quote: who may see it.

use crate::models::common::checked_model;
use serde::{Deserialize, Serialize};

use crate::models::common::{null_as_empty, wire_enum};
use crate::models::ids::{AccessListEntryId, UserId};

wire_enum! {
    /// The kind of account on an access list.
    pub enum AccessAccountType {
        /// A partner user.
        User => "user",
        /// A contact of the client.
        Contact => "contact",
        /// Anyone else, by email.
        Guest => "guest",
    }
}

checked_model! {
    /// One entry of a quote's access list.
    ///
    /// `accountRole` is a free string in the spec (no values listed), so it stays a `String`.
    #[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
    #[serde(rename_all = "camelCase", default)]
    #[non_exhaustive]
    pub struct AccessListEntry {
        /// Entry id.
        pub id: AccessListEntryId,
        /// Email.
        pub email: String,
        /// The link this person opens the quote with.
        pub link: String,
        /// Kind of account.
        pub account_type: Option<AccessAccountType>,
        /// Account name.
        pub account_name: Option<String>,
        /// Account role.
        pub account_role: Option<String>,
        /// The partner user, for `user` entries.
        pub user_id: Option<UserId>,
    }
    "access list entry"
}

/// A quote's access list: `{"accessList": [...]}` (the handle answers the list inside).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub(crate) struct AccessList {
    /// The entries.
    #[serde(deserialize_with = "null_as_empty")]
    pub(crate) access_list: Vec<AccessListEntry>,
}

/// An entry to add to a quote's access list (the spec's `AddAccessListEntryPayload`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NewAccessListEntry {
    email: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    account_type: Option<AccessAccountType>,
    #[serde(skip_serializing_if = "Option::is_none")]
    account_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    account_role: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_id: Option<UserId>,
}

impl NewAccessListEntry {
    /// Access for `email`.
    pub fn new(email: impl Into<String>) -> Self {
        NewAccessListEntry {
            email: email.into(),
            account_type: None,
            account_name: None,
            account_role: None,
            user_id: None,
        }
    }

    /// The kind of account.
    pub fn account_type(mut self, kind: AccessAccountType) -> Self {
        self.account_type = Some(kind);
        self
    }

    /// The account name.
    pub fn account_name(mut self, name: impl Into<String>) -> Self {
        self.account_name = Some(name.into());
        self
    }

    /// The account role.
    pub fn account_role(mut self, role: impl Into<String>) -> Self {
        self.account_role = Some(role.into());
        self
    }

    /// The partner user.
    pub fn user_id(mut self, id: impl Into<UserId>) -> Self {
        self.user_id = Some(id.into());
        self
    }

    /// Refuses an email that is empty or has no `@`.
    pub(crate) fn check(&self) -> Option<String> {
        let e = self.email.trim();
        (e.is_empty() || !e.contains('@')).then(|| format!("an access list entry needs an email, got {:?}", self.email))
    }
}
