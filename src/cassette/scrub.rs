//! [`Scrubber`]: what a cassette keeps of a real account's data.
//!
//! Secrets are always removed. Personal data is replaced, by default, with deterministic
//! fakes: the same original always gives the same fake (a SHA-256 of it, no key, no state),
//! so a company's name in a subscription or an invoice still matches the company's own, and
//! a cassette recorded twice comes out the same. Money, ids, dates and enum values are not
//! touched.

use std::fmt;
use std::sync::Arc;

use super::json::Json;

/// What a removed secret reads in a cassette.
pub(crate) const REDACTED: &str = "[scrubbed]";

/// A rule of the user's: called with a member's name and its value.
type Rule = Arc<dyn Fn(&str, &mut serde_json::Value) + Send + Sync>;

/// What recording removes or replaces before anything is written, and what replay applies
/// to a request before it compares its body with the recorded one.
///
/// - **Always removed** (the value becomes `"[scrubbed]"`): members named `authorization`,
///   `client_id`, `client_secret`, `access_token`, `refresh_token`, `id_token`, `token`,
///   `password`, `api_key`, `shared_secret` or ending in `secret` or `password` (in any case,
///   with or without `_` and `-`): webhook `authorization` values, provisioning shared
///   secrets, the token request's credentials and the token itself. The `Authorization`
///   header is never recorded, and the client's own secret, id and tokens are replaced
///   wherever they appear, even inside a text.
/// - **Replaced by default** with a deterministic fake: e-mail addresses (in members named
///   `*email*` and anywhere inside a text), phone numbers (`*phone*` but not the
///   `*code` members beside them, `fax`, `mobile`), person names (`firstName`, `lastName`,
///   `fullName`, `contactName`, `createdBy`, `acceptedBy`, `declinedBy`), company names
///   (`companyName`, `partnerName`, `parentPartnerName`, `clientName`, `customerName`,
///   `accountName`, and `name` in a company: an object with an `address`,
///   `billOnBehalfOfEnabled` or `selfServiceAllowed`, or under `client`, `partner`, `msp`,
///   `company`), street addresses (`street`, `street2`, `address1`, `address2`,
///   `addressLine1`, `addressLine2`), postal codes and websites. A value that is a UUID is
///   never replaced. [`keep_personal_data`](Self::keep_personal_data) keeps them.
/// - **Kept as recorded**: everything else, money, ids, dates, enum values, cities and
///   countries, product names included.
/// - **Your rules** ([`rule`](Self::rule)) run last, on every member.
///
/// ```
/// use pax8::testing::{Recorder, Scrubber};
///
/// let scrubber = Scrubber::new().rule(|name, value| {
///     if name == "externalId" {
///         *value = serde_json::json!("EXT-0001");
///     }
/// });
/// let recorder = Recorder::new("tests/cassettes/companies.json").scrubber(scrubber);
/// # let _ = recorder;
/// ```
#[derive(Clone, Default)]
pub struct Scrubber {
    keep_personal: bool,
    rules: Vec<Rule>,
}

impl fmt::Debug for Scrubber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Scrubber")
            .field("keep_personal_data", &self.keep_personal)
            .field("rules", &self.rules.len())
            .finish()
    }
}

/// The kinds of data a member holds, by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Secret,
    Email,
    Phone,
    FirstName,
    LastName,
    FullName,
    Company,
    Street,
    PostalCode,
    Website,
}

const FIRST: [&str; 16] = [
    "Alex", "Blair", "Casey", "Dana", "Eli", "Frankie", "Gray", "Harper", "Indy", "Jordan", "Kai", "Logan", "Morgan",
    "Noel", "Quinn", "Riley",
];
const LAST: [&str; 16] = [
    "Abbott", "Barker", "Carver", "Dalton", "Ellis", "Fenwick", "Garner", "Hollis", "Irving", "Jensen", "Keller",
    "Lowry", "Mercer", "Norris", "Oakley", "Porter",
];
const COMPANY: [&str; 16] = [
    "Alder", "Birch", "Cedar", "Dune", "Ember", "Fjord", "Granite", "Harbor", "Iris", "Juniper", "Kestrel", "Lumen",
    "Maple", "Nimbus", "Orchid", "Prairie",
];

impl Scrubber {
    /// Secrets removed, personal data replaced by deterministic fakes, no rules of yours:
    /// the default.
    pub fn new() -> Scrubber {
        Scrubber::default()
    }

    /// Keep e-mails, phone numbers, names and addresses as recorded (secrets are still
    /// removed): for a cassette that stays on your machine.
    pub fn keep_personal_data(mut self) -> Scrubber {
        self.keep_personal = true;
        self
    }

    /// Adds a rule of yours: called with the name and the value of every member of every
    /// JSON body (request and response, nested ones too), after the built-in scrubbing; it
    /// may rewrite the value. Rules run in the order they were added.
    pub fn rule(mut self, f: impl Fn(&str, &mut serde_json::Value) + Send + Sync + 'static) -> Scrubber {
        self.rules.push(Arc::new(f));
        self
    }

    /// Whether personal data is kept.
    pub(crate) fn keeps_personal_data(&self) -> bool {
        self.keep_personal
    }

    /// Scrubs a JSON body in place; `secrets` are replaced wherever they appear.
    pub(crate) fn json(&self, value: &mut Json, secrets: &[String]) {
        self.walk(value, None, secrets);
    }

    /// Scrubs query parameters in place, by their names like members.
    pub(crate) fn query(&self, pairs: &mut [(String, String)], secrets: &[String]) {
        for (name, value) in pairs {
            *value = match kind(&normalize(name), false) {
                Some(kind) => self.replace(kind, value),
                None => self.text(value, secrets),
            };
        }
    }

    /// A text with `secrets` replaced and, unless kept, every e-mail address in it faked.
    pub(crate) fn text(&self, text: &str, secrets: &[String]) -> String {
        let mut out = text.to_owned();
        for s in secrets.iter().filter(|s| !s.is_empty()) {
            if out.contains(s.as_str()) {
                out = out.replace(s.as_str(), REDACTED);
            }
        }
        if self.keep_personal { out } else { fake_emails_in(&out) }
    }

    /// The replacement of a value of `kind`.
    fn replace(&self, kind: Kind, value: &str) -> String {
        match kind {
            Kind::Secret => REDACTED.to_owned(),
            _ if self.keep_personal || uuid::Uuid::parse_str(value.trim()).is_ok() => value.to_owned(),
            kind => fake(kind, value),
        }
    }

    fn walk(&self, value: &mut Json, parent: Option<&str>, secrets: &[String]) {
        match value {
            Json::Object(members) => {
                let company = parent.is_some_and(|p| ["client", "partner", "msp", "company"].contains(&p))
                    || members.iter().any(|(k, _)| {
                        ["address", "billonbehalfofenabled", "selfserviceallowed"].contains(&normalize(k).as_str())
                    });
                for (name, member) in members.iter_mut() {
                    let normalized = normalize(name);
                    match (kind(&normalized, company), &mut *member) {
                        (Some(Kind::Secret), Json::Null) => {}
                        (Some(Kind::Secret), m) => *m = Json::String(REDACTED.to_owned()),
                        (Some(kind), Json::String(s)) => *s = self.replace(kind, s),
                        (_, m) => self.walk(m, Some(&normalized), secrets),
                    }
                    for rule in &self.rules {
                        let before = member.to_value();
                        let mut after = before.clone();
                        rule(name, &mut after);
                        if after != before {
                            *member = Json::from_value(&after);
                        }
                    }
                }
            }
            Json::Array(items) => items.iter_mut().for_each(|item| self.walk(item, parent, secrets)),
            Json::String(s) => *s = self.text(s, secrets),
            _ => {}
        }
    }
}

/// A member name in lower case without `_` and `-`.
fn normalize(name: &str) -> String {
    name.chars().filter(|c| !matches!(c, '_' | '-')).flat_map(char::to_lowercase).collect()
}

/// What a member named `name` (normalized) holds; `company`: it belongs to a company.
fn kind(name: &str, company: bool) -> Option<Kind> {
    const SECRET: [&str; 10] = [
        "authorization",
        "clientid",
        "clientsecret",
        "accesstoken",
        "refreshtoken",
        "idtoken",
        "token",
        "password",
        "apikey",
        "sharedsecret",
    ];
    Some(match name {
        n if SECRET.contains(&n) || n.ends_with("secret") || n.ends_with("password") => Kind::Secret,
        n if n.contains("email") => Kind::Email,
        n if (n.contains("phone") && !n.contains("code")) || n == "fax" || n == "mobile" => Kind::Phone,
        "firstname" | "middlename" => Kind::FirstName,
        "lastname" => Kind::LastName,
        "fullname" | "contactname" | "createdby" | "acceptedby" | "declinedby" => Kind::FullName,
        "companyname" | "partnername" | "parentpartnername" | "clientname" | "customername" | "accountname" => {
            Kind::Company
        }
        "name" if company => Kind::Company,
        "street" | "street1" | "street2" | "address1" | "address2" | "addressline1" | "addressline2" => Kind::Street,
        "postalcode" | "postcode" | "zip" | "zipcode" => Kind::PostalCode,
        "website" => Kind::Website,
        _ => return None,
    })
}

/// The fake of `value` as a `kind`: a function of the two alone.
fn fake(kind: Kind, value: &str) -> String {
    let original = match kind {
        Kind::Email | Kind::Website => value.trim().to_lowercase(),
        Kind::Phone => value.chars().filter(char::is_ascii_digit).collect(),
        _ => value.trim().to_owned(),
    };
    if original.is_empty() {
        return value.to_owned();
    }
    // SHA-256 by ring, rustls's crypto provider, already in every build.
    let digest =
        ring::digest::digest(&ring::digest::SHA256, format!("pax8 cassette fake\0{kind:?}\0{original}").as_bytes());
    let digest = digest.as_ref();
    let n = u64::from_be_bytes(digest[..8].try_into().expect("8 bytes"));
    let hex = |len: usize| {
        digest.iter().take(len.div_ceil(2)).map(|b| format!("{b:02x}")).collect::<String>()[..len].to_owned()
    };
    let pick = |list: &[&'static str], shift: u32| list[((n >> shift) % list.len() as u64) as usize];
    match kind {
        Kind::Secret => REDACTED.to_owned(),
        Kind::Email => format!("user-{}@example.com", hex(8)),
        Kind::Phone => format!("+1 555 {:03} {:04}", n % 1000, (n / 1000) % 10_000),
        Kind::FirstName => pick(&FIRST, 0).to_owned(),
        Kind::LastName => pick(&LAST, 8).to_owned(),
        Kind::FullName => format!("{} {}", pick(&FIRST, 0), pick(&LAST, 8)),
        Kind::Company => format!("{} Example {}", pick(&COMPANY, 0), hex(4)),
        Kind::Street => format!("{} Example Street", 100 + n % 900),
        Kind::PostalCode => format!("{:05}", n % 100_000),
        Kind::Website => format!("https://www.company-{}.example.com", hex(6)),
    }
}

/// `text` with every e-mail address (`local@domain.tld`) replaced by its fake.
fn fake_emails_in(text: &str) -> String {
    if !text.contains('@') {
        return text.to_owned();
    }
    let local = |c: char| c.is_ascii_alphanumeric() || "._%+-".contains(c);
    let domain = |c: char| c.is_ascii_alphanumeric() || ".-".contains(c);
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('@') {
        let start = rest[..at].rfind(|c: char| !local(c)).map_or(0, |i| i + 1);
        let end = at + 1 + rest[at + 1..].find(|c: char| !domain(c)).unwrap_or(rest.len() - at - 1);
        let host = rest[at + 1..end].trim_end_matches('.');
        let end = at + 1 + host.len();
        if start < at && host.contains('.') && !host.starts_with('.') {
            out.push_str(&rest[..start]);
            out.push_str(&fake(Kind::Email, &rest[start..end]));
        } else {
            out.push_str(&rest[..end]);
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scrub(s: &Scrubber, text: &str) -> String {
        let mut tree = Json::parse(text).unwrap();
        s.json(&mut tree, &["tok-123".to_owned()]);
        tree.compact()
    }

    #[test]
    fn secrets_go_personal_data_is_faked_the_rest_stays() {
        let body = r#"{"name":"Contoso","address":{"street":"1 Main St","city":"Denver","postalCode":"80202"},
            "phone":"303-555-1234","website":"contoso.com","id":"6b1f4a4e-8f4e-4b3a-9d8e-2b8c1f2a3b4c",
            "price":12.50,"status":"Active","authorization":"Basic abc","client_secret":"s","note":"mail jo@contoso.com, token tok-123",
            "contacts":[{"firstName":"Jo","lastName":"Doe","email":"Jo@Contoso.com","phoneCountryCode":"US"}]}"#;
        let out: serde_json::Value = serde_json::from_str(&scrub(&Scrubber::new(), body)).unwrap();
        let email = fake(Kind::Email, "jo@contoso.com");
        assert!(email.starts_with("user-") && email.ends_with("@example.com"), "{email}");
        assert_eq!(out["contacts"][0]["email"], email.as_str(), "e-mails compare in lower case");
        assert_eq!(out["note"], format!("mail {email}, token [scrubbed]"));
        assert_eq!(out["authorization"], "[scrubbed]");
        assert_eq!(out["client_secret"], "[scrubbed]");
        assert_eq!(out["name"], fake(Kind::Company, "Contoso").as_str());
        assert_ne!(out["name"], "Contoso");
        assert_eq!(out["address"]["city"], "Denver");
        assert_ne!(out["address"]["street"], "1 Main St");
        assert_ne!(out["phone"], "303-555-1234");
        assert_eq!(out["contacts"][0]["phoneCountryCode"], "US");
        assert_eq!(out["id"], "6b1f4a4e-8f4e-4b3a-9d8e-2b8c1f2a3b4c");
        assert_eq!(out["status"], "Active");
        assert!(scrub(&Scrubber::new(), body).contains("\"price\":12.50"), "numbers keep their text");

        let kept: serde_json::Value =
            serde_json::from_str(&scrub(&Scrubber::new().keep_personal_data(), body)).unwrap();
        assert_eq!(kept["contacts"][0]["email"], "Jo@Contoso.com");
        assert_eq!(kept["authorization"], "[scrubbed]");
    }

    #[test]
    fn fakes_are_deterministic_and_keep_integrity() {
        assert_eq!(fake(Kind::Company, "Contoso"), fake(Kind::Company, " Contoso "));
        assert_ne!(fake(Kind::Company, "Contoso"), fake(Kind::Company, "Fabrikam"));
        let s = Scrubber::new();
        let company = scrub(&s, r#"{"name":"Contoso","billOnBehalfOfEnabled":true}"#);
        let invoice = scrub(&s, r#"{"companyName":"Contoso","name":"Microsoft 365"}"#);
        let name = fake(Kind::Company, "Contoso");
        assert!(company.contains(&name) && invoice.contains(&name), "{company} {invoice}");
        assert!(invoice.contains("Microsoft 365"), "a name outside a company is kept");
    }

    #[test]
    fn emails_inside_texts_and_query_parameters() {
        assert_eq!(fake_emails_in("a@b"), "a@b");
        assert_eq!(fake_emails_in("@x.com and x@.com."), "@x.com and x@.com.");
        let f = fake(Kind::Email, "a.b+c@mail.example.org");
        assert_eq!(fake_emails_in("<a.b+c@mail.example.org>."), format!("<{f}>."));
        let mut q = vec![("email".to_owned(), "x@y.com".to_owned()), ("city".to_owned(), "Denver".to_owned())];
        Scrubber::new().query(&mut q, &[]);
        assert_eq!(q[0].1, fake(Kind::Email, "x@y.com"));
        assert_eq!(q[1].1, "Denver");
    }

    #[test]
    fn rules_of_the_user_run_last() {
        let s = Scrubber::new().rule(|name, v| {
            if name == "externalId" {
                *v = serde_json::json!("EXT");
            }
        });
        assert_eq!(scrub(&s, r#"{"externalId":"CUST-42","total":1.10}"#), r#"{"externalId":"EXT","total":1.10}"#);
    }
}
