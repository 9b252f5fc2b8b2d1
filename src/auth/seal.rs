//! Sealing of cache entries with XChaCha20-Poly1305 (feature `encrypted-cache`): the
//! encrypted file cache, and the Redis and memcached caches when a key is set.

use std::io;

use chacha20poly1305::aead::{Aead, Generate, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use zeroize::Zeroize;

use super::CachedToken;
use crate::error::{Error, Result};

/// The environment variable the key is read from.
pub(crate) const KEY_VAR: &str = "PAX8_TOKEN_CACHE_KEY";

/// What every sealed entry starts with: the format and its version.
const MAGIC: &[u8; 8] = b"pax8tc\x01\x00";
const NONCE_LEN: usize = 24;

/// What a sealed entry on a cache server that stores text starts with (the bytes follow in hex).
#[cfg(any(feature = "redis", feature = "memcached"))]
const TEXT_PREFIX: &str = "pax8sealed1:";

/// Seals and opens token entries under one 256-bit key. The key lives only inside the
/// cipher, which wipes it when dropped (`zeroize`); `Debug` never shows it.
#[derive(Clone)]
pub(crate) struct Sealer {
    cipher: XChaCha20Poly1305,
}

impl std::fmt::Debug for Sealer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("\"<redacted>\"")
    }
}

impl Sealer {
    /// A sealer with `key`; this copy of the key is wiped.
    pub(crate) fn new(mut key: [u8; 32]) -> Self {
        let cipher = XChaCha20Poly1305::new_from_slice(&key).expect("a 32-byte key");
        key.zeroize();
        Sealer { cipher }
    }

    /// A sealer with the key in `PAX8_TOKEN_CACHE_KEY` (64 hex digits or standard base64 of
    /// 32 bytes); a missing or malformed key is [`Error::Config`], which never repeats it.
    pub(crate) fn from_env() -> Result<Self> {
        let mut text = std::env::var(KEY_VAR).map_err(|_| Error::Config(format!("{KEY_VAR} is not set")))?;
        let key = parse_key(&text);
        text.zeroize();
        Ok(Self::new(key?))
    }

    fn aad(key: &str) -> Vec<u8> {
        [MAGIC.as_slice(), key.as_bytes()].concat()
    }

    /// `token` sealed for the cache key `key`: magic, a fresh random nonce, ciphertext.
    pub(crate) fn seal(&self, key: &str, token: &CachedToken) -> io::Result<Vec<u8>> {
        let nonce = XNonce::try_generate().map_err(|e| io::Error::other(format!("no random nonce: {e}")))?;
        let mut json = token.to_json();
        let sealed = self.cipher.encrypt(&nonce, Payload { msg: json.as_bytes(), aad: &Self::aad(key) });
        json.zeroize();
        let sealed = sealed.map_err(|_| io::Error::other("encryption failed"))?;
        Ok([MAGIC.as_slice(), nonce.as_slice(), &sealed].concat())
    }

    /// What [`seal`](Self::seal) sealed for `key`; `None` for anything else (another key,
    /// another cache key, a tampered or truncated entry, an unsound token).
    pub(crate) fn open(&self, key: &str, data: &[u8]) -> Option<CachedToken> {
        let rest = data.strip_prefix(MAGIC.as_slice())?;
        if rest.len() < NONCE_LEN {
            return None;
        }
        let (nonce, sealed) = rest.split_at(NONCE_LEN);
        let nonce = XNonce::try_from(nonce).ok()?;
        let mut json = self.cipher.decrypt(&nonce, Payload { msg: sealed, aad: &Self::aad(key) }).ok()?;
        let token = std::str::from_utf8(&json).ok().and_then(CachedToken::from_json);
        json.zeroize();
        token
    }

    /// [`seal`](Self::seal) as text, for cache servers that store strings.
    #[cfg(any(feature = "redis", feature = "memcached"))]
    pub(crate) fn seal_text(&self, key: &str, token: &CachedToken) -> io::Result<String> {
        let sealed = self.seal(key, token)?;
        let mut out = String::with_capacity(TEXT_PREFIX.len() + 2 * sealed.len());
        out.push_str(TEXT_PREFIX);
        for b in sealed {
            out.push_str(&format!("{b:02x}"));
        }
        Ok(out)
    }

    /// What [`seal_text`](Self::seal_text) wrote; `None` for anything else, a plaintext
    /// entry included (planted by someone who can write to the server but has no key).
    #[cfg(any(feature = "redis", feature = "memcached"))]
    pub(crate) fn open_text(&self, key: &str, text: &str) -> Option<CachedToken> {
        let hex = text.strip_prefix(TEXT_PREFIX)?.as_bytes();
        if hex.len() % 2 != 0 {
            return None;
        }
        let digit = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
        let bytes = hex.chunks(2).map(|p| Some(digit(p[0])? << 4 | digit(p[1])?)).collect::<Option<Vec<u8>>>()?;
        self.open(key, &bytes)
    }
}

/// 32 bytes from 64 hex digits or standard base64 (padding optional).
pub(crate) fn parse_key(text: &str) -> Result<[u8; 32]> {
    let text = text.trim();
    let mut bytes = if text.len() == 64 && text.bytes().all(|b| b.is_ascii_hexdigit()) {
        (0..32).map(|i| u8::from_str_radix(&text[2 * i..2 * i + 2], 16).ok()).collect()
    } else {
        base64_decode(text)
    };
    let key = bytes.as_deref().and_then(|b| <[u8; 32]>::try_from(b).ok());
    bytes.zeroize();
    key.ok_or_else(|| {
        Error::Config(format!("{KEY_VAR} must be 32 bytes as 64 hex digits or base64 (openssl rand -hex 32)"))
    })
}

fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let sextet = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let digits = text.trim_end_matches('=').bytes().map(sextet).collect::<Option<Vec<u8>>>()?;
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, d)| n | u32::from(*d) << (18 - 6 * i));
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: [u8; 32] = *b"0123456789abcdef0123456789abcdef";

    #[test]
    fn keys_read_as_hex_or_base64() {
        let hex = "30313233343536373839616263646566".repeat(2);
        assert_eq!(parse_key(&hex).unwrap(), KEY);
        assert_eq!(parse_key(&hex.to_uppercase()).unwrap(), KEY);
        let b64 = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
        assert_eq!(parse_key(b64).unwrap(), KEY);
        assert_eq!(parse_key(b64.trim_end_matches('=')).unwrap(), KEY);
        assert_eq!(base64_decode("aGVsbG8gd29ybGQ=").unwrap(), b"hello world");
        for bad in ["", "short", &hex[..62], "MDEyMzQ1Njc4OWFiY2RlZg==", "not base64 at all!!"] {
            let err = parse_key(bad).unwrap_err().to_string();
            assert!(err.contains("PAX8_TOKEN_CACHE_KEY"), "{err}");
            assert!(bad.is_empty() || !err.contains(bad), "the error repeats the value: {err}");
        }
    }

    #[cfg(any(feature = "redis", feature = "memcached"))]
    #[test]
    fn text_entries_open_only_with_the_key_and_the_cache_key() {
        let t = CachedToken::new("tok-sealed", time::OffsetDateTime::now_utc(), std::time::Duration::from_secs(60));
        let sealer = Sealer::new(KEY);
        let text = sealer.seal_text("k", &t).unwrap();
        assert!(text.starts_with("pax8sealed1:") && !text.contains("tok-sealed"), "{text}");
        assert_eq!(sealer.open_text("k", &text), Some(t.clone()));
        assert_eq!(sealer.open_text("j", &text), None, "another cache key");
        assert_eq!(Sealer::new([7; 32]).open_text("k", &text), None, "another key");
        assert_eq!(sealer.open_text("k", &t.to_json()), None, "a plaintext entry");
        assert_eq!(sealer.open_text("k", &text[..text.len() - 1]), None, "truncated");
        let mut flipped = text.clone().into_bytes();
        let last = flipped.len() - 1;
        flipped[last] = if flipped[last] == b'0' { b'1' } else { b'0' };
        assert_eq!(sealer.open_text("k", std::str::from_utf8(&flipped).unwrap()), None, "tampered");
        assert_eq!(sealer.open_text("k", "pax8sealed1:zz"), None);
    }
}
