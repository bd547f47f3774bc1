//! The address `serve` listens on, as people write it: `127.0.0.1:3000`, `[::1]:3000`,
//! `0.0.0.0:3000`, or `localhost:3000`.

use std::net::{Ipv4Addr, SocketAddr};

/// Parses a listen address. `localhost` is loopback (127.0.0.1); any other host name is
/// refused rather than looked up, since a server binds an address of its own machine.
pub fn parse(text: &str) -> Result<SocketAddr, String> {
    if let Ok(addr) = text.parse() {
        return Ok(addr);
    }
    if let Some(port) = text.strip_prefix("localhost:") {
        let port: u16 = port
            .parse()
            .map_err(|_| format!("'{port}' is not a port (0-65535)"))?;
        return Ok(SocketAddr::from((Ipv4Addr::LOCALHOST, port)));
    }
    Err(
        "expected an IP address and a port, like 127.0.0.1:3000, 0.0.0.0:3000 or localhost:3000"
            .into(),
    )
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn addresses_are_read_as_written_and_localhost_is_loopback() {
        assert_eq!(
            parse("127.0.0.1:3000").unwrap().to_string(),
            "127.0.0.1:3000"
        );
        assert_eq!(parse("[::1]:8080").unwrap().to_string(), "[::1]:8080");
        assert_eq!(
            parse("localhost:3000").unwrap().to_string(),
            "127.0.0.1:3000"
        );
        assert!(parse("localhost:http").unwrap_err().contains("not a port"));
        for wrong in ["example.com:3000", "3000", "127.0.0.1", ""] {
            assert!(
                parse(wrong).unwrap_err().contains("like 127.0.0.1:3000"),
                "{wrong}"
            );
        }
    }
}
