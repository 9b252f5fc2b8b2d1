//! The smallest HTTP/1.1 server and client the receiver examples need, on the standard
//! library only: one request per connection, a `Content-Length` body, no TLS.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{Ipv4Addr, TcpStream};
use std::time::Duration;

/// Bodies larger than this are refused (deliveries and provision calls are small).
pub const MAX_BODY: usize = 1 << 20;
const MAX_HEAD: usize = 16 << 10;
pub const IO_TIMEOUT: Duration = Duration::from_secs(10);

/// One request: its method, headers (names as sent) and body.
pub struct Request {
    pub method: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Request {
    /// The value of header `name` (any case), if sent.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

pub fn invalid(what: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_owned())
}

/// Reads the request line, the headers and a `Content-Length` body (no chunked bodies).
pub fn read_request(stream: &TcpStream) -> std::io::Result<Request> {
    let mut reader = BufReader::new(stream.take((MAX_HEAD + MAX_BODY) as u64));
    let mut head_len = 0;
    let mut line = String::new();
    let mut read_line = |line: &mut String| -> std::io::Result<()> {
        line.clear();
        head_len += reader.read_line(line)?;
        if head_len > MAX_HEAD {
            return Err(invalid("request head too large"));
        }
        Ok(())
    };
    read_line(&mut line)?;
    let method = line.split_whitespace().next().ok_or_else(|| invalid("empty request"))?.to_owned();
    let (mut headers, mut length) = (Vec::new(), 0usize);
    loop {
        read_line(&mut line)?;
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':').ok_or_else(|| invalid("malformed header"))?;
        let value = value.trim();
        if name.eq_ignore_ascii_case("content-length") {
            length = value.parse().map_err(|_| invalid("bad Content-Length"))?;
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            return Err(invalid("chunked bodies are not supported"));
        }
        headers.push((name.to_owned(), value.to_owned()));
    }
    if length > MAX_BODY {
        return Err(invalid("body too large"));
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(Request { method, headers, body })
}

/// Answers `status` with a plain-text `text` and closes.
pub fn respond(stream: &mut TcpStream, status: u16, text: &str) -> std::io::Result<()> {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        405 => "Method Not Allowed",
        500 => "Internal Server Error",
        _ => "",
    };
    // One write: a client that reads the status line and closes never sees half an answer.
    let answer = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
        text.len()
    );
    stream.write_all(answer.as_bytes())?;
    stream.flush()
}

/// Posts `body` as JSON to `path` on the loopback `port` with one extra header; returns the
/// status answered.
pub fn post(port: u16, path: &str, header: (&str, &str), body: &str) -> std::io::Result<u16> {
    let mut stream = TcpStream::connect((Ipv4Addr::LOCALHOST, port))?;
    stream.set_read_timeout(Some(IO_TIMEOUT))?;
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n\
         {}: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        header.0,
        header.1,
        body.len()
    )?;
    stream.flush()?;
    let mut status_line = String::new();
    BufReader::new(stream).read_line(&mut status_line)?;
    status_line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).ok_or_else(|| invalid("no status in the answer"))
}
