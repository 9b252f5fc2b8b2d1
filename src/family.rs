//! The API families and the one table of what each is: where its paths live (host and
//! prefix), which token it needs, and how its lists page, sort and wrap their pages.
//!
//! The transport reads the host and prefix, the executor the audience, the pager the paging
//! and sorting, and the testing kit's listings the paging and envelope: all from this table.

/// The largest page the partner and webhooks APIs serve.
pub const MAX_PAGE_SIZE: u32 = 200;

/// The API families.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    /// The partner API: `/v1` on the API host.
    Partner,
    /// The webhooks API: `/api/v2` on the API host.
    Webhooks,
    /// The quoting API: `/v2` on the API host.
    Quoting,
    /// The vendor provisioning API: `/v2` on the API host, token audience `api://provisioning`.
    Provisioning,
    /// The vendor usage API: `/v2/usage` on the API host, token audience `api://usage`.
    VendorUsage,
    /// The undocumented portal API: `/p8p/api/v3` on the portal host.
    Portal,
    /// The API host root with no prefix: the path names its family itself (`/v1/...`,
    /// `/api/v2/...`), for [`Client::raw`](crate::Client::raw).
    Root,
    /// The OAuth token endpoint: the token URL itself (path empty); no bearer token, no
    /// rate limit, and safe to repeat although it is a POST.
    Token,
}

/// One row of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Spec {
    /// The path prefix of the family on its host.
    pub prefix: &'static str,
    /// The host the family lives on.
    pub host: Host,
    /// The token its requests carry; `None`: no bearer token (the token endpoint itself).
    pub audience: Option<Audience>,
    /// How its lists page and sort.
    pub paging: Paging,
    /// How its lists wrap a page.
    pub envelope: PageEnvelope,
}

/// The hosts a client knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Host {
    /// The API host (`base_url`).
    Api,
    /// The portal host (`portal_url`).
    Portal,
    /// The token URL, whole.
    Token,
}

/// Which token a family's requests carry: one token per audience, each fetched, cached and
/// refreshed on its own. The client's builder sets the audience string of each (defaults
/// below, in [`Audience::default_value`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Audience {
    /// The partner families (default `https://api.pax8.com`).
    Partner,
    /// The vendor provisioning API (default `api://provisioning`).
    Provisioning,
    /// The vendor usage API (default `api://usage`).
    Usage,
}

impl Audience {
    /// The position of this audience in the executor's providers (0, 1, 2).
    pub(crate) const fn index(self) -> usize {
        match self {
            Audience::Partner => 0,
            Audience::Provisioning => 1,
            Audience::Usage => 2,
        }
    }

    /// The audience string a token request names when the builder sets none.
    pub(crate) const fn default_value(self) -> &'static str {
        match self {
            Audience::Partner => "https://api.pax8.com",
            Audience::Provisioning => "api://provisioning",
            Audience::Usage => "api://usage",
        }
    }
}

/// How one API family pages and sorts its lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Paging {
    /// The query parameter of the page size: `size`, or `limit` on quoting.
    pub size_key: &'static str,
    /// The largest page size the family serves.
    pub max_size: u32,
    /// Between the sort field and its direction: `,` (`name,asc`) or `:` (`name:asc`).
    pub sort_separator: char,
}

/// How a list answer carries its paging metadata.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PageEnvelope {
    /// `{"content", "page": {"size", "totalElements", "totalPages", "number"}}`.
    Nested,
    /// `{"content", "number", "size", "totalElements", "totalPages"}`.
    #[allow(dead_code)] // the topic definitions: the pager reads either shape; the kit writes its own literally
    Flat,
}

/// `page`, `size` (1..=200), `sort=field,dir`.
const SIZE_COMMA: Paging = Paging { size_key: "size", max_size: MAX_PAGE_SIZE, sort_separator: ',' };

const PARTNER: Spec = Spec {
    prefix: "/v1",
    host: Host::Api,
    audience: Some(Audience::Partner),
    paging: SIZE_COMMA,
    envelope: PageEnvelope::Nested,
};
const WEBHOOKS: Spec = Spec {
    prefix: "/api/v2",
    // `sort=field:dir`.
    paging: Paging { sort_separator: ':', ..SIZE_COMMA },
    ..PARTNER
};
const QUOTING: Spec = Spec {
    prefix: "/v2",
    // `limit` instead of `size`.
    paging: Paging { size_key: "limit", ..SIZE_COMMA },
    ..PARTNER
};
const PROVISIONING: Spec = Spec { audience: Some(Audience::Provisioning), ..PARTNER_V2 };
const VENDOR_USAGE: Spec = Spec { prefix: "/v2/usage", audience: Some(Audience::Usage), ..PARTNER_V2 };
/// `/v2` with the partner's paging (`page`, `size`, `field,dir`): the vendor families.
const PARTNER_V2: Spec = Spec { prefix: "/v2", ..PARTNER };
const PORTAL: Spec = Spec { prefix: "/p8p/api/v3", host: Host::Portal, ..PARTNER };
const ROOT: Spec = Spec { prefix: "", ..PARTNER };
const TOKEN: Spec = Spec { prefix: "", host: Host::Token, audience: None, ..PARTNER };

impl Family {
    /// This family's row of the table.
    pub(crate) const fn spec(self) -> &'static Spec {
        match self {
            Family::Partner => &PARTNER,
            Family::Webhooks => &WEBHOOKS,
            Family::Quoting => &QUOTING,
            Family::Provisioning => &PROVISIONING,
            Family::VendorUsage => &VENDOR_USAGE,
            Family::Portal => &PORTAL,
            Family::Root => &ROOT,
            Family::Token => &TOKEN,
        }
    }

    /// The path prefix of this family on its host.
    pub(crate) const fn prefix(self) -> &'static str {
        self.spec().prefix
    }

    /// How this family's lists page and sort.
    pub(crate) const fn paging(self) -> Paging {
        self.spec().paging
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_matches_the_apis() {
        let row = |f: Family| (f.prefix(), f.paging().size_key, f.paging().sort_separator);
        assert_eq!(row(Family::Partner), ("/v1", "size", ','));
        assert_eq!(row(Family::Webhooks), ("/api/v2", "size", ':'));
        assert_eq!(row(Family::Quoting), ("/v2", "limit", ','));
        assert_eq!(row(Family::Provisioning), ("/v2", "size", ','));
        assert_eq!(row(Family::VendorUsage), ("/v2/usage", "size", ','));
        assert_eq!(Family::Provisioning.spec().audience, Some(Audience::Provisioning));
        assert_eq!(Family::VendorUsage.spec().audience, Some(Audience::Usage));
        assert_eq!(Audience::Provisioning.default_value(), "api://provisioning");
        assert_eq!(Audience::Usage.default_value(), "api://usage");
        let order = [Audience::Partner, Audience::Provisioning, Audience::Usage].map(Audience::index);
        assert_eq!(order, [0, 1, 2]);
        assert_eq!(Family::Portal.spec().host, Host::Portal);
        assert_eq!(Family::Token.spec().audience, None);
        assert!(
            [Family::Partner, Family::Webhooks, Family::Quoting, Family::Portal, Family::Root].iter().all(|f| f
                .spec()
                .audience
                == Some(Audience::Partner)
                && f.paging().max_size == 200)
        );
    }
}
