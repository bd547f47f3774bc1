//! `rolecall healthcheck`: GET the liveness route, exit 0 on `200` and 1 otherwise. It is the
//! container HEALTHCHECK, because the runtime image has no shell, curl or wget.

use crate::env_names::DEFAULT_ADDR;
use crate::routes;
use reqwest::StatusCode;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::process::ExitCode;
use std::time::Duration;
use thiserror::Error;

/// Docker's own probe timeout is longer; answering within this keeps the verdict ours.
pub const TIMEOUT: Duration = Duration::from_secs(2);

#[derive(Debug, clap::Args)]
pub struct HealthcheckArgs {
    /// URL to probe [default: /healthz on ROLECALL_ADDR, else on 127.0.0.1:3000].
    #[arg(long, value_parser = parse_probe_url)]
    pub url: Option<String>,
}

/// `--url`: an http(s) URL with a host. A typo is the caller's to fix (exit 2, naming the
/// flag), not a server that is down (exit 1).
fn parse_probe_url(value: &str) -> Result<String, String> {
    super::http_url(value).ok_or_else(|| {
        format!(
            "'{value}' is not an http(s) URL, like http://127.0.0.1:3000{}",
            routes::HEALTHZ
        )
    })
}

#[derive(Debug, Error)]
pub enum HealthError {
    #[error("{url}: {}", crate::error_text::with_causes(error))]
    Request { url: String, error: reqwest::Error },
    #[error("{url}: HTTP {status}")]
    Status { url: String, status: StatusCode },
}

pub fn run(args: HealthcheckArgs) -> ExitCode {
    let url = args
        .url
        .unwrap_or_else(|| default_url(std::env::var("ROLECALL_ADDR").ok().as_deref()));
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => return super::fail(&error),
    };
    match runtime.block_on(check(&url, TIMEOUT)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => super::fail(&error),
    }
}

/// `Ok` only for a `200` within `timeout`; redirects are not followed (a 3xx is not healthy).
pub async fn check(url: &str, timeout: Duration) -> Result<(), HealthError> {
    let request_error = |error| HealthError::Request {
        url: url.to_owned(),
        error,
    };
    let client = reqwest::Client::builder()
        .timeout(timeout)
        .redirect(reqwest::redirect::Policy::none())
        // An HTTP_PROXY in the container's environment must not reroute a loopback probe.
        .no_proxy()
        .build()
        .map_err(request_error)?;
    let response = client.get(url).send().await.map_err(request_error)?;
    match response.status() {
        StatusCode::OK => Ok(()),
        status => Err(HealthError::Status {
            url: url.to_owned(),
            status,
        }),
    }
}

/// The liveness URL for a listen address. A wildcard bind (`0.0.0.0`, `::`) is probed on
/// loopback, which is where a probe inside the same container or host reaches it.
pub fn default_url(addr: Option<&str>) -> String {
    let addr = addr.unwrap_or(DEFAULT_ADDR);
    let host_port = match addr.parse::<SocketAddr>() {
        Ok(socket) => {
            let ip = match socket.ip() {
                IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
                IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
                ip => ip,
            };
            SocketAddr::new(ip, socket.port()).to_string()
        }
        // A host name (`localhost:3000`) is used as it is.
        Err(_) => addr.to_owned(),
    };
    format!("http://{host_port}{}", routes::HEALTHZ)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::Router;
    use axum::routing::get;
    use tokio::net::TcpListener;

    /// A server on 127.0.0.1:0 that answers the liveness route with `status`.
    async fn serve(status: StatusCode) -> SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let app = Router::new().route(routes::HEALTHZ, get(move || async move { status }));
        tokio::spawn(async move { axum::serve(listener, app).await });
        addr
    }

    #[tokio::test]
    async fn a_server_answering_200_is_healthy() {
        let addr = serve(StatusCode::OK).await;
        let url = default_url(Some(&addr.to_string()));
        assert!(check(&url, TIMEOUT).await.is_ok());
    }

    #[tokio::test]
    async fn a_server_answering_503_is_unhealthy() {
        let addr = serve(StatusCode::SERVICE_UNAVAILABLE).await;
        let url = default_url(Some(&addr.to_string()));
        let error = check(&url, TIMEOUT).await.unwrap_err();
        assert!(
            matches!(error, HealthError::Status { status, .. } if status == StatusCode::SERVICE_UNAVAILABLE)
        );
    }

    #[tokio::test]
    async fn a_closed_port_is_unhealthy() {
        // Bind, note the port, close it: nothing listens there any more.
        let port = TcpListener::bind("127.0.0.1:0")
            .await
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let url = format!("http://127.0.0.1:{port}{}", routes::HEALTHZ);
        let error = check(&url, TIMEOUT).await.unwrap_err();
        assert!(matches!(error, HealthError::Request { .. }), "{error}");
    }

    #[test]
    fn the_default_url_probes_healthz_on_the_listen_port_via_loopback() {
        let cases = [
            (None, "http://127.0.0.1:3000/healthz"),
            (Some("0.0.0.0:3000"), "http://127.0.0.1:3000/healthz"),
            (Some("[::]:8080"), "http://[::1]:8080/healthz"),
            (Some("127.0.0.2:9000"), "http://127.0.0.2:9000/healthz"),
            (Some("localhost:3000"), "http://localhost:3000/healthz"),
        ];
        for (addr, url) in cases {
            assert_eq!(default_url(addr), url, "{addr:?}");
        }
    }
}
