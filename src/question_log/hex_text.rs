//! [`LowerHex`]: a fixed number of lowercase hex characters held inline, for the log's ids
//! and hashes. A row is built on the request path and freed on the writer's thread, so
//! each string it does not allocate saves a malloc here and a cross-thread free there.

/// `N` characters, each `0-9` or `a-f`: checked when made, so reading it back as text
/// cannot fail.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct LowerHex<const N: usize>([u8; N]);

impl<const N: usize> LowerHex<N> {
    /// All `0`s.
    pub(crate) const ZERO: LowerHex<N> = LowerHex([b'0'; N]);

    /// The first `N / 2` bytes of `bytes`, two characters each.
    pub(crate) fn encode(bytes: &[u8]) -> LowerHex<N> {
        let mut text = [0u8; N];
        hex::encode_to_slice(&bytes[..N / 2], &mut text)
            .expect("N characters are two per byte of N / 2 bytes");
        LowerHex(text)
    }

    /// `value` if it is exactly `N` lowercase hex characters.
    pub(crate) fn parse(value: &str) -> Option<LowerHex<N>> {
        let text: [u8; N] = value.as_bytes().try_into().ok()?;
        text.iter()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(b))
            .then_some(LowerHex(text))
    }

    pub(crate) fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("hex digits are ASCII")
    }
}

/// Serialised as its text, like the `String`s the log's ids and hashes used to be.
impl<const N: usize> serde::Serialize for LowerHex<N> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<const N: usize> std::fmt::Debug for LowerHex<N> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.as_str().fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_lowercase_and_parses_only_what_it_encodes() {
        let hex = LowerHex::<8>::encode(&[0x00, 0xab, 0x12, 0xff, 0x77]);
        assert_eq!(hex.as_str(), "00ab12ff");
        assert_eq!(LowerHex::<8>::parse("00ab12ff"), Some(hex));
        for bad in ["00AB12FF", "00ab12f", "00ab12ff0", "00ab12fg", ""] {
            assert_eq!(LowerHex::<8>::parse(bad), None, "{bad}");
        }
    }
}
