//! An error's message with the causes its own message leaves out.
//!
//! Some libraries keep the reason in the source chain: tokio-postgres says "db error" and
//! keeps "password authentication failed for user ..." in its source; reqwest says "error
//! sending request" and keeps "connection refused". An operator needs the reason.

use std::error::Error;

/// The error's message, then each cause's message that is not already part of it.
pub fn with_causes(error: &(dyn Error + 'static)) -> String {
    let mut text = error.to_string();
    let mut cause = error.source();
    while let Some(inner) = cause {
        let said = inner.to_string();
        if !said.is_empty() && !text.contains(&said) {
            text = format!("{text}: {said}");
        }
        cause = inner.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt;

    #[derive(Debug)]
    struct Layer(&'static str, Option<Box<Layer>>);

    impl fmt::Display for Layer {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }
    }

    impl Error for Layer {
        fn source(&self) -> Option<&(dyn Error + 'static)> {
            self.1
                .as_deref()
                .map(|inner| inner as &(dyn Error + 'static))
        }
    }

    #[test]
    fn each_cause_is_told_once() {
        let error = Layer(
            "pool: creating a connection: db error",
            Some(Box::new(Layer(
                "db error",
                Some(Box::new(Layer("password authentication failed", None))),
            ))),
        );
        assert_eq!(
            with_causes(&error),
            "pool: creating a connection: db error: password authentication failed"
        );
    }
}
