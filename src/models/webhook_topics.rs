//! Webhook topics and their filters: what a webhook subscribes to, read in webhooks and
//! deliveries and sent in topic specs and filter updates.

use serde::{Deserialize, Serialize};

use super::common::{null_as_empty, wire_enum};
use crate::models::ids::WebhookTopicId;

wire_enum! {
    /// Comparison of a filter condition.
    pub enum FilterOperator {
        /// The field equals one of the values.
        Equals => "EQUALS",
        /// The field differs from the values.
        NotEquals => "NOT_EQUALS",
        /// The field is greater than the value.
        GreaterThan => "GREATER_THAN",
        /// The field is less than the value.
        LessThan => "LESS_THAN",
        /// The field is one of the values.
        In => "IN",
        /// The field is none of the values.
        NotIn => "NOT_IN",
        /// The field contains the value.
        Contains => "CONTAINS",
    }
}

/// One condition of a filter: `field` compared with `operator` to `value`. Read in webhook
/// topics and sent in topic specs and filter updates (the spec's `FilterCondition` and
/// `UpdateFilterCondition`, which have the same shape).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct FilterCondition {
    /// Path of the field in the event, e.g. `companyId`.
    pub field: String,
    /// The comparison.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operator: Option<FilterOperator>,
    /// The values compared with (at least one).
    #[serde(deserialize_with = "null_as_empty")]
    pub value: Vec<String>,
}

impl FilterCondition {
    /// A condition with its operator and values.
    pub fn new<I, S>(field: impl Into<String>, operator: FilterOperator, values: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        FilterCondition {
            field: field.into(),
            operator: Some(operator),
            value: values.into_iter().map(Into::into).collect(),
        }
    }

    /// `field` equals `value`.
    pub fn equals(field: impl Into<String>, value: impl Into<String>) -> Self {
        Self::new(field, FilterOperator::Equals, [value])
    }

    /// `field` differs from `value`.
    pub fn not_equals(field: impl Into<String>, value: impl Into<String>) -> Self {
        Self::new(field, FilterOperator::NotEquals, [value])
    }

    /// `field` is greater than `value`.
    pub fn greater_than(field: impl Into<String>, value: impl Into<String>) -> Self {
        Self::new(field, FilterOperator::GreaterThan, [value])
    }

    /// `field` is less than `value`.
    pub fn less_than(field: impl Into<String>, value: impl Into<String>) -> Self {
        Self::new(field, FilterOperator::LessThan, [value])
    }

    /// `field` is one of `values`.
    pub fn one_of<I: IntoIterator<Item = S>, S: Into<String>>(field: impl Into<String>, values: I) -> Self {
        Self::new(field, FilterOperator::In, values)
    }

    /// `field` is none of `values`.
    pub fn none_of<I: IntoIterator<Item = S>, S: Into<String>>(field: impl Into<String>, values: I) -> Self {
        Self::new(field, FilterOperator::NotIn, values)
    }

    /// `field` contains `value`.
    pub fn contains(field: impl Into<String>, value: impl Into<String>) -> Self {
        Self::new(field, FilterOperator::Contains, [value])
    }

    /// What is wrong with this condition before it is sent, if anything.
    pub(crate) fn problem(&self) -> Option<String> {
        if self.field.trim().is_empty() {
            return Some("a filter condition needs a field".to_owned());
        }
        if self.operator.is_none() {
            return Some(format!("the filter condition on `{}` needs an operator", self.field));
        }
        if self.value.is_empty() {
            return Some(format!("the filter condition on `{}` has no values", self.field));
        }
        None
    }
}

/// A filter of a topic: events of `action` that meet all `conditions` (the spec's
/// `WebhookFilter`, read, and `UpdateWebhookFilter`, sent: the same shape).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct WebhookFilter {
    /// The action filtered on (see the topic definition's available filters).
    pub action: String,
    /// Conditions that must all hold.
    #[serde(deserialize_with = "null_as_empty")]
    pub conditions: Vec<FilterCondition>,
}

impl WebhookFilter {
    /// A filter on `action`, with no conditions yet.
    pub fn new(action: impl Into<String>) -> Self {
        WebhookFilter { action: action.into(), conditions: Vec::new() }
    }

    /// Adds a condition.
    pub fn condition(mut self, condition: FilterCondition) -> Self {
        self.conditions.push(condition);
        self
    }

    /// What is wrong with this filter before it is sent, if anything.
    pub(crate) fn problem(&self) -> Option<String> {
        if self.action.trim().is_empty() {
            return Some("a filter needs an action".to_owned());
        }
        self.conditions.iter().find_map(FilterCondition::problem)
    }
}

pub(crate) fn filters_problem(filters: &[WebhookFilter]) -> Option<String> {
    filters.iter().find_map(WebhookFilter::problem)
}

/// A topic a webhook subscribes to, with its filters.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
#[non_exhaustive]
pub struct WebhookTopic {
    /// Id of this subscription to the topic (used to remove it or change its filters).
    pub id: WebhookTopicId,
    /// The topic name.
    pub topic: String,
    /// Filters.
    #[serde(deserialize_with = "null_as_empty")]
    pub filters: Vec<WebhookFilter>,
}
